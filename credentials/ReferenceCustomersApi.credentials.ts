import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import {
	VALOMNIA_AJAX_HEADER,
	VALOMNIA_CREDENTIAL_TEST_PATH,
	VALOMNIA_DEFAULT_API_VERSION,
} from '../nodes/ReferenceCustomers/assumptions';
import { VALOMNIA_LOGIN, valomniaLogin } from '../nodes/ReferenceCustomers/session';
import { runLogin } from '../nodes/shared/session';

/**
 * Valomnia (Reference Customers): cookie session of a Valomnia user. n8n calls
 * preAuthentication when the hidden session field is empty and stores the session in the
 * credential. The node asks for it: once at the start if there is none, and once per expiry,
 * shared by all items in flight (shared/session.ts).
 */
export class ReferenceCustomersApi implements ICredentialType {
	name = 'referenceCustomersApi';

	displayName = 'Valomnia (Reference Customers) API';

	icon = { light: 'file:valomnia.svg', dark: 'file:valomnia.dark.svg' } as const;

	// this package's README section on the credential (it links the vendor's own documentation)
	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#credential-valomnia-reference-customers-api';

	properties: INodeProperties[] = [
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the session id logs anyone in as the credential's user: a secret
		{
			displayName: 'Session ID',
			name: 'sessionId',
			type: 'hidden',
			// password: n8n sends a placeholder instead of the session when the editor loads the credential
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- derived from the session id (an HMAC keyed by it): kept out of the editor like the session
		{
			// which user and address the stored session was obtained with (an HMAC keyed by the
			// session): a session of the user before a change is not used (nodes/shared/session.ts)
			displayName: 'Session Binding',
			name: 'sessionIdFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://yourcompany.valomnia.com',
			description: 'The address you open Valomnia at (your organisation\'s own host), without /api',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'string',
			default: VALOMNIA_DEFAULT_API_VERSION,
			placeholder: VALOMNIA_DEFAULT_API_VERSION,
			description: 'The VERSION part of https://BASE_URL/api/VERSION/… in Valomnia\'s API reference',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			description: 'E-mail of the Valomnia user the node logs in as (j_username)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Password of that Valomnia user (j_password)',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await runLogin(credentials, VALOMNIA_LOGIN, async () => await valomniaLogin(this, credentials));
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Cookie: '=JSESSIONID={{$credentials.sessionId}}',
				[VALOMNIA_AJAX_HEADER.name]: VALOMNIA_AJAX_HEADER.value,
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// a redirect would carry the credential to wherever it points
			disableFollowRedirect: true,
			baseURL:
				'={{(/^https?:\\/\\//i.test($credentials.baseUrl.trim()) ? "" : "https://") + $credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/api(\\/v?[0-9.]+)?$/i, "")}}',
			url: VALOMNIA_CREDENTIAL_TEST_PATH,
			method: 'GET',
			qs: { max: 1 },
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Valomnia did not accept the session of this user' } },
			{ type: 'responseCode', properties: { value: 403, message: 'This Valomnia user may not read customer categories' } },
			{ type: 'responseCode', properties: { value: 404, message: 'No Valomnia API at this Base URL and API Version' } },
		],
	};
}
