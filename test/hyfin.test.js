'use strict';
/**
 * The Hyfin node, run by n8n's own execution engine (test/harness) against the stateful
 * Hyfin sandbox on 127.0.0.1. Each test reads as what a workflow builder would see.
 */
const { runNode, testCredential, createCredentialsHelper } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { findLeaks } = require('./helpers/secrets');
const { Hyfin } = require('../dist/nodes/Hyfin/Hyfin.node.js');
const { HyfinApi } = require('../dist/credentials/HyfinApi.credentials.js');

const TOKEN = 'hyfin-secret-token-7f3a9c';
const { SEED_CUSTOMER, SEED_CONTACT } = require('./helpers/hyfin-seeds');

const sb = useSandbox({ configure: (sandbox) => sandbox.configure({ hyfin: { tokens: [TOKEN] } }) });

const credentials = (extra = {}) => ({
	hyfinApi: { baseUrl: sb.baseUrl('hyfin'), siteId: 'site-1', accessToken: TOKEN, headerName: 'Authorization', headerPrefix: 'Bearer', ...extra },
});

const customerParams = (overrides = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	external_id: '={{ $json.id }}',
	first_name: '={{ $json.first }}',
	last_name: '={{ $json.last }}',
	additionalFields: {},
	options: {},
	...overrides,
});

const run = (args) =>
	runNode({ node: new Hyfin(), credentials: credentials(), credentialTypes: [new HyfinApi()], ...args });

const hyfinRequests = () => sb.requests.filter((r) => r.vendor === 'hyfin');

