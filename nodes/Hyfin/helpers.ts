import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { isSuccessStatus, readJson } from '../shared/replies';
import type { GetOperation, ItemInput, ParsedFailure, VendorReply, VendorRequest } from '../shared/types';
import { describe, expectPathKey, expectType, isPresent } from '../shared/validate';
import { HYFIN_RECORD_WRAPPERS, hyfinRecordMissing } from './assumptions';

/** What Hyfin's operations share: the site URL, its JSON replies, its checks of request bodies. */

export function hyfinUrl(credentials: ICredentialDataDecryptedObject, version: 'v3.1' | 'v4', path: string): string {
	const base = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(base)) {
		throw new FieldError('baseUrl', 'of the Hyfin credential must start with http:// or https://', 'Base URL');
	}
	const siteId = String(credentials.siteId ?? '').trim();
	if (!siteId) throw new FieldError('siteId', 'of the Hyfin credential is empty', 'Site ID');
	return `${base}/api/${version}/site/${encodeURIComponent(siteId)}/${path}`;
}

export const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** Hyfin's `_id` as one URL path segment (Get Customer, Get Contact). */
export function idSegment(value: unknown, label: string): string {
	const id = asText(value, '_id', label).trim();
	if (!id) throw new FieldError('_id', 'is required', label);
	expectPathKey(id, '_id', label);
	return encodeURIComponent(id);
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
	return {
		kind: 'get',
		resource,
		operation: 'get',
		option: {
			name: 'Get',
			value: 'get',
			description: `Read one Hyfin ${resource} by Hyfin's ${label} (_id). Returns found: false when there is none.`,
			action: `Get a ${resource}`,
		},
		properties: [
			{
				displayName: label,
				name: '_id',
				type: 'string',
				required: true,
				default: '',
				description: `Hyfin's ID of the ${resource}: the _id of the record, which Create or Update returns as ID`,
			},
		],
		build(this: IExecuteFunctions, { itemIndex, credentials }: ItemInput): VendorRequest {
			const id = idSegment(this.getNodeParameter('_id', itemIndex, ''), label);
			return {
				method: 'GET',
				url: hyfinUrl(credentials, 'v4', `${resource}/${id}`),
				headers: { Accept: 'application/json' },
				key: decodeURIComponent(id),
			};
		},
		parse: readHyfinRecord,
	};
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
	const id = typeof record._id === 'string' || typeof record._id === 'number' ? record._id : null;
	return { ok: true as const, found: true as const, id, record, raw: read.json };
}

function isObject(value: unknown): boolean {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}


/** Numbers from expressions ({{ $json.id }}) become text, as Hyfin's string fields expect. */
export function asText(value: unknown, field: string, label?: string): string {
	if (value === undefined || value === null) return '';
	// NaN and Infinity are numbers, but "NaN" is no customer's value
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	if (typeof value === 'string') return value;
	throw new FieldError(field, `must be text, got ${describe(value)}`, label);
}

export function dropEmpty(entry: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== ''));
}

export function rejectUnknown(body: IDataObject, allowed: readonly string[], where: string, prefix = ''): void {
	for (const key of Object.keys(body)) {
		if (!allowed.includes(key)) {
			throw new FieldError(`${prefix}${key}`, `is not a field of ${where}; allowed: ${allowed.join(', ')}`);
		}
	}
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
