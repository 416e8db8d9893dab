import type { VendorNodeSpec } from '../shared/types';
import { valomniaSessionRefused } from './assumptions';
import { buildCustomerUpsert } from './builders';
import { parseValomniaReply } from './parser';

/** The session: its credential field and what a refused session looks like (node runs and dropdowns). */
export const valomniaLogin = { field: 'sessionId', isRefused: valomniaSessionRefused };

export const valomniaSpec: VendorNodeSpec = {
	vendor: 'valomnia',
	vendorName: 'Valomnia',
	credentialType: 'referenceCustomersApi',
	secretCredentialFields: ['password', 'sessionId'],
	// one session per run (and per expiry), shared by all items
	login: valomniaLogin,
	resources: [{ name: 'Customer', value: 'customer' }],
	operations: [
		{
			kind: 'upsert',
			resource: 'customer',
			operation: 'upsert',
			option: { name: 'Create or Update', value: 'upsert', action: 'Create or update a customer', description: 'Create a new record, or update the current one if it already exists (upsert)' },
			properties: [],
			build(input) {
				return buildCustomerUpsert.call(this, input.itemIndex, input.credentials, input.run);
			},
			parse: parseValomniaReply,
		},
	],
};
