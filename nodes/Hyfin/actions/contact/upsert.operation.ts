import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkBody, setValue } from '../../../shared/check';
import { FieldError } from '../../../shared/errors';
import { JSON_HEADERS, readParameters, upsertOperation } from '../../../shared/operations';
import type { ItemInput, UpsertOperation, VendorRequest } from '../../../shared/types';
import type { FieldSchema, FieldSpec } from '../../../shared/schema';
import { fieldError } from '../../../shared/schema';
import { v1AdditionalFields, v1Field, wireName } from '../../../shared/v1';
import { asText, isObject, isPresent } from '../../../shared/validate';
import { HYFIN_ID, entryShape, hyfinUrl, jsonTemplate, listField, nameFields } from '../../helpers';
import { parseUpsertReply } from '../customer/upsert.operation';

/**
 * Contact → Create or Update: POST {base_url}/api/v4/site/{site_id}/contact/addUpdate
 * (docs/vendors/hyfin.md#contact-upsert).
 * With _id Hyfin updates that contact; without, every call adds one.
 */

/*
 * The documented fields (docs/vendors/hyfin.md#contact-upsert), each declared once: the schema,
 * version 1's editor fields, its body builder and the validator all use these.
 */

const contactId: FieldSpec = {
	path: HYFIN_ID,
	label: 'Contact ID',
	type: 'string',
	description:
		"Hyfin's ID of the contact to update; leave it out to add a contact (the same data sent twice without it adds two)",
	noEmpty: 'an empty Contact ID is refused by the node: without one a contact is added',
	refuseEmpty: true,
	trim: true,
};
const [firstName, lastName] = nameFields('contact');
const displayName: FieldSpec = {
	path: 'display_name',
	label: 'Display Name',
	type: 'string',
	description: 'Shown for the contact; Hyfin shows "first last" when empty',
};
const ISO_639_1 = /^[a-z]{2}$/;
const language: FieldSpec = {
	path: 'language',
	label: 'Language',
	type: 'string',
	default: 'en',
	description: 'Preferred language as an ISO 639-1 code, e.g. en',
	check(value, fail) {
		if (typeof value !== 'string') throw fail('a string');
		if (isPresent(value) && !ISO_639_1.test(value)) throw fail('an ISO 639-1 code of two lowercase letters (such as "en")');
		return value;
	},
};

/* The lists' entries (the page's samples): each list has a label and an is_primary. */

const label: FieldSpec = { path: 'label', label: 'Label', type: 'string', description: 'Free text, e.g. work, mobile, billing' };
const isPrimary: FieldSpec = { path: 'is_primary', label: 'Is Primary', type: 'boolean', description: 'Whether this entry is the primary one' };
const emailAddress: FieldSpec = { path: 'address', label: 'Address', type: 'string', required: true, description: 'The email address' };
const phoneNumber: FieldSpec = { path: 'number', label: 'Number', type: 'string', required: true, description: 'The phone number' };
/** An address entry's group of address lines. */
const ADDRESS = 'address';
const ADDRESS_LABEL = 'Address';
const inAddress = (name: string, fieldLabel: string): FieldSpec => ({
	path: `${ADDRESS}.${name}`,
	label: fieldLabel,
	type: 'string',
	description: `The address's ${fieldLabel.toLowerCase()}`,
});
const addressLine1 = inAddress('address_line1', 'Address Line 1');
const addressLine2 = inAddress('address_line2', 'Address Line 2');
const city = inAddress('city', 'City');
const stateCode = inAddress('state_code', 'State Code');
const zipCode = inAddress('zip_code', 'Zip Code');

const emailEntry = { fields: [label, emailAddress, isPrimary] };
const phoneEntry = { fields: [label, phoneNumber, isPrimary] };
const addressEntry: Omit<FieldSchema, 'call'> = {
	fields: [label, isPrimary, addressLine1, addressLine2, city, stateCode, zipCode],
	groups: { [ADDRESS]: ADDRESS_LABEL },
	rules: [
		// every address entry has its address (version 1 always sends one)
		(entry) => {
			if (!isObject(entry[ADDRESS])) throw new FieldError(ADDRESS, 'is required', ADDRESS_LABEL);
		},
	],
};

const emails = listField(
	{
		path: 'emails',
		label: 'Emails',
		description: `A list of ${entryShape(emailEntry)}, e.g. ${JSON.stringify([{ [label.path]: 'work', [emailAddress.path]: 'name@email.com' }])}`,
	},
	emailEntry,
);
const phoneNumbers = listField(
	{
		path: 'phone_numbers',
		label: 'Phone Numbers',
		description: `A list of ${entryShape(phoneEntry)}, e.g. ${JSON.stringify([{ [label.path]: 'mobile', [phoneNumber.path]: '333-444-5555' }])}`,
	},
	phoneEntry,
);
const addresses = listField({ path: 'addresses', label: 'Addresses', description: `A list of ${entryShape(addressEntry)}` }, addressEntry);

/** The documented fields (docs/vendors/hyfin.md#contact-upsert), in the page's order, and the node's rule for _id. */
export const contactSchema: FieldSchema = {
	call: "Hyfin's Add/Update Contact (v4)",
	fields: [contactId, firstName, lastName, displayName, language, emails, phoneNumbers, addresses],
	rules: [
		(body) => {
			if (contactId.path in body && !isPresent(body[contactId.path])) {
				throw fieldError(contactId, 'is empty; leave it out to add a contact, or give the ID to update');
			}
		},
	],
};

