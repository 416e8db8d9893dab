'use strict';
// Per-vendor rate limits: a token bucket per vendor, refilled continuously at `rate` tokens per
// second up to `burst`, one token per request. A request that finds less than one token gets
// 429 and consumes nothing. The vendors' token/login calls are exempt (the vendor module's
// isLogin(path)), like the login endpoints of most real APIs are limited separately.
//
//   sb.rateLimit.set(vendor, { rate, burst = 10, headers = 'retry-after' })
//   sb.rateLimit.clear(vendor?)        no limit for that vendor (all vendors without an argument)
//   sb.rateLimit.stats(vendor)         { passed, limited }: requests that took a token, 429s sent
//   sb.rateLimit.list()                { vendor: { rate, burst, headers, tokens, passed, limited } }
//
// headers: what the replies tell the client
//   'retry-after'  429 with `Retry-After: <seconds until a token is free, rounded up, min 1>`
//   'none'         429 with no hint at all
//   'ratelimit'    IETF draft (draft-ietf-httpapi-ratelimit-headers) on every reply of the vendor:
//                  RateLimit-Limit: burst, RateLimit-Remaining: whole tokens left after this
//                  request, RateLimit-Reset: seconds until the bucket is full again (rounded up;
//                  on a 429 and whenever Remaining is 0, at least 1); 429 when empty, no Retry-After
//   'x-ratelimit'  the same as X-RateLimit-Limit / -Remaining / -Reset, Reset as a Unix epoch
//                  timestamp in seconds (GitHub style), rounded up

const HEADER_STYLES = ['retry-after', 'none', 'ratelimit', 'x-ratelimit'];
const DEFAULT_BURST = 10;

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function checkLimit(vendor, spec) {
	const where = `rate limit for ${vendor}`;
	if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Error(`${where}: must be an object { rate, burst?, headers? }`);
	for (const k of Object.keys(spec)) if (!['rate', 'burst', 'headers'].includes(k)) throw new Error(`${where}: unknown key ${k}`);
	const rate = Number(spec.rate);
	if (!(Number.isFinite(rate) && rate > 0)) throw new Error(`${where}: rate must be a number of requests per second > 0`);
	const burst = spec.burst === undefined || spec.burst === null ? DEFAULT_BURST : Number(spec.burst);
	if (!(Number.isInteger(burst) && burst >= 1)) throw new Error(`${where}: burst must be a whole number >= 1`);
	const headers = spec.headers === undefined || spec.headers === null ? 'retry-after' : String(spec.headers);
	if (!HEADER_STYLES.includes(headers)) throw new Error(`${where}: headers must be one of ${HEADER_STYLES.join(', ')}`);
	return { rate, burst, headers };
}

/**
 * vendorNames: the sandbox's vendors (set() refuses others). defaults: optional
 * { rate, burst, headers } applied to every vendor now and again on reset() (the CLI's --rate).
 */
function createRateLimits(vendorNames, { defaults = null, clock = nowMs } = {}) {
	const known = new Set(vendorNames);
	const buckets = new Map();
	const stats = new Map();

	const statsOf = (vendor) => {
		if (!stats.has(vendor)) stats.set(vendor, { passed: 0, limited: 0 });
		return stats.get(vendor);
	};

	function refill(b, t) {
		if (t > b.at) {
			b.tokens = Math.min(b.burst, b.tokens + ((t - b.at) / 1000) * b.rate);
			b.at = t;
		}
	}

	const api = {
		HEADER_STYLES,
		set(vendor, spec) {
			if (!known.has(vendor)) throw new Error(`rate limit: unknown vendor ${vendor}`);
			const limit = checkLimit(vendor, spec || {});
			// a new limit starts with a full bucket
			buckets.set(vendor, { ...limit, tokens: limit.burst, at: clock() });
			return { ...limit };
		},
		clear(vendor) {
			if (vendor === undefined || vendor === null) buckets.clear();
			else buckets.delete(vendor);
		},
		stats(vendor) {
			return { ...statsOf(vendor) };
		},
		list() {
			const t = clock();
			const out = {};
			for (const [vendor, b] of buckets) {
				refill(b, t);
				out[vendor] = { rate: b.rate, burst: b.burst, headers: b.headers, tokens: b.tokens, ...statsOf(vendor) };
			}
			return out;
		},
		/** Limits and stats back to the start: no limit, or the defaults given at creation. */
		reset() {
			buckets.clear();
			stats.clear();
			if (defaults) for (const v of known) api.set(v, defaults);
		},
		/**
		 * For one request of `vendor` (not exempt): takes a token or not. Returns null when the
		 * vendor has no limit, else { limited, headers } — the headers to put on the reply (the
		 * 429 or the vendor's own).
		 */
		take(vendor) {
			const b = buckets.get(vendor);
			if (!b) return null;
			const t = clock();
			refill(b, t);
			const limited = b.tokens < 1;
			if (!limited) b.tokens -= 1;
			const s = statsOf(vendor);
			if (limited) s.limited += 1;
			else s.passed += 1;
			const untilTokenMs = limited ? ((1 - b.tokens) / b.rate) * 1000 : 0;
			const untilFullMs = ((b.burst - b.tokens) / b.rate) * 1000;
			const remaining = Math.floor(b.tokens);
			const headers = {};
			if (b.headers === 'retry-after' && limited) {
				headers['retry-after'] = String(Math.max(1, Math.ceil(untilTokenMs / 1000)));
			} else if (b.headers === 'ratelimit' || b.headers === 'x-ratelimit') {
				let resetS = Math.ceil(untilFullMs / 1000);
				if (limited || remaining === 0) resetS = Math.max(1, resetS);
				const x = b.headers === 'x-ratelimit';
				headers[x ? 'x-ratelimit-limit' : 'ratelimit-limit'] = String(b.burst);
				headers[x ? 'x-ratelimit-remaining' : 'ratelimit-remaining'] = String(remaining);
				// epoch: Date.now(), not the monotonic clock the bucket runs on
				headers[x ? 'x-ratelimit-reset' : 'ratelimit-reset'] = String(x ? Math.ceil((Date.now() + untilFullMs) / 1000) : resetS);
			}
			return { limited, headers };
		},
	};
	if (defaults) {
		checkLimit('every vendor', defaults);
		api.reset();
	}
	return api;
}

module.exports = { createRateLimits, HEADER_STYLES, DEFAULT_BURST };
