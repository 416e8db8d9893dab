'use strict';
/**
 * Hostile vendors against version 2 (typeVersion: 2): the same faults as
 * test/faults.hostile.test.js, run for each upsert Input Mode of version 2 (Map Automatically,
 * Map Each Field, JSON Body) and for Get / Search on version 2. Version 2 must behave as
 * version 1: a clear per-item error naming the vendor, no hang, no secret in the output, one
 * login per run.
 */
const { VENDORS } = require('./vendors');
const { within, newHelper, runVendor: runV1 } = require('./helpers/run');
const { startForeign } = require('./helpers/foreign');
const { useSandbox } = require('./helpers/sandbox');

const MAX = 5 * 1024 * 1024;
const FAST = { maxTries: 1, maxRetryWait: 1 };
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const sb = useSandbox({ reset: false });
let foreign;
beforeAll(async () => {
	foreign = await startForeign();
});
afterAll(async () => {
	await foreign.close();
});
beforeEach(() => {
	sb.reset();
	foreign.requests.length = 0;
});

const runVendor = (vendor, s, args) => runV1(vendor, s, { typeVersion: 2, ...args });

/** Per vendor and mode: version-2 parameters, and items carrying the v1 `key` (for recordKeys). */
const RECORD = {
	hyfin: (key, first) => ({
		external_id: key,
		first_name: first,
		last_name: 'Fault',
	}),
	riverty: (key, first) => ({
		customerNumber: key,
		type: 'Person',
		person: { firstName: first, lastName: 'Fault' },
		address: {
			addressLine: 'Customer Street 1',
			countryCode: 'NO',
			postalCode: '0002',
		},
	}),
	valomnia: (key, first) => ({ reference: key, name: first }),
	clienttoolbox: (key, first) => ({ code: key, first_name: first }),
};
const dotted = (obj, prefix = '', out = {}) => {
	for (const [k, v] of Object.entries(obj)) {
		if (v && typeof v === 'object' && !Array.isArray(v)) dotted(v, `${prefix}${k}.`, out);
		else out[`${prefix}${k}`] = v;
	}
	return out;
};
const KEY_FIELD = {
	hyfin: 'external_id',
	riverty: 'customerNumber',
	valomnia: 'reference',
	clienttoolbox: 'code',
};

function v2Profile(vendor, mode) {
	const record = RECORD[vendor.id];
	const keyField = KEY_FIELD[vendor.id];
	const base = (options, extra) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: mode,
		...extra,
		options,
	});
	let params;
	let item;
	if (mode === 'auto') {
		params = (options = {}) => base(options);
		item = (i, prefix = 'K') => ({
			key: `${prefix}-${i}`,
			...record(`${prefix}-${i}`, `First ${i}`),
		});
	} else if (mode === 'map') {
		const value = dotted(record('={{ $json.key }}', '={{ $json.first }}'));
		params = (options = {}) =>
			base(options, {
				mapping: {
					mappingMode: 'defineBelow',
					value,
					matchingColumns: [],
					schema: [],
				},
			});
		item = vendor.item;
	} else {
		// JSON Body: the key outside the body where the vendor has a Key parameter
		const body = record('KEY', 'FIRST');
		const extra = {};
		if (vendor.id === 'riverty' || vendor.id === 'valomnia') {
			delete body[keyField];
			extra[keyField] = '={{ $json.key }}';
		}
		if (vendor.id === 'clienttoolbox') Object.assign(extra, { code: '', card_number: '' });
		const text = JSON.stringify(body).replace(/}/g, ' }').replace('"KEY"', '$json.key').replace('"FIRST"', '$json.first');
		params = (options = {}) => base(options, { ...extra, jsonBody: `={{ JSON.stringify(${text}) }}` });
		item = vendor.item;
	}
	return { ...vendor, params, item };
}

const MODES = ['auto', 'map', 'json'];
const MATRIX = VENDORS.flatMap((v) => MODES.map((m) => [`${v.vendorName} ${m}`, v2Profile(v, m)]));
const LOGIN_MATRIX = MATRIX.filter(([, v]) => v.loginScope);
const loginCount = (vendor) => sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST').length;
/** No secret the run handled appears in what it output. */
function expectNoSecret(vendor, result) {
	const text = JSON.stringify(result.items ?? []) + String(result.error?.message ?? '');
	for (const secret of vendor.secrets(sb)) if (secret && secret.length >= 6) expect(text).not.toContain(secret);
}

