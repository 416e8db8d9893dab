import { getByKey } from '../../../shared/operations';
import { readJson } from '../../../shared/replies';
import type { GetOperation, ParsedGet, VendorReply, VendorRequest } from '../../../shared/types';
import { v1Field } from '../../../shared/v1';
import { isObject } from '../../../shared/validate';
import { rivertyCustomerMissing } from '../../assumptions';
import { checkCustomerNumber, customerNumber, customerNumberOf, customerUrl, readRivertyReply } from '../../helpers';

/**
 * Customer → Get: GET {base}/v1/clients/{clientId}/customers/{customerNumber}, no body
 * (Riverty's "Gets A Customer"). The reply is the customer as the PUT returns it (`_links`, no `ssn`).
 */

export const customerGet: GetOperation = getByKey({
	resource: 'customer',
	actionDetail: 'by Customer Number (your own unique ID for the customer)',
	keyDetail: 'by Customer Number',
	description: 'Read one Riverty customer by your Customer Number. Returns found: false when there is none.',
	key: v1Field(customerNumber, {
		required: true,
		description: 'Your own reference for the customer (customerNumber in the URL): the Customer Number it was created with',
	}),
	check: checkCustomerNumber,
	url: customerUrl,
	parse: parseGetReply,
});

/** The customer, "no such customer" (404, see assumptions.ts), or Riverty's refusal. */
export function parseGetReply(reply: VendorReply, request: VendorRequest): ParsedGet {
	const json = readJson(reply);
	if (rivertyCustomerMissing(reply.statusCode, reply.body, json.ok)) {
		return { ok: true, found: false, raw: json.ok ? json.value : reply.body };
	}
	const read = readRivertyReply(reply);
	if (!read.ok) return read;
	const record = read.value;
	if (!isObject(record)) {
		return {
			ok: false,
			message: `Riverty answered HTTP ${reply.statusCode} with ${record === undefined ? 'an empty body' : 'JSON that is not a customer object'}`,
			raw: record ?? reply.body,
		};
	}
	return { ok: true, found: true, id: customerNumberOf(record, request.key), record, raw: record };
}
