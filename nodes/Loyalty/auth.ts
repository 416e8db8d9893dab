import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { LOYALTY_KEY_HEADER } from './assumptions';

/** Where Client Toolbox's sign-in values go instead of a user:password@ in the Endpoint URL. */
export const LOYALTY_SIGN_IN_FIELDS = 'User ID, API Key and Account ID';

/** Where the API key (`user_password`) travels: the form body, the api_access_key header, or both. */
export type KeyPlacement = 'body' | 'header' | 'both';

const CREDENTIAL_FIELDS = new Set(['user_id', 'user_password', 'account_id']);

/**
 * The credential's `authenticate`: every Client Toolbox call carries user_id, the key and
 * account_id as form fields (docs/vendors/clienttoolbox.md#authentication), or the key in the api_access_key header. Fields are
 * placed as in the doc's PHP example (user_id, user_password, type, customer_action,
 * account_id, …). Works on a URLSearchParams body (the node) and on a plain object (n8n's
 * declarative credential test). Never changes the caller's body: a retry sends the same fields.
 */
export function applyLoyaltyAuth(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const key = String(credentials.user_password ?? '');
	const placement = readPlacement(credentials.keyPlacement);
	const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
	if (placement !== 'body') headers[LOYALTY_KEY_HEADER] = key;

	const form = new URLSearchParams();
	form.append('user_id', String(credentials.user_id ?? ''));
	if (placement !== 'header') form.append('user_password', key);
	const accountId = String(credentials.account_id ?? '');
	let accountPlaced = false;
	for (const [name, value] of entriesOf(requestOptions.body)) {
		if (CREDENTIAL_FIELDS.has(name)) continue;
		form.append(name, value);
		if (name === 'customer_action' || (name === 'type' && !hasField(requestOptions.body, 'customer_action'))) {
			form.append('account_id', accountId);
			accountPlaced = true;
		}
	}
	if (!accountPlaced) form.append('account_id', accountId);
	return { ...requestOptions, headers, body: form };
}

export function readPlacement(value: unknown): KeyPlacement {
	return value === 'header' || value === 'both' ? value : 'body';
}

function entriesOf(body: unknown): Array<[string, string]> {
	if (body === undefined || body === null || body === '') return [];
	if (body instanceof URLSearchParams) return [...body.entries()];
	if (typeof body === 'string') return [...new URLSearchParams(body).entries()];
	if (typeof body === 'object' && !Buffer.isBuffer(body)) {
		return Object.entries(body as IDataObject)
			.filter(([, value]) => value !== undefined && value !== null)
			.map(([name, value]) => [name, String(value)]);
	}
	throw new Error('Client Toolbox requests must carry form fields');
}

function hasField(body: unknown, name: string): boolean {
	return entriesOf(body).some(([field]) => field === name);
}
