import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { VendorNodeSpec, VendorOperation } from './types';
import { requiredFirst } from './schema';

/**
 * The node's parameters, built from its router table (spec.operations): the Resource dropdown,
 * one Operation dropdown per resource, then each operation's own fields shown for that resource
 * and operation only, with what the core adds per kind (Input Mode and JSON Body for upserts,
 * On Not Found for Get, Return All and Limit for Search).
 */
export function vendorProperties(spec: VendorNodeSpec, version: 1 | 2 = 1): INodeProperties[] {
	const resources = [...spec.resources].sort((a, b) => a.name.localeCompare(b.name));
	const properties: INodeProperties[] = [
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is set, computed from the router table
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources,
			default: spec.defaultResource ?? spec.resources[0].value,
		},
	];
	for (const resource of resources) {
		const operations = spec.operations.filter((op) => op.resource === resource.value);
		const options = operations.map((op) => (version === 2 ? { ...op.option, action: op.actionV2 } : op.option)).sort((a, b) => a.name.localeCompare(b.name));
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is set, computed from the router table
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options,
			default: operations.some((op) => op.operation === 'upsert') ? 'upsert' : options[0].value,
		});
	}
	for (const op of spec.operations) properties.push(...(version === 2 ? operationPropertiesV2(op) : operationProperties(op)));
	return properties;
}

/** The resourceMapping method of version 2's Map Each Field (see mapping.ts). */
export const MAPPING_METHOD = 'getMappingFields';

/**
 * Version 2: an upsert with a field schema gets Input Mode = Map Automatically (the item is the
 * record), Map Each Field (n8n's field mapper, one row per documented field) or JSON Body (as in
 * version 1). The key fields that go in the URL come from the record in the first two modes, so
 * their own parameters show in JSON Body only; the other operations are as in version 1.
 */
export function operationPropertiesV2(op: VendorOperation): INodeProperties[] {
	if (op.kind !== 'upsert' || !op.inputModes || !op.schema) return operationProperties(op);
	const own = { resource: [op.resource], operation: [op.operation] };
	const { jsonBody, jsonProperties = [] } = op.inputModes;
	const inUrl = op.schema.fields.filter((f) => f.inUrl).map((f) => f.path);
	// the item's keys are the vendor's names, so the notice gives them after the labels
	const required = requiredFirst(op.schema)
		.filter((f) => f.required)
		.map((f) => `${f.label} (${f.path})`);
	const list: INodeProperties[] = [
		...op.properties.map((p) => (inUrl.includes(p.name) ? shownWhen(p, { inputMode: ['json'] }) : p)),
		{
			displayName: 'Input Mode',
			name: 'inputMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Map Automatically',
					value: 'auto',
					description: "Each item's fields are the record, by the vendor's field names; other item fields are not sent",
				},
				{ name: 'Map Each Field', value: 'map', description: 'Set each field below, with a value or an expression' },
				{ name: 'JSON Body', value: 'json', description: 'Give the request body as JSON; the same rules are checked' },
			],
			default: 'auto',
		},
		{
			displayName: `Name the item fields as the vendor does (nested or dotted)${
				required.length ? `; required: ${required.join(', ')}` : ''
			}. Item fields that are not the vendor's are not sent: the output lists them as ignoredFields.`,
			name: 'autoMapNotice',
			type: 'notice',
			default: '',
			// '@tool': the node is an AI agent's tool (n8n 1.9x and later; an older editor shows this one)
			displayOptions: { show: { inputMode: ['auto'] }, hide: { '@tool': [true] } },
		},
		{
			displayName:
				"As an AI agent's tool, use Map Each Field and let the model define each field (its \u201cLet the model define this parameter\u201d button, or $fromAI). Map Automatically offers the model no fields, and its calls are refused.",
			name: 'autoMapToolNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { inputMode: ['auto'], '@tool': [true] } },
		},
		{
			displayName: 'Fields',
			name: 'mapping',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				loadOptionsDependsOn: ['resource', 'operation'],
				resourceMapper: {
					resourceMapperMethod: MAPPING_METHOD,
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: true,
					supportAutoMap: false,
					noFieldsError: 'This operation has no fields to map',
				},
			},
			displayOptions: { show: { inputMode: ['map'] } },
		},
		jsonBodyProperty(jsonBody),
		// shown in every mode (Valomnia's image): the record names no file
		...jsonProperties,
	];
	return list.map((p) => shownWhen(p, own));
}

