import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { isSuccessStatus, readJson } from '../shared/replies';
import type { FieldSpec } from '../shared/schema';
import type { ParsedFailure, ParsedGet, VendorReply } from '../shared/types';
import { describe, expectPathKey, isPresent, recordId } from '../shared/validate';
import { VALOMNIA_LOGIN_PAGE, VALOMNIA_NOT_FOUND } from './assumptions';
import { valomniaApiUrl } from './session';

/**
 * What Valomnia's operations share: the API URLs, the customer reference as a path segment, and
 * the replies: JSON objects, or `{ error, error_description }` on failure
 * (docs/vendors/valomnia.md#errors).
 */

/** `{BASE_URL}/api/{VERSION}/customers/reference/{id}`: the reference is one path segment (Upsert, Get). */
export function customerByReferenceUrl(credentials: ICredentialDataDecryptedObject, reference: string): string {
	return valomniaApiUrl(credentials, `customers/reference/${encodeURIComponent(reference)}`);
}

/** `{BASE_URL}/api/{VERSION}/customers`: the customer list (Get Many). */
export function customersUrl(credentials: ICredentialDataDecryptedObject): string {
	return valomniaApiUrl(credentials, 'customers');
}

/**
 * Session cookies recognised by their shape, for the core's redaction (spec.secretPatterns): a
 * server may repeat a session id the run never saw. "JSESSIONID=" is kept, the value masked.
 */
export const VALOMNIA_SECRET_PATTERNS = [/(JSESSIONID\s*[=:]\s*"?)[^\s;,"'&]+/gi];

/**
 * The customer's reference, `{id}` in `…/customers/reference/{id}` (Upsert, Get): your own unique
 * code for the customer. The upsert's schema field, and Get's key.
 */
export const reference: FieldSpec = {
	path: 'reference',
	label: 'Reference',
	type: 'string',
	required: true,
	inUrl: true,
	description: 'Your unique reference for this customer: a customer with it is updated, otherwise one is added',
};

/** The reference (Upsert, Get): text or a number from an expression, one path segment. */
export function checkReference(value: unknown, label = reference.label): string {
	const given = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof given !== 'string' || given.trim() === '') {
		throw new FieldError(reference.path, isPresent(given) ? `must be text, got ${describe(given)}` : 'is required', label);
	}
	// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
	if (/[\u0000-\u001f\u007f]/.test(given)) throw new FieldError(reference.path, 'contains control characters', label);
	// ".." would be resolved away as a path segment: the request would go to another URL
	expectPathKey(given, reference.path, label);
	return given;
}

/** What each documented error code means for the person running the workflow. */
export const HINTS: Record<string, string> = {
	missing_param: 'A required parameter is missing (the reference or the name).',
	not_unique: 'The reference (or another unique value) is already used by another customer.',
	invalid_param_type:
		'A parameter has the wrong type, for example a payment type ID that is not a number, or a filter date not in the form YYYY-MM-DDTHH:MM:SSZ.',
	save_failed: 'Valomnia could not save the customer; check the values (category, region, parent customer).',
	exceeded_file_size: 'The image is larger than Valomnia accepts (2 MB).',
	unsupported_file_type: 'Valomnia accepts only jpg, gif, png or bmp images.',
	not_found: 'An ID in the request does not exist in Valomnia (payment type, category, region, parent customer…).',
	server_error: 'Valomnia had an internal error; try again later or contact Valomnia support.',
};

/**
 * A Valomnia reply as a JSON object, or the failure to report: a refused session (login page,
 * 401), a body that is not a JSON object, or `{ error, error_description }` (any status).
 */
export function readValomniaObject(reply: VendorReply): { ok: true; json: IDataObject } | ParsedFailure {
	const read = readJson(reply);
	if (!read.ok) {
		if (VALOMNIA_LOGIN_PAGE.test(reply.body)) {
			return {
				ok: false,
				message: 'Valomnia answered with its login page: the session was not accepted',
				description:
					'Check the e-mail, password and Base URL of the Valomnia credential, and that this user may use the API.',
				raw: reply.body,
			};
		}
		return { ok: false, message: `Valomnia replied with ${read.problem}`, raw: reply.body };
	}
	const json = read.value as IDataObject;
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		return { ok: false, message: 'Valomnia replied with JSON that is not an object', raw: read.value };
	}
	if (isSuccessStatus(reply.statusCode) && json.error === undefined) return { ok: true, json };
	return valomniaFailure(reply, json);
}

/** `{ error, error_description }` as the item's error: Valomnia's code and text, and what the code means. */
export function valomniaFailure(reply: VendorReply, json: IDataObject): ParsedFailure {
	const code = typeof json.error === 'string' ? json.error : undefined;
	const text = typeof json.error_description === 'string' ? json.error_description : undefined;
	if (reply.statusCode === 401) {
		return {
			ok: false,
			message: `the session was refused even after a new login${text ? ` (${text})` : ''}`,
			description: 'Check that this Valomnia user may use the API, and the Base URL and API Version of the credential.',
			raw: json,
		};
	}
	const message = code && text ? `${code}: ${text}` : text || code || `HTTP ${reply.statusCode} without an error message`;
	return { ok: false, message, description: code ? HINTS[code] : undefined, raw: json };
}

/** The customer's Valomnia id (a number in every documented reply). */
export function idOf(record: IDataObject): string | number | null {
	return recordId(record, 'id');
}

/** Get by reference: the customer, "no such reference" (see assumptions.ts), or a failure. */
export function readCustomer(reply: VendorReply): ParsedGet {
	const read = readValomniaObject(reply);
	if (read.ok) return { ok: true, found: true, id: idOf(read.json), record: read.json, raw: read.json };
	if (VALOMNIA_NOT_FOUND(reply.statusCode, read.raw)) return { ok: true, found: false, raw: read.raw };
	return read;
}
