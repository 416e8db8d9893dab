'use strict';
/**
 * Vendor rate limits (issue 14): the sandbox's token bucket answers 429 once a vendor's allowance
 * is used up, telling the client in one of four ways (Retry-After, nothing, RateLimit-*,
 * X-RateLimit-*). Every node must absorb it without hand tuning: no item lost or written twice,
 * and a bounded number of 429s (the run slows every item down together instead of each item
 * hammering on its own). Options → Max Requests per Second keeps a run under a known limit.
 *
 * No timing is asserted (that is the benchmark's job: npm run bench -- --rate 50); the runs are
 * bounded so a stuck one fails.
 */
const { VENDORS } = require('./vendors');
const { within, runVendor } = require('./helpers/run');
const { useSandbox } = require('./helpers/sandbox');

const ITEMS = 150;
const RATE = 100;
const BURST = 10;
const STYLES = ['retry-after', 'none', 'ratelimit', 'x-ratelimit'];

const sb = useSandbox({ reset: false });

const itemsFor = (vendor, n, prefix) => Array.from({ length: n }, (_, i) => vendor.item(i, prefix));

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s against a rate-limited vendor', (_name, vendor) => {
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
		// a little latency, as over a network: several requests are in flight at once
		sb.faults.set({ vendor: vendor.id, latencyMs: 5 });
	});

	test.each(STYLES)('limit told by %s: every item written once, 429s bounded', async (style) => {
		sb.rateLimit.set(vendor.id, { rate: RATE, burst: BURST, headers: style });
		const items = itemsFor(vendor, ITEMS, `RL${style.length}`);
		const result = await within(
			runVendor(vendor, sb, { parameters: vendor.params({ concurrency: 5, maxRetryWait: 2 }), items }),
			60000,
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.success)).toEqual(Array(ITEMS).fill(true));
		const keys = vendor.recordKeys(sb);
		expect(keys.sort()).toEqual(items.map((i) => i.key).sort());
		const { passed, limited } = sb.rateLimit.stats(vendor.id);
		// each item accepted once (logins are not limited nor counted)
		expect(passed).toBe(ITEMS);
		// one slow-down for all items: a handful of 429s, not one storm per item
		expect(limited).toBeLessThanOrEqual(15);
	});

	test('Max Requests per Second under the limit: no 429 at all', async () => {
		sb.rateLimit.set(vendor.id, { rate: RATE, burst: BURST, headers: 'retry-after' });
		const items = itemsFor(vendor, 60, 'MR');
		const result = await within(
			runVendor(vendor, sb, { parameters: vendor.params({ concurrency: 5, maxRequestsPerSecond: RATE * 0.8 }), items }),
			60000,
		);
		expect(result.error).toBeUndefined();
		expect(result.items.every((i) => i.json.success)).toBe(true);
		expect(sb.rateLimit.stats(vendor.id)).toEqual({ passed: 60, limited: 0 });
	});
});

describe('a slow vendor with a low limit', () => {
	test('300 ms replies, 10 requests a second, concurrency 10: every item once, few 429s', async () => {
		const vendor = VENDORS[0];
		sb.reset();
		vendor.configure(sb);
		sb.faults.set({ vendor: vendor.id, latencyMs: 300 });
		sb.rateLimit.set(vendor.id, { rate: 10, burst: 2, headers: 'none' });
		const items = itemsFor(vendor, 40, 'SLOW');
		const result = await within(
			runVendor(vendor, sb, { parameters: vendor.params({ concurrency: 10, maxRetryWait: 2 }), items, limitMs: 60000 }),
			60000,
		);
		expect(result.error).toBeUndefined();
		expect(result.items.every((i) => i.json.success)).toBe(true);
		expect(vendor.recordKeys(sb).sort()).toEqual(items.map((i) => i.key).sort());
		const { passed, limited } = sb.rateLimit.stats(vendor.id);
		expect(passed).toBe(40);
		// the first burst over the limit, then the shared pace: not one refusal per item
		expect(limited).toBeLessThanOrEqual(20);
	});
});

describe('a vendor that never lets a request through', () => {
	test('the item fails with the 429 after its tries and 10 rate-limited ones, in bounded time', async () => {
		const vendor = VENDORS[0];
		sb.reset();
		vendor.configure(sb);
		// every reply a 429 that asks for no wait: the node must give up in bounded time
		sb.faults.set({ ...vendor.upsertScope, rate: { 429: 1 }, retryAfter: '0' });
		const result = await within(
			runVendor(vendor, sb, {
				parameters: vendor.params({ concurrency: 1, maxTries: 1, maxRetryWait: 1 }),
				items: [vendor.item(0, 'NV')],
				continueOnFail: true,
			}),
			40000,
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.success).toBe(false);
		expect(result.items[0].json.httpCode).toBe('429');
		expect(sb.requests.filter(vendor.isUpsert)).toHaveLength(11);
	});
});
