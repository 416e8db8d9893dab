'use strict';
// The riverty look-up examples (Get, Search): entries of the e2e manifest (see ../manifest.js for
// the fields). `lookupNodes` lists the nodes whose items are Get/Search results; their shape
// (LOOKUP_KEYS) is checked in every run, and they are not counted as added/updated.
//
// These run after the other examples on the same sandbox state and the same n8n: other Riverty
// customers exist already (the checks look only at their own numbers), and the access token the
// earlier runs stored in the credential is reused (no token request then).

const assert = require('node:assert/strict');

const { RIVERTY_CLIENT_ID, RIVERTY_OAUTH_CLIENT } = require('../credentials');

const TOKEN_PATH = '/identity/oauth/token';
const CUSTOMERS_PATH = `/customer/v1/clients/${RIVERTY_CLIENT_ID}/customers`;
const byText = (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/**
 * Riverty's side of one run: at most one token request (only when no earlier run stored a
 * token), every customer call with that one Bearer token and none refused for it. Returns the
 * customer-service calls as [method, path, status], sorted (items go out in parallel).
 */
function rivertyCalls(ctx) {
	const requests = ctx.requests.filter((r) => r.vendor === 'riverty');
	const tokenRequests = requests.filter((r) => r.path === TOKEN_PATH);
	const issued = ctx.state.riverty.issued;
	const issuedBefore = issued.length - tokenRequests.length;
	assert.equal(tokenRequests.length, issuedBefore === 0 ? 1 : 0, `token requests in this run (${issuedBefore} issued before)`);
	assert.equal(issued.length, 1, 'one token for all the runs of this n8n');
	for (const t of tokenRequests) {
		assert.equal(t.form.client_id, RIVERTY_OAUTH_CLIENT);
		assert.equal(t.form.grant_type, 'client_credentials');
	}
	const api = requests.filter((r) => r.path !== TOKEN_PATH);
	for (const r of api) assert.equal(r.headers.authorization, `Bearer ${issued[0]}`, `Bearer token on ${r.method} ${r.path}`);
	assert.equal(ctx.state.riverty.stats.unauthorized, 0, 'no call was refused for its token');
	return api.map((r) => [r.method, r.path, r.status]).sort(byText);
}

// ---------- upsert, then Get each (and one unknown number) ----------

const GET_CUSTOMERS = [
	{ key: 'RG-7001', type: 'Person', person: { firstName: 'Ingrid', lastName: 'Berg' }, email: 'ingrid@example.com' },
	{ key: 'RG-7002', type: 'Company', company: { name: 'Nordlys Bakeri AS', organizationNumber: '912345678' }, email: 'post@nordlys.example' },
];
const UNKNOWN = 'RG-7999';

function checkUpsertThenGet(ctx) {
	const upserts = ctx.nodes['Upsert customer in Riverty'];
	assert.deepEqual(
		upserts.map((r) => [r.key, r.id, r.action, r.success]),
		GET_CUSTOMERS.map((c) => [c.key, c.key, 'upserted', true]),
	);
	const gets = ctx.nodes['Get customer from Riverty'];
	assert.deepEqual(
		gets.map((r) => [r.vendor, r.resource, r.operation, r.key, r.found, r.id]),
		[
			...GET_CUSTOMERS.map((c) => ['riverty', 'customer', 'get', c.key, true, c.key]),
			['riverty', 'customer', 'get', UNKNOWN, false, null],
		],
	);
	for (const [i, c] of GET_CUSTOMERS.entries()) {
		const { record } = gets[i];
		assert.equal(record.customerNumber, c.key);
		assert.equal(record.type, c.type);
		assert.equal(record.email, c.email);
		assert.deepEqual(record.person, c.person);
		assert.deepEqual(record.company, c.company);
		assert.ok(Array.isArray(record._links) && record._links.length > 0, 'the record comes with its _links');
	}
	assert.equal(gets[2].record, null);
	// the If on found: both customers on the true branch, the unknown number on the false one
	assert.deepEqual(
		ctx.nodes.Found.map((f) => [f.outcome, f.customer, f.type, f.email]),
		GET_CUSTOMERS.map((c) => ['found', c.key, c.type, c.email]),
	);
	assert.deepEqual(ctx.nodes['Not found'], [{ outcome: 'missing', customer: UNKNOWN }]);
	// Riverty: one PUT per customer, then one GET per number (404 for the unknown one)
	const path = (key) => `${CUSTOMERS_PATH}/${encodeURIComponent(key)}`;
	assert.deepEqual(
		rivertyCalls(ctx),
		[
			...GET_CUSTOMERS.map((c) => ['PUT', path(c.key), 200]),
			...GET_CUSTOMERS.map((c) => ['GET', path(c.key), 200]),
			['GET', path(UNKNOWN), 404],
		].sort(byText),
	);
	for (const c of GET_CUSTOMERS) assert.ok(ctx.state.riverty.customers.get(`${RIVERTY_CLIENT_ID}:${c.key}`), `customer ${c.key} exists`);
	assert.equal(ctx.state.riverty.customers.get(`${RIVERTY_CLIENT_ID}:${UNKNOWN}`), undefined, 'a Get creates nothing');
}

// ---------- Search with Limit / Return All ----------

const SEARCH_CUSTOMERS = [
	['RS-8001', 'Ola', 'Nordmann'],
	['RS-8002', 'Kari', 'Nordmann'],
	['RS-8003', 'Per', 'Hansen'],
	['RS-8004', 'Siri', 'Olsen'],
	['RS-8005', 'Nils', 'Lie'],
];
const SEARCH_KEYS = SEARCH_CUSTOMERS.map(([key]) => key);
const searchPath = (perPage, order) => `${CUSTOMERS_PATH}/search?page=1&perPage=${perPage}&sort=customerNumber&order=${order}`;

function checkSearch(ctx) {
	assert.deepEqual(
		ctx.nodes['Upsert customer in Riverty'].map((r) => [r.key, r.action, r.success]),
		SEARCH_KEYS.map((key) => [key, 'upserted', true]),
	);
	const limited = ctx.nodes['Search with Limit'];
	const all = ctx.nodes['Search all'];
	// Limit 3, customer number descending (Riverty's default order): the three highest numbers
	assert.deepEqual(
		limited.map((r) => [r.operation, r.key, r.found, r.id]),
		['RS-8005', 'RS-8004', 'RS-8003'].map((id) => ['search', 'RS-80', true, id]),
	);
	// Return All, ascending: all five, and only those
	assert.deepEqual(
		all.map((r) => [r.operation, r.key, r.found, r.id]),
		SEARCH_KEYS.map((id) => ['search', 'RS-80', true, id]),
	);
	for (const r of all) {
		const [, firstName, lastName] = SEARCH_CUSTOMERS.find(([key]) => key === r.id);
		assert.equal(r.record.customerNumber, r.id);
		assert.equal(r.record.type, 'Person');
		assert.deepEqual(r.record.person, { firstName, lastName });
	}
	// one page each: perPage = Limit (3), and the documented default (100) for Return All
	const searches = ctx.requests.filter((r) => r.vendor === 'riverty' && r.path.startsWith(`${CUSTOMERS_PATH}/search`));
	for (const s of searches) assert.deepEqual(s.json, { searchValue: 'RS-80', searchColumn: 'customerNumber' });
	assert.deepEqual(
		rivertyCalls(ctx),
		[
			...SEARCH_KEYS.map((key) => ['PUT', `${CUSTOMERS_PATH}/${key}`, 200]),
			['POST', searchPath(3, 'desc'), 200],
			['POST', searchPath(100, 'asc'), 200],
		].sort(byText),
	);
}

module.exports = [
	{
		id: 'csRivertyUpsertGet',
		file: 'examples/riverty-upsert-then-get.json',
		title: 'Upsert customers into Riverty, then read them back',
		vendors: ['riverty'],
		credentials: ['rivertyApi'],
		resultNodes: ['Upsert customer in Riverty'],
		lookupNodes: ['Get customer from Riverty'],
		runs: [
			{
				label: 'two customers upserted, each read back (found), an unknown number on the "not found" branch',
				expect: { upserted: 2 },
				check: checkUpsertThenGet,
			},
		],
	},
	{
		id: 'csRivertySearch',
		file: 'examples/riverty-search-customers.json',
		title: 'Search customers in Riverty',
		vendors: ['riverty'],
		credentials: ['rivertyApi'],
		resultNodes: ['Upsert customer in Riverty'],
		lookupNodes: ['Search with Limit', 'Search all'],
		runs: [
			{
				label: 'five customers upserted; Limit 3 gives the three highest numbers, Return All all five',
				expect: { upserted: 5 },
				check: checkSearch,
			},
		],
	},
];
