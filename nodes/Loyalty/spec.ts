import type { VendorNodeSpec } from '../shared/types';
import { customerGet } from './actions/customer/get.operation';
import { customerSearch } from './actions/customer/search.operation';
import { customerUpsert } from './actions/customer/upsert.operation';

export const loyaltySpec: VendorNodeSpec = {
	vendor: 'clienttoolbox',
	vendorName: 'Client Toolbox',
	credentialType: 'loyaltyApi',
	secretCredentialFields: ['user_password'],
	resources: [{ name: 'Customer', value: 'customer' }],
	// the router table: one line per operation module
	operations: [customerUpsert, customerGet, customerSearch],
};
