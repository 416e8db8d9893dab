'use strict';
/**
 * Riverty Customer → Get and Customer → Search, through n8n's execution engine against the
 * sandbox: what an upsert stored reads back, an unknown customer number follows On Not Found,
 * Search pages with Limit / Return All, bad input fails before any request, a server that
 * pages forever is not followed forever, and no token or personal number reaches the output.
 */
const { runNode } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { newHelper: helperFor } = require('./helpers/run');
const riverty = require('./vendors/riverty');
const { findLeaks, collectVisible } = require('./helpers/secrets');
const { Riverty } = require('../dist/nodes/Riverty/Riverty.node.js');
const { RivertyApi } = require('../dist/credentials/RivertyApi.credentials.js');
const { MAX_SEARCH_RECORDS } = require('../dist/nodes/shared/router.js');

// the sandbox's OAuth client and the credential: Riverty's profile (test/vendors/riverty.js)
const { oauthClientId: OAUTH_CLIENT_ID, oauthClientSecret: OAUTH_SECRET, clientId: CLIENT_ID } = riverty.account;
const SEARCH_PATH = `/customer/v1/clients/${CLIENT_ID}/customers/search`;

const sb = useSandbox({ configure: riverty.configure });

const credentialData = (extra = {}) => riverty.credentialData(sb, extra);
const newHelper = (extra = {}) => helperFor(riverty, sb, extra);

const run = (parameters, items = [{ json: {} }], { credentialsHelper = newHelper(), ...extra } = {}) =>
	runNode({
		node: new Riverty(),
		credentialTypes: [new RivertyApi()],
		credentialsHelper,
		parameters: { resource: 'customer', options: {}, ...parameters },
		items,
		...extra,
	});

const get = (customerNumber, more = {}) => ({ operation: 'get', customerNumber, ...more });
const search = (searchColumn, searchValue, more = {}) => ({ operation: 'search', searchColumn, searchValue, ...more });

const rivertyRequests = () => sb.requests.filter((r) => r.vendor === 'riverty');
const tokenRequests = () => rivertyRequests().filter((r) => r.path.startsWith('/identity/'));
const apiRequests = () => rivertyRequests().filter((r) => r.path.startsWith('/customer/'));
const searchRequests = () => apiRequests().filter((r) => r.path.startsWith(SEARCH_PATH));
/** The query of each search request as [page, perPage, sort, order]. */
const pagesAsked = () =>
	searchRequests().map((r) => {
		const q = new URL(r.path, 'http://x').searchParams;
		return [q.get('page'), q.get('perPage'), q.get('sort'), q.get('order')];
	});
const secretsOfRun = () => [OAUTH_SECRET, ...sb.state.riverty.issued];

/** Customers stored directly in the sandbox (the shape its PUT stores), for searches over many. */
function seed(numbers, person = (n) => ({ firstName: 'Test', lastName: n })) {
	for (const customerNumber of numbers) {
		sb.state.riverty.customers.set(`${CLIENT_ID}:${customerNumber}`, {
			clientId: CLIENT_ID,
			customerNumber,
			type: 'Person',
			person: person(customerNumber),
			address: { addressLine: 'Storgata 1', postalCode: '0155', postalPlace: 'Oslo', countryCode: 'NO' },
			paymentMeans: { paymentId: '291069002072200000001' },
			version: 1,
		});
	}
}
const numbered = (prefix, count) => Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);
/** The order Riverty documents by default: customerNumber, descending. */
const descending = (numbers) => [...numbers].sort().reverse();

const UPSERT = {
	operation: 'upsert',
	customerNumber: '={{ $json.number }}',
	inputMode: 'json',
	jsonBody: '={{ JSON.stringify($json.body) }}',
};
const KARI = {
	number: 'RG-1',
	body: {
		type: 'Person',
		person: { ssn: '02016126007', firstName: 'Kari', lastName: 'Nordmann' },
		email: 'kari@example.no',
		address: { addressLine: 'Storgata 1', postalCode: '0155', postalPlace: 'Oslo', countryCode: 'NO' },
	},
};
const FJORD = {
	number: 'RG-2/ø',
	body: {
		type: 'Company',
		company: { name: 'Fjord Fisk AS', organizationNumber: '923609016' },
		address: { addressLine: 'Bryggen 5', postalCode: '5003', postalPlace: 'Bergen', countryCode: 'NO' },
	},
};

