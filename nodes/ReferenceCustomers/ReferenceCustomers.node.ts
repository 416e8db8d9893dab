import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { sharedOptions } from '../shared/options';
import { executeVendorNode } from '../shared/router';
import { usableAsToolNamed } from '../shared/tool';
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
		description: 'Create, update and read Valomnia customers by their reference',
		defaults: { name: 'Valomnia (Reference Customers)' },
		usableAsTool: usableAsToolNamed('Valomnia'),
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'referenceCustomersApi', required: true }],
		// Resource, Operation and each operation's fields, from the router table (spec.ts)
		properties: [...vendorProperties(valomniaSpec), sharedOptions],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// item loop, retries, concurrency, continue-on-fail and pairedItem: see ../shared/router.ts
		return await executeVendorNode.call(this, valomniaSpec);
	}
}