describe.each(MATRIX)('%s: baseline and redirects', (_n, vendor) => {
	beforeEach(() => vendor.configure(sb));

	test('baseline: the upsert succeeds and the record is stored', async () => {
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params(FAST),
			items: [vendor.item(0, 'OK')],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.success).toBe(true);
		expect(vendor.recordKeys(sb)).toEqual(['OK-0']);
		// version 2 really ran: Map Automatically lists the item's non-vendor key
		if (vendor.params().inputMode === 'auto') expect(result.items[0].json.ignoredFields).toEqual(['key']);
	});

	test.each([302, 307])('a %i on the upsert fails the item naming the status and the other host', async (status) => {
		sb.faults.set({
			...vendor.upsertScope,
			next: [
				{
					status,
					headers: { location: `${foreign.url}/take?x=1` },
					body: '',
				},
			],
		});
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params(FAST),
			items: [vendor.item(0, 'RD')],
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.success).toBe(false);
		expect(result.items[0].json.error).toMatch(
			new RegExp(`^${escapeRe(vendor.vendorName)}: answered HTTP ${status}, a redirect to ${escapeRe(foreign.host)}\\. Redirects are not followed`),
		);
		expect(foreign.requests).toEqual([]);
		expect(vendor.recordKeys(sb)).toEqual([]);
		expectNoSecret(vendor, result);
	});

	test('a gzip bomb on the upsert is refused at the cap', async () => {
		sb.faults.set({
			...vendor.upsertScope,
			next: [{ stream: { mode: 'gzip' } }],
		});
		const result = await within(
			runVendor(vendor, sb, {
				parameters: vendor.params(FAST),
				items: [vendor.item(0, 'BG')],
				continueOnFail: true,
			}),
			30000,
		);
		expect(result.items[0].json.error).toBe(`${vendor.vendorName}: the reply is larger than ${MAX} bytes (decoded) and was not read`);
	});

	test('a reply 100,000 levels deep fails its item clearly; one 999 deep is read, a secret at its bottom redacted', async () => {
		const deepReply = (key, depth, leaf) => {
			const fault = vendor.successReply(key, { deep: '@@DEEP@@' });
			return {
				...fault,
				body: fault.body.replace('"@@DEEP@@"', `${'['.repeat(depth)}${JSON.stringify(leaf)}${']'.repeat(depth)}`),
			};
		};
		const secret = vendor.credentialData(sb)[vendor.secretField];
		const items = [0, 1].map((i) => vendor.item(i, 'DP'));
		sb.faults.set({
			...vendor.upsertScope,
			next: [deepReply(items[0].key, 100000, secret), deepReply(items[1].key, 999, `echo ${secret} end`)],
		});
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, concurrency: 1, output: 'raw' }),
			items,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.error).toMatch(
			new RegExp(`^${escapeRe(vendor.vendorName)} refused the request \\(HTTP 20[01]\\): .*data nested deeper than 1000 levels; refused`),
		);
		expect(JSON.stringify(result.items[1].json)).toContain('echo [redacted] end');
		expectNoSecret(vendor, result);
	});

	test('an endless upsert reply ends at the timeout or the cap, no hang', async () => {
		sb.faults.set({
			...vendor.upsertScope,
			next: [{ stream: { mode: 'drip', everyMs: 100, limitMs: 30000 } }],
		});
		const started = Date.now();
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, timeout: 1000 }),
			items: [vendor.item(0, 'SL')],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatch(new RegExp(`^${escapeRe(vendor.vendorName)}: no reply within 1000 ms \\(timeout\\)`));
		expect(Date.now() - started).toBeLessThan(12000);
	});
});