describe('Hyfin Customer → Create or Update (API v3.1)', () => {
	test('the seed sample request is sent exactly as documented, from the node fields', async () => {
		const result = await run({
			parameters: customerParams({
				external_id: '39772634',
				first_name: 'John',
				last_name: 'Doe',
				additionalFields: {
					account_name: '',
					mobile_phone: '111-222-3333',
					email: 'johndoe@abc.com',
					notes: "World's best customer",
					active: true,
					notification_options: { values: { notify_phone: true, notify_email: true } },
				},
			}),
		});
		expect(result.error).toBeUndefined();
		const [request] = hyfinRequests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v3.1/site/site-1/customer/addUpdate');
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		// same names, values and order as the documentation's sample
		expect(request.rawBody).toBe(JSON.stringify(SEED_CUSTOMER));
		expect(result.items[0].json).toMatchObject({
			vendor: 'hyfin',
			resource: 'customer',
			operation: 'upsert',
			success: true,
			action: 'added',
			key: '39772634',
		});
		expect(result.items[0].json.id).toMatch(/^[0-9a-f]{24}$/);
		expect(result.items[0].json.raw).toEqual({ success: true, action: 'added', _id: result.items[0].json.id });
	});

	test('the seed sample sent in JSON-body mode arrives unchanged', async () => {
		const result = await run({
			parameters: { resource: 'customer', operation: 'upsert', inputMode: 'json', jsonBody: JSON.stringify(SEED_CUSTOMER, null, 2) },
		});
		expect(result.error).toBeUndefined();
		expect(hyfinRequests()[0].rawBody).toBe(JSON.stringify(SEED_CUSTOMER));
	});

	test('a second upsert with the same external_id reports updated, with the same id', async () => {
		const items = [{ json: { id: 'C-1', first: 'Ann', last: 'Lee' } }];
		const first = await run({ parameters: customerParams(), items });
		const second = await run({ parameters: customerParams(), items: [{ json: { id: 'C-1', first: 'Anne', last: 'Lee' } }] });
		expect(first.items[0].json.action).toBe('added');
		expect(second.items[0].json.action).toBe('updated');
		expect(second.items[0].json.id).toBe(first.items[0].json.id);
		const stored = sb.state.hyfin.customers.get('site-1:C-1');
		expect(stored.first_name).toBe('Anne');
	});

	test('expressions are resolved per item and every item gets its own result, in input order', async () => {
		const items = ['A', 'B', 'C'].map((id) => ({ json: { id, first: `F${id}`, last: `L${id}` } }));
		const result = await run({ parameters: customerParams(), items });
		expect(result.items.map((i) => i.json.key)).toEqual(['A', 'B', 'C']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sb.state.hyfin.customers.size).toBe(3);
	});

	test('notify_phone without a mobile phone is refused before sending, naming the field and item', async () => {
		const result = await run({
			parameters: customerParams({ additionalFields: { notification_options: { values: { notify_phone: true } } } }),
			items: [{ json: { id: 'X', first: 'A', last: 'B' } }],
		});
		expect(result.error).toBeDefined();
		expect(result.error.message).toContain('mobile_phone');
		expect(result.error.message).toContain('Item 0');
		expect(result.error.message).toContain('notify_phone');
		expect(hyfinRequests()).toHaveLength(0);
	});

	test('notify_email without an email is refused before sending', async () => {
		const result = await run({
			parameters: customerParams({ additionalFields: { notification_options: { values: { notify_email: true } } } }),
			items: [{ json: { id: 'X', first: 'A', last: 'B' } }],
		});
		expect(result.error.message).toMatch(/Email \(email\) is required when notification_options.notify_email/);
		expect(hyfinRequests()).toHaveLength(0);
	});

	test('an empty required field is refused with its name, the item index in the error context', async () => {
		const items = [{ json: { id: 'ok', first: 'A', last: 'B' } }, { json: { id: '', first: 'A', last: 'B' } }];
		const result = await run({ parameters: customerParams(), items });
		expect(result.error.message).toBe('Item 1: External ID (external_id) is required');
		expect(result.error.context.itemIndex).toBe(1);
	});

	test('JSON-body mode refuses unknown fields, wrong types and prototype keys before sending', async () => {
		const cases = [
			[{ ...SEED_CUSTOMER, field2: 'x' }, /field2 is not a field of Hyfin's Add\/Update Customer/],
			[{ ...SEED_CUSTOMER, active: 'yes' }, /Active \(active\) must be a boolean, got "yes"/],
			['{"external_id":"1","first_name":"a","last_name":"b","__proto__":{"polluted":true}}', /\(jsonBody\.__proto__\) is not an allowed key/],
			['{ not json', /JSON Body \(jsonBody\) is not valid JSON/],
		];
		for (const [body, expected] of cases) {
			const result = await run({
				parameters: { resource: 'customer', operation: 'upsert', inputMode: 'json', jsonBody: typeof body === 'string' ? body : JSON.stringify(body) },
			});
			expect(result.error?.message).toMatch(expected);
		}
		expect(hyfinRequests()).toHaveLength(0);
		expect({}.polluted).toBeUndefined();
	});

	test("a success:false reply is an error carrying Hyfin's own messages and HTTP status", async () => {
		// the sandbox is stricter than the node: it wants an @ in emails
		const result = await run({
			parameters: customerParams({ additionalFields: { email: 'not-an-email' } }),
			items: [{ json: { id: 'E1', first: 'A', last: 'B' } }],
		});
		expect(result.error.message).toMatch(/^Hyfin refused the request \(HTTP 400\): .*email/);
		expect(result.error.httpCode).toBe('400');
		expect(hyfinRequests()).toHaveLength(1); // a 400 is not retried
	});

	test('success:false on HTTP 200 is an error too', async () => {
		sb.configure({ hyfin: { validationStatus: 200 } });
		const result = await run({
			parameters: customerParams({ additionalFields: { email: 'no-at-sign' } }),
			items: [{ json: { id: 'E2', first: 'A', last: 'B' } }],
		});
		expect(result.error.message).toMatch(/Hyfin refused the request \(HTTP 200\): .*email/);
	});

	test('with Continue On Fail, N items in give N items out, failures in place with success:false', async () => {
		const items = [
			{ json: { id: 'K1', first: 'A', last: 'B' } },
			{ json: { id: '', first: 'A', last: 'B' } },
			{ json: { id: 'K3', first: 'A', last: 'B', email: 'bad' } },
			{ json: { id: 'K4', first: 'A', last: 'B' } },
		];
		const result = await run({
			parameters: customerParams({ additionalFields: { email: '={{ $json.email ?? "x@y.z" }}' } }),
			items,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(result.items.map((i) => i.json.success)).toEqual([true, false, false, true]);
		expect(result.items[1].json.error).toMatch(/External ID \(external_id\) is required/);
		expect(result.items[2].json).toMatchObject({ vendor: 'hyfin', key: 'K3', action: null, httpCode: '400' });
		expect(result.items[2].json.error).toMatch(/email/);
		expect(hyfinRequests()).toHaveLength(3); // the invalid item never left the node
	});

	test('a 429 with Retry-After is waited out and retried, then succeeds', async () => {
		sb.faults.set({ vendor: 'hyfin', next: [{ status: 429, retryAfter: '1' }] });
		const started = Date.now();
		const result = await run({ parameters: customerParams(), items: [{ json: { id: 'R1', first: 'A', last: 'B' } }] });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.action).toBe('added');
		const requests = hyfinRequests();
		expect(requests).toHaveLength(2);
		expect(requests[0].status).toBe(429);
		expect(requests[1].time - requests[0].time).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeLessThan(20000);
	});

	test('502, 503, 504 and a dropped connection are retried; the record is written once', async () => {
		sb.faults.set({
			vendor: 'hyfin',
			next: [{ status: 502 }, { status: 503, retryAfter: '0' }, { drop: true }],
		});
		const result = await run({
			parameters: customerParams({ options: { maxTries: 5 } }),
			items: [{ json: { id: 'R2', first: 'A', last: 'B' } }],
		});
		expect(result.error).toBeUndefined();
		expect(hyfinRequests()).toHaveLength(4);
		expect(sb.state.hyfin.customers.size).toBe(1);
	});

	test('a 500 is not retried and is reported with its status', async () => {
		sb.faults.set({ vendor: 'hyfin', next: [{ status: 500, body: '{"success":false,"errors":["database down"]}', contentType: 'application/json' }] });
		const result = await run({ parameters: customerParams(), items: [{ json: { id: 'R3', first: 'A', last: 'B' } }] });
		expect(result.error.message).toBe('Hyfin refused the request (HTTP 500): database down');
		expect(hyfinRequests()).toHaveLength(1);
	});

	test('after the last try the item fails with the last status, not silently', async () => {
		sb.faults.set({ vendor: 'hyfin', next: Array(3).fill({ status: 503, retryAfter: '0' }) });
		const result = await run({
			parameters: customerParams({ options: { maxTries: 3 } }),
			items: [{ json: { id: 'R4', first: 'A', last: 'B' } }],
		});
		expect(result.error.message).toMatch(/^Hyfin refused the request \(HTTP 503\)/);
		expect(hyfinRequests()).toHaveLength(3);
	});

	test('a Retry-After longer than the allowed wait fails the item at once with a clear message', async () => {
		sb.faults.set({ vendor: 'hyfin', next: [{ status: 429, retryAfter: '3600' }] });
		const result = await run({ parameters: customerParams(), items: [{ json: { id: 'R5', first: 'A', last: 'B' } }] });
		expect(result.error.message).toMatch(/asked to wait 3600 s \(Retry-After\), longer than the allowed 30 s/);
		expect(hyfinRequests()).toHaveLength(1);
	});

	test('a malformed or HTML reply is a clear error, not a crash', async () => {
		sb.faults.set({ vendor: 'hyfin', next: [{ malformed: true }, { html: true, status: 400 }] });
		const items = [{ json: { id: 'M1', first: 'A', last: 'B' } }, { json: { id: 'M2', first: 'A', last: 'B' } }];
		const result = await run({ parameters: customerParams({ options: { concurrency: 1 } }), items, continueOnFail: true });
		expect(result.items[0].json.error).toMatch(/Hyfin replied with a body that is not valid JSON/);
		expect(result.items[1].json.error).toMatch(/Hyfin replied with an HTML\/XML page instead of JSON/);
	});

	test('items run concurrently up to the Concurrency option, and results keep input order', async () => {
		sb.faults.set({ vendor: 'hyfin', latencyMs: 60, next: [{ delayMs: 400 }] });
		const items = Array.from({ length: 12 }, (_, i) => ({ json: { id: `P${i}`, first: 'A', last: 'B' } }));
		const result = await run({ parameters: customerParams({ options: { concurrency: 4 } }), items });
		expect(result.error).toBeUndefined();
		// the first item was answered last, yet it is still first
		expect(result.items.map((i) => i.json.key)).toEqual(items.map((i) => i.json.id));
		expect(result.items.map((i) => i.pairedItem.item)).toEqual(items.map((_, i) => i));
		const spans = hyfinRequests().map((r) => [r.time, r.time + r.durationMs]);
		const maxInFlight = Math.max(...spans.map(([start]) => spans.filter(([s, e]) => s <= start && start < e).length));
		expect(maxInFlight).toBeGreaterThan(1);
		expect(maxInFlight).toBeLessThanOrEqual(4);
	});

	test('Output "Raw Vendor Reply" passes Hyfin\'s reply unchanged', async () => {
		const result = await run({
			parameters: customerParams({ options: { output: 'raw' } }),
			items: [{ json: { id: 'W1', first: 'A', last: 'B' } }],
		});
		expect(Object.keys(result.items[0].json).sort()).toEqual(['_id', 'action', 'success']);
	});

	test('the token header name and prefix come from the credential', async () => {
		sb.configure({ hyfin: { authHeader: 'x-access-token', authScheme: '' } });
		const result = await runNode({
			node: new Hyfin(),
			credentials: credentials({ headerName: 'x-access-token', headerPrefix: '' }),
			credentialTypes: [new HyfinApi()],
			parameters: customerParams(),
			items: [{ json: { id: 'H1', first: 'A', last: 'B' } }],
		});
		expect(result.error).toBeUndefined();
		expect(hyfinRequests()[0].headers['x-access-token']).toBe(TOKEN);
		expect(hyfinRequests()[0].headers.authorization).toBeUndefined();
	});

	test('a wrong token is reported as refused, and the token never appears in output or errors', async () => {
		sb.faults.set({
			vendor: 'hyfin',
			next: [{ status: 401, body: JSON.stringify({ success: false, errors: [`token ${TOKEN} is not valid`] }), contentType: 'application/json' }],
		});
		const items = [{ json: { id: 'S1', first: 'A', last: 'B' } }, { json: { id: 'S2', first: 'A', last: 'B' } }];
		const failed = await run({ parameters: customerParams({ options: { concurrency: 1 } }), items, continueOnFail: true });
		expect(failed.items[0].json.error).toMatch(/HTTP 401/);
		expect(failed.items[0].json.error).toContain('[redacted]');
		expect(findLeaks(failed, [TOKEN])).toEqual([]);
		const stopped = await run({ parameters: customerParams(), items, credentials: credentials({ accessToken: 'wrong-token-123' }) });
		expect(stopped.error.message).toMatch(/HTTP 401\): invalid or missing access token/);
		expect(findLeaks(stopped, ['wrong-token-123'])).toEqual([]);
	});
});

describe('Hyfin Contact → Create or Update (API v4)', () => {
	const contactParams = (overrides = {}) => ({
		resource: 'contact',
		operation: 'upsert',
		inputMode: 'fields',
		_id: '',
		additionalFields: {},
		emails: {},
		phone_numbers: {},
		addresses: {},
		options: {},
		...overrides,
	});

	test('the seed sample "Add a Contact" is sent exactly as documented, from the node fields', async () => {
		const result = await run({
			parameters: contactParams({
				additionalFields: { first_name: 'John', last_name: 'Doe', display_name: 'John Doe', language: 'en' },
				emails: { email: [{ label: 'work', address: 'johndoe@abc.com', is_primary: true }] },
				phone_numbers: { phone_number: [{ label: 'mobile', number: '333-444-5555', is_primary: true }] },
				addresses: {
					address: [
						{ label: 'billing', is_primary: true, address_line1: '123 Main Street', address_line2: 'Suite 123', city: 'Naples', state_code: 'FL', zip_code: '34102' },
					],
				},
			}),
		});
		expect(result.error).toBeUndefined();
		const [request] = hyfinRequests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v4/site/site-1/contact/addUpdate');
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.rawBody).toBe(JSON.stringify(SEED_CONTACT));
		expect(result.items[0].json).toMatchObject({ resource: 'contact', action: 'added', key: null });
	});

	test('no _id adds a contact; its _id then updates that same contact', async () => {
		const added = await run({ parameters: contactParams({ additionalFields: { first_name: 'Ann' } }) });
		const id = added.items[0].json.id;
		const updated = await run({ parameters: contactParams({ _id: id, additionalFields: { first_name: 'Anna' } }) });
		expect(added.items[0].json.action).toBe('added');
		expect(updated.items[0].json).toMatchObject({ action: 'updated', id, key: id });
		expect(sb.state.hyfin.contacts.get(id).first_name).toBe('Anna');
		expect(sb.state.hyfin.contacts.size).toBe(1);
	});

	test('an unknown _id is reported with Hyfin\'s message', async () => {
		const result = await run({ parameters: contactParams({ _id: 'ffffffffffffffffffffffff' }) });
		expect(result.error.message).toMatch(/HTTP 404\): contact _id ffffffffffffffffffffffff not found/);
	});

	test('a language that is not ISO 639-1 is refused before sending', async () => {
		const result = await run({ parameters: contactParams({ additionalFields: { language: 'English' } }) });
		expect(result.error.message).toMatch(/Language \(language\) must be an ISO 639-1 code/);
		expect(hyfinRequests()).toHaveLength(0);
	});

	test('an email entry without an address is refused, naming the list entry', async () => {
		const result = await run({ parameters: contactParams({ emails: { email: [{ label: 'work', address: '', is_primary: false }] } }) });
		expect(result.error.message).toBe('Item 0: Address (emails[0].address) is required');
	});

	test.each(['emails', 'phone_numbers', 'addresses'])('a JSON body with %s: null is refused before sending, as before the shared validator', async (list) => {
		const jsonBody = JSON.stringify({ first_name: 'Ann', [list]: null });
		const result = await run({ parameters: { resource: 'contact', operation: 'upsert', inputMode: 'json', jsonBody, options: {} } });
		expect(result.error.message).toMatch(new RegExp(`\\(${list}\\) must be a list, got null`));
		expect(hyfinRequests()).toHaveLength(0);
	});

	test('a new contact is not resent after a lost reply, so no duplicate is created', async () => {
		sb.faults.set({ vendor: 'hyfin', next: [{ drop: true }] });
		const result = await run({ parameters: contactParams({ additionalFields: { first_name: 'Once' } }) });
		expect(result.error.message).toMatch(/not retried, because resending could create a second record/);
		expect(hyfinRequests()).toHaveLength(1);
		expect(sb.state.hyfin.contacts.size).toBe(0);
	});

	test('an update (with _id) is resent after a lost reply: it is idempotent', async () => {
		const added = await run({ parameters: contactParams({ additionalFields: { first_name: 'Ann' } }) });
		sb.faults.set({ vendor: 'hyfin', next: [{ drop: true }] });
		const id = added.items[0].json.id;
		const result = await run({ parameters: contactParams({ _id: id, additionalFields: { last_name: 'Lee' } }) });
		expect(result.error).toBeUndefined();
		expect(sb.state.hyfin.contacts.size).toBe(1);
	});
});

