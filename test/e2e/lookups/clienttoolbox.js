'use strict';
// The clienttoolbox look-up examples (Get, Search): entries of the e2e manifest (see ../manifest.js for
// the fields). `lookupNodes` lists the nodes whose items are Get/Search results; their shape
// (LOOKUP_KEYS) is checked in every run, and they are not counted as added/updated.

const assert = require('node:assert/strict');

const { LOYALTY_USER, LOYALTY_KEY, LOYALTY_ACCOUNT } = require('../credentials');

/**
 * Client Toolbox's side of a run: exactly these calls (form `type` and the fields that matter),
 * in any order (items go out in parallel), each to /api.php with the key in the api_access_key
 * header (the e2e credential's placement) and never in the form, each answered 200.
 */
function assertLoyaltyCalls(ctx, expected) {
	const requests = ctx.requests.filter((r) => r.vendor === 'clienttoolbox');
	const shown = (r) => JSON.stringify(Object.fromEntries(Object.keys(expected[0]).map((k) => [k, r.form[k]])));
	assert.deepEqual(requests.map(shown).sort(), expected.map((e) => JSON.stringify(e)).sort(), 'the Client Toolbox calls of this run');
	for (const r of requests) {
		assert.equal(r.method, 'POST');
		assert.equal(r.path, '/api.php');
		assert.equal(r.status, 200);
		assert.equal(r.headers.api_access_key, LOYALTY_KEY, 'API key in the api_access_key header');
		assert.equal(r.form.user_password, undefined, 'no user_password in the form when the header carries the key');
		assert.ok(!r.rawBody.includes(LOYALTY_KEY), 'the key is nowhere in the body');
		assert.equal(r.form.user_id, LOYALTY_USER);
		assert.equal(r.form.account_id, LOYALTY_ACCOUNT);
		assert.match(r.headers['content-type'], /^application\/x-www-form-urlencoded/);
	}
	assert.equal(ctx.state.clienttoolbox.stats.unauthorized, 0);
}

function assertUpserts(ctx, customers, action) {
	const results = ctx.nodes['Upsert customer in Client Toolbox'];
	assert.deepEqual(
		results.map((r) => [r.vendor, r.operation, r.success, r.action, r.id, r.key]),
		customers.map((c) => ['clienttoolbox', 'upsert', true, action, c.code, c.code]),
	);
}

// ---------- upsert, then get ----------

const GET_CUSTOMERS = [
	{ code: '4820193847562001', card: 'E2E-GET-2001', first_name: 'Katherine', last_name: 'Johnson', email: 'katherine@example.com', city: 'Hampton' },
	{ code: '4820193847562002', card: 'E2E-GET-2002', first_name: 'Dorothy', last_name: 'Vaughan', email: 'dorothy@example.com', city: 'Hampton' },
];

function checkUpsertThenGet(ctx, action) {
	assertUpserts(ctx, GET_CUSTOMERS, action);
	const byCode = ctx.nodes['Get by code'];
	const byCard = ctx.nodes['Get by card number'];
	const unknown = ctx.nodes['Get a code nobody has'];
	assert.equal(byCode.length, GET_CUSTOMERS.length);
	assert.equal(byCard.length, GET_CUSTOMERS.length);
	assert.equal(unknown.length, GET_CUSTOMERS.length);
	for (const [i, c] of GET_CUSTOMERS.entries()) {
		// by code (XML reply, with balances): the customer the upsert stored
		assert.deepEqual(
			[byCode[i].resource, byCode[i].operation, byCode[i].found, byCode[i].id, byCode[i].key],
			['customer', 'get', true, c.code, c.code],
		);
		const record = byCode[i].record;
		assert.deepEqual(
			[record.code, record.card_number, record.first_name, record.last_name, record.email, record.city],
			[c.code, c.card, c.first_name, c.last_name, c.email, c.city],
		);
		assert.equal(record.balance, '0', 'Include Balances: the balance, as text in an XML reply');
		assert.equal(record.customer_password, undefined);
		// by card number (JSON reply): the same customer; the key is the card number, the id its code
		assert.deepEqual([byCard[i].operation, byCard[i].found, byCard[i].id, byCard[i].key], ['get', true, c.code, c.card]);
		const { balance, ...withoutBalance } = record;
		assert.deepEqual(byCard[i].record, withoutBalance, 'XML and JSON replies give the same record');
		// a code nobody has: found false (On Not Found = Return Found = False)
		assert.deepEqual(unknown[i], {
			vendor: 'clienttoolbox',
			resource: 'customer',
			operation: 'get',
			success: true,
			found: false,
			id: null,
			key: `${c.code}-unknown`,
			record: null,
		});
		const stored = ctx.state.clienttoolbox.customers.get(c.code);
		assert.ok(stored, `customer ${c.code} exists in Client Toolbox`);
		assert.equal(stored.card_number, c.card);
	}
	const none = { code: undefined, card_number: undefined, include_balances: undefined, output: undefined };
	assertLoyaltyCalls(ctx, [
		...GET_CUSTOMERS.map((c) => ({ ...none, type: 'record_customer', code: c.code, card_number: c.card })),
		...GET_CUSTOMERS.map((c) => ({ ...none, type: 'customer_info', code: c.code, include_balances: 'yes' })),
		...GET_CUSTOMERS.map((c) => ({ ...none, type: 'customer_info', card_number: c.card, output: 'JSON' })),
		...GET_CUSTOMERS.map((c) => ({ ...none, type: 'customer_info', code: `${c.code}-unknown` })),
	]);
}

