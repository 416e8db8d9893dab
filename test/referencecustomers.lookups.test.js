'use strict';
/**
 * Valomnia Customer → Get (by reference) and Customer → Get Many, through n8n's execution engine
 * against the sandbox: what an upsert stored reads back, an unknown reference follows On Not
 * Found, Get Many pages by offset with Limit / Return All, filters are checked before anything
 * is sent, a server whose paging never ends is not followed forever, and no session id or
 * password reaches an output.
 */
const http = require('http');

const { runNode } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { startForeign } = require('./helpers/foreign');
const { findLeaks } = require('./helpers/secrets');
const { ReferenceCustomers } = require('../dist/nodes/ReferenceCustomers/ReferenceCustomers.node.js');
const { ReferenceCustomersApi } = require('../dist/credentials/ReferenceCustomersApi.credentials.js');

const EMAIL = 'lookups@valomnia.test';
const PASSWORD = 'V4lomnia-lookup-pw-61d0!';

const visible = [];
const sessionIds = new Set();

// before the sandbox's reset: the sessions of the test that just ran
beforeEach(() => rememberSessions());
const sb = useSandbox({
	configure: (sandbox) => sandbox.configure({ valomnia: { users: [{ email: EMAIL, password: PASSWORD, firstName: 'Lou', lastName: 'Kup' }] } }),
});

function rememberSessions() {
	if (sb?.state?.valomnia) for (const id of sb.state.valomnia.sessions.keys()) sessionIds.add(id);
}

async function run(parameters, items = [{ json: {} }], extra = {}) {
	const result = await runNode({
		node: new ReferenceCustomers(),
		credentials: {
			referenceCustomersApi: { baseUrl: sb.baseUrl('valomnia'), apiVersion: 'v2.1', email: EMAIL, password: PASSWORD },
		},
		credentialTypes: [new ReferenceCustomersApi()],
		parameters: { resource: 'customer', options: {}, ...parameters },
		items,
		...extra,
	});
	visible.push(result);
	return result;
}

const valomnia = () => sb.requests.filter((r) => r.vendor === 'valomnia');
const apiCalls = () => valomnia().filter((r) => r.path.startsWith('/api/'));
const lists = () => apiCalls().filter((r) => r.method === 'GET' && /^\/api\/v2\.1\/customers(\?|$)/.test(r.path));
/** The query of each list request, as the server read it. */
const listQueries = () => lists().map((r) => Object.fromEntries(new URL(r.path, 'http://x').searchParams));

/** Customers put straight into the sandbox (as its upsert stores them), with chosen dates. */
function seed(count, { prefix = 'VL', from = 1, dateCreated = '2024-03-01T09:00:00Z', name = (i) => `Shop ${i}` } = {}) {
	const state = sb.state.valomnia;
	for (let i = from; i < from + count; i++) {
		const reference = `${prefix}-${String(i).padStart(3, '0')}`;
		const date = typeof dateCreated === 'function' ? dateCreated(i) : dateCreated;
		state.customers.set(reference, {
			id: state.nextId++,
			reference,
			fields: { isActive: true, isSubCustomer: false, billWithParent: false, isSameAddress: true, onHold: false, name: name(i) },
			createdBy: EMAIL,
			dateCreated: date,
			lastUpdated: date,
			version: 0,
		});
	}
}

const getMany = (extra = {}) => ({ operation: 'getAll', filters: {}, sorting: {}, returnAll: false, limit: 50, ...extra });

