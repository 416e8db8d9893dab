'use strict';
// The sandbox's look-up calls (issue 15), on the same state as the upserts: Hyfin Get Customer /
// Get Contact, Riverty Get and Search, Valomnia Get by reference and Get Many, Client Toolbox
// customer_info and customer_search. Plain HTTP against the sandbox, no node code.
// Run: npx jest test/sandbox-lookups.test.js

const { useSandbox } = require('./helpers/sandbox');

const sb = useSandbox({ host: '127.0.0.1', quiet: true });

async function http(url, { method = 'GET', headers = {}, body, redirect = 'manual' } = {}) {
	const res = await fetch(url, { method, headers, body, redirect });
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

const form = (fields) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };

// ---------- Hyfin ----------

describe('Hyfin: Get Customer / Get Contact (v4) on the upserts\' state', () => {
	const AUTH = { authorization: 'Bearer hyfin-test-token' };
	const base = () => `${sb.baseUrl('hyfin')}/api`;
	const post = (p, body, headers = AUTH) =>
		http(`${base()}${p}`, { method: 'POST', headers: { ...headers, ...JSON_TYPE }, body: JSON.stringify(body) });
	const get = (p, headers = AUTH) => http(`${base()}${p}`, { headers });

	test('a v3.1 customer upsert is read back by its _id, then again after an update', async () => {
		const added = await post('/v3.1/site/site-1/customer/addUpdate', { external_id: 'E-1', first_name: 'Ann', last_name: 'Lee', email: 'ann@x.test' });
		expect(added.json).toMatchObject({ success: true, action: 'added' });
		const got = await get(`/v4/site/site-1/customer/${added.json._id}`);
		expect(got.status).toBe(200);
		expect(got.json).toMatchObject({ _id: added.json._id, site_id: 'site-1', external_id: 'E-1', first_name: 'Ann', last_name: 'Lee', email: 'ann@x.test', active: true });
		expect(got.json.created_at).toBe(got.json.updated_at);
		expect(got.json).not.toHaveProperty('createdAt');
		expect(got.json).not.toHaveProperty('version');
		expect(got.json).not.toHaveProperty('success');

		const updated = await post('/v3.1/site/site-1/customer/addUpdate', { external_id: 'E-1', first_name: 'Anne', last_name: 'Lee' });
		expect(updated.json).toEqual({ success: true, action: 'updated', _id: added.json._id });
		const again = await get(`/v4/site/site-1/customer/${added.json._id}`);
		expect(again.json).toMatchObject({ first_name: 'Anne', email: 'ann@x.test' });
		expect(again.json.created_at).toBe(got.json.created_at);
		expect(sb.state.hyfin.stats.gets).toBe(2);
	});

	test('a contact upsert is read back by its _id', async () => {
		const contact = { first_name: 'Bo', last_name: 'Ng', emails: [{ label: 'work', address: 'bo@x.test', is_primary: true }] };
		const added = await post('/v4/site/site-1/contact/addUpdate', contact);
		const got = await get(`/v4/site/site-1/contact/${added.json._id}`);
		expect(got.status).toBe(200);
		expect(got.json).toMatchObject({ _id: added.json._id, ...contact, display_name: 'Bo Ng', language: 'en' });
		expect(typeof got.json.created_at).toBe('string');
	});

	test('not found: unknown _id, a contact _id asked as a customer, another site\'s record', async () => {
		const contact = await post('/v4/site/site-1/contact/addUpdate', { first_name: 'C' });
		const missing = await get('/v4/site/site-1/customer/000000000000000000000000');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({ success: false, errors: ['customer _id 000000000000000000000000 not found'] });
		expect((await get(`/v4/site/site-1/customer/${contact.json._id}`)).status).toBe(404);
		expect((await get('/v4/site/site-1/contact/nope')).json).toEqual({ success: false, errors: ['contact _id nope not found'] });

		sb.configure({ hyfin: { siteIds: ['site-1', 'site-2'] } });
		const other = await get(`/v4/site/site-2/contact/${contact.json._id}`);
		expect(other.status).toBe(404);
		sb.configure({ hyfin: { notFoundStatus: 200 } });
		expect((await get('/v4/site/site-1/customer/000000000000000000000000')).json.success).toBe(false);
	});

	test('auth refused before the record is looked at: no token, wrong token, unknown site', async () => {
		const added = await post('/v3.1/site/site-1/customer/addUpdate', { external_id: 'E-2', first_name: 'A', last_name: 'B' });
		const p = `/v4/site/site-1/customer/${added.json._id}`;
		for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: 'hyfin-test-token' }]) {
			const r = await get(p, headers);
			expect(r.status).toBe(401);
			expect(r.json).toEqual({ success: false, errors: ['invalid or missing access token'] });
		}
		expect((await get(`/v4/site/site-9/customer/${added.json._id}`)).json).toEqual({ success: false, errors: ['site not found'] });
		expect(sb.state.hyfin.stats.gets).toBe(0);
	});
});