/** One operation's parameters, each shown only for its resource and operation. */
export function operationProperties(op: VendorOperation): INodeProperties[] {
	const own = { resource: [op.resource], operation: [op.operation] };
	const list: INodeProperties[] = [...op.properties];
	if (op.kind === 'upsert' && op.inputModes) {
		const { fields, jsonBody, jsonProperties = [] } = op.inputModes;
		list.push(
			{
				displayName: 'Input Mode',
				name: 'inputMode',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Fields Below', value: 'fields' },
					{ name: 'JSON Body', value: 'json', description: 'Give the request body as JSON; the same rules are checked' },
				],
				default: 'fields',
			},
			...fields.map((p) => shownWhen(p, { inputMode: ['fields'] })),
			jsonBodyProperty(jsonBody),
			...jsonProperties.map((p) => shownWhen(p, { inputMode: ['json'] })),
		);
	}
	if (op.kind === 'get') {
		list.push({
			displayName: 'On Not Found',
			name: 'onNotFound',
			type: 'options',
			options: [
				{ name: 'Fail the Item', value: 'fail', description: 'The item fails with a "not found" error' },
				{
					name: 'Return Found = False',
					value: 'return',
					description: 'Output the item with found: false (and the key), so an If node can branch on it',
				},
			],
			default: 'return',
			description: 'What to do when no record has this key',
		});
	}
	if (op.kind === 'search') {
		list.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { returnAll: [false] } },
			},
		);
	}
	return list.map((p) => shownWhen(p, own));
}

/** Input Mode "JSON Body": the body as JSON (the operation's sample as its default). */
function jsonBodyProperty(jsonBody: { default: string; description: string }): INodeProperties {
	return shownWhen(
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is set: the operation's sample body
		{
			displayName: 'JSON Body',
			name: 'jsonBody',
			type: 'json',
			required: true,
			default: jsonBody.default,
			description: jsonBody.description,
		},
		{ inputMode: ['json'] },
	);
}

/** The property with `show` conditions added to its own. */
export function shownWhen(property: INodeProperties, show: NonNullable<IDisplayOptions['show']>): INodeProperties {
	return {
		...property,
		displayOptions: { ...property.displayOptions, show: { ...show, ...property.displayOptions?.show } },
	};
}

/**
 * Field name → the label the user sees, from the UI description (nested collection and fixed
 * collection fields too): error messages name a field the way the node shows it. Top-level
 * names win over nested ones of the same name.
 */
export function labelsOf(properties: INodeProperties[]): Record<string, string> {
	const labels: Record<string, string> = {};
	let level: unknown[] = properties;
	while (level.length) {
		const next: unknown[] = [];
		for (const entry of level as Array<{ name?: string; displayName?: string; options?: unknown[]; values?: unknown[] }>) {
			if (!entry || typeof entry !== 'object') continue;
			if (entry.name && entry.displayName && !(entry.name in labels)) labels[entry.name] = entry.displayName;
			if (Array.isArray(entry.options)) next.push(...entry.options);
			if (Array.isArray(entry.values)) next.push(...entry.values);
		}
		level = next;
	}
	return labels;
}

/** Every field of an operation as the user can set it (both input modes). */
export function allProperties(op: VendorOperation): INodeProperties[] {
	// version 1's fields: the labels its errors use
	if (op.kind !== 'upsert' || !op.inputModes) return op.properties;
	return [...op.properties, ...op.inputModes.fields, ...(op.inputModes.jsonProperties ?? [])];
}