describe('Hyfin credential', () => {
	test('the credential test accepts a valid token and refuses a wrong one', async () => {
		const ok = await testCredential({ credentialType: new HyfinApi(), data: credentials().hyfinApi, credentialTypes: [new HyfinApi()] });
		expect(ok.status).toBe('OK');
		const bad = await testCredential({
			credentialType: new HyfinApi(),
			data: credentials({ accessToken: 'nope-nope' }).hyfinApi,
			credentialTypes: [new HyfinApi()],
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/The API access token was refused|Authorization failed/);
		const wrongSite = await testCredential({
			credentialType: new HyfinApi(),
			data: credentials({ siteId: 'other-site' }).hyfinApi,
			credentialTypes: [new HyfinApi()],
		});
		expect(wrongSite.status).toBe('Error');
		expect(wrongSite.message).toMatch(/No site with this Site ID|could not be found|Not Found/);
	});

	test('one credentials helper serves several runs (as one n8n instance does)', async () => {
		const helper = createCredentialsHelper({ credentials: credentials(), credentialTypes: [new HyfinApi()] });
		await run({ parameters: customerParams(), items: [{ json: { id: 'Z1', first: 'A', last: 'B' } }], credentialsHelper: helper });
		await run({ parameters: customerParams(), items: [{ json: { id: 'Z2', first: 'A', last: 'B' } }], credentialsHelper: helper });
		expect(hyfinRequests()).toHaveLength(2);
		expect(helper.authenticateCalls).toBe(2);
	});
});
