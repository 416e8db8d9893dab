import type { IDataObject, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';

import { FieldError } from './errors';
import { parseJsonBody } from './jsonBody';
import { describe, isPresent } from './validate';

/**
 * One upsert's fields, declared once from the vendor's documented field table (docs/vendors/*.md):
 * version 2 derives from it the mapper's fields, what Map Automatically accepts (the allowlist),
 * the type checks and coercion, the labels in errors and what Validate Only reports.
 */

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'enum' | 'list' | 'object';

export interface FieldSpec {
	/** The vendor's name, or path into its body (`person.firstName`). */
	path: string;
	/** What the node shows (Title Case). */
	label: string;
	type: FieldType;
	/** enum: the documented values. */
	values?: INodePropertyOptions[];
	required?: boolean;
	/** The documented default (what the vendor uses when the field is left out). */
	default?: string | number | boolean;
	/** A documented rule that ties this field to another (shown in the mapper and checked by the vendor module). */
	rule?: string;
	/** Never shown back (customer passwords, PINs, personal numbers). */
	secret?: boolean;
	/** One line in the user's words. */
	description: string;
	/** Goes in the URL (the record's key), not in the body. */
	inUrl?: boolean;
	/** The vendor's wire format cannot carry an empty value of this field (Send Empty leaves it out too). */
	noEmpty?: string;
	/**
	 * Present but empty fails the item, whatever Empty Values says (a key whose absence means
	 * "add a new record": an expression that came out empty must not turn an update into an add).
	 * The value is passed on as given, and the vendor module's check refuses it, naming the field.
	 */
	refuseEmpty?: boolean;
	/**
	 * A vendor's own check beyond the type (Valomnia's `id`, `latitude`, `currency`…), done by the
	 * vendor module: a number given for such a text field reaches that check as a number.
	 */
	format?: string;
	/** Spaces around the value are not part of it (a key the vendor matches on). */
	trim?: boolean;
	/** Map Each Field offers the values of this loadOptions method (dropdowns loaded from the vendor). */
	loadOptions?: string;
	/**
	 * The vendor's own check of a present value (check.ts), in place of the type check: returns what
	 * is sent, or throws `fail('a latitude (a number from -90 to 90)')`, which names the field.
	 */
	check?: (value: unknown, fail: (what: string) => FieldError) => unknown;
}

export interface FieldSchema {
	/** Where the fields go ("Hyfin's Add/Update Customer (v3.1)"): named in errors. */
	call: string;
	fields: FieldSpec[];
	/** Names the vendor documents as a family (Client Toolbox's custom_field_##): accepted in Map Automatically. */
	patterns?: Array<{
		pattern: RegExp;
		/** How the family is written in a list of allowed names (`custom_field_##`). */
		name: string;
		label: (match: RegExpExecArray) => string;
		type: FieldType;
		/** More of the family's spec (its check, noEmpty…). */
		spec?: Partial<FieldSpec>;
		/**
		 * Names of the family that Map Each Field offers (custom_field_2 … custom_field_20): rows
		 * after the documented fields, removed until the user adds the ones needed.
		 */
		offered?: string[];
	}>;
	/** Labels of the groups of fields (`address` → "Address"), for errors about the group itself. */
	groups?: Record<string, string>;
	/**
	 * The documented rules between fields ("required when Notify by Email is on"), run by
	 * check.ts on the checked body; each throws a FieldError naming the field it is about.
	 */
	rules?: Array<(body: IDataObject) => void>;
}

/** Options → Empty Values and Unknown Item Fields (version 2). */
export interface MappingOptions {
	emptyValues: 'leaveOut' | 'sendEmpty';
	unknownFields: 'ignore' | 'fail';
}

/** The record, mapped: the body by the vendor's paths, the URL key fields, and what was not sent and why. */
export interface MappedRecord {
	body: IDataObject;
	url: IDataObject;
	ignoredFields: string[];
	leftOut: Array<{ field: string; reason: string }>;
}

/** `"First Name" (first_name)`-style naming for errors: the label, and the wire path in the FieldError. */
export function fieldError(field: FieldSpec, problem: string, path = field.path): FieldError {
	return new FieldError(path, problem, field.label);
}

/** The spec of a name of a documented family (custom_field_7 → "Custom Field 7"), if the name is one. */
export function patternSpec(schema: FieldSchema, key: string): FieldSpec | undefined {
	for (const pattern of schema.patterns ?? []) {
		const match = pattern.pattern.exec(key);
		if (match) return { path: key, label: pattern.label(match), type: pattern.type, description: '', ...pattern.spec };
	}
	return undefined;
}

/** The schema's fields with the required ones first, in documented order otherwise. */
export function requiredFirst(schema: FieldSchema): FieldSpec[] {
	return [...schema.fields.filter((f) => f.required), ...schema.fields.filter((f) => !f.required)];
}

/** n8n's field mapper (Map Each Field): every documented field, required first, enums as dropdowns. */
export function mapperFields(schema: FieldSchema): ResourceMapperField[] {
	return [...documentedMapperFields(schema), ...offeredMapperFields(schema)];
}

/** Map Each Field's rows for the names a family offers (patterns[].offered), removed until added. */
function offeredMapperFields(schema: FieldSchema): ResourceMapperField[] {
	const fields = (schema.patterns ?? [])
		.flatMap((pattern) => pattern.offered ?? [])
		.flatMap((name) => patternSpec(schema, name) ?? []);
	return documentedMapperFields({ call: schema.call, fields }).map((field) => ({ ...field, removed: true }));
}

function documentedMapperFields(schema: FieldSchema): ResourceMapperField[] {
	return requiredFirst(schema).map((field) => ({
		id: field.path,
		displayName: field.label,
		required: field.required === true,
		defaultMatch: false,
		display: true,
		// lists and objects are typed as JSON text in a value box
		type: field.type === 'enum' ? 'options' : field.type === 'number' || field.type === 'integer' ? 'number' : field.type === 'boolean' ? 'boolean' : 'string',
		...(field.values ? { options: field.values } : {}),
	}));
}

const EMPTY_REASON_LEAVE_OUT = 'empty: left out (Options → Empty Values: Leave Out), so the vendor keeps what it has';

/**
 * Map Automatically and Map Each Field: the record (the item's JSON, or the mapper's values) as the
 * vendor's body. Nested (`{ person: { firstName } }`) and dotted (`"person.firstName"`) keys both
 * work; both with different values fail the item. Keys that are not fields are never sent: they are
 * listed (or fail the item with Unknown Item Fields → Fail the Item). Values are checked and coerced
 * by the field's type; empty ones follow Empty Values. Absent fields are never sent.
 */
export function mapRecord(schema: FieldSchema, record: IDataObject, options: MappingOptions): MappedRecord {
	// a group given as a plain value (`person: "Tom"`) is a wrong value, not an unknown field to drop
	for (const group of new Set(schema.fields.filter((f) => f.path.includes('.')).map((f) => f.path.split('.')[0]))) {
		const value = Object.prototype.hasOwnProperty.call(record, group) ? record[group] : undefined;
		if (isPresent(value) && (typeof value !== 'object' || Array.isArray(value))) {
			throw new FieldError(group, `must be an object with ${groupNames(schema, group).join(', ')}, got ${describe(value)}`, schema.groups?.[group]);
		}
	}
	const out: MappedRecord = { body: {}, url: {}, ignoredFields: unknownKeys(schema, record), leftOut: [] };
	if (out.ignoredFields.length && options.unknownFields === 'fail') {
		const [first] = out.ignoredFields;
		throw new FieldError(
			first,
			`is not a field of ${schema.call} (unknown item fields: ${out.ignoredFields.join(', ')})`,
			undefined,
			'Rename or remove the item fields that are not documented fields (a typo in a column name?), or set Options → Unknown Item Fields to Ignore. Nothing was sent for this item.',
		);
	}
	const fields: Array<{ spec: FieldSpec; path: string }> = schema.fields.map((spec) => ({ spec, path: spec.path }));
	for (const key of Object.keys(record)) {
		const spec = patternSpec(schema, key);
		if (spec) fields.push({ spec, path: key });
	}
	for (const { spec, path } of fields) {
		const found = valueAt(record, path, spec);
		if (!found.present) continue;
		const target = spec.inUrl ? out.url : out.body;
		if (!isPresent(found.value)) {
			if (spec.refuseEmpty) {
				setPath(target, path, found.value);
				continue;
			}
			const leftOut = emptyLeftOut(spec, options);
			if (leftOut) out.leftOut.push({ field: path, reason: leftOut });
			else setPath(target, path, '');
			continue;
		}
		setPath(target, path, coerce(spec, found.value, path));
	}
	return out;
}

/**
 * Options → Empty Values for one present but empty field ("", null, only spaces): why it is left
 * out, or undefined when it is sent empty (Send Empty, where the vendor's wire can carry it).
 */
function emptyLeftOut(spec: FieldSpec, options: MappingOptions): string | undefined {
	if (spec.required || options.emptyValues === 'leaveOut') return EMPTY_REASON_LEAVE_OUT;
	if (spec.noEmpty || !['string', 'date', 'enum'].includes(spec.type)) {
		return `empty: left out, ${spec.noEmpty ?? `a ${spec.type} cannot be sent empty`}`;
	}
	return undefined;
}

/**
 * Version 2's JSON Body under the same Empty Values rule as the mapped modes: a documented field
 * written with an empty value is left out (Leave Out, the default: the vendor keeps what it has)
 * or sent as "" (Send Empty, where the vendor's wire can carry it). Names that are not fields are
 * left for the vendor's checks to refuse. Returns the body to check and send, and what was left out.
 */
export function applyEmptyValues(
	schema: FieldSchema,
	body: IDataObject,
	options: MappingOptions,
): { body: IDataObject; leftOut: MappedRecord['leftOut'] } {
	const out = structuredClone(body);
	const leftOut: MappedRecord['leftOut'] = [];
	const specs: FieldSpec[] = [
		...schema.fields.filter((f) => !f.inUrl),
		...Object.keys(body).flatMap((key) => patternSpec(schema, key) ?? []),
	];
	for (const spec of specs) {
		const found = nestedValue(out, spec.path);
		if (!found.present || isPresent(found.value)) continue;
		// refused by the vendor module's checks, which name it
		if (spec.refuseEmpty) continue;
		const reason = emptyLeftOut(spec, options);
		if (reason) {
			leftOut.push({ field: spec.path, reason });
			deletePath(out, spec.path);
		} else {
			setPath(out, spec.path, '');
		}
	}
	return { body: out, leftOut };
}

function deletePath(target: IDataObject, path: string): void {
	const parts = path.split('.');
	let current: unknown = target;
	for (const part of parts.slice(0, -1)) {
		if (current === null || typeof current !== 'object') return;
		current = (current as IDataObject)[part];
	}
	if (current !== null && typeof current === 'object') delete (current as IDataObject)[parts[parts.length - 1]];
}

/** The value of a field in the record, nested or dotted; both given and different fails. */
function valueAt(record: IDataObject, path: string, spec: FieldSpec): { present: boolean; value?: unknown } {
	const dotted = path.includes('.') && Object.prototype.hasOwnProperty.call(record, path);
	const nested = nestedValue(record, path);
	if (dotted && nested.present && !sameValue(record[path], nested.value)) {
		throw fieldError(
			spec,
			`is given twice with different values: as "${path}" and nested as ${path.split('.').join(' → ')}; keep one`,
		);
	}
	if (dotted) return { present: true, value: record[path] };
	return nested;
}

function nestedValue(record: IDataObject, path: string): { present: boolean; value?: unknown } {
	let current: unknown = record;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object' || Array.isArray(current)) return { present: false };
		if (!Object.prototype.hasOwnProperty.call(current, part)) return { present: false };
		current = (current as IDataObject)[part];
	}
	return { present: current !== undefined, value: current };
}

