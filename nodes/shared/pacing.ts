import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseRetryAfter } from './retry';

/**
 * The request rate of one run against one credential, shared by every item in flight, so that
 * a vendor's rate limit is absorbed instead of hammered:
 * - Options → Max Requests per Second, when the user knows the limit: requests start no
 *   faster than that, ever;
 * - a 429 slows every item down at once: the pace drops a little under what the vendor
 *   accepted lately (measured over a window longer than the vendor's latency), then probes back
 *   up, quickly to a pace the vendor accepted before, then by a few percent a second;
 * - before any pace is known, the first 429 (or a reply saying the allowance is used up,
 *   `RateLimit-Remaining: 0` / `X-RateLimit-Remaining: 0`) holds new requests until the
 *   vendor said (Retry-After or the reset header) and sets the pace to what it accepted;
 * - the item that got the 429 waits what the vendor asked and is sent again: a 429 is not
 *   counted as a failed try (see sendWithRetry).
 */
export class Pacer {
	/** Requests per second now; Infinity = not paced. */
	private rate: number;

	private nextStart = 0;

	private heldUntil = 0;

	private lastChange = 0;

	/** The highest pace the vendor was seen to accept (never above the pace it was sent at). */
	private bestAccepted = 0;

	/** When accepted replies came back (the window's worth). */
	private readonly accepted: number[] = [];

	/** The vendor's reply time, smoothed: the window must be longer than it. */
	private latencyMs = 0;

	private readonly started = this.now();

	constructor(
		/** Options → Max Requests per Second (0 = none). */
		private readonly ceiling = 0,
		/** Longest hold of all new requests (Options → Max Retry Wait). */
		private readonly maxHoldMs = 30_000,
		private readonly now: () => number = Date.now,
	) {
		this.rate = ceiling > 0 ? ceiling : Infinity;
	}

	/** The slowest pace: 1 request a second, or the user's limit when that is lower. */
	private get floor(): number {
		return this.ceiling > 0 ? Math.min(1, this.ceiling) : 1;
	}

	/** Waits for this request's turn; returns a handle to report the reply with. */
	async take(): Promise<{ done(reply: { statusCode: number; headers: IDataObject }): void }> {
		const now = this.now();
		const start = Math.max(now, this.nextStart, this.heldUntil);
		if (Number.isFinite(this.rate)) this.nextStart = start + 1000 / this.rate;
		if (start > now) await sleep(start - now);
		const sentAt = this.now();
		return { done: (reply) => this.observe(sentAt, reply) };
	}

	/** Long enough to hold several replies even from a slow vendor: 1 to 10 s. */
	private windowMs(): number {
		return Math.min(10_000, Math.max(1000, 3 * this.latencyMs));
	}

	private observe(sentAt: number, reply: { statusCode: number; headers: IDataObject }): void {
		const now = this.now();
		this.latencyMs = this.latencyMs === 0 ? now - sentAt : 0.8 * this.latencyMs + 0.2 * (now - sentAt);
		const refused = reply.statusCode === 429;
		if (!refused) this.accepted.push(now);
		const window = this.windowMs();
		while (this.accepted.length > 0 && now - this.accepted[0] > window) this.accepted.shift();
		const reset = resetDelayMs(reply.headers, now);
		const usedUp = !refused && reset !== undefined && remaining(reply.headers) === 0;
		if (refused || usedUp) {
			const unpaced = !Number.isFinite(this.rate);
			if (refused) this.slowDown(now, window);
			else if (unpaced) this.setRate(this.acceptedRate(now, window), now);
			// the first time, before any pace is known: hold new requests as long as the vendor
			// said, so the allowance can come back
			const wait = refused ? (parseRetryAfter(reply.headers['retry-after'], now) ?? reset) : reset;
			if (unpaced && wait !== undefined) this.heldUntil = Math.max(this.heldUntil, now + Math.min(wait, this.maxHoldMs));
			return;
		}
		// probe back up each second without a refusal
		if (Number.isFinite(this.rate) && now - this.lastChange >= 1000) {
			const known = this.bestAccepted * 0.95;
			this.setRate(this.rate < known ? Math.min(this.rate * 2, known) : this.rate * 1.05, now);
		}
	}

	/** Replies accepted per second over the window (or since the run started, if shorter). */
	private acceptedRate(now: number, window: number): number {
		const span = Math.max(250, Math.min(window, now - this.started));
		return (this.accepted.length * 1000) / span;
	}

	private setRate(rate: number, now: number): void {
		const capped = this.ceiling > 0 ? Math.min(this.ceiling, rate) : rate;
		this.rate = Math.max(this.floor, capped);
		this.lastChange = now;
	}

	private slowDown(now: number, window: number): void {
		// one congestion event, several 429s in flight: slow down once per half second
		if (now - this.lastChange < 500) return;
		const current = Number.isFinite(this.rate) ? this.rate : Infinity;
		// what it accepted, but not more than what it was sent (a burst allowance inflates it)
		const accepted = Math.min(current, this.acceptedRate(now, window));
		this.bestAccepted = Math.max(this.bestAccepted, accepted);
		this.setRate(accepted * 0.9, now);
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

/** A reset further away than this is not believed (a broken header): the usual backoff applies. */
const MAX_RESET_MS = 24 * 60 * 60 * 1000;

/**
 * When the allowance comes back, from `RateLimit-Reset` or `X-RateLimit-Reset`: seconds from
 * now, or a Unix time (in seconds, or in milliseconds) when the number is that large.
 */
export function resetDelayMs(headers: IDataObject, now = Date.now()): number | undefined {
	const text = header(headers, 'ratelimit-reset') ?? header(headers, 'x-ratelimit-reset');
	if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return undefined;
	const value = parseFloat(text);
	const delay =
		value > 1e12 ? value - now : value > 1e9 ? value * 1000 - now : value * 1000;
	if (delay > MAX_RESET_MS) return undefined;
	return Math.max(0, Math.round(delay));
}
