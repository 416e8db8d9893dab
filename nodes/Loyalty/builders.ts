import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { parseJsonBody } from '../shared/jsonBody';
import type { RunParameters, VendorRequest } from '../shared/types';
import { BROKEN_UNICODE, describe, hasUnpairedSurrogate, isPresent } from '../shared/validate';
import {
	LOYALTY_CONTENT_TYPE,
	LOYALTY_MAX_GENERATED_DIGITS,
	LOYALTY_NEW_CODE_VALUE,
	LOYALTY_SEND_NO_EMAIL_VALUE,
} from './assumptions';

/**
 * From node parameters to Client Toolbox's "Update Customer Information" call (seed 004):
 * POST form fields `type=record_customer`, `customer_action=edit` and the customer's fields.
 * user_id, the key and account_id are added by the credential (auth.ts). Field names are the
 * vendor's own; their order follows the doc's PHP example.
 */

/** The optional fields of the edit call, in the order of the doc's example. */
export const EDIT_FIELDS = [
	'code',
	'new_code',
	'card_number',
	'card_number_generate',
	'first_name',
	'last_name',
	'phone',
	'email',
	'custom_date',
	'street1',
	'street2',
	'city',
	'state',
	'postal_code',
	'country',
	'custom_field',
	'customer_username',
	'customer_password',
	'customer_PIN',
] as const;
/** Sent after the numbered custom fields. */
const TRAILING_FIELDS = ['send_no_email', 'auto_add'] as const;
/** Values the node must never echo (seed 004: customer-facing credentials). */
export const SECRET_FIELDS = ['customer_password', 'customer_PIN'] as const;
/** Set by the node, its options or the credential: refused in the JSON body. */
const SET_ELSEWHERE: Record<string, string> = {
	user_id: 'the credential',
	user_password: 'the credential',
	account_id: 'the credential',
	api_access_key: 'the credential',
	type: 'the node (record_customer)',
	customer_action: 'the node (edit)',
	output: 'the Reply Format option',
	callback: 'the Callback (JSONP) option',
	condensed: 'the Condensed option',
};
const CUSTOM_FIELD = /^custom_field_(\d+)$/;

export const LABELS: Record<string, string> = {
	code: 'Customer Code',
	new_code: 'New Code',
	card_number: 'Card Number',
	card_number_generate: 'Generate Card Number (Digits)',
	first_name: 'First Name',
	last_name: 'Last Name',
	phone: 'Phone',
	email: 'Email',
	custom_date: 'Custom Date',
	street1: 'Street 1',
	street2: 'Street 2',
	city: 'City',
	state: 'State',
	postal_code: 'Postal Code',
	country: 'Country',
	custom_field: 'Custom Field',
	customer_username: 'Customer Username',
	customer_password: 'Customer Password',
	customer_PIN: 'Customer PIN',
	send_no_email: 'Send No Email',
	auto_add: 'Auto Add',
	jsonBody: 'JSON Body',
};

type Form = Record<string, string>;

export interface ReplyFormat {
	format: 'xml' | 'json';
	callback: string;
	condensed: boolean;
}

// ---------- fields mode ----------

export function formFromFields(params: {
	code: unknown;
	card_number: unknown;
	additionalFields: IDataObject;
	customFields: IDataObject;
}): IDataObject {
	const extra: IDataObject = { ...(params.additionalFields ?? {}), code: params.code as string, card_number: params.card_number as string };
	const body: IDataObject = {};
	for (const field of EDIT_FIELDS) {
		if (field === 'new_code') {
			if (extra.new_code === true) body.new_code = LOYALTY_NEW_CODE_VALUE;
		} else if (isPresent(extra[field])) {
			body[field] = extra[field];
		}
	}
	const entries = ((params.customFields ?? {}).field ?? []) as IDataObject[];
	entries.forEach((entry, index) => {
		const where = `custom_field_##[${index}]`;
		const number = Number(entry.number);
		if (!Number.isInteger(number) || number < 2) {
			throw new FieldError(
				where,
				`needs a field number of 2 or more (custom_field_1 is the built-in Custom Field), got ${describe(entry.number)}`,
				'Custom Fields',
			);
		}
		const name = `custom_field_${number}`;
		if (name in body) throw new FieldError(name, 'is given twice', 'Custom Fields');
		body[name] = entry.value ?? '';
	});
	if (extra.send_no_email === true) body.send_no_email = LOYALTY_SEND_NO_EMAIL_VALUE;
	if (isPresent(extra.auto_add)) body.auto_add = extra.auto_add;
	return body;
}