const labelSuggestion = (examples: string) =>
	`Free text; Hyfin's examples use ${examples}. The allowed values are not documented.`;

/** Version 1's lists: the list field, its row (a fixedCollection entry) and its entry's fields as the editor shows them. */
const V1_LISTS: Array<{ list: FieldSpec; entry: Omit<FieldSchema, 'call'>; row: string; rowLabel: string; values: INodeProperties[] }> = [
	{
		list: emails,
		entry: emailEntry,
		row: 'email',
		rowLabel: 'Email',
		values: [
			v1Field(emailAddress, { placeholder: 'name@email.com' }),
			v1Field(isPrimary, { description: 'Whether this is the primary email address' }),
			v1Field(label, { default: 'work', description: labelSuggestion('"work"') }),
		],
	},
	{
		list: phoneNumbers,
		entry: phoneEntry,
		row: 'phone_number',
		rowLabel: 'Phone Number',
		values: [
			v1Field(isPrimary, { description: 'Whether this is the primary phone number' }),
			v1Field(label, { default: 'mobile', description: labelSuggestion('"mobile"') }),
			v1Field(phoneNumber, { placeholder: '333-444-5555' }),
		],
	},
	{
		list: addresses,
		entry: addressEntry,
		row: 'address',
		rowLabel: ADDRESS_LABEL,
		values: [
			v1Field(addressLine1),
			v1Field(addressLine2),
			v1Field(city),
			v1Field(isPrimary, { description: 'Whether this is the primary address' }),
			v1Field(label, { default: 'billing', description: labelSuggestion('"billing"') }),
			v1Field(stateCode, { placeholder: 'FL' }),
			v1Field(zipCode),
		],
	},
];

/** Additional Fields of version 1 (text). */
const V1_ADDITIONAL = [firstName, lastName, displayName, language];

/** Version 1's editor fields ("Fields Below"), as saved workflows know them. */
const fields: INodeProperties[] = [
	v1Field(contactId, {
		description:
			"Hyfin's ID of the contact to update (the _id of an earlier result). Leave empty to add a new contact: sending the same data twice without an ID adds two contacts.",
	}),
	v1AdditionalFields([
		v1Field(displayName, { description: 'Shown for the contact; Hyfin uses "first last" when empty' }),
		v1Field(firstName),
		v1Field(language, {
			placeholder: 'en',
			description: 'Preferred language as an ISO 639-1 code (two letters, such as en, fr, es)',
		}),
		v1Field(lastName),
	]),
	...V1_LISTS.map(({ list, row, rowLabel, values }) =>
		v1Field(list, {
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: `Add ${rowLabel}`,
			default: {},
			options: [{ displayName: rowLabel, name: row, values }],
		}),
	),
];

/**
 * One entry of a version-1 list, as version 1 sent it: text fields as text, Is Primary false when
 * not set, the label as given; empty values left out, an address's group always there.
 */
function v1Entry(entry: Omit<FieldSchema, 'call'>, row: IDataObject, at: string): IDataObject {
	const out: IDataObject = {};
	for (const field of entry.fields) {
		const name = wireName(field);
		const group = field.path.slice(0, Math.max(field.path.lastIndexOf('.'), 0));
		if (group && out[group] === undefined) out[group] = {};
		const value =
			field === label ? row[name] : field.type === 'boolean' ? (row[name] ?? false) : asText(row[name], `${at}.${name}`);
		if (value !== undefined && value !== '') setValue(out, field.path, value);
	}
	return out;
}

/** Version 1's body from its fields: the same fields, by the same names, in the documented order. */
export function contactBodyFromFields(params: IDataObject): IDataObject {
	const extra = (params.additionalFields ?? {}) as IDataObject;
	const body: IDataObject = {};
	const id = asText(params[contactId.path], contactId.path, contactId.label).trim();
	if (id) body[contactId.path] = id;
	for (const field of V1_ADDITIONAL) {
		if (field.path in extra) body[field.path] = asText(extra[field.path], field.path, field.label);
	}
	for (const { list, entry, row } of V1_LISTS) {
		const rows = (((params[list.path] ?? {}) as IDataObject)[row] ?? []) as IDataObject[];
		if (rows.length) body[list.path] = rows.map((item, index) => v1Entry(entry, item, `${list.path}[${index}]`));
	}
	return body;
}

/** The body (every input mode, both versions) checked against the schema before sending. */
export function validateContact(body: IDataObject): void {
	checkBody(contactSchema, body, { wire: 'json' });
}

export const contactUpsert: UpsertOperation = upsertOperation({
	resource: 'contact',
	actionDetail:
		'by contact ID (_id, the id an earlier call returned); safe to repeat with that ID, while a call without it adds a new contact',
	keyDetail: 'by contact ID',
	properties: [],
	schema: contactSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: jsonTemplate([
				[firstName, ''],
				[lastName, ''],
				[language, language.default],
				[emails, []],
			]),
			description: "Hyfin's Add/Update Contact body (with _id to update); the same rules are checked before sending",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody }: ItemInput): VendorRequest {
		const body =
			jsonBody ??
			contactBodyFromFields(
				readParameters(this, itemIndex, {
					[contactId.path]: '',
					additionalFields: {},
					...Object.fromEntries(V1_LISTS.map(({ list }) => [list.path, {}])),
				}),
			);
		validateContact(body);
		const id = isPresent(body[contactId.path]) ? String(body[contactId.path]) : null;
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
