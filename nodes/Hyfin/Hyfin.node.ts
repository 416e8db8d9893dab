import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { sharedOptions } from '../shared/options';
import { executeVendorNode } from '../shared/router';
import { hyfinSpec } from './spec';

export class Hyfin implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hyfin',
		name: 'hyfin',
		icon: { light: 'file:hyfin.svg', dark: 'file:hyfin.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update and read Hyfin customers and contacts',
		defaults: { name: 'Hyfin' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hyfinApi', required: true }],
		// Resource, Operation and each operation's fields, from the router table (spec.ts)
		properties: [...vendorProperties(hyfinSpec), sharedOptions],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see ../shared/router.ts
		return await executeVendorNode.call(this, hyfinSpec);
	}
}