function sameValue(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Sets the value at a path (`person.firstName`), making the groups on the way. */
export function setPath(target: IDataObject, path: string, value: unknown): void {
	const parts = path.split('.');
	let current = target;
	for (const part of parts.slice(0, -1)) {
		if (current[part] === undefined || current[part] === null || typeof current[part] !== 'object') current[part] = {};
		current = current[part] as IDataObject;
	}
	current[parts[parts.length - 1]] = value as IDataObject[string];
}

/** The record's keys (as written: `person.nickname`, `emial`) that are no field of the schema. */
export function unknownKeys(schema: FieldSchema, record: IDataObject): string[] {
	const paths = schema.fields.map((f) => f.path);
	const known = (key: string) =>
		paths.includes(key) || (schema.patterns ?? []).some((p) => p.pattern.test(key));
	const unknown: string[] = [];
	const walk = (value: IDataObject, prefix: string) => {
		for (const [key, child] of Object.entries(value)) {
			const path = prefix ? `${prefix}.${key}` : key;
			if (known(path)) continue;
			// a group of fields (person, address): its keys are looked at one by one; an empty one has none
			if (paths.some((p) => p.startsWith(`${path}.`))) {
				if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
					walk(child as IDataObject, path);
					continue;
				}
				if (!isPresent(child)) continue;
			}
			unknown.push(path);
		}
	};
	walk(record, '');
	return unknown;
}

