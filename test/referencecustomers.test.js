'use strict';
/**
 * The Valomnia (Reference Customers) node, run by n8n's own execution engine (test/harness)
 * against the stateful Valomnia sandbox on 127.0.0.1 (session login, upsert by reference,
 * list endpoints). Each test reads as what a workflow builder would see.
 */
const crypto = require('crypto');

const { runNode, runLoadOptions, testCredential, createCredentialsHelper } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { findLeaks } = require('./helpers/secrets');
const { ReferenceCustomers } = require('../dist/nodes/ReferenceCustomers/ReferenceCustomers.node.js');
const { ReferenceCustomersApi } = require('../dist/credentials/ReferenceCustomersApi.credentials.js');
const { readLoginReply, valomniaBaseUrl, valomniaApiUrl } = require('../dist/nodes/ReferenceCustomers/session.js');

const EMAIL = 'orders@marie-jewelry.test';
const PASSWORD = 'V4lomnia-S3cret-pw!';
const MB2 = 2 * 1024 * 1024;

// everything a user could see in this file's runs, checked for secrets at the end
const visible = [];
const sessionIds = new Set();

// before the sandbox's reset: the sessions of the test that just ran
beforeEach(() => rememberSessions());
const sb = useSandbox({
	configure: (sandbox) => sandbox.configure({ valomnia: { users: [{ email: EMAIL, password: PASSWORD, firstName: 'Marie', lastName: 'Martin' }] } }),
});

function rememberSessions() {
	if (sb?.state?.valomnia) for (const id of sb.state.valomnia.sessions.keys()) sessionIds.add(id);
}

const credentialData = (extra = {}) => ({
	baseUrl: sb.baseUrl('valomnia'),
	apiVersion: 'v2.1',
	email: EMAIL,
	password: PASSWORD,
	...extra,
});

const newHelper = (extra) =>
	createCredentialsHelper({
		credentials: { referenceCustomersApi: credentialData(extra) },
		credentialTypes: [new ReferenceCustomersApi()],
	});

const params = (overrides = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	reference: '={{ $json.reference }}',
	name: '={{ $json.name }}',
	additionalFields: {},
	options: {},
	...overrides,
});

async function run(args) {
	const result = await runNode({
		node: new ReferenceCustomers(),
		credentialsHelper: args.credentialsHelper ?? newHelper(),
		items: [{ json: { reference: 'NC-3', name: "Marie's Jewelry" } }],
		parameters: params(),
		...args,
	});
	visible.push(result);
	return result;
}

const valomnia = () => sb.requests.filter((r) => r.vendor === 'valomnia');
const upserts = () => valomnia().filter((r) => r.method === 'POST' && r.path.includes('/customers/reference/'));
const logins = () => sb.state.valomnia.stats.logins;

function jpeg(size) {
	const data = crypto.randomBytes(size);
	data[0] = 0xff;
	data[1] = 0xd8;
	data[2] = 0xff;
	data[3] = 0xe0;
	// bytes that look like a multipart boundary start, to prove the parser and the sender agree
	data.write('\r\n--not-a-boundary\r\n', 100, 'latin1');
	return data;
}
const binaryItem = (json, data, fileName, mimeType) => ({
	json,
	binary: { data: { data: data.toString('base64'), fileName, mimeType } },
});

// every form parameter of docs/vendors/valomnia.md#customer-upsert, with the doc's sample values where it has them
const SEED_FIELDS = {
	barcode: '3760000000017',
	isActive: true,
	categoryId: 2,
	isSubCustomer: false,
	billWithParent: false,
	customerSegmentationId: 1,
	userId: '2',
	isSameAddress: false,
	billing: {
		billingCountry: 'FR',
		billingCity: 'Nice',
		billingPostalCode: '06000',
		billingAddress: '1 Promenade des Anglais',
		billingLat: 43.695,
		billingLng: 7.2654,
	},
	shipping: {
		country: 'France',
		city: 'Cannes',
		postalCode: '06400',
		address: '2 La Croisette',
		latitude: 43.5513,
		longitude: 7.0128,
	},
	email: 'contact@marie-jewelry.test',
	phone: '+33400000000',
	mobile: '+33600000000',
	fax: '+33400000001',
	comment: 'Prefers morning visits',
	website: 'https://marie-jewelry.test',
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
};
// what Valomnia must receive for SEED_FIELDS, in the doc's parameter order
const SEED_FORM = [
	['name', "Marie's Jewelry"],
	['barcode', '3760000000017'],
	['isActive', 'true'],
	['categoryId', '2'],
	['isSubCustomer', 'false'],
	['billWithParent', 'false'],
	['customerSegmentationId', '1'],
	['userId', '2'],
	['isSameAddress', 'false'],
	['billingCountry', 'FR'],
	['billingCity', 'Nice'],
	['billingPostalCode', '06000'],
	['billingAddress', '1 Promenade des Anglais'],
	['billingLat', '43.695'],
	['billingLng', '7.2654'],
	['country', 'France'],
	['city', 'Cannes'],
	['postalCode', '06400'],
	['address', '2 La Croisette'],
	['latitude', '43.5513'],
	['longitude', '7.0128'],
	['email', 'contact@marie-jewelry.test'],
	['phone', '+33400000000'],
	['mobile', '+33600000000'],
	['fax', '+33400000001'],
	['comment', 'Prefers morning visits'],
	['website', 'https://marie-jewelry.test'],
	['creditLimit', '5000'],
	['dueDateConfigNumber', '7'],
	['dueDateConfigType', '1'],
	['taxNumber', 'FR40303265045'],
	['companyRegistrationNumber', '303265045'],
	['currency', 'EUR'],
	['paymentTypes', '[{"id":7},{"id":8}]'],
	['regionId', '3'],
	['onHold', 'true'],
	['onHoldReason', 'Unpaid invoice'],
];

