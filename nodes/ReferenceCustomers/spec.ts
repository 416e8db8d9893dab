import type { VendorNodeSpec } from '../shared/types';
import { buildCustomerUpsert } from './builders';
import { parseValomniaReply } from './parser';

export const valomniaSpec: VendorNodeSpec = {
	vendorName: 'Valomnia',
	credentialType: 'referenceCustomersApi',
	secretCredentialFields: ['password', 'sessionId'],
	// one session cookie per run: the first item logs in alone, the others reuse it
	loginFirst: true,
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
