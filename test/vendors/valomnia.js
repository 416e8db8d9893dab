// @ts-check
'use strict';
/**
 * Valomnia's profile (the Reference Customers node) for the shared suites (the fields every
 * profile has: test/vendors/index.js). Customer upsert by reference, as a form; a session from
 * Spring Security's form login.
 */
const { ReferenceCustomers } = require('../../dist/nodes/ReferenceCustomers/ReferenceCustomers.node.js');
const { ReferenceCustomersApi } = require('../../dist/credentials/ReferenceCustomersApi.credentials.js');
const { jsonReply } = require('../helpers/replies');
const { ABSENT, OPTIONS, accept, wire, field, goodText, emptyListBlank, isBlank, setPath } = require('../helpers/bad-input');

const EMAIL = 'fault-suite@valomnia.test';
const PASSWORD = 'V4lomnia-fault-suite-pw!';
const PREFIX = '/valomnia/api/v2.1/customers/reference/';
const user = (password) => ({ email: EMAIL, password, firstName: 'Fay', lastName: 'Ult' });

// ---------- valid parameters (bad input changes one field of these at a time) ----------

const base = () => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	reference: 'V-good',
	name: "Marie's Jewelry",
	additionalFields: {
		barcode: '3760000000017',
		isActive: true,
		categoryId: '2',
		isSubCustomer: false,
		parentCustomerId: '',
		billWithParent: false,
		customerSegmentationId: '1',
		userId: '2',
		isSameAddress: false,
		billing: { billingCountry: 'FR', billingCity: 'Nice', billingPostalCode: '06000', billingAddress: '1 Promenade', billingLat: 43.695, billingLng: 7.2654 },
		shipping: { country: 'France', city: 'Cannes', postalCode: '06400', address: '2 La Croisette', latitude: 43.5513, longitude: 7.0128 },
		email: 'contact@marie.test',
		phone: '+33400000000',
		mobile: '+33600000000',
		fax: '+33400000001',
		comment: 'Mornings',
		website: 'https://marie.test',
		creditLimit: 5000,
		dueDateConfigNumber: 7,
		dueDateConfigType: '1',
		taxNumber: 'FR40303265045',
		companyRegistrationNumber: '303265045',
		currency: 'EUR',
		paymentTypes: [7, 8],
		regionId: 3,
		onHold: true,
		onHoldReason: 'Unpaid invoice',
	},
	options: OPTIONS,
});

/** A form field of the base; an empty list (multiOptions) reads as "not set". */
const formField = (at, good, acceptValue) => field({ base, at, good, wire: wire.form(at.split('.').pop()), accept: emptyListBlank(acceptValue) });

const jsonParams = (jsonBody, options = OPTIONS) => ({ resource: 'customer', operation: 'upsert', inputMode: 'json', reference: 'J-1', jsonBody, options });

