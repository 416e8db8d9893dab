import type { VendorNodeSpec } from '../shared/types';
import { customerGet } from './actions/customer/get.operation';
import { customerGetAll } from './actions/customer/getAll.operation';
import { customerUpsert } from './actions/customer/upsert.operation';
import { valomniaSessionRefused } from './assumptions';
import { VALOMNIA_SECRET_PATTERNS } from './helpers';
import { VALOMNIA_LOGIN } from './session';

/** The session: its credential field and what a refused session looks like (node runs and dropdowns). */
export const valomniaLogin = { ...VALOMNIA_LOGIN, isRefused: valomniaSessionRefused };

export const valomniaSpec: VendorNodeSpec = {
	vendor: 'valomnia',
	vendorName: 'Valomnia',
	credentialType: 'referenceCustomersApi',
	secretCredentialFields: ['password', 'sessionId', 'sessionIdFor'],
	// a session id a server repeats (JSESSIONID=…) is masked even when the run never saw it
	secretPatterns: VALOMNIA_SECRET_PATTERNS,
	// one session per run (and per expiry), shared by all items
	login: valomniaLogin,
	resources: [{ name: 'Customer', value: 'customer' }],
	// the router table: one line per operation module
	operations: [customerUpsert, customerGet, customerGetAll],
};
