'use strict';
/**
 * The Client Toolbox Loyalty node, run by n8n's own execution engine (test/harness) against the
 * stateful Client Toolbox sandbox on 127.0.0.1. Each test reads as what a workflow builder sees.
 */
const http = require('http');
const { runNode, testCredential } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { collectVisible } = require('./helpers/secrets');
const { Loyalty } = require('../dist/nodes/Loyalty/Loyalty.node.js');
const { LoyaltyApi } = require('../dist/credentials/LoyaltyApi.credentials.js');
const { parseUpsertReply: parseLoyaltyReply } = require('../dist/nodes/Loyalty/actions/customer/upsert.operation.js');
const { decodeEntities } = require('../dist/nodes/Loyalty/reply.js');
const { MAX_REPLY_BYTES } = require('../dist/nodes/shared/router.js');

// the doc's example user (docs/vendors/clienttoolbox.md#customer-upsert)
const USER = 'john1970';
const KEY = '1959caadac9b13dcb3';
const ACCOUNT = 'greatwidgets';

// the doc's PHP example, in its order ($data[...] = ...)
const SEED_PHP = [
	['user_id', 'john1970'],
	['user_password', '1959caadac9b13dcb3'],
	['type', 'record_customer'],
	['customer_action', 'edit'],
	['account_id', 'greatwidgets'],
	['code', '89898989898989'],
	['card_number', '1212121212'],
	['first_name', 'John'],
	['last_name', 'Doe'],
	['phone', '555-555-2455'],
	['email', 'test@yourdomain.com'],
	['custom_date', '1970-07-14'],
	['street1', '123 Main St.'],
	['street2', 'Apt 3G'],
	['city', 'Anytown'],
	['state', 'ZZ'],
	['postal_code', '55555'],
	['country', 'NZ'],
	['customer_username', 'jdoe1970'],
	['customer_password', 'ilovecheese'],
	['customer_PIN', '1234'],
	['custom_field_2', 'Single'],
];
const SEED_FIELDS = Object.fromEntries(SEED_PHP.slice(5));

const sb = useSandbox();

const credentials = (extra = {}) => ({
	loyaltyApi: {
		endpoint: sb.baseUrl('clienttoolbox'),
		user_id: USER,
		user_password: KEY,
		account_id: ACCOUNT,
		keyPlacement: 'body',
		...extra,
	},
});

const params = (overrides = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	code: '',
	card_number: '',
	additionalFields: {},
	customFields: {},
	options: {},
	...overrides,
});

const run = (args) =>
	runNode({ node: new Loyalty(), credentials: credentials(), credentialTypes: [new LoyaltyApi()], ...args });

const upsert = (overrides, args = {}) => run({ parameters: params(overrides), ...args });

const ctbRequests = () => sb.requests.filter((r) => r.vendor === 'clienttoolbox');
const customers = () => [...sb.state.clienttoolbox.customers.values()];

/**
 * Leaks of secrets in what the run shows: output items and the error (message, description,
 * context, stack). The error's `node` (the node's own parameters, which n8n stores with the
 * workflow anyway) is left out: the user typed those values there. Numeric secrets (PINs) count
 * only as whole numbers, as the node redacts them.
 */
function leaks(result, secrets) {
	let error = result.error;
	if (error) {
		const { node, ...rest } = error;
		error = { ...rest, message: error.message, description: error.description, context: error.context, stack: error.stack };
	}
	const text = collectVisible({ ...result, error });
	return secrets.filter((secret) =>
		/^\d+$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(text) : text.includes(secret),
	);
}

/** A raw POST to the sandbox, for the sandbox's own contract (not through the node). */
function rawPost(form, headers = {}) {
	const body = new URLSearchParams(form).toString();
	const url = new URL(sb.baseUrl('clienttoolbox'));
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: url.hostname,
				port: url.port,
				path: url.pathname,
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...headers },
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

