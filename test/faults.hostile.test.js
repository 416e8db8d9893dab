'use strict';
/**
 * Fault suite, hostile or broken vendors (issue 11): what a vendor host, a gateway or the
 * network can do besides failing the upsert, on every request the package makes (upsert, the
 * resend after a login, Riverty's token request, Valomnia's session login, the dropdown loads).
 *
 *  1. redirects are never followed: the item fails naming the vendor, the status and the host;
 *     the other host gets nothing (no token, key, password or PIN);
 *  2. Options → Timeout bounds the whole exchange: slow headers and trickled bodies on the
 *     token request, the login and the resend end at the timeout, and the message says so;
 *  3. one size cap (5 MB, decoded) on every reply: huge, endless and gzip-bomb bodies;
 *  4. one login per expiry, shared by all items in flight, also when the first item is refused
 *     before sending and against a vendor that keeps one session per user.
 *
 * Each case runs for version 1's profiles and, where it concerns the upsert, its login or the
 * vendors' own cases, for version 2's in its three Input Modes too (test/helpers/v2-profiles.js);
 * test/faults.v2.test.js has the version-2 cases this file does not.
 */
const { VENDORS } = require('./vendors');
const { within, newHelper, runVendor } = require('./helpers/run');
const { startForeign } = require('./helpers/foreign');
const { useSandbox } = require('./helpers/sandbox');
const { runLoadOptions, testCredential } = require('./harness');
const { MATRIX } = require('./helpers/v2-profiles');
const { findLeaks } = require('./helpers/secrets');

const RUN_LIMIT_MS = 30000;
const MAX = 5 * 1024 * 1024;
const FAST = { maxTries: 1, maxRetryWait: 1 };

const sb = useSandbox({ reset: false });
let foreign;
beforeAll(async () => {
	foreign = await startForeign();
});
afterAll(async () => {
	await foreign.close();
});

const LOGIN_VENDORS = VENDORS.filter((v) => v.loginScope);
/** [label, profile] rows: every vendor at version 1, then at version 2 in each Input Mode. */
const PROFILES = [...VENDORS.map((v) => [v.vendorName, v]), ...MATRIX];
const LOGIN_PROFILES = PROFILES.filter(([, v]) => v.loginScope);
const itemsFor = (vendor, n, prefix) => Array.from({ length: n }, (_, i) => vendor.item(i, prefix));
const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Nothing reached the other host: no request at all, so no token, key, password or PIN. */
function expectForeignUntouched() {
	expect(foreign.requests).toEqual([]);
}
const loginCount = (vendor) => sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST').length;
/** No secret of the run (6 characters or more) in anything a user or n8n could see after it. */
const expectNoSecret = (vendor, result) => expect(findLeaks(result, vendor.secrets(sb).filter((s) => s && String(s).length >= 6))).toEqual([]);

/** What a profile's own cases (profile.cases.redirects / .logins) get to run with. */
const context = (vendor) => ({
	vendor,
	sb,
	foreign,
	within,
	newHelper,
	runVendor,
	runLoadOptions,
	FAST,
	itemsFor,
	escapeRe,
	expectForeignUntouched,
	loginCount,
});
const casesOf = (group) => PROFILES.flatMap(([, v]) => (v.cases?.[group] ?? []).map((c) => [v.label ? `${v.label}: ${c.title}` : c.title, v, c]));

beforeEach(() => {
	sb.reset();
	foreign.requests.length = 0;
});

describe.each(PROFILES)('%s: redirects are never followed', (_name, vendor) => {
	beforeEach(() => vendor.configure(sb));

	test.each([301, 302, 303, 307, 308])('a %i on the upsert fails the item naming the status and the other host', async (status) => {
		sb.faults.set({ ...vendor.upsertScope, next: [{ status, headers: { location: `${foreign.url}/take?x=1` }, body: '' }] });
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params(FAST),
			items: [vendor.item(0, 'RD')],
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(1);
		const out = result.items[0].json;
		expect(out.success).toBe(false);
		expect(out.error).toMatch(new RegExp(`^${escapeRe(vendor.vendorName)}: answered HTTP ${status}, a redirect to ${escapeRe(foreign.host)}\\. Redirects are not followed`));
		expect(out.error).not.toMatch(/take\?x=1/);
		expectForeignUntouched();
		expect(vendor.recordKeys(sb)).toEqual([]);
		expectNoSecret(vendor, result);
	});

	test('a redirect to another scheme on the same host is not followed either, and names the scheme', async () => {
		// from http to https here (the sandbox speaks http); from https to http the credential would travel in clear
		const sameHost = new URL(sb.url).host;
		sb.faults.set({ ...vendor.upsertScope, next: [{ status: 301, headers: { location: `https://${sameHost}/x` } }] });
		const result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'RS')], continueOnFail: true });
		expect(result.items[0].json.error).toMatch(new RegExp(`answered HTTP 301, a redirect to https://${escapeRe(sameHost)}\\. Redirects are not followed`));
		expect(sb.requests.filter(vendor.isUpsert)).toHaveLength(1);
		expect(vendor.recordKeys(sb)).toEqual([]);
	});
});

