import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ParsedReply, VendorNodeSpec, VendorReply, VendorRequest } from '../shared/types';
import { existsFromHeadStatus } from './assumptions';
import type { RivertyRequest } from './builders';
import { buildCustomerUpsert } from './builders';
import { parseRivertyReply, statusHint } from './parser';

/**
 * "Report Added or Updated": the PUT cannot tell created from updated, so the documented HEAD
 * (`check_customer`) on the same URL runs first. Only when the option is on: it costs a request.
 */
async function checkCustomerExists(
	this: IExecuteFunctions,
	request: VendorRequest,
	send: (request: VendorRequest) => Promise<VendorReply>,
): Promise<IDataObject | undefined> {
	if (!(request as RivertyRequest).reportAction) return undefined;
	const head = await send({ method: 'HEAD', url: request.url, headers: { Accept: 'application/json' }, key: request.key });
	const exists = existsFromHeadStatus(head.statusCode);
	if (exists === undefined) {
		const message = `Riverty refused the existence check (HEAD before the upsert, HTTP ${head.statusCode}); the customer was not sent`;
		throw new NodeApiError(this.getNode(), { message } as JsonObject, {
			message,
			description: statusHint(head.statusCode) ?? 'Turn off "Report Added or Updated" to send the upsert without this check.',
			httpCode: String(head.statusCode),
		});
	}
	return { exists };
}

function actionFromCheck(parsed: ParsedReply & { ok: true }, learned: IDataObject | undefined): ParsedReply {
	if (learned?.exists === true) return { ...parsed, action: 'updated' };
	if (learned?.exists === false) return { ...parsed, action: 'added' };
	return parsed;
}

export const rivertySpec: VendorNodeSpec = {
	vendor: 'riverty',
	vendorName: 'Riverty',
	credentialType: 'rivertyApi',
	secretCredentialFields: ['oauthClientSecret', 'accessToken'],
	// one access token per run (and per expiry), shared by all items; an expired one gets 401
	login: { field: 'accessToken' },
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
			parse: parseRivertyReply,
			before: checkCustomerExists,
			after: actionFromCheck,
		},
	],
};
