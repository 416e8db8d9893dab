import type { IDataObject } from 'n8n-workflow';

import { mapStrings } from '../shared/redact';
import { isSuccessStatus, readJson } from '../shared/replies';
import type { ParsedReply, VendorReply, VendorRequest } from '../shared/types';

/**
 * Riverty's reply to the PUT (seed 003): the stored customer with `_links`; `ssn` is not echoed.
 * 200 vs 201 is not documented, so any 2xx is success and the action stays "upserted" unless the
 * HEAD check ran (see spec.ts). Failures carry the body's own words, whatever its shape.
 */
export function parseRivertyReply(reply: VendorReply, request: VendorRequest): ParsedReply {
	const read = readJson(reply);
	if (isSuccessStatus(reply.statusCode)) {
		if (reply.body.trim() === '') return { ok: true, action: 'upserted', id: request.key, raw: null };
		if (!read.ok) return { ok: false, message: `Riverty answered HTTP ${reply.statusCode} with ${read.problem}`, raw: scrub(reply.body) };
		const json = scrub(read.value);
		const customerNumber = json && typeof json === 'object' && !Array.isArray(json) ? (json as IDataObject).customerNumber : undefined;
		const id = typeof customerNumber === 'string' || typeof customerNumber === 'number' ? customerNumber : request.key;
		return { ok: true, action: 'upserted', id, raw: json };
	}
	if (!read.ok) {
		return {
			ok: false,
			message: reply.body.trim() === '' ? `no details (HTTP ${reply.statusCode})` : `Riverty replied with ${scrub(read.problem)}`,
			description: statusHint(reply.statusCode),
			raw: scrub(reply.body),
		};
	}
	const json = scrub(read.value);
	const { message, details } = describeProblem(json);
	const hint = statusHint(reply.statusCode);
	return {
		ok: false,
		message: message || `no error message (HTTP ${reply.statusCode})`,
		description: [details, hint].filter(Boolean).join(' ') || undefined,
		raw: json,
	};
}

/**
 * The message fields of an error body: problem details (title, detail, invalidParameters[{name,
 * reason}]), Riverty BNPL ({type, code, message, fieldReference}, alone or in a list), OAuth
 * ({error, error_description}) or ASP.NET validation (errors: {field: [text]}).
 */
export function describeProblem(body: unknown): { message: string; details: string } {
	const entries = Array.isArray(body) ? body : [body];
	const messages: string[] = [];
	const details: string[] = [];
	for (const entry of entries) {
		if (typeof entry === 'string') {
			messages.push(entry);
			continue;
		}
		if (!entry || typeof entry !== 'object') continue;
		const e = entry as IDataObject;
		const main = firstText(e.title, e.message, e.customerFacingMessage, e.error_description, e.error, e.detail);
		const problems: string[] = [];
		if (Array.isArray(e.invalidParameters)) {
			for (const p of e.invalidParameters as IDataObject[]) {
				if (!p || typeof p !== 'object') continue;
				const name = firstText(p.name, p.field, p.fieldReference);
				const reason = firstText(p.reason, p.message, p.detail);
				if (name || reason) problems.push(name && reason ? `${name}: ${reason}` : name || reason);
			}
		}
		if (e.errors && typeof e.errors === 'object' && !Array.isArray(e.errors)) {
			for (const [name, value] of Object.entries(e.errors as IDataObject)) {
				const reasons = (Array.isArray(value) ? value : [value]).map(String).join(', ');
				problems.push(`${name}: ${reasons}`);
			}
		}
		const fieldReference = firstText(e.fieldReference);
		if (fieldReference && !problems.length) problems.push(`field ${fieldReference}`);
		const line = [main, problems.join('; ')].filter(Boolean).join(' – ');
		if (line) messages.push(line);
		const detail = firstText(e.detail);
		if (detail && detail !== main) details.push(detail);
		const tags = [
			['category', e.category],
			['type', e.type],
			['code', e.code],
			['actionCode', e.actionCode],
		]
			.filter(([, value]) => typeof value === 'string' || typeof value === 'number')
			.map(([key, value]) => `${key as string}: ${String(value)}`);
		if (tags.length) details.push(`(${tags.join(', ')})`);
	}
	// not cut here: the error redacts the whole text, then shortens it (errors.ts)
	return { message: messages.join(' | '), details: details.join(' ') };
}

function firstText(...values: unknown[]): string {
	for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return '';
}

export function statusHint(statusCode: number): string | undefined {
	switch (statusCode) {
		case 401:
			return 'The access token was refused even after a new one was fetched: check that the OAuth client belongs to this environment.';
		case 403:
			return 'This OAuth client may not use this Riverty Client ID: check the Riverty Client ID of the credential.';
		case 404:
			return 'Nothing found at this address: check the environment (or base URL) and the Riverty Client ID of the credential.';
		case 429:
			return 'Riverty still answered 429 (too many requests) after every try: lower Concurrency or raise Tries per Item.';
		default:
			return undefined;
	}
}

/**
 * Access tokens are JWTs (Generate Token page). A reply that echoes one (or an Authorization
 * header) must not carry it into the output, whatever the run already knew about the token.
 */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[^\s"',;]+/gi;

export function scrub<T>(value: T): T {
	return mapStrings(value, (text) => text.replace(JWT, '[redacted]').replace(BEARER, '$1[redacted]'));
}