// ---------- Riverty ----------

describe('Riverty: Get and Search on the upserts\' state', () => {
	const CLIENT = 1234;
	let token;
	const api = () => `${sb.baseUrl('riverty', 'api')}/v1/clients/${CLIENT}/customers`;
	async function getToken(clientId = 'riverty-oauth-client') {
		const r = await http(`${sb.baseUrl('riverty', 'identity')}/oauth/token`, {
			method: 'POST',
			headers: FORM,
			body: form({ client_id: clientId, client_secret: 'riverty-oauth-secret', audience: 'https://api.horizonafs.io', grant_type: 'client_credentials' }),
		});
		return r.json.access_token;
	}
	const auth = () => ({ authorization: `Bearer ${token}` });
	const put = (number, body) =>
		http(`${api()}/${encodeURIComponent(number)}`, { method: 'PUT', headers: { ...auth(), ...JSON_TYPE }, body: JSON.stringify(body) });
	const get = (number, headers = auth()) => http(`${api()}/${encodeURIComponent(number)}`, { headers });
	const search = (query, body, headers = auth()) =>
		http(`${api()}/search${query ? `?${query}` : ''}`, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });
	const person = (first, last, extra = {}) => ({
		type: 'Person',
		person: { firstName: first, lastName: last, ...(extra.ssn ? { ssn: extra.ssn } : {}) },
		address: { addressLine: 'Storgata 1', postalCode: '0155', postalPlace: 'Oslo', countryCode: 'NO' },
	});
	const company = (name, org) => ({
		type: 'Company',
		company: { name, organizationNumber: org },
		address: { addressLine: 'Kaigata 2', postalCode: '5015', postalPlace: 'Bergen', countryCode: 'NO' },
	});

	beforeEach(async () => {
		token = await getToken();
	});

	test('PUT then GET returns what was stored (ssn not echoed), then the update', async () => {
		const put1 = await put('CUST-1', { ...person('Kari', 'Nordmann', { ssn: '02016126007' }), email: 'kari@x.no' });
		expect(put1.status).toBe(200);
		const got = await get('CUST-1');
		expect(got.status).toBe(200);
		expect(got.json).toEqual(put1.json);
		expect(got.json).toMatchObject({ customerNumber: 'CUST-1', type: 'Person', person: { firstName: 'Kari', lastName: 'Nordmann' }, email: 'kari@x.no' });
		expect(got.json.person).not.toHaveProperty('ssn');
		expect(got.json._links.find((l) => l.rel === '_self').href).toBe(`${api()}/CUST-1`);

		await put('CUST-1', person('Kari', 'Hansen'));
		const again = await get('CUST-1');
		expect(again.json.person.lastName).toBe('Hansen');
		expect(again.json).not.toHaveProperty('email'); // PUT replaces
		expect(again.json.paymentMeans).toEqual(got.json.paymentMeans);
		// a customer number with a slash and spaces round-trips through the path encoding
		await put('A/B 1', person('X', 'Y'));
		expect((await get('A/B 1')).json.customerNumber).toBe('A/B 1');
	});

	test('GET of an unknown customer: 404 problem; auth: 401 without or with a bad token, 403 for another client', async () => {
		const missing = await get('NOPE');
		expect(missing.status).toBe(404);
		expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
		expect(missing.json).toMatchObject({ title: 'Customer not found', type: 'https://developer.horizonafs.io/errors/not-found' });

		await put('CUST-2', person('A', 'B'));
		for (const headers of [{}, { authorization: 'Bearer not-a-token' }]) {
			expect((await get('CUST-2', headers)).status).toBe(401);
			expect((await search('', { searchColumn: 'customerNumber', searchValue: '' }, headers)).status).toBe(401);
		}
		sb.config.riverty.expireTokens = true;
		expect((await get('CUST-2')).status).toBe(401);
		token = await getToken();
		const other = await http(`${sb.baseUrl('riverty', 'api')}/v1/clients/999/customers/CUST-2`, { headers: auth() });
		expect(other.status).toBe(403);
		expect((await get('CUST-2')).status).toBe(200);
	});

	test('search: documented defaults (page 1, perPage 100, sort customerNumber desc), { items, total }', async () => {
		for (const n of ['C-01', 'C-03', 'C-02']) await put(n, person('P', n));
		const r = await search('', { searchColumn: 'customerNumber', searchValue: 'C-' });
		expect(r.status).toBe(200);
		expect(r.json.total).toBe(3);
		expect(r.json.items.map((c) => c.customerNumber)).toEqual(['C-03', 'C-02', 'C-01']);
		expect(r.json.items[0]).toEqual((await get('C-03')).json);
		const asc = await search('order=asc', { searchColumn: 'customerNumber', searchValue: 'c-0' });
		expect(asc.json.items.map((c) => c.customerNumber)).toEqual(['C-01', 'C-02', 'C-03']);
		expect((await search('order=ASC', { searchColumn: 'customerNumber', searchValue: '' })).json.total).toBe(3);
	});

	test('search columns: name (person and company), ssn, organizationNumber, clientId; not found = 200 empty', async () => {
		await put('P-1', person('Kari', 'Nordmann', { ssn: '02016126007' }));
		await put('P-2', person('Ola', 'Nordmann'));
		await put('K-1', company('Fjord AS', '987654321'));
		const numbers = async (column, value, query = 'order=asc') =>
			(await search(query, { searchColumn: column, searchValue: value })).json.items.map((c) => c.customerNumber);
		expect(await numbers('name', 'nordmann')).toEqual(['P-1', 'P-2']);
		expect(await numbers('name', 'kari nord')).toEqual(['P-1']);
		expect(await numbers('name', 'fjord')).toEqual(['K-1']);
		expect(await numbers('ssn', '02016126007')).toEqual(['P-1']);
		expect(await numbers('organizationNumber', '987654321')).toEqual(['K-1']);
		expect(await numbers('clientId', String(CLIENT))).toEqual(['K-1', 'P-1', 'P-2']);
		expect(await numbers('name', 'Ola', 'sort=name&order=desc')).toEqual(['P-2']);
		expect(await numbers('customerNumber', '', 'sort=name&order=asc')).toEqual(['K-1', 'P-1', 'P-2']);
		const none = await search('', { searchColumn: 'customerNumber', searchValue: 'n8n-credential-test' });
		expect(none.status).toBe(200);
		expect(none.json).toEqual({ items: [], total: 0 });
	});

	test('paging walk: every customer exactly once, also with ties in the sort column and a server cap', async () => {
		const all = [];
		for (let i = 0; i < 23; i++) {
			const number = `W-${String(i).padStart(2, '0')}`;
			all.push(number);
			await put(number, person('Same', i % 2 ? 'Odd' : 'Even'));
		}
		await put('OTHER', person('Else', 'Where'));
		const walk = async (perPage, query) => {
			const seen = [];
			let total;
			for (let page = 1; page < 100; page++) {
				const r = await search(`page=${page}&perPage=${perPage}${query}`, { searchColumn: 'customerNumber', searchValue: 'W-' });
				expect(r.status).toBe(200);
				total = r.json.total;
				seen.push(...r.json.items.map((c) => c.customerNumber));
				if (r.json.items.length === 0 || seen.length >= total) break;
			}
			return { seen, total };
		};
		for (const [perPage, query] of [[5, ''], [5, '&sort=name&order=asc'], [7, '&sort=name&order=desc'], [23, ''], [100, '']]) {
			const { seen, total } = await walk(perPage, query);
			expect(total).toBe(23);
			expect(seen).toHaveLength(23);
			expect([...seen].sort()).toEqual(all);
		}
		// a page past the end: 200, no items, the total still right
		expect((await search('page=9&perPage=5', { searchColumn: 'customerNumber', searchValue: 'W-' })).json).toEqual({ items: [], total: 23 });
		// the server cap serves fewer rows than asked; walking by page size would skip rows
		sb.configure({ riverty: { maxPerPage: 10 } });
		const capped = await search('page=1&perPage=20', { searchColumn: 'customerNumber', searchValue: 'W-' });
		expect(capped.json.items).toHaveLength(10);
		expect(capped.json.total).toBe(23);
		const second = await search('page=2&perPage=20', { searchColumn: 'customerNumber', searchValue: 'W-' });
		// page 2 is rows 11-20 of the capped pages (W-12 first, sorted desc), not rows 21-40
		expect(second.json.items.map((c) => c.customerNumber)).toEqual(all.slice(3, 13).reverse());
	});

	test('search refuses bad paging, sort, order, column, value and body, naming the field', async () => {
		const ok = { searchColumn: 'customerNumber', searchValue: 'x' };
		const cases = [
			['page=0', ok, 'page'],
			['page=1.5', ok, 'page'],
			['perPage=abc', ok, 'perPage'],
			['perPage=-1', ok, 'perPage'],
			['sort=email', ok, 'sort'],
			['order=up', ok, 'order'],
			['', { searchValue: 'x' }, 'searchColumn'],
			['', { searchColumn: 'email', searchValue: 'x' }, 'searchColumn'],
			['', { searchColumn: 'name' }, 'searchValue'],
			['', { searchColumn: 'name', searchValue: 5 }, 'searchValue'],
			['', { ...ok, extra: 1 }, 'extra'],
		];
		for (const [query, body, field] of cases) {
			const r = await search(query, body);
			expect([query, body, r.status]).toEqual([query, body, 400]);
			expect(r.json.invalidParameters.map((p) => p.name)).toEqual([field]);
		}
		const notJson = await http(`${api()}/search`, { method: 'POST', headers: { ...auth(), 'content-type': 'text/plain' }, body: 'x' });
		expect(notJson.status).toBe(415);
		const array = await http(`${api()}/search`, { method: 'POST', headers: { ...auth(), ...JSON_TYPE }, body: '[]' });
		expect(array.status).toBe(400);
		expect(sb.state.riverty.stats.searches).toBe(cases.length + 2);
	});
});

