import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkBody, valueOf } from '../../../shared/check';
import { FieldError } from '../../../shared/errors';
import { readParameters, upsertOperation } from '../../../shared/operations';
import type { ItemInput, ParsedReply, UpsertAction, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import type { FieldSchema, FieldSpec } from '../../../shared/schema';
import { fieldError } from '../../../shared/schema';
import type { V1Shape } from '../../../shared/v1';
import { wireName } from '../../../shared/v1';
import { isObject, isPresent } from '../../../shared/validate';
import { LOYALTY_MAPPER_CUSTOM_FIELDS, LOYALTY_MAX_GENERATED_DIGITS, LOYALTY_MAX_REPLY_BYTES } from '../../assumptions';
import { byFieldNumber, customFieldsFrom, customFieldsProperty } from '../../customFields';
import { readReplyFormat } from '../../options';
import { loyaltyFailure, readLoyaltyReply, scalar, withoutSecrets } from '../../reply';
import type { Form } from '../../request';
import { formRequest } from '../../request';
import * as customerField from './fields';

/**
 * Customer → Create or Update: Client Toolbox's "Update Customer Information"
 * (docs/vendors/clienttoolbox.md#customer-upsert), POST form fields `type=record_customer`,
 * `customer_action=edit` and the customer's fields. Field names are the vendor's own; their
 * order follows the doc's PHP example.
 */

/** Sent after the numbered custom fields. */
const TRAILING_FIELDS: FieldSpec[] = [customerField.sendNoEmail, customerField.autoAdd];

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
	custom_field_1: `${customerField.customField.path} (the built-in ${customerField.customField.label})`,
};

/**
 * The customer fields of the edit call (docs/vendors/clienttoolbox.md#customer-upsert), in the
 * order of the doc's example, then the two sent after the numbered custom fields; the documented
 * rules between them. Every input mode of both versions is checked by it (check.ts).
 */
export const customerSchema: FieldSchema = {
	call: "Client Toolbox's record_customer (edit) call",
	fields: [
		customerField.code,
		customerField.newCode,
		customerField.cardNumber,
		customerField.cardNumberGenerate,
		customerField.firstName,
		customerField.lastName,
		customerField.phone,
		customerField.email,
		customerField.customDate,
		customerField.street1,
		customerField.street2,
		customerField.city,
		customerField.state,
		customerField.postalCode,
		customerField.country,
		customerField.customField,
		customerField.customerUsername,
		customerField.customerPassword,
		customerField.customerPin,
		...TRAILING_FIELDS,
	],
	// custom_field_2, custom_field_3 …: the account's numbered custom fields
	patterns: [
		{
			pattern: /^custom_field_([2-9]|\d{2,})$/,
			name: `${customerField.customField.path}_##`,
			label: (match) => `${customerField.customField.label} ${match[1]}`,
			type: 'string',
			spec: { noEmpty: customerField.NOT_SET },
			offered: Array.from({ length: LOYALTY_MAPPER_CUSTOM_FIELDS - 1 }, (_, i) => `${customerField.customField.path}_${i + 2}`),
		},
	],
	rules: [
		// the documented rule: "All optional fields are optional individually, but at least ONE must be passed along."
		(body) => {
			if (Object.values(body).some((value) => value !== undefined)) return;
			const some = [customerField.code, customerField.cardNumber, customerField.firstName, customerField.email];
			throw new FieldError(
				'customer fields',
				`are all empty: Client Toolbox needs at least one of them (${some.map((field) => field.path).join(', ')}, …)`,
				undefined,
				'Fill in at least one customer field, for example the Customer Code or the Email; nothing was sent for this item.',
			);
		},
		(body) => {
			if (valueOf(body, customerField.cardNumberGenerate) === undefined || valueOf(body, customerField.cardNumber) === undefined) return;
			throw fieldError(
				customerField.cardNumberGenerate,
				`cannot be used together with ${customerField.cardNumber.path}: give a card number, or let Client Toolbox generate one`,
			);
		},
	],
};

/** Values the node must never echo (customer-facing credentials: docs/vendors/clienttoolbox.md#customer-upsert). */
export const SECRET_FIELDS = customerSchema.fields.filter((field) => field.secret).map((field) => field.path);

const notice: INodeProperties = {
	displayName:
		'At least one customer field must be filled in. Without a Customer Code or Card Number, every run creates a new customer.',
	name: 'notice',
	type: 'notice',
	default: '',
};

// ---------- version 1's fields ("Fields Below"), from the schema ----------

/** Shown on their own; the other customer fields are in Additional Fields. */
const V1_TOP_FIELDS: FieldSpec[] = [customerField.code, customerField.cardNumber];

