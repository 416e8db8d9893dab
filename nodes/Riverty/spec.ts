import type { VendorNodeSpec } from '../shared/types';
import { customerGet } from './actions/customer/get.operation';
import { customerSearch } from './actions/customer/search.operation';
import { customerUpsert } from './actions/customer/upsert.operation';
import { RIVERTY_LOGIN, RIVERTY_SECRET_PATTERNS } from './auth';

export const rivertySpec: VendorNodeSpec = {
	vendor: 'riverty',
	vendorName: 'Riverty',
	credentialType: 'rivertyApi',
	secretCredentialFields: ['oauthClientSecret', 'accessToken', 'accessTokenFor'],
	// JWTs and "Bearer <token>" a reply may repeat, even tokens this run never saw
	secretPatterns: RIVERTY_SECRET_PATTERNS,
	// one access token per run (and per expiry), shared by all items; an expired one gets 401
	login: RIVERTY_LOGIN,
	resources: [{ name: 'Customer', value: 'customer' }],
	// the router table: one line per operation module
	operations: [customerUpsert, customerGet, customerSearch],
};
