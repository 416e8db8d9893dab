import type { VendorNodeSpec } from '../shared/types';
import { valomniaSessionRefused } from './assumptions';
import { buildCustomerUpsert } from './builders';
import { parseValomniaReply } from './parser';

export const valomniaSpec: VendorNodeSpec = {
	vendorName: 'Valomnia',
	credentialType: 'referenceCustomersApi',
	secretCredentialFields: ['password', 'sessionId'],
	// one session per run (and per expiry), shared by all items
	login: { field: 'sessionId', isRefused: valomniaSessionRefused },
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
