import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';

import { vendorProperties } from '../shared/describe';
import { sharedOptions } from '../shared/options';
import { vendorNodeVersions } from '../shared/versions';
import { hyfinSpec } from './spec';

/** Version 1, as saved workflows know it: unchanged (test/v1-frozen.test.js). */
const v1: INodeTypeDescription = {
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

/** Versions 1 and 2 (the default): see ../shared/versions.ts. */
export class Hyfin extends VersionedNodeType {
	constructor() {
		const { nodeVersions, baseDescription } = vendorNodeVersions({ v1, spec: hyfinSpec, options: sharedOptions });
		super(nodeVersions, baseDescription);
	}
}
