import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';

import { Deadline, discardBody, readBody } from './exchange';
import type { VendorReply } from './types';

/**
 * Logins (Riverty's token, Valomnia's session) for a whole run: one login per expiry, shared by
 * every item in flight, under the deadline of the item that needed it.
 *
 * n8n's preAuthentication runs inside httpRequestWithAuthentication whenever the credential's
 * expirable field is empty, and n8n itself would log in again for every request answered 401.
 * Here the node decides: requests go out with a snapshot of the credential; a login is one
 * request sent with a copy whose expirable field is empty (so n8n logs in, stores the token in
 * the credential for every execution and worker, and sends); the other items wait for it.
 */

/** What an item's login may spend: handed to the credential's preAuthentication (see limitsFor). */
interface LoginLimits {
	deadline: Deadline;
	maxReplyBytes: number;
	/**
	 * The error the credential's login threw, as it threw it: n8n wraps it in a NodeApiError,
	 * and n8n-workflow 1.x drops the `cause` of that wrapper, so the node reads it here.
	 */
	failure?: Error;
}

// keyed by the credential data object n8n passes to preAuthentication (the one we handed it)
const limitsByCredential = new WeakMap<object, LoginLimits>();

/** Without a node run behind it (n8n's credential test), a login gets these. */
const DEFAULT_LOGIN_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REPLY_BYTES = 5 * 1024 * 1024;

function setLoginLimits(credentialData: object, limits: LoginLimits): void {
	limitsByCredential.set(credentialData, limits);
}

export function loginLimitsFor(credentialData: object): LoginLimits {
	let limits = limitsByCredential.get(credentialData);
	if (!limits) {
		// one deadline for the whole login (all its tries), kept for the next calls
		limits = { deadline: new Deadline(DEFAULT_LOGIN_TIMEOUT_MS), maxReplyBytes: DEFAULT_MAX_REPLY_BYTES };
		limitsByCredential.set(credentialData, limits);
	}
	return limits;
}

/**
 * A credential's preAuthentication, with its failure kept where the node can read it (n8n's
 * wrapper loses it on n8n 1.x). Used by the Riverty and Valomnia credentials.
 */
export async function runLogin<T>(credentialData: object, login: () => Promise<T>): Promise<T> {
	try {
		return await login();
	} catch (error) {
		loginLimitsFor(credentialData).failure = error as Error;
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): n8n wraps it in a NodeApiError, router.ts rewrites that with the item index
		throw error;
	}
}

/** Where a login went, for messages: scheme, host and path (no user:password@, no query). */
export function safeUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return 'the configured address';
	}
}

/**
 * The one request a credential's preAuthentication makes (token request, session login):
 * never follows a redirect (it would carry the secret elsewhere), ends within the deadline of
 * the item that needed the login, and reads at most maxReplyBytes of the (decoded) reply.
 */
export async function loginRequest(
	helper: IHttpRequestHelper,
	credentialData: object,
	options: Pick<IHttpRequestOptions, 'method' | 'url' | 'headers' | 'body'>,
): Promise<VendorReply> {
	const { deadline, maxReplyBytes } = loginLimitsFor(credentialData);
	if (deadline.passed) throw deadline.error('while logging in');
	const pending = helper.helpers.httpRequest({
		...options,
		disableFollowRedirect: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		timeout: deadline.backstopMs(),
		abortSignal: deadline.signal,
	}) as Promise<{ statusCode: number; headers: IDataObject; body: unknown }>;
	let response;
	try {
		response = await deadline.race(pending);
	} catch (error) {
		pending.then(discardBody, () => undefined);
		if (deadline.passed) throw deadline.error('while logging in');
		// a fresh error: the request helper's own carries the request (the form with the secret)
		const code = (error as { code?: unknown }).code;
		throw Object.assign(new Error(`the login request to ${safeUrl(String(options.url))} failed`), {
			code: typeof code === 'string' ? code : undefined,
		});
	}
	const body = await readBody(response.body, maxReplyBytes, deadline);
	return { statusCode: Number(response.statusCode), headers: response.headers ?? {}, body };
}