describe('Client Toolbox Customer → Create or Update (record_customer, edit)', () => {
	test("the seed's PHP example is sent with exactly its field names and values, in its order", async () => {
		const result = await upsert({
			code: SEED_FIELDS.code,
			card_number: SEED_FIELDS.card_number,
			additionalFields: {
				first_name: 'John',
				last_name: 'Doe',
				phone: '555-555-2455',
				email: 'test@yourdomain.com',
				custom_date: '1970-07-14',
				street1: '123 Main St.',
				street2: 'Apt 3G',
				city: 'Anytown',
				state: 'ZZ',
				postal_code: '55555',
				country: 'NZ',
				customer_username: 'jdoe1970',
				customer_password: 'ilovecheese',
				customer_PIN: '1234',
			},
			customFields: { field: [{ number: 2, value: 'Single' }] },
		});
		expect(result.error).toBeUndefined();
		const [request] = ctbRequests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/');
		expect(request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(request.headers.api_access_key).toBeUndefined();
		expect(request.rawBody).toBe(new URLSearchParams(SEED_PHP).toString());
		// an unknown code creates a customer under that code (docs/vendors/clienttoolbox.md#matching)
		expect(result.items[0].json).toEqual({
			vendor: 'clienttoolbox',
			resource: 'customer',
			operation: 'upsert',
			success: true,
			action: 'added',
			id: '89898989898989',
			key: '89898989898989',
			raw: { status: 'success', customer: { status: 'new', code: '89898989898989' } },
		});
		expect(sb.state.clienttoolbox.customers.get('89898989898989')).toMatchObject({
			card_number: '1212121212',
			custom_date: '1970-07-14',
			customer_PIN: '1234',
			custom: { 2: 'Single' },
		});
	});

	test('the seed example given in JSON-body mode sends the same form fields', async () => {
		const result = await upsert({ inputMode: 'json', jsonBody: JSON.stringify(SEED_FIELDS, null, 2) });
		expect(result.error).toBeUndefined();
		expect(ctbRequests()[0].rawBody).toBe(new URLSearchParams(SEED_PHP).toString());
		expect(result.items[0].json).toMatchObject({ success: true, action: 'added', id: '89898989898989' });
	});

	test('without a code a customer is added with a new 16-digit code and key null; sending that code again reports updated', async () => {
		const first = await upsert({ additionalFields: { first_name: 'Ann', email: 'ann@example.com' } });
		expect(first.error).toBeUndefined();
		const added = first.items[0].json;
		expect(added).toMatchObject({ success: true, action: 'added', key: null });
		expect(added.id).toMatch(/^\d{16}$/);
		expect(ctbRequests()[0].form.code).toBeUndefined();

		const second = await upsert({ code: added.id, additionalFields: { last_name: 'Lee' } });
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toMatchObject({ success: true, action: 'updated', id: added.id, key: added.id });
		expect(customers()).toHaveLength(1);
		expect(customers()[0]).toMatchObject({ first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com' });
	});

	test('several items run in one execution, each with its own result and pairedItem', async () => {
		const items = [{ json: { email: 'a@example.com' } }, { json: { email: 'b@example.com' } }];
		const result = await upsert({ additionalFields: { email: '={{ $json.email }}' } }, { items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.action)).toEqual(['added', 'added']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(new Set(result.items.map((i) => i.json.id)).size).toBe(2);
	});

	test('a card number alone updates the customer that has it and returns its existing code', async () => {
		const created = await upsert({ code: '5555000011112222', card_number: '777001', additionalFields: { first_name: 'Bo' } });
		expect(created.items[0].json.action).toBe('added');

		const result = await upsert({ card_number: '777001', additionalFields: { phone: '555-0100' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ action: 'updated', id: '5555000011112222', key: '777001' });
		expect(customers()).toHaveLength(1);
		expect(customers()[0]).toMatchObject({ first_name: 'Bo', phone: '555-0100' });
	});

	test('a card number that no customer has matches a customer whose code equals it', async () => {
		await upsert({ code: '4444333322221111', additionalFields: { first_name: 'Cy' } });
		const result = await upsert({ card_number: '4444333322221111', additionalFields: { city: 'Anytown' } });
		expect(result.items[0].json).toMatchObject({ action: 'updated', id: '4444333322221111', key: '4444333322221111' });
		// "edit" also replaces the card number with the one sent
		expect(customers()[0]).toMatchObject({ card_number: '4444333322221111', city: 'Anytown' });
	});

	test('a card number that matches nothing creates a customer with a new code', async () => {
		const result = await upsert({ card_number: '31337', additionalFields: { first_name: 'Di' } });
		expect(result.items[0].json).toMatchObject({ action: 'added', key: '31337' });
		expect(result.items[0].json.id).toMatch(/^\d{16}$/);
		expect(customers()[0].card_number).toBe('31337');
	});

	test('a card number shared by several customers fails with the vendor error, although the HTTP status is 200', async () => {
		await upsert({ code: '1000000000000001', card_number: 'SHARED-1' });
		await upsert({ code: '1000000000000002', card_number: 'SHARED-1' });
		const result = await upsert({ card_number: 'SHARED-1', additionalFields: { first_name: 'Ed' } });
		expect(result.error).toBeDefined();
		expect(result.error.message).toBe(
			'Client Toolbox refused the request (HTTP 200): More than one customer matches card_number SHARED-1.',
		);
		expect(result.error.httpCode).toBe('200');
		expect(ctbRequests()[2].status).toBe(200);
		expect(customers().map((c) => c.first_name)).toEqual(['', '']);
	});

	test('Generate Card Number returns the generated number as card_number beside the code', async () => {
		const result = await upsert({ additionalFields: { first_name: 'Flo', card_number_generate: 10 } });
		expect(result.error).toBeUndefined();
		expect(ctbRequests()[0].form.card_number_generate).toBe('10');
		const json = result.items[0].json;
		expect(json.card_number).toMatch(/^\d{10}$/);
		expect(json.raw.customer.card_number).toBe(json.card_number);
		expect(customers()[0]).toMatchObject({ code: json.id, card_number: json.card_number });
		// no generated number, no card_number field
		const again = await upsert({ code: json.id, additionalFields: { last_name: 'X' } });
		expect(again.items[0].json).not.toHaveProperty('card_number');
	});

	test('Send No Email sends send_no_email=true and the account owner gets no new-customer e-mail; off, the field is left out', async () => {
		await upsert({ additionalFields: { email: 'quiet@example.com', send_no_email: true } });
		await upsert({ additionalFields: { email: 'loud@example.com', send_no_email: false } });
		const [quiet, loud] = ctbRequests();
		expect(quiet.form.send_no_email).toBe('true');
		expect(loud.form.send_no_email).toBeUndefined();
		expect(sb.state.clienttoolbox.ownerEmails.map((e) => e.email)).toEqual(['loud@example.com']);
	});

	test('New Code, Auto Add and typed custom fields are sent under their documented names', async () => {
		const result = await upsert({
			code: '2000000000000002',
			additionalFields: { new_code: true, auto_add: '25', custom_field: 'John likes cheese.' },
			customFields: {
				field: [
					{ number: 5, value: 'Gouda,Swiss' },
					{ number: 3, value: '2012.07.28 22:59:59' },
					{ number: 4, value: 'Emental' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		const form = ctbRequests()[0].form;
		expect(form).toMatchObject({
			new_code: 'Yes',
			auto_add: '25',
			custom_field: 'John likes cheese.',
			custom_field_3: '2012.07.28 22:59:59',
			custom_field_4: 'Emental',
			custom_field_5: 'Gouda,Swiss',
		});
		// custom fields go by number
		expect(Object.keys(form).filter((k) => k.startsWith('custom_field_'))).toEqual(['custom_field_3', 'custom_field_4', 'custom_field_5']);
		expect(customers()[0]).toMatchObject({ balance: 25, custom: { 3: '2012.07.28 22:59:59', 4: 'Emental', 5: 'Gouda,Swiss' } });
	});
});

describe('Reply formats', () => {
	const shape = (json) => ({ action: json.action, id: json.id, key: json.key, success: json.success });

	test('XML (the default), JSON, JSONP and condensed JSON give the same normalized result', async () => {
		const code = '3000000000000003';
		const xml = await upsert({ code, additionalFields: { first_name: 'Gus' } });
		const json = await upsert({ code, additionalFields: { first_name: 'Gus' }, options: { replyFormat: 'json' } });
		const jsonp = await upsert({ code, additionalFields: { first_name: 'Gus' }, options: { replyFormat: 'json', callback: 'handleReply' } });
		const condensed = await upsert({ code, additionalFields: { first_name: 'Gus' }, options: { replyFormat: 'json', condensed: true } });
		for (const result of [xml, json, jsonp, condensed]) expect(result.error).toBeUndefined();

		const [r1, r2, r3, r4] = ctbRequests();
		expect(r1.form.output).toBeUndefined();
		expect(r1.headers['content-type']).toMatch(/urlencoded/);
		expect(r2.form.output).toBe('JSON');
		expect(r3.form).toMatchObject({ output: 'JSON', callback: 'handleReply' });
		expect(r4.form).toMatchObject({ output: 'JSON', condensed: 'yes' });

		expect(shape(xml.items[0].json)).toEqual({ action: 'added', id: code, key: code, success: true });
		const updated = { action: 'updated', id: code, key: code, success: true };
		for (const result of [json, jsonp, condensed]) {
			expect(shape(result.items[0].json)).toEqual(updated);
			expect(result.items[0].json.raw).toEqual({ status: 'success', customer: { status: 'update', code } });
		}
	});

	test('the raw XML reply is shown like the JSON one: attributes as keys, no response wrapper', async () => {
		const result = await upsert({ code: '3100000000000000', additionalFields: { first_name: 'Hal' } });
		expect(result.items[0].json.raw).toEqual({ status: 'success', customer: { status: 'new', code: '3100000000000000' } });
	});

	test('Output "Raw Vendor Reply" gives the parsed reply itself', async () => {
		const result = await upsert({ code: '3200000000000000', additionalFields: { first_name: 'Ida' }, options: { output: 'raw' } });
		expect(result.items[0].json).toEqual({ status: 'success', customer: { status: 'new', code: '3200000000000000' } });
	});

	test('a 16-digit code sent as a bare JSON number keeps every digit', async () => {
		sb.configure({ clienttoolbox: { jsonCodeAsNumber: true } });
		const result = await upsert({ code: '9007199254740993', additionalFields: { first_name: 'Jo' }, options: { replyFormat: 'json' } });
		expect(result.error).toBeUndefined();
		// the sandbox did send it unquoted; JSON.parse alone would give 9007199254740992
		expect(ctbRequests()[0].status).toBe(200);
		expect(result.items[0].json.id).toBe('9007199254740993');
	});

	test('JSON and JSONP error replies fail with the vendor message', async () => {
		const bad = { code: '3300000000000000', customFields: { field: [{ number: 4, value: 'Cheddar' }] } };
		const json = await upsert({ ...bad, options: { replyFormat: 'json' } });
		const jsonp = await upsert({ ...bad, options: { replyFormat: 'json', callback: 'cb' } });
		const message = 'Client Toolbox refused the request (HTTP 200): custom_field_4 must be one of: Gouda,Emental,Swiss.';
		expect(json.error.message).toBe(message);
		expect(jsonp.error.message).toBe(message);
	});

	test('entities in XML text are decoded once: the five predefined ones and character references only', () => {
		expect(decodeEntities('O&apos;Brien &amp; Sons &#039;x&#x27; &lt;b&gt;')).toBe("O'Brien & Sons 'x' <b>");
		expect(decodeEntities('&amp;lt; stays &lt;')).toBe('&lt; stays <');
		expect(decodeEntities('&nbsp;&copy;&#0;&#xD800;')).toBe('&nbsp;&copy;&#0;&#xD800;');
		const parsed = parseLoyaltyReply({
			statusCode: 200,
			headers: {},
			body: '<response status="error"><error>Name &quot;O&#039;Brien &amp; Co&quot; is taken</error></response>',
		});
		expect(parsed).toMatchObject({ ok: false, message: 'Name "O\'Brien & Co" is taken' });
	});
});

describe('Errors and input checks', () => {
	test('a status="error" body on HTTP 200 fails the item with the text of <error>', async () => {
		const result = await upsert({ code: '4000000000000004', customFields: { field: [{ number: 9, value: 'x' }] } });
		expect(ctbRequests()[0].status).toBe(200);
		expect(result.error.message).toBe('Client Toolbox refused the request (HTTP 200): custom_field_9 is not defined for this account.');
		expect(result.items).toEqual([]);
	});

	test('with continue on fail, a refused item becomes success false and the other items still run', async () => {
		const items = [{ json: { date: '2012.07.28 22:59:59' } }, { json: { date: 'soon' } }];
		const result = await upsert(
			{ additionalFields: { first_name: 'Kim' }, customFields: { field: [{ number: 3, value: '={{ $json.date }}' }] } },
			{ items, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ success: true, action: 'added' });
		expect(result.items[1].json).toMatchObject({
			vendor: 'clienttoolbox',
			success: false,
			action: null,
			key: null,
			error: 'Client Toolbox refused the request (HTTP 200): custom_field_3 must be a date / time stamp such as 2012.07.28 22:59:59.',
		});
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});

	test("refused credentials fail with the vendor's message", async () => {
		const result = await run({ parameters: params({ code: '4100000000000000' }), credentials: credentials({ user_password: 'wrong-key-123' }) });
		expect(result.error.message).toBe('Client Toolbox refused the request (HTTP 200): Invalid user_id or user_password (API key).');
		expect(sb.state.clienttoolbox.stats.unauthorized).toBe(1);
	});

	test.each([
		['14/07/1970', 'Custom Date (custom_date) must be a date as YYYY-MM-DD, got "14/07/1970"'],
		['1970-7-14', 'Custom Date (custom_date) must be a date as YYYY-MM-DD, got "1970-7-14"'],
		['2023-02-30', 'Custom Date (custom_date) is not a real date: "2023-02-30"'],
		['1970-07-14T00:00:00', 'Custom Date (custom_date) must be a date as YYYY-MM-DD, got "1970-07-14T00:00:00"'],
	])('custom_date %s is refused before sending: no request reaches Client Toolbox', async (date, message) => {
		const result = await upsert({ code: '4200000000000000', additionalFields: { custom_date: date } });
		expect(result.error.message).toBe(`Item 0: ${message}`);
		expect(result.error.description).toMatch(/YYYY-MM-DD.*Nothing was sent/);
		expect(ctbRequests()).toHaveLength(0);
	});

	test('a leap day is a real custom_date', async () => {
		const result = await upsert({ code: '4300000000000000', additionalFields: { custom_date: '2024-02-29' } });
		expect(result.error).toBeUndefined();
		expect(ctbRequests()[0].form.custom_date).toBe('2024-02-29');
	});

	test('an item without any customer field is refused before sending (at least one is required)', async () => {
		const result = await upsert({ additionalFields: { first_name: '', send_no_email: false } });
		expect(result.error.message).toBe(
			'Item 0: customer fields are all empty: Client Toolbox needs at least one of them (code, card_number, first_name, email, …)',
		);
		expect(ctbRequests()).toHaveLength(0);
		const json = await upsert({ inputMode: 'json', jsonBody: '{ "first_name": "", "email": null }' });
		expect(json.error.message).toMatch(/customer fields are all empty/);
		expect(ctbRequests()).toHaveLength(0);
	});

	test.each([
		[{ card_number: '12', additionalFields: { card_number_generate: 8 } }, 'cannot be used together with card_number'],
		[{ code: '1', additionalFields: { card_number_generate: 0 } }, 'must be a number of digits from 1 to 32, got "0"'],
		[{ code: '1', customFields: { field: [{ number: 1, value: 'x' }] } }, 'needs a field number of 2 or more'],
		[{ code: '1', customFields: { field: [{ number: 2, value: 'a' }, { number: 2, value: 'b' }] } }, 'Custom Fields (custom_field_2) is given twice'],
		[{ code: '1', additionalFields: { first_name: 'A\u0000B' } }, 'First Name (first_name) contains control characters'],
		[{ code: '1', options: { callback: 'cb' } }, 'applies only to JSON replies'],
		[{ code: '1', options: { condensed: true } }, 'applies only to JSON replies'],
		[{ code: '1', options: { replyFormat: 'json', callback: 'alert(1)//' } }, 'must be a JavaScript function name'],
	])('bad input %j is refused before sending', async (overrides, message) => {
		const result = await upsert(overrides);
		expect(result.error.message).toContain(message);
		expect(ctbRequests()).toHaveLength(0);
	});

	test.each([
		['{ "code": "1", "user_password": "x" }', 'user_password is not part of the body: it is set by the credential'],
		['{ "code": "1", "type": "customer_search" }', 'type is not part of the body: it is set by the node (record_customer)'],
		['{ "code": "1", "output": "JSON" }', 'output is not part of the body: it is set by the Reply Format option'],
		['{ "code": "1", "favourite_cheese": "Gouda" }', "favourite_cheese is not a field of Client Toolbox's record_customer (edit) call"],
		['{ "code": "1", "custom_field_1": "x" }', 'custom_field_1 is not part of the body: it is set by custom_field (the built-in Custom Field)'],
		['{ "code": "1", "first_name": { "a": 1 } }', 'First Name (first_name) must be text, got an object'],
		['{ "code": "1", "__proto__": { "x": 1 } }', 'is not an allowed key'],
		// a name Object.prototype has is no field, not "set by function toString() { [native code] }"
		['{ "code": "1", "toString": "x" }', "toString is not a field of Client Toolbox's record_customer (edit) call"],
		['{ "code": "1", "hasOwnProperty": "x" }', "hasOwnProperty is not a field of Client Toolbox's record_customer (edit) call"],
		['[1, 2]', 'must be a JSON object'],
	])('the JSON body %s is refused before sending', async (jsonBody, message) => {
		const result = await upsert({ inputMode: 'json', jsonBody });
		expect(result.error.message).toContain(message);
		expect(ctbRequests()).toHaveLength(0);
	});

	test('numbers in the JSON body are sent as text, booleans as the documented values', async () => {
		const result = await upsert({
			inputMode: 'json',
			jsonBody: '{ "code": 5000000000000005, "card_number_generate": 8, "send_no_email": true, "new_code": true, "custom_field_2": 42 }',
		});
		expect(result.error).toBeUndefined();
		expect(ctbRequests()[0].form).toMatchObject({
			code: '5000000000000005',
			card_number_generate: '8',
			send_no_email: 'true',
			new_code: 'Yes',
			custom_field_2: '42',
		});
	});

	test('an HTML page (wrong endpoint or a proxy error) is reported as such', async () => {
		const result = await run({
			parameters: params({ code: '5100000000000000', options: { maxTries: 1 } }),
			credentials: credentials({ endpoint: `${sb.baseUrl('clienttoolbox')}/no/such/page` }),
		});
		expect(result.error.message).toBe(
			'Client Toolbox refused the request (HTTP 404): unusable reply: an HTML page instead of the API reply (is the Endpoint URL right?): "404 Not Found"',
		);
	});

	test('a request without code or card number is not resent after a dropped connection (it could add a second customer)', async () => {
		sb.faults.set({ vendor: 'clienttoolbox', next: [{ drop: true }] });
		const result = await upsert({ additionalFields: { first_name: 'Lu' } });
		expect(result.error.message).toMatch(/not retried, because resending could create a second record/);
		expect(ctbRequests()).toHaveLength(1);
	});

	test('a request with a code is resent after a dropped connection', async () => {
		sb.faults.set({ vendor: 'clienttoolbox', next: [{ drop: true }] });
		const result = await upsert({ code: '5200000000000000', additionalFields: { first_name: 'Mo' } });
		expect(result.error).toBeUndefined();
		expect(ctbRequests()).toHaveLength(2);
		expect(result.items[0].json).toMatchObject({ action: 'added', id: '5200000000000000' });
	});

	test('the vanity-host form of the endpoint (…/api.php) is used as given', async () => {
		const result = await run({
			parameters: params({ code: '5300000000000000', additionalFields: { first_name: 'Ned' } }),
			credentials: credentials({ endpoint: `${sb.baseUrl('clienttoolbox')}/api.php` }),
		});
		expect(result.error).toBeUndefined();
		expect(ctbRequests()[0].path).toBe('/api.php');
	});
});

describe('The API key: body or header', () => {
	test('by default the key is the user_password form field and no header is sent', async () => {
		await upsert({ code: '6000000000000006' });
		const [request] = ctbRequests();
		expect(request.form.user_password).toBe(KEY);
		expect(request.headers.api_access_key).toBeUndefined();
	});

	test('with "Header" the key travels only in the api_access_key header, not in the form body', async () => {
		const result = await run({ parameters: params({ code: '6100000000000006' }), credentials: credentials({ keyPlacement: 'header' }) });
		expect(result.error).toBeUndefined();
		const [request] = ctbRequests();
		expect(request.headers.api_access_key).toBe(KEY);
		expect(request.form.user_password).toBeUndefined();
		expect(request.rawBody).not.toContain(KEY);
		expect(request.form).toMatchObject({ user_id: USER, account_id: ACCOUNT, type: 'record_customer', customer_action: 'edit' });
	});

	test('with "Header and Form Body" the key is sent in both', async () => {
		const result = await run({ parameters: params({ code: '6200000000000006' }), credentials: credentials({ keyPlacement: 'both' }) });
		expect(result.error).toBeUndefined();
		const [request] = ctbRequests();
		expect(request.headers.api_access_key).toBe(KEY);
		expect(request.form.user_password).toBe(KEY);
	});

	test('the sandbox checks the header when there is one: the header wins over the body', async () => {
		const form = { user_id: USER, type: 'record_customer', customer_action: 'edit', account_id: ACCOUNT, code: '6300000000000006' };
		const headerWins = await rawPost({ ...form, user_password: 'wrong' }, { api_access_key: KEY });
		expect(headerWins.body).toContain('<response status="success">');
		const wrongHeader = await rawPost({ ...form, user_password: KEY }, { api_access_key: 'wrong' });
		expect(wrongHeader.status).toBe(200);
		expect(wrongHeader.body).toContain('<response status="error">');
		expect(wrongHeader.body).toContain('<error>Invalid user_id or user_password (API key).</error>');
	});
});

describe('Secrets', () => {
	const SECRETS = ['ilovecheese-7Q', '86420', KEY];

	test('the customer password, the PIN and the API key never appear in output, even when the vendor quotes the request', async () => {
		sb.configure({ clienttoolbox: { echoRequestInErrors: true } });
		const fields = { first_name: 'Ola', customer_password: SECRETS[0], customer_PIN: SECRETS[1] };
		const bad = await upsert(
			{ code: '7000000000000007', additionalFields: fields, customFields: { field: [{ number: 4, value: 'Brie' }] } },
			{ continueOnFail: true },
		);
		// the sandbox did echo them: the redaction is what keeps them out
		expect(bad.items[0].json.error).toContain('[redacted]');
		expect(bad.items[0].json.error).toContain('custom_field_4 must be one of');
		expect(leaks(bad, SECRETS)).toEqual([]);

		const stopped = await upsert({ code: '7000000000000007', additionalFields: fields, customFields: { field: [{ number: 4, value: 'Brie' }] } });
		expect(stopped.error.message).toContain('[redacted]');
		expect(leaks(stopped, SECRETS)).toEqual([]);

		const ok = await upsert({ code: '7000000000000007', additionalFields: fields });
		expect(ok.error).toBeUndefined();
		expect(leaks(ok, SECRETS)).toEqual([]);
		expect(customers()[0]).toMatchObject({ customer_password: SECRETS[0], customer_PIN: SECRETS[1] });
	});

	test('the key in the api_access_key header is redacted from errors as well', async () => {
		sb.configure({ clienttoolbox: { echoRequestInErrors: true } });
		const result = await run({
			parameters: params({ code: '7100000000000007', customFields: { field: [{ number: 9, value: 'x' }] } }),
			credentials: credentials({ keyPlacement: 'header' }),
		});
		expect(result.error.message).toContain('api_access_key: [redacted]');
		expect(leaks(result, [KEY])).toEqual([]);
	});

	test('input errors do not quote a secret field, nor a JSON body that may hold one', async () => {
		const control = await upsert({ code: '1', additionalFields: { customer_password: 'pw\u0007secret-xyz' } });
		expect(control.error.message).toBe('Item 0: Customer Password (customer_password) contains control characters');
		expect(leaks(control, ['secret-xyz'])).toEqual([]);

		const object = await upsert({ inputMode: 'json', jsonBody: '{ "customer_PIN": { "pin": "97531" } }' });
		expect(object.error.message).toBe('Item 0: Customer PIN (customer_PIN) must be text');

		const broken = await upsert({ inputMode: 'json', jsonBody: '{ "customer_PIN": 97531x }' });
		expect(broken.error.message).toMatch(/is not valid JSON/);
		expect(leaks(broken, ['97531'])).toEqual([]);
		expect(ctbRequests()).toHaveLength(0);
	});

	test('a PIN whose digits occur inside the customer code does not blank part of the code', async () => {
		const result = await upsert({ code: '8812349999999999', additionalFields: { customer_PIN: '1234' } });
		expect(result.items[0].json).toMatchObject({ id: '8812349999999999', key: '8812349999999999' });
	});
});

describe('Hostile replies', () => {
	const FAST_MS = 5000;
	const hostile = async (mode, extra = {}) => {
		sb.configure({ clienttoolbox: { hostile: mode, ...extra } });
		const started = Date.now();
		const result = await upsert({ code: '9000000000000009', options: { maxTries: 1 } });
		return { result, ms: Date.now() - started };
	};

	test.each([['entity-bomb'], ['external-entity'], ['quadratic']])(
		'an XML reply with a DOCTYPE (%s) is refused unparsed, quickly, with a clear error',
		async (mode) => {
			const { result, ms } = await hostile(mode);
			expect(result.error.message).toBe(
				'Client Toolbox refused the request (HTTP 200): unusable reply: XML with a document type (DOCTYPE/ENTITY) declaration, which its API never sends; it was refused unparsed, because such declarations can expand to huge sizes or read local files',
			);
			expect(ms).toBeLessThan(FAST_MS);
			expect(collectVisible(result)).not.toContain('lollollol');
		},
	);

	test('deeply nested XML is refused with a clear error', async () => {
		const { result, ms } = await hostile('deep');
		expect(result.error.message).toBe('Client Toolbox refused the request (HTTP 200): unusable reply: XML nested deeper than 20 levels; refused');
		expect(ms).toBeLessThan(FAST_MS);
	});

	test('a reply above the node cap for a customer reply (256 KB) is not parsed', async () => {
		const { result, ms } = await hostile('large', { largeBytes: 1024 * 1024 });
		expect(result.error.message).toBe(
			'Client Toolbox refused the request (HTTP 200): unusable reply: 1048576 bytes, more than the 262144 bytes a customer reply can need; it was not parsed',
		);
		expect(ms).toBeLessThan(FAST_MS);
	});

	test('a reply above the shared 5 MB cap is refused unread by the transport', async () => {
		expect(MAX_REPLY_BYTES).toBe(5 * 1024 * 1024);
		const { result, ms } = await hostile('huge', { hugeBytes: 6 * 1024 * 1024 });
		expect(result.error.message).toBe(`Client Toolbox: the reply is larger than ${MAX_REPLY_BYTES} bytes (decoded) and was not read`);
		expect(ms).toBeLessThan(FAST_MS * 2);
	});

	test('a reply that streams without end is cut off at the 5 MB cap, without waiting for its end', async () => {
		const { result, ms } = await hostile('endless');
		expect(result.error.message).toBe(`Client Toolbox: the reply is larger than ${MAX_REPLY_BYTES} bytes (decoded) and was not read`);
		expect(ms).toBeLessThan(FAST_MS);
	});

	test('a reply that trickles in fails at the timeout, although bytes keep arriving', async () => {
		sb.configure({ clienttoolbox: { hostile: 'drip' } });
		const started = Date.now();
		const result = await upsert({ code: '9000000000000009', options: { maxTries: 1, timeout: 1000 } });
		expect(result.error.message).toBe('Client Toolbox: no reply within 1000 ms (timeout) while the reply was being read (gave up after 1 tries)');
		expect(Date.now() - started).toBeLessThan(FAST_MS);
	});

	test('the parser refuses a DOCTYPE even when it hides behind an XML declaration and comments', () => {
		const body = '<?xml version="1.0"?><!-- hi --><!doctype response [<!ENTITY x "y">]><response status="success"/>';
		expect(parseLoyaltyReply({ statusCode: 200, headers: {}, body })).toMatchObject({
			ok: false,
			message: expect.stringContaining('DOCTYPE/ENTITY'),
		});
	});
});

describe('Client Toolbox credential', () => {
	const check = (data) => testCredential({ credentialType: new LoyaltyApi(), data, credentialTypes: [new LoyaltyApi()] });

	test('valid credentials pass the test with a harmless customer_search that changes nothing', async () => {
		const result = await check(credentials().loyaltyApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = ctbRequests();
		expect(request.form).toEqual({
			user_id: USER,
			user_password: KEY,
			type: 'customer_search',
			account_id: ACCOUNT,
			card_number: 'n8n-credential-test-0000',
			exact_match: 'sensitive',
			output: 'JSON',
		});
		expect(customers()).toHaveLength(0);
	});

	test('a wrong key, user or account fails the test, although Client Toolbox answers HTTP 200', async () => {
		const message = 'Client Toolbox refused these credentials: check the User ID, API Key and Account ID';
		for (const bad of [{ user_password: 'nope' }, { user_id: 'someone' }, { account_id: 'otherwidgets' }]) {
			expect(await check(credentials(bad).loyaltyApi)).toEqual({ status: 'Error', message });
		}
		expect(ctbRequests().every((r) => r.status === 200)).toBe(true);
	});

	test('with the key in the header the test passes and the body holds no key', async () => {
		const result = await check(credentials({ keyPlacement: 'header' }).loyaltyApi);
		expect(result.status).toBe('OK');
		const [request] = ctbRequests();
		expect(request.headers.api_access_key).toBe(KEY);
		expect(request.form.user_password).toBeUndefined();
	});
});
