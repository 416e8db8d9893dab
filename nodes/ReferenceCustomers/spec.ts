import type { VendorNodeSpec } from '../shared/types';
import { valomniaSessionRefused } from './assumptions';
import { buildCustomerUpsert } from './builders';
import { parseValomniaReply } from './parser';

/** The session: its credential field and what a refused session looks like (node runs and dropdowns). */
export const valomniaLogin = { field: 'sessionId', isRefused: valomniaSessionRefused };

export const valomniaSpec: VendorNodeSpec = {
	vendorName: 'Valomnia',
	credentialType: 'referenceCustomersApi',
	secretCredentialFields: ['password', 'sessionId'],
	// one session per run (and per expiry), shared by all items
	login: valomniaLogin,
	operations: {
		'customer:upsert': {
			vendor: 'valomnia',
			resource: 'customer',
			operation: 'upsert',
			build: buildCustomerUpsert,
			parse: parseValomniaReply,
		},
	},
};
