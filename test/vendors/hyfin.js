// @ts-check
'use strict';
/**
 * Hyfin's profile for the shared suites (the fields every profile has: test/vendors/index.js).
 * Customer upsert (v3.1) and contact upsert (v4); one bearer token, in a header.
 */
const { Hyfin } = require('../../dist/nodes/Hyfin/Hyfin.node.js');
const { HyfinApi } = require('../../dist/credentials/HyfinApi.credentials.js');
const { jsonReply } = require('../helpers/replies');
const { ABSENT, OPTIONS, accept, wire, field, goodText } = require('../helpers/bad-input');

const TOKEN = 'hyfin-fault-suite-token-9Qz81c';
const UPSERT_PATHS = ['/hyfin/api/v3.1/site/site-1/customer/addUpdate', '/hyfin/api/v4/site/site-1/contact/addUpdate'];

// ---------- valid parameters (bad input changes one field of these at a time) ----------

const customer = () => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	external_id: 'H-good',
	first_name: 'Ann',
	last_name: 'Lee',
	additionalFields: {
		account_name: 'Acme',
		mobile_phone: '111-222-3333',
		email: 'ann@example.com',
		notes: 'Best customer',
		active: true,
		notification_options: { values: { notify_phone: true, notify_email: true } },
	},
	options: OPTIONS,
});
const contact = () => ({
	resource: 'contact',
	operation: 'upsert',
	inputMode: 'fields',
	_id: '',
	additionalFields: { first_name: 'Ann', last_name: 'Lee', display_name: 'Ann Lee', language: 'en' },
	emails: { email: [{ label: 'work', address: 'ann@example.com', is_primary: true }] },
	phone_numbers: { phone_number: [{ label: 'mobile', number: '333-444-5555', is_primary: true }] },
	addresses: {
		address: [
			{ label: 'billing', is_primary: true, address_line1: '1 Main St', address_line2: 'Suite 1', city: 'Naples', state_code: 'FL', zip_code: '34102' },
		],
	},
	options: OPTIONS,
});

const text = (at, path, opts) => field({ base: customer, at, good: goodText(at), wire: wire.json(path), accept: accept.text(opts) });
/** Hyfin names list entries as emails[0].address, or emails.0.address in its control-character check. */
const listNames = (bracket) => [bracket, bracket.replace(/\[(\d+)\]/g, '.$1'), bracket.replace(/\[(\d+)\]\./, '[$1].address.'), bracket.replace(/\[(\d+)\]\./, '.$1.address.')];
const contactText = (at, path, names, opts) =>
	field({ base: contact, at, good: goodText(at), names: names.flatMap(listNames), wire: wire.json(path), accept: accept.text(opts) });
const contactBool = (at, path, bracket) =>
	field({ base: contact, at, good: true, names: listNames(bracket), wire: wire.json(path), accept: accept.bool({ blank: [false, ABSENT] }) });

const jsonParams = (jsonBody, options = OPTIONS) => ({ resource: 'customer', operation: 'upsert', inputMode: 'json', jsonBody, options });

