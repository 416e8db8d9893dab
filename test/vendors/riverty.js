// @ts-check
'use strict';
/**
 * Riverty's profile for the shared suites (the fields every profile has: test/vendors/index.js).
 * Customer upsert by PUT on the customer number; an OAuth token from the identity server.
 */
const { Riverty } = require('../../dist/nodes/Riverty/Riverty.node.js');
const { RivertyApi } = require('../../dist/credentials/RivertyApi.credentials.js');
const { jsonReply } = require('../helpers/replies');
const { ABSENT, OPTIONS, accept, wire, field, goodText, isBlankText } = require('../helpers/bad-input');

const OAUTH_CLIENT = 'riverty-fault-suite-client';
const SECRET = 'riverty-fault-suite-s3cr3t-Wq';
const CLIENT_ID = 1234;
const PREFIX = `/riverty/customer/v1/clients/${CLIENT_ID}/customers/`;

// ---------- valid parameters (bad input changes one field of these at a time) ----------

const person = (extra = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	customerNumber: 'R-good',
	reportAction: false,
	inputMode: 'fields',
	type: 'Person',
	person: { ssn: '02016126007', firstName: 'Tom', lastName: 'Customer' },
	company: {},
	addressLine: 'Customer Street 1',
	additionalFields: {
		addressLine2: 'c/o Kari',
		addressLine3: 'Floor 2',
		postalCode: '0002',
		postalPlace: 'CSTM',
		countryCode: 'NO',
		phoneNumber: '+4712345678',
		email: 'tom@example.no',
		existingCustomer: true,
		individualRiskScore: '3',
		...extra,
	},
	options: OPTIONS,
});
const company = () => ({
	...person(),
	type: 'Company',
	person: {},
	company: { name: 'Acme AS', organizationNumber: '987654321' },
	additionalFields: { postalCode: '0150', countryCode: 'NO' },
});

const jsonParams = (jsonBody, options = OPTIONS) => ({ resource: 'customer', operation: 'upsert', customerNumber: 'J-1', inputMode: 'json', jsonBody, options });

