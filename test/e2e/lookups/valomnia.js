'use strict';
// The valomnia look-up examples (Get, Search): entries of the e2e manifest (see ../manifest.js for
// the fields). `lookupNodes` lists the nodes whose items are Get/Search results; their shape
// (LOOKUP_KEYS) is checked in every run, and they are not counted as added/updated.
//
// These examples may run after the other Valomnia examples (whose customers and session are then
// in the sandbox) or on their own: the checks look only at their own references (VL-6…, VL-7…),
// and accept a login in the run or a session stored by an earlier one.

const assert = require('node:assert/strict');

const LOGIN_PATH = '/j_spring_security_check';

/** Sort order for request lists: the nodes send items in parallel, so the log order varies. */
const byText = (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/**
 * Valomnia's side of a run: at most one login (none when an earlier run stored the session in
 * the credential), every API call with the session cookie of a live session and the ajax
 * header, none refused. Returns the API requests.
 */
function valomniaApiRequests(ctx) {
	const requests = ctx.requests.filter((r) => r.vendor === 'valomnia');
	const logins = requests.filter((r) => r.path === LOGIN_PATH);
	assert.ok(logins.length <= 1, `at most one login in this run, got ${logins.length}`);
	if (logins.length) assert.equal(requests[0], logins[0], 'the login comes before any customer call');
	const api = requests.filter((r) => r.path.startsWith('/api/'));
	assert.equal(api.length, requests.length - logins.length, 'nothing but the login and API calls (no redirect followed)');
	for (const r of api) {
		const match = /(?:^|; )JSESSIONID=([^;]+)/.exec(r.headers.cookie || '');
		assert.ok(match, `session cookie on ${r.method} ${r.path}`);
		const session = ctx.state.valomnia.sessions.get(match[1]);
		assert.ok(session && !session.expired, `a live session on ${r.method} ${r.path}`);
		assert.equal(r.headers['x-requested-with'], 'XMLHttpRequest');
		assert.notEqual(r.status, 401, `${r.method} ${r.path} was not refused for its session`);
	}
	return api;
}

const QUERY = (path) => Object.fromEntries(new URL(path, 'http://sandbox').searchParams);

// ---------- Upsert, then Get by reference ----------

const UPSERT_THEN_GET = [
	{ key: 'VL-6001', name: 'Boulangerie Martin', email: 'contact@martin.example', city: 'Lyon' },
	{ key: 'VL-6002', name: 'Fromagerie Dupont', email: 'bonjour@dupont.example', city: 'Lyon' },
];
const UNKNOWN_REFERENCE = 'VL-6999';

function checkUpsertThenGet(ctx, action) {
	const customers = ctx.state.valomnia.customers;
	const upserts = ctx.nodes['Upsert customer in Valomnia'];
	assert.deepEqual(
		upserts.map((r) => [r.key, r.action, r.success]),
		UPSERT_THEN_GET.map((c) => [c.key, action, true]),
	);
	// the Get node: the two customers as Valomnia has them now, then the unknown reference
	const got = ctx.nodes['Get customer from Valomnia'];
	assert.equal(got.length, 3);
	for (const [i, c] of UPSERT_THEN_GET.entries()) {
		const rec = customers.get(c.key);
		assert.ok(rec, `customer ${c.key} exists in Valomnia`);
		assert.equal(rec.version, action === 'added' ? 0 : 1);
		assert.equal(rec.fields.billingCity, c.city);
		assert.match(rec.fields.comment, /^Synced by n8n at \d{4}-/);
		const g = got[i];
		assert.deepEqual(
			[g.vendor, g.resource, g.operation, g.success, g.found, g.key, g.id],
			['valomnia', 'customer', 'get', true, true, c.key, rec.id],
		);
		assert.equal(g.id, upserts[i].id, 'the id the upsert returned');
		assert.equal(g.record.reference, c.key);
		assert.equal(g.record.name, c.name);
		assert.equal(g.record.email, c.email);
		assert.equal(g.record.billingCity, c.city);
		assert.equal(g.record.lastUpdated, rec.lastUpdated, 'read after the upsert: the current record');
	}
	assert.deepEqual(got[2], {
		vendor: 'valomnia',
		resource: 'customer',
		operation: 'get',
		success: true,
		found: false,
		id: null,
		key: UNKNOWN_REFERENCE,
		record: null,
	});
	assert.equal(customers.get(UNKNOWN_REFERENCE), undefined, 'a Get creates nothing');
	// the If node branches on found
	assert.deepEqual(
		(ctx.nodes.Found || []).map((f) => [f.reference, f.valomniaId, f.name, f.email, f.lastUpdated]),
		UPSERT_THEN_GET.map((c) => {
			const rec = customers.get(c.key);
			return [c.key, rec.id, c.name, c.email, rec.lastUpdated];
		}),
	);
	assert.deepEqual(
		(ctx.nodes['Not found'] || []).map((n) => [n.reference, n.outcome]),
		[[UNKNOWN_REFERENCE, 'not in Valomnia']],
	);
	// one POST per customer, then one GET per reference: 200, 200 and 404 not_found for the unknown one
	const api = valomniaApiRequests(ctx);
	const ref = (key) => `/api/v2.1/customers/reference/${encodeURIComponent(key)}`;
	assert.deepEqual(
		api.map((r) => [r.method, r.path, r.status]).sort(byText),
		[
			...UPSERT_THEN_GET.map((c) => ['POST', ref(c.key), action === 'added' ? 201 : 200]),
			...UPSERT_THEN_GET.map((c) => ['GET', ref(c.key), 200]),
			['GET', ref(UNKNOWN_REFERENCE), 404],
		].sort(byText),
	);
	const lastPost = Math.max(...api.map((r, i) => (r.method === 'POST' ? i : -1)));
	const firstGet = api.findIndex((r) => r.method === 'GET');
	assert.ok(lastPost < firstGet, 'every read comes after the upserts');
	for (const r of api.filter((x) => x.method === 'GET')) assert.equal(r.rawBody || '', '', 'a GET has no body');
}

// ---------- Get Many ----------

const GET_MANY = [
	{ key: 'VL-7001', name: 'Épicerie Nord' },
	{ key: 'VL-7002', name: 'Épicerie Sud' },
	{ key: 'VL-7003', name: 'Épicerie Est' },
	{ key: 'VL-7004', name: 'Boucherie Centre' },
];
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function checkGetMany(ctx, action) {
	const customers = ctx.state.valomnia.customers;
	const upserts = ctx.nodes['Upsert customer in Valomnia'];
	assert.deepEqual(
		upserts.map((r) => [r.key, r.action, r.success]),
		GET_MANY.map((c) => [c.key, action, true]),
	);
	const api = valomniaApiRequests(ctx);
	const lists = api.filter((r) => r.method === 'GET');
	assert.equal(lists.length, 2, 'Execute Once: one list request per Get Many node, not one per input item');
	assert.equal(api.filter((r) => r.method === 'POST').length, GET_MANY.length);
	for (const r of lists) {
		assert.equal(r.status, 200);
		assert.ok(r.path.startsWith('/api/v2.1/customers?'), r.path);
	}
	const queries = lists.map((r) => QUERY(r.path));
	const all = queries.find((q) => q.max === '100');
	const firstTwo = queries.find((q) => q.max === '2');
	assert.ok(all && firstTwo, `the two list requests: ${JSON.stringify(queries)}`);

	// "All VL-7 customers": Return All (pages of 100), created in the last day, newest reference first
	const { dateCreated_gte: since, ...rest } = all;
	assert.deepEqual(rest, { max: '100', offset: '0', sort: 'reference', order: 'desc', reference: 'VL-7*' });
	assert.match(since, ISO_SECONDS, "the date filter in Valomnia's format (UTC, to the second)");
	const dayAgo = Date.now() - 24 * 3600 * 1000;
	// a day in the workflow's time zone: 23 to 25 hours around a daylight saving change
	assert.ok(Math.abs(Date.parse(since) - dayAgo) < 2 * 3600 * 1000, `dateCreated_gte ${since} is about a day ago`);
	const listed = ctx.nodes['All VL-7 customers'];
	const expected = [...GET_MANY].sort((a, b) => b.key.localeCompare(a.key));
	assert.deepEqual(
		listed.map((r) => [r.vendor, r.operation, r.success, r.found, r.key, r.record.reference, r.record.name, r.id]),
		expected.map((c) => [
			'valomnia',
			'search',
			true,
			true,
			`reference=VL-7*&dateCreated_gte=${since}`,
			c.key,
			c.name,
			customers.get(c.key).id,
		]),
	);
	assert.deepEqual(
		(ctx.nodes['Customer list'] || []).map((c) => [c.reference, c.name, c.valomniaId]),
		expected.map((c) => [c.key, c.name, customers.get(c.key).id]),
	);

	// "First two épiceries": Limit 2, by name
	assert.deepEqual(firstTwo, { max: '2', offset: '0', sort: 'name', order: 'asc', reference: 'VL-7*', name: 'Épicerie*' });
	assert.deepEqual(
		ctx.nodes['First two épiceries'].map((r) => [r.record.name, r.key]),
		[
			['Épicerie Est', 'reference=VL-7*&name=Épicerie*'],
			['Épicerie Nord', 'reference=VL-7*&name=Épicerie*'],
		],
	);
}

module.exports = [
	{
		id: 'csValomniaUpsertGet',
		file: 'examples/valomnia-upsert-then-get.json',
		title: 'Upsert Valomnia customers, then read them back by reference',
		vendors: ['valomnia'],
		credentials: ['referenceCustomersApi'],
		resultNodes: ['Upsert customer in Valomnia'],
		lookupNodes: ['Get customer from Valomnia'],
		runs: [
			{
				label: 'first run: two references added and read back, an unknown one on the "Not found" branch',
				expect: { added: 2 },
				check: (ctx) => checkUpsertThenGet(ctx, 'added'),
			},
			{
				label: 'second run: both updated and read back as they are now',
				expect: { updated: 2 },
				check: (ctx) => checkUpsertThenGet(ctx, 'updated'),
			},
		],
	},
	{
		id: 'csValomniaGetMany',
		file: 'examples/valomnia-get-many-customers.json',
		title: 'List Valomnia customers by reference prefix (Get Many)',
		vendors: ['valomnia'],
		credentials: ['referenceCustomersApi'],
		resultNodes: ['Upsert customer in Valomnia'],
		lookupNodes: ['All VL-7 customers', 'First two épiceries'],
		runs: [
			{
				label: 'first run: four customers added, listed by VL-7* and a day-old date filter; the first two épiceries by name',
				expect: { added: 4 },
				check: (ctx) => checkGetMany(ctx, 'added'),
			},
			{
				label: 'second run: the same four updated, the same lists',
				expect: { updated: 4 },
				check: (ctx) => checkGetMany(ctx, 'updated'),
			},
		],
	},
];
