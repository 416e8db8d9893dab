import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { checkBody, setValue, valueOf } from '../../../shared/check';
import { FieldError } from '../../../shared/errors';
import { ACCEPT_JSON, JSON_HEADERS, upsertOperation } from '../../../shared/operations';
import type { FieldSchema, FieldSpec } from '../../../shared/schema';
import { groupNames } from '../../../shared/schema';
import type { ItemInput, ParsedReply, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import type { V1Shape } from '../../../shared/v1';
import { v1Field, wireName } from '../../../shared/v1';
import { asText } from '../../../shared/validate';
import { existsFromHeadStatus } from '../../assumptions';
import { customerNumber, checkCustomerNumber, customerNumberOf, customerUrl, readRivertyReply, statusHint } from '../../helpers';

/**
 * Customer → Create or Update: PUT {base}/v1/clients/{clientId}/customers/{customerNumber} with
 * a JSON body (docs/vendors/riverty.md#customer-upsert). Field names are Riverty's own; key
 * order follows the page's Request Example. Each field is declared once below (its wire name
 * written once); the schema, version 1's Fields Below, the body they make and the checks
 * (shared/check.ts) all come from these declarations.
 */

/** "Only applicable for Person customer type" (docs/vendors/riverty.md#customer-upsert), and the same for Company. */
const ONLY_PERSON = 'only for customers of type Person';
const ONLY_COMPANY = 'only for customers of type Company';

const type: FieldSpec = {
	path: 'type',
	label: 'Type',
	type: 'enum',
	values: ['Person', 'Company'].map((value) => ({ name: value, value })),
	required: true,
	description: 'Person or Company: picks which group of fields applies, per item',
};
/** The rule of the fields that belong to each type (the other type's fields are refused). */
const RULE_OF_TYPE = new Map([
	['Person', ONLY_PERSON],
	['Company', ONLY_COMPANY],
]);

const ssn: FieldSpec = {
	path: 'person.ssn',
	label: 'SSN',
	type: 'string',
	secret: true,
	rule: ONLY_PERSON,
	description: 'National identity number, e.g. 02016126007; Riverty does not send it back',
};
const firstName: FieldSpec = { path: 'person.firstName', label: 'First Name', type: 'string', rule: ONLY_PERSON, description: "The person's first name" };
const lastName: FieldSpec = { path: 'person.lastName', label: 'Last Name', type: 'string', rule: ONLY_PERSON, description: "The person's last name" };
const companyName: FieldSpec = { path: 'company.name', label: 'Name', type: 'string', rule: ONLY_COMPANY, description: 'Company name' };
const organizationNumber: FieldSpec = {
	path: 'company.organizationNumber',
	label: 'Organization Number',
	type: 'string',
	rule: ONLY_COMPANY,
	description: 'Organisation or registration number',
};
const phoneNumber: FieldSpec = {
	path: 'phoneNumber',
	label: 'Phone Number',
	type: 'string',
	description: 'The phone number of the customer, international format, e.g. +4712345678',
};
const email: FieldSpec = { path: 'email', label: 'Email', type: 'string', description: 'The email address of the customer, e.g. name@email.com' };
const addressLine: FieldSpec = {
	path: 'address.addressLine',
	label: 'Address Line',
	type: 'string',
	required: true,
	description: 'First address line: street and number, PO box, or company name',
};
const addressLine2: FieldSpec = { path: 'address.addressLine2', label: 'Address Line 2', type: 'string', description: 'Apartment, suite, unit, building, floor…' };
const addressLine3: FieldSpec = { path: 'address.addressLine3', label: 'Address Line 3', type: 'string', description: 'Third address line' };
const postalCode: FieldSpec = { path: 'address.postalCode', label: 'Postal Code', type: 'string', description: 'Zip or postal code' };
const postalPlace: FieldSpec = { path: 'address.postalPlace', label: 'Postal Place', type: 'string', description: 'City or place' };
const countryCode: FieldSpec = {
	path: 'address.countryCode',
	label: 'Country Code',
	type: 'string',
	description: 'Two-letter country code in capitals (ISO 3166-1 alpha-2), e.g. NO',
	noEmpty: 'an empty country code is no country',
	// as sent: a JSON Body is checked as written; the editor's and the record's values are put in capitals first (fromEditor)
	check(value, fail) {
		if (typeof value !== 'string') throw fail('a string');
		if (value.trim() !== '' && !/^[A-Z]{2}$/.test(value)) throw fail('a two-letter country code in capitals (such as "NO")');
		return value;
	},
};
const existingCustomer: FieldSpec = {
	path: 'existingCustomer',
	label: 'Existing Customer',
	type: 'boolean',
	rule: ONLY_PERSON,
	description: 'Whether the customer is already a customer of yours; for type Person only',
};
const individualRiskScore: FieldSpec = {
	path: 'individualRiskScore',
	label: 'Individual Risk Score',
	type: 'string',
	rule: ONLY_PERSON,
	description: "The customer's individual risk score, as you rate it; for type Person only",
};

/** The group a field is in (`person.ssn` → person), if any. */
const groupOf = (field: FieldSpec): string | undefined => (field.path.includes('.') ? field.path.split('.')[0] : undefined);

/** A group's label (errors about the group itself), named by one of its fields. */
const groupLabel = (member: FieldSpec, label: string): [string, string] => [groupOf(member) ?? member.path, label];

/** The documented fields (docs/vendors/riverty.md#customer-upsert), in the page's order; customerNumber goes in the URL. */
export const customerSchema: FieldSchema = {
	call: "Riverty's Create or Update Customer",
	fields: [
		customerNumber,
		type,
		ssn,
		firstName,
		lastName,
		companyName,
		organizationNumber,
		phoneNumber,
		email,
		addressLine,
		addressLine2,
		addressLine3,
		postalCode,
		postalPlace,
		countryCode,
		existingCustomer,
		individualRiskScore,
	],
	groups: Object.fromEntries([groupLabel(ssn, 'Person'), groupLabel(companyName, 'Company'), groupLabel(addressLine, 'Address')]),
	rules: [groupsAreObjects, fieldsOfTheType],
};

/** Groups are objects: a group given as null is refused (PUT would clear it), not passed by. */
function groupsAreObjects(body: IDataObject): void {
	for (const [group, label] of Object.entries(customerSchema.groups ?? {})) {
		if (body[group] !== null) continue;
		throw new FieldError(group, `must be an object with ${groupNames(customerSchema, group).join(', ')}, got null`, label);
	}
}

/**
 * The fields of the other type are refused, not dropped (FieldSpec.rule): `person` for a Company,
 * `company` for a Person, and a Company's existingCustomer and individualRiskScore.
 */
function fieldsOfTheType(body: IDataObject): void {
	const given = String(body[type.path]);
	for (const field of customerSchema.fields) {
		const owner = [...RULE_OF_TYPE].find(([, rule]) => rule === field.rule)?.[0];
		if (owner === undefined || owner === given) continue;
		const group = groupOf(field);
		if (group !== undefined) {
			if (body[group] === undefined) continue;
			const own = customerSchema.fields.find((f) => f.rule === RULE_OF_TYPE.get(given) && groupOf(f) !== undefined);
			throw new FieldError(
				group,
				`is for customers of type ${owner}; use ${own ? groupOf(own) : 'the fields'} for a ${given}`,
				customerSchema.groups?.[group],
			);
		}
		if (valueOf(body, field) === undefined) continue;
		throw new FieldError(
			field.path,
			`is ${field.rule}, not for a ${given}`,
			field.label,
			`Remove "${field.label}" (${field.path}) for ${given} customers; Riverty documents it for ${owner} customers only. Nothing was sent.`,
		);
	}
}

/**
 * Fields Below and version 2's mapped modes: ISO codes are capitals, so a spreadsheet's "no" is
 * sent as NO (spaces around it dropped). A JSON Body is sent as written (the check refuses "no").
 */
function fromEditor(body: IDataObject): void {
	const code = valueOf(body, countryCode);
	if (typeof code === 'string') setValue(body, countryCode.path, code.trim().toUpperCase());
}

/** Shown in both input modes: the key (part of the URL) and the HEAD option. */
const properties: INodeProperties[] = [
	v1Field(customerNumber, {
		required: true,
		description:
			'Your own reference for this customer (customerNumber in the URL). A customer with this number is updated; otherwise one is created.',
	}),
	{
		displayName: 'Report Added or Updated',
		name: 'reportAction',
		type: 'boolean',
		default: false,
		description:
			'Whether to check first (one HEAD request) if the customer exists, so the output says "added" or "updated" instead of "upserted"',
	},
];

/** A field of version 1's Fields Below, with what version 1 showed beyond the schema (frozen). */
type V1Entry = [FieldSpec, V1Shape?];
/** A version-1 parameter: one field, or a collection of fields (`name` is the parameter's). */
type V1Place = { field: V1Entry } | { collection: V1Shape & { name: string; displayName: string }; fields: V1Entry[] };

/** The address fields as version 1 describes them: the schema's words and the wire path. */
const withPath = (field: FieldSpec): V1Shape => ({ description: `${field.description} (${field.path})` });
/** A group's collection, shown for its type only. */
const groupCollection = (member: FieldSpec, shape: V1Shape, typeValue: string) => {
	const name = groupOf(member) as string;
	return { name, displayName: customerSchema.groups?.[name] ?? name, ...shape, displayOptions: { show: { [type.path]: [typeValue] } } };
};

/** Input Mode "Fields Below" (version 1), in its order. */
const V1_FIELDS: V1Place[] = [
	{ field: [type, { required: true, default: 'Person', description: 'The type of the customer' }] },
	{
		collection: groupCollection(ssn, { placeholder: 'Add Person Field', description: 'Legal information of the person' }, 'Person'),
		fields: [
			[firstName],
			[lastName],
			[ssn, { placeholder: '02016126007', description: 'National identity number (social security number); Riverty does not send it back' }],
		],
	},
	{
		collection: groupCollection(companyName, { placeholder: 'Add Company Field', description: 'The organization info of the company' }, 'Company'),
		fields: [
			[companyName, { description: companyName.description }],
			[organizationNumber, { description: organizationNumber.description }],
		],
	},
	{ field: [addressLine, { required: true, ...withPath(addressLine) }] },
	{
		collection: { name: 'additionalFields', displayName: 'Additional Fields', placeholder: 'Add Field' },
		fields: [
			[addressLine2, withPath(addressLine2)],
			[addressLine3, withPath(addressLine3)],
			[
				countryCode,
				{ placeholder: 'NO', description: `Two-letter country code (ISO 3166-1 alpha-2), such as NO or DE (${countryCode.path})` },
			],
			[email, { placeholder: 'name@email.com', description: 'The email address of the customer' }],
			[
				existingCustomer,
				{
					description:
						'Whether the customer is already an existing customer of yours. Only for type Person: refused for a Company.',
				},
			],
			[
				individualRiskScore,
				{ description: "The customer's individual risk score, as you rate it. Only for type Person: refused for a Company." },
			],
			[phoneNumber, { placeholder: '+4712345678', description: 'The phone number of the customer, international format' }],
			[postalCode, withPath(postalCode)],
			[postalPlace, withPath(postalPlace)],
		],
	},
];

const fields: INodeProperties[] = V1_FIELDS.map((place) =>
	'field' in place
		? v1Field(...place.field)
		: { type: 'collection', default: {}, ...place.collection, options: place.fields.map((entry) => v1Field(...entry)) },
);

/** The JSON Body's sample: a Person with the usual fields, empty (one line per top-level field). */
function jsonSample(typeValue: string, empty: FieldSpec[]): string {
	const sample: IDataObject = {};
	setValue(sample, type.path, typeValue);
	for (const field of empty) setValue(sample, field.path, '');
	const inline = (value: unknown): string =>
		value !== null && typeof value === 'object'
			? `{ ${Object.entries(value).map(([key, inner]) => `${JSON.stringify(key)}: ${inline(inner)}`).join(', ')} }`
			: JSON.stringify(value);
	return `{\n${Object.entries(sample).map(([key, value]) => `  ${JSON.stringify(key)}: ${inline(value)}`).join(',\n')}\n}`;
}

/** What the upsert carries to its `before` hook. */
interface UpsertCarry {
	/** "Report Added or Updated": send the documented HEAD first. */
	reportAction: boolean;
}

export const customerUpsert: UpsertOperation<UpsertCarry> = upsertOperation<UpsertCarry>({
	resource: 'customer',
	actionDetail:
		'by Customer Number (your own unique ID for the customer); safe to repeat: the same Customer Number updates the customer',
	keyDetail: 'by Customer Number',
	properties,
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: jsonSample('Person', [firstName, lastName, addressLine, postalCode, postalPlace, countryCode]),
			description:
				"Riverty's Create or Update Customer body (without customerNumber, which goes in the URL); the same rules are checked before sending",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody, urlValues }: ItemInput): VendorRequest<UpsertCarry> {
		// version 2's mapped modes: the key is a field of the record
		const given = urlValues ? (urlValues[customerNumber.path] ?? '') : this.getNodeParameter(wireName(customerNumber), itemIndex, '');
		const key = checkCustomerNumber(given, customerNumber.label);
		const body = jsonBody ?? customerBodyFromFields(readV1Fields(this, itemIndex));
		// the mapped record, like Fields Below (a JSON Body is checked as written)
		if (jsonBody && urlValues) fromEditor(body);
		checkBody(customerSchema, body, { wire: 'json' });
		return {
			method: 'PUT',
			url: customerUrl(credentials, key),
			headers: JSON_HEADERS,
			body,
			key,
			// a personal number: sent to Riverty, kept out of outputs and errors (Validate Only shows [redacted])
			secrets: personalNumber(body),
			carry: { reportAction: this.getNodeParameter('reportAction', itemIndex, false) === true },
		};
	},
	parse: parseUpsertReply,
	before: checkCustomerExists,
	after: actionFromCheck,
});

