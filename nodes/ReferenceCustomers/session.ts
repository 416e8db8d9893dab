import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { refuseUserinfo } from '../shared/validate';
import { ReplyTooLarge, redirectTarget } from '../shared/exchange';
import type { LoginFields } from '../shared/session';
import { LoginTlsFailure, loginLimitsFor, loginRequest, safeUrl } from '../shared/session';
import {
	VALOMNIA_AJAX_HEADER,
	VALOMNIA_DEFAULT_API_VERSION,
	VALOMNIA_LOGIN_FAILURE_LOCATION,
	VALOMNIA_LOGIN_PAGE,
} from './assumptions';

/**
 * Valomnia's session login (docs/vendors/valomnia.md#session-login): a Spring Security form POST to
 * {BASE_URL}/j_spring_security_check that sets JSESSIONID, answered either by a redirect to
 * /login/ajaxSuccess or by that page's JSON `{ success, token }`. Pure functions, shared by the
 * credential and the node.
 */

/**
 * The credential's session field, and what a session is bound to: the user and where they log
 * in. A session stored with other values counts as expired.
 */
export const VALOMNIA_LOGIN: LoginFields = {
	field: 'sessionId',
	bindingField: 'sessionIdFor',
	inputs: ['baseUrl', 'email', 'password'],
};