describe('Valomnia credential (session cookie)', () => {
	test('the login posts j_username, j_password and ajax=true as a form, and the session cookie goes with every call', async () => {
		const result = await run({});
		expect(result.error).toBeUndefined();
		const [login, upsert] = valomnia();
		expect(login.method).toBe('POST');
		expect(login.path).toBe('/j_spring_security_check');
		expect(login.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(login.form).toEqual({ j_username: EMAIL, j_password: PASSWORD, ajax: 'true' });
		const [session] = sb.state.valomnia.sessions.keys();
		expect(upsert.headers.cookie).toBe(`JSESSIONID=${session}`);
		expect(upsert.headers['x-requested-with']).toBe('XMLHttpRequest');
		expect(result.credentialsHelper.getStoredData('referenceCustomersApi').sessionId).toBe(session);
	});

	test('a run logs in once, however many items it sends in parallel', async () => {
		const items = Array.from({ length: 8 }, (_, i) => ({ json: { reference: `R-${i}`, name: `Shop ${i}` } }));
		const result = await run({ items, parameters: params({ options: { concurrency: 8 } }) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.action)).toEqual(Array(8).fill('added'));
		expect(logins()).toBe(1);
		expect(result.credentialsHelper.preAuthenticationCalls).toBe(1);
	});

	test('the next run reuses the stored session: no new login', async () => {
		const helper = newHelper();
		await run({ credentialsHelper: helper, parameters: params() });
		await run({ credentialsHelper: helper, parameters: params(), items: [{ json: { reference: 'NC-4', name: 'B' } }] });
		expect(logins()).toBe(1);
		expect(upserts()).toHaveLength(2);
	});

	test('a login answered directly with the ajaxSuccess JSON (no redirect) works as well', async () => {
		sb.configure({ valomnia: { loginStyle: 'json' } });
		const result = await run({ parameters: params() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.action).toBe('added');
	});

	test('the credential test logs in and reads one customer category', async () => {
		const ok = await testCredential({ credentialType: new ReferenceCustomersApi(), data: credentialData() });
		expect(ok).toEqual({ status: 'OK', message: 'Connection successful!' });
		const read = valomnia().find((r) => r.method === 'GET');
		expect(read.path).toBe('/api/v2.1/customerCategories?max=1');
	});

	test('the credential test with a wrong password says the login was refused, without the password', async () => {
		const bad = 'Wrong-Pa55word-xyz';
		const result = await testCredential({ credentialType: new ReferenceCustomersApi(), data: credentialData({ password: bad }) });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused the e-mail or password/);
		expect(result.message).not.toContain(bad);
		expect(sb.state.valomnia.stats.failedLogins).toBe(1);
	});

	test('a base URL given as a bare host with /api/v2.1 and a version without "v" still reach the right URLs', async () => {
		// the sandbox is plain http, so only the trailing parts can be tested here
		const result = await run({
			credentialsHelper: newHelper({ baseUrl: `${sb.baseUrl('valomnia')}/api/v2.1/`, apiVersion: '2.1' }),
			parameters: params(),
		});
		expect(result.error).toBeUndefined();
		expect(valomnia()[0].path).toBe('/j_spring_security_check');
		expect(upserts()[0].path).toBe('/api/v2.1/customers/reference/NC-3');
	});

	test('a run with a wrong password fails with a clear message and sends no upsert', async () => {
		const result = await run({ credentialsHelper: newHelper({ password: 'nope-nope-nope' }), parameters: params() });
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(/Valomnia refused the e-mail or password/);
		expect(upserts()).toHaveLength(0);
	});
});

describe('Reading the login reply (the shapes a Spring Security login can take)', () => {
	const reply = (statusCode, headers = {}, body = '') => ({ statusCode, headers, body });

	test('a redirect to /login/ajaxSuccess with Set-Cookie gives the last JSESSIONID set', () => {
		const headers = {
			location: 'https://agro.valomnia.com/login/ajaxSuccess',
			'set-cookie': ['JSESSIONID=OLD1; Path=/; HttpOnly', 'lang=fr; Path=/', 'JSESSIONID=NEW2; Path=/; HttpOnly'],
		};
		expect(readLoginReply(reply(302, headers))).toBe('NEW2');
	});

	test('a 200 with the ajaxSuccess JSON gives its token', () => {
		expect(readLoginReply(reply(200, {}, '{"success":true,"token":"TOKEN3","user":{}}'))).toBe('TOKEN3');
	});

	test.each([
		['a redirect to /login/authfail', reply(302, { location: '/login/authfail?ajax=true', 'set-cookie': 'JSESSIONID=ANON; Path=/' })],
		['a redirect with login_error', reply(302, { location: '/login/auth?login_error=1', 'set-cookie': 'JSESSIONID=ANON' })],
		['the authfail JSON', reply(200, {}, '{"error":"Sorry, we were not able to find a user with that username and password."}')],
		['the login form again', reply(200, {}, '<form action="/j_spring_security_check"><input name="j_password"></form>')],
		['a 401', reply(401)],
	])('%s means the e-mail or password was refused', (_, answer) => {
		expect(() => readLoginReply(answer)).toThrow(/refused the e-mail or password/);
	});

	test('a redirect without a session cookie, or a page that is not Valomnia, points at the Base URL', () => {
		expect(() => readLoginReply(reply(302, { location: '/' }))).toThrow(/without a session cookie \(JSESSIONID\); is the Base URL/);
		expect(() => readLoginReply(reply(200, {}, '<html>Welcome to nginx</html>'))).toThrow(/without a session; is the Base URL/);
		expect(() => readLoginReply(reply(500))).toThrow(/login failed with HTTP 500/);
	});

	test('the base URL may be a bare host, and may end with / or /api/v2.1', () => {
		expect(valomniaBaseUrl({ baseUrl: 'agro.valomnia.com' })).toBe('https://agro.valomnia.com');
		expect(valomniaBaseUrl({ baseUrl: ' https://agro.valomnia.com/api/v2.1/ ' })).toBe('https://agro.valomnia.com');
		expect(valomniaApiUrl({ baseUrl: 'agro.valomnia.com', apiVersion: '' }, 'regions')).toBe('https://agro.valomnia.com/api/v2.1/regions');
		expect(() => valomniaBaseUrl({ baseUrl: 'ftp://agro' })).toThrow(/must be an http:\/\/ or https:\/\/ address/);
		expect(() => valomniaApiUrl({ baseUrl: 'agro.valomnia.com', apiVersion: 'latest' }, 'x')).toThrow(/must look like v2.1/);
	});
});

describe('Customer → Create or Update (POST /api/VERSION/customers/reference/{id})', () => {
	test('every seed parameter is sent form-urlencoded, with Valomnia\'s names and the seed\'s order', async () => {
		const result = await run({ parameters: params({ additionalFields: SEED_FIELDS }) });
		expect(result.error).toBeUndefined();
		const [upsert] = upserts();
		expect(upsert.path).toBe('/api/v2.1/customers/reference/NC-3');
		expect(upsert.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect([...new URLSearchParams(upsert.rawBody)]).toEqual(SEED_FORM);
		const saved = result.items[0].json.raw;
		expect(saved.customerCategory.reference).toBe('jewelry');
		expect(saved.paymentTypes.map((p) => p.reference)).toEqual(['cash', 'cheque']);
		expect(saved.dueDateConfigType).toBe('daysAfterInvoiceDate');
		expect(saved.region.name).toBe('New York');
	});

	test('the first upsert of a reference reports added (201), the second one updated (200), with the same id', async () => {
		const helper = newHelper();
		const first = await run({ credentialsHelper: helper, parameters: params() });
		const second = await run({
			credentialsHelper: helper,
			parameters: params({ additionalFields: { mobile: '+33611111111' } }),
		});
		const a = first.items[0].json;
		const b = second.items[0].json;
		expect(a).toMatchObject({ vendor: 'valomnia', resource: 'customer', operation: 'upsert', success: true, action: 'added', key: 'NC-3' });
		expect(b).toMatchObject({ success: true, action: 'updated', key: 'NC-3', id: a.id });
		expect(typeof a.id).toBe('number');
		expect(a.id).toBe(sb.state.valomnia.customers.get('NC-3').id);
		expect(b.raw.mobile).toBe('+33611111111');
		expect(first.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('only the fields that were set are sent (an update leaves the others alone)', async () => {
		await run({ parameters: params({ additionalFields: { phone: '+331', paymentTypes: [], categoryId: '' } }) });
		expect([...new URLSearchParams(upserts()[0].rawBody)]).toEqual([
			['name', "Marie's Jewelry"],
			['phone', '+331'],
		]);
	});

	test('a reference with a slash, spaces and accents is percent-encoded in the URL', async () => {
		const result = await run({ items: [{ json: { reference: 'Nice/Est 12 é', name: 'Shop' } }], parameters: params() });
		expect(result.error).toBeUndefined();
		expect(upserts()[0].path).toBe('/api/v2.1/customers/reference/Nice%2FEst%2012%20%C3%A9');
		expect(sb.state.valomnia.customers.has('Nice/Est 12 é')).toBe(true);
		expect(result.items[0].json.key).toBe('Nice/Est 12 é');
	});

	test('the JSON body mode sends the same form as the fields (payment types as ids or as {"id"} objects)', async () => {
		const json = {
			name: "Marie's Jewelry",
			barcode: '3760000000017',
			isActive: true,
			categoryId: '2',
			isSubCustomer: false,
			billWithParent: false,
			customerSegmentationId: 1,
			userId: 2,
			isSameAddress: false,
			...SEED_FIELDS.billing,
			...SEED_FIELDS.shipping,
			email: 'contact@marie-jewelry.test',
			phone: '+33400000000',
			mobile: '+33600000000',
			fax: '+33400000001',
			comment: 'Prefers morning visits',
			website: 'https://marie-jewelry.test',
			creditLimit: 5000,
			dueDateConfigNumber: 7,
			dueDateConfigType: 1,
			taxNumber: 'FR40303265045',
			companyRegistrationNumber: '303265045',
			currency: 'eur',
			paymentTypes: [{ id: 7 }, { id: 8 }],
			regionId: '3',
			onHold: true,
			onHoldReason: 'Unpaid invoice',
		};
		const result = await run({ parameters: params({ inputMode: 'json', jsonBody: JSON.stringify(json) }) });
		expect(result.error).toBeUndefined();
		expect([...new URLSearchParams(upserts()[0].rawBody)]).toEqual(SEED_FORM);
	});

	test('the "Raw Vendor Reply" output gives Valomnia\'s customer object as it came', async () => {
		const result = await run({ parameters: params({ options: { output: 'raw' } }) });
		expect(result.items[0].json).toMatchObject({ id: 256, reference: 'NC-3', name: "Marie's Jewelry", organization: 'entity1' });
		expect(result.items[0].json.action).toBeUndefined();
	});

	test('a 503 is retried and the upsert then goes through', async () => {
		sb.faults.set({ vendor: 'valomnia', path: '/customers/reference/', next: [{ status: 503 }] });
		const result = await run({ parameters: params({ options: { maxRetryWait: 1 } }) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.action).toBe('added');
		expect(upserts()).toHaveLength(2);
	});
});

describe('Customer image (imageFile)', () => {
	test('an image from a binary property is sent as multipart/form-data with the fields, and arrives byte for byte', async () => {
		const image = jpeg(300 * 1024);
		const result = await run({
			items: [binaryItem({ reference: 'NC-3', name: "Marie's Jewelry" }, image, 'logo.jpg', 'image/jpeg')],
			parameters: params({ additionalFields: { ...SEED_FIELDS, imageFile: 'data' } }),
		});
		expect(result.error).toBeUndefined();
		const [upsert] = upserts();
		expect(upsert.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(upsert.multipartError).toBeUndefined();
		const fields = Object.entries(upsert.multipart.fields);
		expect(fields).toEqual(SEED_FORM);
		expect(upsert.multipart.files).toHaveLength(1);
		const [file] = upsert.multipart.files;
		expect(file).toMatchObject({ field: 'imageFile', filename: 'logo.jpg', contentType: 'image/jpeg' });
		expect(Buffer.compare(file.data, image)).toBe(0);
		expect(Buffer.compare(sb.state.valomnia.customers.get('NC-3').image.data, image)).toBe(0);
		expect(result.items[0].json.raw.logo).toMatch(/photoCustomer\/256_logo\.jpg$/);
	});

	test('png, gif and bmp are accepted too, named after what the bytes are', async () => {
		const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), crypto.randomBytes(64)]);
		const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), crypto.randomBytes(64)]);
		const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), crypto.randomBytes(64)]);
		const result = await run({
			items: [
				binaryItem({ reference: 'P', name: 'png' }, png, 'photo.jpg', 'image/jpeg'),
				binaryItem({ reference: 'G', name: 'gif' }, gif, 'anim.gif', 'image/gif'),
				binaryItem({ reference: 'B', name: 'bmp' }, bmp, 'scan', 'application/octet-stream'),
			],
			parameters: params({ additionalFields: { imageFile: 'data' } }),
		});
		expect(result.error).toBeUndefined();
		const files = upserts().map((r) => r.multipart.files[0]);
		expect(files.map((f) => [f.filename, f.contentType])).toEqual([
			['photo.png', 'image/png'],
			['anim.gif', 'image/gif'],
			['scan.bmp', 'image/bmp'],
		]);
		expect(files.map((f) => f.data.length)).toEqual([72, 70, 66]);
	});

	test('an image over 2 MB is refused before anything is sent', async () => {
		const result = await run({
			items: [binaryItem({ reference: 'NC-3', name: 'Big' }, jpeg(MB2 + 1), 'big.jpg', 'image/jpeg')],
			parameters: params({ additionalFields: { imageFile: 'data' } }),
		});
		expect(result.error.message).toMatch(/Image File \(imageFile\) is 2\.00 MB \(2097153 bytes, "big\.jpg", image\/jpeg\); Valomnia accepts images of at most 2 MB/);
		expect(result.error.description).toMatch(/nothing was sent/);
		expect(valomnia()).toHaveLength(0);
	});

	test('an image of exactly 2 MB is sent', async () => {
		const result = await run({
			items: [binaryItem({ reference: 'NC-3', name: 'Big' }, jpeg(MB2), 'big.jpg', 'image/jpeg')],
			parameters: params({ additionalFields: { imageFile: 'data' } }),
		});
		expect(result.error).toBeUndefined();
		expect(upserts()[0].multipart.files[0].data.length).toBe(MB2);
	});

	test('a file that is not jpg, gif, png or bmp is refused before sending, even when named .png', async () => {
		const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'latin1');
		const result = await run({
			items: [binaryItem({ reference: 'NC-3', name: 'Doc' }, pdf, 'logo.png', 'image/png')],
			parameters: params({ additionalFields: { imageFile: 'data' } }),
		});
		expect(result.error.message).toMatch(/Image File \(imageFile\) is not a jpg, gif, png or bmp image \("logo\.png", image\/png\)/);
		expect(valomnia()).toHaveLength(0);
	});

	test('a binary property that the item does not have is named in the error', async () => {
		const result = await run({ parameters: params({ additionalFields: { imageFile: 'photo' } }) });
		expect(result.error.message).toMatch(/Image File \(imageFile\) names the binary property "photo", which input item 0 does not have/);
		expect(valomnia()).toHaveLength(0);
	});

	test('in JSON body mode the image comes from the named binary property', async () => {
		const image = jpeg(1024);
		const result = await run({
			items: [binaryItem({ reference: 'NC-3' }, image, 'a.jpeg', 'image/jpeg')],
			parameters: params({ inputMode: 'json', jsonBody: '{"name":"Shop"}', jsonImageFile: 'data' }),
		});
		expect(result.error).toBeUndefined();
		const [upsert] = upserts();
		expect(upsert.multipart.fields).toEqual({ name: 'Shop' });
		expect(upsert.multipart.files[0].filename).toBe('a.jpeg');
		expect(Buffer.compare(upsert.multipart.files[0].data, image)).toBe(0);
	});
});