describe('Riverty Customer → Get', () => {
	test('upsert then get: each customer the upsert stored, in the normalized get shape, with one token', async () => {
		const helper = newHelper();
		const upserted = await run(UPSERT, [{ json: KARI }, { json: FJORD }], { credentialsHelper: helper });
		expect(upserted.items.map((i) => i.json.success)).toEqual([true, true]);
		const got = await run(get('={{ $json.key }}'), upserted.items.map((i) => ({ json: i.json })), { credentialsHelper: helper });
		expect(got.error).toBeUndefined();
		const [kari, fjord] = got.items;
		expect(kari.json).toMatchObject({
			vendor: 'riverty',
			resource: 'customer',
			operation: 'get',
			success: true,
			found: true,
			id: 'RG-1',
			key: 'RG-1',
			record: {
				customerNumber: 'RG-1',
				type: 'Person',
				person: { firstName: 'Kari', lastName: 'Nordmann' },
				email: 'kari@example.no',
				address: KARI.body.address,
			},
		});
		expect(kari.json.record.person.ssn).toBeUndefined(); // Riverty does not send it back
		expect(kari.json.record._links.map((l) => l.rel)).toEqual(['_self', 'check_customer', 'update_customer', 'search_customer_by_field']);
		expect(fjord.json).toMatchObject({ found: true, id: 'RG-2/ø', key: 'RG-2/ø', record: { type: 'Company', company: FJORD.body.company } });
		expect(got.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const gets = apiRequests().filter((r) => r.method === 'GET');
		expect(gets.map((r) => r.path).sort()).toEqual([
			`/customer/v1/clients/${CLIENT_ID}/customers/RG-1`,
			`/customer/v1/clients/${CLIENT_ID}/customers/RG-2%2F%C3%B8`,
		]);
		const [token] = sb.state.riverty.issued;
		expect(gets.every((r) => r.headers.authorization === `Bearer ${token}` && r.status === 200 && r.rawBody === '')).toBe(true);
		expect(tokenRequests()).toHaveLength(1); // the get reused the token the upsert stored
		expect(findLeaks(got, secretsOfRun())).toEqual([]);
		expect(collectVisible(got)).not.toContain('02016126007');
	});

	test('an unknown customer number: found false by default, in place among found ones', async () => {
		seed(['KNOWN-1']);
		const items = ['NOPE-1', 'KNOWN-1', 'NOPE-2'].map((number) => ({ json: { number } }));
		const got = await run(get('={{ $json.number }}'), items);
		expect(got.items.map((i) => [i.json.key, i.json.found, i.json.id, i.json.record && i.json.record.customerNumber])).toEqual([
			['NOPE-1', false, null, null],
			['KNOWN-1', true, 'KNOWN-1', 'KNOWN-1'],
			['NOPE-2', false, null, null],
		]);
		expect(got.items[0].json).toEqual({
			vendor: 'riverty',
			resource: 'customer',
			operation: 'get',
			success: true,
			found: false,
			id: null,
			key: 'NOPE-1',
			record: null,
		});
		expect(got.items.map((i) => i.pairedItem.item)).toEqual([0, 1, 2]);
		expect(apiRequests().map((r) => r.status).sort()).toEqual([200, 404, 404]);
	});

	test('On Not Found = Fail: the run stops naming the customer, or the item fails with Continue On Fail', async () => {
		const stopped = await run(get('NOPE-3', { onNotFound: 'fail' }));
		expect(stopped.error.message).toMatch(/Riverty: no customer "NOPE-3" found/);
		expect(stopped.error.description).toMatch(/On Not Found/);
		seed(['KNOWN-2']);
		const kept = await run(
			get('={{ $json.number }}', { onNotFound: 'fail' }),
			[{ json: { number: 'NOPE-4' } }, { json: { number: 'KNOWN-2' } }],
			{ continueOnFail: true },
		);
		expect(kept.items[0].json).toMatchObject({ success: false, operation: 'get', found: null, key: 'NOPE-4', record: null });
		expect(kept.items[0].json.error).toMatch(/no customer "NOPE-4" found/);
		expect(kept.items[1].json).toMatchObject({ success: true, found: true, key: 'KNOWN-2' });
	});

	test('an empty, "..", over-long or non-text customer number fails its item before any request', async () => {
		const got = await run(
			get('={{ $json.number }}'),
			[{ json: { number: '' } }, { json: { number: '  ' } }, { json: { number: '..' } }, { json: { number: { a: 1 } } }, { json: { number: 'x'.repeat(2001) } }],
			{ continueOnFail: true },
		);
		const errors = got.items.map((i) => i.json.error);
		expect(errors[0]).toMatch(/Customer Number \(customerNumber\) is required/);
		expect(errors[1]).toMatch(/Customer Number \(customerNumber\) is required/);
		expect(errors[2]).toMatch(/Customer Number \(customerNumber\) cannot be "\.\."/);
		expect(errors[3]).toMatch(/Customer Number \(customerNumber\) must be text/);
		expect(errors[4]).toMatch(/Customer Number \(customerNumber\) is too long to go in the URL/);
		expect(got.items.every((i) => i.json.success === false && i.json.operation === 'get')).toBe(true);
		expect(rivertyRequests()).toHaveLength(0); // not even a token request
	});

	test('Validate Only builds the GET without sending anything', async () => {
		const checked = await run(get('KUNDE 42/ø', { options: { validateOnly: true } }));
		expect(checked.items[0].json).toEqual({
			valid: true,
			errors: [],
			request: {
				method: 'GET',
				url: `${sb.baseUrl('riverty', 'api')}/v1/clients/${CLIENT_ID}/customers/KUNDE%2042%2F%C3%B8`,
				contentType: null,
				body: null,
			},
		});
		const invalid = await run(get('={{ "" }}', { options: { validateOnly: true } }));
		expect(invalid.items[0].json).toMatchObject({ valid: false, errors: [{ field: 'customerNumber' }], request: null });
		expect(rivertyRequests()).toHaveLength(0);
	});

	test('a refusal is a failure, not "not found": a Riverty Client ID the OAuth client may not use (403)', async () => {
		const got = await run(get('X-1'), [{ json: {} }], { credentialsHelper: newHelper({ clientId: 999 }), continueOnFail: true });
		expect(got.items[0].json).toMatchObject({ success: false, found: null, httpCode: '403' });
		expect(got.items[0].json.error).toMatch(/Riverty refused the request \(HTTP 403\): Forbidden/);
		expect(got.items[0].json.description).toMatch(/Riverty Client ID/);
	});

	test('a 2xx reply that is not a customer object is a clear failure', async () => {
		sb.faults.set({
			vendor: 'riverty',
			method: 'GET',
			next: [
				{ status: 200, body: '[1,2]' },
				{ status: 200, body: '' },
			],
		});
		const got = await run(get('={{ $json.n }}'), [{ json: { n: 'A' } }, { json: { n: 'B' } }], { continueOnFail: true });
		const errors = got.items.map((i) => i.json.error).sort();
		expect(errors).toEqual([
			'Riverty refused the request (HTTP 200): Riverty answered HTTP 200 with JSON that is not a customer object',
			'Riverty refused the request (HTTP 200): Riverty answered HTTP 200 with an empty body',
		]);
	});
});

describe('Riverty Customer → Get: a 404 that is not Riverty\'s answer', () => {
	test('an HTML 404 page (a wrong base URL, a proxy) fails the item instead of reading as "not found"', async () => {
		sb.faults.set({
			vendor: 'riverty',
			method: 'GET',
			next: [{ status: 404, contentType: 'text/html', body: '<html><body><h1>404 Not Found</h1>nginx</body></html>' }],
		});
		const got = await run(get('X-404'), [{ json: {} }], { continueOnFail: true });
		expect(got.items[0].json).toMatchObject({ success: false, found: null, httpCode: '404' });
	});
});

describe('Riverty Customer → Search', () => {
	test('the documented request: POST …/customers/search with page, perPage, sort, order and { searchValue, searchColumn }', async () => {
		seed(['ACME-1', 'ACME-2', 'OTHER-1']);
		const found = await run(search('customerNumber', 'ACME', { limit: 10 }));
		expect(found.error).toBeUndefined();
		const [request] = searchRequests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`${SEARCH_PATH}?page=1&perPage=10&sort=customerNumber&order=desc`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.json).toEqual({ searchValue: 'ACME', searchColumn: 'customerNumber' });
		expect(request.headers.authorization).toBe(`Bearer ${sb.state.riverty.issued[0]}`);
		// one item per customer, Riverty's default order (customerNumber, descending)
		expect(found.items.map((i) => i.json)).toEqual(
			['ACME-2', 'ACME-1'].map((n) => ({
				vendor: 'riverty',
				resource: 'customer',
				operation: 'search',
				success: true,
				found: true,
				id: n,
				key: 'ACME',
				record: expect.objectContaining({ customerNumber: n, type: 'Person', person: { firstName: 'Test', lastName: n } }),
			})),
		);
		expect(found.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(findLeaks(found, secretsOfRun())).toEqual([]);
	});

	test('Sort and Order are sent as chosen and Riverty answers in that order', async () => {
		seed(['N-1', 'N-2', 'N-3'], (n) => ({ firstName: { 'N-1': 'Cecilie', 'N-2': 'Anne', 'N-3': 'Berit' }[n], lastName: 'Hansen' }));
		const found = await run(search('name', 'hansen', { sort: 'name', order: 'asc' }));
		expect(pagesAsked()).toEqual([['1', '50', 'name', 'asc']]);
		expect(found.items.map((i) => i.json.record.person.firstName)).toEqual(['Anne', 'Berit', 'Cecilie']);
	});

	test('Limit above a page: pages of 100 (the documented default) until Limit customers', async () => {
		const numbers = numbered('BIG-', 260);
		seed(numbers);
		const found = await run(search('customerNumber', 'BIG-', { limit: 250 }));
		expect(found.error).toBeUndefined();
		expect(pagesAsked()).toEqual([
			['1', '100', 'customerNumber', 'desc'],
			['2', '100', 'customerNumber', 'desc'],
			['3', '100', 'customerNumber', 'desc'],
		]);
		expect(found.items.map((i) => i.json.id)).toEqual(descending(numbers).slice(0, 250));
	});

	test('a server that serves fewer rows than asked for is walked by its total, up to Limit', async () => {
		// the largest perPage is not documented: this server silently serves 2 rows a page
		sb.configure({ riverty: { maxPerPage: 2 } });
		const numbers = numbered('CAP-', 7);
		seed(numbers);
		const found = await run(search('customerNumber', 'CAP-', { limit: 5 }));
		expect(pagesAsked().map(([page, perPage]) => [page, perPage])).toEqual([
			['1', '5'],
			['2', '5'],
			['3', '5'],
		]);
		expect(found.items.map((i) => i.json.id)).toEqual(descending(numbers).slice(0, 5));
		// Return All: to the total (7), not one request more
		sb.requests.length = 0;
		const all = await run(search('customerNumber', 'CAP-', { returnAll: true }));
		expect(pagesAsked().map(([page, perPage]) => [page, perPage])).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
			['4', '100'],
		]);
		expect(all.items.map((i) => i.json.id)).toEqual(descending(numbers));
	});

	test('Return All: every match, pages of 100, and no request past the total', async () => {
		const numbers = numbered('ALL-', 230);
		seed([...numbers, 'ZZZ-1']);
		const found = await run(search('customerNumber', 'ALL-', { returnAll: true }));
		expect(pagesAsked().map(([page, perPage]) => [page, perPage])).toEqual([
			['1', '100'],
			['2', '100'],
			['3', '100'],
		]);
		expect(found.items).toHaveLength(230);
		expect(found.items.map((i) => i.json.id)).toEqual(descending(numbers));
		expect(new Set(found.items.map((i) => i.pairedItem.item))).toEqual(new Set([0]));
	});

	test('no match gives no item for that input; the other inputs keep their customers, paired to them', async () => {
		seed(['P-1', 'P-2', 'Q-1']);
		const values = [{ json: { v: 'P-' } }, { json: { v: 'NOBODY' } }, { json: { v: 'Q-' } }];
		const found = await run(search('customerNumber', '={{ $json.v }}'), values);
		expect(found.error).toBeUndefined();
		expect(found.items.map((i) => [i.json.id, i.json.key, i.pairedItem.item])).toEqual([
			['P-2', 'P-', 0],
			['P-1', 'P-', 0],
			['Q-1', 'Q-', 2],
		]);
		const none = await run(search('customerNumber', 'NOBODY'));
		expect(none.error).toBeUndefined();
		expect(none.items).toEqual([]);
	});

	test('a 200 "Customer Not Found" without items, or with no body, is zero customers', async () => {
		sb.faults.set({
			vendor: 'riverty',
			path: '/customers/search',
			next: [
				{ status: 200, body: JSON.stringify({ message: 'Customer Not Found' }) },
				{ status: 200, body: '' },
				{ status: 200, body: JSON.stringify({ items: null, total: 0 }) },
			],
		});
		for (let i = 0; i < 3; i++) {
			const none = await run(search('name', 'Nobody'));
			expect(none.error).toBeUndefined();
			expect(none.items).toEqual([]);
		}
		expect(searchRequests()).toHaveLength(3);
	});

	test('bad input fails its item before any request: empty Search Value, bad Limit, unknown column', async () => {
		const got = await run(
			search('={{ $json.column }}', '={{ $json.value }}', { limit: '={{ $json.limit }}' }),
			[
				{ json: { column: 'name', value: '', limit: 5 } },
				{ json: { column: 'name', value: '   ', limit: 5 } },
				{ json: { column: 'name', value: 'Kari', limit: 0 } },
				{ json: { column: 'name', value: 'Kari', limit: 2.5 } },
				{ json: { column: 'email', value: 'Kari', limit: 5 } },
				{ json: { column: 'name', value: { a: 1 }, limit: 5 } },
			],
			{ continueOnFail: true },
		);
		expect(got.items.map((i) => i.json.error)).toEqual([
			expect.stringMatching(/Search Value \(searchValue\) is required/),
			expect.stringMatching(/Search Value \(searchValue\) is required/),
			expect.stringMatching(/Limit \(limit\) must be a whole number of at least 1, got 0/),
			expect.stringMatching(/Limit \(limit\) must be a whole number of at least 1, got 2\.5/),
			expect.stringMatching(/Search Column \(searchColumn\) must be one of "clientId", "customerNumber", "name", "organizationNumber", "ssn", got "email"/),
			expect.stringMatching(/Search Value \(searchValue\) must be text/),
		]);
		expect(got.items.map((i) => [i.json.success, i.json.operation, i.pairedItem.item])).toEqual(
			[0, 1, 2, 3, 4, 5].map((n) => [false, 'search', n]),
		);
		expect(rivertyRequests()).toHaveLength(0);
	});

	test('Validate Only builds the first page request without sending it', async () => {
		const checked = await run(search('organizationNumber', '923609016', { limit: 20, options: { validateOnly: true } }));
		expect(checked.items).toHaveLength(1);
		expect(checked.items[0].json).toEqual({
			valid: true,
			errors: [],
			request: {
				method: 'POST',
				url: `${sb.baseUrl('riverty', 'api')}/v1/clients/${CLIENT_ID}/customers/search?page=1&perPage=20&sort=customerNumber&order=desc`,
				contentType: 'application/json',
				body: { searchValue: '923609016', searchColumn: 'organizationNumber' },
			},
		});
		const all = await run(search('name', 'Kari', { returnAll: true, options: { validateOnly: true } }));
		expect(all.items[0].json.request.url).toMatch(/\?page=1&perPage=100&/);
		const invalid = await run(search('name', '={{ "" }}', { options: { validateOnly: true } }));
		expect(invalid.items[0].json).toMatchObject({ valid: false, errors: [{ field: 'searchValue' }], request: null });
		expect(rivertyRequests()).toHaveLength(0);
	});

	test('a search by SSN finds the person; the personal number stays out of the output, errors and Validate Only', async () => {
		const helper = newHelper();
		await run(UPSERT, [{ json: KARI }], { credentialsHelper: helper });
		const ssn = KARI.body.person.ssn;
		const found = await run(search('ssn', '={{ $json.ssn }}'), [{ json: { ssn } }], { credentialsHelper: helper });
		expect(searchRequests()[0].json).toEqual({ searchValue: ssn, searchColumn: 'ssn' }); // sent as given
		expect(found.items).toHaveLength(1);
		expect(found.items[0].json).toMatchObject({ found: true, id: 'RG-1', key: '[redacted]', record: { customerNumber: 'RG-1' } });
		expect(collectVisible(found)).not.toContain(ssn);
		// a server that repeats the search value in its refusal
		sb.faults.set({
			vendor: 'riverty',
			path: '/customers/search',
			next: [{ status: 400, body: JSON.stringify({ title: 'Request did not validate', detail: `No search for ${ssn} today` }) }],
		});
		const refused = await run(search('ssn', ssn), [{ json: {} }], { credentialsHelper: helper, continueOnFail: true });
		expect(refused.items[0].json.error).toMatch(/HTTP 400/);
		expect(refused.items[0].json.key).toBe('[redacted]');
		expect(collectVisible(refused)).not.toContain(ssn);
		const checked = await run(search('ssn', ssn, { options: { validateOnly: true } }));
		expect(checked.items[0].json.request.body).toEqual({ searchValue: '[redacted]', searchColumn: 'ssn' });
		// other columns are not secrets: the name searched for is the key
		const byName = await run(search('name', 'Kari'), [{ json: {} }], { credentialsHelper: helper });
		expect(byName.items[0].json.key).toBe('Kari');
	});

	test("Riverty's refusal of a search is the item's error, in its own words", async () => {
		sb.faults.set({
			vendor: 'riverty',
			path: '/customers/search',
			next: [
				{
					status: 400,
					body: JSON.stringify({ title: 'Request did not validate', invalidParameters: [{ name: 'perPage', reason: 'Too big.' }] }),
					contentType: 'application/problem+json',
				},
			],
		});
		const got = await run(search('name', 'Kari'), [{ json: {} }], { continueOnFail: true });
		expect(got.items).toHaveLength(1);
		expect(got.items[0].json).toMatchObject({ success: false, operation: 'search', key: 'Kari', httpCode: '400', record: null });
		expect(got.items[0].json.error).toBe('Riverty refused the request (HTTP 400): Request did not validate – perPage: Too big.');
	});
});

