import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { Deadline, ReplyTooLarge, discardBody, isRedirect, readBody, redirectTarget } from './exchange';
import type { RetryPolicy } from './retry';
import {
	RETRYABLE_STATUS,
	SAFE_NETWORK_CODES_FOR_NON_IDEMPOTENT,
	SAFE_STATUS_FOR_NON_IDEMPOTENT,
	backoffDelay,
	networkErrorCode,
	parseRetryAfter,
} from './retry';
import type { Pacer } from './pacing';
import { resetDelayMs } from './pacing';
import type { LoginSession } from './session';
import { LoginFailed } from './session';
import { tlsFailure } from './tls';
import type { VendorReply, VendorRequest } from './types';

/**
 * The one place that talks HTTP. Every vendor call goes through n8n's
 * httpRequestWithAuthentication, so n8n applies the credential (header, token, session cookie).
 */
export interface SendOptions {
	credentialType: string;
	/** Options → Timeout: one deadline for each try, login and resend included. */
	timeoutMs: number;
	/** Replies larger than this (decoded) are refused unread (hostile or broken servers). */
	maxReplyBytes: number;
	/** Vendors that log in (token, session): the run's login state, shared by all items. */
	session?: LoginSession;
	/** The run's request rate (rate limits), shared by all items. */
	pacer?: Pacer;
	/**
	 * The credential the node already decrypted for this run. Handed to n8n with every request so
	 * it does not decrypt the credential again per request (costly per item).
	 */
	credentials?: ICredentialsDecrypted;
	/** Called before each retry wait, e.g. to log. */
	onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

export class TransportFailure extends Error {
	constructor(
		message: string,
		readonly reason: 'network' | 'retry-after-too-long' | 'too-large' | 'redirect' | 'tls',
		readonly lastReply?: VendorReply,
		/** What to do about it (shown as the error's description). */
		readonly description?: string,
	) {
		super(message);
	}
}

type Helpers = IExecuteFunctions | ILoadOptionsFunctions;

function toHttpOptions(request: VendorRequest, deadline: Deadline): IHttpRequestOptions {
	// a function builds a fresh body per try: a multipart stream can only be sent once
	const body = typeof request.body === 'function' ? (request.body as () => unknown)() : request.body;
	const headers: IDataObject = { ...(request.headers ?? {}) };
	if (isMultipart(body)) {
		// n8n only recognises its own copy of form-data; set the boundary and length ourselves
		Object.assign(headers, body.getHeaders());
		try {
			headers['Content-Length'] = body.getLengthSync();
		} catch {
			// streams of unknown length are sent chunked
		}
	}
	return {
		method: request.method,
		url: request.url,
		headers,
		qs: request.qs,
		body: body as IHttpRequestOptions['body'],
		// axios' own timeout is an idle timeout; the deadline bounds the whole exchange
		timeout: deadline.backstopMs(),
		// a redirect would carry the credential (header, token, form body) to wherever it points
		disableFollowRedirect: true,
		// read status, headers and the body ourselves: we decide what is an error, and the body
		// comes as a stream, read with a size cap under the deadline (readBody)
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		abortSignal: deadline.signal,
	};
}

/**
 * n8n's httpRequestWithAuthentication sends with the execution's cancel signal in place of the
 * request's own abortSignal. Seen through this context, that signal also fires at the deadline,
 * so a request cut by the deadline is aborted (socket closed, upload stopped), not left running.
 */
function withDeadline<T extends Helpers>(ctx: T, deadline: Deadline): T {
	const own = (ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal;
	if (typeof own !== 'function') return ctx;
	return Object.create(ctx, {
		getExecutionCancelSignal: {
			value: () => {
				const execution = own.call(ctx);
				return execution ? AbortSignal.any([execution, deadline.signal]) : deadline.signal;
			},
		},
	}) as T;
}

function isMultipart(body: unknown): body is { getHeaders(): IDataObject; getLengthSync(): number } {
	return !!body && typeof (body as { getHeaders?: unknown }).getHeaders === 'function';
}

/** One request and its reply, under the deadline; `credentials` is what n8n authenticates with. */
async function exchange(
	this: Helpers,
	request: VendorRequest,
	options: SendOptions,
	deadline: Deadline,
	credentials: ICredentialsDecrypted | undefined,
): Promise<VendorReply> {
	if (deadline.passed) throw deadline.error();
	const pending = this.helpers.httpRequestWithAuthentication.call(
		withDeadline(this, deadline),
		options.credentialType,
		toHttpOptions(request, deadline),
		credentials ? { credentialsDecrypted: credentials } : undefined,
	) as Promise<IDataObject>;
	let response: IDataObject;
	try {
		response = await deadline.race(pending);
	} catch (error) {
		// a reply that comes after all is closed unread
		pending.then(discardBody, () => undefined);
		if (deadline.passed) throw deadline.error();
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
		throw error;
	}
	const body = await readBody(response.body, options.maxReplyBytes, deadline);
	return { statusCode: Number(response.statusCode ?? 0), headers: (response.headers as IDataObject) ?? {}, body };
}

/**
 * One try, no retries: the request, and for vendors that log in the login and the resend it
 * may need, all within one deadline (Options → Timeout), every reply read up to
 * maxReplyBytes. A redirect is never followed: it fails the item, naming where it pointed.
 */
export async function sendOnce(this: Helpers, request: VendorRequest, options: SendOptions): Promise<VendorReply> {
	const deadline = new Deadline(options.timeoutMs);
	let reply: VendorReply;
	try {
		const sendWith = async (credentials: ICredentialsDecrypted | undefined) =>
			await exchange.call(this, request, options, deadline, credentials);
		reply = options.session
			? await options.session.send(sendWith, deadline, options.maxReplyBytes)
			: await sendWith(options.credentials);
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
		if (error instanceof ReplyTooLarge) throw new TransportFailure(error.message, 'too-large');
		// an untrusted, expired or misnamed certificate: the same on every try, never retried
		const tls = error instanceof LoginFailed ? undefined : tlsFailure(error, request.url);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
		if (tls) throw new TransportFailure(tls.message, 'tls', undefined, tls.hint);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
		throw error;
	}
	if (isRedirect(reply.statusCode)) {
		throw new TransportFailure(
			`answered HTTP ${reply.statusCode}, a redirect to ${redirectTarget(reply.headers, request.url)}. ` +
				'Redirects are not followed (they would carry the credential elsewhere), so the item was not sent there; ' +
				'check the base URL of the credential',
			'redirect',
			reply,
		);
	}
	return reply;
}

/**
 * Sends with retries on 429/502/503/504 and on connection errors, with exponential backoff and
 * jitter, honouring Retry-After. Other statuses (400, 401, 404, 500…) are returned at once:
 * repeating a refused request gives the same refusal.
 */
export async function sendWithRetry(
	this: IExecuteFunctions,
	request: VendorRequest,
	options: SendOptions,
	policy: RetryPolicy,
): Promise<VendorReply> {
	const idempotent = request.idempotent !== false;
	const retryStatus = idempotent ? RETRYABLE_STATUS : SAFE_STATUS_FOR_NON_IDEMPOTENT;
	let lastReason = '';
	let limited = 0;
	for (let attempt = 1; ; attempt++) {
		let reply: VendorReply | undefined;
		try {
			const turn = options.pacer ? await options.pacer.take() : undefined;
			reply = await sendOnce.call(this, request, options);
			turn?.done(reply);
		} catch (error) {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
			if (error instanceof TransportFailure) throw error;
			// a login that failed for a passing reason (busy or slow login service): nothing was sent
			const code = networkErrorCode(error) ?? (error instanceof LoginFailed && error.retryable ? 'ELOGIN' : undefined);
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
			if (!code) throw error;
			lastReason =
				deadlineMessage(error) ?? (code === 'ELOGIN' ? (error as Error).message : describeNetworkError(code, options.timeoutMs));
			if (!idempotent && code !== 'ELOGIN' && !SAFE_NETWORK_CODES_FOR_NON_IDEMPOTENT.has(code)) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
				throw new TransportFailure(
					`${lastReason}; not retried, because resending could create a second record`,
					'network',
				);
			}
			if (attempt >= policy.maxTries) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError) with the item index
				throw new TransportFailure(`${lastReason} (gave up after ${attempt} tries)`, 'network');
			}
		}
		if (reply && !retryStatus.has(reply.statusCode)) return reply;

