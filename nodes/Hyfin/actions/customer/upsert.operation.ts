import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { labelsOf } from '../../../shared/describe';
import { JSON_HEADERS, readParameters, upsertOperation } from '../../../shared/operations';
import type { ItemInput, ParsedReply, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import type { FieldSchema } from '../../../shared/schema';
import { expectTypes, groupNames, topLevelNames } from '../../../shared/schema';
import { asText, expectNoControlChars, expectType, isPresent, rejectUnknown } from '../../../shared/validate';
import { hyfinUrl, readHyfinObject } from '../../helpers';

/**
 * Customer → Create or Update: POST {base_url}/api/v3.1/site/{site_id}/customer/addUpdate
 * (docs/vendors/hyfin.md#customer-upsert). Hyfin adds the customer, or updates the one with the same external_id.
 */

/** The documented fields (docs/vendors/hyfin.md#customer-upsert), in the page's order. */
export const customerSchema: FieldSchema = {
	call: "Hyfin's Add/Update Customer (v3.1)",
	fields: [
		{
			path: 'external_id',
			label: 'External ID',
			type: 'string',
			required: true,
			description: 'Your own unique ID for this customer: a customer with the same one is updated, otherwise one is added',
		},
		{ path: 'first_name', label: 'First Name', type: 'string', required: true, description: "The customer's first name" },
		{ path: 'last_name', label: 'Last Name', type: 'string', required: true, description: "The customer's last name" },
		{
			path: 'account_name',
			label: 'Account Name',
			type: 'string',
			description: 'Extra identifier for a business customer, e.g. a street address or a company name',
		},
		{
			path: 'mobile_phone',
			label: 'Mobile Phone',
			type: 'string',
			rule: 'required when Notify by Phone is on',
			description: 'Mobile number, e.g. 111-222-3333; required when Notify by Phone is on',
		},
		{
			path: 'email',
			label: 'Email',
			type: 'string',
			rule: 'required when Notify by Email is on',
			description: 'Email address, e.g. name@email.com; required when Notify by Email is on',
		},
		{ path: 'notes', label: 'Notes', type: 'string', description: 'Internal notes, visible only to the merchant' },
		{ path: 'active', label: 'Active', type: 'boolean', default: true, description: 'Whether the customer record is active' },
		{
			path: 'notification_options.notify_phone',
			label: 'Notify by Phone',
			type: 'boolean',
			description: 'Whether payment requests are sent by text message (needs Mobile Phone)',
		},
		{
			path: 'notification_options.notify_email',
			label: 'Notify by Email',
			type: 'boolean',
			description: 'Whether payment requests are sent by email (needs Email)',
		},
	],
};

const CUSTOMER_FIELDS = topLevelNames(customerSchema);

const fields: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'external_id',
		type: 'string',
		required: true,
		default: '',
		description:
			'Your own unique ID for this customer. A customer with the same External ID is updated; otherwise one is added.',
	},
	{
		displayName: 'First Name',
		name: 'first_name',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Last Name',
		name: 'last_name',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Account Name',
				name: 'account_name',
				type: 'string',
				default: '',
				description: 'Extra identifier for a business customer, for example a street address or a company name',
			},
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description: 'Whether the customer record is active and can be used',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Required when Notify by Email is on',
			},
			{
				displayName: 'Mobile Phone',
				name: 'mobile_phone',
				type: 'string',
				default: '',
				placeholder: '111-222-3333',
				description: 'Required when Notify by Phone is on',
			},
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Internal notes, visible only to the merchant',
			},
			{
				displayName: 'Notification Options',
				name: 'notification_options',
				type: 'fixedCollection',
				default: {},
				description: 'How the customer wants to receive payment requests',
				options: [
					{
						displayName: 'Notification Options',
						name: 'values',
						values: [
							{
								displayName: 'Notify by Email',
								name: 'notify_email',
								type: 'boolean',
								default: false,
								description: 'Whether payment requests are sent by email (needs Email)',
							},
							{
								displayName: 'Notify by Phone',
								name: 'notify_phone',
								type: 'boolean',
								default: false,
								description: 'Whether payment requests are sent by text message (needs Mobile Phone)',
							},
						],
					},
				],
			},
		],
	},
];

