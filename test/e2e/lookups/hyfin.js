'use strict';
// The Hyfin look-up examples (Get): entries of the e2e manifest (see ../manifest.js for the
// fields). `lookupNodes` lists the nodes whose items are Get/Search results; their shape
// (LOOKUP_KEYS) is checked in every run, and they are not counted as added/updated.
const assert = require('node:assert/strict');

module.exports = [
	{
		id: 'csHyfinUpsertGet',
		file: 'examples/hyfin-upsert-then-get.json',
		title: 'Upsert customers, then read them back (Get)',
		vendors: ['hyfin'],
		credentials: ['hyfinApi'],
		resultNodes: ['Upsert customer in Hyfin'],
		lookupNodes: ['Get customer from Hyfin'],
		runs: [
			{
				label: 'the two upserted customers are found as stored; an unknown id gives found: false',
				expect: { added: 2 },
				check(ctx) {
					const upserted = ctx.nodes['Upsert customer in Hyfin'];
					const got = ctx.nodes['Get customer from Hyfin'];
					assert.equal(got.length, 3);
					assert.deepEqual(
						got.map((r) => [r.found, r.key]),
						[...upserted.map((u) => [true, u.id]), [false, '000000000000000000000000']],
					);
					for (const [index, r] of got.slice(0, 2).entries()) {
						assert.equal(r.operation, 'get');
						assert.equal(r.id, upserted[index].id);
						const stored = ctx.state.hyfin.customers.get(r.id) ?? [...ctx.state.hyfin.customers.values()].find((c) => c._id === r.id);
						assert.ok(stored, `customer ${r.id} is in the sandbox`);
						assert.equal(r.record.external_id, stored.external_id);
						assert.equal(r.record.email, stored.email);
					}
					assert.equal(got[2].record, null);
					assert.deepEqual(
						ctx.nodes['Stored in Hyfin'].map((r) => r.external_id),
						['C-3001', 'C-3002'],
					);
					assert.deepEqual(ctx.nodes['Not in Hyfin'], [{ missing: '000000000000000000000000' }]);
					const gets = ctx.requests.filter((r) => r.vendor === 'hyfin' && r.method === 'GET');
					assert.equal(gets.length, 3);
					for (const r of gets) assert.match(r.path, /^\/api\/v4\/site\/[^/]+\/customer\/[0-9a-f]{24}$/);
				},
			},
		],
	},
];
