import type { IDataObject } from 'n8n-workflow';

import { FieldError } from './errors';

/**
 * Small checks used by the vendor builders on the final wire body, so the fields mode and the
 * JSON-body mode obey the same documented rules.
 */
export function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

export function expectOneOf(body: IDataObject, field: string, allowed: readonly string[], label?: string): void {
	const value = getPath(body, field);
	if (value === undefined || value === null) return;
	if (!allowed.includes(String(value))) {
		throw new FieldError(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`, label);
	}
}

/** Refuses text with control characters (other than tab/newline) that no vendor field accepts. */
export function expectNoControlChars(body: IDataObject, path = ''): void {
	for (const [key, value] of Object.entries(body)) {
		const field = path ? `${path}.${key}` : key;
		// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
		if (typeof value === 'string' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
			throw new FieldError(field, 'contains control characters');
		}
		if (typeof value === 'string' && hasUnpairedSurrogate(value)) throw new FieldError(field, BROKEN_UNICODE);
		if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
			expectNoControlChars(value as IDataObject, field);
		}
	}
}

/**
 * Half of a UTF-16 surrogate pair on its own is not text: it cannot be written as UTF-8, so a
 * form body or a URL would silently carry U+FFFD instead, and encodeURIComponent throws on it.
 */
export function hasUnpairedSurrogate(text: string): boolean {
	return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

export const BROKEN_UNICODE = 'contains broken Unicode (half of a surrogate pair), which cannot be sent as text';

/**
 * No vendor documents a length limit for the keys that travel in the URL path (Riverty's
 * customerNumber, Valomnia's reference). Servers and proxies refuse long request lines (8 KB in
 * nginx and Apache) with a 414/431 or a closed connection, which reads like an outage; this cap
 * on the percent-encoded key keeps the whole line well under that.
 */
export const MAX_PATH_KEY_BYTES = 2000;

/** A key that becomes one URL path segment: real text, not a dot segment, not over-long. */
export function expectPathKey(key: string, field: string, label?: string): void {
	if (hasUnpairedSurrogate(key)) throw new FieldError(field, BROKEN_UNICODE, label);
	// "." and ".." survive percent-encoding and are resolved away as path segments
	if (key === '.' || key === '..') throw new FieldError(field, `cannot be "${key}"`, label);
	const bytes = encodeURIComponent(key).length;
	if (bytes > MAX_PATH_KEY_BYTES) {
		throw new FieldError(
			field,
			`is too long to go in the URL: ${bytes} characters once encoded, at most ${MAX_PATH_KEY_BYTES}`,
			label,
		);
	}
}

export function getPath(body: IDataObject, field: string): unknown {
	let current: unknown = body;
	for (const part of field.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[part];
	}
	return current;
}

export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	// shown whole: the error redacts the whole message, then shortens it (fieldErrorToNodeError),
	// so a cut cannot leave the start of a secret
	if (typeof value === 'string') return `"${value}"`;
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

/** Removes keys whose value is undefined or an empty string: "not set" in the n8n UI. */
export function compact<T extends IDataObject>(body: T): T {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(body)) {
		if (value === undefined || value === '') continue;
		out[key] = value;
	}
	return out as T;
}

export function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A vendor's text field from a parameter: text as given; a number from an expression
 * ({{ $json.zip }}) as text, as the vendors' string fields expect; missing as ''.
 */
export function asText(value: unknown, field: string, label?: string): string {
	if (value === undefined || value === null) return '';
	// NaN and Infinity are numbers, but "NaN" is no customer's value
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	if (typeof value === 'string') return value;
	throw new FieldError(field, `must be text, got ${describe(value)}`, label);
}

/** The record's id from one of its fields, when it is text or a number. */
export function recordId(record: unknown, field: string): string | number | null {
	const value = isObject(record) ? record[field] : undefined;
	return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/**
 * An address from a credential (base URL, token URL, endpoint) may not carry a user name or
 * password (`https://user:password@host`): the HTTP library would send them as Basic auth in
 * place of the vendor's own authentication, and every message or Validate Only report that
 * shows the address would show the password. Refused before any request, naming the field,
 * with where the sign-in values belong instead (`signInFields`); the address is never echoed.
 *
 * Any "@" counts: a password with "/", "?" or "#" in it (`http://user:12/pw@host`) makes the
 * address parse as another host with the rest as its path, so only the "@" tells. An address
 * that does not parse at all is refused too, without echoing it (Node would print it in a
 * deprecation warning, and the error would show it).
 */
export function refuseUserinfo(
	url: string,
	field: string,
	label: string,
	credentialName: string,
	signInFields: string,
): void {
	let parsed: URL | undefined;
	try {
		parsed = new URL(url.trim());
	} catch {
		parsed = undefined;
	}
	const userinfo = url.includes('@') || (parsed !== undefined && (parsed.username !== '' || parsed.password !== ''));
	if (!userinfo && parsed) return;
	if (!userinfo) {
		throw new FieldError(
			field,
			`of the ${credentialName} credential is not a valid address (check it for spaces or characters an address cannot hold)`,
			label,
			`Edit the ${credentialName} credential: write the ${label} as https://host/…. Nothing was sent.`,
		);
	}
	throw new FieldError(
		field,
		`of the ${credentialName} credential contains a user name or password ("user:password@" before the host); ` +
			`remove it and put the sign-in values in the credential's own fields (${signInFields})`,
		label,
		`Edit the ${credentialName} credential: write the ${label} as https://host/… without "user:password@". ` +
			'Nothing was sent.',
	);
}
