// @ts-check
'use strict';
/**
 * Client Toolbox's profile (the Loyalty node) for the shared suites (the fields every profile has:
 * test/vendors/index.js). record_customer by code, as a form to one URL; the API key in the form;
 * XML replies unless asked for JSON. Its items may carry a customer's password and PIN (secrets).
 */
const { Loyalty } = require('../../dist/nodes/Loyalty/Loyalty.node.js');
const { LoyaltyApi } = require('../../dist/credentials/LoyaltyApi.credentials.js');
const { jsonReply, xmlEscape } = require('../helpers/replies');
const { ABSENT, OPTIONS, accept, wire, field, goodText, isBlankText, finite } = require('../helpers/bad-input');

// the sandbox's user (the doc's example user, with a key of our own: docs/vendors/clienttoolbox.md#customer-upsert)
const USER = 'john1970';
const KEY = 'ctb-fault-suite-key-5e1d77a0';
const ACCOUNT = 'greatwidgets';
const PATH = '/clienttoolbox';

/** record_customer edit by code: an upsert on `code`, every value from the item. */
function params(options = {}) {
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
}

// ---------- valid parameters (bad input changes one field of these at a time) ----------

const base = (options = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	code: 'L-good',
	card_number: '',
	additionalFields: {
		first_name: 'John',
		last_name: 'Doe',
		phone: '555-555-2455',
		email: 'john@example.com',
		custom_date: '1970-07-14',
		street1: '123 Main St.',
		street2: 'Apt 3G',
		city: 'Anytown',
		state: 'ZZ',
		postal_code: '55555',
		country: 'NZ',
		custom_field: 'note',
		customer_username: 'jdoe1970',
		customer_password: 'ilovecheese',
		customer_PIN: '1234',
	},
	customFields: { field: [{ number: 2, value: 'Single' }] },
	options: { ...OPTIONS, ...options },
});

const jsonParams = (jsonBody, options = OPTIONS) => ({ resource: 'customer', operation: 'upsert', inputMode: 'json', code: '', card_number: '', jsonBody, options });

