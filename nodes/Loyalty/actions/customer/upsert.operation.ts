import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { readParameters, upsertOperation } from '../../../shared/operations';
import type { ItemInput, ParsedReply, UpsertAction, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import type { FieldSchema, FieldSpec } from '../../../shared/schema';
import { schemaLabels } from '../../../shared/schema';
import { describe, isObject, isPresent } from '../../../shared/validate';
import {
	LOYALTY_MAX_GENERATED_DIGITS,
	LOYALTY_MAX_REPLY_BYTES,
	LOYALTY_NEW_CODE_VALUE,
	LOYALTY_SEND_NO_EMAIL_VALUE,
} from '../../assumptions';
import { CUSTOM_FIELD, byFieldNumber, customFieldsFrom, customFieldsProperty } from '../../customFields';
import { readReplyFormat } from '../../options';
import { loyaltyFailure, readLoyaltyReply, scalar, withoutSecrets } from '../../reply';
import type { Form } from '../../request';
import { asFormText, checkFormText, formRequest } from '../../request';

/**
 * Customer → Create or Update: Client Toolbox's "Update Customer Information"
 * (docs/vendors/clienttoolbox.md#customer-upsert), POST form fields `type=record_customer`,
 * `customer_action=edit` and the customer's fields. Field names are the vendor's own; their
 * order follows the doc's PHP example.
 */

/** Client Toolbox reads an empty value as "not set" (docs/vendors/clienttoolbox.md#customer-upsert). */
const NOT_SET = 'Client Toolbox reads an empty value as "not set" and documents no way to clear a field';

/**
 * The customer fields of the edit call (docs/vendors/clienttoolbox.md#customer-upsert), in the
 * order of the doc's example, then the two sent after the numbered custom fields.
 */
export const customerSchema: FieldSchema = {
	call: "Client Toolbox's record_customer (edit) call",
	fields: (
		[
			{
				path: 'code',
				label: 'Customer Code',
				type: 'string',
				description: "Client Toolbox's ID of the customer: a customer with this code is updated, otherwise one is created",
			},
			{
				path: 'new_code',
				label: 'New Code',
				type: 'boolean',
				description: 'Whether to send new_code=Yes (listed without explanation; presumably asks for a freshly generated code)',
			},
			{
				path: 'card_number',
				label: 'Card Number',
				type: 'string',
				description: 'Without a Customer Code, the customer with this card number is updated; on update it replaces the card number',
			},
			{
				path: 'card_number_generate',
				label: 'Generate Card Number (Digits)',
				type: 'integer',
				rule: 'not together with Card Number',
				description: 'Let Client Toolbox generate a random unique card number with this many digits, e.g. 10',
			},
			{ path: 'first_name', label: 'First Name', type: 'string', description: "The customer's first name" },
			{ path: 'last_name', label: 'Last Name', type: 'string', description: "The customer's last name" },
			{ path: 'phone', label: 'Phone', type: 'string', description: 'Phone number, e.g. 555-555-2455' },
			{ path: 'email', label: 'Email', type: 'string', description: 'Email address, e.g. name@email.com' },
			{ path: 'custom_date', label: 'Custom Date', type: 'date', description: 'A date as YYYY-MM-DD, e.g. 1970-07-14' },
			{ path: 'street1', label: 'Street 1', type: 'string', description: 'First street line' },
			{ path: 'street2', label: 'Street 2', type: 'string', description: 'Second street line' },
			{ path: 'city', label: 'City', type: 'string', description: 'City' },
			{ path: 'state', label: 'State', type: 'string', description: 'State or region' },
			{ path: 'postal_code', label: 'Postal Code', type: 'string', description: 'Postal code' },
			{ path: 'country', label: 'Country', type: 'string', description: 'Country, e.g. NZ' },
			{ path: 'custom_field', label: 'Custom Field', type: 'string', description: 'The built-in free-text custom field' },
			{
				path: 'customer_username',
				label: 'Customer Username',
				type: 'string',
				description: 'API-only username for custom applications',
			},
			{
				path: 'customer_password',
				label: 'Customer Password',
				type: 'string',
				secret: true,
				description: "The customer's password for customer-facing apps; never shown in output or errors",
			},
			{
				path: 'customer_PIN',
				label: 'Customer PIN',
				type: 'string',
				secret: true,
				description: 'API-only PIN, e.g. for a physical terminal; never shown in output or errors',
			},
			{
				path: 'send_no_email',
				label: 'Send No Email',
				type: 'boolean',
				description: 'Whether to suppress the email that tells the account owner about a new customer',
			},
			{
				path: 'auto_add',
				label: 'Auto Add',
				type: 'string',
				description: "Points, visits or dollars (or a product or service name) to add to the customer's balance, e.g. 25",
			},
		] as FieldSpec[]
	).map((field) => ({ noEmpty: NOT_SET, ...field })),
	// custom_field_2, custom_field_3 …: the account's numbered custom fields
	patterns: [{ pattern: /^custom_field_([2-9]|\d{2,})$/, name: 'custom_field_##', label: (match) => `Custom Field ${match[1]}`, type: 'string' }],
};

/** Sent after the numbered custom fields. */
const TRAILING_FIELDS = ['send_no_email', 'auto_add'] as const;
/** The optional fields of the edit call, in the order of the doc's example. */
export const EDIT_FIELDS = customerSchema.fields
	.map((field) => field.path)
	.filter((name) => !(TRAILING_FIELDS as readonly string[]).includes(name));
/** Values the node must never echo (customer-facing credentials: docs/vendors/clienttoolbox.md#customer-upsert). */
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

const notice: INodeProperties = {
	displayName:
		'At least one customer field must be filled in. Without a Customer Code or Card Number, every run creates a new customer.',
	name: 'notice',
	type: 'notice',
	default: '',
};

const fields: INodeProperties[] = [
	{
		displayName: 'Customer Code',
		name: 'code',
		type: 'string',
		default: '',
		description:
			"Client Toolbox's ID of the customer (code). A customer with this code is updated; if none has it, one is created. Leave empty to create a customer with a new 16-digit code (or to match by Card Number).",
	},
	{
		displayName: 'Card Number',
		name: 'card_number',
		type: 'string',
		default: '',
		description:
			"Without a Customer Code, the customer with this card number is updated (several matches are an error), then one whose code equals it; otherwise one is created. On update it replaces the customer's card number.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Auto Add',
				name: 'auto_add',
				type: 'string',
				default: '',
				placeholder: '25',
				description:
					"Amount of points, visits or dollars (or the name of a product or service) to add to the customer's balance, depending on the campaign type. Described in the notes of the update call but not in its field list.",
			},
			{
				displayName: 'City',
				name: 'city',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				placeholder: 'NZ',
			},
			{
				displayName: 'Custom Date',
				name: 'custom_date',
				type: 'string',
				default: '',
				placeholder: '1970-07-14',
				description: 'A date as YYYY-MM-DD; any other format is refused before sending',
			},
			{
				displayName: 'Custom Field',
				name: 'custom_field',
				type: 'string',
				default: '',
				description: 'The built-in free-text custom field',
			},
			{
				displayName: 'Customer Password',
				name: 'customer_password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: "The customer's password for customer-facing apps. Never shown in output or errors.",
			},
			{
				displayName: 'Customer PIN',
				name: 'customer_PIN',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'API-only PIN, for example for a physical terminal. Never shown in output or errors.',
			},
			{
				displayName: 'Customer Username',
				name: 'customer_username',
				type: 'string',
				default: '',
				description: 'API-only username for custom applications (cannot be set in the web interface)',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'First Name',
				name: 'first_name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Generate Card Number (Digits)',
				name: 'card_number_generate',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: LOYALTY_MAX_GENERATED_DIGITS },
				default: 10,
				description:
					'Let Client Toolbox generate a random unique card number with this many digits; it is returned as card_number. Not together with Card Number.',
			},
			{
				displayName: 'Last Name',
				name: 'last_name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'New Code',
				name: 'new_code',
				type: 'boolean',
				default: false,
				description:
					'Whether to send new_code=Yes. Client Toolbox lists it without explaining it; it presumably asks for a freshly generated code.',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '555-555-2455',
			},
			{
				displayName: 'Postal Code',
				name: 'postal_code',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Send No Email',
				name: 'send_no_email',
				type: 'boolean',
				default: false,
				description:
					'Whether to suppress the e-mail that tells the account owner about a new customer (sends send_no_email=true)',
			},
			{
				displayName: 'State',
				name: 'state',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Street 1',
				name: 'street1',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Street 2',
				name: 'street2',
				type: 'string',
				default: '',
			},
		],
	},
	customFieldsProperty({
		placeholder: 'Add Custom Field',
		description:
			'Numbered custom fields (custom_field_##) defined in the account. The value must match the field type: text, a date/time such as 2012.07.28 22:59:59, or comma-separated choices such as Gouda,Emental,Swiss.',
		numberDescription: 'The ## of custom_field_## (2 or more; 1 is the built-in Custom Field)',
	}),
];

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
	customFieldsFrom(params.customFields, label('customFields'), body);
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
			throw new FieldError(name, `is set by ${SET_ELSEWHERE[name]}; remove it from the JSON body`, label('jsonBody'));
		}
		const custom = CUSTOM_FIELD.exec(name);
		if (custom && Number(custom[1]) < 2) {
			throw new FieldError(name, 'is the built-in field; send it as custom_field', label('custom_field'));
		}
		if (!custom && !known.has(name)) {
			throw new FieldError(
				name,
				`is not a field of Client Toolbox's record_customer (edit) call; allowed: ${[...EDIT_FIELDS, 'custom_field_##', ...TRAILING_FIELDS].join(', ')}`,
			);
		}
		const text = asEditValue(name, value);
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
				label('card_number_generate'),
			);
		}
		if ('card_number' in form) {
			throw new FieldError(
				'card_number_generate',
				'cannot be used together with card_number: give a card number, or let Client Toolbox generate one',
				label('card_number_generate'),
			);
		}
	}
	checkFormText(form, labels());
	return orderForm(form);
}