/**
 * The credential as n8n's request helper takes it (`credentialsDecrypted`), built from the data
 * the node decrypted once: n8n then does not decrypt it again per request, and the token or
 * session its preAuthentication obtains lands in this object, for the next requests.
 */
export function decryptedCredential(
	node: INode,
	type: string,
	data: ICredentialDataDecryptedObject,
): ICredentialsDecrypted {
	const stored = node.credentials?.[type];
	return { id: stored?.id ?? '', name: stored?.name ?? '', type, data };
}

/**
 * The login an item needed failed: `permanent` (refused password or secret) ends the run's
 * logins; otherwise (the login service busy or slow) the item may try again like after a lost
 * connection (`retryable`, see sendWithRetry), and so may the items that waited for it.
 */
export class LoginFailed extends Error {
	readonly retryable: boolean;

	/** A passed deadline: counted and worded as a timeout. */
	readonly code: string | undefined;

	readonly deadline: boolean;

	constructor(
		message: string,
		readonly loginError: Error,
		readonly permanent: boolean,
		timedOut: boolean,
	) {
		super(message);
		this.name = 'LoginFailed';
		this.retryable = !permanent;
		this.code = timedOut ? 'ETIMEDOUT' : undefined;
		this.deadline = timedOut;
		const description = (loginError as { description?: unknown }).description;
		if (typeof description === 'string') (this as { description?: string }).description = description;
	}
}

/** A login that cannot succeed by trying again (refused password, refused client secret). */
export function isPermanentLoginFailure(error: unknown): boolean {
	let current = error as { permanent?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 8; depth++) {
		if (current.permanent === true) return true;
		current = current.cause as typeof current;
	}
	return false;
}

type Send = (credentials: ICredentialsDecrypted) => Promise<VendorReply>;

/** Logins that failed for a passing reason, one after the other, before a run stops trying. */
const MAX_LOGIN_FAILURES_IN_ROW = 3;

/**
 * One per run and credential. States of the credential's token (or session id):
 * - proven: a request sent with it was not refused; items send with it in parallel;
 * - not proven (stored by an earlier run, or just issued): one request at a time goes with it;
 * - refused: a proven or stored token is renewed once (one login, all waiting items share it);
 *   a token issued in this run and refused straight away is final (another login would not help).
 */
export class LoginSession {
	private proven: string | undefined;

	private readonly issued = new Set<string>();

	private inFlight: Promise<Error | undefined> | undefined;

	private refusal: Error | undefined;

	private failuresInRow = 0;

	/** Tokens the vendor refused in this run: not tried again. */
	private readonly refused = new Set<string>();

	constructor(
		private readonly credentials: ICredentialsDecrypted,
		/** The credential's expirable field (accessToken, sessionId). */
		private readonly field: string,
		/** Whether a reply means "token or session no longer accepted". */
		private readonly isRefused: (reply: VendorReply) => boolean,
		/** Registers a token or session issued during the run, so that it is redacted everywhere. */
		private readonly onIssued: (token: string) => void = () => undefined,
	) {}


	private current(): string {
		const value = this.credentials.data?.[this.field];
		return value === undefined || value === null ? '' : String(value);
	}

	private snapshot(token: string): ICredentialsDecrypted & { data: ICredentialDataDecryptedObject } {
		return { ...this.credentials, data: { ...(this.credentials.data ?? {}), [this.field]: token } };
	}

