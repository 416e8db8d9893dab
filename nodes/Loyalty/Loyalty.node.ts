import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { loyaltyOptions } from './options';
import { usableAsToolNamed } from '../shared/tool';
import { vendorNodeVersions } from '../shared/versions';
import { loyaltySpec } from './spec';

/** Version 1, as saved workflows know it: unchanged (test/v1-frozen.test.js). */
const v1: INodeTypeDescription = {
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

/** Versions 1 and 2 (the default): see ../shared/versions.ts. */
export class Loyalty extends VersionedNodeType {
	constructor() {
		const { nodeVersions, baseDescription } = vendorNodeVersions({ v1, spec: loyaltySpec, options: loyaltyOptions });
		super(nodeVersions, baseDescription);
	}
}