describe('Documented rules, checked before sending', () => {
	const refused = async (parameters, pattern, items) => {
		const result = await run(items ? { parameters, items } : { parameters });
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(pattern);
		expect(valomnia()).toHaveLength(0);
		return result;
	};

	test('Parent Customer ID is required when Is Sub-Customer is on', async () => {
		await refused(
			params({ additionalFields: { isSubCustomer: true } }),
			/Parent Customer ID \(parentCustomerId\) is required when isSubCustomer is true/,
		);
	});

	test('a sub-customer with its parent is sent and linked to the parent', async () => {
		const helper = newHelper();
		const parent = await run({ credentialsHelper: helper, parameters: params(), items: [{ json: { reference: 'HQ', name: 'HQ' } }] });
		const child = await run({
			credentialsHelper: helper,
			items: [{ json: { reference: 'SHOP-1', name: 'Shop 1', parent: parent.items[0].json.id } }],
			parameters: params({
				additionalFields: { isSubCustomer: true, parentCustomerId: '={{ $json.parent }}', billWithParent: true },
			}),
		});
		expect(child.error).toBeUndefined();
		expect(child.items[0].json.raw.parentCustomer.reference).toBe('HQ');
		expect(new URLSearchParams(upserts()[1].rawBody).get('parentCustomerId')).toBe(String(parent.items[0].json.id));
	});

	test('Due Date Days is required when Due Date Type is set', async () => {
		await refused(
			params({ additionalFields: { dueDateConfigType: '2' } }),
			/Due Date Days \(dueDateConfigNumber\) is required when dueDateConfigType is set/,
		);
	});

	test('Due Date Type "after the end of the invoice month" is sent as 2', async () => {
		await run({ parameters: params({ additionalFields: { dueDateConfigType: '2', dueDateConfigNumber: 30 } }) });
		const form = new URLSearchParams(upserts()[0].rawBody);
		expect([form.get('dueDateConfigType'), form.get('dueDateConfigNumber')]).toEqual(['2', '30']);
	});

	test('the name is required', async () => {
		await refused(params(), /Name \(name\) is required/, [{ json: { reference: 'NC-3', name: '' } }]);
	});

	test('the reference is required', async () => {
		await refused(params(), /Reference \(reference\) is required/, [{ json: { reference: ' ', name: 'x' } }]);
	});

	test('a latitude outside -90..90 is refused', async () => {
		await refused(
			params({ additionalFields: { billing: { billingLat: 91 } } }),
			/Billing Latitude \(billingLat\) must be a latitude \(a number from -90 to 90\), got number 91/,
		);
	});

	test('a currency that is not an ISO code is refused', async () => {
		await refused(params({ additionalFields: { currency: 'Euro' } }), /Currency \(currency\) must be an ISO currency code/);
	});

	test('payment types that are not ids are refused, as Valomnia would (invalid_param_type)', async () => {
		await refused(
			params({ inputMode: 'json', jsonBody: '{"name":"x","paymentTypes":["cash"]}' }),
			// the label is the field's own, as the node shows it
			/Payment Type Names or IDs \(paymentTypes\) must be a list of payment type IDs such as \[7, 8\]/,
		);
	});

	test('Due Date Type other than 1 or 2 is refused in the JSON body', async () => {
		await refused(
			params({ inputMode: 'json', jsonBody: '{"name":"x","dueDateConfigType":"3","dueDateConfigNumber":5}' }),
			/Due Date Type \(dueDateConfigType\) must be 1 \(after the invoice date\) or 2 \(after the end of the invoice month\), got "3"/,
		);
	});

	test('a boolean given as text in the JSON body is refused', async () => {
		await refused(params({ inputMode: 'json', jsonBody: '{"name":"x","onHold":"yes"}' }), /On Hold \(onHold\) must be true or false/);
	});

	test('a JSON body key that is not a Valomnia parameter is refused, naming the allowed ones', async () => {
		await refused(
			params({ inputMode: 'json', jsonBody: '{"name":"x","nmae":"y"}' }),
			/nmae is not a field of Valomnia's customer upsert; allowed: name, barcode/,
		);
	});

	test('the reference in the JSON body is pointed to the Reference field', async () => {
		await refused(params({ inputMode: 'json', jsonBody: '{"name":"x","reference":"NC-3"}' }), /reference is not part of the body: it goes in the Reference field, which is part of the URL/);
	});

	test("Valomnia's id and the image file in the JSON body are pointed to where they belong", async () => {
		await refused(params({ inputMode: 'json', jsonBody: '{"name":"x","id":7}' }), /^Item 0: id is not part of the body: it is set by Valomnia \(the customer is found by its reference/);
		await refused(
			params({ inputMode: 'json', jsonBody: '{"name":"x","imageFile":"data"}' }),
			/^Item 0: imageFile is not part of the body: it is set by the "Image File \(Binary Property\)" field/,
		);
	});

	test("a JSON body key that Object.prototype has (toString) is not a Valomnia parameter, and the error says so", async () => {
		await refused(params({ inputMode: 'json', jsonBody: '{"name":"x","toString":"y"}' }), /^Item 0: toString is not a field of Valomnia's customer upsert; allowed: name, barcode/);
	});

	test('a __proto__ key in the JSON body is refused', async () => {
		await refused(params({ inputMode: 'json', jsonBody: '{"name":"x","__proto__":{"a":1}}' }), /JSON Body \(jsonBody.__proto__\) is not an allowed key/);
	});
});

describe("Valomnia's documented errors, shown with error and error_description", () => {
	const cases = [
		['missing_param', 400, 'reference parameter is missing', 'fault'],
		['not_unique', 400, 'reference already used', 'reservedReferences'],
		['invalid_param_type', 400, 'The type of parameter payment type id you provided is not valid for this request.', 'fault'],
		['save_failed', 400, 'Failed to save instance.', 'saveFailsFor'],
		['exceeded_file_size', 400, 'image size should not exceed 2Mo', 'smallImageLimit'],
		['unsupported_file_type', 400, 'image format not supported.', 'fault'],
		['not_found', 404, "The payment type with the id 999 doesn't exist.", 'unknownPaymentType'],
		['server_error', 500, 'Oops! Something went wrong...', 'serverErrorFor'],
	];

	test.each(cases)('%s (HTTP %i) reaches the user as "%s"', async (code, status, description, how) => {
		let additionalFields = {};
		let items;
		if (how === 'fault') {
			sb.faults.set({
				vendor: 'valomnia',
				path: '/customers/reference/',
				next: [{ status, body: JSON.stringify({ error: code, error_description: description }) }],
			});
		} else if (how === 'unknownPaymentType') {
			additionalFields = { paymentTypes: [7, 999] };
		} else if (how === 'smallImageLimit') {
			sb.configure({ valomnia: { maxImageBytes: 1000 } });
			additionalFields = { imageFile: 'data' };
			items = [binaryItem({ reference: 'NC-3', name: 'x' }, jpeg(5000), 'a.jpg', 'image/jpeg')];
		} else {
			sb.configure({ valomnia: { [how]: ['NC-3'] } });
		}
		const result = await run(items ? { parameters: params({ additionalFields }), items } : { parameters: params({ additionalFields }) });
		expect(result.error).toBeDefined();
		expect(result.error.message).toBe(`Valomnia refused the request (HTTP ${status}): ${code}: ${description}`);
		expect(String(result.error.httpCode)).toBe(String(status));
		expect(result.error.description).toEqual(expect.any(String));
		expect(result.error.description.length).toBeGreaterThan(10);
		// refusals are not retried: the same request would be refused again
		expect(upserts()).toHaveLength(1);
	});

	test('an HTML login page instead of JSON is reported as a refused session', async () => {
		sb.faults.set({
			vendor: 'valomnia',
			path: '/customers/reference/',
			next: [{ status: 200, contentType: 'text/html', body: '<html><form action="/j_spring_security_check"><input name="j_password"></form></html>' }],
		});
		const result = await run({ parameters: params() });
		expect(result.error.message).toMatch(/Valomnia answered with its login page: the session was not accepted/);
	});

	test('with continue on fail, the failing item becomes an error item and the others go through', async () => {
		const result = await run({
			continueOnFail: true,
			items: [
				{ json: { reference: 'A', name: 'A', pt: [7] } },
				{ json: { reference: 'B', name: 'B', pt: [999] } },
				{ json: { reference: 'C', name: '' } },
				{ json: { reference: 'D', name: 'D', pt: [8] } },
			],
			parameters: params({ additionalFields: { paymentTypes: '={{ $json.pt }}' } }),
		});
		expect(result.error).toBeUndefined();
		const out = result.items.map((i) => [i.json.key, i.json.success, i.json.action, i.pairedItem.item]);
		expect(out).toEqual([
			['A', true, 'added', 0],
			['B', false, null, 1],
			[null, false, null, 2], // refused before any request: no key was sent
			['D', true, 'added', 3],
		]);
		expect(result.items[1].json.error).toBe("Valomnia refused the request (HTTP 404): not_found: The payment type with the id 999 doesn't exist.");
		expect(result.items[1].json.httpCode).toBe('404');
		expect(result.items[2].json.error).toMatch(/Name \(name\) is required/);
		expect(upserts().map((r) => decodeURIComponent(r.path.split('/').pop()))).toEqual(['A', 'B', 'D']);
	});

	test('without continue on fail, the error names the failing item', async () => {
		const result = await run({
			items: [{ json: { reference: 'A', name: 'A' } }, { json: { reference: 'B', name: 'B' } }],
			parameters: params({ additionalFields: { paymentTypes: '={{ $json.reference === "B" ? [999] : [7] }}' } }),
		});
		expect(result.error.message).toMatch(/not_found/);
		expect(result.error.context.itemIndex).toBe(1);
	});
});

describe('Session expiry', () => {
	test.each(['401', 'redirect'])(
		'an expired session (answered %s) is renewed by exactly one new login, and every item goes through',
		async (style) => {
			sb.configure({ valomnia: { unauthorizedStyle: style } });
			const helper = newHelper();
			await run({ credentialsHelper: helper, parameters: params() });
			expect(logins()).toBe(1);
			const oldSession = helper.getStoredData('referenceCustomersApi').sessionId;

			sb.configure({ valomnia: { expireSessions: true } });
			const items = ['NC-3', 'NC-4', 'NC-5', 'NC-6'].map((reference) => ({ json: { reference, name: reference } }));
			const result = await run({ credentialsHelper: helper, items, parameters: params({ options: { concurrency: 4 } }) });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.action)).toEqual(['updated', 'added', 'added', 'added']);
			expect(logins()).toBe(2);
			const newSession = helper.getStoredData('referenceCustomersApi').sessionId;
			expect(newSession).not.toBe(oldSession);
			expect(sb.state.valomnia.sessions.get(newSession).expired).toBe(false);
		},
	);

	test('an image upload on an expired session: one new login, and the image still arrives intact', async () => {
		const helper = newHelper();
		await run({ credentialsHelper: helper, parameters: params() });
		sb.configure({ valomnia: { expireSessions: true } });
		const image = jpeg(200 * 1024);
		const result = await run({
			credentialsHelper: helper,
			items: [binaryItem({ reference: 'NC-3', name: 'x' }, image, 'logo.jpg', 'image/jpeg')],
			parameters: params({ additionalFields: { imageFile: 'data', phone: '+33' } }),
		});
		expect(result.error).toBeUndefined();
		expect(logins()).toBe(2);
		const accepted = upserts().filter((r) => r.status === 200);
		expect(accepted).toHaveLength(1);
		expect(accepted[0].multipart.fields).toEqual({ name: 'x', phone: '+33' });
		expect(Buffer.compare(sb.state.valomnia.customers.get('NC-3').image.data, image)).toBe(0);
	});

	test('a session refused even right after a new login is reported once, without looping', async () => {
		sb.configure({ valomnia: { users: [{ email: EMAIL, password: PASSWORD, apiAccess: false }] } });
		const result = await run({ parameters: params() });
		expect(result.error.message).toMatch(/Valomnia refused the request \(HTTP 401\): the session was refused even after a new login/);
		// a session refused right after it was issued is final: another login would not help
		expect(logins()).toBe(1);
	});
});

