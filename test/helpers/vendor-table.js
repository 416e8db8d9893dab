'use strict';
/**
 * One entry per vendor node, for the cross-vendor suites (faults, bad input, secrets): how to
 * configure the sandbox, the credential, a factory of valid parameters + items, which sandbox
 * requests are the upsert (and which the login), how to count stored records, the reply format
 * and every secret a run may handle. Vendor-specific tests stay in test/<vendor>.test.js.
 */
const { runNode, createCredentialsHelper } = require('../harness');

const { Hyfin } = require('../../dist/nodes/Hyfin/Hyfin.node.js');
const { HyfinApi } = require('../../dist/credentials/HyfinApi.credentials.js');
const { Riverty } = require('../../dist/nodes/Riverty/Riverty.node.js');
const { RivertyApi } = require('../../dist/credentials/RivertyApi.credentials.js');
const { ReferenceCustomers } = require('../../dist/nodes/ReferenceCustomers/ReferenceCustomers.node.js');
const { ReferenceCustomersApi } = require('../../dist/credentials/ReferenceCustomersApi.credentials.js');
const { Loyalty } = require('../../dist/nodes/Loyalty/Loyalty.node.js');
const { LoyaltyApi } = require('../../dist/credentials/LoyaltyApi.credentials.js');

/** Fails (rejects) when `promise` takes longer than `ms`: a hanging run must fail the test, not jest. */
async function within(promise, ms, what = 'the run') {
	let timer;
	const limit = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hang)`)), ms);
	});
	try {
		return await Promise.race([promise, limit]);
	} finally {
		clearTimeout(timer);
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A one-shot sandbox fault that answers with this JSON (replacing the vendor's own reply). */
const jsonReply = (status, json) => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(json) });
const xmlEscape = (text) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

// ---------- Hyfin ----------

const HYFIN_TOKEN = 'hyfin-fault-suite-token-9Qz81c';
const HYFIN_PATHS = ['/hyfin/api/v3.1/site/site-1/customer/addUpdate', '/hyfin/api/v4/site/site-1/contact/addUpdate'];

const hyfin = {
	id: 'hyfin',
	vendorName: 'Hyfin',
	format: 'json',
	Node: Hyfin,
	Credential: HyfinApi,
	credentialType: 'hyfinApi',
	configure(sb) {
		sb.configure({ hyfin: { tokens: [HYFIN_TOKEN] } });
	},
	credentialData(sb, extra = {}) {
		return {
			baseUrl: sb.baseUrl('hyfin'),
			siteId: 'site-1',
			accessToken: HYFIN_TOKEN,
			headerName: 'Authorization',
			headerPrefix: 'Bearer',
			...extra,
		};
	},
	/** Customer upsert, every value from the item (so one parameter set serves N items). */
	params(options = {}) {
		return {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			external_id: '={{ $json.key }}',
			first_name: '={{ $json.first }}',
			last_name: 'Fault',
			additionalFields: {},
			options,
		};
	},
	item(i, prefix = 'K') {
		return { key: `${prefix}-${i}`, first: `First ${i}` };
	},
	/** The customer (v3.1) and contact (v4) upserts: exactly the documented paths. */
	isUpsert: (req) => req.vendor === 'hyfin' && req.method === 'POST' && HYFIN_PATHS.includes(req.rawPath),
	isLogin: () => false,
	/** Fault scope that hits only the upsert calls. */
	upsertScope: { vendor: 'hyfin', path: '/customer/addUpdate' },
	loginScope: null,
	keyOf: (req) => req.json?.external_id,
	recordKeys: (sb) => [...sb.state.hyfin.customers.values()].map((r) => r.external_id),
	/** A 200 whose body is cut in the middle. */
	malformedFault: { malformed: true },
	problems: {
		badBody: /Hyfin replied with a body that is not valid JSON/,
		htmlBody: /Hyfin replied with an HTML\/XML page instead of JSON/,
	},
	/** A success reply for `key` with `extra` data in it, as a one-shot fault that replaces the vendor's. */
	successReply: (key, extra = {}) => jsonReply(200, { success: true, action: 'updated', _id: 'a1b2c3d4e5f6a1b2c3d4e5f6', ...extra }),
	/** An error reply whose message is `text`. */
	errorReply: (text) => jsonReply(400, { success: false, errors: [text] }),
	/** The credential field that holds the secret, and how to make the sandbox accept another value. */
	secretField: 'accessToken',
	acceptSecret(sb, secret) {
		sb.configure({ hyfin: { tokens: [secret] } });
	},
	secrets: (sb) => [HYFIN_TOKEN, ...(sb.config.hyfin.tokens ?? [])],
	/** Sandbox switches that make the vendor repeat what it got (secrets included) in its errors. */
	echoSecrets(sb) {
		// Hyfin's sandbox has no echo switch: a 401 body that quotes the token, as a one-shot fault
		sb.faults.add({
			vendor: 'hyfin',
			next: [
				{
					status: 401,
					contentType: 'application/json',
					body: JSON.stringify({ success: false, errors: [`token Bearer ${HYFIN_TOKEN} is not valid`] }),
				},
			],
		});
	},
};

// ---------- Riverty ----------

const RIVERTY_OAUTH_CLIENT = 'riverty-fault-suite-client';
const RIVERTY_SECRET = 'riverty-fault-suite-s3cr3t-Wq';
const RIVERTY_CLIENT_ID = 1234;
const RIVERTY_PREFIX = `/riverty/customer/v1/clients/${RIVERTY_CLIENT_ID}/customers/`;

const riverty = {
	id: 'riverty',
	vendorName: 'Riverty',
	format: 'json',
	Node: Riverty,
	Credential: RivertyApi,
	credentialType: 'rivertyApi',
	configure(sb) {
		sb.configure({
			riverty: {
				oauthClients: [
					{ clientId: RIVERTY_OAUTH_CLIENT, clientSecret: RIVERTY_SECRET, rivertyClientIds: [RIVERTY_CLIENT_ID] },
				],
			},
		});
	},
	credentialData(sb, extra = {}) {
		return {
			environment: 'custom',
			baseUrl: sb.baseUrl('riverty', 'api'),
			tokenUrl: `${sb.baseUrl('riverty', 'identity')}/oauth/token`,
			audience: 'https://api.horizonafs.io',
			oauthClientId: RIVERTY_OAUTH_CLIENT,
			oauthClientSecret: RIVERTY_SECRET,
			clientId: RIVERTY_CLIENT_ID,
			...extra,
		};
	},
	params(options = {}) {
		return {
			resource: 'customer',
			operation: 'upsert',
			customerNumber: '={{ $json.key }}',
			reportAction: false,
			inputMode: 'fields',
			type: 'Person',
			person: { firstName: '={{ $json.first }}', lastName: 'Fault' },
			addressLine: 'Customer Street 1',
			additionalFields: { postalCode: '0002', countryCode: 'NO' },
			options,
		};
	},
	item(i, prefix = 'K') {
		return { key: `${prefix}-${i}`, first: `First ${i}` };
	},
	/** PUT {base}/v1/clients/{clientId}/customers/{customerNumber}: one path segment, nothing after it. */
	isUpsert: (req) =>
		req.vendor === 'riverty' &&
		req.method === 'PUT' &&
		req.rawPath.startsWith(RIVERTY_PREFIX) &&
		!/[/?#]/.test(req.rawPath.slice(RIVERTY_PREFIX.length)),
	isLogin: (req) => req.vendor === 'riverty' && req.method === 'POST' && req.rawPath === '/riverty/identity/oauth/token',
	upsertScope: { vendor: 'riverty', method: 'PUT' },
	loginScope: { vendor: 'riverty', path: '/identity/oauth/token' },
	/** The token request is resent on 429, 5xx and lost connections. */
	loginRetried: true,
	keyOf: (req) => decodeURIComponent(req.rawPath.slice(RIVERTY_PREFIX.length)),
	pathPrefix: RIVERTY_PREFIX,
	recordKeys: (sb) => [...sb.state.riverty.customers.values()].map((r) => r.customerNumber),
	malformedFault: { malformed: true },
	problems: {
		badBody: /Riverty answered HTTP 200 with a body that is not valid JSON/,
		htmlBody: /Riverty (replied|answered HTTP \d+) with an HTML\/XML page instead of JSON/,
	},
	successReply: (key, extra = {}) => jsonReply(200, { customerNumber: key, ...extra }),
	errorReply: (text) => jsonReply(400, { type: 'BusinessError', code: 'customer.invalid', message: text }),
	secretField: 'oauthClientSecret',
	acceptSecret(sb, secret) {
		sb.configure({
			riverty: { oauthClients: [{ clientId: RIVERTY_OAUTH_CLIENT, clientSecret: secret, rivertyClientIds: [RIVERTY_CLIENT_ID] }] },
		});
	},
	secrets: (sb) => [RIVERTY_SECRET, ...sb.state.riverty.issued],
	echoSecrets(sb) {
		sb.configure({ riverty: { echoAuthorizationInErrors: true } });
	},
};

// ---------- Valomnia (Reference Customers) ----------

const VALOMNIA_EMAIL = 'fault-suite@valomnia.test';
const VALOMNIA_PASSWORD = 'V4lomnia-fault-suite-pw!';
const VALOMNIA_PREFIX = '/valomnia/api/v2.1/customers/reference/';

const valomnia = {
	id: 'valomnia',
	vendorName: 'Valomnia',
	format: 'json',
	Node: ReferenceCustomers,
	Credential: ReferenceCustomersApi,
	credentialType: 'referenceCustomersApi',
	configure(sb) {
		sb.configure({ valomnia: { users: [{ email: VALOMNIA_EMAIL, password: VALOMNIA_PASSWORD, firstName: 'Fay', lastName: 'Ult' }] } });
	},
	credentialData(sb, extra = {}) {
		return { baseUrl: sb.baseUrl('valomnia'), apiVersion: 'v2.1', email: VALOMNIA_EMAIL, password: VALOMNIA_PASSWORD, ...extra };
	},
	params(options = {}) {
		return {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			reference: '={{ $json.key }}',
			name: '={{ $json.first }}',
			additionalFields: {},
			options,
		};
	},
	item(i, prefix = 'K') {
		return { key: `${prefix}-${i}`, first: `Shop ${i}` };
	},
	/** POST {base}/api/{version}/customers/reference/{reference}: one path segment, nothing after it. */
	isUpsert: (req) =>
		req.vendor === 'valomnia' &&
		req.method === 'POST' &&
		req.rawPath.startsWith(VALOMNIA_PREFIX) &&
		!/[/?#]/.test(req.rawPath.slice(VALOMNIA_PREFIX.length)),
	/** Spring Security's form login, and the redirect it answers with. */
	isLogin: (req) =>
		req.vendor === 'valomnia' &&
		((req.method === 'POST' && req.rawPath === '/valomnia/j_spring_security_check') ||
			(req.method === 'GET' && req.rawPath.startsWith('/valomnia/login/'))),
	upsertScope: { vendor: 'valomnia', path: '/customers/reference/' },
	loginScope: { vendor: 'valomnia', path: '/j_spring_security_check' },
	/** The session login is sent once: a 503 or a lost connection there fails the item. */
	loginRetried: false,
	keyOf: (req) => decodeURIComponent(req.rawPath.slice(VALOMNIA_PREFIX.length)),
	pathPrefix: VALOMNIA_PREFIX,
	recordKeys: (sb) => [...sb.state.valomnia.customers.values()].map((r) => r.reference),
	malformedFault: { malformed: true },
	problems: {
		badBody: /Valomnia replied with a body that is not valid JSON/,
		htmlBody: /Valomnia replied with an HTML\/XML page instead of JSON/,
	},
	successReply: (key, extra = {}) => jsonReply(201, { id: 4711, reference: key, name: 'Shop', ...extra }),
	errorReply: (text) => jsonReply(400, { error: 'save_failed', error_description: text }),
	secretField: 'password',
	acceptSecret(sb, secret) {
		sb.configure({ valomnia: { users: [{ email: VALOMNIA_EMAIL, password: secret, firstName: 'Fay', lastName: 'Ult' }] } });
	},
	secrets: (sb) => [VALOMNIA_PASSWORD, ...sb.state.valomnia.sessions.keys()],
	echoSecrets(sb) {
		sb.configure({ valomnia: { echoCookieInErrors: true } });
	},
};

// ---------- Client Toolbox (Loyalty) ----------

// the sandbox's user (seed 004's example user, with a key of our own)
const CTB_USER = 'john1970';
const CTB_KEY = 'ctb-fault-suite-key-5e1d77a0';
const CTB_ACCOUNT = 'greatwidgets';
const CTB_PATH = '/clienttoolbox';

const loyalty = {
	id: 'clienttoolbox',
	vendorName: 'Client Toolbox',
	format: 'xml',
	Node: Loyalty,
	Credential: LoyaltyApi,
	credentialType: 'loyaltyApi',
	configure(sb) {
		sb.configure({ clienttoolbox: { users: [{ user_id: CTB_USER, key: CTB_KEY, accounts: [CTB_ACCOUNT] }] } });
	},
	credentialData(sb, extra = {}) {
		return {
			endpoint: sb.baseUrl('clienttoolbox'),
			user_id: CTB_USER,
			user_password: CTB_KEY,
			account_id: CTB_ACCOUNT,
			keyPlacement: 'body',
			...extra,
		};
	},
	/** record_customer edit by code: an upsert on `code`. */
	params(options = {}) {
		return {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			code: '={{ $json.key }}',
			card_number: '',
			additionalFields: { first_name: '={{ $json.first }}' },
			customFields: {},
			options,
		};
	},
	item(i, prefix = 'K') {
		return { key: `${prefix}-${i}`, first: `First ${i}` };
	},
	/** One URL for every call; the form's type picks record_customer. */
	isUpsert: (req) =>
		req.vendor === 'clienttoolbox' && req.method === 'POST' && req.rawPath === CTB_PATH && req.form?.type === 'record_customer',
	isLogin: () => false,
	upsertScope: { vendor: 'clienttoolbox', method: 'POST' },
	loginScope: null,
	keyOf: (req) => req.form?.code,
	recordKeys: (sb) => [...sb.state.clienttoolbox.customers.keys()],
	/** XML cut in the middle, with HTTP 200 (the default reply format is XML). */
	malformedFault: {
		status: 200,
		contentType: 'text/xml; charset=utf-8',
		body: '<response status="success"><customer status="new"><code>12',
	},
	problems: {
		// XML cut short, or the sandbox's JSON cut short (rate-based faults)
		badBody: /Client Toolbox refused the request \(HTTP 200\): unusable reply: (XML that is not well-formed|a body that is neither XML nor JSON)/,
		htmlBody: /unusable reply: an HTML page instead of the API reply/,
	},
	/** Client Toolbox answers JSON when asked to; the node reads whatever format comes. */
	successReply: (key, extra = {}) => jsonReply(200, { status: 'success', customer: { status: 'update', code: key }, ...extra }),
	/** Its default format: XML, the text escaped as XML needs it. */
	errorReply: (text) => ({
		status: 200,
		contentType: 'text/xml; charset=utf-8',
		body: `<?xml version="1.0" encoding="UTF-8"?><response status="error"><error>${xmlEscape(text)}</error></response>`,
	}),
	secretField: 'user_password',
	acceptSecret(sb, secret) {
		sb.configure({ clienttoolbox: { users: [{ user_id: CTB_USER, key: secret, accounts: [CTB_ACCOUNT] }] } });
	},
	/** The API key, and the customer-facing password/PIN the bad-input and secrets suites send. */
	secrets: () => [CTB_KEY],
	echoSecrets(sb) {
		sb.configure({ clienttoolbox: { echoRequestInErrors: true } });
	},
};

const VENDORS = [hyfin, riverty, valomnia, loyalty];

/** A fresh credentials helper: one n8n instance with this vendor's credential stored. */
function newHelper(vendor, sb, extra = {}) {
	return createCredentialsHelper({
		credentials: { [vendor.credentialType]: vendor.credentialData(sb, extra) },
		credentialTypes: [new vendor.Credential()],
	});
}

/** Runs the vendor's node through n8n's engine, bounded in time. */
async function runVendor(vendor, sb, { parameters, items, continueOnFail = false, credentialsHelper, limitMs = 30000 }) {
	return await within(
		runNode({
			node: new vendor.Node(),
			credentialTypes: [new vendor.Credential()],
			credentialsHelper: credentialsHelper ?? newHelper(vendor, sb),
			parameters,
			items: items.map((json) => ({ json })),
			continueOnFail,
		}),
		limitMs,
		`${vendor.vendorName} run`,
	);
}

module.exports = { VENDORS, within, sleep, newHelper, runVendor };
