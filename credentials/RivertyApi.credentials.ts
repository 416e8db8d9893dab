import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { RIVERTY_CREDENTIAL_TEST_SEARCH, RIVERTY_PRODUCTION } from '../nodes/Riverty/assumptions';
import { RIVERTY_BASE_URL_EXPRESSION, RIVERTY_LOGIN, requestAccessToken } from '../nodes/Riverty/auth';
import { runLogin } from '../nodes/shared/session';

const custom = { show: { environment: ['custom'] } };

/**
 * Riverty Recurring Payments (Horizon AFS): OAuth2 client credentials with an `audience`.
 * n8n calls preAuthentication when the hidden token field is empty and stores the token in the
 * credential (shared by every execution and worker). The node asks for it: once at the start if
 * there is none, and once per expiry (a 401), shared by all items in flight (shared/session.ts).
 */
export class RivertyApi implements ICredentialType {
	name = 'rivertyApi';

	displayName = 'Riverty Recurring Payments API';

	icon = { light: 'file:riverty.svg', dark: 'file:riverty.dark.svg' } as const;

	// this package's README section on the credential (it links the vendor's own documentation)
	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#credential-riverty-recurring-payments-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			// password: n8n sends a placeholder instead of the token when the editor loads the credential
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// which sign-in values the stored token was obtained with (an HMAC keyed by the token): a
			// token obtained before the credential was changed is not used (nodes/shared/session.ts)
			displayName: 'Access Token Binding',
			name: 'accessTokenFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'api.horizonafs.io' },
				{ name: 'Test', value: 'test', description: 'api-test.horizonafs.io' },
				{ name: 'Custom', value: 'custom', description: 'Your own base URL, token URL and audience' },
			],
			default: 'production',
		},
		{
			displayName: 'Customer API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: RIVERTY_PRODUCTION.baseUrl,
			required: true,
			displayOptions: custom,
			description: 'The customer service address, up to and including /customer (paths /v1/clients/… follow it)',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: RIVERTY_PRODUCTION.tokenUrl,
			required: true,
			displayOptions: custom,
			description: 'The OAuth2 token endpoint of the identity service',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: RIVERTY_PRODUCTION.audience,
			required: true,
			displayOptions: custom,
			description: 'Sent as "audience" with every token request',
		},
		{
			displayName: 'OAuth Client ID',
			name: 'oauthClientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The Client ID Riverty issued during merchant onboarding (for the token request)',
		},
		{
			displayName: 'OAuth Client Secret',
			name: 'oauthClientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Client Secret issued with that Client ID',
		},
		{
			displayName: 'Riverty Client ID',
			name: 'clientId',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 0,
			required: true,
			description:
				'Your merchant (client) number at Riverty, the {clientId} in /v1/clients/{clientId}/…. It is not the OAuth Client ID.',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await runLogin(credentials, RIVERTY_LOGIN, async () => await requestAccessToken.call(this, credentials));
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// a redirect would carry the credential to wherever it points
			disableFollowRedirect: true,
			baseURL: RIVERTY_BASE_URL_EXPRESSION,
			url: '=/v1/clients/{{$credentials.clientId}}/customers/search',
			method: 'POST',
			qs: { ...RIVERTY_CREDENTIAL_TEST_SEARCH.qs },
			body: { ...RIVERTY_CREDENTIAL_TEST_SEARCH.body },
			json: true,
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Riverty refused the access token' } },
			{
				type: 'responseCode',
				properties: { value: 403, message: 'This OAuth client may not use this Riverty Client ID' },
			},
			{
				type: 'responseCode',
				properties: { value: 404, message: 'No Riverty customer API for this Riverty Client ID at this base URL' },
			},
		],
	};
}
