import type { IDataObject } from 'n8n-workflow';

import { mapStrings } from '../shared/redact';
import { isSuccessStatus, readJson } from '../shared/replies';
import type { ParsedReply, VendorReply } from '../shared/types';
import { VALOMNIA_LOGIN_PAGE, actionForStatus } from './assumptions';

/**
 * Valomnia's reply to the upsert (seed 002): the customer object on success (201 documented;
 * 200 read as an update, see assumptions.ts), `{ error, error_description }` on failure.
 */

/** What each documented error code means for the person running the workflow. */
const HINTS: Record<string, string> = {
	missing_param: 'A required parameter is missing (the reference or the name).',
	not_unique: 'The reference (or another unique value) is already used by another customer.',
	invalid_param_type: 'A parameter has the wrong type, for example a payment type ID that is not a number.',
	save_failed: 'Valomnia could not save the customer; check the values (category, region, parent customer).',
	exceeded_file_size: 'The image is larger than Valomnia accepts (2 MB).',
	unsupported_file_type: 'Valomnia accepts only jpg, gif, png or bmp images.',
	not_found: 'An ID in the request does not exist in Valomnia (payment type, category, region, parent customer…).',
	server_error: 'Valomnia had an internal error; try again later or contact Valomnia support.',
};

export function parseValomniaReply(reply: VendorReply): ParsedReply {
	return hideSessions(parseReply(reply));
}

/**
 * A session obtained during the run is not yet known to the node's redaction (which knows the
 * credential as the run started): a reply that repeats a session cookie is masked by its shape.
 */
const SESSION_COOKIE = /(JSESSIONID\s*[=:]\s*"?)[^\s;,"'&]+/gi;

export function hideSessions<T>(value: T): T {
	return mapStrings(value, (text) => text.replace(SESSION_COOKIE, '$1[redacted]'));
}

function parseReply(reply: VendorReply): ParsedReply {
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
	if (isSuccessStatus(reply.statusCode) && json.error === undefined) {
		const id = typeof json.id === 'number' || typeof json.id === 'string' ? json.id : null;
		return { ok: true, action: actionForStatus(reply.statusCode), id, raw: json };
	}
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
