import type {
	IAdditionalCredentialOptions,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { RetryPolicy } from './retry';
import {
	RETRYABLE_STATUS,
	SAFE_NETWORK_CODES_FOR_NON_IDEMPOTENT,
	SAFE_STATUS_FOR_NON_IDEMPOTENT,
	backoffDelay,
	networkErrorCode,
	parseRetryAfter,
} from './retry';
import type { VendorReply, VendorRequest } from './types';

/**
 * The one place that talks HTTP. Every vendor call goes through n8n's
 * httpRequestWithAuthentication, so n8n applies the credential (header, token, session cookie).
 */
export interface SendOptions {
	credentialType: string;
	timeoutMs: number;
	/** Replies larger than this are refused unread (hostile or broken servers). */
	maxReplyBytes: number;
	/** Credentials with a login step (preAuthentication): on 401, log in again and resend once. */
	reauthOn401?: boolean;
	/**
	 * The credential the node already decrypted for this run. Handed to n8n with every request so
	 * it does not decrypt the credential again per request (costly per item); a token or session
	 * n8n's preAuthentication obtains is stored into this object, so the next items use it.
	 */
	credentials?: ICredentialsDecrypted;
	/** Called before each retry wait, e.g. to log. */
	onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
}

export class TransportFailure extends Error {
	constructor(
		message: string,
		readonly reason: 'network' | 'retry-after-too-long' | 'too-large',
		readonly lastReply?: VendorReply,
	) {
		super(message);
	}
}

type Helpers = IExecuteFunctions | ILoadOptionsFunctions;

function toHttpOptions(
	request: VendorRequest,
	timeoutMs: number,
	ignoreStatus: boolean,
	deadline?: AbortSignal,
): IHttpRequestOptions {
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
		timeout: timeoutMs,
		// read status, headers and the body ourselves: we decide what is an error. With a
		// deadline the body comes as a stream, read with a size cap (readCapped).
		returnFullResponse: true,
		ignoreHttpStatusErrors: ignoreStatus,
		encoding: deadline ? 'stream' : 'text',
		json: false,
		...(deadline ? { abortSignal: deadline } : {}),
	};
}

function credentialOptions(options: SendOptions): IAdditionalCredentialOptions | undefined {
	return options.credentials ? { credentialsDecrypted: options.credentials } : undefined;
}

function isMultipart(body: unknown): body is { getHeaders(): IDataObject; getLengthSync(): number } {
	return !!body && typeof (body as { getHeaders?: unknown }).getHeaders === 'function';
}

function toReply(response: { statusCode?: number; headers?: IDataObject; body?: unknown }): VendorReply {
	const raw = response.body;
	const body =
		raw === undefined || raw === null
			? ''
			: typeof raw === 'string'
				? raw
				: Buffer.isBuffer(raw)
					? raw.toString('utf8')
					: JSON.stringify(raw);
	return { statusCode: Number(response.statusCode ?? 0), headers: response.headers ?? {}, body };
}

/**
 * One HTTP exchange, no retries. The whole exchange, body included, must end within the
 * timeout, and the body is read only up to maxReplyBytes: n8n's request helper has no size
 * limit of its own, so a hostile or broken server could otherwise stream without end.
 */