// ---------- Valomnia ----------

describe('Valomnia: Get by reference and Get Many on the upserts\' state', () => {
	const root = () => sb.baseUrl('valomnia');
	let cookie;
	async function login() {
		const r = await http(`${root()}/j_spring_security_check`, {
			method: 'POST',
			headers: FORM,
			body: form({ j_username: 'sales@valomnia.test', j_password: 'valomnia-pass', ajax: 'true' }),
		});
		return /JSESSIONID=[^;]+/.exec(r.headers.get('set-cookie'))[0];
	}
	const api = (p) => `${root()}/api/v2.1${p}`;
	const upsert = (reference, fields) =>
		http(api(`/customers/reference/${encodeURIComponent(reference)}`), { method: 'POST', headers: { cookie, ...FORM }, body: form(fields) });
	const get = (p, headers = { cookie }) => http(api(p), { headers });

	beforeEach(async () => {
		cookie = await login();
	});

	test('upsert then get by reference returns the same customer; an update shows on the next get', async () => {
		const created = await upsert('CUST-42', { name: 'Boulangerie Martin', email: 'contact@martin.fr', billingCity: 'Lyon', paymentTypes: '[{"id":7}]' });
		expect(created.status).toBe(201);
		const got = await get('/customers/reference/CUST-42');
		expect(got.status).toBe(200);
		expect(got.json).toEqual(created.json);
		expect(got.json).toMatchObject({ reference: 'CUST-42', name: 'Boulangerie Martin', city: 'Lyon', paymentTypes: [{ id: 7, reference: 'cash' }] });
		expect((await get(`/customers/${created.json.id}`)).json).toEqual(got.json);

		await upsert('CUST-42', { comment: 'gold' });
		const again = await get('/customers/reference/CUST-42');
		expect(again.json).toMatchObject({ name: 'Boulangerie Martin', comment: 'gold', id: created.json.id });
		// a reference with a slash and accents round-trips through the path encoding
		await upsert('Nice/Est é', { name: 'N' });
		expect((await get(`/customers/reference/${encodeURIComponent('Nice/Est é')}`)).json.reference).toBe('Nice/Est é');
	});

	test('not found: 404 not_found; empty reference: 400 missing_param; no or expired session: refused', async () => {
		const missing = await get('/customers/reference/NOPE');
		expect(missing.status).toBe(404);
		expect(missing.json).toEqual({ error: 'not_found', error_description: "The customer with the id NOPE doesn't exist." });
		expect((await get('/customers/reference/')).json.error).toBe('missing_param');
		await upsert('R1', { name: 'R' });
		for (const p of ['/customers/reference/R1', '/customers']) {
			expect((await get(p, {})).status).toBe(401);
			expect((await get(p, { cookie: 'JSESSIONID=FFFF' })).json.error).toBe('unauthorized');
		}
		sb.configure({ valomnia: { unauthorizedStyle: 'redirect' } });
		const redirected = await get('/customers', { 'x-requested-with': 'XMLHttpRequest' });
		expect(redirected.status).toBe(302);
		expect(redirected.headers.get('location')).toBe(`${root()}/login/authAjax`);
		sb.config.valomnia.expireSessions = true;
		expect((await get('/customers/reference/R1')).status).toBe(302);
		expect(sb.state.valomnia.stats.unauthorized).toBeGreaterThan(0);
	});

	test('Get Many: { paging: { total, max, offset, previous, next }, data } with the customers as GET shows them', async () => {
		await upsert('A', { name: 'Alpha' });
		await upsert('B', { name: 'Beta' });
		const r = await get('/customers');
		expect(r.status).toBe(200);
		expect(r.json.paging).toEqual({ total: 2, max: 100, offset: 0, previous: null, next: null });
		expect(r.json.data).toEqual([(await get('/customers/reference/A')).json, (await get('/customers/reference/B')).json]);
		sb.reset();
		cookie = await login();
		expect((await get('/customers')).json).toEqual({ paging: { total: 0, max: 100, offset: 0, previous: null, next: null }, data: [] });
	});

	test('paging walk by offset and by next links: every customer exactly once; max capped at 100', async () => {
		const all = [];
		for (let i = 0; i < 27; i++) {
			const ref = `REF-${String(i).padStart(2, '0')}`;
			all.push(ref);
			await upsert(ref, { name: i % 3 ? 'Same' : 'Other' });
		}
		for (const [max, query] of [[5, ''], [4, '&sort=name&order=desc'], [27, ''], [10, '&sort=reference&order=asc']]) {
			const seen = [];
			for (let offset = 0; ; offset += max) {
				const r = await get(`/customers?max=${max}&offset=${offset}${query}`);
				expect(r.json.paging).toMatchObject({ total: 27, max, offset });
				seen.push(...r.json.data.map((c) => c.reference));
				if (!r.json.paging.next) break;
			}
			expect(seen).toHaveLength(27);
			expect([...seen].sort()).toEqual(all);
		}
		// following next keeps sort/order/filters
		const seen = [];
		let url = api('/customers?max=4&sort=reference&order=desc&name=Same');
		let pages = 0;
		while (url && pages++ < 20) {
			const r = await http(url, { headers: { cookie } });
			expect(r.json.paging.total).toBe(18);
			seen.push(...r.json.data.map((c) => c.reference));
			if (r.json.paging.offset > 0) expect(r.json.paging.previous).toContain('name=Same');
			url = r.json.paging.next;
		}
		expect(seen).toEqual(all.filter((_, i) => i % 3).reverse());
		const big = await get('/customers?max=500');
		expect(big.json.paging).toMatchObject({ total: 27, max: 100, next: null });
		expect(big.json.data).toHaveLength(27);
		const past = await get('/customers?max=10&offset=30');
		expect(past.json.data).toEqual([]);
		expect(past.json.paging).toMatchObject({ total: 27, next: null });
		expect(past.json.paging.previous).toContain('offset=20');
	});

	test('filters: wildcard reference / name (case-insensitive, whole value), date filters; bad parameters 400 invalid_param_type', async () => {
		await upsert('Ref-61', { name: 'Café Lyon' });
		await upsert('Ref-62', { name: 'café Nice' });
		await upsert('Ref-7', { name: 'Boulangerie' });
		const refs = async (q) => (await get(`/customers?${q}`)).json.data.map((c) => c.reference);
		expect(await refs('reference=Ref-6*')).toEqual(['Ref-61', 'Ref-62']);
		expect(await refs('reference=ref-7')).toEqual(['Ref-7']);
		expect(await refs('reference=Ref-')).toEqual([]);
		expect(await refs(`name=${encodeURIComponent('CAFÉ*')}`)).toEqual(['Ref-61', 'Ref-62']);
		expect(await refs('name=*Nice&reference=Ref-6*')).toEqual(['Ref-62']);
		expect(await refs('name=a.*')).toEqual([]);
		expect(await refs('dateCreated_gte=2000-01-01T00:00:00Z')).toHaveLength(3);
		expect(await refs('lastUpdated_lt=2000-01-01T00:00:00Z')).toEqual([]);
		expect(await refs('dateCreated_lte=2999-01-01T00:00:00Z&sort=name&order=asc')).toEqual(['Ref-7', 'Ref-61', 'Ref-62']);
		for (const [q, field] of [
			['max=0', 'max'],
			['max=x', 'max'],
			['offset=-1', 'offset'],
			['order=up', 'order'],
			['sort=nope', 'sort'],
			['dateCreated_gt=2024-01-01', 'dateCreated_gt'],
		]) {
			const r = await get(`/customers?${q}`);
			expect([q, r.status, r.json.error]).toEqual([q, 400, 'invalid_param_type']);
			expect(r.json.error_description).toContain(field);
		}
		// the same paging applies to the dropdown lists
		const cats = await get('/customerCategories?max=2&sort=reference&order=asc');
		expect(cats.json.data.map((c) => c.reference)).toEqual(['jewelry', 'retail']);
		expect(cats.json.paging).toMatchObject({ total: 3, max: 2, offset: 0, previous: null });
		expect(cats.json.paging.next).toBe(api('/customerCategories?max=2&sort=reference&order=asc&offset=2'));
	});
});

