import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { FieldError, vendorText } from '../shared/errors';
import { ReplyTooLarge, isRedirect, redirectTarget } from '../shared/exchange';
import { Redactor } from '../shared/redact';
import type { LoginFields } from '../shared/session';
import { LoginTlsFailure, loginLimitsFor, loginRequest, safeUrl } from '../shared/session';
import { backoffDelay, networkErrorCode, parseRetryAfter } from '../shared/retry';
import { refuseUserinfo } from '../shared/validate';
import {
	RIVERTY_PRODUCTION,
	RIVERTY_TEST,
	RIVERTY_TOKEN_MAX_WAIT_MS,
	RIVERTY_TOKEN_TRIES,
} from './assumptions';

/**
 * Riverty's token flow (docs/vendors/riverty.md#authentication): OAuth2 client credentials with an
 * `audience`, sent as a form to the identity service. Pure helpers shared by the credential and
 * the node; nothing here ever puts the secret or a token into a message.
 */

/**
 * The credential's token field, and what a token is bound to: every value the token request or
 * the customer calls depend on. A token stored with other values counts as expired.
 */
export const RIVERTY_LOGIN: LoginFields = {
	field: 'accessToken',
	bindingField: 'accessTokenFor',
	inputs: ['environment', 'baseUrl', 'tokenUrl', 'audience', 'oauthClientId', 'oauthClientSecret', 'clientId'],
};

export interface RivertyEndpoints {
	baseUrl: string;
	tokenUrl: string;
	audience: string;
}

/**
 * Tokens known by their shape (VendorNodeSpec.secretPatterns), redacted by the core's one
 * redaction walk wherever they show up: access tokens are JWTs (Generate Token page), and a reply
 * that repeats an Authorization header shows "Bearer <token>". A token the run never saw (one
 * issued to another run or worker) is caught this way too. The Bearer form needs 16 or more
 * token characters, so that words such as "Bearer tokens" in a message stay readable.
 */
export const RIVERTY_SECRET_PATTERNS: RegExp[] = [
	/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g,
	/(Bearer\s+)[A-Za-z0-9\-._~+/]{16,}=*/gi,
];

/** Where the customer service, the token endpoint and the audience are for the chosen environment. */
export function rivertyEndpoints(credentials: ICredentialDataDecryptedObject): RivertyEndpoints {
	const environment = String(credentials.environment ?? 'production');
	if (environment === 'production') return { ...RIVERTY_PRODUCTION };
	if (environment === 'test') return { ...RIVERTY_TEST };
	if (environment !== 'custom') {
		throw new FieldError('environment', `of the Riverty credential is unknown: "${environment}"`, 'Environment');
	}
	return {
		baseUrl: httpUrl(credentials.baseUrl, 'baseUrl', 'Customer API Base URL').replace(/\/+$/, ''),
		tokenUrl: httpUrl(credentials.tokenUrl, 'tokenUrl', 'Token URL'),
		audience: requiredText(credentials.audience, 'audience', 'Audience'),
	};
}

/** The same choice as an n8n expression, for the credential's declarative test request. */
export const RIVERTY_BASE_URL_EXPRESSION =
	'={{ ($credentials.environment === "custom" ? String($credentials.baseUrl || "").trim()' +
	` : $credentials.environment === "test" ? "${RIVERTY_TEST.baseUrl}" : "${RIVERTY_PRODUCTION.baseUrl}")` +
	'.replace(/\\/+$/, "") }}';

/** Riverty's own client id (the `{clientId}` of every path): a positive integer, not the OAuth client id. */
export function rivertyClientId(credentials: ICredentialDataDecryptedObject): string {
	const raw = credentials.clientId;
	const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
	if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2147483647) {
		throw new FieldError(
			'clientId',
			`of the Riverty credential must be a whole number above 0 (your Riverty client id, not the OAuth client id), got "${text}"`,
			'Riverty Client ID',
		);
	}
	return text;
}

