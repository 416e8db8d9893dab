import type { VendorNodeSpec } from '../shared/types';
import { buildContactUpsert, buildCustomerUpsert } from './builders';
import { parseHyfinReply } from './parser';

export const hyfinSpec: VendorNodeSpec = {
	vendorName: 'Hyfin',
	credentialType: 'hyfinApi',
	secretCredentialFields: ['accessToken'],
	operations: {
		'customer:upsert': {
			vendor: 'hyfin',
			resource: 'customer',
			operation: 'upsert',
			build: buildCustomerUpsert,
			parse: parseHyfinReply,
		},
		'contact:upsert': {
			vendor: 'hyfin',
			resource: 'contact',
			operation: 'upsert',
			build: buildContactUpsert,
			parse: parseHyfinReply,
		},
	},
};
