'use strict';
/**
 * Hostile vendors against version 2 (typeVersion: 2), per upsert Input Mode (Map Automatically,
 * Map Each Field, JSON Body) and for Get / Search: what test/faults.hostile.test.js does not run
 * for the version-2 profiles (test/helpers/v2-profiles.js) it shares with version 1: the baseline,
 * deep and endless replies, a redirect on the login, an expired login mid-run, Riverty's HEAD
 * pre-check, Get and Search. Version 2 must behave as version 1: a clear per-item error naming
 * the vendor, no hang, no secret in the output, one login per run.
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

const { v2Profile, MODES, MATRIX } = require('./helpers/v2-profiles');
const LOGIN_MATRIX = MATRIX.filter(([, v]) => v.loginScope);
const loginCount = (vendor) => sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST').length;
/** No secret the run handled appears in what it output. */
function expectNoSecret(vendor, result) {
	const text = JSON.stringify(result.items ?? []) + String(result.error?.message ?? '');
	for (const secret of vendor.secrets(sb)) if (secret && secret.length >= 6) expect(text).not.toContain(secret);
}

describe.each(MATRIX)('%s: baseline, deep and endless replies', (_n, vendor) => {
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