/** The documented token request body: client_id, client_secret, audience, grant_type. */
export function tokenRequestForm(credentials: ICredentialDataDecryptedObject, endpoints: RivertyEndpoints) {
	return new URLSearchParams({
		client_id: requiredText(credentials.oauthClientId, 'oauthClientId', 'OAuth Client ID'),
		client_secret: requiredText(credentials.oauthClientSecret, 'oauthClientSecret', 'OAuth Client Secret'),
		audience: endpoints.audience,
		grant_type: 'client_credentials',
	});
}

/** The token endpoint said no, or answered something that holds no token. */
export class TokenRequestFailed extends Error {
	constructor(
		message: string,
		readonly description?: string,
		/** Worth another try (429, 5xx, lost connection). */
		readonly transient = false,
	) {
		super(message);
		this.name = 'TokenRequestFailed';
	}

	/** A refusal (wrong secret, redirect, no token): logging in again in the same run would not help. */
	get permanent(): boolean {
		return !this.transient;
	}
}

/** Reads the token reply: `{ access_token, token_type: "Bearer", expires_in, scope }`. */
export function readTokenReply(
	reply: { statusCode: number; headers: IDataObject; body: unknown },
	tokenUrl = '',
	secrets: string[] = [],
): string {
	const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
	let json: IDataObject | undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as IDataObject;
	} catch {
		json = undefined;
	}
	if (isRedirect(reply.statusCode)) {
		// not followed: a redirect would carry client_secret to wherever it points
		throw new TokenRequestFailed(
			`Riverty's token endpoint answered HTTP ${reply.statusCode}, a redirect to ${redirectTarget(reply.headers, tokenUrl)}; ` +
				'redirects are not followed (the client secret would go with it), so no token was requested there',
			'Check the environment, or the Token URL of a Custom environment.',
		);
	}
	if (reply.statusCode < 200 || reply.statusCode >= 300) {
		// the whole text redacted before it is cut: a cut must not leave a prefix of the secret
		const said = json ? vendorText(new Redactor(secrets), oauthErrorText(json), 600) : '';
		const hint =
			reply.statusCode === 401
				? 'Check the OAuth Client ID and OAuth Client Secret Riverty gave you at onboarding.'
				: reply.statusCode === 403
					? 'The OAuth client may not ask for this audience; check the Audience (Custom environment) or the environment.'
					: reply.statusCode === 404
						? 'No token endpoint at this Token URL; check the environment or the Token URL.'
						: undefined;
		throw new TokenRequestFailed(
			`Riverty's token endpoint refused the request (HTTP ${reply.statusCode})${said ? `: ${said}` : ''}`,
			hint,
			reply.statusCode === 429 || reply.statusCode >= 500,
		);
	}
	const token = json?.access_token;
	if (typeof token !== 'string' || token.trim() === '') {
		throw new TokenRequestFailed(
			`Riverty's token endpoint answered HTTP ${reply.statusCode} without an access_token`,
			'Is the Token URL the OAuth token endpoint (…/oauth/token)?',
		);
	}
	const type = json?.token_type;
	if (type !== undefined && String(type).toLowerCase() !== 'bearer') {
		throw new TokenRequestFailed(
			`Riverty's token endpoint issued a "${vendorText(new Redactor(secrets), String(type), 60)}" token; only Bearer tokens are supported`,
		);
	}
	return token;
}

function oauthErrorText(json: IDataObject): string {
	const parts = [json.error, json.error_description, json.title, json.message, json.detail]
		.filter((part) => typeof part === 'string' && part.trim() !== '')
		.map((part) => part as string);
	return [...new Set(parts)].join(' – ');
}

/**
 * Fetches one access token. Tries again on 429, 5xx and lost connections (Retry-After honoured
 * up to a few seconds), so one hiccup of the identity service does not fail the whole run; all
 * tries end within the deadline of the item that needed the token (Options → Timeout), each
 * reply is read up to the node's size cap, and a redirect is never followed.
 */
