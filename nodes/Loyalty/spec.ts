import type { VendorNodeSpec } from '../shared/types';
import { buildCustomerUpsert } from './builders';
import { parseLoyaltyReply } from './parser';

export const loyaltySpec: VendorNodeSpec = {
	vendorName: 'Client Toolbox',
	credentialType: 'loyaltyApi',
	secretCredentialFields: ['user_password'],
	operations: {
		'customer:upsert': {
			vendor: 'clienttoolbox',
			resource: 'customer',
			operation: 'upsert',
			build: buildCustomerUpsert,
			parse: parseLoyaltyReply,
		},
	},
};
