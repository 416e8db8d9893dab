import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { executeVendorNode } from '../shared/router';
import { usableAsToolNamed } from '../shared/tool';
import { loyaltyOptions } from './options';
import { loyaltySpec } from './spec';

export class Loyalty implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Client Toolbox Loyalty',
		name: 'loyalty',
		icon: { light: 'file:loyalty.svg', dark: 'file:loyalty.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update, read and search customers in the Client Toolbox (Sticky Street) loyalty API',
		defaults: { name: 'Client Toolbox Loyalty' },
		usableAsTool: usableAsToolNamed('Client Toolbox'),
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'loyaltyApi', required: true }],
		// Resource, Operation and each operation's fields, from the router table (spec.ts);
		// the Options add how Client Toolbox formats its reply
		properties: [...vendorProperties(loyaltySpec), loyaltyOptions],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see ../shared/router.ts
		return await executeVendorNode.call(this, loyaltySpec);
	}
}