describe('Dropdowns (load options)', () => {
	const load = (methodName, helper = newHelper()) =>
		runLoadOptions({ node: new ReferenceCustomers(), methodName, credentialsHelper: helper });

	test('customer categories, segmentations, payment types and regions come from Valomnia, by name, with the id as value', async () => {
		const helper = newHelper();
		expect(await load('getCustomerCategories', helper)).toEqual([
			{ name: 'All customers (root)', value: 1, description: 'Reference: root-1' },
			{ name: 'Jewelry and accessories', value: 2, description: 'Reference: jewelry' },
			{ name: 'Retail', value: 3, description: 'Reference: retail' },
		]);
		expect((await load('getCustomerSegmentations', helper)).map((o) => [o.name, o.value])).toEqual([
			['Segmentation A', 1],
			['Segmentation B', 2],
		]);
		expect((await load('getPaymentTypes', helper)).map((o) => [o.name, o.value])).toEqual([
			['bank transfer', 9],
			['cash', 7],
			['cheque', 8],
		]);
		expect((await load('getRegions', helper)).map((o) => o.value)).toEqual([3, 4]);
		expect(logins()).toBe(1);
		const paths = valomnia().filter((r) => r.method === 'GET').map((r) => r.path);
		expect(paths).toEqual([
			'/api/v2.1/customerCategories?max=100&offset=0',
			'/api/v2.1/customerSegmentations?max=100&offset=0',
			'/api/v2.1/paymentTypes?max=100&offset=0',
			'/api/v2.1/regions?max=100&offset=0',
		]);
	});

	test('all pages of a long list are loaded', async () => {
		for (let i = 0; i < 248; i++) sb.state.valomnia.regions.push({ id: 100 + i, name: `Region ${String(i).padStart(3, '0')}` });
		const options = await load('getRegions');
		expect(options).toHaveLength(250);
		expect(new Set(options.map((o) => o.value)).size).toBe(250);
		expect(valomnia().filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([
			'/api/v2.1/regions?max=100&offset=0',
			'/api/v2.1/regions?max=100&offset=100',
			'/api/v2.1/regions?max=100&offset=200',
		]);
	});

	test('pages stop at a cap of 2000 entries on a huge list', async () => {
		for (let i = 0; i < 2600; i++) sb.state.valomnia.regions.push({ id: 1000 + i, name: `R${i}` });
		const options = await load('getRegions');
		expect(options).toHaveLength(2000);
		expect(valomnia().filter((r) => r.method === 'GET')).toHaveLength(20);
	});

	test('a server that pages with a smaller max than asked is still read to the end', async () => {
		sb.configure({ valomnia: { maxPageSize: 30 } });
		for (let i = 0; i < 70; i++) sb.state.valomnia.paymentTypes.push({ id: 100 + i, name: `PT ${i}` });
		const options = await load('getPaymentTypes');
		expect(options).toHaveLength(73);
	});

	test('an expired session while loading a list is renewed once', async () => {
		const helper = newHelper();
		await load('getPaymentTypes', helper);
		sb.configure({ valomnia: { expireSessions: true } });
		expect(await load('getPaymentTypes', helper)).toHaveLength(3);
		expect(logins()).toBe(2);
	});

	test('a list that cannot be loaded says which one and why, without the password', async () => {
		const bad = 'wrong-password-123';
		await expect(load('getCustomerCategories', newHelper({ password: bad }))).rejects.toThrow(/refused the e-mail or password/);
		sb.faults.set({ vendor: 'valomnia', path: '/regions', next: [{ status: 500, body: '{"error":"server_error","error_description":"Oops! Something went wrong..."}' }] });
		await expect(load('getRegions')).rejects.toThrow('Could not load the regions from Valomnia: HTTP 500: Oops! Something went wrong...');
	});

	test('a list error that quotes a session cookie shows it masked, as the node does (the spec\'s secretPatterns)', async () => {
		const unseen = 'NEVER0ISSUED0SESSION0ABCDEF012345';
		sb.faults.set({
			vendor: 'valomnia',
			path: '/paymentTypes',
			next: [{ status: 500, body: JSON.stringify({ error: 'server_error', error_description: `Oops, session JSESSIONID=${unseen}; Path=/` }) }],
		});
		const failure = await load('getPaymentTypes').catch((error) => error);
		expect(failure.message).toBe('Could not load the payment types from Valomnia: HTTP 500: Oops, session JSESSIONID=[redacted]; Path=/');
		expect(JSON.stringify({ message: failure.message, description: failure.description })).not.toContain(unseen);
	});

	test('a value chosen by expression is sent as given', async () => {
		await run({
			items: [{ json: { reference: 'NC-3', name: 'x', cat: 3, pts: '7, 9' } }],
			parameters: params({ additionalFields: { categoryId: '={{ $json.cat }}', paymentTypes: '={{ $json.pts }}' } }),
		});
		const form = new URLSearchParams(upserts()[0].rawBody);
		expect(form.get('categoryId')).toBe('3');
		expect(form.get('paymentTypes')).toBe('[{"id":7},{"id":9}]');
	});
});

describe('Secrets', () => {
	test('a server that repeats the session cookie in its errors: the session id learnt during the run is masked', async () => {
		sb.configure({ valomnia: { echoCookieInErrors: true } });
		const items = [
			{ json: { reference: 'A', name: 'A', pt: [7] } },
			{ json: { reference: 'B', name: 'B', pt: [999] } },
		];
		const parameters = params({ additionalFields: { paymentTypes: '={{ $json.pt }}' } });
		const failed = await run({ items, parameters, continueOnFail: true });
		const stopped = await run({ items: [items[1]], parameters });
		const sessions = [...sb.state.valomnia.sessions.keys()];
		expect(sessions).toHaveLength(2);
		// the sandbox did repeat it: the masking is what kept it out
		expect(upserts()[1].status).toBe(404);
		expect(failed.items[1].json.error).toContain('Cookie: JSESSIONID=[redacted]');
		expect(stopped.error.message).toContain('Cookie: JSESSIONID=[redacted]');
		for (const result of [failed, stopped]) expect(findLeaks(result, [...sessions, PASSWORD])).toEqual([]);
	});

	test('no password or session id appears in any output item or error of this file\'s runs', () => {
		rememberSessions();
		expect(sessionIds.size).toBeGreaterThan(5);
		expect(visible.length).toBeGreaterThan(20);
		for (const result of visible) {
			expect(findLeaks(result, [PASSWORD, ...sessionIds])).toEqual([]);
		}
	});
});

describe('Validate Only with an image', () => {
	test('shows the multipart fields and the image as name, type and size, and sends nothing', async () => {
		sb.reset();
		const image = jpeg(4096);
		const result = await run({
			items: [binaryItem({ reference: 'VI-1', name: 'Shop' }, image, 'logo.jpg', 'image/jpeg')],
			parameters: params({ additionalFields: { imageFile: 'data', phone: '+33' }, options: { validateOnly: true } }),
		});
		expect(result.error).toBeUndefined();
		expect(valomnia()).toEqual([]);
		const { valid, request } = result.items[0].json;
		expect(valid).toBe(true);
		expect(request.contentType).toBe('multipart/form-data');
		expect(request.url).toMatch(/\/api\/v2\.1\/customers\/reference\/VI-1$/);
		expect(request.body).toEqual({
			name: 'Shop',
			phone: '+33',
			imageFile: { fileName: 'logo.jpg', mimeType: 'image/jpeg', bytes: 4096 },
		});
	});
});
