'use strict';
/**
 * Options → Skip Unchanged, all four vendors, in n8n's execution engine with a deduplication
 * store that mirrors n8n's CLI (test/harness/deduplication-helper.js): a scheduled sync that
 * runs the same list again sends only the records whose request changed; the others give
 * { success: true, action: "unchanged", key, id: null }. A fingerprint is recorded only once the
 * vendor accepted the request: refused, failed and Validate Only items are sent again next run.
 * The store is asked once per run (a look-up, and one record at the end), never per item.
 */
const { VENDORS, byId } = require('./vendors');
const { within, newHelper, runVendor } = require('./helpers/run');
const { runNode, deduplicationStore: store } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { fingerprint, canonicalJson } = require('../dist/nodes/shared/unchanged');

const FAST = { maxTries: 2, maxRetryWait: 1, concurrency: 2 };
const SKIP = { ...FAST, skipUnchanged: true };

const sb = useSandbox({ reset: false });

const list = (vendor, n, prefix) => Array.from({ length: n }, (_, i) => vendor.item(i, prefix));
const upserts = (vendor) => sb.requests.filter(vendor.isUpsert);
const sentKeys = (vendor) => upserts(vendor).map(vendor.keyOf);
const lookups = () => store.calls.filter((c) => c.method === 'checkProcessedAndRecord' && !c.options.maxEntries);

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: Skip Unchanged', (_name, vendor) => {
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
		store.reset();
	});

	const run = (items, options = SKIP, extra = {}) =>
		runVendor(vendor, sb, { parameters: vendor.params(options), items, ...extra });

	test('the same list again sends only the record that changed; the others say unchanged', async () => {
		const first = list(vendor, 4, 'SU');
		const one = await run(first);
		expect(one.error).toBeUndefined();
		expect(sentKeys(vendor)).toEqual(first.map((i) => i.key));
		expect(one.items.map((i) => i.json.action)).not.toContain('unchanged');

		sb.requests.length = 0;
		const second = first.map((item, i) => (i === 2 ? { ...item, first: `${item.first} (moved)` } : item));
		const two = await run(second);
		expect(two.error).toBeUndefined();
		expect(sentKeys(vendor)).toEqual([first[2].key]);
		expect(two.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(two.items.map((i) => i.json.action)).toEqual(['unchanged', 'unchanged', expect.not.stringMatching(/unchanged/), 'unchanged']);
		expect(two.items[0].json).toEqual({
			vendor: vendor.id,
			resource: 'customer',
			operation: 'upsert',
			success: true,
			action: 'unchanged',
			id: null,
			key: first[0].key,
			raw: null,
		});

		// and a third run of the second list: nothing at all
		sb.requests.length = 0;
		const three = await run(second);
		expect(sentKeys(vendor)).toEqual([]);
		expect(three.items.map((i) => i.json.action)).toEqual(Array(4).fill('unchanged'));
	});

	test('off by default: the same list twice is sent twice, and the store is not used', async () => {
		const items = list(vendor, 2, 'OFF');
		await run(items, FAST);
		await run(items, FAST);
		expect(sentKeys(vendor)).toEqual([...items, ...items].map((i) => i.key));
		expect(store.calls).toEqual([]);
	});

	test('one look-up and one record per run, whatever the number of items; the store keeps only hashes', async () => {
		await run(list(vendor, 12, 'BATCH'));
		expect(store.calls.map((c) => c.method)).toEqual(['checkProcessedAndRecord', 'removeProcessed', 'checkProcessedAndRecord']);
		expect(store.calls.every((c) => c.scope === 'node' && c.context === 'n:node-under-test')).toBe(true);
		expect(store.calls[2].options).toEqual({ mode: 'entries', maxEntries: 400000 });
		const [row] = store.rows();
		// per record: P#v1#<hash>, P#v1, P#alive
		expect(row.value.data).toHaveLength(36);
		for (const hash of row.value.data) expect(hash).toMatch(/^[A-Za-z0-9+/]{22}==$/);
		store.calls.length = 0;
		sb.requests.length = 0;
		await run(list(vendor, 12, 'BATCH'));
		expect(upserts(vendor)).toEqual([]);
		// one look-up (it asks P#v1, P#v2, P#v1#<hash>, P#alive) and the take-back of the P#v2 it
		// recorded for a moment; nothing to record
		expect(store.calls.map((c) => c.method)).toEqual(['checkProcessedAndRecord', 'removeProcessed']);
		expect(store.calls[1].items).toHaveLength(12);
		expect(store.calls[1].items.every((entry) => /#v2$/.test(entry))).toBe(true);
		expect(store.rows()[0].value.data).toHaveLength(36);
	});

	test('a refused item is not recorded: the next run sends it again', async () => {
		const items = list(vendor, 3, 'REF');
		sb.faults.set({ ...vendor.upsertScope, next: [vendor.errorReply('refused for the test')] });
		const one = await run(items, { ...SKIP, concurrency: 1 }, { continueOnFail: true });
		expect(one.items.map((i) => i.json.success)).toEqual([false, true, true]);
		sb.requests.length = 0;
		const two = await run(items);
		expect(sentKeys(vendor)).toEqual([items[0].key]);
		expect(two.items.map((i) => i.json.action)).toEqual([expect.not.stringMatching(/unchanged/), 'unchanged', 'unchanged']);
	});

	test('an item that failed every try (503s, a timeout) is not recorded either', async () => {
		const items = list(vendor, 2, 'FAIL');
		sb.faults.set({ ...vendor.upsertScope, next: [{ status: 503, retryAfter: '0' }, { status: 503, retryAfter: '0' }, { delayMs: 1500 }, { delayMs: 1500 }] });
		const one = await run(items, { ...SKIP, concurrency: 1, timeout: 500 }, { continueOnFail: true });
		expect(one.items.map((i) => i.json.success)).toEqual([false, false]);
		await new Promise((resolve) => setTimeout(resolve, 1600));
		sb.requests.length = 0;
		await run(items);
		expect(sentKeys(vendor)).toEqual(items.map((i) => i.key));
	});

	test('Validate Only records nothing and asks no store', async () => {
		const items = list(vendor, 2, 'VO');
		await run(items, { ...SKIP, validateOnly: true });
		expect(store.calls).toEqual([]);
		await run(items);
		expect(sentKeys(vendor)).toEqual(items.map((i) => i.key));
	});

	test('the store fails: every item fails naming the deduplication store and nothing is sent; or, when chosen, all are sent', async () => {
		const items = list(vendor, 2, 'DOWN');
		await run(items);
		sb.requests.length = 0;
		store.failNext(1, 'connect ECONNREFUSED 127.0.0.1:5432');
		const failed = await run(items, SKIP, { continueOnFail: true });
		expect(upserts(vendor)).toEqual([]);
		expect(failed.items.map((i) => i.json.success)).toEqual([false, false]);
		expect(failed.items[0].json.error).toBe("Skip Unchanged: n8n's deduplication store failed");
		expect(failed.items[0].json.description).toMatch(/^The store answered: connect ECONNREFUSED 127\.0\.0\.1:5432\. Nothing was sent for this item\./);
		const stopped = await run(items, SKIP);
		expect(stopped.error).toBeUndefined(); // the store is back: both unchanged
		store.failNext(1);
		const thrown = await run(items, SKIP);
		expect(thrown.error.message).toMatch(/^Skip Unchanged: n8n's deduplication store failed/);
		expect(upserts(vendor)).toEqual([]);

		store.failNext(1);
		const sent = await run(items, { ...SKIP, onStoreError: 'send' });
		expect(sent.error).toBeUndefined();
		expect(sentKeys(vendor)).toEqual(items.map((i) => i.key));
	});

	test('History Size: past it the oldest entries are forgotten, and those records are sent again', async () => {
		const items = list(vendor, 3, 'HS');
		// 3 entries per record sent: the first record is forgotten
		await run(items, { ...SKIP, historySize: 6 });
		expect(store.rows()[0].value.data).toHaveLength(6);
		sb.requests.length = 0;
		await run(items, { ...SKIP, historySize: 6 });
		expect(sentKeys(vendor)).toEqual([items[0].key]);
	});

	test('a record changed and changed back (A → B → A, → B) is sent each time; the same again is not', async () => {
		const [a] = list(vendor, 1, 'ABA');
		const b = { ...a, first: `${a.first} (B)` };
		const actions = [];
		for (const item of [a, b, a, b, b, a, a]) {
			const result = await run([item]);
			expect(result.error).toBeUndefined();
			actions.push(result.items[0].json.action === 'unchanged' ? 'skipped' : 'sent');
		}
		expect(actions).toEqual(['sent', 'sent', 'sent', 'sent', 'skipped', 'sent', 'skipped']);
		expect(sentKeys(vendor)).toEqual(Array(5).fill(a.key));
	});

	test('Forget History: every item is sent again, and the history starts afresh', async () => {
		const items = list(vendor, 2, 'FH');
		await run(items);
		sb.requests.length = 0;
		await run(items, { ...SKIP, forgetHistory: true });
		expect(sentKeys(vendor)).toEqual(items.map((i) => i.key));
		expect(store.calls.filter((c) => c.method === 'clearAllProcessedItems')).toHaveLength(1);
		sb.requests.length = 0;
		await run(items);
		expect(sentKeys(vendor)).toEqual([]);
	});

	test('an n8n without the deduplication helpers: a clear error naming the version, nothing sent', async () => {
		// the node as an n8n before the deduplication helpers runs it (each version's execute: the nodes are versioned)
		const oldN8n = new vendor.Node();
		for (const type of oldN8n.nodeVersions ? Object.values(oldN8n.nodeVersions) : [oldN8n]) {
			const { execute } = type;
			type.execute = async function () {
				const helpers = { ...this.helpers, checkProcessedAndRecord: undefined };
				return await execute.call(new Proxy(this, { get: (target, name) => (name === 'helpers' ? helpers : target[name]) }));
			};
		}
		const result = await within(
			runNode({
				node: oldN8n,
				credentialTypes: [new vendor.Credential()],
				credentialsHelper: newHelper(vendor, sb),
				parameters: vendor.params(SKIP),
				items: [{ json: vendor.item(0, 'OLD') }],
				continueOnFail: true,
			}),
			30000,
		);
		expect(result.items[0].json.error).toBe(
			"Skip Unchanged needs n8n's deduplication store, which this n8n does not have (n8n 1.64.0 or later)",
		);
		expect(upserts(vendor)).toEqual([]);
	});

	if (vendor.createWithoutKey) {
		test(`${vendor.createWithoutKey.what} is never skipped: each run adds one`, async () => {
			const params = vendor.createWithoutKey.params(SKIP);
			const items = [vendor.item(0, 'NEW')];
			await runVendor(vendor, sb, { parameters: params, items });
			await runVendor(vendor, sb, { parameters: params, items });
			expect(sb.requests.filter(vendor.createWithoutKey.isRequest).filter((r) => r.method === 'POST')).toHaveLength(2);
			expect(store.rows()).toEqual([]);
		});
	}
});

describe('Valomnia: the image is part of the fingerprint', () => {
	const vendor = byId.valomnia;
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
		store.reset();
	});
	const jpeg = (fill) => {
		const image = Buffer.alloc(2048, fill);
		image.set([0xff, 0xd8, 0xff, 0xe0]);
		return image;
	};
	const run = (image) =>
		within(
			runNode({
				node: new vendor.Node(),
				credentialTypes: [new vendor.Credential()],
				credentialsHelper: newHelper(vendor, sb),
				parameters: { ...vendor.params(SKIP), additionalFields: { imageFile: 'data' } },
				items: [{ json: vendor.item(0, 'IMG'), binary: { data: { data: image.toString('base64'), fileName: 'logo.jpg', mimeType: 'image/jpeg' } } }],
			}),
			30000,
		);

	test('the same image again is not sent; other bytes under the same name are', async () => {
		expect((await run(jpeg(1))).items[0].json.action).not.toBe('unchanged');
		expect((await run(jpeg(1))).items[0].json.action).toBe('unchanged');
		expect((await run(jpeg(2))).items[0].json.action).not.toBe('unchanged');
		expect(upserts(vendor)).toHaveLength(2);
		expect(Buffer.compare(upserts(vendor)[1].multipart.files[0].data, jpeg(2))).toBe(0);
	});
});

