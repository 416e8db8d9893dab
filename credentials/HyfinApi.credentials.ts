import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	HYFIN_CREDENTIAL_TEST_PATH,
	HYFIN_DEFAULT_TOKEN_HEADER,
	HYFIN_DEFAULT_TOKEN_PREFIX,
} from '../nodes/Hyfin/assumptions';
import { HYFIN_SIGN_IN_FIELDS } from '../nodes/Hyfin/helpers';
import { refuseUserinfo } from '../nodes/shared/validate';

export class HyfinApi implements ICredentialType {
	name = 'hyfinApi';

	displayName = 'Hyfin API';

	icon = { light: 'file:hyfin.svg', dark: 'file:hyfin.dark.svg' } as const;

	// this package's README section on the credential (it links the vendor's own documentation)
	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#credential-hyfin-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example-brand.com',
			description: 'The API address Hyfin (or your Hyfin reseller) gave you, without a trailing /api',
		},
		{
			displayName: 'Site ID',
			name: 'siteId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID Hyfin returned when your site was created',
		},
		{
			displayName: 'API Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Token Header Name',
			name: 'headerName',
			type: 'string',
			default: HYFIN_DEFAULT_TOKEN_HEADER,
			description:
				'HTTP header that carries the token. Hyfin does not document it publicly; change it if Hyfin tells you another (for example x-access-token).',
		},
		{
			displayName: 'Token Prefix',
			name: 'headerPrefix',
			type: 'string',
			default: HYFIN_DEFAULT_TOKEN_PREFIX,
			description: 'Written before the token in that header ("Bearer"). Leave empty to send the token alone.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// also on n8n's credential Test: a user:password@ in the Base URL is refused, never sent as Basic auth
		refuseUserinfo(`${requestOptions.baseURL ?? ''}${requestOptions.url}`, 'baseUrl', 'Base URL', 'Hyfin', HYFIN_SIGN_IN_FIELDS);
		const header = String(credentials.headerName || HYFIN_DEFAULT_TOKEN_HEADER).trim();
		const prefix = String(credentials.headerPrefix ?? '').trim();
		const token = String(credentials.accessToken ?? '');
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), [header]: prefix ? `${prefix} ${token}` : token },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			// a redirect would carry the credential to wherever it points
			disableFollowRedirect: true,
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: HYFIN_CREDENTIAL_TEST_PATH,
			method: 'GET',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'The API access token was refused' } },
			{ type: 'responseCode', properties: { value: 403, message: 'The token may not access this site' } },
			{ type: 'responseCode', properties: { value: 404, message: 'No site with this Site ID at this Base URL' } },
		],
	};
}
