import type { IDataObject } from 'n8n-workflow';

import { FieldError } from './errors';
import type { FieldSchema, FieldSpec } from './schema';
import { coerce, fieldError, patternSpec, setPath } from './schema';
import { describe, expectNoControlChars, getPath, isPresent } from './validate';

/**
 * The one validator of the four vendors: a body (any input mode, either version) checked against
 * the operation's field schema (schema.ts), before anything is sent. What it checks comes from the
 * schema only: which names the call has (top level and inside groups such as `address`), each
 * field's type, enum values and own check (`FieldSpec.check`), the required fields, the
 * documented rules between fields (`FieldSchema.rules`), and no control characters. Errors name
 * the field's label and wire path (`"First Name" (first_name) must be text, got an object`).
 */

export interface CheckOptions {
	/**
	 * How values travel. 'json': a JSON body keeps its types, so each value must already have the
	 * field's JSON type (Hyfin, Riverty). 'form': everything is sent as text, so values are turned
	 * into the field's type and written canonically (Valomnia, Client Toolbox).
	 */
	wire: 'json' | 'form';
	/**
	 * Names that are not fields of the call but that users put in a body by mistake, with where
	 * they belong instead ("the credential", "the Reply Format option"). Fields that go in the URL
	 * (`inUrl`) get their own explanation without being listed here.
	 */
	elsewhere?: Record<string, string>;
	/**
	 * Errors about control characters and broken Unicode name the field's label too, as the
	 * other errors do (`First Name (first_name) contains control characters`); without it they
	 * name the wire path only.
	 */
	labelTextErrors?: boolean;
}

/** The JSON type a field has in the vendor's body. */
const WIRE_TYPES = {
	string: 'string',
	date: 'string',
	enum: 'string',
	number: 'number',
	integer: 'number',
	boolean: 'boolean',
	list: 'array',
	object: 'object',
} as const;

/**
 * Checks `body` and returns what is sent: for 'json' the body itself (values unchanged), for
 * 'form' a new body with each value in its canonical form (numbers as numbers, trimmed IDs…),
 * fields in the schema's (documented) order, null and undefined values left out.
 */
export function checkBody(schema: FieldSchema, body: IDataObject, options: CheckOptions): IDataObject {
	rejectUnknownNames(schema, body, '', options);
	const out: IDataObject = options.wire === 'json' ? body : {};
	for (const field of schema.fields) {
		if (field.inUrl) continue;
		const value = valueOf(body, field);
		// null is "not set", except for a JSON list: null is no list (Hyfin's emails: null was always refused)
		if (value === undefined || (value === null && !(options.wire === 'json' && field.type === 'list'))) continue;
		const checked = checkValue(field, value, options);
		if (options.wire === 'form') setValue(out, field.path, checked);
	}
	if (options.wire === 'form') {
		// a family of names (Client Toolbox's custom_field_##), after the documented fields
		for (const [key, value] of Object.entries(body)) {
			const spec = patternSpec(schema, key);
			if (!spec || value === undefined || value === null) continue;
			out[key] = checkValue(spec, value, options) as IDataObject[string];
		}
	}
	for (const field of schema.fields) {
		if (field.required && !field.inUrl && !isPresent(valueOf(out, field))) throw fieldError(field, 'is required');
	}
	for (const rule of schema.rules ?? []) rule(out);
	try {
		expectNoControlChars(out);
	} catch (error) {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- a FieldError, or a bug: router.ts turns it into a NodeOperationError with the item index
		if (!options.labelTextErrors || !(error instanceof FieldError)) throw error;
		const label = (schema.fields.find((f) => f.path === error.field) ?? patternSpec(schema, error.field))?.label;
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the same FieldError with the field's label: router.ts turns it into a NodeOperationError with the item index
		throw new FieldError(error.field, error.problem, label, error.hint);
	}
	return out;
}

/** A field's value in a body, by its path (`person.firstName`). */
export function valueOf(body: IDataObject, field: FieldSpec): unknown {
	return getPath(body, field.path);
}

/** Sets a field's value in a body, by its path, making the groups on the way. */
export const setValue = setPath;

/** One value, checked by its field's type (and own check); returns what is sent. */
function checkValue(field: FieldSpec, value: unknown, options: CheckOptions): unknown {
	// a secret (a customer's password or PIN) is never quoted back, not even a wrong one
	const fail = (what: string) => fieldError(field, `must be ${what}${field.secret ? '' : `, got ${describe(value)}`}`);
	if (field.check) return field.check(value, fail);
	if (options.wire === 'form') return coerce(field, value);
	const type = WIRE_TYPES[field.type];
	const ok =
		type === 'array'
			? Array.isArray(value)
			: type === 'object'
				? typeof value === 'object' && !Array.isArray(value)
				: type === 'number'
					? typeof value === 'number' && Number.isFinite(value) && (field.type !== 'integer' || Number.isSafeInteger(value))
					: typeof value === type;
	if (!ok) throw fail(field.type === 'integer' ? 'a whole number' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
	if (field.type === 'enum') {
		const allowed = (field.values ?? []).map((v) => String(v.value));
		if (!allowed.includes(String(value))) throw fail(`one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
	}
	return value;
}

/** Refuses names the call does not have, at the top level and inside each group. */
function rejectUnknownNames(schema: FieldSchema, body: IDataObject, prefix: string, options: CheckOptions): void {
	const here = schema.fields.filter((f) => f.path.startsWith(prefix) && !f.inUrl);
	const names = [...new Set(here.map((f) => f.path.slice(prefix.length).split('.')[0]))];
	for (const [key, value] of Object.entries(body)) {
		const path = `${prefix}${key}`;
		if (names.includes(key)) {
			const isGroup = here.some((f) => f.path.startsWith(`${path}.`));
			if (!isGroup || value === undefined || value === null) continue;
			if (typeof value !== 'object' || Array.isArray(value)) {
				const inside = here.filter((f) => f.path.startsWith(`${path}.`)).map((f) => f.path.slice(path.length + 1));
				throw new FieldError(path, `must be an object with ${inside.join(', ')}, got ${describe(value)}`, schema.groups?.[path]);
			}
			rejectUnknownNames(schema, value as IDataObject, `${path}.`, options);
			continue;
		}
		if (!prefix && patternSpec(schema, key)) continue;
		const inUrl = schema.fields.find((f) => f.inUrl && f.path === path);
		if (inUrl) {
			throw new FieldError(path, `is not part of the body: it goes in the ${inUrl.label} field, which is part of the URL`);
		}
		// own names only: a body's toString or hasOwnProperty is not Object.prototype's
		const elsewhere = prefix || !options.elsewhere || !Object.prototype.hasOwnProperty.call(options.elsewhere, key) ? undefined : options.elsewhere[key];
		if (elsewhere) throw new FieldError(path, `is not part of the body: it is set by ${elsewhere}`);
		const allowed = [...names, ...(prefix ? [] : (schema.patterns ?? []).map((p) => p.name))];
		throw new FieldError(
			path,
			`is not a field of ${prefix ? prefix.slice(0, -1) : schema.call}; allowed: ${allowed.join(', ')}`,
		);
	}
}