const LABELS = labelsOf(fields);

export function customerBodyFromFields(params: {
	external_id: unknown;
	first_name: unknown;
	last_name: unknown;
	additionalFields: IDataObject;
}): IDataObject {
	const extra = params.additionalFields ?? {};
	const body: IDataObject = {
		external_id: asText(params.external_id, 'external_id', LABELS.external_id),
		first_name: asText(params.first_name, 'first_name', LABELS.first_name),
		last_name: asText(params.last_name, 'last_name', LABELS.last_name),
	};
	for (const field of ['account_name', 'mobile_phone', 'email', 'notes'] as const) {
		if (field in extra) body[field] = asText(extra[field], field, LABELS[field]);
	}
	if ('active' in extra) body.active = extra.active;
	const notification = (extra.notification_options as IDataObject | undefined)?.values as IDataObject | undefined;
	if (notification) {
		body.notification_options = {
			notify_phone: notification.notify_phone ?? false,
			notify_email: notification.notify_email ?? false,
		};
	}
	return body;
}

export function validateCustomer(body: IDataObject): void {
	rejectUnknown(body, CUSTOMER_FIELDS, "Hyfin's Add/Update Customer (v3.1)");
	expectType(body, 'notification_options', 'object', LABELS.notification_options);
	const notification = (body.notification_options ?? {}) as IDataObject;
	rejectUnknown(notification, groupNames(customerSchema, 'notification_options'), 'notification_options', 'notification_options.');
	// each documented field's type, and the required ones (customerSchema)
	expectTypes(customerSchema, body);
	// documented conditional rules (docs/vendors/hyfin.md#customer-upsert)
	if (notification.notify_phone === true && !isPresent(body.mobile_phone)) {
		throw new FieldError('mobile_phone', 'is required when notification_options.notify_phone is on', LABELS.mobile_phone);
	}
	if (notification.notify_email === true && !isPresent(body.email)) {
		throw new FieldError('email', 'is required when notification_options.notify_email is on', LABELS.email);
	}
	expectNoControlChars(body);
}

/** Hyfin's reply (docs/vendors/hyfin.md#replies): `{ success: true, action: "added" | "updated", _id }` or `{ success: false, errors }`. */
export function parseUpsertReply(reply: VendorReply): ParsedReply {
	const read = readHyfinObject(reply);
	if (!read.ok) return read;
	const { json } = read;
	const action = json.action === 'added' || json.action === 'updated' ? json.action : 'upserted';
	return { ok: true, action, id: (json._id as string | undefined) ?? null, raw: json };
}

export const customerUpsert: UpsertOperation = upsertOperation({
	resource: 'customer',
	actionDetail:
		'by External ID (your own unique ID for the customer); safe to repeat: the same External ID updates the customer',
	properties: [],
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default:
				'{\n  "external_id": "",\n  "first_name": "",\n  "last_name": "",\n  "notification_options": { "notify_phone": false, "notify_email": false }\n}',
			description: "Hyfin's Add/Update Customer body; the same rules are checked before sending",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody }: ItemInput): VendorRequest {
		const body =
			jsonBody ??
			customerBodyFromFields(
				readParameters(this, itemIndex, { external_id: '', first_name: '', last_name: '', additionalFields: {} }),
			);
		validateCustomer(body);
		return {
			method: 'POST',
			url: hyfinUrl(credentials, 'v3.1', 'customer/addUpdate'),
			headers: JSON_HEADERS,
			body,
			key: String(body.external_id),
		};
	},
	parse: parseUpsertReply,
});