/** custom_date: "must be in YYYY-MM-DD format" (docs/vendors/clienttoolbox.md#customer-upsert), and a date that exists. */
function checkDate(value: string): void {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	const hint =
		'Client Toolbox only accepts YYYY-MM-DD (such as 1970-07-14). From a date in n8n use {{ $json.date.toDateTime().toFormat("yyyy-MM-dd") }}. Nothing was sent for this item.';
	if (!match) {
		throw new FieldError('custom_date', `must be a date as YYYY-MM-DD, got ${describe(value)}`, label('custom_date'), hint);
	}
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw new FieldError('custom_date', `is not a real date: ${describe(value)}`, label('custom_date'), hint);
	}
}

/** One value as sent in the form; undefined = leave the field out. Secrets are never quoted back. */
function asEditValue(name: string, value: unknown): string | undefined {
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
	return asFormText(name, value, label(name), (SECRET_FIELDS as readonly string[]).includes(name));
}

function orderForm(form: Form): Form {
	const ordered: Form = {};
	for (const field of EDIT_FIELDS) if (field in form) ordered[field] = form[field];
	for (const name of byFieldNumber(Object.keys(form))) ordered[name] = form[name];
	for (const field of TRAILING_FIELDS) if (field in form) ordered[field] = form[field];
	return ordered;
}

