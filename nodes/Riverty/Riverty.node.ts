import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { sharedOptions } from '../shared/options';
import { usableAsToolNamed } from '../shared/tool';
import { vendorNodeVersions } from '../shared/versions';
import { rivertySpec } from './spec';

/** Version 1, as saved workflows know it: unchanged (test/v1-frozen.test.js). */
const v1: INodeTypeDescription = {
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

/** Versions 1 and 2 (the default): see ../shared/versions.ts. */
export class Riverty extends VersionedNodeType {
	constructor() {
		const { nodeVersions, baseDescription } = vendorNodeVersions({ v1, spec: rivertySpec, options: sharedOptions });
		super(nodeVersions, baseDescription);
	}
}