describe.each(LOGIN_MATRIX)('%s: logins', (_n, vendor) => {
	beforeEach(() => vendor.configure(sb));

	test('a redirect on the login fails every item, one login for the run, no upsert', async () => {
		sb.faults.set({
			...vendor.loginScope,
			next: [{ status: 307, headers: { location: `${foreign.url}/login` } }],
		});
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, concurrency: 3 }),
			items: [0, 1, 2].map((i) => vendor.item(i, 'LR')),
			continueOnFail: true,
		});
		for (const item of result.items) {
			expect(item.json.success).toBe(false);
			expect(item.json.error).toMatch(new RegExp(`^${escapeRe(vendor.vendorName)}\\b.*redirect`));
		}
		expect(loginCount(vendor)).toBe(1);
		expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
		expect(foreign.requests).toEqual([]);
		expectNoSecret(vendor, result);
	});

	test('a login whose headers never come ends at the timeout, saying so', async () => {
		sb.faults.set({ ...vendor.loginScope, next: [{ delayMs: 20000 }] });
		const started = Date.now();
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, timeout: 1000 }),
			items: [vendor.item(0, 'SL')],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(`${vendor.vendorName}: no reply within 1000 ms (timeout) while logging in (gave up after 1 tries)`);
		expect(Date.now() - started).toBeLessThan(12000);
	});

	test('a gzip bomb on the login is refused at the cap, once for the run', async () => {
		sb.faults.set({
			...vendor.loginScope,
			next: [{ stream: { mode: 'gzip' } }],
		});
		const result = await within(
			runVendor(vendor, sb, {
				parameters: vendor.params({ ...FAST, concurrency: 3 }),
				items: [0, 1, 2].map((i) => vendor.item(i, 'LG')),
				continueOnFail: true,
			}),
			30000,
		);
		for (const item of result.items) expect(item.json.error).toMatch(/larger than 5242880 bytes \(decoded\) and was not read/);
		expect(loginCount(vendor)).toBe(1);
	});

	test('expired login mid-run (401): renewed once, item resent and stored; trickled resend ends at the timeout', async () => {
		const helper = newHelper(vendor, sb);
		await runVendor(vendor, sb, {
			parameters: vendor.params(FAST),
			items: [vendor.item(0, 'P0')],
			credentialsHelper: helper,
		});
		vendor.expireLogin(sb);
		const ok = await runVendor(vendor, sb, {
			parameters: vendor.params(FAST),
			items: [vendor.item(1, 'P1')],
			credentialsHelper: helper,
		});
		expect(ok.items[0].json.success).toBe(true);
		expect(loginCount(vendor)).toBe(2);
		vendor.expireLogin(sb);
		sb.faults.set({
			...vendor.upsertScope,
			next: [{ delayMs: 1 }, { stream: { mode: 'drip', everyMs: 150, limitMs: 30000 } }],
		});
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, timeout: 1500 }),
			items: [vendor.item(2, 'P2')],
			credentialsHelper: helper,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(`${vendor.vendorName}: no reply within 1500 ms (timeout) while the reply was being read (gave up after 1 tries)`);
		expect(loginCount(vendor)).toBe(3);
		expectNoSecret(vendor, result);
	});

	test('300 items, login expiring every 100 calls: one login per expiry, no item lost', async () => {
		sb.configure({ [vendor.id]: { expireEvery: 100 } });
		const items = Array.from({ length: 300 }, (_, i) => vendor.item(i, 'EX'));
		const result = await within(
			runVendor(vendor, sb, {
				parameters: vendor.params({ ...FAST, maxTries: 2, concurrency: 5 }),
				items,
				limitMs: 60000,
			}),
			60000,
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.success)).toEqual(Array(300).fill(true));
		expect(vendor.recordKeys(sb).sort()).toEqual(items.map((i) => i.key).sort());
		expect(loginCount(vendor)).toBe(1 + Math.floor(sb.state[vendor.id].apiCalls / 100));
	});

	test('a refused secret is tried once for the whole run', async () => {
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, maxTries: 3, concurrency: 3 }),
			items: Array.from({ length: 6 }, (_, i) => vendor.item(i, 'WR')),
			credentialsHelper: newHelper(vendor, sb, vendor.wrongCredential),
			continueOnFail: true,
		});
		expect(result.items.every((i) => i.json.success === false && i.json.error.startsWith(vendor.vendorName))).toBe(true);
		expect(loginCount(vendor)).toBe(1);
		expectNoSecret(vendor, result);
	});
});