export async function requestAccessToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const endpoints = rivertyEndpoints(credentials);
	const form = tokenRequestForm(credentials, endpoints);
	const { deadline } = loginLimitsFor(credentials);
	for (let attempt = 1; ; attempt++) {
		let failure: TokenRequestFailed;
		let retryAfterMs: number | undefined;
		try {
			const reply = await loginRequest(this, credentials, {
				method: 'POST',
				url: endpoints.tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
				body: form.toString(),
			});
			try {
				return readTokenReply(reply, endpoints.tokenUrl, [String(credentials.oauthClientSecret ?? '')]);
			} catch (error) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): n8n wraps it in a NodeApiError, router.ts rewrites that with the item index
				if (!(error instanceof TokenRequestFailed)) throw error;
				failure = error;
				retryAfterMs = parseRetryAfter(reply.headers?.['retry-after']);
			}
		} catch (error) {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): n8n wraps it in a NodeApiError, router.ts rewrites that with the item index
			if (error instanceof TokenRequestFailed) throw error;
			if (error instanceof LoginTlsFailure) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): n8n wraps it in a NodeApiError, router.ts rewrites that with the item index
				throw new TokenRequestFailed(`Riverty's token endpoint at ${safeUrl(endpoints.tokenUrl)}: ${error.message}`, error.description);
			}
			if (error instanceof ReplyTooLarge) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): n8n wraps it in a NodeApiError, router.ts rewrites that with the item index
				throw new TokenRequestFailed(`Riverty's token endpoint at ${safeUrl(endpoints.tokenUrl)}: ${error.message}`);
			}
			if (deadline.passed) {
				// the item's deadline: the real cause and the real limit, not a connection error
				throw Object.assign(
					new TokenRequestFailed(
						`Riverty's token endpoint at ${safeUrl(endpoints.tokenUrl)} gave no token within ${deadline.timeoutMs} ms (Options → Timeout)`,
						'Raise the Timeout option, or check that the identity service is reachable.',
						true,
					),
					{ code: 'ETIMEDOUT', deadline: true },
				);
			}
			const code = networkErrorCode(error);
			// a fresh error: the request helper's own carries the form (with the secret) in its config
			failure = new TokenRequestFailed(
				code
					? `could not reach Riverty's token endpoint at ${safeUrl(endpoints.tokenUrl)} (connection ${describeCode(code)})`
					: `the request to Riverty's token endpoint at ${safeUrl(endpoints.tokenUrl)} failed`,
				code ? `Network error code: ${code}. Check the Token URL and that the identity service is reachable.` : undefined,
				!!code,
			);
		}
		if (!failure.transient || attempt >= RIVERTY_TOKEN_TRIES) throw failure;
		const waitMs = retryAfterMs ?? backoffDelay(attempt, { maxTries: RIVERTY_TOKEN_TRIES, baseDelayMs: 500, maxDelayMs: RIVERTY_TOKEN_MAX_WAIT_MS });
		// no wait that would end past the deadline: fail now with what the endpoint said
		if (waitMs > RIVERTY_TOKEN_MAX_WAIT_MS || waitMs >= deadline.remainingMs()) throw failure;
		await sleep(waitMs);
	}
}

// words, not codes: n8n replaces messages that contain ECONNREFUSED & co. by a generic text
function describeCode(code: string): string {
	if (code === 'ECONNREFUSED') return 'refused';
	if (/TIMEDOUT|TIMEOUT|ABORTED/.test(code)) return 'timed out';
	return 'lost';
}

function httpUrl(value: unknown, field: string, label: string): string {
	const text = requiredText(value, field, label);
	if (!/^https?:\/\/[^\s/]+/i.test(text)) {
		throw new FieldError(field, 'of the Riverty credential must be an http:// or https:// address', label);
	}
	refuseUserinfo(text, field, label, 'Riverty', 'OAuth Client ID and OAuth Client Secret');
	return text;
}

function requiredText(value: unknown, field: string, label: string): string {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (text === '') throw new FieldError(field, 'of the Riverty credential is empty', label);
	return text;
}