/** What version 1 showed beyond the schema field (frozen: test/v1-frozen.test.js). */
const V1_SHAPES = new Map<FieldSpec, V1Shape>([
	[
		customerField.code,
		{
			description:
				"Client Toolbox's ID of the customer (code). A customer with this code is updated; if none has it, one is created. Leave empty to create a customer with a new 16-digit code (or to match by Card Number).",
		},
	],
	[
		customerField.cardNumber,
		{
			description:
				"Without a Customer Code, the customer with this card number is updated (several matches are an error), then one whose code equals it; otherwise one is created. On update it replaces the customer's card number.",
		},
	],
	[
		customerField.autoAdd,
		{
			placeholder: '25',
			description:
				"Amount of points, visits or dollars (or the name of a product or service) to add to the customer's balance, depending on the campaign type. Described in the notes of the update call but not in its field list.",
		},
	],
	[customerField.country, { placeholder: 'NZ' }],
	[customerField.customDate, { placeholder: '1970-07-14', description: 'A date as YYYY-MM-DD; any other format is refused before sending' }],
	[customerField.customField, { description: 'The built-in free-text custom field' }],
	[customerField.customerPassword, { description: "The customer's password for customer-facing apps. Never shown in output or errors." }],
	[customerField.customerPin, { description: 'API-only PIN, for example for a physical terminal. Never shown in output or errors.' }],
	[customerField.customerUsername, { description: 'API-only username for custom applications (cannot be set in the web interface)' }],
	[customerField.email, { placeholder: 'name@email.com' }],
	[
		customerField.cardNumberGenerate,
		{
			typeOptions: { minValue: 1, maxValue: LOYALTY_MAX_GENERATED_DIGITS },
			default: 10,
			description:
				'Let Client Toolbox generate a random unique card number with this many digits; it is returned as card_number. Not together with Card Number.',
		},
	],
	[
		customerField.newCode,
		{
			description:
				'Whether to send new_code=Yes. Client Toolbox lists it without explaining it; it presumably asks for a freshly generated code.',
		},
	],
	[customerField.phone, { placeholder: '555-555-2455' }],
	[
		customerField.sendNoEmail,
		{
			description:
				'Whether to suppress the e-mail that tells the account owner about a new customer (sends send_no_email=true)',
		},
	],
]);

const v1Of = (field: FieldSpec) => customerField.v1CustomerField(field, V1_SHAPES.get(field));

const customFields = customFieldsProperty({
	placeholder: 'Add Custom Field',
	description:
		'Numbered custom fields (custom_field_##) defined in the account. The value must match the field type: text, a date/time such as 2012.07.28 22:59:59, or comma-separated choices such as Gouda,Emental,Swiss.',
	numberDescription: 'The ## of custom_field_## (2 or more; 1 is the built-in Custom Field)',
});

const fields: INodeProperties[] = [
	...V1_TOP_FIELDS.map(v1Of),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: customerSchema.fields
			.filter((field) => !V1_TOP_FIELDS.includes(field))
			.map(v1Of)
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	customFields,
];

/** Version 1's parameters of one item (Fields Below): the top fields, Additional Fields and Custom Fields. */
function readFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const top = Object.fromEntries(V1_TOP_FIELDS.map((field) => [wireName(field), '']));
	return readParameters(ctx, itemIndex, { ...top, additionalFields: {}, [customFields.name]: {} }) as IDataObject;
}

/**
 * Fields Below as the body: the customer fields filled in (a switch when on), then the numbered
 * custom fields. Checked as a JSON body is (validateEditForm).
 */
export function formFromFields(params: IDataObject): IDataObject {
	const given: IDataObject = { ...((params.additionalFields as IDataObject) ?? {}) };
	for (const field of V1_TOP_FIELDS) given[wireName(field)] = params[wireName(field)];
	const body: IDataObject = {};
	for (const field of customerSchema.fields) {
		const value = given[wireName(field)];
		if (field.type === 'boolean' ? value === true : isPresent(value)) body[field.path] = value;
	}
	customFieldsFrom(params[customFields.name] as IDataObject, customFields.displayName, body);
	return body;
}

// ---------- the documented rules, for every mode ----------

/** Checks the customer fields (any mode) by the schema and turns them into the wire form, in doc order. */
export function validateEditForm(body: IDataObject): Form {
	// an empty value is "not set": left out (docs/vendors/clienttoolbox.md#customer-upsert)
	const given: IDataObject = Object.fromEntries(Object.entries(body).map(([name, value]) => [name, value === '' ? undefined : value]));
	const checked = checkBody(customerSchema, given, { wire: 'form', elsewhere: SET_ELSEWHERE, labelTextErrors: true });
	const form: Form = {};
	const put = (name: string) => {
		if (checked[name] !== undefined && checked[name] !== null) form[name] = String(checked[name]);
	};
	for (const field of customerSchema.fields) if (!TRAILING_FIELDS.includes(field)) put(field.path);
	for (const name of byFieldNumber(Object.keys(checked))) put(name);
	for (const field of TRAILING_FIELDS) put(field.path);
	return form;
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
	const generated = scalar(customer.card_number);
	// only present when card_number_generate was sent: the number Client Toolbox made
	if (generated !== null) extra.card_number = generated;
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

/** The fields of JSON Body's sample (its default). */
const JSON_SAMPLE = [customerField.code, customerField.firstName, customerField.lastName, customerField.email];

export const customerUpsert: UpsertOperation = upsertOperation({
	resource: 'customer',
	actionDetail:
		'by Customer Code or Card Number; safe to repeat with one of them, while a call without either adds a new customer',
	keyDetail: 'by code or card',
	properties: [notice],
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: JSON.stringify(Object.fromEntries(JSON_SAMPLE.map((field) => [field.path, ''])), null, 2),
			description:
				"Client Toolbox's customer fields (code, card_number, first_name, custom_field_2, …) as one object; the same rules are checked before sending. Empty values are left out. user_id, the key, account_id, type and customer_action are added by the node.",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, run, jsonBody }: ItemInput): VendorRequest {
		const reply = readReplyFormat(run.options);
		const form = validateEditForm(jsonBody ?? formFromFields(readFields(this, itemIndex)));
		const key = form[customerField.code.path] ?? form[customerField.cardNumber.path] ?? null;
		return formRequest({ type: 'record_customer', customer_action: 'edit' }, form, reply, credentials, {
			key,
			secrets: SECRET_FIELDS.map((field) => form[field]).filter((value): value is string => value !== undefined),
			// without code or card_number every send adds a customer: never resend after an unclear failure
			idempotent: key !== null,
		});
	},
	parse: parseUpsertReply,
});
