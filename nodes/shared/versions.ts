import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IVersionedNodeType,
	ResourceMapperFields,
} from 'n8n-workflow';

import { MAPPING_METHOD, vendorProperties } from './describe';
import { optionsV2 } from './options';
import { executeVendorNode } from './router';
import { mapperFields } from './schema';
import type { VendorNodeSpec } from './types';

/**
 * A vendor node's two versions. Version 1 is the description saved workflows were made with,
 * unchanged (test/v1-frozen.test.js); version 2 (the default for new nodes) gives the upserts
 * Map Automatically, Map Each Field and JSON Body, and the Empty Values and Unknown Item Fields
 * options. Both run the same item loop (router.ts), which reads the node's typeVersion.
 */
export function vendorNodeVersions(args: {
	v1: INodeTypeDescription;
	spec: VendorNodeSpec;
	/** The Options collection of version 1 (the vendor's own options included). */
	options: INodeProperties;
	methods?: INodeType['methods'];
}): { nodeVersions: IVersionedNodeType['nodeVersions']; baseDescription: INodeTypeBaseDescription } {
	const { v1, spec, options, methods } = args;
	const execute = async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see router.ts
		return await executeVendorNode.call(this, spec);
	};
	const v2: INodeTypeDescription = {
		...v1,
		version: 2,
		properties: editorCopy([...vendorProperties(spec, 2), optionsV2(options)]),
	};
	return {
		nodeVersions: {
			1: { description: v1, methods, execute },
			2: { description: v2, methods: { ...methods, resourceMapping: { [MAPPING_METHOD]: mappingFields(spec, methods?.loadOptions) } }, execute },
		},
		baseDescription: {
			displayName: v1.displayName,
			name: v1.name,
			icon: v1.icon,
			group: v1.group,
			subtitle: v1.subtitle,
			description: v1.description,
			usableAsTool: v1.usableAsTool,
			defaultVersion: 2,
		},
	};
}

/**
 * Map Each Field's rows: the fields of the selected upsert's schema. A field whose values the
 * vendor lists (Valomnia's categories, segmentations, regions, payment types) gets them as a
 * dropdown, loaded as the version-1 dropdowns are; when they cannot be loaded it stays a value box.
 */
function mappingFields(spec: VendorNodeSpec, loadOptions: LoadOptions | undefined) {
	return async function (this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const resource = this.getNodeParameter('resource', '') as string;
		const operation = this.getNodeParameter('operation', '') as string;
		const op = spec.operations.find((entry) => entry.resource === resource && entry.operation === operation);
		if (op?.kind !== 'upsert' || !op.schema) return { fields: [] };
		const fields = mapperFields(op.schema);
		for (const field of fields) {
			const schemaField = op.schema.fields.find((f) => f.path === field.id);
			const load = schemaField?.loadOptions ? loadOptions?.[schemaField.loadOptions] : undefined;
			// a list (payment types) stays a value box: the mapper's dropdown takes one value
			if (!load || schemaField?.type === 'list') continue;
			try {
				const options = await load.call(this);
				Object.assign(field, { type: 'options', options });
			} catch {
				// no credential yet, or the vendor unreachable: the field takes an ID
			}
		}
		return { fields };
	};
}

type LoadOptions = NonNullable<NonNullable<INodeType['methods']>['loadOptions']>;

/**
 * Version 2's editor copy follows n8n's UX guidelines where version 1's (frozen) did not: an
 * example in a placeholder starts with "e.g." ("e.g. name@email.com"). Version 1 keeps its own.
 */
export function editorCopy(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => {
		const copy: INodeProperties = { ...property };
		if (typeof copy.placeholder === 'string' && copy.placeholder !== '' && !/^(e\.g\.|Add )/.test(copy.placeholder)) {
			copy.placeholder = `e.g. ${copy.placeholder}`;
		}
		if (Array.isArray(copy.options) && copy.options.some((o) => typeof o === 'object' && o !== null && 'displayName' in o)) {
			copy.options = (copy.options as Array<INodeProperties | { displayName: string; name: string; values: INodeProperties[] }>).map(
				(option) => ('values' in option ? { ...option, values: editorCopy(option.values) } : editorCopy([option as INodeProperties])[0]),
			) as INodeProperties['options'];
		}
		return copy;
	});
}
