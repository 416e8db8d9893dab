import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { executeVendorNode } from '../shared/router';
import { customerFields, customerOperations, loyaltyOptions } from './descriptions/CustomerDescription';
import { loyaltySpec } from './spec';

export class Loyalty implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Client Toolbox Loyalty',
		name: 'loyalty',
		icon: { light: 'file:loyalty.svg', dark: 'file:loyalty.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create or update customers in the Client Toolbox (Sticky Street) loyalty API',
		defaults: { name: 'Client Toolbox Loyalty' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'loyaltyApi', required: true }],
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
			loyaltyOptions,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see ../shared/router.ts
		return await executeVendorNode.call(this, loyaltySpec);
	}
}
