import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseRetryAfter } from './retry';

/**
 * The request rate of one run against one credential, shared by every item in flight, so that
 * a vendor's rate limit is absorbed instead of hammered:
 * - Options → Max Requests per Second, when the user knows the limit: requests start no
 *   faster than that;
 * - a 429 slows every item down at once (the rate drops to what the vendor accepted over the
 *   last second, a little less), then the rate probes back up by a few percent a second;
 * - a reply that says the allowance is used up (`RateLimit-Remaining: 0` or
 *   `X-RateLimit-Remaining: 0` with a reset) holds new requests until the reset, before any 429;
 * - the item that got the 429 waits what the vendor asked (Retry-After, or the reset header)
 *   and is sent again: a 429 is not counted as a failed try (see sendWithRetry).
 */
export class Pacer {
	/** Requests per second now; Infinity = not paced. */
	private rate: number;

	private nextStart = 0;

	private heldUntil = 0;

	private lastChange = 0;

	/** The highest rate the vendor was seen to accept, measured when it refused. */
	private bestAccepted = 0;

	/** Start times of the last second's requests, and which of them were accepted. */
	private readonly recent: Array<{ at: number; accepted: boolean | undefined }> = [];

	/** 429s seen by this run (for logs and tests). */
	limited = 0;

	constructor(
		/** Options → Max Requests per Second (0 = none). */
		private readonly ceiling = 0,
		/** Longest hold of all new requests (Options → Max Retry Wait). */
		private readonly maxHoldMs = 30_000,
		private readonly now: () => number = Date.now,
	) {
		this.rate = ceiling > 0 ? ceiling : Infinity;
	}

	/** Current pace in requests per second (Infinity when not paced). */
	get requestsPerSecond(): number {
		return this.rate;
	}

	/** Waits for this request's turn; returns a handle to report the reply with. */
	async take(): Promise<{ done(reply: { statusCode: number; headers: IDataObject }): void }> {
		const now = this.now();
		const start = Math.max(now, this.nextStart, this.heldUntil);
		if (Number.isFinite(this.rate)) this.nextStart = start + 1000 / this.rate;
		if (start > now) await sleep(start - now);
		const entry = { at: this.now(), accepted: undefined as boolean | undefined };
		this.recent.push(entry);
		this.trim(entry.at);
		return { done: (reply) => this.observe(entry, reply) };
	}

	private trim(now: number): void {
		while (this.recent.length > 0 && now - this.recent[0].at > 1000) this.recent.shift();
	}

	private observe(entry: { accepted: boolean | undefined }, reply: { statusCode: number; headers: IDataObject }): void {
		const now = this.now();
		const refused = reply.statusCode === 429;
		entry.accepted = !refused;
		const reset = resetDelayMs(reply.headers, now);
		if (refused) {
			this.limited++;
			const unpaced = !Number.isFinite(this.rate);
			this.slowDown(now);
			// the first time, before any pace is known: hold new requests as long as the vendor
			// said (Retry-After, or the reset header), so the allowance can come back
			const wait = parseRetryAfter(reply.headers['retry-after'], now) ?? reset;
			if (unpaced && wait !== undefined) this.heldUntil = Math.max(this.heldUntil, now + Math.min(wait, this.maxHoldMs));
			return;
		}
		if (remaining(reply.headers) === 0) {
			// accepted, and told the allowance is used up: go on at the pace it accepted, no faster
			if (!Number.isFinite(this.rate)) {
				this.rate = Math.max(1, this.acceptedRate(now));
				this.lastChange = now;
			}
			return;
		}
		// probe back up each second without a refusal: quickly (doubling) back to a pace the vendor
		// has accepted before, then a few percent a second
		if (Number.isFinite(this.rate) && now - this.lastChange >= 1000) {
			const known = this.bestAccepted * 0.9;
			const next = this.rate < known ? Math.min(this.rate * 2, known) : this.rate * 1.05;
			this.rate = this.ceiling > 0 ? Math.min(this.ceiling, next) : next;
			this.lastChange = now;
		}
	}

	/** Requests per second the vendor accepted lately (over the last second, at least 250 ms). */
	private acceptedRate(now: number): number {
		this.trim(now);
		const accepted = this.recent.filter((r) => r.accepted === true).length;
		const span = Math.max(250, Math.min(1000, now - (this.recent[0]?.at ?? now)));
		return (accepted * 1000) / span;
	}

	private slowDown(now: number): void {
		// one congestion event, several 429s in flight: slow down once per half second
		if (now - this.lastChange < 500) return;
		const current = Number.isFinite(this.rate) ? this.rate : Infinity;
		const accepted = this.acceptedRate(now);
		this.bestAccepted = Math.max(this.bestAccepted, accepted);
		this.rate = Math.max(1, Math.min(current, accepted) * 0.9);
		this.lastChange = now;
		this.nextStart = Math.max(this.nextStart, now + 1000 / this.rate);
	}
}

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (value === undefined || value === null) return undefined;
	return String(Array.isArray(value) ? value[0] : value).trim();
}

function remaining(headers: IDataObject): number | undefined {
	const text = header(headers, 'ratelimit-remaining') ?? header(headers, 'x-ratelimit-remaining');
	const n = text === undefined ? NaN : Number(text);
	return Number.isFinite(n) ? n : undefined;
}

/**
 * When the allowance comes back, from `RateLimit-Reset` (seconds from now, IETF draft) or
 * `X-RateLimit-Reset` (seconds from now, or a Unix time in seconds when it is that large).
 */
export function resetDelayMs(headers: IDataObject, now = Date.now()): number | undefined {
	const draft = header(headers, 'ratelimit-reset');
	if (draft !== undefined && /^\d+(\.\d+)?$/.test(draft)) return Math.round(parseFloat(draft) * 1000);
	const x = header(headers, 'x-ratelimit-reset');
	if (x === undefined || !/^\d+(\.\d+)?$/.test(x)) return undefined;
	const value = parseFloat(x);
	// a Unix time (seconds since 1970) rather than a delay
	if (value > 1e9) return Math.max(0, Math.round(value * 1000 - now));
	return Math.round(value * 1000);
}
