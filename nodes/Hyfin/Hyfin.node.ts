import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { sharedOptions } from '../shared/options';
import { executeUpsert } from '../shared/router';
import { contactFields, contactOperations } from './descriptions/ContactDescription';
import { customerFields, customerOperations } from './descriptions/CustomerDescription';
import { hyfinSpec } from './spec';

export class Hyfin implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hyfin',
		name: 'hyfin',
		icon: { light: 'file:hyfin.svg', dark: 'file:hyfin.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create or update Hyfin customers and contacts',
		defaults: { name: 'Hyfin' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hyfinApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Customer', value: 'customer' },
				],
				default: 'customer',
			},
			customerOperations,
			contactOperations,
			...customerFields,
			...contactFields,
			sharedOptions,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see ../shared/router.ts
		return await executeUpsert.call(this, hyfinSpec);
	}
}