export async function sendOnce(this: Helpers, request: VendorRequest, options: SendOptions): Promise<VendorReply> {
	const deadline = AbortSignal.timeout(options.timeoutMs);
	let reply: VendorReply;
	try {
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			options.credentialType,
			toHttpOptions(request, options.timeoutMs, true, deadline),
			credentialOptions(options),
		)) as IDataObject;
		reply = { ...toReply({ ...response, body: '' }), body: await readCapped(response.body, options.maxReplyBytes, deadline) };
	} catch (error) {
		if (error instanceof TransportFailure || !deadline.aborted) throw error;
		// the deadline passed: report it like any other timeout (retried like one)
		throw Object.assign(new Error(`no complete reply within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' });
	}
	if (reply.statusCode === 401 && options.reauthOn401) reply = await resendAfterLogin.call(this, request, options, reply);
	if (Buffer.byteLength(reply.body) > options.maxReplyBytes) throw tooLarge(options.maxReplyBytes);
	return reply;
}

function tooLarge(maxBytes: number): TransportFailure {
	return new TransportFailure(`the reply is larger than ${maxBytes} bytes and was not read`, 'too-large');
}

interface BodyStream extends AsyncIterable<Buffer | string> {
	destroy(error?: Error): void;
	headers?: IDataObject;
}

function isStream(body: unknown): body is BodyStream {
	return (
		!!body &&
		typeof body === 'object' &&
		typeof (body as BodyStream).destroy === 'function' &&
		typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
	);
}

/** Reads a streamed body as text, stopping (and closing the connection) past maxBytes or the deadline. */
async function readCapped(body: unknown, maxBytes: number, deadline: AbortSignal): Promise<string> {
	if (!isStream(body)) return toReply({ body }).body;
	const stream = body;
	const declared = Number(stream.headers?.['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) {
		stream.destroy();
		throw tooLarge(maxBytes);
	}
	const onDeadline = () => stream.destroy(new Error('deadline'));
	deadline.addEventListener('abort', onDeadline, { once: true });
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += buffer.length;
			if (size > maxBytes) {
				stream.destroy();
				throw tooLarge(maxBytes);
			}
			chunks.push(buffer);
		}
	} finally {
		deadline.removeEventListener('abort', onDeadline);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/**
 * On 401 let n8n itself renew the login: without ignoreHttpStatusErrors, n8n's
 * httpRequestWithAuthentication calls the credential's preAuthentication again
 * (credentialsExpired = true) and resends once.
 */
async function resendAfterLogin(
	this: Helpers,
	request: VendorRequest,
	options: SendOptions,
	first: VendorReply,
): Promise<VendorReply> {
	try {
		const httpOptions = toHttpOptions(request, options.timeoutMs, false);
		// n8n sends this body twice here (with the old session, then after its new login), and a
		// multipart stream can be read only once: send its bytes instead (same headers)
		if (isMultipart(httpOptions.body)) httpOptions.body = await readAll(httpOptions.body);
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			options.credentialType,
			httpOptions,
			credentialOptions(options),
		)) as IDataObject;
		return toReply(response);
	} catch (error) {
		const response = findAxiosResponse(error);
		if (response) {
			return toReply({ statusCode: response.status, headers: response.headers, body: response.data });
		}
		if (networkErrorCode(error)) throw error;
		return first;
	}
}

/** Reads a multipart (form-data) stream into memory. */
async function readAll(stream: unknown): Promise<Buffer> {
	const source = stream as NodeJS.ReadableStream;
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		source.on('data', (chunk: Buffer | string) => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
		source.on('end', () => resolve(Buffer.concat(chunks)));
		source.on('error', reject);
		source.resume();
	});
}

function findAxiosResponse(error: unknown): { status: number; headers: IDataObject; data: unknown } | undefined {
	let current = error as { response?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 6; depth++) {
		const response = current.response as { status?: unknown } | undefined;
		if (response && typeof response === 'object' && typeof response.status === 'number') {
			return response as { status: number; headers: IDataObject; data: unknown };
		}
		current = current.cause as typeof current;
	}
	return undefined;
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
	for (let attempt = 1; ; attempt++) {
		let reply: VendorReply | undefined;
		try {
			reply = await sendOnce.call(this, request, options);
		} catch (error) {
			if (error instanceof TransportFailure) throw error;
			const code = networkErrorCode(error);
			if (!code) throw error;
			lastReason = describeNetworkError(code, options.timeoutMs);
			if (!idempotent && !SAFE_NETWORK_CODES_FOR_NON_IDEMPOTENT.has(code)) {
				throw new TransportFailure(
					`${lastReason}; not retried, because resending could create a second record`,
					'network',
				);
			}
			if (attempt >= policy.maxTries) {
				throw new TransportFailure(`${lastReason} (gave up after ${attempt} tries)`, 'network');
			}
		}
		if (reply && !retryStatus.has(reply.statusCode)) return reply;

		let waitMs = backoffDelay(attempt, policy);
		if (reply) {
			lastReason = `HTTP ${reply.statusCode}`;
			if (attempt >= policy.maxTries) return reply;
			const retryAfter = parseRetryAfter(reply.headers['retry-after']);
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