/** @type {import('./index').VendorProfile} */
const profile = {
	id: 'riverty',
	vendorName: 'Riverty',
	format: 'json',
	Node: Riverty,
	Credential: RivertyApi,
	credentialType: 'rivertyApi',

	// ---------- sandbox and credential ----------

	configure(sb) {
		sb.configure({
			riverty: {
				oauthClients: [{ clientId: OAUTH_CLIENT, clientSecret: SECRET, rivertyClientIds: [CLIENT_ID] }],
			},
		});
	},
	credentialData(sb, extra = {}) {
		return {
			environment: 'custom',
			baseUrl: sb.baseUrl('riverty', 'api'),
			tokenUrl: `${sb.baseUrl('riverty', 'identity')}/oauth/token`,
			...profile.account,
			...extra,
		};
	},
	/** The credential fields that hold an address (refused with a user:password@ in it). */
	urlFields: ['baseUrl', 'tokenUrl'],
	/** The credential's fixed values, for tests that look for them on the wire. */
	account: { audience: 'https://api.horizonafs.io', oauthClientId: OAUTH_CLIENT, oauthClientSecret: SECRET, clientId: CLIENT_ID },
	secretField: 'oauthClientSecret',
	acceptSecret(sb, secret) {
		sb.configure({
			riverty: { oauthClients: [{ clientId: OAUTH_CLIENT, clientSecret: secret, rivertyClientIds: [CLIENT_ID] }] },
		});
	},
	wrongCredential: { oauthClientSecret: 'riverty-wrong-secret-55bb02' },
	/** The client secret and every token issued so far. */
	secrets: (sb) => [SECRET, ...sb.state.riverty.issued],
	credentialTestScope: { vendor: 'riverty', path: '/customers/search' },
	/** Makes the sandbox refuse the tokens it issued (as expired): the next call logs in again. */
	expireLogin(sb) {
		sb.configure({ riverty: { expireTokens: true } });
	},

	// ---------- valid parameters and items ----------

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

	// ---------- the requests ----------

	/** PUT {base}/v1/clients/{clientId}/customers/{customerNumber}: one path segment, nothing after it. */
	isUpsert: (req) =>
		req.vendor === 'riverty' && req.method === 'PUT' && req.rawPath.startsWith(PREFIX) && !/[/?#]/.test(req.rawPath.slice(PREFIX.length)),
	isLogin: (req) => req.vendor === 'riverty' && req.method === 'POST' && req.rawPath === '/riverty/identity/oauth/token',
	upsertScope: { vendor: 'riverty', method: 'PUT' },
	loginScope: { vendor: 'riverty', path: '/identity/oauth/token' },
	/** The token request is resent on 429, 5xx and lost connections. */
	loginRetried: true,
	keyOf: (req) => decodeURIComponent(req.rawPath.slice(PREFIX.length)),
	/** The upsert key is the last path segment under this prefix. */
	pathPrefix: PREFIX,
	recordKeys: (sb) => [...sb.state.riverty.customers.values()].map((r) => r.customerNumber),

	// ---------- replies ----------

	malformedFault: { malformed: true },
	problems: {
		badBody: /Riverty answered HTTP 200 with a body that is not valid JSON/,
		htmlBody: /Riverty (replied|answered HTTP \d+) with an HTML\/XML page instead of JSON/,
	},
	successReply: (key, extra = {}) => jsonReply(200, { customerNumber: key, ...extra }),
	errorReply: (text) => jsonReply(400, { type: 'BusinessError', code: 'customer.invalid', message: text }),

	// ---------- bad input: every parameter, JSON mode, conditional rules ----------

	fields: [
		{
			...field({ base: person, at: 'customerNumber', good: 'R-good', wire: wire.pathKey(PREFIX), accept: accept.text({ required: true }) }),
			key: true,
		},
		// "Company" is a valid type: the base then has no Person-only fields
		field({
			base: () => person({ existingCustomer: undefined, individualRiskScore: undefined }),
			at: 'type',
			good: 'Person',
			wire: wire.json('type'),
			accept: accept.oneOf(['Person', 'Company'], { blank: [] }),
		}),
		...['ssn', 'firstName', 'lastName'].map((name) =>
			field({ base: person, at: `person.${name}`, good: 'ok', names: [`person.${name}`], wire: wire.json(`person.${name}`), accept: accept.text() }),
		),
		...['name', 'organizationNumber'].map((name) =>
			field({ base: company, at: `company.${name}`, good: 'ok', names: [`company.${name}`], wire: wire.json(`company.${name}`), accept: accept.text() }),
		),
		field({ base: person, at: 'addressLine', good: 'ok', names: ['address.addressLine'], wire: wire.json('address.addressLine'), accept: accept.text({ required: true }) }),
		...['addressLine2', 'addressLine3', 'postalCode', 'postalPlace'].map((name) =>
			field({ base: person, at: `additionalFields.${name}`, good: 'ok', names: [`address.${name}`], wire: wire.json(`address.${name}`), accept: accept.text() }),
		),
		field({
			base: person,
			at: 'additionalFields.countryCode',
			good: 'NO',
			names: ['address.countryCode'],
			wire: wire.json('address.countryCode'),
			accept: (v) => {
				if (isBlankText(v)) return [ABSENT];
				const code = typeof v === 'string' ? v.trim().toUpperCase() : undefined;
				return code !== undefined && /^[A-Z]{2}$/.test(code) ? [code] : [];
			},
		}),
		...['phoneNumber', 'email', 'individualRiskScore'].map((name) =>
			field({ base: person, at: `additionalFields.${name}`, good: goodText(name), wire: wire.json(name), accept: accept.text() }),
		),
		field({ base: person, at: 'additionalFields.existingCustomer', good: true, wire: wire.json('existingCustomer'), accept: accept.bool() }),
	],

	jsonMode: {
		params: jsonParams,
		body: { type: 'Person', person: { firstName: 'Tom' }, address: { addressLine: 'Customer Street 1', countryCode: 'NO' } },
		inside: ['', 'person', 'address'],
		sentAsGiven: true,
	},

	conditional: [
		['a Company with Existing Customer', 'existingCustomer', { ...company(), additionalFields: { existingCustomer: false } }],
		['a Company with an Individual Risk Score', 'individualRiskScore', { ...company(), additionalFields: { individualRiskScore: '2' } }],
		['a JSON Person with a company', 'company', jsonParams('{"type":"Person","company":{"name":"A"},"address":{"addressLine":"x"}}')],
		['a JSON Company with a person', 'person', jsonParams('{"type":"Company","person":{"firstName":"A"},"address":{"addressLine":"x"}}')],
		['a JSON body without address', 'Address Line (address.addressLine) is required', jsonParams('{"type":"Person"}')],
		['a JSON body without type', 'type', jsonParams('{"address":{"addressLine":"x"}}')],
		['a JSON address without addressLine', 'address.addressLine', jsonParams('{"type":"Person","address":{"postalCode":"1"}}')],
	],

	// ---------- error provocations ----------

	echoSecrets(sb) {
		sb.configure({ riverty: { echoAuthorizationInErrors: true } });
	},
	provokeRefusal: {
		// a stricter server: postalPlace required, answered with a 400 that repeats the Authorization header
		configure: (sb) => sb.configure({ riverty: { requiredAddressFields: ['addressLine', 'postalPlace'] } }),
	},
	/** The vendor repeats the token alone (not as a Bearer header nor a JWT) in its errors. */
	bareEcho: {
		configure: (sb) => sb.configure({ riverty: { echoTokenBareInErrors: true } }),
		issued: (sb) => sb.state.riverty.issued,
		shows: /token \[redacted\] may not do this/,
	},
	errorOutput: {
		configure: (sb) => sb.configure({ riverty: { requiredAddressFields: ['addressLine', 'postalCode'] } }),
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			customerNumber: '={{ $json.key }}',
			reportAction: false,
			inputMode: 'fields',
			type: 'Person',
			person: { firstName: 'Kari', lastName: 'Nordmann' },
			addressLine: '={{ $json.street ?? "Storgata 1" }}',
			additionalFields: { postalCode: '={{ $json.zip ?? "" }}', postalPlace: 'Oslo', countryCode: 'NO' },
			options: { concurrency: 1 },
		},
		items: [{ key: 'R-1', zip: '0155' }, { key: 'R-2' }, { key: 'R-3', zip: '0155', street: '' }, { key: 'R-4', zip: '0155' }],
		refused: { httpCode: '400', message: /^Riverty refused the request \(HTTP 400\): .*address\.postalCode/ },
		invalid: /Address Line \(address\.addressLine\) is required/,
	},

	// ---------- cases only this vendor has, run by the shared suites ----------

	cases: {
		faults: [
			{
				title: 'Riverty: the HEAD of "Report Added or Updated" is retried on 502 and a dropped connection',
				async run({ vendor, sb, runVendor, FAST, RUN_LIMIT_MS }) {
					vendor.configure(sb);
					sb.faults.set({ vendor: 'riverty', method: 'HEAD', next: [{ status: 502 }, { drop: true }] });
					const result = await runVendor(vendor, sb, {
						parameters: { ...vendor.params(FAST), reportAction: true },
						items: [vendor.item(0, 'HD'), vendor.item(1, 'HD')],
						limitMs: RUN_LIMIT_MS,
					});
					expect(result.error).toBeUndefined();
					expect(result.items.map((i) => i.json.action)).toEqual(['added', 'added']);
					const calls = sb.requests.filter((r) => r.vendor === 'riverty' && r.method !== 'POST').map((r) => `${r.method} ${r.status}`);
					expect(calls).toEqual(['HEAD 502', 'HEAD null', 'HEAD 404', 'PUT 200', 'HEAD 404', 'PUT 200']);
				},
			},
			{
				title: 'Riverty: one token is shared even when the first upsert is faulted and retried',
				async run({ vendor, sb, within, newHelper, runVendor, FAST, RUN_LIMIT_MS }) {
					vendor.configure(sb);
					sb.faults.set({ vendor: 'riverty', method: 'PUT', next: [{ status: 503, retryAfter: '0' }, { drop: true }] });
					const helper = newHelper(vendor, sb);
					const items = Array.from({ length: 10 }, (_, i) => vendor.item(i, 'TK'));
					const result = await within(
						runVendor(vendor, sb, { parameters: vendor.params({ ...FAST, concurrency: 5 }), items, credentialsHelper: helper }),
						RUN_LIMIT_MS,
					);
					expect(result.error).toBeUndefined();
					expect(sb.requests.filter(vendor.isLogin)).toHaveLength(1);
					expect(vendor.recordKeys(sb).sort()).toEqual(items.map((i) => i.key).sort());
				},
			},
		],
		redirects: [
			{
				title: "Riverty: a 307 on the token URL keeps client_secret home; no other host's token is used",
				async run({ vendor, sb, foreign, runVendor, FAST, itemsFor, escapeRe, expectForeignUntouched }) {
					vendor.configure(sb);
					sb.faults.set({ ...vendor.loginScope, next: [{ status: 307, headers: { location: `${foreign.url}/oauth/token` } }] });
					const result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 3, 'TK'), continueOnFail: true });
					expect(result.items).toHaveLength(3);
					for (const item of result.items) {
						expect(item.json.success).toBe(false);
						expect(item.json.error).toMatch(new RegExp(`Riverty's token endpoint answered HTTP 307, a redirect to ${escapeRe(foreign.host)}; redirects are not followed`));
					}
					expectForeignUntouched();
					// no customer call at all, and the refused login was not repeated per item
					expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
					expect(sb.requests.filter(vendor.isLogin)).toHaveLength(1);
				},
			},
			{
				title: 'Riverty: a redirect on the resend after a token renewal is not followed',
				async run({ vendor, sb, foreign, newHelper, runVendor, FAST, expectForeignUntouched }) {
					vendor.configure(sb);
					const helper = newHelper(vendor, sb);
					await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'R0')], credentialsHelper: helper });
					vendor.expireLogin(sb);
					// the first PUT reaches the sandbox (401, expired token); the resend gets the redirect
					sb.faults.set({ ...vendor.upsertScope, next: [{ delayMs: 1 }, { status: 307, headers: { location: `${foreign.url}/c` } }] });
					const result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(1, 'R1')], credentialsHelper: helper, continueOnFail: true });
					expect(result.items[0].json.error).toMatch(/^Riverty: answered HTTP 307, a redirect to/);
					expect(sb.requests.filter(vendor.isLogin)).toHaveLength(2);
					expectForeignUntouched();
				},
			},
		],
	},

	// ---------- look-ups (test/lookups.test.js) ----------

	lookups: {
		get: {
			field: 'customerNumber',
			params: (options = {}) => ({ resource: 'customer', operation: 'get', customerNumber: '={{ $json.lookup }}', options }),
			lookupOf: (upserted) => upserted.key,
			unknown: 'NOBODY-1',
			isRequest: (req) => req.vendor === 'riverty' && req.method === 'GET' && req.rawPath.startsWith(PREFIX),
		},
		/** Customer → Search on the customer number column ("contains"): the upserted keys share the prefix. */
		search: {
			params: (prefix, paging, options = {}) => ({
				resource: 'customer',
				operation: 'search',
				searchColumn: 'customerNumber',
				searchValue: prefix,
				...paging,
				options,
			}),
			isRequest: (req) => req.vendor === 'riverty' && req.method === 'POST' && req.rawPath.endsWith('/customers/search'),
		},
	},
};

module.exports = profile;