/** @type {import('./index').VendorProfile} */
const profile = {
	id: 'hyfin',
	vendorName: 'Hyfin',
	format: 'json',
	Node: Hyfin,
	Credential: HyfinApi,
	credentialType: 'hyfinApi',

	// ---------- sandbox and credential ----------

	configure(sb) {
		sb.configure({ hyfin: { tokens: [TOKEN] } });
	},
	credentialData(sb, extra = {}) {
		return {
			baseUrl: sb.baseUrl('hyfin'),
			siteId: 'site-1',
			accessToken: TOKEN,
			headerName: 'Authorization',
			headerPrefix: 'Bearer',
			...extra,
		};
	},
	/** The credential field that holds the secret, and how to make the sandbox accept another value. */
	/** The credential fields that hold an address (refused with a user:password@ in it). */
	urlFields: ['baseUrl'],
	secretField: 'accessToken',
	acceptSecret(sb, secret) {
		sb.configure({ hyfin: { tokens: [secret] } });
	},
	/** The token travels in a header: a test secret must be ASCII. */
	secretInHeader: true,
	/** A credential the sandbox refuses. */
	wrongCredential: { accessToken: 'hyfin-wrong-token-77aa01' },
	secrets: (sb) => [TOKEN, ...(sb.config.hyfin.tokens ?? [])],
	/** Where n8n's credential Test button sends its request. */
	credentialTestScope: { vendor: 'hyfin' },

	// ---------- valid parameters and items ----------

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

	// ---------- the requests ----------

	/** The customer (v3.1) and contact (v4) upserts: exactly the documented paths. */
	isUpsert: (req) => req.vendor === 'hyfin' && req.method === 'POST' && UPSERT_PATHS.includes(req.rawPath),
	isLogin: () => false,
	/** Fault scope that hits only the upsert calls. */
	upsertScope: { vendor: 'hyfin', path: '/customer/addUpdate' },
	loginScope: null,
	keyOf: (req) => req.json?.external_id,
	recordKeys: (sb) => [...sb.state.hyfin.customers.values()].map((r) => r.external_id),

	// ---------- replies ----------

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

	// ---------- bad input: every parameter, JSON mode, conditional rules ----------

	fields: [
		{ ...text('external_id', 'external_id', { required: true }), key: true },
		text('first_name', 'first_name', { required: true }),
		text('last_name', 'last_name', { required: true }),
		...['account_name', 'mobile_phone', 'email', 'notes'].map((name) => text(`additionalFields.${name}`, name, { blank: [ABSENT, ''] })),
		field({ base: customer, at: 'additionalFields.active', good: true, wire: wire.json('active'), accept: accept.bool() }),
		...['notify_phone', 'notify_email'].map((name) =>
			field({
				base: customer,
				at: `additionalFields.notification_options.values.${name}`,
				good: false,
				wire: wire.json(`notification_options.${name}`),
				accept: accept.bool({ blank: [false] }),
			}),
		),
		// contact: _id is the key of an update (body, not path); whitespace around it is trimmed
		{
			...field({
				base: contact,
				at: '_id',
				good: '',
				wire: wire.json('_id'),
				accept: (v) => (typeof v === 'string' ? (v.trim() === '' ? [ABSENT] : [v.trim()]) : accept.text()(v)),
			}),
			key: true,
		},
		...['first_name', 'last_name', 'display_name'].map((name) => contactText(`additionalFields.${name}`, name, [name], { blank: [ABSENT, ''] })),
		contactText('additionalFields.language', 'language', ['language'], { blank: [ABSENT, ''] }),
		contactText('emails.email.0.address', 'emails.0.address', ['emails[0].address'], { required: true }),
		contactText('emails.email.0.label', 'emails.0.label', ['emails[0].label'], { blank: [ABSENT, null] }),
		contactBool('emails.email.0.is_primary', 'emails.0.is_primary', 'emails[0].is_primary'),
		contactText('phone_numbers.phone_number.0.number', 'phone_numbers.0.number', ['phone_numbers[0].number'], { required: true }),
		contactText('phone_numbers.phone_number.0.label', 'phone_numbers.0.label', ['phone_numbers[0].label'], { blank: [ABSENT, null] }),
		contactBool('phone_numbers.phone_number.0.is_primary', 'phone_numbers.0.is_primary', 'phone_numbers[0].is_primary'),
		contactText('addresses.address.0.label', 'addresses.0.label', ['addresses[0].label'], { blank: [ABSENT, null] }),
		contactBool('addresses.address.0.is_primary', 'addresses.0.is_primary', 'addresses[0].is_primary'),
		...['address_line1', 'address_line2', 'city', 'state_code', 'zip_code'].map((name) =>
			contactText(`addresses.address.0.${name}`, `addresses.0.address.${name}`, [`addresses[0].${name}`], {}),
		),
	],

	/** JSON-body mode: the parameters, a valid body, the objects inside it a key can hide in. */
	jsonMode: {
		params: jsonParams,
		body: { external_id: 'J-1', first_name: 'Ann', last_name: 'Lee', notification_options: { notify_phone: false, notify_email: false } },
		inside: ['', 'notification_options'],
		/** The body arrives as JSON, exactly as given. */
		sentAsGiven: true,
	},

	/** Documented rules between fields: [what, the field the error names, parameters]. */
	conditional: [
		['Notify by Phone without a mobile phone', 'mobile_phone', { ...customer(), additionalFields: { notification_options: { values: { notify_phone: true } } } }],
		['Notify by Email without an email', 'email', { ...customer(), additionalFields: { notification_options: { values: { notify_email: true } } } }],
		['a contact e-mail entry without an address', 'emails[0].address', { ...contact(), emails: { email: [{ label: 'work', is_primary: true }] } }],
		['a contact phone entry without a number', 'phone_numbers[0].number', { ...contact(), phone_numbers: { phone_number: [{ label: 'mobile' }] } }],
		['a JSON contact with an empty _id', '_id', { resource: 'contact', operation: 'upsert', inputMode: 'json', jsonBody: '{"_id":"","first_name":"A"}', options: OPTIONS }],
		['a JSON customer without external_id', 'external_id', jsonParams('{"first_name":"A","last_name":"B"}')],
	],

	// ---------- error provocations ----------

	/** Makes the vendor repeat what it got (secrets included) in its errors. */
	echoSecrets(sb) {
		// Hyfin's sandbox has no echo switch: a 401 body that quotes the token, as a one-shot fault
		sb.faults.add({
			vendor: 'hyfin',
			next: [
				{
					status: 401,
					contentType: 'application/json',
					body: JSON.stringify({ success: false, errors: [`token Bearer ${TOKEN} is not valid`] }),
				},
			],
		});
	},
	/** Makes the vendor refuse the next upserts with a 4xx (with echoSecrets: repeating what it got). */
	provokeRefusal: {
		// the echo switch above is itself a 401 that quotes the token
		configure: () => {},
	},

	/**
	 * On Error (error-output suite): four items: a success, one the vendor refuses, one the node
	 * refuses before sending, another success.
	 */
	errorOutput: {
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			external_id: '={{ $json.key }}',
			first_name: 'Ada',
			last_name: 'Lovelace',
			additionalFields: { email: '={{ $json.email ?? "ada@example.com" }}' },
			options: { concurrency: 1 },
		},
		items: [{ key: 'H-1' }, { key: 'H-2', email: 'no-at-sign' }, { key: '' }, { key: 'H-4' }],
		refused: { httpCode: '400', message: /^Hyfin refused the request \(HTTP 400\): .*email/ },
		invalid: /External ID \(external_id\) is required/,
	},

	/** A create without a key (no _id: a new contact): resending could create a second record. */
	createWithoutKey: {
		what: 'a new contact (no _id)',
		params: (options) => ({
			resource: 'contact',
			operation: 'upsert',
			inputMode: 'fields',
			_id: '',
			additionalFields: { first_name: '={{ $json.first }}' },
			emails: {},
			phone_numbers: {},
			addresses: {},
			options,
		}),
		scope: { vendor: 'hyfin', path: '/contact/addUpdate' },
		isRequest: (req) => req.rawPath.includes('/contact/addUpdate'),
		createdNames: (sb) => [...sb.state.hyfin.contacts.values()].map((c) => c.first_name),
	},

	// ---------- cases only this vendor has, run by the shared suites ----------

	cases: {
		redirects: [
			{
				title: 'Hyfin with a custom token header: the token does not follow a 308',
				async run({ vendor, sb, foreign, newHelper, runVendor, FAST, expectForeignUntouched }) {
					vendor.configure(sb);
					sb.faults.set({ ...vendor.upsertScope, next: [{ status: 308, headers: { location: `${foreign.url}/api` } }] });
					const helper = newHelper(vendor, sb, { headerName: 'X-Hyfin-Key', headerPrefix: '' });
					const result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0)], credentialsHelper: helper, continueOnFail: true });
					expect(result.items[0].json.error).toMatch(/^Hyfin: answered HTTP 308/);
					expect(sb.requests.filter(vendor.isUpsert)[0].headers['x-hyfin-key']).toBeDefined();
					expectForeignUntouched();
				},
			},
		],
	},

	// ---------- look-ups (test/lookups.test.js) ----------

	lookups: {
		/** Customer → Get by Hyfin's _id: the id the upsert returned. */
		get: {
			field: '_id',
			params: (options = {}) => ({ resource: 'customer', operation: 'get', _id: '={{ $json.lookup }}', options }),
			lookupOf: (upserted) => upserted.id,
			unknown: '0123456789abcdef01234567',
			isRequest: (req) => req.vendor === 'hyfin' && req.method === 'GET',
		},
	},
};

module.exports = profile;
