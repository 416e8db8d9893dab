import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelsOf } from '../../../shared/describe';
import { FieldError } from '../../../shared/errors';
import { JSON_HEADERS, readParameters, upsertOperation } from '../../../shared/operations';
import type { ItemInput, UpsertOperation, VendorRequest } from '../../../shared/types';
import type { FieldSchema } from '../../../shared/schema';
import { expectTypes, topLevelNames } from '../../../shared/schema';
import {
	asText,
	compact,
	describe,
	expectNoControlChars,
	expectPattern,
	expectType,
	isPresent,
	rejectUnknown,
} from '../../../shared/validate';
import { checkList, hyfinUrl } from '../../helpers';
import { parseUpsertReply } from '../customer/upsert.operation';

/**
 * Contact → Create or Update: POST {base_url}/api/v4/site/{site_id}/contact/addUpdate
 * (docs/vendors/hyfin.md#contact-upsert).
 * With _id Hyfin updates that contact; without, every call adds one.
 */

/** The documented fields (docs/vendors/hyfin.md#contact-upsert), in the page's order. */
export const contactSchema: FieldSchema = {
	call: "Hyfin's Add/Update Contact (v4)",
	fields: [
		{
			path: '_id',
			label: 'Contact ID',
			type: 'string',
			description:
				"Hyfin's ID of the contact to update; leave it out to add a contact (the same data sent twice without it adds two)",
			noEmpty: 'an empty Contact ID is refused by the node: without one a contact is added',
			refuseEmpty: true,
			trim: true,
		},
		{ path: 'first_name', label: 'First Name', type: 'string', description: "The contact's first name" },
		{ path: 'last_name', label: 'Last Name', type: 'string', description: "The contact's last name" },
		{ path: 'display_name', label: 'Display Name', type: 'string', description: 'Shown for the contact; Hyfin shows "first last" when empty' },
		{
			path: 'language',
			label: 'Language',
			type: 'string',
			default: 'en',
			description: 'Preferred language as an ISO 639-1 code, e.g. en',
		},
		{
			path: 'emails',
			label: 'Emails',
			type: 'list',
			description: 'A list of { label, address, is_primary }, e.g. [{ "label": "work", "address": "name@email.com" }]',
		},
		{
			path: 'phone_numbers',
			label: 'Phone Numbers',
			type: 'list',
			description: 'A list of { label, number, is_primary }, e.g. [{ "label": "mobile", "number": "333-444-5555" }]',
		},
		{
			path: 'addresses',
			label: 'Addresses',
			type: 'list',
			description:
				'A list of { label, is_primary, address: { address_line1, address_line2, city, state_code, zip_code } }',
		},
	],
};

const CONTACT_FIELDS = topLevelNames(contactSchema);
const ADDRESS_FIELDS = ['address_line1', 'address_line2', 'city', 'state_code', 'zip_code'] as const;

const labelSuggestion = (examples: string) =>
	`Free text; Hyfin's examples use ${examples}. The allowed values are not documented.`;