/** Fields Below: each field's value, from its own parameter or its collection (version 1). */
function readV1Fields(ctx: IExecuteFunctions, itemIndex: number): Map<FieldSpec, unknown> {
	const values = new Map<FieldSpec, unknown>();
	for (const place of V1_FIELDS) {
		if ('field' in place) {
			const [field] = place.field;
			values.set(field, ctx.getNodeParameter(wireName(field), itemIndex, ''));
			continue;
		}
		const given = (ctx.getNodeParameter(place.collection.name, itemIndex, {}) ?? {}) as IDataObject;
		for (const [field] of place.fields) {
			if (given[wireName(field)] !== undefined) values.set(field, given[wireName(field)]);
		}
	}
	return values;
}

/**
 * Fields Below's body, in the documented order: text fields as text (empty ones left out), the
 * group of the item's type only (the other one is hidden in the editor), Country Code in capitals.
 */
export function customerBodyFromFields(values: Map<FieldSpec, unknown>): IDataObject {
	const given = values.get(type);
	const body: IDataObject = { [type.path]: given as IDataObject[string] };
	for (const field of customerSchema.fields) {
		if (field === type || !values.has(field)) continue;
		if (groupOf(field) !== undefined && field.rule !== undefined && field.rule !== RULE_OF_TYPE.get(String(given))) continue;
		const value = values.get(field);
		// kept even for a Company, so that the check refuses it instead of dropping it unseen
		if (field.type === 'boolean') {
			setValue(body, field.path, value);
			continue;
		}
		const text = asText(value, field.path, field.label);
		if (text !== '') setValue(body, field.path, text);
	}
	fromEditor(body);
	// only spaces: not set, like an empty field (not an empty countryCode on the wire)
	const address = body[groupOf(countryCode) as string] as IDataObject | undefined;
	if (address && address[wireName(countryCode)] === '') delete address[wireName(countryCode)];
	return body;
}

