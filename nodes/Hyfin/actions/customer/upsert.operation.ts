import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkBody, setValue, valueOf } from '../../../shared/check';
import { JSON_HEADERS, readParameters, upsertOperation } from '../../../shared/operations';
import type { ItemInput, ParsedReply, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import type { FieldSchema, FieldSpec } from '../../../shared/schema';
import { fieldError } from '../../../shared/schema';
import { v1AdditionalFields, v1Field, wireName } from '../../../shared/v1';
import { asText, isPresent } from '../../../shared/validate';
import { HYFIN_ID, hyfinUrl, jsonTemplate, nameFields, readHyfinObject } from '../../helpers';

/**
 * Customer → Create or Update: POST {base_url}/api/v3.1/site/{site_id}/customer/addUpdate
 * (docs/vendors/hyfin.md#customer-upsert). Hyfin adds the customer, or updates the one with the same external_id.
 */

/*
 * The documented fields (docs/vendors/hyfin.md#customer-upsert), each declared once: the schema,
 * version 1's editor fields, its body builder and the validator all use these.
 */

const externalId: FieldSpec = {
	path: 'external_id',
	label: 'External ID',
	type: 'string',
	required: true,
	description: 'Your own unique ID for this customer: a customer with the same one is updated, otherwise one is added',
};
const [firstName, lastName] = nameFields('customer', true);
const accountName: FieldSpec = {
	path: 'account_name',
	label: 'Account Name',
	type: 'string',
	description: 'Extra identifier for a business customer, e.g. a street address or a company name',
};
/** The group of the two notification switches. */
const NOTIFICATION_OPTIONS = 'notification_options';
const NOTIFICATION_LABEL = 'Notification Options';
const notifyPhone: FieldSpec = {
	path: `${NOTIFICATION_OPTIONS}.notify_phone`,
	label: 'Notify by Phone',
	type: 'boolean',
	description: 'Whether payment requests are sent by text message (needs Mobile Phone)',
};
const notifyEmail: FieldSpec = {
	path: `${NOTIFICATION_OPTIONS}.notify_email`,
	label: 'Notify by Email',
	type: 'boolean',
	description: 'Whether payment requests are sent by email (needs Email)',
};
const mobilePhone: FieldSpec = {
	path: 'mobile_phone',
	label: 'Mobile Phone',
	type: 'string',
	rule: `required when ${notifyPhone.label} is on`,
	description: `Mobile number, e.g. 111-222-3333; required when ${notifyPhone.label} is on`,
};
const email: FieldSpec = {
	path: 'email',
	label: 'Email',
	type: 'string',
	rule: `required when ${notifyEmail.label} is on`,
	description: `Email address, e.g. name@email.com; required when ${notifyEmail.label} is on`,
};
const notes: FieldSpec = { path: 'notes', label: 'Notes', type: 'string', description: 'Internal notes, visible only to the merchant' };
const active: FieldSpec = { path: 'active', label: 'Active', type: 'boolean', default: true, description: 'Whether the customer record is active' };

/** A documented rule: `field` is required when the switch `on` is on. */
const requiredWhenOn = (field: FieldSpec, on: FieldSpec) => (body: IDataObject) => {
	if (valueOf(body, on) === true && !isPresent(valueOf(body, field))) throw fieldError(field, `is required when ${on.path} is on`);
};

/** The documented fields (docs/vendors/hyfin.md#customer-upsert), in the page's order, and its rules. */
export const customerSchema: FieldSchema = {
	call: "Hyfin's Add/Update Customer (v3.1)",
	fields: [externalId, firstName, lastName, accountName, mobilePhone, email, notes, active, notifyPhone, notifyEmail],
	groups: { [NOTIFICATION_OPTIONS]: NOTIFICATION_LABEL },
	rules: [requiredWhenOn(mobilePhone, notifyPhone), requiredWhenOn(email, notifyEmail)],
};

/** Version 1's own fields (required, outside Additional Fields); the rest are Additional Fields. */
const V1_OWN = [externalId, firstName, lastName];
/** Additional Fields given as text (the switches are booleans). */
const V1_TEXT = [accountName, mobilePhone, email, notes];

/** Version 1's editor fields ("Fields Below"), as saved workflows know them. */
const fields: INodeProperties[] = [
	v1Field(externalId, {
		required: true,
		description:
			'Your own unique ID for this customer. A customer with the same External ID is updated; otherwise one is added.',
	}),
	v1Field(firstName, { required: true }),
	v1Field(lastName, { required: true }),
	v1AdditionalFields([
		v1Field(accountName, {
			description: 'Extra identifier for a business customer, for example a street address or a company name',
		}),
		v1Field(active, { description: 'Whether the customer record is active and can be used' }),
		v1Field(email, { placeholder: 'name@email.com', description: `Required when ${notifyEmail.label} is on` }),
		v1Field(mobilePhone, { placeholder: '111-222-3333', description: `Required when ${notifyPhone.label} is on` }),
		v1Field(notes, { typeOptions: { rows: 2 }, description: notes.description }),
		{
			displayName: NOTIFICATION_LABEL,
			name: NOTIFICATION_OPTIONS,
			type: 'fixedCollection',
			default: {},
			description: 'How the customer wants to receive payment requests',
			options: [
				{
					displayName: NOTIFICATION_LABEL,
					name: 'values',
					values: [
						v1Field(notifyEmail, { description: notifyEmail.description }),
						v1Field(notifyPhone, { description: notifyPhone.description }),
					],
				},
			],
		},
	]),
];

/** Version 1's body from its fields: the same fields, by the same names, in the documented order. */
export function customerBodyFromFields(params: IDataObject): IDataObject {
	const extra = (params.additionalFields ?? {}) as IDataObject;
	const body: IDataObject = {};
	for (const field of V1_OWN) body[field.path] = asText(params[field.path], field.path, field.label);
	for (const field of V1_TEXT) {
		if (field.path in extra) body[field.path] = asText(extra[field.path], field.path, field.label);
	}
	if (active.path in extra) body[active.path] = extra[active.path];
	const notification = (extra[NOTIFICATION_OPTIONS] as IDataObject | undefined)?.values as IDataObject | undefined;
	if (notification) {
		for (const field of [notifyPhone, notifyEmail]) setValue(body, field.path, notification[wireName(field)] ?? false);
	}
	return body;
}

/** The body (every input mode, both versions) checked against the schema before sending. */
export function validateCustomer(body: IDataObject): void {
	checkBody(customerSchema, body, { wire: 'json' });
}

/** Hyfin's reply (docs/vendors/hyfin.md#replies): `{ success: true, action: "added" | "updated", _id }` or `{ success: false, errors }`. */
export function parseUpsertReply(reply: VendorReply): ParsedReply {
	const read = readHyfinObject(reply);
	if (!read.ok) return read;
	const { json } = read;
	const action = json.action === 'added' || json.action === 'updated' ? json.action : 'upserted';
	return { ok: true, action, id: (json[HYFIN_ID] as string | undefined) ?? null, raw: json };
}

export const customerUpsert: UpsertOperation = upsertOperation({
	resource: 'customer',
	actionDetail:
		'by External ID (your own unique ID for the customer); safe to repeat: the same External ID updates the customer',
	keyDetail: 'by External ID',
	properties: [],
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: jsonTemplate([
				[externalId, ''],
				[firstName, ''],
				[lastName, ''],
				[notifyPhone, false],
				[notifyEmail, false],
			]),
			description: "Hyfin's Add/Update Customer body; the same rules are checked before sending",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody }: ItemInput): VendorRequest {
		const body =
			jsonBody ??
			customerBodyFromFields(
				readParameters(this, itemIndex, { ...Object.fromEntries(V1_OWN.map((field) => [field.path, ''])), additionalFields: {} }),
			);
		validateCustomer(body);
		return {
			method: 'POST',
			url: hyfinUrl(credentials, 'v3.1', 'customer/addUpdate'),
			headers: JSON_HEADERS,
			body,
			key: String(body[externalId.path]),
		};
	},
	parse: parseUpsertReply,
});
