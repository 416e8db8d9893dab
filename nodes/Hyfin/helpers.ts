import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { getByKey } from '../shared/operations';
import { isSuccessStatus, readJson } from '../shared/replies';
import type { GetOperation, ParsedFailure, VendorReply } from '../shared/types';
import {
	asText,
	describe,
	expectPathKey,
	expectType,
	isObject,
	isPresent,
	recordId,
	refuseUserinfo,
	rejectUnknown,
} from '../shared/validate';
import { HYFIN_RECORD_WRAPPERS, hyfinRecordMissing } from './assumptions';

/** What Hyfin's operations share: the site URL, its JSON replies, its checks of request bodies. */

/** Where Hyfin's sign-in values go instead of a user:password@ in the Base URL. */
export const HYFIN_SIGN_IN_FIELDS = 'Site ID and API Access Token';

export function hyfinUrl(credentials: ICredentialDataDecryptedObject, version: 'v3.1' | 'v4', path: string): string {
	const base = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(base)) {
		throw new FieldError('baseUrl', 'of the Hyfin credential must start with http:// or https://', 'Base URL');
	}
	refuseUserinfo(base, 'baseUrl', 'Base URL', 'Hyfin', HYFIN_SIGN_IN_FIELDS);
	const siteId = String(credentials.siteId ?? '').trim();
	if (!siteId) throw new FieldError('siteId', 'of the Hyfin credential is empty', 'Site ID');
	return `${base}/api/${version}/site/${encodeURIComponent(siteId)}/${path}`;
}

/** Hyfin's `_id` for the URL path (Get Customer, Get Contact): required, one path segment. */
export function checkId(value: unknown, label: string): string {
	const id = asText(value, '_id', label).trim();
	if (!id) throw new FieldError('_id', 'is required', label);
	expectPathKey(id, '_id', label);
	return id;
}

/**
 * A Hyfin reply as an object, or the failure to report: `{ success: false, errors: [..] }` (any
 * HTTP status; the body decides) or a body that is not a JSON object.
 */
export function readHyfinObject(reply: VendorReply): { ok: true; json: IDataObject } | ParsedFailure {
	const read = readJson(reply);
	if (!read.ok) return { ok: false, message: `Hyfin replied with ${read.problem}`, raw: reply.body };
	const json = read.value as IDataObject;
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		return { ok: false, message: 'Hyfin replied with JSON that is not an object', raw: read.value };
	}
	if (json.success !== false && isSuccessStatus(reply.statusCode)) return { ok: true, json };
	return hyfinFailure(reply, json);
}

export function hyfinFailure(reply: VendorReply, json: IDataObject): ParsedFailure {
	const errors = Array.isArray(json.errors) ? json.errors.map(String).filter(Boolean) : [];
	const message =
		errors.join('; ') ||
		(typeof json.message === 'string' && json.message) ||
		(typeof json.error === 'string' && json.error) ||
		(json.success === true ? `success with HTTP ${reply.statusCode}` : 'the request failed without an error message');
	return {
		ok: false,
		message,
		description: errors.length > 1 ? `Hyfin listed ${errors.length} errors: ${errors.join(' | ')}` : undefined,
		raw: json,
	};
}

/**
 * Get Customer and Get Contact (v4) differ only in the path's resource: GET
 * {base_url}/api/v4/site/{site_id}/{customer|contact}/{_id}, no body.
 */
export function hyfinGet(resource: 'customer' | 'contact', label: 'Customer ID' | 'Contact ID'): GetOperation {
	return getByKey({
		resource,
		description: `Read one Hyfin ${resource} by Hyfin's ${label} (_id). Returns found: false when there is none.`,
		actionDetail: `by ${resource} ID (_id, the id Create or Update returns)`,
		key: {
			displayName: label,
			name: '_id',
			type: 'string',
			required: true,
			default: '',
			description: `Hyfin's ID of the ${resource}: the _id of the record, which Create or Update returns as ID`,
		},
		check: checkId,
		url: (credentials, id) => hyfinUrl(credentials, 'v4', `${resource}/${encodeURIComponent(id)}`),
		parse: readHyfinRecord,
	});
}

/** Get Customer / Get Contact: the record itself, or "no such _id" (see assumptions.ts). */
export function readHyfinRecord(reply: VendorReply) {
	const json = readJson(reply);
	if (hyfinRecordMissing(reply.statusCode, reply.body, json.ok ? json.value : undefined)) {
		return { ok: true as const, found: false as const, raw: json.ok ? json.value : reply.body };
	}
	const read = readHyfinObject(reply);
	if (!read.ok) return read;
	const wrapper = HYFIN_RECORD_WRAPPERS.find((key) => isObject(read.json[key]) && read.json._id === undefined);
	const record = wrapper ? (read.json[wrapper] as IDataObject) : read.json;
	return { ok: true as const, found: true as const, id: recordId(record, '_id'), record, raw: read.json };
}

export function checkList(body: IDataObject, field: string, keys: readonly string[], requiredKey: string | null, label?: string): void {
	const list = body[field];
	if (list === undefined) return;
	if (!Array.isArray(list)) throw new FieldError(field, `must be a list, got ${describe(list)}`, label);
	list.forEach((entry, index) => {
		const path = `${field}[${index}]`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			throw new FieldError(path, `must be an object, got ${describe(entry)}`);
		}
		rejectUnknown(entry as IDataObject, keys, path, `${path}.`);
		expectType(entry as IDataObject, 'label', 'string', `${path}.label`);
		expectType(entry as IDataObject, 'is_primary', 'boolean', `${path}.is_primary`);
		if (requiredKey) {
			if (!isPresent((entry as IDataObject)[requiredKey])) throw new FieldError(`${path}.${requiredKey}`, 'is required');
			expectType(entry as IDataObject, requiredKey, 'string', `${path}.${requiredKey}`);
		}
	});
}