	/** Sends one request (sendWith may be called more than once: probe, resend after a login). */
	async send(sendWith: Send, deadline: Deadline, maxReplyBytes: number): Promise<VendorReply> {
		for (let round = 0; ; round++) {
			if (this.refusal) throw this.refusal;
			if (this.inFlight) {
				// another item is logging in or proving the token: wait for it (within our deadline)
				let failed: Error | undefined;
				try {
					failed = await deadline.race(this.inFlight);
				} catch {
					throw deadline.error('while waiting for the login of another item');
				}
				if (failed) throw failed;
				continue;
			}
			const token = this.current();
			if (token === '' || token !== this.proven) return await this.lead(token, sendWith, deadline, maxReplyBytes);
			const reply = await sendWith(this.snapshot(token));
			if (!this.isRefused(reply)) return reply;
			// refused: renewed meanwhile by another item (resend with the new one), being renewed
			// (wait), or renew it now; a few rounds at most, a vendor that refuses everything ends it
			if (round >= 3) return reply;
			if (this.current() === token && !this.inFlight) {
				this.proven = undefined;
				this.refused.add(token);
				return await this.lead(token, sendWith, deadline, maxReplyBytes, true);
			}
		}
	}

	/** Alone: prove a stored token, or log in (once) and send. */
	private async lead(
		token: string,
		sendWith: Send,
		deadline: Deadline,
		maxReplyBytes: number,
		loginNow = false,
	): Promise<VendorReply> {
		let settle!: (failure: Error | undefined) => void;
		this.inFlight = new Promise((resolve) => (settle = resolve));
		let failure: Error | undefined;
		try {
			// a stored token is proven first (unless already refused: a login that failed since)
			if (token !== '' && !loginNow && !this.refused.has(token)) {
				const reply = await sendWith(this.snapshot(token));
				if (!this.isRefused(reply)) {
					this.proven = token;
					return reply;
				}
				this.refused.add(token);
				// a token issued in this run and refused at once: logging in again would not help
				if (this.issued.has(token)) return reply;
			}
			return await this.loginAndSend(sendWith, deadline, maxReplyBytes);
		} catch (error) {
			// the items waiting for this one share only a failed login; any other failure of this
			// item (its reply too large, its own resend lost) is its own, and they go on
			if (error instanceof LoginFailed) failure = error;
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: the send it belongs to reaches router.ts, which turns it into a NodeApiError
			throw error;
		} finally {
			this.inFlight = undefined;
			settle(failure);
		}
	}

	private async loginAndSend(sendWith: Send, deadline: Deadline, maxReplyBytes: number): Promise<VendorReply> {
		const copy = this.snapshot('');
		setLoginLimits(copy.data, { deadline, maxReplyBytes });
		let reply: VendorReply | undefined;
		try {
			reply = await sendWith(copy);
			return reply;
		} catch (error) {
			const loggedIn = String(copy.data[this.field] ?? '') !== '';
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- internal to the shared core: the send it belongs to reaches router.ts, which turns it into a NodeApiError
			if (loggedIn) throw error;
			// no token: the login itself failed, with the error the credential threw (kept by runLogin)
			const cause = loginLimitsFor(copy.data).failure ?? (error as Error);
			// the deadline cut the login: say so (the request helper's own error would not)
			const failed = deadline.passed
				? new LoginFailed(deadline.error('while logging in').message, cause, false, true)
				: new LoginFailed(cause.message, cause, isPermanentLoginFailure(cause), false);
			// a refused login ends the run's logins (no lock-out); a passing failure may be tried
			// again, but not without end: after a few in a row the login service is taken as down
			this.failuresInRow++;
			if (failed.permanent || this.failuresInRow >= MAX_LOGIN_FAILURES_IN_ROW) this.refusal = failed;
			throw failed;
		} finally {
			const fresh = String(copy.data[this.field] ?? '');
			if (fresh !== '') {
				this.failuresInRow = 0;
				this.issued.add(fresh);
				this.onIssued(fresh);
				if (this.credentials.data) this.credentials.data[this.field] = fresh;
				if (reply && !this.isRefused(reply)) this.proven = fresh;
			}
		}
	}
}
