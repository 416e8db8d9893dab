import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import type { VendorRequest } from '../shared/types';
import { BROKEN_UNICODE, describe, hasUnpairedSurrogate, refuseUserinfo } from '../shared/validate';
import { LOYALTY_CONTENT_TYPE } from './assumptions';
import { LOYALTY_SIGN_IN_FIELDS } from './auth';
import type { ReplyFormat } from './options';

/**
 * What Client Toolbox's calls share on the way out: one URL for every call, form fields chosen by
 * `type` (user_id, the key and account_id are added by the credential, auth.ts), the reply format
 * asked for in the Options, and each field's value as form text.
 */

export type Form = Record<string, string>;

export function loyaltyEndpoint(credentials: ICredentialDataDecryptedObject): string {
	const endpoint = String(credentials.endpoint ?? '').trim();
	if (!/^https?:\/\/[^/\s]+/i.test(endpoint)) {
		throw new FieldError('endpoint', 'of the Client Toolbox credential must start with https:// (or http://)', 'Endpoint URL');
	}
	refuseUserinfo(endpoint, 'endpoint', 'Endpoint URL', 'Client Toolbox', LOYALTY_SIGN_IN_FIELDS);
	return endpoint;
}

/**
 * One Client Toolbox call: the call's own fields first (`type`, `customer_action`), then the
 * item's fields in the order given, then the output format. The credential adds user_id, the
 * key and account_id when n8n sends it.
 */
export function formRequest(
	call: Form,
	form: Form,
	reply: ReplyFormat,
	credentials: ICredentialDataDecryptedObject,
	meta: Pick<VendorRequest, 'key' | 'secrets' | 'idempotent'>,
): VendorRequest {
	const body = new URLSearchParams(call);
	for (const [name, value] of Object.entries(form)) body.append(name, value);
	if (reply.format === 'json') body.append('output', 'JSON');
	if (reply.callback) body.append('callback', reply.callback);
	if (reply.condensed) body.append('condensed', 'yes');
	return {
		method: 'POST',
		url: loyaltyEndpoint(credentials),
		headers: {
			'Content-Type': LOYALTY_CONTENT_TYPE,
			Accept: reply.format === 'json' ? 'application/json, text/javascript, */*' : 'application/xml, text/xml, */*',
		},
		body,
		...meta,
	};
}

/**
 * A form value as sent: text, or a number as text (expressions give numbers); empty = leave the
 * field out. Secret fields are never quoted back.
 */
export function asFormText(name: string, value: unknown, label: string | undefined, secret: boolean): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return String(value);
	throw new FieldError(
		name,
		`must be text or a number, got ${secret ? (typeof value === 'object' ? 'an object' : typeof value) : describe(value)}`,
		label,
	);
}

/** Control characters and half surrogate pairs cannot travel in a form body as given. */
export function checkFormText(form: Form, labels: Record<string, string | undefined>): void {
	for (const [name, value] of Object.entries(form)) {
		// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
		if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
			throw new FieldError(name, 'contains control characters', labels[name]);
		}
		// a form body would carry U+FFFD instead: not what was given
		if (hasUnpairedSurrogate(value)) throw new FieldError(name, BROKEN_UNICODE, labels[name]);
	}
}
