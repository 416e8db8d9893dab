import type { IDataObject } from 'n8n-workflow';

/**
 * What bounds one exchange with a vendor, whichever path sends it (upsert, pre-check, resend
 * after a login, token request, session login, credential test, dropdown loads): one deadline
 * for the whole exchange, body included, and one cap on the size of the reply as decoded.
 *
 * n8n's httpRequestWithAuthentication replaces a node's own abortSignal with the execution's
 * cancel signal, so the deadline never relies on the request helper honouring a signal: every
 * wait is raced against it, and a reply body that arrives is read (or destroyed) under it.
 */
export class Deadline {
	readonly signal: AbortSignal;

	private readonly endsAt: number;

	private readonly expired: Promise<never>;

	constructor(
		/** The user's limit (Options → Timeout), for messages. */
		readonly timeoutMs: number,
	) {
		this.endsAt = Date.now() + timeoutMs;
		this.signal = AbortSignal.timeout(timeoutMs);
		this.expired = new Promise<never>((_resolve, reject) => {
			this.signal.addEventListener('abort', () => reject(this.error()), { once: true });
		});
		// nobody may be racing when it fires
		this.expired.catch(() => undefined);
	}

	get passed(): boolean {
		return this.signal.aborted;
	}

	/** Time left, at least 1 ms (a timeout of 0 means "none" to axios). */
	remainingMs(): number {
		return Math.max(1, this.endsAt - Date.now());
	}

	/**
	 * For the request helper's own (idle) timeout: a backstop a little past the deadline, so that
	 * the deadline, which knows what it cut, always fires first and words the error.
	 */
	backstopMs(): number {
		return this.remainingMs() + 1000;
	}

	/** The error a passed deadline gives: retried like any timeout (code ETIMEDOUT). */
	error(while_?: string): Error {
		return Object.assign(
			new Error(`no reply within ${this.timeoutMs} ms (timeout)${while_ ? ` ${while_}` : ''}`),
			{ code: 'ETIMEDOUT', deadline: true },
		);
	}

	/** Waits for `work`, or rejects when the deadline passes first. */
	async race<T>(work: Promise<T>): Promise<T> {
		if (this.passed) throw this.error();
		return await Promise.race([work, this.expired]);
	}
}

/** The reply as n8n's request helper hands it over with `encoding: 'stream'`. */
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

export class ReplyTooLarge extends Error {
	constructor(readonly maxBytes: number) {
		super(`the reply is larger than ${maxBytes} bytes (decoded) and was not read`);
		this.name = 'ReplyTooLarge';
	}
}

/** Closes a reply body nobody will read (a late reply after the deadline passed). */
export function discardBody(response: unknown): void {
	const body = (response as { body?: unknown } | undefined)?.body;
	if (isStream(body)) body.destroy();
}

/**
 * Reads a body as text: a stream is read only up to maxBytes (counted after gzip/deflate
 * decoding, which the request helper does) and only until the deadline; past either it is
 * destroyed, which closes the connection.
 */
export async function readBody(body: unknown, maxBytes: number, deadline: Deadline): Promise<string> {
	if (!isStream(body)) {
		const text = bodyText(body);
		if (Buffer.byteLength(text) > maxBytes) throw new ReplyTooLarge(maxBytes);
		return text;
	}
	const stream = body;
	const declared = Number(stream.headers?.['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) {
		stream.destroy();
		throw new ReplyTooLarge(maxBytes);
	}
	const onDeadline = () => stream.destroy(deadline.error('while the reply was being read'));
	if (deadline.passed) onDeadline();
	deadline.signal.addEventListener('abort', onDeadline, { once: true });
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of stream) {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += buffer.length;
			if (size > maxBytes) {
				stream.destroy();
				throw new ReplyTooLarge(maxBytes);
			}
			chunks.push(buffer);
		}
	} catch (error) {
		if (deadline.passed && !(error instanceof ReplyTooLarge)) throw deadline.error('while the reply was being read');
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: router.ts turns it into a NodeApiError (transportError / asNodeError)
		throw error;
	} finally {
		deadline.signal.removeEventListener('abort', onDeadline);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function bodyText(raw: unknown): string {
	if (raw === undefined || raw === null) return '';
	if (typeof raw === 'string') return raw;
	if (Buffer.isBuffer(raw)) return raw.toString('utf8');
	return JSON.stringify(raw);
}

/** 301, 302, 303, 307, 308 (and any other 3xx but 304): none of the documented endpoints redirects. */
export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400 && statusCode !== 304;
}

/**
 * Where a redirect pointed, as a host only: the path and query of a Location may carry
 * anything, the host is what the user needs to see ("is my base URL right?").
 */
export function redirectTarget(headers: IDataObject, from: string): string {
	const raw = headers.location ?? headers.Location;
	const location = String(Array.isArray(raw) ? raw[0] : (raw ?? '')).trim();
	if (!location) return 'no Location';
	try {
		const target = new URL(location, from);
		const source = new URL(from);
		// the scheme too when it changes (https → http would send the credential in clear)
		return target.protocol === source.protocol ? target.host : `${target.protocol}//${target.host}`;
	} catch {
		return 'an unreadable Location';
	}
}