describe('Client Toolbox: a customer with a password or PIN is always sent (no fingerprint of a secret)', () => {
	const vendor = byId.clienttoolbox;
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
		store.reset();
	});
	test('sent on both runs; nothing recorded', async () => {
		const parameters = vendor.customerSecrets.params(vendor.params(SKIP));
		const items = [{ ...vendor.item(0, 'PW'), pw: 'pa55-word-Zq', pin: '4711' }];
		await runVendor(vendor, sb, { parameters, items });
		await runVendor(vendor, sb, { parameters, items });
		expect(upserts(vendor)).toHaveLength(2);
		expect(store.rows()).toEqual([]);
	});
});

describe('forgotten entries and two executions at once: a send, never a wrong skip', () => {
	const vendor = byId.hyfin;
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
		store.reset();
	});
	const run = (items, options = SKIP, extra = {}) => runVendor(vendor, sb, { parameters: vendor.params(options), items, ...extra });
	const row = () => [...store.table.values()][0];
	const entries = () => JSON.parse(row().value).data;
	const snapshot = () => new Map([...store.table].map(([key, value]) => [key, { ...value }]));
	const restore = (saved) => {
		store.table = new Map([...saved].map(([key, value]) => [key, { ...value }]));
	};
	/** n8n's History Size: the oldest `count` entries are forgotten. */
	const forgetOldest = (count) => {
		const value = JSON.parse(row().value);
		value.data.splice(0, count);
		row().value = JSON.stringify(value);
	};
	const action = async (item, other) => (await run([item, other])).items[0].json.action;
	const [a, other] = list(byId.hyfin, 2, 'CUT');
	const b = { ...a, first: `${a.first} (B)` };

	test('after A → B → A → B, whatever the oldest entries forgotten: A is sent, then B, then A; B again may be skipped', async () => {
		for (const item of [a, b, a, b]) await run([item, other]);
		const saved = snapshot();
		const size = entries().length;
		expect(size).toBe(12); // A: 3, each change 2 more (P#alive moves), the other record 3
		for (let cut = 0; cut <= size; cut++) {
			restore(saved);
			forgetOldest(cut);
			// the vendor has B
			expect([cut, await action(a, other)]).toEqual([cut, expect.not.stringMatching(/^unchanged$/)]);
			expect([cut, await action(b, other)]).toEqual([cut, expect.not.stringMatching(/^unchanged$/)]);
			expect([cut, await action(a, other)]).toEqual([cut, expect.not.stringMatching(/^unchanged$/)]);
			await action(a, other);
			expect([cut, await action(b, other)]).toEqual([cut, expect.not.stringMatching(/^unchanged$/)]);
		}
	});

	test('the same record twice in one run with two different requests: both sent, and A is sent again next run', async () => {
		await run([a]);
		sb.requests.length = 0;
		const both = await run([a, b], { ...SKIP, concurrency: 1 });
		expect(both.items.map((i) => i.json.action)).not.toContain('unchanged');
		// the vendor holds B (the last): A is not taken for unchanged
		expect((await run([a])).items[0].json.action).not.toBe('unchanged');
		expect((await run([a])).items[0].json.action).toBe('unchanged');
		expect(sentKeys(vendor)).toEqual([a.key, a.key, a.key]);
	});

	test('History Size between the runs: the version marker of A forgotten, that of B kept: A is sent', async () => {
		await run([a], { ...SKIP, historySize: 4 }); // P#v1#A, P#v1, P#alive
		await run([b], { ...SKIP, historySize: 4 }); // + P#v2#B, P#v2, P#alive: P#v1#A forgotten
		expect(entries()).toHaveLength(4);
		expect(await action(a, other)).not.toBe('unchanged');
		await run([b], { ...SKIP, historySize: 3 }); // P#v3#B, P#v3, P#alive: the markers before forgotten
		expect(entries()).toHaveLength(3);
		sb.requests.length = 0;
		// P#v1 forgotten, P#alive kept: sent, and not recorded (no version is recorded twice)
		expect((await run([a], { ...SKIP, historySize: 3 })).items[0].json.action).not.toBe('unchanged');
		expect((await run([b], { ...SKIP, historySize: 3 })).items[0].json.action).not.toBe('unchanged');
		expect(sentKeys(vendor)).toEqual([a.key, a.key]);
	});

	test('two executions with the same list at once: each changed record sent at least once, at most twice; then skipped', async () => {
		const items = list(vendor, 4, 'RACE');
		await run(items);
		const changed = items.map((item, i) => (i % 2 ? { ...item, first: `${item.first} (new)` } : item));
		sb.requests.length = 0;
		const [one, two] = await Promise.all([run(changed), run(changed)]);
		expect(one.error).toBeUndefined();
		expect(two.error).toBeUndefined();
		for (const key of [changed[1].key, changed[3].key]) {
			const times = sentKeys(vendor).filter((sent) => sent === key).length;
			expect(times).toBeGreaterThanOrEqual(1);
			expect(times).toBeLessThanOrEqual(2);
		}
		expect(sentKeys(vendor).filter((key) => key === changed[0].key || key === changed[2].key)).toEqual([]);
		sb.requests.length = 0;
		const three = await run(changed);
		expect(three.items.map((i) => i.json.action)).toEqual(Array(4).fill('unchanged'));
		// and back: the changed ones are sent again
		await run(items);
		expect(sentKeys(vendor)).toEqual([changed[1].key, changed[3].key]);
	});

	/**
	 * Execution X's look-up records P#v2 for a moment (it asks whether version 2 exists) and
	 * takes it back. Execution Y's look-up, in that moment, finds P#v2 and takes version 2 for
	 * real: it records B as version 3, over a P#v2 that X then takes away, so version 1 (A)
	 * would look current although the vendor has B. Y asks the markers under its version again
	 * when it records, finds P#v2 gone and takes the record out of skipping.
	 */
	test('a look-up that finds another execution’s look-up for a moment: A is never skipped afterwards', async () => {
		await run([a]);
		const removeProcessed = store.removeProcessed.bind(store);
		let release;
		const released = new Promise((resolve) => {
			release = resolve;
		});
		let calls = 0;
		store.removeProcessed = async (...args) => {
			const call = ++calls;
			if (call === 1) await released; // X's take-back waits for Y's look-up
			const result = await removeProcessed(...args);
			if (call === 3) release(); // Y's second take-back: Y's look-up is over
			return result;
		};
		try {
			sb.requests.length = 0;
			const runX = run([a]); // X: A, as the source said a moment ago
			while (!store.calls.some((c) => c.method === 'checkProcessedAndRecord')) await new Promise((resolve) => setImmediate(resolve));
			const y = await run([b]); // Y: B
			const x = await runX;
			expect(y.items[0].json.action).not.toBe('unchanged');
			expect(x.items[0].json.action).toBe('unchanged'); // the store said A when X asked
			expect(calls).toBeGreaterThanOrEqual(3);
		} finally {
			store.removeProcessed = removeProcessed;
		}
		// the vendor has B
		expect(await action(a, other)).not.toBe('unchanged');
		expect(await action(b, other)).not.toBe('unchanged');
		expect(await action(a, other)).not.toBe('unchanged');
	});
});