describe('redirects on the other requests', () => {
	// what only one vendor has: a custom token header, a token endpoint, a login, dropdown loads
	test.each(casesOf('redirects'))('%s', (_title, vendor, c) => c.run(context(vendor)));

	// the request n8n's "Test" button sends (the declarative credential test), per vendor
	test.each(VENDORS.map((v) => [v.vendorName, v]))("%s: the credential test does not follow a redirect", async (_n, vendor) => {
		vendor.configure(sb);
		sb.faults.set({ ...vendor.credentialTestScope, next: [{ status: 302, headers: { location: `${foreign.url}/test` } }] });
		const outcome = await testCredential({ credentialType: new vendor.Credential(), data: vendor.credentialData(sb) });
		expect(outcome.status).toBe('Error');
		expectForeignUntouched();
	});
});

describe('Options → Timeout bounds the token request, the login and the resend', () => {
	test.each(LOGIN_PROFILES)('%s: a login whose headers never come ends at the timeout, saying so', async (_n, vendor) => {
		vendor.configure(sb);
		sb.faults.set({ ...vendor.loginScope, next: [{ delayMs: 20000 }] });
		const started = Date.now();
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, timeout: 1000 }),
			items: [vendor.item(0, 'SL')],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(`${vendor.vendorName}: no reply within 1000 ms (timeout) while logging in (gave up after 1 tries)`);
		// not 3 tries × 30 s, nor the 20 s the login would take: the item's own limit (a loose
		// bound: a busy machine may be slow, a hang is not)
		expect(Date.now() - started).toBeLessThan(12000);
		expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
	});

	test.each(LOGIN_PROFILES)('%s: a login reply trickled a byte at a time ends at the timeout', async (_n, vendor) => {
		vendor.configure(sb);
		sb.faults.set({ ...vendor.loginScope, next: [{ stream: { mode: 'drip', everyMs: 100, limitMs: 30000 } }] });
		const started = Date.now();
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, timeout: 1000 }),
			items: [vendor.item(0, 'TR')],
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toMatch(new RegExp(`^${vendor.vendorName}: no reply within 1000 ms \\(timeout\\) while`));
		expect(Date.now() - started).toBeLessThan(12000);
	});

	test.each(LOGIN_PROFILES)('%s: the resend after a renewed login, trickled, ends at the timeout', async (_n, vendor) => {
		vendor.configure(sb);
		const helper = newHelper(vendor, sb);
		await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'P0')], credentialsHelper: helper });
		vendor.expireLogin(sb);
		sb.faults.set({ ...vendor.upsertScope, next: [{ delayMs: 1 }, { stream: { mode: 'drip', everyMs: 150, limitMs: 30000 } }] });
		const started = Date.now();
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, timeout: 1500 }),
			items: [vendor.item(1, 'P1')],
			credentialsHelper: helper,
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe(
			`${vendor.vendorName}: no reply within 1500 ms (timeout) while the reply was being read (gave up after 1 tries)`,
		);
		expect(Date.now() - started).toBeLessThan(12000);
		// one renewal, and the trickled resend was the second try of that same item
		expect(sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST')).toHaveLength(2);
	});
});

