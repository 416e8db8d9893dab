import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { sharedOptions } from '../shared/options';
import { executeVendorNode } from '../shared/router';
import { usableAsToolNamed } from '../shared/tool';
import { rivertySpec } from './spec';

export class Riverty implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Riverty Recurring Payments',
		name: 'riverty',
		icon: { light: 'file:riverty.svg', dark: 'file:riverty.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update, read and search customers in Riverty Recurring Payments (Horizon AFS)',
		defaults: { name: 'Riverty Recurring Payments' },
		usableAsTool: usableAsToolNamed('Riverty'),
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'rivertyApi', required: true }],
		// Resource, Operation and each operation's fields, from the router table (spec.ts)
		properties: [...vendorProperties(rivertySpec), sharedOptions],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see ../shared/router.ts
		return await executeVendorNode.call(this, rivertySpec);
	}
}