describe('the fingerprint', () => {
	const spec = { vendor: 'hyfin', secretCredentialFields: ['accessToken'] };
	const op = { resource: 'customer', operation: 'upsert' };
	const credentials = { baseUrl: 'https://h.example', siteId: 's1', accessToken: 'secret-1' };
	const request = (body, extra = {}) => ({ method: 'POST', url: 'https://h.example/api', headers: { 'Content-Type': 'application/json' }, body, key: 'K-1', ...extra });
	const value = (body, extra, creds = credentials) => fingerprint(spec, op, creds, request(body, extra)).value;

	test('is the key, then a hash of the canonical request: key order and form field order do not count, values do', () => {
		const a = value({ b: 1, a: { y: true, x: 'v' } });
		expect(a).toMatch(/^hyfin\/customer\/upsert\/K-1#[0-9a-f]{64}$/);
		expect(value({ a: { x: 'v', y: true }, b: 1 })).toBe(a);
		expect(value({ a: { x: 'v', y: true }, b: 2 })).not.toBe(a);
		expect(value({ a: { x: 'v', y: 'true' }, b: 1 })).not.toBe(a);
		expect(value({ a: { x: 'v', y: true }, b: 1 }, { key: 'K-2' })).not.toBe(a);
		expect(value(new URLSearchParams([['b', '2'], ['a', '1']]))).toBe(value(new URLSearchParams([['a', '1'], ['b', '2']])));
		expect(canonicalJson({ n: -0, z: [1.5, null] })).toBe('{"n":0,"z":[1.5,null]}');
	});

	test("holds the account but never the credential's secret or token", () => {
		const a = value({ a: 1 });
		expect(value({ a: 1 }, {}, { ...credentials, accessToken: 'secret-2' })).toBe(a);
		expect(value({ a: 1 }, {}, { ...credentials, siteId: 's2' })).not.toBe(a);
		expect(value({ a: 1 }, { headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' } })).toBe(a);
		expect(a).not.toContain('secret-1');
	});

	test('none for a create without key, a request with the item’s secrets, or a body it cannot read', () => {
		expect(fingerprint(spec, op, credentials, request({ a: 1 }, { key: null }))).toEqual({ none: 'no record key' });
		expect(fingerprint(spec, op, credentials, request({ a: 1 }, { idempotent: false }))).toEqual({ none: 'adds a record each time' });
		expect(fingerprint(spec, op, credentials, request({ a: 1 }, { secrets: ['1234'] }))).toEqual({ none: 'carries a secret' });
		expect(fingerprint(spec, op, credentials, request(() => ({})))).toEqual({ none: 'a body built per try' });
		expect(fingerprint(spec, op, credentials, request(new (class Stream {})()))).toEqual({ none: 'a body it cannot read' });
		expect(fingerprint(spec, op, credentials, request(() => ({}), { canonical: { image: Buffer.from('x') } })).value).toBeDefined();
	});
});
