import type { INodeProperties, NodePropertyTypes } from 'n8n-workflow';

import type { FieldSpec } from './schema';

/**
 * Version 1's editor fields ("Fields Below"), made from the operation's field schema, so that a
 * field's wire name is written once (in the schema) in each vendor folder. What version 1 showed
 * beyond the schema (its own description, placeholder, default, type options, a name that is not
 * the wire name's last part) is given as it was: version 1 is frozen for saved workflows
 * (test/v1-frozen.test.js compares every property with the description saved workflows know).
 */

/** What a version-1 field adds to or changes from its schema field. */
export type V1Shape = Partial<INodeProperties>;

/** The name a field has inside its group: `person.firstName` → firstName. */
export function wireName(field: FieldSpec): string {
	return field.path.slice(field.path.lastIndexOf('.') + 1);
}

/** The editor type of a schema type. */
function editorType(field: FieldSpec): NodePropertyTypes {
	switch (field.type) {
		case 'number':
		case 'integer':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'enum':
			return 'options';
		default:
			return 'string';
	}
}

/** The editor's default for a field (the documented default when there is one). */
function editorDefault(field: FieldSpec, type: NodePropertyTypes): INodeProperties['default'] {
	if (field.default !== undefined) return field.default;
	if (type === 'boolean') return false;
	if (type === 'number') return 0;
	if (type === 'multiOptions') return [];
	if (type === 'collection' || type === 'fixedCollection') return {};
	return '';
}

/**
 * A version-1 parameter for a schema field: label, name and type from the schema (enum values as
 * the dropdown's options), and the rest as version 1 had it (`shape`).
 */
export function v1Field(field: FieldSpec, shape: V1Shape = {}): INodeProperties {
	const type = shape.type ?? editorType(field);
	const property: INodeProperties = {
		displayName: field.label,
		name: wireName(field),
		type,
		default: editorDefault(field, type),
		...(type === 'options' && field.values ? { options: field.values } : {}),
		...shape,
	};
	return property;
}

/** Version 1's "Additional Fields" collection (the optional fields of Fields Below), as every vendor had it. */
export function v1AdditionalFields(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options };
}