describe('Riverty version 2: the HEAD pre-check (Report Added or Updated)', () => {
	const riverty = VENDORS.find((v) => v.id === 'riverty');
	describe.each(MODES.map((m) => [m, v2Profile(riverty, m)]))('%s', (_m, vendor) => {
		beforeEach(() => vendor.configure(sb));
		const params = (options) => ({
			...vendor.params(options),
			reportAction: true,
		});

		test('works, and a redirect on the HEAD fails the item naming Riverty', async () => {
			const ok = await runVendor(vendor, sb, {
				parameters: params(FAST),
				items: [vendor.item(0, 'HD')],
			});
			expect(ok.items[0].json).toMatchObject({
				success: true,
				action: 'added',
			});
			expect(sb.requests.filter((r) => r.method === 'HEAD')).toHaveLength(1);
			sb.faults.set({
				vendor: 'riverty',
				method: 'HEAD',
				next: [{ status: 302, headers: { location: `${foreign.url}/h` } }],
			});
			const result = await runVendor(vendor, sb, {
				parameters: params(FAST),
				items: [vendor.item(1, 'HD')],
				continueOnFail: true,
			});
			expect(result.items[0].json.success).toBe(false);
			expect(result.items[0].json.error).toMatch(/^Riverty\b.*302.*redirect/);
			expect(foreign.requests).toEqual([]);
		});

		test('a HEAD that never answers ends at the timeout', async () => {
			sb.faults.set({
				vendor: 'riverty',
				method: 'HEAD',
				next: [{ delayMs: 20000 }],
			});
			const started = Date.now();
			const result = await runVendor(vendor, sb, {
				parameters: params({ ...FAST, timeout: 1000 }),
				items: [vendor.item(0, 'HT')],
				continueOnFail: true,
			});
			expect(result.items[0].json.error).toMatch(/^Riverty: no reply within 1000 ms \(timeout\)/);
			expect(Date.now() - started).toBeLessThan(12000);
		});

		test('a 401 on the HEAD: one renewal, then the item is stored', async () => {
			const helper = newHelper(vendor, sb);
			await runVendor(vendor, sb, {
				parameters: params(FAST),
				items: [vendor.item(0, 'H0')],
				credentialsHelper: helper,
			});
			vendor.expireLogin(sb);
			const result = await runVendor(vendor, sb, {
				parameters: params(FAST),
				items: [vendor.item(1, 'H1')],
				credentialsHelper: helper,
				continueOnFail: true,
			});
			expect(result.items[0].json).toMatchObject({
				success: true,
				action: 'added',
			});
			expect(loginCount(vendor)).toBe(2);
		});
	});
});

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s version 2: Get and Search', (_n, vendor) => {
	beforeEach(() => vendor.configure(sb));
	const scope = vendor.id === 'clienttoolbox' ? { vendor: 'clienttoolbox' } : { vendor: vendor.id, method: 'GET' };

	test('Get: a redirect fails the item naming the vendor; a gzip bomb is refused at the cap', async () => {
		const get = vendor.lookups.get;
		sb.faults.set({
			...scope,
			next: [{ status: 302, headers: { location: `${foreign.url}/g` } }],
		});
		const r1 = await runVendor(vendor, sb, {
			parameters: get.params(FAST),
			items: [{ lookup: get.unknown }],
			continueOnFail: true,
		});
		expect(r1.items[0].json.error).toMatch(new RegExp(`^${escapeRe(vendor.vendorName)}.*302.*redirect`));
		sb.faults.set({ ...scope, next: [{ stream: { mode: 'gzip' } }] });
		const r2 = await within(
			runVendor(vendor, sb, {
				parameters: get.params(FAST),
				items: [{ lookup: get.unknown }],
				continueOnFail: true,
			}),
			30000,
		);
		expect(r2.items[0].json.error).toMatch(new RegExp(`^${escapeRe(vendor.vendorName)}.*larger than ${MAX} bytes`));
		expect(foreign.requests).toEqual([]);
	});

	test('Search: an endless reply ends at the timeout', async () => {
		const search = vendor.lookups.search;
		if (!search) return;
		const sScope = vendor.id === 'riverty' ? { vendor: 'riverty', path: '/customers/search' } : scope;
		sb.faults.set({
			...sScope,
			next: [{ stream: { mode: 'drip', everyMs: 100, limitMs: 30000 } }],
		});
		const started = Date.now();
		const r = await runVendor(vendor, sb, {
			parameters: search.params('LK', { returnAll: true }, { ...FAST, timeout: 1000 }),
			items: [{}],
			continueOnFail: true,
		});
		expect(r.items[0].json.error).toMatch(new RegExp(`^${escapeRe(vendor.vendorName)}: no reply within 1000 ms \\(timeout\\)`));
		expect(Date.now() - started).toBeLessThan(12000);
	});
});

describe("the vendors' own hostile cases (redirects, logins) with version-2 parameters", () => {
	const { runLoadOptions } = require('./harness');
	const ctx = (vendor) => ({
		vendor,
		sb,
		foreign,
		within,
		newHelper,
		runVendor,
		runLoadOptions,
		FAST,
		itemsFor: (v, n, prefix) => Array.from({ length: n }, (_, i) => v.item(i, prefix)),
		escapeRe,
		expectForeignUntouched: () => expect(foreign.requests).toEqual([]),
		loginCount,
	});
	const cases = MATRIX.flatMap(([name, v]) => ['redirects', 'logins'].flatMap((g) => (v.cases?.[g] ?? []).map((c) => [`${name}: ${c.title}`, v, c])));
	test.each(cases)('%s', (_t, vendor, c) => c.run(ctx(vendor)));
});
