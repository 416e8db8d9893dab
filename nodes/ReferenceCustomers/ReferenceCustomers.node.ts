import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { sharedOptions } from '../shared/options';
import { usableAsToolNamed } from '../shared/tool';
import { vendorNodeVersions } from '../shared/versions';
import { loadOptions } from './loadOptions';
import { valomniaSpec } from './spec';

/** Version 1, as saved workflows know it: unchanged (test/v1-frozen.test.js). */
const v1: INodeTypeDescription = {
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

/** Versions 1 and 2 (the default): see ../shared/versions.ts. */
export class ReferenceCustomers extends VersionedNodeType {
	constructor() {
		const { nodeVersions, baseDescription } = vendorNodeVersions({ v1, spec: valomniaSpec, options: sharedOptions, methods: { loadOptions } });
		super(nodeVersions, baseDescription);
	}
}
