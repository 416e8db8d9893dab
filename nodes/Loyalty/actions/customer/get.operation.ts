import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelsOf } from '../../../shared/describe';
import { FieldError } from '../../../shared/errors';
import { getOperation } from '../../../shared/operations';
import type { GetOperation, ItemInput, ParsedGet, VendorReply, VendorRequest } from '../../../shared/types';
import { describe, isObject } from '../../../shared/validate';
import { LOYALTY_AMBIGUOUS_ERROR, LOYALTY_INCLUDE_BALANCES_VALUE, LOYALTY_NOT_FOUND_ERRORS } from '../../assumptions';
import { readReplyFormat } from '../../options';
import { errorText, fail, loyaltyFailure, readLoyaltyReply, replyStatus, scalar, withoutSecrets } from '../../reply';
import type { Form } from '../../request';
import { asFormText, checkFormText, formRequest } from '../../request';
import { v1Field, wireName } from '../../../shared/v1';
import { INCLUDE_BALANCES, cardNumber, code, includeBalances } from './fields';

/**
 * Customer → Get: Client Toolbox's "Customer Info", POST form fields `type=customer_info` and
 * `code` or `card_number` (customer_info.html). Not found is an error reply on HTTP 200;
 * assumptions.ts says which error texts mean "no such customer".
 */

/** The keys customer_info reads a customer by. */
const KEYS = [code, cardNumber];

const properties: INodeProperties[] = [
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is set: the Customer Code (code)
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: cardNumber.label, value: cardNumber.path, description: "The customer's card number (card_number)" },
			{ name: code.label, value: code.path, description: "Client Toolbox's ID of the customer (code)" },
		],
		default: code.path,
		description: 'Which key identifies the customer: its code or its card number',
	},
	v1Field(code, {
		required: true,
		displayOptions: { show: { findBy: [code.path] } },
		description:
			"Client Toolbox's ID of the customer (code), which identifies the record: Create or Update returns it as ID",
	}),
	v1Field(cardNumber, {
		required: true,
		displayOptions: { show: { findBy: [cardNumber.path] } },
		description:
			'The card number that identifies the customer (card_number). A card number that several customers share fails the item: use the Customer Code, or Search.',
	}),
	includeBalances("Whether to ask for the customer's balances too (include_balances)"),
];

const LABELS = labelsOf(properties);

/** The customer, "no such customer" (found: false), or the failure (assumptions.ts). */
export function parseGetReply(reply: VendorReply): ParsedGet {
	const read = readLoyaltyReply(reply);
	if (!read.ok) return read;
	const json = withoutSecrets(read.json);
	if (replyStatus(json) === 'error') {
		const text = errorText(json.error);
		if (LOYALTY_AMBIGUOUS_ERROR.test(text)) {
			return fail(text, json, 'Several customers have this card number: find the customer by its Customer Code, or use Search.');
		}
		if (LOYALTY_NOT_FOUND_ERRORS.some((pattern) => pattern.test(text))) return { ok: true, found: false, raw: json };
	}
	const failure = loyaltyFailure(json, reply.statusCode);
	if (failure) return failure;
	if (!isObject(json.customer)) return fail('unusable reply: status "success" without a customer', json);
	const record = json.customer;
	return { ok: true, found: true, id: scalar(record.code), record, raw: json };
}

export const customerGet: GetOperation = getOperation({
	resource: 'customer',
	actionDetail: 'by Customer Code or Card Number',
	keyDetail: 'by code or card',
	description:
		'Read one Client Toolbox customer by its Customer Code or its Card Number (customer_info). Returns found: false when there is none.',
	properties,
	build(this: IExecuteFunctions, { itemIndex, credentials, run }: ItemInput): VendorRequest {
		const reply = readReplyFormat(run.options);
		const findBy = this.getNodeParameter('findBy', itemIndex, code.path);
		const key = KEYS.find((field) => field.path === findBy);
		if (!key) {
			const allowed = KEYS.map((field) => `"${field.path}"`).join(' or ');
			throw new FieldError('findBy', `must be ${allowed}, got ${describe(findBy)}`, LABELS.findBy);
		}
		const value = asFormText(key.path, this.getNodeParameter(wireName(key), itemIndex, ''), key.label, false)?.trim();
		if (!value) throw new FieldError(key.path, 'is required', key.label);
		const form: Form = { [key.path]: value };
		if (this.getNodeParameter(INCLUDE_BALANCES, itemIndex, false) === true) {
			form[INCLUDE_BALANCES] = LOYALTY_INCLUDE_BALANCES_VALUE;
		}
		checkFormText(form, LABELS);
		return formRequest({ type: 'customer_info' }, form, reply, credentials, { key: value, idempotent: true });
	},
	parse: parseGetReply,
});
