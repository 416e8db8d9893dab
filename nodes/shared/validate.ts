import type { IDataObject } from 'n8n-workflow';

import { FieldError } from './errors';

/**
 * Small checks used by the vendor builders on the final wire body, so the fields mode and the
 * JSON-body mode obey the same documented rules.
 */
export function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

export function requireString(body: IDataObject, field: string, label?: string): string {
	const value = getPath(body, field);
	if (!isPresent(value)) throw new FieldError(field, 'is required', label);
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new FieldError(field, `must be text, got ${describe(value)}`, label);
	}
	return String(value);
}

export function expectType(
	body: IDataObject,
	field: string,
	type: 'string' | 'boolean' | 'number' | 'object' | 'array',
	label?: string,
): void {
	const value = getPath(body, field);
	if (value === undefined || value === null) return;
	const ok =
		type === 'array'
			? Array.isArray(value)
			: type === 'object'
				? typeof value === 'object' && !Array.isArray(value)
				: type === 'number'
					? typeof value === 'number' && Number.isFinite(value)
					: typeof value === type;
	if (!ok) throw new FieldError(field, `must be ${article(type)} ${type}, got ${describe(value)}`, label);
}

export function expectOneOf(body: IDataObject, field: string, allowed: readonly string[], label?: string): void {
	const value = getPath(body, field);
	if (value === undefined || value === null) return;
	if (!allowed.includes(String(value))) {
		throw new FieldError(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(value)}`, label);
	}
}

export function expectPattern(body: IDataObject, field: string, pattern: RegExp, what: string, label?: string): void {
	const value = getPath(body, field);
	if (!isPresent(value)) return;
	if (typeof value !== 'string' || !pattern.test(value)) {
		throw new FieldError(field, `must be ${what}, got ${describe(value)}`, label);
	}
}

/** Refuses text with control characters (other than tab/newline) that no vendor field accepts. */
export function expectNoControlChars(body: IDataObject, path = ''): void {
	for (const [key, value] of Object.entries(body)) {
		const field = path ? `${path}.${key}` : key;
		if (typeof value === 'string' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
			throw new FieldError(field, 'contains control characters');
		}
		if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
			expectNoControlChars(value as IDataObject, field);
		}
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
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return `"${shown}"`;
	}
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

function article(type: string) {
	return /^[aeiou]/.test(type) ? 'an' : 'a';
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