		let waitMs = backoffDelay(attempt, policy);
		if (reply) {
			lastReason = `HTTP ${reply.statusCode}`;
			// a rate limit is no failed try: the shared pace slows down and the item waits its turn
			if (reply.statusCode === 429 && options.pacer && limited < MAX_RATE_LIMITED_TRIES) {
				limited++;
				attempt--;
				waitMs = backoffDelay(limited, policy);
			} else if (attempt >= policy.maxTries) return reply;
			// Retry-After, or for a 429 the reset of RateLimit-* / X-RateLimit-* headers
			const retryAfter =
				parseRetryAfter(reply.headers['retry-after']) ??
				(reply.statusCode === 429 ? resetDelayMs(reply.headers) : undefined);
			if (retryAfter !== undefined) {
				if (retryAfter > policy.maxDelayMs) {
					throw new TransportFailure(
						`asked to wait ${Math.ceil(retryAfter / 1000)} s (Retry-After), longer than the allowed ${Math.round(policy.maxDelayMs / 1000)} s`,
						'retry-after-too-long',
						reply,
					);
				}
				waitMs = retryAfter;
			}
		}
		options.onRetry?.({ attempt, waitMs, reason: lastReason });
		await sleep(waitMs);
	}
}

/** 429s one item may get beyond its tries (each waits as asked) before it fails: a vendor that never lets it through. */
const MAX_RATE_LIMITED_TRIES = 10;

/** The message of a passed deadline anywhere in the cause chain (it says which step it cut). */
function deadlineMessage(error: unknown): string | undefined {
	let current = error as { deadline?: unknown; message?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 8; depth++) {
		if (current.deadline === true && typeof current.message === 'string') return current.message;
		current = current.cause as typeof current;
	}
	return undefined;
}

function describeNetworkError(code: string, timeoutMs: number): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused (is the base URL right and the service up?)';
		case 'ECONNABORTED':
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
		case 'ERR_SOCKET_CONNECTION_TIMEOUT':
			return `no reply within ${timeoutMs} ms (timeout)`;
		default:
			// no error code in the text: n8n replaces messages that mention one by its generic wording
			return 'the connection was closed before a reply arrived';
	}
}