/** One present value, checked and coerced by its field's type (the wire's own type). */
export function coerce(spec: FieldSpec, value: unknown, path = spec.path): unknown {
	// a secret (a customer's password or PIN) is never quoted back, not even a wrong one
	const fail = (what: string) => fieldError(spec, `must be ${what}${spec.secret ? '' : `, got ${describe(value)}`}`, path);
	switch (spec.type) {
		case 'string':
		case 'date':
			if (typeof value === 'number' && spec.format) return value;
			if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
			if (typeof value !== 'string') throw fail('text');
			return spec.trim ? value.trim() : value;
		case 'number': {
			const n = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
			if (typeof n !== 'number' || !Number.isFinite(n)) throw fail('a number');
			return n;
		}
		case 'integer': {
			const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
			if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw fail('a whole number');
			return n;
		}
		case 'boolean': {
			if (typeof value === 'boolean') return value;
			const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
			// CSV and spreadsheet columns give booleans as text
			if (text === 'true') return true;
			if (text === 'false') return false;
			throw fail('true or false');
		}
		case 'enum': {
			const allowed = (spec.values ?? []).map((v) => String(v.value));
			const text = typeof value === 'number' ? String(value) : value;
			if (typeof text !== 'string' || !allowed.includes(text)) throw fail(`one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
			return text;
		}
		case 'list': {
			// JSON text from the mapper's value box; other text is the vendor's own list form ("7,8")
			if (typeof value === 'string' && !/^\s*\[/.test(value)) return value;
			const list = typeof value === 'string' ? parseJsonText(spec, value, path) : value;
			if (!Array.isArray(list)) throw fail('a list (an array, or JSON text such as [{ … }])');
			return list;
		}
		case 'object': {
			const object = typeof value === 'string' ? parseJsonText(spec, value, path) : value;
			if (object === null || typeof object !== 'object' || Array.isArray(object)) throw fail('an object');
			return object;
		}
	}
}

/** A list or object given as JSON text (Map Each Field's value box). */
function parseJsonText(spec: FieldSpec, text: string, path: string): unknown {
	const trimmed = text.trim();
	if (trimmed.startsWith('[')) {
		// parseJsonBody checks keys (no __proto__) and wants an object: wrap the list
		return parseJsonBody(`{"list":${trimmed}}`, path, spec.label).list;
	}
	return parseJsonBody(trimmed, path, spec.label);
}

/** The names inside a group (`person` → ssn, firstName, lastName), in documented order. */
export function groupNames(schema: FieldSchema, group: string): string[] {
	return schema.fields.filter((f) => f.path.startsWith(`${group}.`)).map((f) => f.path.slice(group.length + 1));
}
