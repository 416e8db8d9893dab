import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { sharedOptions } from '../shared/options';
import { executeVendorNode } from '../shared/router';
import { customerFields, customerOperations } from './descriptions/CustomerDescription';
import { loadOptions } from './loadOptions';
import { valomniaSpec } from './spec';

export class ReferenceCustomers implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Valomnia (Reference Customers)',
		name: 'referenceCustomers',
		icon: { light: 'file:valomnia.svg', dark: 'file:valomnia.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create or update Valomnia customers by their reference',
		defaults: { name: 'Valomnia (Reference Customers)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'referenceCustomersApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Customer', value: 'customer' }],
				default: 'customer',
			},
			customerOperations,
			...customerFields,
			sharedOptions,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see ../shared/router.ts
		return await executeVendorNode.call(this, valomniaSpec);
	}
}
