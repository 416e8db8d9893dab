import type { VendorNodeSpec } from '../shared/types';
import { contactGet } from './actions/contact/get.operation';
import { contactUpsert } from './actions/contact/upsert.operation';
import { customerGet } from './actions/customer/get.operation';
import { customerUpsert } from './actions/customer/upsert.operation';

export const hyfinSpec: VendorNodeSpec = {
	vendor: 'hyfin',
	vendorName: 'Hyfin',
	credentialType: 'hyfinApi',
	secretCredentialFields: ['accessToken'],
	resources: [
		{ name: 'Contact', value: 'contact' },
		{ name: 'Customer', value: 'customer' },
	],
	defaultResource: 'customer',
	// the router table: one line per operation module
	operations: [customerUpsert, customerGet, contactUpsert, contactGet],
};