/**
 * Riverty's reply to the PUT (docs/vendors/riverty.md#replies): the stored customer with `_links`; `ssn` is not echoed.
 * 200 vs 201 is not documented, so any 2xx is success and the action stays "upserted" unless the
 * HEAD check ran (see checkCustomerExists). Failures carry the body's own words, whatever its shape.
 */
export function parseUpsertReply(reply: VendorReply, request: VendorRequest): ParsedReply {
	const read = readRivertyReply(reply);
	if (!read.ok) return read;
	if (read.value === undefined) return { ok: true, action: 'upserted', id: request.key, raw: null };
	return { ok: true, action: 'upserted', id: customerNumberOf(read.value, request.key), raw: read.value };
}

/**
 * "Report Added or Updated": the PUT cannot tell created from updated, so the documented HEAD
 * (`check_customer`) on the same URL runs first. Only when the option is on: it costs a request.
 */
async function checkCustomerExists(
	this: IExecuteFunctions,
	request: VendorRequest<UpsertCarry>,
	send: (request: VendorRequest) => Promise<VendorReply>,
): Promise<IDataObject | undefined> {
	if (!request.carry?.reportAction) return undefined;
	const head = await send({ method: 'HEAD', url: request.url, headers: ACCEPT_JSON, key: request.key });
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

function personalNumber(body: IDataObject): string[] | undefined {
	const value = valueOf(body, ssn);
	return typeof value === 'string' || typeof value === 'number' ? [String(value)] : undefined;
}