describe('one size cap (5 MB, decoded) on every reply', () => {
	const HUGE = [
		['a 300 MB body', { stream: { mode: 'huge' } }],
		['a gzip bomb (200 MB of zeros)', { stream: { mode: 'gzip' } }],
		['an endless body', { stream: { mode: 'endless', limitMs: 20000 } }],
	];

	describe.each(PROFILES)('%s', (_n, vendor) => {
		test.each(HUGE)('%s on the upsert is refused at the cap', async (_label, fault) => {
			vendor.configure(sb);
			sb.faults.set({ ...vendor.upsertScope, next: [fault] });
			const result = await within(
				runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'BG')], continueOnFail: true }),
				RUN_LIMIT_MS,
			);
			expect(result.items[0].json.error).toBe(`${vendor.vendorName}: the reply is larger than ${MAX} bytes (decoded) and was not read`);
			// the connection was closed: the server did not get to write it all
			if (fault.stream.mode === 'huge') expect(sb.streamed.bytes).toBeLessThan(100 * 1024 * 1024);
		});
	});

	describe.each(LOGIN_PROFILES)('%s', (_n, vendor) => {
		test.each(HUGE)('%s on the login is refused at the cap, once for the run', async (_label, fault) => {
			vendor.configure(sb);
			sb.faults.set({ ...vendor.loginScope, next: [fault] });
			const result = await within(
				runVendor(vendor, sb, { parameters: vendor.params({ ...FAST, concurrency: 3 }), items: itemsFor(vendor, 3, 'LG'), continueOnFail: true }),
				RUN_LIMIT_MS,
			);
			for (const item of result.items) expect(item.json.error).toMatch(new RegExp(`larger than ${MAX} bytes \\(decoded\\) and was not read`));
			expect(sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST')).toHaveLength(1);
			if (fault.stream.mode === 'huge') expect(sb.streamed.bytes).toBeLessThan(100 * 1024 * 1024);
		});

		test('a gzip bomb on the resend after a renewal is refused at the cap', async () => {
			vendor.configure(sb);
			const helper = newHelper(vendor, sb);
			await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'G0')], credentialsHelper: helper });
			vendor.expireLogin(sb);
			sb.faults.set({ ...vendor.upsertScope, next: [{ delayMs: 1 }, { stream: { mode: 'gzip' } }] });
			const result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(1, 'G1')], credentialsHelper: helper, continueOnFail: true });
			expect(result.items[0].json.error).toBe(`${vendor.vendorName}: the reply is larger than ${MAX} bytes (decoded) and was not read`);
		});
	});
});

describe('one login per expiry, shared by all items in flight', () => {
	const badItem = (vendor) => ({ ...vendor.item(0, 'BAD'), key: '' });
	const refusals = (vendor) => sb.state[vendor.id].stats.unauthorized;

	test.each(LOGIN_VENDORS.map((v) => [v.vendorName, v]))('%s: the first item refused before sending, the others still log in once', async (_n, vendor) => {
		vendor.configure(sb);
		const items = [badItem(vendor), ...itemsFor(vendor, 9, 'OK')];
		const result = await runVendor(vendor, sb, { parameters: vendor.params({ ...FAST, concurrency: 5 }), items, continueOnFail: true });
		expect(result.items.map((i) => i.json.success)).toEqual([false, ...Array(9).fill(true)]);
		expect(loginCount(vendor)).toBe(1);
	});

	test.each(LOGIN_PROFILES)(
		'%s: 300 items at concurrency 5 with the login expiring every 100 calls: one login per expiry, no item lost',
		async (_n, vendor) => {
			vendor.configure(sb);
			sb.configure({ [vendor.id]: { expireEvery: 100 } });
			const items = itemsFor(vendor, 300, 'EX');
			const result = await within(
				runVendor(vendor, sb, { parameters: vendor.params({ ...FAST, maxTries: 2, concurrency: 5 }), items }),
				60000,
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.success)).toEqual(Array(300).fill(true));
			expect(vendor.recordKeys(sb).sort()).toEqual(items.map((i) => i.key).sort());
			const calls = sb.state[vendor.id].apiCalls;
			const expiries = Math.floor(calls / 100);
			expect(expiries).toBeGreaterThanOrEqual(3);
			// the first login, then one per expiry; at most one refused call per item in flight
			expect(loginCount(vendor)).toBe(1 + expiries);
			expect(refusals(vendor)).toBeLessThanOrEqual(5 * expiries);
		},
	);

	test.each(LOGIN_PROFILES)('%s: a refused secret or password is tried once for the whole run (no lock-out)', async (_n, vendor) => {
		vendor.configure(sb);
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, maxTries: 3, concurrency: 3 }),
			items: itemsFor(vendor, 10, 'WR'),
			credentialsHelper: newHelper(vendor, sb, vendor.wrongCredential),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(10);
		expect(result.items.every((i) => i.json.success === false && i.json.error.startsWith(vendor.vendorName))).toBe(true);
		expect(result.items[9].json.error).toMatch(/refused/);
		expect(loginCount(vendor)).toBe(1);
		expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
		expectNoSecret(vendor, result);
	});

	test.each(LOGIN_VENDORS.map((v) => [v.vendorName, v]))("%s: the items waiting on a probe do not inherit the probe's own failure", async (_n, vendor) => {
		vendor.configure(sb);
		const helper = newHelper(vendor, sb);
		await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'PR')], credentialsHelper: helper });
		// the stored token is proven again by the first request of the next run: its reply is too large
		sb.faults.set({ ...vendor.upsertScope, next: [{ stream: { mode: 'huge' } }] });
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ ...FAST, concurrency: 5 }),
			items: itemsFor(vendor, 5, 'PW'),
			credentialsHelper: helper,
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json.success)).toEqual([false, true, true, true, true]);
		expect(result.items[0].json.error).toMatch(/larger than/);
	});

	// what only one vendor has: one session per user
	test.each(casesOf('logins'))('%s', (_title, vendor, c) => c.run(context(vendor)));
});