describe('Valomnia Customer → Get (by reference)', () => {
	test('upsert then get: the customer the upsert stored, in the normalized get shape', async () => {
		const upsert = await run(
			{
				operation: 'upsert',
				inputMode: 'fields',
				reference: '={{ $json.reference }}',
				name: '={{ $json.name }}',
				additionalFields: { email: 'marie@example.com', billing: { billingCity: 'Nice' } },
			},
			[{ json: { reference: 'VL-1', name: "Marie's Jewelry" } }, { json: { reference: 'VL 2/é', name: 'Café du Port' } }],
		);
		expect(upsert.items.map((i) => i.json.action)).toEqual(['added', 'added']);
		const ids = upsert.items.map((i) => i.json.id);
		const got = await run({ operation: 'get', reference: '={{ $json.key }}' }, upsert.items.map((i) => ({ json: i.json })));
		expect(got.items.map((i) => i.json)).toEqual([
			{
				vendor: 'valomnia',
				resource: 'customer',
				operation: 'get',
				success: true,
				found: true,
				id: ids[0],
				key: 'VL-1',
				record: expect.objectContaining({ id: ids[0], reference: 'VL-1', name: "Marie's Jewelry", email: 'marie@example.com', billingCity: 'Nice' }),
			},
			expect.objectContaining({ found: true, id: ids[1], key: 'VL 2/é', record: expect.objectContaining({ reference: 'VL 2/é', name: 'Café du Port' }) }),
		]);
		expect(typeof ids[0]).toBe('number');
		expect(got.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const gets = apiCalls().filter((r) => r.method === 'GET');
		expect(gets.map((r) => r.path).sort()).toEqual(['/api/v2.1/customers/reference/VL%202%2F%C3%A9', '/api/v2.1/customers/reference/VL-1']);
		for (const r of gets) {
			expect(r.status).toBe(200);
			expect(r.headers.cookie).toMatch(/^JSESSIONID=[0-9A-F]{32}$/);
			expect(r.rawBody || '').toBe('');
		}
		expect(sb.state.valomnia.stats.gets).toBe(2);
	});

	test('an unknown reference: found false by default, a failed item with On Not Found = Fail', async () => {
		seed(1);
		const items = [{ json: { ref: 'NOPE-1' } }, { json: { ref: 'VL-001' } }, { json: { ref: 'NOPE-2' } }];
		const got = await run({ operation: 'get', reference: '={{ $json.ref }}' }, items);
		expect(got.items.map((i) => [i.json.key, i.json.found, i.json.success, i.json.id === null, i.json.record === null])).toEqual([
			['NOPE-1', false, true, true, true],
			['VL-001', true, true, false, false],
			['NOPE-2', false, true, true, true],
		]);
		// the sandbox did answer 404 not_found: that reply is what "not found" means here
		expect(apiCalls().filter((r) => r.path.includes('NOPE')).map((r) => r.status)).toEqual([404, 404]);

		const failing = await run({ operation: 'get', reference: 'NOPE-3', onNotFound: 'fail' });
		expect(failing.error.message).toMatch(/^Valomnia: no customer "NOPE-3" found/);
		const kept = await run({ operation: 'get', reference: '={{ $json.ref }}', onNotFound: 'fail' }, items, { continueOnFail: true });
		expect(kept.items.map((i) => [i.json.success, i.json.found])).toEqual([
			[false, null],
			[true, true],
			[false, null],
		]);
		expect(kept.items[0].json).toMatchObject({ operation: 'get', key: 'NOPE-1', error: expect.stringMatching(/no customer "NOPE-1" found/) });
	});

	test('a 404 that is not Valomnia\'s not_found (an HTML page, another code) is a failure, not "not found"', async () => {
		sb.faults.set({
			vendor: 'valomnia',
			path: '/customers/reference/',
			next: [
				{ status: 404, html: true },
				{ status: 404, body: '{"error":"no_such_api","error_description":"No API here"}' },
			],
		});
		const got = await run({ operation: 'get', reference: '={{ $json.ref }}' }, [{ json: { ref: 'A1' } }, { json: { ref: 'A2' } }], {
			continueOnFail: true,
		});
		expect(got.items.map((i) => i.json.success)).toEqual([false, false]);
		expect(got.items.map((i) => i.json.httpCode)).toEqual(['404', '404']);
		expect(got.items.map((i) => i.json.error).join(' | ')).toMatch(/HTML.*\| .*no_such_api: No API here/);
	});

	test('a refused session is a failure, not "not found"', async () => {
		sb.configure({ valomnia: { users: [{ email: EMAIL, password: PASSWORD, apiAccess: false }] } });
		const got = await run({ operation: 'get', reference: 'VL-001' }, [{ json: {} }], { continueOnFail: true });
		expect(got.items[0].json).toMatchObject({ success: false, found: null, httpCode: '401' });
		expect(got.items[0].json.error).toMatch(/session was refused even after a new login/);
	});

	test('an empty or malformed reference fails its item before any request, naming the field', async () => {
		const got = await run(
			{ operation: 'get', reference: '={{ $json.ref }}' },
			[{ json: { ref: '' } }, { json: { ref: '..' } }, { json: { ref: { a: 1 } } }, { json: { ref: 'a\nb' } }],
			{ continueOnFail: true },
		);
		expect(got.items.map((i) => i.json.error)).toEqual([
			expect.stringMatching(/Reference \(reference\) is required/),
			expect.stringMatching(/Reference \(reference\) cannot be "\.\."/),
			expect.stringMatching(/Reference \(reference\) must be text, got an object/),
			expect.stringMatching(/Reference \(reference\) contains control characters/),
		]);
		expect(valomnia()).toHaveLength(0);
	});

	test('Validate Only builds the GET and sends nothing, not even the login', async () => {
		const checked = await run({ operation: 'get', reference: 'VL 9', options: { validateOnly: true } });
		expect(checked.items[0].json).toEqual({
			valid: true,
			errors: [],
			request: { method: 'GET', url: `${sb.baseUrl('valomnia')}/api/v2.1/customers/reference/VL%209`, contentType: null, body: null },
		});
		expect(valomnia()).toHaveLength(0);
	});

	test('Output → Raw Vendor Reply: the customer as Valomnia sent it, or its not_found reply, session ids masked', async () => {
		seed(1);
		sb.configure({ valomnia: { echoSessionBareInErrors: true } });
		const got = await run({ operation: 'get', reference: '={{ $json.ref }}', options: { output: 'raw' } }, [
			{ json: { ref: 'VL-001' } },
			{ json: { ref: 'NOPE' } },
		]);
		expect(got.items[0].json).toMatchObject({ reference: 'VL-001', name: 'Shop 1' });
		expect(got.items[1].json.error).toBe('not_found');
		// the sandbox did repeat the session: the redaction is what kept it out
		expect(got.items[1].json.error_description).toBe("The customer with the id NOPE doesn't exist. (session [redacted])");
		expect(findLeaks(got, [...sb.state.valomnia.sessions.keys(), PASSWORD])).toEqual([]);
	});

	test('a session cookie the run never saw, quoted by the server, is masked by its shape (JSESSIONID= kept)', async () => {
		const unseen = 'UNSEEN0SESSION0ID0123456789ABCDEF';
		sb.faults.set({
			vendor: 'valomnia',
			path: '/customers/reference/',
			next: [
				{ status: 404, body: JSON.stringify({ error: 'not_found', error_description: `No customer (Cookie: JSESSIONID=${unseen}; lang=fr)` }) },
				{ status: 400, body: JSON.stringify({ error: 'invalid_param_type', error_description: `bad request, JSESSIONID=${unseen}` }) },
			],
		});
		const raw = await run({ operation: 'get', reference: 'X1', options: { output: 'raw' } });
		expect(raw.items[0].json.error_description).toBe('No customer (Cookie: JSESSIONID=[redacted]; lang=fr)');
		const failed = await run({ operation: 'get', reference: 'X2' });
		expect(failed.error.message).toContain('bad request, JSESSIONID=[redacted]');
		for (const result of [raw, failed]) expect(findLeaks(result, [unseen])).toEqual([]);
	});
});

describe('Valomnia Customer → Get Many', () => {
	test('Limit across pages: max = min(Limit, 100), the next page by offset, exactly Limit items', async () => {
		seed(230);
		const got = await run(getMany({ limit: 150 }));
		expect(got.items).toHaveLength(150);
		expect(listQueries()).toEqual([
			{ max: '100', offset: '0' },
			{ max: '100', offset: '100' },
		]);
		const refs = got.items.map((i) => i.json.record.reference);
		expect(refs[0]).toBe('VL-001');
		expect(refs[149]).toBe('VL-150');
		expect(new Set(refs).size).toBe(150);
		expect(got.items[0].json).toEqual({
			vendor: 'valomnia',
			resource: 'customer',
			operation: 'search',
			success: true,
			found: true,
			id: got.items[0].json.record.id,
			key: null,
			record: expect.objectContaining({ reference: 'VL-001', name: 'Shop 1', dateCreated: '2024-03-01T09:00:00Z' }),
		});
		expect(got.items.every((i) => i.pairedItem.item === 0)).toBe(true);

		const small = await run(getMany({ limit: 5 }));
		expect(small.items).toHaveLength(5);
		expect(listQueries().at(-1)).toEqual({ max: '5', offset: '0' });
		expect(lists()).toHaveLength(3);
	});

	test('Return All: every customer once, pages of 100 until paging.total', async () => {
		seed(230);
		const got = await run(getMany({ returnAll: true }));
		expect(got.items).toHaveLength(230);
		expect(new Set(got.items.map((i) => i.json.id)).size).toBe(230);
		expect(listQueries().map((q) => [q.max, q.offset])).toEqual([
			['100', '0'],
			['100', '100'],
			['100', '200'],
		]);
	});

	test('a server that serves fewer rows than asked (its own max) is still read to the end, by the rows received', async () => {
		sb.configure({ valomnia: { maxPageSize: 30 } });
		seed(75);
		const got = await run(getMany({ returnAll: true }));
		expect(got.items).toHaveLength(75);
		expect(new Set(got.items.map((i) => i.json.id)).size).toBe(75);
		expect(listQueries().map((q) => q.offset)).toEqual(['0', '30', '60']);
	});

	test('filters: reference and name with the wildcard *, a date filter, sort and order; the key names the search', async () => {
		seed(12, { name: (i) => (i % 2 ? `Boulangerie ${i}` : `Café ${i}`), dateCreated: (i) => `2024-03-${String(i).padStart(2, '0')}T09:00:00Z` });
		seed(3, { prefix: 'OTHER', from: 1 });
		const byRef = await run(getMany({ returnAll: true, filters: { reference: 'vl-01*' } }));
		expect(byRef.items.map((i) => i.json.record.reference)).toEqual(['VL-010', 'VL-011', 'VL-012']);
		expect(byRef.items[0].json.key).toBe('reference=vl-01*');
		expect(listQueries().at(-1)).toEqual({ max: '100', offset: '0', reference: 'vl-01*' });

		const byName = await run(
			getMany({ returnAll: true, filters: { name: 'Boulangerie*' }, sorting: { sort: 'reference', order: 'desc' } }),
		);
		expect(byName.items.map((i) => i.json.record.reference)).toEqual(['VL-011', 'VL-009', 'VL-007', 'VL-005', 'VL-003', 'VL-001']);
		expect(listQueries().at(-1)).toEqual({ max: '100', offset: '0', sort: 'reference', order: 'desc', name: 'Boulangerie*' });

		// 10:00 at UTC+1 is 09:00Z: sent as Valomnia's format, in UTC
		const byDate = await run(
			getMany({ returnAll: true, filters: { reference: 'VL-*', dateCreated_gte: '2024-03-10T10:00:00+01:00', dateCreated_lt: '2024-03-12T09:00:00.000Z' } }),
		);
		expect(byDate.items.map((i) => i.json.record.reference)).toEqual(['VL-010', 'VL-011']);
		expect(listQueries().at(-1)).toMatchObject({ dateCreated_gte: '2024-03-10T09:00:00Z', dateCreated_lt: '2024-03-12T09:00:00Z' });
		expect(byDate.items[0].json.key).toBe('reference=VL-*&dateCreated_gte=2024-03-10T09:00:00Z&dateCreated_lt=2024-03-12T09:00:00Z');
	});

	test('a bad date fails its item before any request, naming the field; other items still run', async () => {
		seed(3);
		const items = [
			{ json: { d: 'yesterday' } },
			{ json: { d: '2024-02-30T00:00:00Z' } },
			{ json: { d: '2024-03-01T09:00:00' } },
			{ json: { d: '2024-03-01T00:00:00Z' } },
		];
		const got = await run(getMany({ filters: { lastUpdated_gt: '={{ $json.d }}' } }), items, { continueOnFail: true });
		const errors = got.items.filter((i) => i.json.success === false).map((i) => [i.pairedItem.item, i.json.error]);
		expect(errors).toEqual([
			[0, expect.stringMatching(/Last Updated After \(lastUpdated_gt\) must be a date and time such as 2024-03-01T09:00:00Z \(YYYY-MM-DDTHH:MM:SSZ\), got "yesterday"/)],
			[1, expect.stringMatching(/Last Updated After \(lastUpdated_gt\) must be a date and time .*got "2024-02-30T00:00:00Z"/)],
			[2, expect.stringMatching(/Last Updated After \(lastUpdated_gt\) must be a date and time .*got "2024-03-01T09:00:00"/)],
		]);
		// only the good item asked Valomnia
		expect(listQueries()).toEqual([{ max: '50', offset: '0', lastUpdated_gt: '2024-03-01T00:00:00Z' }]);
		expect(got.items.filter((i) => i.json.success).map((i) => i.pairedItem.item)).toEqual([3, 3, 3]);

		const stopped = await run(getMany({ filters: { dateCreated_lte: 'soon' } }));
		expect(stopped.error.message).toMatch(/Date Created On or Before \(dateCreated_lte\) must be a date and time/);
		expect(lists()).toHaveLength(1);
	});

	test('no match gives no item for that input; an input with matches still gives its own', async () => {
		seed(3);
		const got = await run(getMany({ filters: { reference: '={{ $json.ref }}' } }), [{ json: { ref: 'NONE*' } }, { json: { ref: 'VL-002' } }]);
		expect(got.error).toBeUndefined();
		expect(got.items.map((i) => [i.pairedItem.item, i.json.record.reference])).toEqual([[1, 'VL-002']]);
		const none = await run(getMany({ filters: { reference: 'NONE*' } }));
		expect(none.items).toEqual([]);
		expect(none.error).toBeUndefined();
	});

	test('Validate Only: the list request with its query, nothing sent', async () => {
		const checked = await run(
			getMany({ limit: 500, filters: { name: 'Caf*', dateCreated_gt: '2024-01-01T00:00:00Z' }, sorting: { sort: 'name' }, options: { validateOnly: true } }),
		);
		expect(checked.items[0].json).toEqual({
			valid: true,
			errors: [],
			request: {
				method: 'GET',
				url: `${sb.baseUrl('valomnia')}/api/v2.1/customers?max=100&offset=0&sort=name&name=Caf*&dateCreated_gt=2024-01-01T00%3A00%3A00Z`,
				contentType: null,
				body: null,
			},
		});
		const invalid = await run(getMany({ filters: { dateCreated_gt: '2024-13-01T00:00:00Z' }, options: { validateOnly: true } }));
		expect(invalid.items[0].json).toEqual({
			valid: false,
			errors: [{ field: 'dateCreated_gt', message: expect.stringMatching(/^Date Created After \(dateCreated_gt\) must be a date and time/) }],
			request: null,
		});
		expect(valomnia()).toHaveLength(0);
	});

	test('a session that expires mid-paging is renewed by the core (one new login per expiry) and no row is lost', async () => {
		seed(230);
		// the 2nd, 4th… API call finds every session expired
		sb.configure({ valomnia: { expireEvery: 2 } });
		const got = await run(getMany({ returnAll: true }));
		expect(got.error).toBeUndefined();
		expect(got.items).toHaveLength(230);
		expect(new Set(got.items.map((i) => i.json.id)).size).toBe(230);
		expect(lists().map((r) => [new URL(r.path, 'http://x').searchParams.get('offset'), r.status])).toEqual([
			['0', 200],
			['100', 401],
			['100', 200],
			['200', 401],
			['200', 200],
		]);
		expect(sb.state.valomnia.stats.logins).toBe(3);
	});
});

describe('Valomnia Get Many against a server whose paging never ends', () => {
	let hostile;
	let foreign;
	let mode;
	let served;
	beforeAll(async () => {
		foreign = await startForeign();
		hostile = http.createServer((req, res) => {
			const url = new URL(req.url, 'http://hostile');
			if (url.pathname === '/j_spring_security_check') {
				res.writeHead(302, { location: '/login/ajaxSuccess', 'set-cookie': 'JSESSIONID=HOSTILE0SESSION0000000000000001; Path=/' });
				return res.end();
			}
			served.push(Object.fromEntries(url.searchParams));
			const offset = Number(url.searchParams.get('offset'));
			// 'fresh': always new rows (more than asked), a growing total and a next link to another host;
			// 'stuck': the same first page whatever the offset, and says so in paging.offset
			const size = mode === 'fresh' ? 1001 : 100;
			const start = mode === 'fresh' ? offset : 0;
			const data = Array.from({ length: size }, (_, i) => ({ id: start + i + 1, reference: `H-${start + i + 1}`, name: 'x' }));
			const paging = {
				total: mode === 'fresh' ? offset + 10 * size : 1e9,
				max: size,
				offset: mode === 'fresh' ? offset : 0,
				previous: null,
				next: `${foreign.url}/api/v2.1/customers?offset=${offset + size}`,
			};
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ paging, data }));
		});
		await new Promise((resolve) => hostile.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		await foreign.close();
		hostile.closeAllConnections();
		await new Promise((resolve) => hostile.close(resolve));
	});
	beforeEach(() => {
		served = [];
	});

	const runHostile = (parameters) =>
		runNode({
			node: new ReferenceCustomers(),
			credentials: {
				referenceCustomersApi: { baseUrl: `http://127.0.0.1:${hostile.address().port}`, apiVersion: 'v2.1', email: EMAIL, password: PASSWORD },
			},
			credentialTypes: [new ReferenceCustomersApi()],
			parameters: { resource: 'customer', options: {}, ...parameters },
			items: [{ json: {} }],
		});

	test('Limit ends it: exactly Limit items, the next link to another host never followed', async () => {
		mode = 'fresh';
		const got = await runHostile(getMany({ limit: 2500 }));
		expect(got.error).toBeUndefined();
		expect(got.items).toHaveLength(2500);
		expect(served.map((q) => q.offset)).toEqual(['0', '1001', '2002']);
		expect(foreign.requests).toHaveLength(0);
	});

	test('Return All ends with an error past the core cap (100,000 records), not a hang', async () => {
		mode = 'fresh';
		const started = Date.now();
		const got = await runHostile(getMany({ returnAll: true }));
		expect(got.error.message).toMatch(/Valomnia: the search matched more than 100000 records/);
		expect(served).toHaveLength(100);
		expect(foreign.requests).toHaveLength(0);
		expect(Date.now() - started).toBeLessThan(60_000);
	}, 90_000);

	test('a server that ignores offset (answers offset 0 again) is not followed: one page', async () => {
		mode = 'stuck';
		const got = await runHostile(getMany({ returnAll: true }));
		expect(got.error).toBeUndefined();
		expect(got.items).toHaveLength(100);
		expect(served).toHaveLength(2);
		expect(served.map((q) => q.offset)).toEqual(['0', '100']);
	});
});

describe('Secrets', () => {
	test("no password or session id appears in any output item or error of this file's runs", () => {
		rememberSessions();
		expect(sessionIds.size).toBeGreaterThan(5);
		expect(visible.length).toBeGreaterThan(15);
		for (const result of visible) expect(findLeaks(result, [PASSWORD, ...sessionIds])).toEqual([]);
	});
});
