import type { IDataObject } from 'n8n-workflow';

import { isSuccessStatus, readJson } from '../shared/replies';
import type { ParsedReply, VendorReply } from '../shared/types';

/**
 * Hyfin's reply (seeds 000/001): `{ success: true, action: "added" | "updated", _id }` or
 * `{ success: false, errors: [..] }`. The HTTP status of failures is not documented, so the
 * body decides; a non-2xx without a readable body is a failure too.
 */
export function parseHyfinReply(reply: VendorReply): ParsedReply {
	const read = readJson(reply);
	if (!read.ok) {
		return { ok: false, message: `Hyfin replied with ${read.problem}`, raw: reply.body };
	}
	const json = read.value as IDataObject;
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		return { ok: false, message: 'Hyfin replied with JSON that is not an object', raw: read.value };
	}
	if (json.success === true && isSuccessStatus(reply.statusCode)) {
		const action = json.action === 'added' || json.action === 'updated' ? json.action : 'upserted';
		return { ok: true, action, id: (json._id as string | undefined) ?? null, raw: json };
	}
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
