'use strict';
// The example workflows (examples/*.json) and what running them in the real n8n
// must give. Used by the end-to-end test (test/e2e/examples.e2e.js) and by
// `npm run demo` (scripts/demo.js).
//
// One entry per workflow:
//   id            the workflow's "id" in its JSON (<= 21 characters; n8n execute --id)
//   file          path from the repo root
//   title         for the demo table and the test names
//   credentials   credential types it needs (entries of ./credentials.js)
//   resultNodes   nodes of this package whose output items are normalized results
//                 (counted in the demo table, shape-checked in every run)
//   runs          the workflow is run once per entry, in order, on the same sandbox
//                 state. expect: { added, updated, upserted, failed } counted over
//                 resultNodes (missing keys = 0). check(ctx) asserts the rest with
//                 node:assert (so the demo can run it too):
//                   ctx.nodes      { nodeName: [item.json, ...] } output 0 of each node
//                   ctx.outputs    { nodeName: [[...output 0], [...output 1]] }
//                   ctx.state      the sandbox state (sb.state), live
//                   ctx.requests   sandbox request log entries made during this run
//                   ctx.memo       an object kept across the runs of this workflow
//                   ctx.version    n8n version
//
// Adding a vendor's example: the workflow JSON in examples/ (node types
// "n8n-nodes-customer-sync.<node>", credentials referenced by the ids in
// ./credentials.js), its credential in ./credentials.js, one entry here.

const assert = require('node:assert/strict');

const { HYFIN_TOKEN } = require('./credentials');

const HEX24 = /^[0-9a-f]{24}$/;

/** Every request reached Hyfin with the configured header and prefix, and nothing else carried the token. */
function assertHyfinAuth(requests, count) {
	assert.equal(requests.length, count, `expected ${count} Hyfin requests, got ${requests.length}`);
	for (const r of requests) {
		assert.equal(r.headers['x-access-token'], `Token ${HYFIN_TOKEN}`, `token header on ${r.method} ${r.path}`);
		assert.equal(r.headers.authorization, undefined, 'no Authorization header when another header is configured');
		assert.equal(r.status, 200, `${r.method} ${r.path} answered ${r.status}`);
	}
}