/** `agro.valomnia.com`, `https://agro.valomnia.com/` or `…/api/v2.1` → `https://agro.valomnia.com`. */
export function valomniaBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	let base = String(credentials.baseUrl ?? '').trim();
	if (!base) throw new FieldError('baseUrl', 'of the Valomnia credential is empty', 'Base URL');
	// before anything is added: "https:/user:pw@host" must not become a path of a host "https"
	if (base.includes('@')) refuseUserinfo(base, 'baseUrl', 'Base URL', 'Valomnia', 'Email and Password');
	// a bare host (with or without a port) gets https://; a scheme without "//" is no address
	const scheme = /^([a-z][a-z0-9+.-]*):(?!\d+(?:[/?#]|$))/i.exec(base);
	if (!scheme) base = `https://${base}`;
	if (!/^https?:\/\//i.test(base)) {
		throw new FieldError('baseUrl', 'of the Valomnia credential must be an http:// or https:// address', 'Base URL');
	}
	refuseUserinfo(base, 'baseUrl', 'Base URL', 'Valomnia', 'Email and Password');
	return base.replace(/\/+$/, '').replace(/\/api(\/v?\d+(\.\d+)*)?$/i, '');
}

/** `2.1` or `v2.1` → `v2.1`. */
export function valomniaApiVersion(credentials: ICredentialDataDecryptedObject): string {
	const raw = String(credentials.apiVersion ?? '').trim() || VALOMNIA_DEFAULT_API_VERSION;
	const version = /^\d/.test(raw) ? `v${raw}` : raw;
	if (!/^v\d+(\.\d+)?$/.test(version)) {
		throw new FieldError('apiVersion', `of the Valomnia credential must look like v2.1, got "${raw}"`, 'API Version');
	}
	return version;
}

export function valomniaApiUrl(credentials: ICredentialDataDecryptedObject, path: string): string {
	return `${valomniaBaseUrl(credentials)}/api/${valomniaApiVersion(credentials)}/${path}`;
}

export class LoginRefused extends Error {
	constructor(
		message: string,
		/** Refused e-mail or password, or a login page that is not Valomnia's: trying again would not help. */
		readonly permanent = true,
	) {
		super(message);
		this.name = 'LoginRefused';
	}
}

/**
 * The session login (credential preAuthentication): the form POST with redirects off (the
 * session cookie is on the redirect itself), within the deadline of the item that needed it,
 * the reply read up to the node's size cap.
 */
export async function valomniaLogin(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<string> {
	const form = new URLSearchParams({
		j_username: String(credentials.email ?? ''),
		j_password: String(credentials.password ?? ''),
		ajax: 'true',
	});
	const url = `${valomniaBaseUrl(credentials)}/j_spring_security_check`;
	const { deadline } = loginLimitsFor(credentials);
	let reply;
	try {
		reply = await loginRequest(helper, credentials, {
			method: 'POST',
			url,
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json',
				[VALOMNIA_AJAX_HEADER.name]: VALOMNIA_AJAX_HEADER.value,
			},
			body: form.toString(),
		});
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): n8n wraps it in a NodeApiError, router.ts rewrites that with the item index
		if (error instanceof ReplyTooLarge) throw new LoginRefused(`Valomnia's login: ${error.message}`);
		if (error instanceof LoginTlsFailure) {
			// never retried (permanent): the same certificate comes on every try
			throw Object.assign(new LoginRefused(`Valomnia's login at ${safeUrl(url)}: ${error.message}`), { description: error.description });
		}
		if (deadline.passed) {
			throw Object.assign(
				new LoginRefused(`Valomnia's login at ${safeUrl(url)} did not answer within ${deadline.timeoutMs} ms (Options → Timeout)`, false),
				{ code: 'ETIMEDOUT', deadline: true },
			);
		}
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- runs in preAuthentication (no node there): n8n wraps it in a NodeApiError, router.ts rewrites that with the item index
		throw error;
	}
	return readLoginReply(reply, url);
}

/** JSESSIONID from one or more Set-Cookie headers (the last one wins: Spring renews it at login). */
export function sessionFromSetCookie(setCookie: unknown): string | undefined {
	const lines = Array.isArray(setCookie) ? setCookie.map(String) : setCookie ? [String(setCookie)] : [];
	let found: string | undefined;
	for (const line of lines) {
		const match = /(?:^|[;,]\s*)JSESSIONID=([^;,\s]+)/i.exec(line);
		if (match && match[1] && !/^(deleted|""|)$/i.test(match[1])) found = match[1];
	}
	return found;
}

/**
 * Reads the login reply (redirects not followed). Returns the session id, or throws
 * LoginRefused with a message that never contains the password or a session id.
 */
export function readLoginReply(reply: { statusCode: number; headers: IDataObject; body: unknown }, loginUrl = ''): string {
	const cookie = sessionFromSetCookie(reply.headers['set-cookie']);
	const location = String(reply.headers.location ?? '');
	const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
	let json: IDataObject | undefined;
	try {
		const parsed = text.trim().startsWith('{') ? JSON.parse(text) : undefined;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as IDataObject;
	} catch {
		json = undefined;
	}

	if (reply.statusCode >= 300 && reply.statusCode < 400) {
		if (loginUrl && location && !sameOrigin(location, loginUrl)) {
			// Valomnia's own success and failure pages are on the same host; elsewhere is not followed
			throw new LoginRefused(
				`Valomnia's login answered HTTP ${reply.statusCode}, a redirect to ${redirectTarget(reply.headers, loginUrl)}; ` +
					'redirects to other hosts are not followed and no session was taken from it. Is the Base URL your Valomnia address?',
			);
		}
		if (VALOMNIA_LOGIN_FAILURE_LOCATION.test(location)) {
			throw new LoginRefused('Valomnia refused the e-mail or password (login failed)');
		}
		if (cookie) return cookie;
		throw new LoginRefused(
			`Valomnia's login answered HTTP ${reply.statusCode} without a session cookie (JSESSIONID); is the Base URL your Valomnia address?`,
		);
	}
	if (reply.statusCode === 401 || reply.statusCode === 403) {
		throw new LoginRefused(`Valomnia refused the e-mail or password (HTTP ${reply.statusCode})`);
	}
	if (reply.statusCode >= 200 && reply.statusCode < 300) {
		if (json && json.success === true) {
			const token = typeof json.token === 'string' && json.token ? json.token : cookie;
			if (token) return token;
		}
		if (json && (json.error !== undefined || json.success === false)) {
			throw new LoginRefused('Valomnia refused the e-mail or password (login failed)');
		}
		if (VALOMNIA_LOGIN_PAGE.test(text)) {
			throw new LoginRefused('Valomnia refused the e-mail or password (it showed its login page again)');
		}
		throw new LoginRefused(
			`Valomnia's login answered HTTP ${reply.statusCode} without a session; is the Base URL your Valomnia address?`,
		);
	}
	throw new LoginRefused(
		`Valomnia's login failed with HTTP ${reply.statusCode}`,
		!(reply.statusCode === 429 || reply.statusCode >= 500),
	);
}

function sameOrigin(location: string, base: string): boolean {
	try {
		return new URL(location, base).origin === new URL(base).origin;
	} catch {
		return false;
	}
}