// ---------- the reply ----------

/**
 * The reply to record_customer (docs/vendors/clienttoolbox.md#reply-formats):
 *   <response status="success"><customer status="update"><code>…</code>[<card_number>…</card_number>]</customer></response>
 *   <response status="error"><error>…</error></response>
 * in XML, JSON or JSONP (reply.ts). Errors come with HTTP 200, so the body's status decides;
 * a non-2xx is a failure whatever the body says.
 */
export function parseUpsertReply(reply: VendorReply): ParsedReply {
	const read = readLoyaltyReply(reply, LOYALTY_MAX_REPLY_BYTES);
	if (!read.ok) return read;
	const json = withoutSecrets(read.json);
	const failure = loyaltyFailure(json, reply.statusCode);
	if (failure) return failure;
	const customer = isObject(json.customer) ? json.customer : {};
	const extra: IDataObject = {};
	const cardNumber = scalar(customer.card_number);
	// only present when card_number_generate was sent: the number Client Toolbox made
	if (cardNumber !== null) extra.card_number = cardNumber;
	return { ok: true, action: actionOf(customer.status), id: scalar(customer.code), raw: json, extra };
}

/** customer/@status: "new" (created) or "update" (an existing customer was changed). */
function actionOf(status: unknown): UpsertAction {
	const value = typeof status === 'string' ? status.toLowerCase() : '';
	if (value === 'new') return 'added';
	if (value === 'update' || value === 'updated') return 'updated';
	return 'upserted';
}

// ---------- the operation ----------

export const customerUpsert: UpsertOperation = upsertOperation({
	resource: 'customer',
	actionDetail:
		'by Customer Code or Card Number; safe to repeat with one of them, while a call without either adds a new customer',
	properties: [notice],
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: '{\n  "code": "",\n  "first_name": "",\n  "last_name": "",\n  "email": ""\n}',
			description:
				"Client Toolbox's customer fields (code, card_number, first_name, custom_field_2, …) as one object; the same rules are checked before sending. Empty values are left out. user_id, the key, account_id, type and customer_action are added by the node.",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, run, jsonBody }: ItemInput): VendorRequest {
		const reply = readReplyFormat(run.options);
		const body =
			jsonBody ??
			formFromFields(readParameters(this, itemIndex, { code: '', card_number: '', additionalFields: {}, customFields: {} }));
		const form = validateEditForm(body);
		const key = form.code ?? form.card_number ?? null;
		return formRequest({ type: 'record_customer', customer_action: 'edit' }, form, reply, credentials, {
			key,
			secrets: SECRET_FIELDS.map((field) => form[field]).filter((value): value is string => value !== undefined),
			// without code or card_number every send adds a customer: never resend after an unclear failure
			idempotent: key !== null,
		});
	},
	parse: parseUpsertReply,
});

// Labels for error messages: the schema's, and the two parameters that hold several fields.
const LABELS: Record<string, string> = { ...schemaLabels(customerSchema), jsonBody: 'JSON Body', customFields: 'Custom Fields' };
function labels(): Record<string, string> {
	return LABELS;
}
function label(name: string): string | undefined {
	return LABELS[name];
}