/** @type {import('./index').VendorProfile} */
const profile = {
	id: 'clienttoolbox',
	vendorName: 'Client Toolbox',
	format: 'xml',
	Node: Loyalty,
	Credential: LoyaltyApi,
	credentialType: 'loyaltyApi',

	// ---------- sandbox and credential ----------

	configure(sb) {
		sb.configure({ clienttoolbox: { users: [{ user_id: USER, key: KEY, accounts: [ACCOUNT] }] } });
	},
	credentialData(sb, extra = {}) {
		return {
			endpoint: sb.baseUrl('clienttoolbox'),
			user_id: USER,
			user_password: KEY,
			account_id: ACCOUNT,
			keyPlacement: 'body',
			...extra,
		};
	},
	/** The credential fields that hold an address (refused with a user:password@ in it). */
	urlFields: ['endpoint'],
	secretField: 'user_password',
	acceptSecret(sb, secret) {
		sb.configure({ clienttoolbox: { users: [{ user_id: USER, key: secret, accounts: [ACCOUNT] }] } });
	},
	wrongCredential: { user_password: 'ctb-wrong-key-11dd04' },
	/** The API key (the customer password and PIN are the secrets suite's own values). */
	secrets: () => [KEY],
	credentialTestScope: { vendor: 'clienttoolbox' },
	/**
	 * The form fields n8n adds when it applies the credential: Validate Only shows the request
	 * before authentication, and never the credential.
	 */
	credentialFormFields: ['user_id', 'user_password', 'account_id'],

	// ---------- valid parameters and items ----------

	params,
	item(i, prefix = 'K') {
		return { key: `${prefix}-${i}`, first: `First ${i}` };
	},

	// ---------- the requests ----------

	/** One URL for every call; the form's type picks record_customer. */
	isUpsert: (req) => req.vendor === 'clienttoolbox' && req.method === 'POST' && req.rawPath === PATH && req.form?.type === 'record_customer',
	isLogin: () => false,
	upsertScope: { vendor: 'clienttoolbox', method: 'POST' },
	loginScope: null,
	keyOf: (req) => req.form?.code,
	recordKeys: (sb) => [...sb.state.clienttoolbox.customers.keys()],

	// ---------- replies ----------

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

	// ---------- bad input: every parameter, JSON mode, conditional rules ----------

	fields: [
		{
			...field({ base, at: 'code', good: 'L-good', wire: wire.form('code'), accept: accept.text({ trimBlank: true }) }),
			key: true,
		},
		field({ base, at: 'card_number', good: '1212', wire: wire.form('card_number'), accept: accept.text({ trimBlank: true }) }),
		...[
			'first_name',
			'last_name',
			'phone',
			'email',
			'street1',
			'street2',
			'city',
			'state',
			'postal_code',
			'country',
			'custom_field',
			'customer_username',
			'customer_password',
			'customer_PIN',
			'custom_date',
			'auto_add',
		].map((name) =>
			field({ base, at: `additionalFields.${name}`, good: name === 'custom_date' ? '1970-07-14' : goodText(name), wire: wire.form(name), accept: accept.text({ trimBlank: true }) }),
		),
		field({
			base,
			at: 'additionalFields.card_number_generate',
			good: 8,
			wire: wire.form('card_number_generate'),
			accept: (v) => {
				if (isBlankText(v)) return [ABSENT];
				const text = typeof v === 'string' ? v : finite(v) ? String(v) : undefined;
				return text !== undefined && /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 32 ? [text] : [];
			},
		}),
		field({ base, at: 'additionalFields.new_code', good: false, wire: wire.form('new_code'), accept: (v) => (v === true ? ['Yes'] : [ABSENT]) }),
		field({ base, at: 'additionalFields.send_no_email', good: false, wire: wire.form('send_no_email'), accept: (v) => (v === true ? ['true'] : [ABSENT]) }),
		field({ base, at: 'customFields.field.0.value', good: 'Single', names: ['custom_field_2'], wire: wire.form('custom_field_2'), accept: accept.text() }),
		// the number picks the field name: custom_field_<n>, n ≥ 2
		field({
			base,
			at: 'customFields.field.0.number',
			good: 2,
			names: ['custom_field_'],
			wire: (req) => Object.keys(req.form).find((k) => /^custom_field_\d+$/.test(k)) ?? ABSENT,
			accept: (v) => {
				const n = Number(v);
				return typeof v !== 'symbol' && Number.isInteger(n) && n >= 2 ? [`custom_field_${n}`] : [];
			},
		}),
		field({
			base: () => base({ replyFormat: 'json' }),
			at: 'options.callback',
			good: 'cb',
			wire: wire.form('callback'),
			accept: (v) => {
				const text = String(v ?? '').trim();
				if (text === '') return [ABSENT];
				return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(text) ? [text] : [];
			},
		}),
	],

	jsonMode: {
		params: jsonParams,
		body: { code: 'J-1', first_name: 'John' },
		inside: [''],
		/** Sent as a form: the body does not arrive as given. */
		sentAsGiven: false,
	},

	conditional: [
		['no customer field at all', 'customer fields', { ...base(), code: '', additionalFields: {}, customFields: {} }],
		['Generate Card Number with a card number', 'card_number_generate', { ...base(), card_number: '1212', additionalFields: { card_number_generate: 8 } }],
		['a callback with XML replies', 'callback', base({ callback: 'cb' })],
		['Condensed with XML replies', 'condensed', base({ condensed: true })],
		['custom field number 1', 'custom_field_##[0]', { ...base(), customFields: { field: [{ number: 1, value: 'x' }] } }],
		['a JSON body with the API key in it', 'user_password', jsonParams('{"code":"A","user_password":"x"}')],
	],

	/**
	 * Secrets an item may carry besides the credential: the customer's password and PIN. `params`
	 * takes them from the item's `pw` and `pin`; `names` is how an error names them; `jsonBodies`
	 * are JSON bodies with them that the node must refuse (not JSON, an unknown field, a wrong type).
	 */
	customerSecrets: {
		params: (p) => ({ ...p, additionalFields: { ...p.additionalFields, customer_password: '={{ $json.pw }}', customer_PIN: '={{ $json.pin }}' } }),
		names: /customer_password|customer_PIN/,
		jsonBodies: (pw, pin) => [
			`{"code":"J-1","customer_password":"${pw}",}`,
			`{"code":"J-1","customer_password":"${pw}","customer_PIN":"${pin}","no_such_field":"${pw}"}`,
			`{"code":"J-1","customer_password":{"p":"${pw}"},"customer_PIN":"${pin}"}`,
		],
	},

	// ---------- error provocations ----------

	echoSecrets(sb) {
		sb.configure({ clienttoolbox: { echoRequestInErrors: true } });
	},
	provokeRefusal: {
		// an undefined custom field: an error that quotes the whole request (API key, customer password, PIN)
		configure: (sb) => sb.configure({ clienttoolbox: { customFields: {} } }),
		params: (p) => ({ ...p, customFields: { field: [{ number: 9, value: 'x' }] } }),
	},
	errorOutput: {
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			code: '={{ $json.key }}',
			card_number: '',
			additionalFields: { first_name: 'Kim', custom_date: '={{ $json.born ?? "1970-07-14" }}' },
			customFields: { field: [{ number: 3, value: '={{ $json.seen ?? "2012.07.28 22:59:59" }}' }] },
			options: { concurrency: 1 },
		},
		items: [
			{ key: '4000000000000001' },
			{ key: '4000000000000002', seen: 'soon' },
			{ key: '4000000000000003', born: '14/07/1970' },
			{ key: '4000000000000004' },
		],
		refused: {
			httpCode: '200',
			message: /^Client Toolbox refused the request \(HTTP 200\): custom_field_3 must be a date \/ time stamp/,
		},
		invalid: /Custom Date \(custom_date\) must be a date as YYYY-MM-DD/,
	},

	/** A create without a key (no code, no card number): resending could create a second record. */
	createWithoutKey: {
		what: 'a customer without code or card number',
		params: (options) => ({ ...params(options), code: '' }),
		scope: { vendor: 'clienttoolbox' },
		isRequest: (req) => req.vendor === 'clienttoolbox',
		createdNames: (sb) => [...sb.state.clienttoolbox.customers.values()].map((c) => c.first_name),
	},

	// ---------- cases only this vendor has, run by the shared suites ----------

	cases: {
		faults: [
			{
				title: 'Client Toolbox with JSON replies: a cut-short JSON reply or an HTML page is a clear error',
				async run({ vendor, sb, runVendor, FAST, RUN_LIMIT_MS }) {
					vendor.configure(sb);
					sb.faults.set({ vendor: 'clienttoolbox', next: [{ malformed: true }, { html: true, status: 200 }] });
					const result = await runVendor(vendor, sb, {
						parameters: vendor.params({ ...FAST, replyFormat: 'json' }),
						items: [vendor.item(0, 'J'), vendor.item(1, 'J'), vendor.item(2, 'J')],
						continueOnFail: true,
						limitMs: RUN_LIMIT_MS,
					});
					expect(result.items.map((i) => i.json.success)).toEqual([false, false, true]);
					expect(result.items[0].json.error).toMatch(/^Client Toolbox refused the request \(HTTP 200\): unusable reply: /);
					expect(result.items[1].json.error).toMatch(vendor.problems.htmlBody);
					expect(vendor.recordKeys(sb)).toEqual(['J-2']);
				},
			},
		],
	},

	// ---------- look-ups (test/lookups.test.js) ----------

	lookups: {
		/** Customer → Get (customer_info) by the code the upsert sent. */
		get: {
			field: 'code',
			params: (options = {}) => ({ resource: 'customer', operation: 'get', findBy: 'code', code: '={{ $json.lookup }}', options }),
			lookupOf: (upserted) => upserted.id,
			unknown: 'NOBODY-1',
			isRequest: (req) => req.vendor === 'clienttoolbox' && req.form?.type === 'customer_info',
		},
		/** Customer → Search (customer_search): a partial first-name filter; the items' first names share the prefix. */
		search: {
			params: (prefix, paging, options = {}) => ({
				resource: 'customer',
				operation: 'search',
				filters: { first_name: prefix },
				...paging,
				options,
			}),
			isRequest: (req) => req.vendor === 'clienttoolbox' && req.form?.type === 'customer_search',
		},
	},
};

module.exports = profile;