// ---------- the documented rules, for both modes ----------

/** Checks the customer fields (either mode) and turns them into the wire form, in doc order. */
export function validateEditForm(body: IDataObject): Form {
	const known = new Set<string>([...EDIT_FIELDS, ...TRAILING_FIELDS]);
	const form: Form = {};
	for (const [name, value] of Object.entries(body)) {
		if (name in SET_ELSEWHERE) {
			throw new FieldError(name, `is set by ${SET_ELSEWHERE[name]}; remove it from the JSON body`, LABELS.jsonBody);
		}
		const custom = CUSTOM_FIELD.exec(name);
		if (custom && Number(custom[1]) < 2) {
			throw new FieldError(name, 'is the built-in field; send it as custom_field', LABELS.custom_field);
		}
		if (!custom && !known.has(name)) {
			throw new FieldError(
				name,
				`is not a field of Client Toolbox's record_customer (edit) call; allowed: ${[...EDIT_FIELDS, 'custom_field_##', ...TRAILING_FIELDS].join(', ')}`,
			);
		}
		const text = asFormValue(name, value);
		if (text !== undefined) form[name] = text;
	}
	// the documented rule: "All optional fields are optional individually, but at least ONE must be passed along."
	if (Object.keys(form).length === 0) {
		throw new FieldError(
			'customer fields',
			'are all empty: Client Toolbox needs at least one of them (code, card_number, first_name, email, …)',
			undefined,
			'Fill in at least one customer field, for example the Customer Code or the Email; nothing was sent for this item.',
		);
	}
	if ('custom_date' in form) checkDate(form.custom_date);
	if ('card_number_generate' in form) {
		const digits = Number(form.card_number_generate);
		if (!/^\d+$/.test(form.card_number_generate) || digits < 1 || digits > LOYALTY_MAX_GENERATED_DIGITS) {
			throw new FieldError(
				'card_number_generate',
				`must be a number of digits from 1 to ${LOYALTY_MAX_GENERATED_DIGITS}, got ${describe(form.card_number_generate)}`,
				LABELS.card_number_generate,
			);
		}
		if ('card_number' in form) {
			throw new FieldError(
				'card_number_generate',
				'cannot be used together with card_number: give a card number, or let Client Toolbox generate one',
				LABELS.card_number_generate,
			);
		}
	}
	for (const [name, value] of Object.entries(form)) {
		// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
		if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value)) {
			throw new FieldError(name, 'contains control characters', LABELS[name]);
		}
		// a form body would carry U+FFFD instead: not what was given
		if (hasUnpairedSurrogate(value)) throw new FieldError(name, BROKEN_UNICODE, LABELS[name]);
	}
	return orderForm(form);
}

/** custom_date: "must be in YYYY-MM-DD format" (seed 004), and a date that exists. */
function checkDate(value: string): void {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	const hint =
		'Client Toolbox only accepts YYYY-MM-DD (such as 1970-07-14). From a date in n8n use {{ $json.date.toDateTime().toFormat("yyyy-MM-dd") }}. Nothing was sent for this item.';
	if (!match) {
		throw new FieldError('custom_date', `must be a date as YYYY-MM-DD, got ${describe(value)}`, LABELS.custom_date, hint);
	}
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw new FieldError('custom_date', `is not a real date: ${describe(value)}`, LABELS.custom_date, hint);
	}
}

