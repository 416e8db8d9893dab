'use strict';
// The version-2 examples (examples/*-v2-mapper.json), one per vendor: vendor-shaped records
// through Map Automatically (a column that is not the vendor's is listed in ignoredFields, never
// sent) and a record with the user's own column names through Map Each Field. Run after every
// other example: they add their own keys to the sandbox and count nothing else.

const assert = require('node:assert/strict');

const { RIVERTY_CLIENT_ID } = require('./credentials');

/** Where each vendor's sandbox keeps a record by its key. */
const RECORD = {
	hyfin: (state, key) => state.hyfin.customers.get(`site-e2e:${key}`),
	riverty: (state, key) => state.riverty.customers.get(`${RIVERTY_CLIENT_ID}:${key}`),
	valomnia: (state, key) => state.valomnia.customers.get(key),
	clienttoolbox: (state, key) => state.clienttoolbox.customers.get(key),
};

function mapperExample({ id, file, vendor, credential, autoKeys, mapKey, sent }) {
	const check = (action) => (ctx) => {
		const auto = ctx.nodes['Map Automatically'];
		const map = ctx.nodes['Map Each Field'];
		assert.deepEqual(auto.map((r) => [r.key, r.action, r.success]), autoKeys.map((key) => [key, action, true]));
		assert.deepEqual(map.map((r) => [r.key, r.action, r.success]), [[mapKey, action, true]]);
		for (const r of auto) assert.deepEqual(r.ignoredFields, ['source'], 'the column that is not a vendor field is listed');
		assert.deepEqual(map[0].ignoredFields, []);
		for (const key of [...autoKeys, mapKey]) assert.ok(RECORD[vendor](ctx.state, key), `${key} exists at the vendor`);
		for (const req of ctx.requests.filter((r) => r.vendor === vendor)) {
			const body = req.json ?? req.form ?? {};
			assert.equal(body.source, undefined, 'an ignored column is never sent');
		}
		sent(ctx);
	};
	return {
		id,
		file: `examples/${file}`,
		title: `${vendor}: version 2, Map Automatically and Map Each Field`,
		vendors: [vendor],
		credentials: [credential],
		resultNodes: ['Map Automatically', 'Map Each Field'],
		runs: [
			{ label: 'first run: added', expect: { added: 3 }, check: check('added') },
			{ label: 'second run: updated', expect: { updated: 3 }, check: check('updated') },
		],
	};
}

module.exports = [
	mapperExample({
		id: 'csHyfinV2Mapper',
		file: 'hyfin-v2-mapper.json',
		vendor: 'hyfin',
		credential: 'hyfinApi',
		autoKeys: ['V2H-1', 'V2H-2'],
		mapKey: 'V2H-3',
		sent: (ctx) => {
			// a dotted key and a nested one give the same body
			const bodies = ctx.requests.filter((r) => r.vendor === 'hyfin').map((r) => r.json);
			assert.deepEqual(bodies[0].notification_options, { notify_email: true });
			assert.deepEqual(bodies[1].notification_options, { notify_email: true });
			assert.equal(RECORD.hyfin(ctx.state, 'V2H-3').first_name, 'Alan');
		},
	}),
	mapperExample({
		id: 'csRivertyV2Mapper',
		file: 'riverty-v2-mapper.json',
		vendor: 'riverty',
		credential: 'rivertyApi',
		autoKeys: ['V2R-1', 'V2R-2'],
		mapKey: 'V2R-3',
		sent: (ctx) => {
			assert.deepEqual(RECORD.riverty(ctx.state, 'V2R-2').company, { name: 'Acme AS', organizationNumber: '987654321' });
			assert.equal(RECORD.riverty(ctx.state, 'V2R-2').person, undefined, 'the item type picks the group');
			assert.deepEqual(RECORD.riverty(ctx.state, 'V2R-3').person, { firstName: 'Kari', lastName: 'Nordmann' });
		},
	}),
	mapperExample({
		id: 'csValomniaV2Mapper',
		file: 'valomnia-v2-mapper.json',
		vendor: 'valomnia',
		credential: 'referenceCustomersApi',
		autoKeys: ['V2V-1', 'V2V-2'],
		mapKey: 'V2V-3',
		sent: (ctx) => {
			const first = ctx.requests.find((r) => r.vendor === 'valomnia' && r.form?.name === 'Corner Shop');
			assert.equal(first.form.creditLimit, '1500');
			assert.equal(first.form.isActive, 'true');
		},
	}),
	mapperExample({
		id: 'csLoyaltyV2Mapper',
		file: 'clienttoolbox-v2-mapper.json',
		vendor: 'clienttoolbox',
		credential: 'loyaltyApi',
		autoKeys: ['7000000000009001', '7000000000009002'],
		mapKey: '7000000000009003',
		sent: (ctx) => {
			assert.equal(RECORD.clienttoolbox(ctx.state, '7000000000009002').city, 'Auckland');
		},
	}),
];