const fields: INodeProperties[] = [
	{
		displayName: 'Contact ID',
		name: '_id',
		type: 'string',
		default: '',
		description:
			"Hyfin's ID of the contact to update (the _id of an earlier result). Leave empty to add a new contact: sending the same data twice without an ID adds two contacts.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Display Name',
				name: 'display_name',
				type: 'string',
				default: '',
				description: 'Shown for the contact; Hyfin uses "first last" when empty',
			},
			{
				displayName: 'First Name',
				name: 'first_name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: 'en',
				placeholder: 'en',
				description: 'Preferred language as an ISO 639-1 code (two letters, such as en, fr, es)',
			},
			{
				displayName: 'Last Name',
				name: 'last_name',
				type: 'string',
				default: '',
			},
		],
	},
	{
		displayName: 'Emails',
		name: 'emails',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Email',
		default: {},
		options: [
			{
				displayName: 'Email',
				name: 'email',
				values: [
					{
						displayName: 'Address',
						name: 'address',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
					},
					{
						displayName: 'Is Primary',
						name: 'is_primary',
						type: 'boolean',
						default: false,
						description: 'Whether this is the primary email address',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: 'work',
						description: labelSuggestion('"work"'),
					},
				],
			},
		],
	},
	{
		displayName: 'Phone Numbers',
		name: 'phone_numbers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Phone Number',
		default: {},
		options: [
			{
				displayName: 'Phone Number',
				name: 'phone_number',
				values: [
					{
						displayName: 'Is Primary',
						name: 'is_primary',
						type: 'boolean',
						default: false,
						description: 'Whether this is the primary phone number',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: 'mobile',
						description: labelSuggestion('"mobile"'),
					},
					{
						displayName: 'Number',
						name: 'number',
						type: 'string',
						placeholder: '333-444-5555',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Addresses',
		name: 'addresses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Address',
		default: {},
		options: [
			{
				displayName: 'Address',
				name: 'address',
				values: [
					{
						displayName: 'Address Line 1',
						name: 'address_line1',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Address Line 2',
						name: 'address_line2',
						type: 'string',
						default: '',
					},
					{
						displayName: 'City',
						name: 'city',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Is Primary',
						name: 'is_primary',
						type: 'boolean',
						default: false,
						description: 'Whether this is the primary address',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: 'billing',
						description: labelSuggestion('"billing"'),
					},
					{
						displayName: 'State Code',
						name: 'state_code',
						type: 'string',
						default: '',
						placeholder: 'FL',
					},
					{
						displayName: 'Zip Code',
						name: 'zip_code',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
];

const LABELS = labelsOf(fields);

type Entry = IDataObject;

export function contactBodyFromFields(params: {
	_id: unknown;
	additionalFields: IDataObject;
	emails: IDataObject;
	phone_numbers: IDataObject;
	addresses: IDataObject;
}): IDataObject {
	const extra = params.additionalFields ?? {};
	const body: IDataObject = {};
	const id = asText(params._id, '_id', LABELS._id).trim();
	if (id) body._id = id;
	for (const field of ['first_name', 'last_name', 'display_name', 'language'] as const) {
		if (field in extra) body[field] = asText(extra[field], field, LABELS[field]);
	}
	const emails = ((params.emails ?? {}).email ?? []) as Entry[];
	if (emails.length) {
		body.emails = emails.map((e, i) =>
			compact({ label: e.label, address: asText(e.address, `emails[${i}].address`), is_primary: e.is_primary ?? false }),
		);
	}
	const phones = ((params.phone_numbers ?? {}).phone_number ?? []) as Entry[];
	if (phones.length) {
		body.phone_numbers = phones.map((p, i) =>
			compact({ label: p.label, number: asText(p.number, `phone_numbers[${i}].number`), is_primary: p.is_primary ?? false }),
		);
	}
	const addresses = ((params.addresses ?? {}).address ?? []) as Entry[];
	if (addresses.length) {
		body.addresses = addresses.map((a, i) => ({
			...compact({ label: a.label, is_primary: a.is_primary ?? false }),
			address: compact(Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, asText(a[f], `addresses[${i}].${f}`)]))),
		}));
	}
	return body;
}

export function validateContact(body: IDataObject): void {
	rejectUnknown(body, CONTACT_FIELDS, "Hyfin's Add/Update Contact (v4)");
	// each documented field's type (contactSchema); the lists' entries below
	expectTypes(contactSchema, body);
	if ('_id' in body && !isPresent(body._id)) {
		throw new FieldError('_id', 'is empty; leave it out to add a contact, or give the ID to update', LABELS._id);
	}
	expectPattern(body, 'language', /^[a-z]{2}$/, 'an ISO 639-1 code of two lowercase letters (such as "en")', LABELS.language);
	checkList(body, 'emails', ['label', 'address', 'is_primary'], 'address', LABELS.emails);
	checkList(body, 'phone_numbers', ['label', 'number', 'is_primary'], 'number', LABELS.phone_numbers);
	checkList(body, 'addresses', ['label', 'is_primary', 'address'], null, LABELS.addresses);
	for (const [index, entry] of ((body.addresses ?? []) as Entry[]).entries()) {
		const path = `addresses[${index}].address`;
		if (entry.address === null || typeof entry.address !== 'object' || Array.isArray(entry.address)) {
			throw new FieldError(path, `must be an object with ${ADDRESS_FIELDS.join(', ')}, got ${describe(entry.address)}`);
		}
		rejectUnknown(entry.address as IDataObject, ADDRESS_FIELDS, path, `${path}.`);
		for (const field of ADDRESS_FIELDS) expectType(entry.address as IDataObject, field, 'string', `${path}.${field}`);
	}
	expectNoControlChars(body);
}

export const contactUpsert: UpsertOperation = upsertOperation({
	resource: 'contact',
	actionDetail:
		'by contact ID (_id, the id an earlier call returned); safe to repeat with that ID, while a call without it adds a new contact',
	properties: [],
	schema: contactSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: '{\n  "first_name": "",\n  "last_name": "",\n  "language": "en",\n  "emails": []\n}',
			description: "Hyfin's Add/Update Contact body (with _id to update); the same rules are checked before sending",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody }: ItemInput): VendorRequest {
		const body =
			jsonBody ??
			contactBodyFromFields(
				readParameters(this, itemIndex, { _id: '', additionalFields: {}, emails: {}, phone_numbers: {}, addresses: {} }),
			);
		validateContact(body);
		const id = isPresent(body._id) ? String(body._id) : null;
		return {
			method: 'POST',
			url: hyfinUrl(credentials, 'v4', 'contact/addUpdate'),
			headers: JSON_HEADERS,
			body,
			key: id,
			// without _id every send adds a contact: never resend after an unclear failure
			idempotent: id !== null,
		};
	},
	parse: parseUpsertReply,
});
