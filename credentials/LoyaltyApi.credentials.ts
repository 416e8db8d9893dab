import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	LOYALTY_CONTENT_TYPE,
	LOYALTY_CREDENTIAL_TEST_BODY,
	LOYALTY_DEFAULT_ENDPOINT,
} from '../nodes/Loyalty/assumptions';
import { LOYALTY_SIGN_IN_FIELDS, applyLoyaltyAuth } from '../nodes/Loyalty/auth';
import { refuseUserinfo } from '../nodes/shared/validate';

export class LoyaltyApi implements ICredentialType {
	name = 'loyaltyApi';

	displayName = 'Client Toolbox Loyalty API';

	icon = { light: 'file:loyalty.svg', dark: 'file:loyalty.dark.svg' } as const;

	// this package's README section on the credential (it links the vendor's own documentation)
	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#credential-client-toolbox-loyalty-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint URL',
			name: 'endpoint',
			type: 'string',
			default: LOYALTY_DEFAULT_ENDPOINT,
			required: true,
			description:
				'The Client Toolbox API address. With a vanity or domain-mapped host, use that host followed by /api.php (for example https://rewards.example.com/api.php).',
		},
		{
			displayName: 'User ID',
			name: 'user_id',
			type: 'string',
			default: '',
			required: true,
			description: 'Login of a user of the account (Client Toolbox suggests a dedicated API user)',
		},
		{
			displayName: 'API Key',
			name: 'user_password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "That user's API key, sent as user_password (or in the api_access_key header)",
		},
		{
			displayName: 'Account ID',
			name: 'account_id',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'greatwidgets',
			description: 'The business account the calls act on',
		},
		{
			displayName: 'Send API Key In',
			name: 'keyPlacement',
			type: 'options',
			options: [
				{ name: 'Form Body (User_password)', value: 'body' },
				{ name: 'Header (Api_access_key)', value: 'header' },
				{ name: 'Header and Form Body', value: 'both' },
			],
			default: 'body',
			description:
				'Newer Client Toolbox deployments accept the key in the api_access_key header, which keeps it out of the form body; when both are sent, the header wins',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// also on n8n's credential Test: a user:password@ in the Endpoint URL is refused, never sent as Basic auth
		refuseUserinfo(`${requestOptions.baseURL ?? ''}${requestOptions.url}`, 'endpoint', 'Endpoint URL', 'Client Toolbox', LOYALTY_SIGN_IN_FIELDS);
		return applyLoyaltyAuth(credentials, requestOptions);
	}

	// Client Toolbox answers refused credentials with HTTP 200 and status "error" in the body, so
	// the rule below reads the body (see LOYALTY_CREDENTIAL_TEST_BODY in assumptions.ts).
	test: ICredentialTestRequest = {
		request: {
			// a redirect would carry the credential to wherever it points
			disableFollowRedirect: true,
			url: '={{$credentials.endpoint.trim()}}',
			method: 'POST',
			headers: { 'Content-Type': LOYALTY_CONTENT_TYPE, Accept: 'application/json' },
			body: LOYALTY_CREDENTIAL_TEST_BODY,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'error',
					message: 'Client Toolbox refused these credentials: check the User ID, API Key and Account ID',
				},
			},
		],
	};
}