// ---------- Client Toolbox ----------

describe('Client Toolbox: customer_info and customer_search on the upserts\' state', () => {
	const CRED = { user_id: 'john1970', user_password: '1959caadac9b13dcb3', account_id: 'greatwidgets' };
	const call = (fields, headers = {}) =>
		http(sb.baseUrl('clienttoolbox'), { method: 'POST', headers: { ...FORM, ...headers }, body: form({ ...CRED, ...fields }) });
	const record = (fields) => call({ type: 'record_customer', customer_action: 'edit', output: 'JSON', ...fields });
	const info = (fields) => call({ type: 'customer_info', output: 'JSON', ...fields });
	const search = (fields) => call({ type: 'customer_search', output: 'JSON', ...fields });
	const firstNames = async (fields) => (await search(fields)).json.customers.map((c) => c.first_name);

	test('record_customer then customer_info by code and by card number returns the stored fields', async () => {
		const created = await record({ first_name: 'Jane', last_name: 'Doe', email: 'jane@x.test', card_number: '0012345678', custom_field: 'vip', custom_field_4: 'Gouda', customer_password: 'pw-secret', customer_PIN: '4321', customer_username: 'jd' });
		expect(created.json).toMatchObject({ status: 'success', customer: { status: 'new' } });
		const code = created.json.customer.code;
		const byCode = await info({ code });
		expect(byCode.status).toBe(200);
		expect(byCode.json).toEqual({
			status: 'success',
			customer: {
				code,
				card_number: '0012345678',
				first_name: 'Jane',
				last_name: 'Doe',
				phone: '',
				email: 'jane@x.test',
				street1: '',
				street2: '',
				city: '',
				state: '',
				postal_code: '',
				country: '',
				custom_date: '',
				custom1: 'vip',
				customer_username: 'jd',
				custom4: 'Gouda',
			},
		});
		expect(byCode.text).not.toContain('pw-secret');
		expect(byCode.text).not.toContain('4321');
		expect((await info({ card_number: '0012345678' })).json).toEqual(byCode.json);

		await record({ code, city: 'Auckland', auto_add: '25' });
		const updated = await info({ code, include_balances: 'yes' });
		expect(updated.json.customer).toMatchObject({ city: 'Auckland', first_name: 'Jane', balance: 25 });
		expect((await info({ code })).json.customer).not.toHaveProperty('balance');
	});

	test('customer_info in XML (the default) and JSONP', async () => {
		const { json } = await record({ first_name: 'X<&>', card_number: '77' });
		const xml = await call({ type: 'customer_info', code: json.customer.code });
		expect(xml.headers.get('content-type')).toMatch(/text\/xml/);
		expect(xml.text).toMatch(/^<response status="success">\n\t<customer>\n\t\t<code>\d{16}<\/code>\n\t\t<card_number>77<\/card_number>\n\t\t<first_name>X&lt;&amp;&gt;<\/first_name>/);
		const jsonp = await info({ code: json.customer.code, callback: 'cb' });
		expect(jsonp.text).toMatch(/^cb\(\{[\s\S]*"first_name": "X<&>"[\s\S]*\}\);$/);
	});

	test('customer_info not found, no key given, shared card number: status error with HTTP 200', async () => {
		const missing = await info({ code: '9999999999999999' });
		expect(missing.status).toBe(200);
		expect(missing.json).toEqual({ status: 'error', error: 'Customer not found.' });
		expect((await info({ card_number: 'nope' })).json).toEqual({ status: 'error', error: 'Customer not found.' });
		expect((await info({})).json).toEqual({ status: 'error', error: 'code or card_number is required.' });
		await call({ type: 'record_customer', customer_action: 'new', first_name: 'A', card_number: 'dup' });
		await call({ type: 'record_customer', customer_action: 'new', first_name: 'B', card_number: 'dup' });
		expect((await info({ card_number: 'dup' })).json).toEqual({ status: 'error', error: 'More than one customer matches card_number dup.' });
		const xml = await call({ type: 'customer_info', code: '1' });
		expect(xml.text).toBe('<response status="error">\n\t<error>Customer not found.</error>\n</response>\n');
	});

	test('auth refused for customer_info and customer_search: wrong key, user, account; the header key wins', async () => {
		const { json } = await record({ first_name: 'K' });
		for (const bad of [{ user_password: 'nope' }, { user_id: 'someone' }]) {
			for (const type of ['customer_info', 'customer_search']) {
				const r = await call({ type, output: 'JSON', code: json.customer.code, ...bad });
				expect(r.status).toBe(200);
				expect(r.json).toEqual({ status: 'error', error: 'Invalid user_id or user_password (API key).' });
			}
		}
		expect((await info({ code: json.customer.code, account_id: 'otherwidgets' })).json.status).toBe('error');
		expect((await info({ code: json.customer.code, account_id: '' })).json).toEqual({ status: 'error', error: 'account_id is required.' });
		expect((await call({ type: 'customer_search', output: 'JSON' }, { api_access_key: 'wrong' })).json.status).toBe('error');
		const viaHeader = await call({ type: 'customer_info', output: 'JSON', code: json.customer.code, user_password: 'ignored' }, { api_access_key: CRED.user_password });
		expect(viaHeader.json.status).toBe('success');
		expect(sb.state.clienttoolbox.stats.unauthorized).toBe(5);
	});

	test('customer_search without a filter returns every customer once, in creation order', async () => {
		const names = [];
		for (let i = 0; i < 12; i++) {
			names.push(`N${i}`);
			await record({ first_name: `N${i}`, send_no_email: 'true' });
		}
		const all = await search({});
		expect(all.json.status).toBe('success');
		expect(all.json.customers.map((c) => c.first_name)).toEqual(names);
		expect(new Set(all.json.customers.map((c) => c.code)).size).toBe(12);
		// parameters that are not documented filters are ignored, empty filters too
		expect(await firstNames({ country: 'NZ', street1: 'x', first_name: '' })).toEqual(names);
		sb.reset();
		expect((await search({})).json).toEqual({ status: 'success', customers: [] });
		expect((await call({ type: 'customer_search' })).text).toBe('<response status="success">\n\t<customers>\n\t</customers>\n</response>\n');
	});

	test('customer_search by field: partial and case-insensitive by default; exact_match sensitive / insensitive; several filters AND', async () => {
		await record({ first_name: 'Anna', last_name: 'Smith', city: 'Wellington', email: 'anna@x.test', custom_field_2: 'Gold member' });
		await record({ first_name: 'anna', last_name: 'Smithers', city: 'Auckland', email: 'anna2@x.test' });
		await record({ first_name: 'Hannah', last_name: 'Jones', city: 'wellington', card_number: '5550001' });
		expect(await firstNames({ first_name: 'ann' })).toEqual(['Anna', 'anna', 'Hannah']);
		expect(await firstNames({ first_name: 'Anna', exact_match: 'sensitive' })).toEqual(['Anna']);
		expect(await firstNames({ first_name: 'ANNA', exact_match: 'insensitive' })).toEqual(['Anna', 'anna']);
		expect(await firstNames({ first_name: 'ANNA', exact_match: 'sensitive' })).toEqual([]);
		expect(await firstNames({ last_name: 'Smith', exact_match: 'insensitive' })).toEqual(['Anna']);
		expect(await firstNames({ last_name: 'smith' })).toEqual(['Anna', 'anna']);
		expect(await firstNames({ last_name: 'smith', exact_match: 'partial' })).toEqual(['Anna', 'anna']);
		expect(await firstNames({ city: 'wellington', first_name: 'an' })).toEqual(['Anna', 'Hannah']);
		expect(await firstNames({ city: 'wellington', exact_match: 'sensitive' })).toEqual(['Hannah']);
		expect(await firstNames({ card_number: '5550001', exact_match: 'sensitive' })).toEqual(['Hannah']);
		expect(await firstNames({ custom_field_2: 'gold' })).toEqual(['Anna']);
		expect(await firstNames({ email: 'nobody@x.test', exact_match: 'sensitive' })).toEqual([]);
		// the rows have the customer_info shape; balances only when asked
		const [row] = (await search({ first_name: 'Hannah', include_balances: 'yes' })).json.customers;
		expect(row).toMatchObject({ first_name: 'Hannah', card_number: '5550001', balance: 0, custom1: '' });
		const { code } = row;
		const [plain] = (await search({ first_name: 'Hannah' })).json.customers;
		expect({ status: 'success', customer: plain }).toEqual((await info({ code })).json);
		expect(sb.state.clienttoolbox.stats.searches).toBeGreaterThan(10);
	});
});
