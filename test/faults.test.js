'use strict';
/**
 * Fault suite: every vendor node against the sandbox's fault injection (429 with and without
 * Retry-After, 500, 502, 503, 504, dropped connections, replies slower than the node's timeout,
 * truncated or malformed bodies, HTML error pages, and a seeded storm of all of them).
 *
 * What must hold for every vendor: what is safe to resend (429/502/503/504/lost connection/timeout
 * of an idempotent upsert; only 429 and a refused connection for a request that could create a
 * second record) is resent; everything else becomes a clear per-item error naming the
 * vendor and the problem; N items in give N results out with Continue On Fail, and one error
 * without it; retries never create a second record; no run hangs (each is bounded).
 */
const { VENDORS } = require('./vendors');
const { within, sleep, newHelper, runVendor } = require('./helpers/run');
const { deepCopy } = require('n8n-workflow');
const { runNode } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');

// Small waits so the suite stays fast: Max Retry Wait 1 s caps every backoff step.
const FAST = { maxTries: 4, maxRetryWait: 1, concurrency: 1 };
const RUN_LIMIT_MS = 30000;

const sb = useSandbox({ reset: false });

/** Items 0..n-1 with distinct keys. */
const itemsFor = (vendor, n, prefix) => Array.from({ length: n }, (_, i) => vendor.item(i, prefix));
const upserts = (vendor) => sb.requests.filter(vendor.isUpsert);
const distinct = (list) => [...new Set(list)];

/** Waits until every request the sandbox delayed (delayMs) has reached its handler. */
async function settleDelayed(extraMs = 150) {
	const last = Math.max(0, ...sb.requests.filter((r) => r.fault?.delayMs).map((r) => r.time + Number(r.fault.delayMs)));
	const wait = last - Date.now() + extraMs;
	if (wait > 0) await sleep(wait);
}

