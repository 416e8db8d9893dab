import type { IDataObject } from 'n8n-workflow';

import { FieldError } from './errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The "JSON body" mode: the user gives the vendor's body as JSON (text or an expression that
 * yields an object). Keys that could pollute prototypes are refused, not silently dropped.
 */
export function parseJsonBody(value: unknown, field = 'jsonBody', label = 'JSON Body'): IDataObject {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') throw new FieldError(field, 'is empty; give the request body as a JSON object', label);
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- FieldError is internal: the item loop (nodes/shared/router.ts) turns it into a NodeOperationError naming the field and the item
			throw new FieldError(field, `is not valid JSON (${jsonSyntaxProblem(error)})`, label);
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new FieldError(field, 'must be a JSON object ({ … })', label);
	}
	checkKeys(parsed as IDataObject, field, label);
	return parsed as IDataObject;
}

/**
 * JSON.parse's complaint without the text it quotes: Node 20 adds the body (or a piece of it) to
 * the message, and a body may hold a customer password, a PIN or an SSN.
 */
export function jsonSyntaxProblem(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.replace(/,\s*(?:\.\.\.)?"[\s\S]*$/, '').trim() || 'a syntax error';
}

function checkKeys(value: unknown, path: string, label: string, depth = 0): void {
	if (depth > 20) throw new FieldError(path, 'is nested too deeply', label);
	if (value === null || typeof value !== 'object') return;
	for (const key of Object.keys(value)) {
		if (FORBIDDEN_KEYS.has(key)) throw new FieldError(`${path}.${key}`, 'is not an allowed key', label);
		checkKeys((value as IDataObject)[key], `${path}.${key}`, label, depth + 1);
	}
}
