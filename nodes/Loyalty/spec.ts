import type { VendorNodeSpec } from '../shared/types';
import { buildCustomerUpsert } from './builders';
import { parseLoyaltyReply } from './parser';

export const loyaltySpec: VendorNodeSpec = {
	vendor: 'clienttoolbox',
	vendorName: 'Client Toolbox',
	credentialType: 'loyaltyApi',
	secretCredentialFields: ['user_password'],
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
			parse: parseLoyaltyReply,
		},
	],
};
