import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { checkBody } from '../shared/check';
import { FieldError } from '../shared/errors';
import { getByKey } from '../shared/operations';
import { isSuccessStatus, readJson } from '../shared/replies';
import type { FieldSchema, FieldSpec } from '../shared/schema';
import type { GetOperation, ParsedFailure, VendorReply } from '../shared/types';
import { wireName } from '../shared/v1';
import { asText, describe, expectPathKey, isObject, recordId, refuseUserinfo } from '../shared/validate';
import { HYFIN_RECORD_WRAPPERS, hyfinRecordMissing } from './assumptions';

/** What Hyfin's operations share: the site URL, its JSON replies, its checks of request bodies. */

/**
 * Hyfin's id of a record: the last segment of Get's URL, the key of a contact update (in its
 * body), and the id both upserts and both Gets reply with.
 */
export const HYFIN_ID = '_id';

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
	const id = asText(value, HYFIN_ID, label).trim();
	if (!id) throw new FieldError(HYFIN_ID, 'is required', label);
	expectPathKey(id, HYFIN_ID, label);
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
		keyDetail: 'by Hyfin ID',
		key: {
			displayName: label,
			name: HYFIN_ID,
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
	const wrapper = HYFIN_RECORD_WRAPPERS.find((key) => isObject(read.json[key]) && read.json[HYFIN_ID] === undefined);
	const record = wrapper ? (read.json[wrapper] as IDataObject) : read.json;
	return { ok: true as const, found: true as const, id: recordId(record, HYFIN_ID), record, raw: read.json };
}

/** First Name and Last Name: the same two fields in the customer (v3.1) and the contact (v4) bodies. */
export function nameFields(who: 'customer' | 'contact', required = false): [FieldSpec, FieldSpec] {
	const need = required ? { required } : {};
	return [
		{ path: 'first_name', label: 'First Name', type: 'string', ...need, description: `The ${who}'s first name` },
		{ path: 'last_name', label: 'Last Name', type: 'string', ...need, description: `The ${who}'s last name` },
	];
}

/**
 * A list of objects (the contact's emails, phone numbers, addresses): the list field, whose own
 * check (check.ts) is the shared validator run on each entry by the entry's schema. Errors name
 * the entry by its index: `Address (emails[2].address) is required`.
 */
export function listField(list: Omit<FieldSpec, 'type' | 'check'>, entry: Omit<FieldSchema, 'call'>): FieldSpec {
	return {
		...list,
		type: 'list',
		check(value, fail) {
			if (!Array.isArray(value)) throw fail('a list');
			value.forEach((item: unknown, index) => {
				const at = `${list.path}[${index}]`;
				if (!isObject(item)) throw new FieldError(at, `must be an object, got ${describe(item)}`);
				try {
					checkBody({ ...entry, call: at }, item, { wire: 'json' });
				} catch (error) {
					// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- not a FieldError: a bug, passed on as it is
					if (!(error instanceof FieldError)) throw error;
					// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the entry's FieldError named by its index: router.ts turns it into a NodeOperationError with the item index
					throw new FieldError(`${at}.${error.field}`, error.problem, error.label, error.hint);
				}
			});
			return value;
		},
	};
}

/** What a list's entries hold, for its description: `{ label, is_primary, address: { city, zip_code } }`. */
export function entryShape(entry: Omit<FieldSchema, 'call'>): string {
	const parts: string[] = [];
	const groups = new Map<string, string[]>();
	for (const field of entry.fields) {
		const dot = field.path.lastIndexOf('.');
		if (dot < 0) {
			parts.push(field.path);
			continue;
		}
		const group = field.path.slice(0, dot);
		const names = groups.get(group) ?? [];
		if (!groups.has(group)) {
			groups.set(group, names);
			parts.push(group);
		}
		names.push(wireName(field));
	}
	return `{ ${parts.map((part) => (groups.has(part) ? `${part}: { ${(groups.get(part) ?? []).join(', ')} }` : part)).join(', ')} }`;
}

/**
 * The JSON Body's starting text: one line per field, as `"name": value`, the fields of a group
 * (notification_options) together on the group's line.
 */
export function jsonTemplate(values: Array<[FieldSpec, unknown]>): string {
	const lines: Array<{ group?: string; pairs: string[] }> = [];
	for (const [field, value] of values) {
		const pair = `${JSON.stringify(wireName(field))}: ${JSON.stringify(value)}`;
		const dot = field.path.lastIndexOf('.');
		if (dot < 0) {
			lines.push({ pairs: [pair] });
			continue;
		}
		const group = field.path.slice(0, dot);
		const line = lines.find((l) => l.group === group);
		if (line) line.pairs.push(pair);
		else lines.push({ group, pairs: [pair] });
	}
	const text = lines.map(({ group, pairs }) => (group ? `${JSON.stringify(group)}: { ${pairs.join(', ')} }` : pairs[0]));
	return `{\n${text.map((line) => `  ${line}`).join(',\n')}\n}`;
}