/** Text as sent in the form; undefined = leave the field out. Secrets are never quoted back. */
function asFormValue(name: string, value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (name === 'send_no_email') {
		// any value suppresses the e-mail, so "false" must mean "leave it out"
		if (value === false || String(value).toLowerCase() === 'false') return undefined;
		if (value === true) return LOYALTY_SEND_NO_EMAIL_VALUE;
	}
	if (name === 'new_code') {
		if (value === false) return undefined;
		if (value === true) return LOYALTY_NEW_CODE_VALUE;
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return String(value);
	const secret = (SECRET_FIELDS as readonly string[]).includes(name);
	throw new FieldError(
		name,
		`must be text or a number, got ${secret ? (typeof value === 'object' ? 'an object' : typeof value) : describe(value)}`,
		LABELS[name],
	);
}

function orderForm(form: Form): Form {
	const ordered: Form = {};
	for (const field of EDIT_FIELDS) if (field in form) ordered[field] = form[field];
	const custom = Object.keys(form)
		.filter((name) => CUSTOM_FIELD.test(name))
		.sort((a, b) => Number(CUSTOM_FIELD.exec(a)![1]) - Number(CUSTOM_FIELD.exec(b)![1]));
	for (const name of custom) ordered[name] = form[name];
	for (const field of TRAILING_FIELDS) if (field in form) ordered[field] = form[field];
	return ordered;
}

// ---------- reply format ----------

export function readReplyFormat(options: IDataObject): ReplyFormat {
	const format = options.replyFormat === 'json' ? 'json' : 'xml';
	const callback = String(options.callback ?? '').trim();
	const condensed = options.condensed === true;
	if (callback && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(callback)) {
		throw new FieldError('callback', `must be a JavaScript function name, got ${describe(callback)}`, 'Callback (JSONP)');
	}
	if (format === 'xml' && (callback || condensed)) {
		throw new FieldError(
			callback ? 'callback' : 'condensed',
			'applies only to JSON replies (seed 004: "Applies only to JSON(P) output"); set Reply Format to JSON',
			callback ? 'Callback (JSONP)' : 'Condensed',
		);
	}
	return { format, callback, condensed };
}

// ---------- the request ----------

export function loyaltyEndpoint(credentials: ICredentialDataDecryptedObject): string {
	const endpoint = String(credentials.endpoint ?? '').trim();
	if (!/^https?:\/\/[^/\s]+/i.test(endpoint)) {
		throw new FieldError('endpoint', 'of the Client Toolbox credential must start with https:// (or http://)', 'Endpoint URL');
	}
	return endpoint;
}

export function editRequest(form: Form, reply: ReplyFormat, credentials: ICredentialDataDecryptedObject): VendorRequest {
	const body = new URLSearchParams({ type: 'record_customer', customer_action: 'edit' });
	for (const [name, value] of Object.entries(form)) body.append(name, value);
	if (reply.format === 'json') body.append('output', 'JSON');
	if (reply.callback) body.append('callback', reply.callback);
	if (reply.condensed) body.append('condensed', 'yes');
	const key = form.code ?? form.card_number ?? null;
	return {
		method: 'POST',
		url: loyaltyEndpoint(credentials),
		headers: {
			'Content-Type': LOYALTY_CONTENT_TYPE,
			Accept: reply.format === 'json' ? 'application/json, text/javascript, */*' : 'application/xml, text/xml, */*',
		},
		body,
		key,
		secrets: SECRET_FIELDS.map((field) => form[field]).filter((value): value is string => value !== undefined),
		// without code or card_number every send adds a customer: never resend after an unclear failure
		idempotent: key !== null,
	};
}

export function buildCustomerUpsert(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
	run: RunParameters,
): VendorRequest {
	const reply = readReplyFormat(run.options);
	const body =
		run.inputMode === 'json'
			? readJsonBody(this.getNodeParameter('jsonBody', itemIndex, ''))
			: formFromFields({
					code: this.getNodeParameter('code', itemIndex, ''),
					card_number: this.getNodeParameter('card_number', itemIndex, ''),
					additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
					customFields: this.getNodeParameter('customFields', itemIndex, {}) as IDataObject,
				});
	return editRequest(validateEditForm(body), reply, credentials);
}

/** The JSON body may hold customer passwords: a syntax error is reported without quoting the text. */
function readJsonBody(value: unknown): IDataObject {
	try {
		return parseJsonBody(value);
	} catch (error) {
		if (error instanceof FieldError && error.problem.startsWith('is not valid JSON')) {
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- FieldError is internal: the item loop (nodes/shared/router.ts) turns it into a NodeOperationError naming the field and the item
			throw new FieldError(
				'jsonBody',
				'is not valid JSON (check quotes, commas and braces; the text is not quoted here because it may hold passwords)',
				LABELS.jsonBody,
			);
		}
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- a FieldError from parseJsonBody, passed on as it is (the item loop makes it a NodeOperationError)
		throw error;
	}
}