const CUSTOMERS = [
	{ key: 'C-1001', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', mobile_phone: '555-0101' },
	{ key: 'C-1002', first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', mobile_phone: '555-0102' },
	{ key: 'C-1003', first_name: 'Alan', last_name: 'Turing', email: 'alan@example.com', mobile_phone: '555-0103' },
];

function checkHyfinCustomers(ctx, action) {
	const results = ctx.nodes['Upsert customer in Hyfin'];
	assert.deepEqual(
		results.map((r) => [r.key, r.action, r.success]),
		CUSTOMERS.map((c) => [c.key, action, true]),
	);
	for (const r of results) {
		assert.equal(r.vendor, 'hyfin');
		assert.equal(r.resource, 'customer');
		assert.equal(r.operation, 'upsert');
		assert.match(r.id, HEX24);
		assert.equal(r.raw.action, action);
		assert.equal(r.raw._id, r.id);
	}
	// the IF node branches on the normalized action
	const added = ctx.nodes.Added || [];
	const updated = ctx.nodes.Updated || [];
	const branch = action === 'added' ? added : updated;
	assert.deepEqual(
		branch.map((i) => [i.outcome, i.customer, i.hyfinId]),
		results.map((r) => [action, r.key, r.id]),
	);
	assert.equal((action === 'added' ? updated : added).length, 0);
	// the records in Hyfin (the sandbox)
	const customers = ctx.state.hyfin.customers;
	assert.equal(customers.size, 3);
	for (const c of CUSTOMERS) {
		const rec = customers.get(`site-e2e:${c.key}`);
		assert.ok(rec, `customer ${c.key} exists in Hyfin`);
		assert.equal(rec.external_id, c.key);
		assert.equal(rec.first_name, c.first_name);
		assert.equal(rec.last_name, c.last_name);
		assert.equal(rec.email, c.email);
		assert.equal(rec.mobile_phone, c.mobile_phone);
		assert.deepEqual(rec.notification_options, { notify_email: true, notify_phone: false });
		assert.match(rec.notes, /^Synced by n8n at \d{4}-/);
		assert.equal(rec.version, action === 'added' ? 1 : 2);
	}
	assertHyfinAuth(ctx.requests, 3);
	for (const r of ctx.requests) {
		assert.equal(r.method, 'POST');
		assert.equal(r.path, '/api/v3.1/site/site-e2e/customer/addUpdate');
	}
}

const EXAMPLES = [
	{
		id: 'csHyfinCustomers',
		file: 'examples/hyfin-sync-customers.json',
		title: 'Sync customers into Hyfin',
		vendors: ['hyfin'],
		credentials: ['hyfinApi'],
		resultNodes: ['Upsert customer in Hyfin'],
		runs: [
			{
				label: 'first run: new customers',
				expect: { added: 3 },
				check(ctx) {
					checkHyfinCustomers(ctx, 'added');
					ctx.memo.ids = ctx.nodes['Upsert customer in Hyfin'].map((r) => r.id);
				},
			},
			{
				label: 'second run: same customers again',
				expect: { updated: 3 },
				check(ctx) {
					checkHyfinCustomers(ctx, 'updated');
					assert.deepEqual(
						ctx.nodes['Upsert customer in Hyfin'].map((r) => r.id),
						ctx.memo.ids,
						'an update keeps the Hyfin ids',
					);
				},
			},
		],
	},
	{
		id: 'csHyfinContact',
		file: 'examples/hyfin-upsert-contact.json',
		title: 'Upsert a Hyfin contact',
		vendors: ['hyfin'],
		credentials: ['hyfinApi'],
		resultNodes: ['Add contact', 'Update contact'],
		runs: [
			{
				label: 'add, then update by the returned id',
				expect: { added: 1, updated: 1 },
				check(ctx) {
					const [added] = ctx.nodes['Add contact'];
					const [updated] = ctx.nodes['Update contact'];
					assert.equal(ctx.nodes['Add contact'].length, 1);
					assert.equal(ctx.nodes['Update contact'].length, 1);
					assert.equal(added.vendor, 'hyfin');
					assert.equal(added.resource, 'contact');
					assert.equal(added.action, 'added');
					assert.equal(added.key, null);
					assert.match(added.id, HEX24);
					assert.equal(updated.action, 'updated');
					assert.equal(updated.id, added.id);
					assert.equal(updated.key, added.id);
					const contacts = ctx.state.hyfin.contacts;
					assert.equal(contacts.size, 1);
					const rec = contacts.get(added.id);
					assert.equal(rec.first_name, 'Jane');
					assert.equal(rec.last_name, 'Roe');
					assert.equal(rec.display_name, 'Jane Roe (billing)');
					assert.equal(rec.language, 'fr');
					assert.equal(rec.version, 2);
					assertHyfinAuth(ctx.requests, 2);
					assert.deepEqual(
						ctx.requests.map((r) => r.path),
						['/api/v4/site/site-e2e/contact/addUpdate', '/api/v4/site/site-e2e/contact/addUpdate'],
					);
					assert.equal(ctx.requests[0].json._id, undefined, 'the add sends no _id');
					assert.equal(ctx.requests[0].json.emails[0].address, 'jane.roe@example.com');
					assert.equal(ctx.requests[1].json._id, added.id, 'the update sends the id of the added contact');
				},
			},
		],
	},
];

const NORMALIZED_KEYS = ['vendor', 'resource', 'operation', 'success', 'action', 'id', 'key', 'raw'];

/** Counts the normalized results of one run: { added, updated, upserted, failed, total }. */
function countActions(example, nodes, runError) {
	const counts = { added: 0, updated: 0, upserted: 0, failed: 0, total: 0 };
	for (const name of example.resultNodes) {
		for (const item of nodes[name] || []) {
			counts.total += 1;
			if (item.success === false || !item.action) counts.failed += 1;
			else counts[item.action] = (counts[item.action] || 0) + 1;
		}
	}
	if (runError && counts.total === 0) counts.failed += 1;
	return counts;
}

/** The checks every run gets: shape of the normalized results and the expected counts. */
function checkCommon(example, run, ctx) {
	for (const name of example.resultNodes) {
		const items = ctx.nodes[name];
		assert.ok(Array.isArray(items) && items.length > 0, `node "${name}" ran and returned items`);
		for (const item of items) {
			for (const k of NORMALIZED_KEYS) assert.ok(k in item, `"${name}" item has ${k}: ${JSON.stringify(item)}`);
			assert.ok(example.vendors.includes(item.vendor), `vendor ${item.vendor}`);
		}
	}
	const got = countActions(example, ctx.nodes, null);
	const want = { added: 0, updated: 0, upserted: 0, failed: 0, ...run.expect };
	assert.deepEqual(
		{ added: got.added, updated: got.updated, upserted: got.upserted, failed: got.failed },
		{ added: want.added, updated: want.updated, upserted: want.upserted, failed: want.failed },
	);
}

module.exports = { EXAMPLES, NORMALIZED_KEYS, countActions, checkCommon };
