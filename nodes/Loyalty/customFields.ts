import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { describe } from '../shared/validate';

/**
 * The numbered custom fields (custom_field_##, docs/vendors/clienttoolbox.md#customer-upsert):
 * the "Custom Fields" list that Create or Update and Search show, and how it becomes form fields.
 */

export const CUSTOM_FIELD = /^custom_field_(\d+)$/;

/**
 * A "Custom Fields" list (numbered custom fields, custom_field_##), as customFieldsFrom reads it:
 * entries `field` of a field number (2 or more) and a value.
 */
export function customFieldsProperty(texts: { placeholder: string; description: string; numberDescription: string }): INodeProperties {
	return {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: texts.placeholder,
		default: {},
		description: texts.description,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Number',
						name: 'number',
						type: 'number',
						typeOptions: { minValue: 2 },
						default: 2,
						description: texts.numberDescription,
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
	};
}

/**
 * The numbered custom fields (custom_field_##) of a "Custom Fields" list: number ≥ 2 (1 is the
 * built-in Custom Field), each number once.
 */
export function customFieldsFrom(list: IDataObject, label: string | undefined, into: IDataObject): void {
	const entries = ((list ?? {}).field ?? []) as IDataObject[];
	entries.forEach((entry, index) => {
		const number = Number(entry.number);
		if (!Number.isInteger(number) || number < 2) {
			throw new FieldError(
				`custom_field_##[${index}]`,
				`needs a field number of 2 or more (custom_field_1 is the built-in Custom Field), got ${describe(entry.number)}`,
				label,
			);
		}
		const name = `custom_field_${number}`;
		if (name in into) throw new FieldError(name, 'is given twice', label);
		into[name] = entry.value ?? '';
	});
}

/** custom_field_## names sorted by number. */
export function byFieldNumber(names: string[]): string[] {
	return names
		.filter((name) => CUSTOM_FIELD.test(name))
		.sort((a, b) => Number(CUSTOM_FIELD.exec(a)![1]) - Number(CUSTOM_FIELD.exec(b)![1]));
}