function expectNoDuplicates(vendor) {
	const keys = vendor.recordKeys(sb);
	expect(keys).toHaveLength(distinct(keys).length);
	return keys;
}

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s under faults', (_name, vendor) => {
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});

	const run = (args) => runVendor(vendor, sb, { limitMs: RUN_LIMIT_MS, ...args });

	const RETRIED = [
		['a 429 with Retry-After: 0', { status: 429, retryAfter: '0' }],
		['a 429 without Retry-After', { status: 429 }],
		['a 502', { status: 502 }],
		['a 503', { status: 503 }],
		['a 504', { status: 504 }],
		["an nginx 502 HTML page", { html: true, status: 502 }],
		['a dropped connection', { drop: true }],
		['a body cut short (content-length larger than what was sent)', { truncate: true }],
	];

	test.each(RETRIED)('%s on the upsert is retried, the item succeeds and the record is written once', async (_label, fault) => {
		// the first two tries get the fault (two items sent in parallel, or the first item twice when
		// it goes alone to log in)
		sb.faults.set({ ...vendor.upsertScope, next: [fault, fault] });
		const items = itemsFor(vendor, 3, 'RT');
		const result = await run({ parameters: vendor.params({ ...FAST, concurrency: 3 }), items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.success)).toEqual([true, true, true]);
		expect(result.items.map((i) => i.json.key)).toEqual(items.map((i) => i.key));
		const sent = upserts(vendor);
		expect(sent).toHaveLength(5);
		const faulted = sent.filter((r) => r.fault);
		expect(faulted).toHaveLength(2);
		// each faulted try was followed by one more try of the same item
		for (const item of items) {
			const tries = sent.filter((r) => vendor.keyOf(r) === item.key);
			expect(tries).toHaveLength(faulted.filter((r) => vendor.keyOf(r) === item.key).length + 1);
			expect(tries[tries.length - 1].fault).toBeUndefined();
		}
		expect(expectNoDuplicates(vendor).sort()).toEqual(items.map((i) => i.key).sort());
	});

	test('a reply slower than the Timeout option is given up on and resent; the late write creates no duplicate', async () => {
		sb.faults.set({ ...vendor.upsertScope, next: [{ delayMs: 1200 }] });
		const items = itemsFor(vendor, 3, 'TO');
		const started = Date.now();
		const result = await run({ parameters: vendor.params({ ...FAST, timeout: 300 }), items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.success)).toEqual([true, true, true]);
		// the node did not wait for the slow reply
		expect(Date.now() - started).toBeLessThan(1200);
		const sent = upserts(vendor);
		expect(sent.map(vendor.keyOf)).toEqual([items[0].key, items[0].key, items[1].key, items[2].key]);
		expect(sent[0].status).toBeNull(); // nobody was listening any more when it was answered
		// the slow request still reaches the vendor afterwards: the same key, so still one record
		await settleDelayed();
		expect(expectNoDuplicates(vendor).sort()).toEqual(items.map((i) => i.key).sort());
	});

	test('a reply slower than the Timeout option on every try fails the item with a timeout message', async () => {
		sb.faults.set({ ...vendor.upsertScope, next: Array(2).fill({ delayMs: 700 }) });
		const result = await run({
			parameters: vendor.params({ ...FAST, maxTries: 2, timeout: 300 }),
			items: [vendor.item(0, 'SLOW')],
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.success).toBe(false);
		expect(result.items[0].json.error).toMatch(new RegExp(`^${vendor.vendorName}: no reply within 300 ms \\(timeout\\) \\(gave up after 2 tries\\)`));
		expect(upserts(vendor)).toHaveLength(2);
		await settleDelayed();
		// two late writes of the same key: one record
		expect(expectNoDuplicates(vendor)).toEqual([vendor.item(0, 'SLOW').key]);
	});

	const NOT_RETRIED = [
		[
			'a 500 with a JSON body',
			// the error fields of every vendor's error shape
			{
				status: 500,
				contentType: 'application/json',
				body: JSON.stringify({ error: 'database down', error_description: 'database down', message: 'database down' }),
			},
			() => /HTTP 500\): .*database down/,
		],
		['a 500 HTML error page', { html: true, status: 500 }, (v) => new RegExp(`HTTP 500\\): ${v.problems.htmlBody.source}`)],
		['a 200 with a malformed body', null, (v) => v.problems.badBody],
		['a 200 HTML page', { html: true, status: 200 }, (v) => v.problems.htmlBody],
		['a 400 HTML page', { html: true, status: 400 }, (v) => v.problems.htmlBody],
	];

	test.each(NOT_RETRIED)('%s is not resent: the item fails with a clear error naming the vendor', async (_label, fault, problem) => {
		sb.faults.set({ ...vendor.upsertScope, next: [fault ?? vendor.malformedFault] });
		const items = itemsFor(vendor, 2, 'NR');
		const result = await run({ parameters: vendor.params(FAST), items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		const [failed, ok] = result.items.map((i) => i.json);
		expect(failed).toMatchObject({ vendor: vendor.id, success: false, action: null, key: items[0].key });
		expect(failed.error).toMatch(new RegExp(`^${vendor.vendorName}`));
		expect(failed.error).toMatch(problem(vendor));
		expect(ok.success).toBe(true);
		expect(upserts(vendor).map(vendor.keyOf)).toEqual([items[0].key, items[1].key]);
		expect(expectNoDuplicates(vendor)).toEqual([items[1].key]);
	});

	test('a 503 on every try fails the item after the last try, with the status', async () => {
		sb.faults.set({ ...vendor.upsertScope, next: Array(3).fill({ status: 503, retryAfter: '0' }) });
		const result = await run({ parameters: vendor.params({ ...FAST, maxTries: 3 }), items: [vendor.item(0, 'EX')] });
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(new RegExp(`^${vendor.vendorName} refused the request \\(HTTP 503\\)`));
		expect(result.error.httpCode).toBe('503');
		expect(result.error.context.itemIndex).toBe(0);
		expect(upserts(vendor)).toHaveLength(3);
		expect(vendor.recordKeys(sb)).toEqual([]);
	});

	test('a dropped connection on every try fails the item, saying it gave up', async () => {
		sb.faults.set({ ...vendor.upsertScope, next: Array(2).fill({ drop: true }) });
		const result = await run({ parameters: vendor.params({ ...FAST, maxTries: 2 }), items: [vendor.item(0, 'DR')] });
		expect(result.error.message).toBe(
			`${vendor.vendorName}: the connection was closed before a reply arrived (gave up after 2 tries)`,
		);
		expect(result.error.context.itemIndex).toBe(0);
		expect(upserts(vendor)).toHaveLength(2);
	});

	test('a Retry-After longer than Max Retry Wait fails the item at once instead of waiting', async () => {
		sb.faults.set({ ...vendor.upsertScope, next: [{ status: 429, retryAfter: '120' }] });
		const started = Date.now();
		const result = await run({ parameters: vendor.params(FAST), items: [vendor.item(0, 'RA')] });
		expect(result.error.message).toMatch(
			new RegExp(`^${vendor.vendorName}: asked to wait 120 s \\(Retry-After\\), longer than the allowed 1 s`),
		);
		expect(result.error.httpCode).toBe('429');
		expect(upserts(vendor)).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	// item 0: 500, item 1: malformed, item 2: HTML 500, item 3: 503 then OK, item 4: drop then OK, item 5: OK
	const mixedFaults = (v) => [
		{ status: 500 },
		v.malformedFault,
		{ html: true, status: 500 },
		{ status: 503, retryAfter: '0' },
		{ drop: true },
	];

	test('with Continue On Fail, N items in give N results out, in order, failures in place', async () => {
		sb.faults.set({ ...vendor.upsertScope, next: mixedFaults(vendor) });
		const items = itemsFor(vendor, 6, 'CF');
		const result = await run({ parameters: vendor.params(FAST), items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(6);
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(result.items.map((i) => i.json.key)).toEqual(items.map((i) => i.key));
		expect(result.items.map((i) => i.json.success)).toEqual([false, false, false, true, true, true]);
		for (const failed of result.items.slice(0, 3)) {
			expect(failed.json.error).toMatch(new RegExp(`^${vendor.vendorName}`));
		}
		expect(result.items[0].json.httpCode).toBe('500');
		expect(result.items[1].json.error).toMatch(vendor.problems.badBody);
		expect(result.items[2].json.error).toMatch(vendor.problems.htmlBody);
		expect(expectNoDuplicates(vendor).sort()).toEqual(items.slice(3).map((i) => i.key).sort());
	});

	test('without Continue On Fail the same faults stop the run with one error for the first failing item', async () => {
		sb.faults.set({ ...vendor.upsertScope, next: mixedFaults(vendor) });
		const items = itemsFor(vendor, 6, 'ST');
		const result = await run({ parameters: vendor.params(FAST), items });
		expect(result.items).toEqual([]);
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(new RegExp(`^${vendor.vendorName} refused the request \\(HTTP 500\\)`));
		expect(result.error.context.itemIndex).toBe(0);
		// the run stopped: nothing after the failed item was sent
		expect(upserts(vendor).map(vendor.keyOf)).toEqual([items[0].key]);
		expect(vendor.recordKeys(sb)).toEqual([]);
	});

	if (vendor.loginScope && vendor.loginRetried) {
		test('a 503 and a dropped connection at the login are retried; one login serves the run', async () => {
			sb.faults.set({ ...vendor.loginScope, next: [{ status: 503, retryAfter: '0' }, { drop: true }] });
			const items = itemsFor(vendor, 4, 'LG');
			const result = await run({ parameters: vendor.params({ ...FAST, concurrency: 4 }), items });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.success)).toEqual([true, true, true, true]);
			const logins = sb.requests.filter(vendor.isLogin);
			expect(logins.map((r) => r.status)).toEqual([503, null, 200]);
			expect(expectNoDuplicates(vendor).sort()).toEqual(items.map((i) => i.key).sort());
		});
	}

	if (vendor.loginScope && !vendor.loginRetried) {
		// TODO: this vendor's login is not retried on 503/drop (reported); until it is, it must at
		// least fail clearly and send nothing for the item
		test('a 503 at the login is a passing failure: the item tries again, one more login, the run succeeds', async () => {
			sb.faults.set({ ...vendor.loginScope, next: [{ status: 503, retryAfter: '0' }] });
			const items = itemsFor(vendor, 3, 'LG');
			const result = await run({ parameters: vendor.params(FAST), items });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.success)).toEqual([true, true, true]);
			expect(sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST')).toHaveLength(2);
			expect(expectNoDuplicates(vendor).sort()).toEqual(items.map((i) => i.key).sort());
		});
	}

	if (vendor.loginScope) {
		test('a login that keeps failing stops the run with a clear error, sends no upsert, and is not tried without end', async () => {
			sb.faults.set({ ...vendor.loginScope, next: Array(100).fill({ status: 503, retryAfter: '0' }) });
			const result = await run({ parameters: vendor.params({ ...FAST, concurrency: 3 }), items: itemsFor(vendor, 10, 'LF') });
			expect(result.items).toEqual([]);
			expect(result.error.message).toMatch(new RegExp(vendor.vendorName));
			expect(result.error.message).toMatch(/503/);
			expect(upserts(vendor)).toHaveLength(0);
			// three logins in a row failed: the login service is taken as down for the rest of the run
			// (Riverty's token request itself is sent up to 3 times per login)
			const logins = sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST');
			expect(logins.length).toBeLessThanOrEqual(vendor.loginRetried ? 9 : 3);
		});

		test('a malformed or HTML login reply is a clear error, not a crash', async () => {
			for (const fault of [vendor.malformedFault, { html: true, status: 200 }]) {
				sb.reset();
				vendor.configure(sb);
				sb.faults.set({ ...vendor.loginScope, next: [fault] });
				const result = await run({ parameters: vendor.params(FAST), items: itemsFor(vendor, 2, 'LM'), continueOnFail: true });
				expect(result.items).toHaveLength(2);
				expect(result.items[0].json.success).toBe(false);
				expect(result.items[0].json.error).toMatch(new RegExp(vendor.vendorName));
			}
		});
	}

	describe('replies nested deeply', () => {
		/** `[[…[leaf]…]]`, `depth` lists deep, built as text (JSON.stringify recurses); 2 bytes a level. */
		const deepJson = (depth, leaf) => `${'['.repeat(depth)}${JSON.stringify(leaf)}${']'.repeat(depth)}`;
		/** The vendor's success reply for `key`, with a `deep` member `depth` levels deep under the top object. */
		const deepReply = (key, depth, leaf) => {
			const fault = vendor.successReply(key, { deep: '@@DEEP@@' });
			return { ...fault, body: fault.body.replace('"@@DEEP@@"', deepJson(depth, leaf)) };
		};
		const bottom = (value) => {
			let current = value;
			while (Array.isArray(current)) current = current[0];
			return current;
		};
		const secret = () => vendor.credentialData(sb)[vendor.secretField];

		test('a reply 1,000 levels deep is read whole; a secret echoed at the bottom is redacted (Normalized and Raw)', async () => {
			const items = itemsFor(vendor, 1, 'DP');
			for (const output of ['normalized', 'raw']) {
				// 999 levels under the reply's top object: 1,000 in all, the most that is read
				sb.faults.set({ ...vendor.upsertScope, next: [deepReply(items[0].key, 999, `echo ${secret()} end`)] });
				const result = await run({ parameters: vendor.params({ ...FAST, output }), items });
				expect(result.error).toBeUndefined();
				const raw = output === 'raw' ? result.items[0].json : result.items[0].json.raw;
				if (output === 'normalized') expect(result.items[0].json.success).toBe(true);
				expect(bottom(raw.deep)).toBe('echo [redacted] end');
			}
		});

		test('a reply nested deeper than 1,000 levels (1,001 or 100,000) fails its item with a clear error; the other items go on', async () => {
			const items = itemsFor(vendor, 3, 'DD');
			sb.faults.set({ ...vendor.upsertScope, next: [deepReply(items[0].key, 1000, 'x'), deepReply(items[1].key, 100000, secret())] });
			const result = await run({ parameters: vendor.params(FAST), items, continueOnFail: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.success)).toEqual([false, false, true]);
			for (const failed of result.items.slice(0, 2)) {
				expect(failed.json.error).toMatch(new RegExp(`^${vendor.vendorName} refused the request \\(HTTP 20[01]\\): .*data nested deeper than 1000 levels; refused`));
			}
			// not resent: the same reply would come again
			expect(upserts(vendor)).toHaveLength(3);
			// and without Continue On Fail: one clear error, not a crash of the execution
			sb.faults.set({ ...vendor.upsertScope, next: [deepReply(items[0].key, 100000, 'x')] });
			const stopped = await run({ parameters: vendor.params(FAST), items: items.slice(0, 1) });
			expect(stopped.error.message).toMatch(/data nested deeper than 1000 levels; refused/);
			expect(stopped.error.context.itemIndex).toBe(0);
		});
	});

	test('a "__proto__" key in the reply stays an own key of raw, never its prototype, and decides nothing', async () => {
		const items = itemsFor(vendor, 1, 'PR');
		const hostile = JSON.parse('{"__proto__": {"polluted": "yes", "success": true, "customerNumber": "EVIL", "id": "EVIL", "status": "success"}}');
		const fault = vendor.successReply(items[0].key, { nested: { '@@P@@': 1 } });
		fault.body = fault.body.replace('{"@@P@@":1}', JSON.stringify(hostile)).replace(/^\{/, `{"__proto__": ${JSON.stringify(hostile.__proto__)},`);
		for (const output of ['normalized', 'raw']) {
			sb.faults.set({ ...vendor.upsertScope, next: [fault] });
			const result = await run({ parameters: vendor.params({ ...FAST, output }), items });
			expect(result.error).toBeUndefined();
			const raw = output === 'raw' ? result.items[0].json : result.items[0].json.raw;
			for (const value of [raw, raw.nested]) {
				expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
				expect(value.polluted).toBeUndefined();
				expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
				expect(Object.getOwnPropertyDescriptor(value, '__proto__').value).toEqual(hostile.__proto__);
			}
			// as n8n stores it (JSON) the key stays; n8n's own deepCopy (between nodes) drops it, never follows it
			expect(JSON.parse(JSON.stringify(raw)).nested).toEqual(hostile);
			const copied = deepCopy(result.items[0].json);
			const copiedRaw = output === 'raw' ? copied : copied.raw;
			expect(Object.getPrototypeOf(copiedRaw.nested)).toBe(Object.prototype);
			expect(copiedRaw.nested.polluted).toBeUndefined();
			if (output === 'normalized') {
				expect(result.items[0].json.success).toBe(true);
				// the id comes from the reply's own keys, or is the key that was sent
				expect(result.items[0].json.id).not.toBe('EVIL');
			}
		}
		expect({}.polluted).toBeUndefined();
	});

	describe('a seeded storm: 50 items, about 20 % of the upserts faulted', () => {
		const STORM = {
			rate: { 429: 0.05, 500: 0.03, 502: 0.03, 503: 0.03, 504: 0.02, drop: 0.02, malformed: 0.01, html: 0.01 },
			retryAfter: '0',
			seed: 20251123,
		};
		const known = (v) =>
			new RegExp(
				[
					`^${v.vendorName} refused the request \\(HTTP (500|502|503|504|429)\\)`,
					`^${v.vendorName}: the connection was closed before a reply arrived`,
					v.problems.badBody.source,
					v.problems.htmlBody.source,
				].join('|'),
			);

		test('with Continue On Fail: 50 results in order, every success stored once, every failure explained', async () => {
			sb.faults.set({ ...vendor.upsertScope, ...STORM });
			const items = itemsFor(vendor, 50, 'SW');
			const result = await run({ parameters: vendor.params({ ...FAST, concurrency: 5 }), items, continueOnFail: true, limitMs: 60000 });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(50);
			expect(result.items.map((i) => i.pairedItem.item)).toEqual(items.map((_, i) => i));
			expect(result.items.map((i) => i.json.key)).toEqual(items.map((i) => i.key));
			const sent = upserts(vendor);
			const faulted = sent.filter((r) => r.fault);
			expect(faulted.length).toBeGreaterThan(0);
			// some items were faulted, retried, and made it
			const succeeded = result.items.filter((i) => i.json.success).map((i) => i.json.key);
			const retriedAndOk = succeeded.filter((key) => sent.filter((r) => vendor.keyOf(r) === key).length > 1);
			expect(retriedAndOk.length).toBeGreaterThan(0);
			// a faulted try never reaches the vendor, so exactly the successful items are stored, once each
			expect(expectNoDuplicates(vendor).sort()).toEqual([...succeeded].sort());
			for (const failed of result.items.filter((i) => !i.json.success)) {
				expect(failed.json.error).toMatch(known(vendor));
			}
			// what is not retried (500, malformed) was that item's last try, and the item failed
			for (const r of faulted.filter((f) => f.fault.status === 500 || f.fault.malformed)) {
				const tries = sent.filter((s) => vendor.keyOf(s) === vendor.keyOf(r));
				expect(tries[tries.length - 1]).toBe(r);
				expect(succeeded).not.toContain(vendor.keyOf(r));
			}
		}, 70000);

		test('without Continue On Fail: the run ends with results or exactly one error, never hangs', async () => {
			sb.faults.set({ ...vendor.upsertScope, ...STORM });
			const items = itemsFor(vendor, 50, 'SX');
			const result = await run({ parameters: vendor.params({ ...FAST, concurrency: 5 }), items, limitMs: 60000 });
			if (result.error) {
				expect(result.items).toEqual([]);
				expect(result.error.message).toMatch(known(vendor));
				expect(typeof result.error.context.itemIndex).toBe('number');
			} else {
				expect(result.items).toHaveLength(50);
			}
			expectNoDuplicates(vendor);
		}, 70000);
	});
});

describe('non-idempotent and vendor-specific steps under faults', () => {
	beforeEach(() => sb.reset());

	// a create without a key (profile.createWithoutKey): only what is safe is resent
	test.each(VENDORS.filter((v) => v.createWithoutKey).map((v) => [v.vendorName, v.createWithoutKey.what, v]))(
		'%s: %s is never resent after a lost reply, a timeout or a 503; a 429 is resent',
		async (_name, _what, vendor) => {
			const create = vendor.createWithoutKey;
			vendor.configure(sb);
			sb.faults.set({ ...create.scope, next: [{ drop: true }, { delayMs: 900 }, { status: 503 }, { status: 429, retryAfter: '0' }] });
			const result = await runVendor(vendor, sb, {
				parameters: create.params({ ...FAST, timeout: 300 }),
				items: [{ first: 'Dropped' }, { first: 'Slow' }, { first: 'Busy' }, { first: 'Limited' }],
				continueOnFail: true,
				limitMs: RUN_LIMIT_MS,
			});
			expect(result.items.map((i) => i.json.success)).toEqual([false, false, false, true]);
			expect(result.items[0].json.error).toMatch(new RegExp(`^${vendor.vendorName}: .*not retried, because resending could create a second record`));
			expect(result.items[1].json.error).toMatch(/no reply within 300 ms \(timeout\); not retried/);
			// a gateway may answer 503 after the application stored the record: not resent
			expect(result.items[2].json.error).toMatch(new RegExp(`^${vendor.vendorName} refused the request \\(HTTP 503\\)`));
			// one request per item, and a second one only for the 429 (refused before any work)
			await settleDelayed();
			expect(sb.requests.filter(create.isRequest).map((r) => r.status)).toEqual([null, null, 503, 429, 200]);
			// the slow one was stored late by the vendor, the 429 one after its (safe) retry: two records, no more
			expect(create.createdNames(sb).sort()).toEqual(['Limited', 'Slow']);
		},
	);

	// what only one vendor has (profile.cases.faults)
	const context = (vendor) => ({ vendor, sb, within, runNode, newHelper, runVendor, FAST, RUN_LIMIT_MS });
	test.each(VENDORS.flatMap((v) => (v.cases?.faults ?? []).map((c) => [c.title, v, c])))('%s', (_title, vendor, c) => c.run(context(vendor)));
});
