'use strict';
/**
 * Hyfin Customer → Get and Contact → Get (v4), through n8n's execution engine against the
 * sandbox: what an upsert stored reads back, an unknown _id follows On Not Found, bad input
 * fails before any request.
 */
const { runNode } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { findLeaks } = require('./helpers/secrets');
const { Hyfin } = require('../dist/nodes/Hyfin/Hyfin.node.js');
const { HyfinApi } = require('../dist/credentials/HyfinApi.credentials.js');

const TOKEN = 'hyfin-lookup-token-5c1e2b';
const sb = useSandbox({ configure: (sandbox) => sandbox.configure({ hyfin: { tokens: [TOKEN] } }) });

const run = (parameters, items = [{ json: {} }], extra = {}) =>
	runNode({
		node: new Hyfin(),
		credentials: {
			hyfinApi: { baseUrl: sb.baseUrl('hyfin'), siteId: 'site-1', accessToken: TOKEN, headerName: 'Authorization', headerPrefix: 'Bearer' },
		},
		credentialTypes: [new HyfinApi()],
		parameters: { options: {}, ...parameters },
		items,
		...extra,
	});
const hyfinRequests = () => sb.requests.filter((r) => r.vendor === 'hyfin');

describe('Hyfin Customer → Get', () => {
	test('upsert then get: the record the upsert stored, in the normalized get shape', async () => {
		const upsert = await run({
			resource: 'customer',
			operation: 'upsert',
			external_id: 'C-1',
			first_name: 'Ada',
			last_name: 'Lovelace',
			additionalFields: { email: 'ada@example.com' },
		});
		const id = upsert.items[0].json.id;
		expect(typeof id).toBe('string');
		const got = await run({ resource: 'customer', operation: 'get', _id: '={{ $json.id }}' }, [{ json: { id } }]);
		const item = got.items[0];
		expect(item.json).toMatchObject({
			vendor: 'hyfin',
			resource: 'customer',
			operation: 'get',
			success: true,
			found: true,
			id,
			key: id,
			record: { _id: id, external_id: 'C-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		const request = hyfinRequests().at(-1);
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`/api/v4/site/site-1/customer/${id}`);
		expect(findLeaks(got.items, [TOKEN])).toEqual([]);
	});

	test('an unknown _id: found false by default, or a failed item with On Not Found = Fail', async () => {
		const items = [{ json: { id: 'nope-1' } }, { json: { id: 'nope-2' } }];
		const got = await run({ resource: 'customer', operation: 'get', _id: '={{ $json.id }}' }, items);
		expect(got.items.map((i) => i.json)).toEqual([
			{ vendor: 'hyfin', resource: 'customer', operation: 'get', success: true, found: false, id: null, key: 'nope-1', record: null },
			{ vendor: 'hyfin', resource: 'customer', operation: 'get', success: true, found: false, id: null, key: 'nope-2', record: null },
		]);
		const failing = await run({ resource: 'customer', operation: 'get', _id: 'nope-3', onNotFound: 'fail' });
		expect(failing.error.message).toMatch(/Hyfin: no customer "nope-3" found/);
		const kept = await run(
			{ resource: 'customer', operation: 'get', _id: 'nope-4', onNotFound: 'fail' },
			[{ json: {} }],
			{ continueOnFail: true },
		);
		expect(kept.items[0].json).toMatchObject({ success: false, operation: 'get', found: null, key: 'nope-4' });
	});

	test('an empty or malformed _id fails its item before any request, naming the field', async () => {
		const got = await run(
			{ resource: 'customer', operation: 'get', _id: '={{ $json.id }}' },
			[{ json: { id: '' } }, { json: { id: '..' } }, { json: { id: { a: 1 } } }],
			{ continueOnFail: true },
		);
		const errors = got.items.map((i) => i.json.error);
		expect(errors[0]).toMatch(/Customer ID \(_id\) is required/);
		expect(errors[1]).toMatch(/Customer ID \(_id\) cannot be "\.\."/);
		expect(errors[2]).toMatch(/Customer ID \(_id\) must be text/);
		expect(hyfinRequests()).toHaveLength(0);
	});

	test('a wrong Site ID or Base URL is a failure, never "not found"', async () => {
		const wrongSite = await runNode({
			node: new Hyfin(),
			credentials: {
				hyfinApi: { baseUrl: sb.baseUrl('hyfin'), siteId: 'site-wrong', accessToken: TOKEN, headerName: 'Authorization', headerPrefix: 'Bearer' },
			},
			credentialTypes: [new HyfinApi()],
			parameters: { resource: 'customer', operation: 'get', _id: 'x1', options: {} },
			items: [{ json: {} }],
			continueOnFail: true,
		});
		expect(wrongSite.items[0].json).toMatchObject({ success: false, found: null, httpCode: '404' });
		expect(wrongSite.items[0].json.error).toMatch(/site not found/);
		sb.faults.set({ vendor: 'hyfin', method: 'GET', next: [{ status: 404, contentType: 'text/html', body: '<html>404 Not Found</html>' }] });
		const htmlPage = await run({ resource: 'customer', operation: 'get', _id: 'x2' }, [{ json: {} }], { continueOnFail: true });
		expect(htmlPage.items[0].json).toMatchObject({ success: false, found: null, httpCode: '404' });
	});

	test('a refused token is a failure, not "not found"', async () => {
		sb.configure({ hyfin: { tokens: ['another-token'] } });
		const got = await run({ resource: 'customer', operation: 'get', _id: 'x1' }, [{ json: {} }], { continueOnFail: true });
		expect(got.items[0].json).toMatchObject({ success: false, httpCode: '401' });
	});
});

describe('Hyfin Contact → Get', () => {
	test('upsert then get, and Validate Only builds the GET without sending it', async () => {
		const upsert = await run({
			resource: 'contact',
			operation: 'upsert',
			_id: '',
			additionalFields: { first_name: 'Grace', last_name: 'Hopper', language: 'en' },
			emails: { email: [{ address: 'grace@example.com', label: 'work', is_primary: true }] },
		});
		const id = upsert.items[0].json.id;
		const got = await run({ resource: 'contact', operation: 'get', _id: id });
		expect(got.items[0].json).toMatchObject({
			operation: 'get',
			found: true,
			id,
			record: { _id: id, first_name: 'Grace', emails: [{ address: 'grace@example.com' }] },
		});
		const before = hyfinRequests().length;
		const checked = await run({ resource: 'contact', operation: 'get', _id: id, options: { validateOnly: true } });
		expect(checked.items[0].json).toEqual({
			valid: true,
			errors: [],
			request: { method: 'GET', url: `${sb.baseUrl('hyfin')}/api/v4/site/site-1/contact/${id}`, contentType: null, body: null },
		});
		expect(hyfinRequests()).toHaveLength(before);
	});
});
