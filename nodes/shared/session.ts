import { createHmac } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';

import { Deadline, discardBody, readBody } from './exchange';
import type { TlsFailure } from './tls';
import { tlsFailure } from './tls';
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
	/**
	 * Whether the credential as stored now still holds this run's sign-in values, asked when the
	 * login has its token, just before n8n stores it. When a user saved a change while the run
	 * went on, the login gives n8n nothing to store, because n8n 1.x writes the whole credential
	 * as this run read it back with the token, which would undo the change; the token then serves
	 * this run only.
	 */
	unchanged?: () => Promise<boolean>;
}

/**
 * A credential that logs in (Riverty's token, Valomnia's session): its hidden expirable field,
 * and the hidden field that binds what is stored there to the sign-in values it was obtained
 * with (`inputs`: client id and secret, token URL, audience, user, password, addresses…).
 */
export interface LoginFields {
	/** The expirable field n8n's preAuthentication fills (accessToken, sessionId). */
	field: string;
	/** Where the binding is stored (accessTokenFor, sessionIdFor). */
	bindingField: string;
	/** The credential fields the token or session depends on. */
	inputs: readonly string[];
}

/**
 * The binding of a token or session to sign-in values: an HMAC keyed by the token itself, so it
 * fits only this token and shows no value in clear (it is stored, encrypted, in the same
 * credential as the values it covers: whoever can read it can read them). A token
 * whose stored binding differs (the user changed a sign-in value since, or a token stored by an
 * older version of this package without one) counts as expired: one login with the values of now.
 */
export function loginBinding(login: LoginFields, data: ICredentialDataDecryptedObject, token: string): string {
	// exact values: a change of white space alone is a change too (Valomnia sends them as typed)
	const values = login.inputs.map((name) => signInText(data[name]));
	return `v1.${createHmac('sha256', token).update(JSON.stringify(values)).digest('base64url')}`;
}

/** Whether the stored token or session was obtained with the credential's sign-in values of now. */
export function isBound(login: LoginFields, data: ICredentialDataDecryptedObject): boolean {
	const token = data[login.field];
	if (typeof token !== 'string' || token === '') return false;
	return data[login.bindingField] === loginBinding(login, data, token);
}

/** Whether two copies of a credential hold the same sign-in values. */
export function sameSignIn(
	login: LoginFields,
	a: ICredentialDataDecryptedObject,
	b: ICredentialDataDecryptedObject,
): boolean {
	return login.inputs.every((name) => signInText(a[name]) === signInText(b[name]));
}

/** A sign-in value as compared and fingerprinted: a number and its digits are the same value. */
function signInText(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
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
 * A credential's preAuthentication: logs in, and gives n8n the token or session with its binding
 * to the sign-in values it was obtained with (loginBinding). Its failure is kept where the node
 * can read it (n8n's wrapper loses it on n8n 1.x). When the stored credential changed during the
 * run (LoginLimits.unchanged), n8n gets nothing to store: the token goes into this run's
 * copy of the credential only. Used by the Riverty and Valomnia credentials.
 */
export async function runLogin(
	credentialData: ICredentialDataDecryptedObject,
	fields: LoginFields,
	login: () => Promise<string>,
): Promise<ICredentialDataDecryptedObject> {
	try {
		const token = await login();
		const output = { [fields.field]: token, [fields.bindingField]: loginBinding(fields, credentialData, token) };
		const unchanged = limitsByCredential.get(credentialData)?.unchanged;
		if (unchanged && !(await unchanged())) {
			Object.assign(credentialData, output);
			return {};
		}
		return output;
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
		// a certificate problem is no passing failure: the same certificate comes on every try
		const tls = tlsFailure(error, String(options.url));
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): the credential's login words it, n8n wraps it, router.ts rewrites that with the item index
		if (tls) throw new LoginTlsFailure(tls);
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
 * The login request failed on TLS (untrusted, expired or misnamed certificate): `permanent`, so
 * neither the credential's own tries nor the run's logins repeat it.
 */
export class LoginTlsFailure extends Error {
	readonly permanent = true;

	readonly code: string;

	readonly description: string;

	constructor(tls: TlsFailure) {
		super(tls.message);
		this.name = 'LoginTlsFailure';
		this.code = tls.code;
		this.description = tls.hint;
	}
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

	private readonly field: string;

	constructor(
		private readonly credentials: ICredentialsDecrypted,
		/** The credential's expirable field (accessToken, sessionId) and what binds it. */
		private readonly login: LoginFields,
		/** Whether a reply means "token or session no longer accepted". */
		private readonly isRefused: (reply: VendorReply) => boolean,
		/** Registers a token or session issued during the run, so that it is redacted everywhere. */
		private readonly onIssued: (token: string) => void = () => undefined,
		/**
		 * Reads the credential as stored now (n8n's getCredentials), when a login has its token:
		 * if a user changed its sign-in values during the run, the token is not stored (see
		 * LoginLimits.unchanged).
		 */
		private readonly readStored?: () => Promise<ICredentialDataDecryptedObject>,
	) {
		this.field = login.field;
	}

	/**
	 * The token or session to send with: the stored one only while it is bound to the sign-in
	 * values of this run; one obtained with other values (a credential changed since) is none.
	 */
	private current(): string {
		const data = this.credentials.data ?? {};
		const value = data[this.field];
		const token = value === undefined || value === null ? '' : String(value);
		return token !== '' && isBound(this.login, data) ? token : '';
	}

	/** Whether the credential as stored now still holds this run's sign-in values. */
	private async storedUnchanged(deadline: Deadline): Promise<boolean> {
		if (!this.readStored) return true;
		try {
			return sameSignIn(this.login, await deadline.race(this.readStored()), this.credentials.data ?? {});
		} catch {
			// not readable now: n8n's own behaviour (store the token)
			return true;
		}
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
		setLoginLimits(copy.data, { deadline, maxReplyBytes, unchanged: async () => await this.storedUnchanged(deadline) });
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
				if (this.credentials.data) {
					this.credentials.data[this.field] = fresh;
					this.credentials.data[this.login.bindingField] = copy.data[this.login.bindingField];
				}
				if (reply && !this.isRefused(reply)) this.proven = fresh;
			}
		}
	}
}