describe('Riverty Customer → Search against a hostile server', () => {
	const page = (numbers, total) => ({
		status: 200,
		body: JSON.stringify({ items: numbers.map((customerNumber) => ({ customerNumber, type: 'Person' })), ...(total === undefined ? {} : { total }) }),
	});

	test('a server that ignores page and repeats it forever: stopped at the first repeat, each customer once', async () => {
		sb.faults.set({ vendor: 'riverty', path: '/customers/search', next: Array.from({ length: 50 }, () => page(['H-2', 'H-1'])) });
		const found = await run(search('customerNumber', 'H-', { returnAll: true }));
		expect(found.error).toBeUndefined();
		expect(found.items.map((i) => i.json.id)).toEqual(['H-2', 'H-1']);
		expect(pagesAsked().map(([p]) => p)).toEqual(['1', '2']);
	});

	test('one page of 150,000 customers (under the 5 MB cap): read without overflowing the stack, Limit honoured', async () => {
		const items = Array.from({ length: 150000 }, (_, i) => ({ customerNumber: `B${i}` }));
		sb.faults.set({ vendor: 'riverty', path: '/customers/search', next: [{ status: 200, body: JSON.stringify({ items }) }] });
		const found = await run(search('customerNumber', 'B', { limit: 2 }), [{ json: {} }], { continueOnFail: true });
		expect(found.items.map((i) => i.json.error)).toEqual([undefined, undefined]);
		expect(found.items.map((i) => i.json.id)).toEqual(['B0', 'B1']);
	});

	test('a total that never comes: pages stop at the first empty one', async () => {
		sb.faults.set({
			vendor: 'riverty',
			path: '/customers/search',
			next: [page(['T-4', 'T-3'], 1e9), page(['T-2', 'T-1'], 1e9), page([], 1e9), ...Array.from({ length: 20 }, () => page(['T-0'], 1e9))],
		});
		const found = await run(search('customerNumber', 'T-', { returnAll: true }));
		expect(found.items.map((i) => i.json.id)).toEqual(['T-4', 'T-3', 'T-2', 'T-1']);
		expect(pagesAsked().map(([p]) => p)).toEqual(['1', '2', '3']);
	});

	test('pages of new customers without end: Limit stops them, Return All ends with an error at the cap', async () => {
		const endless = (from, count) => Array.from({ length: count }, (_, p) => page(Array.from({ length: 100 }, (__, i) => `E-${from + p}-${i}`)));
		sb.faults.set({ vendor: 'riverty', path: '/customers/search', next: endless(0, 5) });
		const limited = await run(search('customerNumber', 'E-', { limit: 250 }));
		expect(limited.items).toHaveLength(250);
		expect(searchRequests()).toHaveLength(3);

		const pages = MAX_SEARCH_RECORDS / 100 + 5;
		sb.reset();
		sb.configure({ riverty: { oauthClients: [{ clientId: OAUTH_CLIENT_ID, clientSecret: OAUTH_SECRET, rivertyClientIds: [CLIENT_ID] }] } });
		sb.faults.set({ vendor: 'riverty', path: '/customers/search', next: endless(0, pages) });
		const all = await run(search('customerNumber', 'E-', { returnAll: true }), [{ json: {} }], { continueOnFail: true });
		expect(all.items).toHaveLength(1);
		expect(all.items[0].json.success).toBe(false);
		expect(all.items[0].json.error).toMatch(new RegExp(`the search matched more than ${MAX_SEARCH_RECORDS} records`));
		expect(searchRequests().length).toBeLessThanOrEqual(MAX_SEARCH_RECORDS / 100 + 1);
	}, 120000);
});