// ---------- search ----------

const SEARCH_CUSTOMERS = [
	{ code: '4820193847563001', first_name: 'Mary', last_name: 'Jackson' },
	{ code: '4820193847563002', first_name: 'Annie', last_name: 'Jackson' },
	{ code: '4820193847563003', first_name: 'Christine', last_name: 'JACKSON-DARDEN' },
];

function checkSearch(ctx, action) {
	assertUpserts(ctx, SEARCH_CUSTOMERS, action);
	// partial and case-insensitive (the default): all three, in the order they were created
	const partial = ctx.nodes['Search partial'];
	assert.deepEqual(
		partial.map((r) => [r.operation, r.found, r.id, r.key, r.record.first_name, r.record.last_name, r.record.city]),
		SEARCH_CUSTOMERS.map((c) => ['search', true, c.code, 'last_name=jackson&city=Searchville', c.first_name, c.last_name, 'Searchville']),
	);
	// exact_match=sensitive: the two "Jackson"s match; Limit 1 outputs the first; JSON reply with balances
	const exact = ctx.nodes['Search exact, case-sensitive'];
	assert.equal(exact.length, 1, 'Limit 1');
	assert.deepEqual(
		[exact[0].id, exact[0].key, exact[0].record.first_name, exact[0].record.balance],
		[SEARCH_CUSTOMERS[0].code, 'last_name=Jackson&city=Searchville', 'Mary', 0],
	);
	// no match: the node outputs no item
	assert.deepEqual(ctx.nodes['Search a name nobody has'], []);
	const none = { last_name: undefined, city: undefined, exact_match: undefined, include_balances: undefined, output: undefined };
	assertLoyaltyCalls(ctx, [
		...SEARCH_CUSTOMERS.map((c) => ({ ...none, type: 'record_customer', last_name: c.last_name, city: 'Searchville' })),
		// Execute Once: one search each, whatever the number of items
		{ ...none, type: 'customer_search', last_name: 'jackson', city: 'Searchville' },
		{ ...none, type: 'customer_search', last_name: 'Jackson', city: 'Searchville', exact_match: 'sensitive', include_balances: 'yes', output: 'JSON' },
		{ ...none, type: 'customer_search', last_name: 'Nobody-Has-This-Name', exact_match: 'insensitive' },
	]);
}

module.exports = [
	{
		id: 'csLoyaltyUpsertGet',
		file: 'examples/clienttoolbox-upsert-then-get.json',
		title: 'Client Toolbox: upsert, then get by code and by card number',
		vendors: ['clienttoolbox'],
		credentials: ['loyaltyApi'],
		resultNodes: ['Upsert customer in Client Toolbox'],
		lookupNodes: ['Get by code', 'Get by card number', 'Get a code nobody has'],
		runs: [
			{
				label: 'first run: two members created, read back by code and by card number; an unknown code gives found: false',
				expect: { added: 2 },
				check: (ctx) => checkUpsertThenGet(ctx, 'added'),
			},
			{
				label: 'second run: both updated, read back the same way',
				expect: { updated: 2 },
				check: (ctx) => checkUpsertThenGet(ctx, 'updated'),
			},
		],
	},
	{
		id: 'csLoyaltySearch',
		file: 'examples/clienttoolbox-search-customers.json',
		title: 'Client Toolbox: search customers (partial, exact, no match)',
		vendors: ['clienttoolbox'],
		credentials: ['loyaltyApi'],
		resultNodes: ['Upsert customer in Client Toolbox'],
		lookupNodes: ['Search partial', 'Search exact, case-sensitive'],
		runs: [
			{
				label: 'first run: three members created, then found by a partial and by an exact search',
				expect: { added: 3 },
				check: (ctx) => checkSearch(ctx, 'added'),
			},
			{
				label: 'second run: the same three updated and found again, no duplicates',
				expect: { updated: 3 },
				check: (ctx) => checkSearch(ctx, 'updated'),
			},
		],
	},
];