/** @type {import('./index').VendorProfile} */
const profile = {
	id: 'valomnia',
	vendorName: 'Valomnia',
	format: 'json',
	Node: ReferenceCustomers,
	Credential: ReferenceCustomersApi,
	credentialType: 'referenceCustomersApi',

	// ---------- sandbox and credential ----------

	configure(sb) {
		sb.configure({ valomnia: { users: [user(PASSWORD)] } });
	},
	credentialData(sb, extra = {}) {
		return { baseUrl: sb.baseUrl('valomnia'), apiVersion: 'v2.1', email: EMAIL, password: PASSWORD, ...extra };
	},
	/** The credential fields that hold an address (refused with a user:password@ in it). */
	urlFields: ['baseUrl'],
	secretField: 'password',
	acceptSecret(sb, secret) {
		sb.configure({ valomnia: { users: [user(secret)] } });
	},
	wrongCredential: { password: 'Valomnia-wrong-pw-33cc03' },
	/** The password and every session id issued so far. */
	secrets: (sb) => [PASSWORD, ...sb.state.valomnia.sessions.keys()],
	credentialTestScope: { vendor: 'valomnia', path: '/customerCategories' },
	/** Makes the sandbox end the sessions it issued: the next call logs in again. */
	expireLogin(sb) {
		sb.configure({ valomnia: { expireSessions: true } });
	},

	// ---------- valid parameters and items ----------

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

	// ---------- the requests ----------

	/** POST {base}/api/{version}/customers/reference/{reference}: one path segment, nothing after it. */
	isUpsert: (req) =>
		req.vendor === 'valomnia' && req.method === 'POST' && req.rawPath.startsWith(PREFIX) && !/[/?#]/.test(req.rawPath.slice(PREFIX.length)),
	/** Spring Security's form login, and the redirect it answers with. */
	isLogin: (req) =>
		req.vendor === 'valomnia' &&
		((req.method === 'POST' && req.rawPath === '/valomnia/j_spring_security_check') ||
			(req.method === 'GET' && req.rawPath.startsWith('/valomnia/login/'))),
	upsertScope: { vendor: 'valomnia', path: '/customers/reference/' },
	loginScope: { vendor: 'valomnia', path: '/j_spring_security_check' },
	/** The session login is sent once: a 503 or a lost connection there fails the item. */
	loginRetried: false,
	keyOf: (req) => decodeURIComponent(req.rawPath.slice(PREFIX.length)),
	pathPrefix: PREFIX,
	recordKeys: (sb) => [...sb.state.valomnia.customers.values()].map((r) => r.reference),

	// ---------- replies ----------

	malformedFault: { malformed: true },
	problems: {
		badBody: /Valomnia replied with a body that is not valid JSON/,
		htmlBody: /Valomnia replied with an HTML\/XML page instead of JSON/,
	},
	successReply: (key, extra = {}) => jsonReply(201, { id: 4711, reference: key, name: 'Shop', ...extra }),
	errorReply: (text) => jsonReply(400, { error: 'save_failed', error_description: text }),

	// ---------- bad input: every parameter, JSON mode, conditional rules ----------

	fields: [
		{
			...field({ base, at: 'reference', good: 'V-good', wire: wire.pathKey(PREFIX), accept: accept.text({ required: true }) }),
			key: true,
		},
		field({ base, at: 'name', good: 'ok', wire: wire.form('name'), accept: accept.text({ required: true }) }),
		...['barcode', 'email', 'phone', 'mobile', 'fax', 'comment', 'website', 'taxNumber', 'companyRegistrationNumber', 'onHoldReason'].map((name) =>
			formField(`additionalFields.${name}`, goodText(name), accept.text()),
		),
		...['billingCountry', 'billingCity', 'billingPostalCode', 'billingAddress'].map((name) => formField(`additionalFields.billing.${name}`, 'ok', accept.text())),
		...['country', 'city', 'postalCode', 'address'].map((name) => formField(`additionalFields.shipping.${name}`, 'ok', accept.text())),
		// isSubCustomer true needs a parent customer: refused naming both
		...['isActive', 'isSubCustomer', 'billWithParent', 'isSameAddress', 'onHold'].map((name) =>
			formField(`additionalFields.${name}`, false, (v) => (name === 'isSubCustomer' && v === true ? [] : accept.bool({ blank: [ABSENT], wire: String })(v))),
		),
		// the sandbox knows category 2, segmentation 1, user 2 and no parent customer
		...['categoryId', 'customerSegmentationId', 'userId', 'parentCustomerId'].map((name) =>
			formField(`additionalFields.${name}`, { categoryId: '2', customerSegmentationId: '1', userId: '2', parentCustomerId: '' }[name], (v) =>
				isBlank(v) ? [ABSENT] : Number.isInteger(v) ? [String(v)] : typeof v === 'string' && v.trim() !== '' ? [v.trim()] : [],
			),
		),
		formField('additionalFields.billing.billingLat', 1, accept.number({ min: -90, max: 90 })),
		formField('additionalFields.billing.billingLng', 1, accept.number({ min: -180, max: 180 })),
		formField('additionalFields.shipping.latitude', 1, accept.number({ min: -90, max: 90 })),
		formField('additionalFields.shipping.longitude', 1, accept.number({ min: -180, max: 180 })),
		formField('additionalFields.creditLimit', 10, accept.number()),
		// required here: the base sets a due date type (not read as blank when an empty list)
		field({
			base,
			at: 'additionalFields.dueDateConfigNumber',
			good: 7,
			wire: wire.form('dueDateConfigNumber'),
			accept: (v) => (isBlank(v) ? [] : accept.number({ min: 0, integer: true })(v)),
		}),
		formField('additionalFields.regionId', 3, accept.number({ min: 1, integer: true })),
		formField('additionalFields.dueDateConfigType', '1', accept.oneOf(['1', '2'], { normalize: (s) => s.trim() })),
		formField('additionalFields.currency', 'EUR', (v) =>
			isBlank(v) ? [ABSENT] : typeof v === 'string' && /^[A-Za-z]{3}$/.test(v.trim()) ? [v.trim().toUpperCase()] : [],
		),
		// ids in several shapes, sent as Valomnia's [{"id":7}]: only "refused or a valid list" is checked
		field({
			base,
			at: 'additionalFields.paymentTypes',
			good: [7],
			wire: wire.form('paymentTypes'),
			accept: () => (sent) =>
				sent === ABSENT ||
				(() => {
					const list = JSON.parse(sent);
					return Array.isArray(list) && list.every((e) => Number.isSafeInteger(e.id) && e.id >= 1);
				})(),
		}),
	],

	jsonMode: {
		params: jsonParams,
		body: { name: 'Shop', paymentTypes: [{ id: 7 }] },
		inside: ['', 'paymentTypes.0'],
		/** Sent as a form: the body does not arrive as given. */
		sentAsGiven: false,
	},

	conditional: [
		['Is Sub-Customer without a parent customer', 'parentCustomerId', setPath(base(), 'additionalFields.isSubCustomer', true)],
		['a due date type without due date days', 'dueDateConfigNumber', setPath(base(), 'additionalFields.dueDateConfigNumber', '')],
		['a JSON body with the reference in it', 'reference', jsonParams('{"name":"A","reference":"X"}')],
		['a JSON body without name', 'name', jsonParams('{"email":"a@b.c"}')],
	],

	// ---------- error provocations ----------

	echoSecrets(sb) {
		sb.configure({ valomnia: { echoCookieInErrors: true } });
	},
	provokeRefusal: {
		// every reference taken: 400 not_unique, repeating the Cookie header
		configure: (sb, items) => sb.configure({ valomnia: { reservedReferences: items.map((i) => i.key) } }),
	},
	/** The vendor repeats the session id alone (not as a cookie) in its errors. */
	bareEcho: {
		configure: (sb) => sb.configure({ valomnia: { echoSessionBareInErrors: true } }),
		issued: (sb) => [...sb.state.valomnia.sessions.keys()],
		shows: /\(session \[redacted\]\)/,
	},
	errorOutput: {
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			reference: '={{ $json.key }}',
			name: '={{ $json.name ?? "Café du Port" }}',
			additionalFields: { paymentTypes: '={{ $json.pt ?? [7] }}' },
			options: { concurrency: 1 },
		},
		items: [{ key: 'V-1' }, { key: 'V-2', pt: [999] }, { key: 'V-3', name: '' }, { key: 'V-4' }],
		refused: { httpCode: '404', message: /^Valomnia refused the request \(HTTP 404\): not_found: The payment type with the id 999/ },
		invalid: /Name \(name\) is required/,
	},

	// ---------- cases only this vendor has, run by the shared suites ----------

	cases: {
		faults: [
			{
				title: 'Valomnia: an upsert with an image (multipart) is resent whole after a drop and a 502',
				async run({ vendor, sb, within, runNode, newHelper, FAST, RUN_LIMIT_MS }) {
					vendor.configure(sb);
					const image = Buffer.alloc(300 * 1024, 7);
					image.set([0xff, 0xd8, 0xff, 0xe0]);
					sb.faults.set({ ...vendor.upsertScope, next: [{ drop: true }, { status: 502 }] });
					const result = await within(
						runNode({
							node: new vendor.Node(),
							credentialTypes: [new vendor.Credential()],
							credentialsHelper: newHelper(vendor, sb),
							parameters: { ...vendor.params(FAST), additionalFields: { imageFile: 'data' } },
							items: [
								{
									json: vendor.item(0, 'IMG'),
									binary: { data: { data: image.toString('base64'), fileName: 'logo.jpg', mimeType: 'image/jpeg' } },
								},
							],
						}),
						RUN_LIMIT_MS,
					);
					expect(result.error).toBeUndefined();
					const sent = sb.requests.filter(vendor.isUpsert);
					expect(sent.map((r) => r.status)).toEqual([null, 502, 201]);
					for (const r of sent) expect(Buffer.compare(r.multipart.files[0].data, image)).toBe(0);
					expect(vendor.recordKeys(sb)).toEqual(['IMG-0']);
				},
			},
		],
		redirects: [
			...[307, 302].map((status) => ({
				title: `Valomnia: a ${status} from the login to another host gives no session and sends no password there`,
				async run({ vendor, sb, foreign, runVendor, FAST, itemsFor, escapeRe, expectForeignUntouched }) {
					vendor.configure(sb);
					sb.faults.set({
						...vendor.loginScope,
						next: [{ status, headers: { location: `${foreign.url}/login/ajaxSuccess`, 'set-cookie': 'JSESSIONID=PLANTED; Path=/' } }],
					});
					const result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 2, 'VL'), continueOnFail: true });
					for (const item of result.items) {
						expect(item.json.error).toMatch(new RegExp(`Valomnia's login answered HTTP ${status}, a redirect to ${escapeRe(foreign.host)}; redirects to other hosts are not followed`));
					}
					expectForeignUntouched();
					expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
					expect(sb.requests.filter((r) => r.headers.cookie?.includes('PLANTED'))).toEqual([]);
				},
			})),
			{
				title: 'Valomnia: the dropdown loads do not follow a redirect',
				async run({ vendor, sb, foreign, newHelper, runLoadOptions, expectForeignUntouched }) {
					vendor.configure(sb);
					sb.faults.set({ vendor: 'valomnia', path: '/customerCategories', next: [{ status: 302, headers: { location: `${foreign.url}/api` } }] });
					const error = await runLoadOptions({
						node: new vendor.Node(),
						methodName: 'getCustomerCategories',
						credentialTypes: [new vendor.Credential()],
						credentialsHelper: newHelper(vendor, sb),
					}).then(
						() => undefined,
						(e) => e,
					);
					expect(error?.message).toMatch(/Could not load the customer categories from Valomnia: answered HTTP 302, a redirect to/);
					expectForeignUntouched();
				},
			},
		],
		logins: [
			{
				title: 'Valomnia with one session per user: no item fails because another login replaced its session',
				async run({ vendor, sb, within, newHelper, runVendor, FAST, itemsFor, loginCount }) {
					vendor.configure(sb);
					sb.configure({ valomnia: { singleSession: true, expireEvery: 60, unauthorizedStyle: 'redirect' } });
					const helper = newHelper(vendor, sb);
					await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'S0')], credentialsHelper: helper });
					// another client (an other execution, a person) logs in as the same user: our stored session ends
					const form = new URLSearchParams({ j_username: vendor.credentialData(sb).email, j_password: vendor.credentialData(sb).password });
					const other = await fetch(`${sb.baseUrl('valomnia')}/j_spring_security_check`, { method: 'POST', body: form, redirect: 'manual' });
					expect(other.status).toBe(302);
					sb.requests.length = 0;
					const items = itemsFor(vendor, 150, 'SS');
					const result = await within(
						runVendor(vendor, sb, { parameters: vendor.params({ ...FAST, concurrency: 5 }), items, credentialsHelper: helper }),
						60000,
					);
					expect(result.error).toBeUndefined();
					expect(result.items.every((i) => i.json.success)).toBe(true);
					const expiries = Math.floor(sb.state.valomnia.apiCalls / 60);
					// the replaced stored session, then one login per expiry
					expect(loginCount(vendor)).toBeLessThanOrEqual(1 + expiries + 1);
				},
			},
		],
	},

	// ---------- look-ups (test/lookups.test.js) ----------

	lookups: {
		get: {
			field: 'reference',
			params: (options = {}) => ({ resource: 'customer', operation: 'get', reference: '={{ $json.lookup }}', options }),
			lookupOf: (upserted) => upserted.key,
			unknown: 'NOBODY-1',
			isRequest: (req) => req.vendor === 'valomnia' && req.method === 'GET' && req.rawPath.startsWith(PREFIX),
		},
		/** Customer → Get Many with the documented wildcard reference filter. */
		search: {
			params: (prefix, paging, options = {}) => ({
				resource: 'customer',
				operation: 'getAll',
				filters: { reference: `${prefix}*` },
				...paging,
				options,
			}),
			isRequest: (req) => req.vendor === 'valomnia' && req.method === 'GET' && req.rawPath === '/valomnia/api/v2.1/customers',
		},
	},
};

module.exports = profile;