describe('Riverty secrets', () => {
	test('a JWT or Bearer token the run never saw, echoed by Riverty, is redacted in output and errors', async () => {
		// tokens issued to another run or worker: not known to this run, caught by their shape
		const foreignJwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvdGhlci13b3JrZXIifQ.c2lnbmF0dXJlLW9mLWFub3RoZXItdG9rZW4';
		const foreignBearer = 'opaqueForeignToken0123456789';
		seed(['J-1']);
		sb.faults.set({
			vendor: 'riverty',
			method: 'GET',
			next: [
				{ status: 200, body: JSON.stringify({ customerNumber: 'J-1', type: 'Person', note: `issued ${foreignJwt}` }) },
				{ status: 400, body: JSON.stringify({ title: `Token ${foreignJwt} refused`, detail: `Authorization: Bearer ${foreignBearer}` }) },
			],
		});
		const got = await run(get('={{ $json.n }}', { options: { concurrency: 1 } }), [{ json: { n: 'J-1' } }, { json: { n: 'J-2' } }], {
			continueOnFail: true,
		});
		expect(got.items[0].json.record.note).toBe('issued [redacted]');
		expect(got.items[1].json.error).toBe('Riverty refused the request (HTTP 400): Token [redacted] refused');
		expect(got.items[1].json.description).toMatch(/Authorization: Bearer \[redacted\]/);
		expect(findLeaks(got, [foreignJwt, foreignBearer, ...secretsOfRun()])).toEqual([]);
		// the same with Output → Raw Vendor Reply
		sb.faults.set({ vendor: 'riverty', method: 'GET', next: [{ status: 200, body: JSON.stringify({ customerNumber: 'J-1', note: foreignJwt }) }] });
		const raw = await run(get('J-1', { options: { output: 'raw' } }));
		expect(raw.items[0].json).toEqual({ customerNumber: 'J-1', note: '[redacted]' });
	});

	test('the shapes are tokens only: words after "Bearer" in a message stay readable', () => {
		const { Redactor } = require('../dist/nodes/shared/redact.js');
		const { RIVERTY_SECRET_PATTERNS } = require('../dist/nodes/Riverty/auth.js');
		const redactor = new Redactor([], undefined, RIVERTY_SECRET_PATTERNS);
		expect(redactor.text('only Bearer tokens are supported')).toBe('only Bearer tokens are supported');
		expect(redactor.text('authorization: bearer abcdefghijklmnop0123')).toBe('authorization: bearer [redacted]');
		expect(redactor.text('{"t":"eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ.sig_-x"}')).toBe('{"t":"[redacted]"}');
	});
});
