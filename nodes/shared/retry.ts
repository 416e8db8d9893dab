/**
 * Which failures are worth another try, and how long to wait. Upserts are idempotent (same key,
 * same data), so resending one after a lost reply cannot create a duplicate.
 */
export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Connection-level failures (reset, refused, timeout) as reported by axios/Node. */
export const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * For requests that are not idempotent: only failures that prove nothing was processed. A 429
 * refuses before any work; a 503 does not prove that (a gateway may answer 503 after the
 * application stored the record), so it is not resent.
 */
export const SAFE_STATUS_FOR_NON_IDEMPOTENT = new Set([429]);
export const SAFE_NETWORK_CODES_FOR_NON_IDEMPOTENT = new Set(['ECONNREFUSED']);

export interface RetryPolicy {
	/** Total tries, the first one included. */
	maxTries: number;
	/** First backoff step in ms; doubles on each retry. */
	baseDelayMs: number;
	/** Upper bound of one wait, backoff or Retry-After. A longer Retry-After ends the retries. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxTries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns ms, or undefined. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(parseFloat(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so parallel items spread out. */
export function backoffDelay(retryNumber: number, policy: RetryPolicy, random = Math.random): number {
	const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
	return Math.round(exp / 2 + random() * (exp / 2));
}

/** Finds a Node/axios error code anywhere in an error's cause chain. */
export function networkErrorCode(error: unknown): string | undefined {
	// n8n's request helper wraps axios errors in NodeApiError, which keeps the code as httpCode
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 6; depth++) {
		for (const code of [current.code, current.httpCode]) {
			if (typeof code === 'string' && RETRYABLE_NETWORK_CODES.has(code)) return code;
		}
		current = current.cause as typeof current;
	}
	const message = String((error as Error | undefined)?.message ?? '');
	if (/socket hang up|timeout of \d+ms exceeded|aborted/i.test(message)) return 'ECONNRESET';
	return undefined;
}
