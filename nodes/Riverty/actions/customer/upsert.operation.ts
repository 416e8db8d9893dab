import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { allProperties, labelsOf } from '../../../shared/describe';
import { FieldError } from '../../../shared/errors';
import { ACCEPT_JSON, JSON_HEADERS, readParameters, upsertOperation } from '../../../shared/operations';
import type { ItemInput, ParsedReply, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import {
	asText,
	describe,
	expectNoControlChars,
	expectOneOf,
	expectPattern,
	expectType,
	isPresent,
	rejectUnknown,
	requireString,
} from '../../../shared/validate';
import type { FieldSchema } from '../../../shared/schema';
import { expectTypes, groupNames, topLevelNames } from '../../../shared/schema';
import { existsFromHeadStatus } from '../../assumptions';
import { checkCustomerNumber, customerNumberOf, customerUrl, readRivertyReply, statusHint } from '../../helpers';

/**
 * Customer → Create or Update: PUT {base}/v1/clients/{clientId}/customers/{customerNumber} with
 * a JSON body (docs/vendors/riverty.md#customer-upsert). Field names are Riverty's own; key
 * order follows the page's Request Example.
 */

const PERSON_ONLY = 'only for customers of type Person';

/** The documented fields (docs/vendors/riverty.md#customer-upsert), in the page's order; customerNumber goes in the URL. */
export const customerSchema: FieldSchema = {
	call: "Riverty's Create or Update Customer",
	fields: [
		{
			path: 'customerNumber',
			label: 'Customer Number',
			type: 'string',
			required: true,
			inUrl: true,
			description: 'Your own reference for this customer: a customer with this number is updated, otherwise one is created',
		},
		{
			path: 'type',
			label: 'Type',
			type: 'enum',
			values: [
				{ name: 'Person', value: 'Person' },
				{ name: 'Company', value: 'Company' },
			],
			required: true,
			description: 'Person or Company: picks which group of fields applies, per item',
		},
		{
			path: 'person.ssn',
			label: 'SSN',
			type: 'string',
			secret: true,
			rule: PERSON_ONLY,
			description: 'National identity number, e.g. 02016126007; Riverty does not send it back',
		},
		{ path: 'person.firstName', label: 'First Name', type: 'string', rule: PERSON_ONLY, description: "The person's first name" },
		{ path: 'person.lastName', label: 'Last Name', type: 'string', rule: PERSON_ONLY, description: "The person's last name" },
		{ path: 'company.name', label: 'Name', type: 'string', rule: 'only for customers of type Company', description: 'Company name' },
		{
			path: 'company.organizationNumber',
			label: 'Organization Number',
			type: 'string',
			rule: 'only for customers of type Company',
			description: 'Organisation or registration number',
		},
		{
			path: 'phoneNumber',
			label: 'Phone Number',
			type: 'string',
			description: 'The phone number of the customer, international format, e.g. +4712345678',
		},
		{ path: 'email', label: 'Email', type: 'string', description: 'The email address of the customer, e.g. name@email.com' },
		{
			path: 'address.addressLine',
			label: 'Address Line',
			type: 'string',
			required: true,
			description: 'First address line: street and number, PO box, or company name',
		},
		{ path: 'address.addressLine2', label: 'Address Line 2', type: 'string', description: 'Apartment, suite, unit, building, floor…' },
		{ path: 'address.addressLine3', label: 'Address Line 3', type: 'string', description: 'Third address line' },
		{ path: 'address.postalCode', label: 'Postal Code', type: 'string', description: 'Zip or postal code' },
		{ path: 'address.postalPlace', label: 'Postal Place', type: 'string', description: 'City or place' },
		{
			path: 'address.countryCode',
			label: 'Country Code',
			type: 'string',
			description: 'Two-letter country code in capitals (ISO 3166-1 alpha-2), e.g. NO',
		},
		{
			path: 'existingCustomer',
			label: 'Existing Customer',
			type: 'boolean',
			rule: PERSON_ONLY,
			description: 'Whether the customer is already a customer of yours; for type Person only',
		},
		{
			path: 'individualRiskScore',
			label: 'Individual Risk Score',
			type: 'string',
			rule: PERSON_ONLY,
			description: "The customer's individual risk score, as you rate it; for type Person only",
		},
	],
};

const BODY_FIELDS = topLevelNames(customerSchema);
const PERSON_FIELDS = groupNames(customerSchema, 'person');
const COMPANY_FIELDS = groupNames(customerSchema, 'company');
const ADDRESS_FIELDS = groupNames(customerSchema, 'address');
/** "Only applicable for Person customer type" (docs/vendors/riverty.md#customer-upsert). */
const PERSON_ONLY_FIELDS = customerSchema.fields.filter((f) => f.rule === PERSON_ONLY && !f.path.includes('.')).map((f) => f.path);
export const CUSTOMER_TYPES = (customerSchema.fields.find((f) => f.path === 'type')?.values ?? []).map((v) => String(v.value));

/** Shown in both input modes: the key (part of the URL) and the HEAD option. */
const properties: INodeProperties[] = [
	{
		displayName: 'Customer Number',
		name: 'customerNumber',
		type: 'string',
		required: true,
		default: '',
		description:
			'Your own reference for this customer (customerNumber in the URL). A customer with this number is updated; otherwise one is created.',
	},
	{
		displayName: 'Report Added or Updated',
		name: 'reportAction',
		type: 'boolean',
		default: false,
		description:
			'Whether to check first (one HEAD request) if the customer exists, so the output says "added" or "updated" instead of "upserted"',
	},
];

/** Input Mode "Fields Below". */
const fields: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		required: true,
		options: [
			{ name: 'Person', value: 'Person' },
			{ name: 'Company', value: 'Company' },
		],
		default: 'Person',
		description: 'The type of the customer',
	},
	{
		displayName: 'Person',
		name: 'person',
		type: 'collection',
		placeholder: 'Add Person Field',
		default: {},
		displayOptions: { show: { type: ['Person'] } },
		description: 'Legal information of the person',
		options: [
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{
				displayName: 'SSN',
				name: 'ssn',
				type: 'string',
				default: '',
				placeholder: '02016126007',
				description: 'National identity number (social security number); Riverty does not send it back',
			},
		],
	},
	{
		displayName: 'Company',
		name: 'company',
		type: 'collection',
		placeholder: 'Add Company Field',
		default: {},
		displayOptions: { show: { type: ['Company'] } },
		description: 'The organization info of the company',
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Company name' },
			{
				displayName: 'Organization Number',
				name: 'organizationNumber',
				type: 'string',
				default: '',
				description: 'Organisation or registration number',
			},
		],
	},
	{
		displayName: 'Address Line',
		name: 'addressLine',
		type: 'string',
		required: true,
		default: '',
		description: 'First address line: street and number, PO box, or company name (address.addressLine)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Address Line 2',
				name: 'addressLine2',
				type: 'string',
				default: '',
				description: 'Apartment, suite, unit, building, floor… (address.addressLine2)',
			},
			{
				displayName: 'Address Line 3',
				name: 'addressLine3',
				type: 'string',
				default: '',
				description: 'Third address line (address.addressLine3)',
			},
			{
				displayName: 'Country Code',
				name: 'countryCode',
				type: 'string',
				default: '',
				placeholder: 'NO',
				description: 'Two-letter country code (ISO 3166-1 alpha-2), such as NO or DE (address.countryCode)',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'The email address of the customer',
			},
			{
				displayName: 'Existing Customer',
				name: 'existingCustomer',
				type: 'boolean',
				default: false,
				description:
					'Whether the customer is already an existing customer of yours. Only for type Person: refused for a Company.',
			},
			{
				displayName: 'Individual Risk Score',
				name: 'individualRiskScore',
				type: 'string',
				default: '',
				description:
					"The customer's individual risk score, as you rate it. Only for type Person: refused for a Company.",
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+4712345678',
				description: 'The phone number of the customer, international format',
			},
			{
				displayName: 'Postal Code',
				name: 'postalCode',
				type: 'string',
				default: '',
				description: 'Zip or postal code (address.postalCode)',
			},
			{
				displayName: 'Postal Place',
				name: 'postalPlace',
				type: 'string',
				default: '',
				description: 'City or place (address.postalPlace)',
			},
		],
	},
];

/** What the upsert carries to its `before` hook. */
interface UpsertCarry {
	/** "Report Added or Updated": send the documented HEAD first. */
	reportAction: boolean;
}

export const customerUpsert: UpsertOperation<UpsertCarry> = upsertOperation<UpsertCarry>({
	resource: 'customer',
	actionDetail:
		'by Customer Number (your own unique ID for the customer); safe to repeat: the same Customer Number updates the customer',
	properties,
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default:
				'{\n  "type": "Person",\n  "person": { "firstName": "", "lastName": "" },\n  "address": { "addressLine": "", "postalCode": "", "postalPlace": "", "countryCode": "" }\n}',
			description:
				"Riverty's Create or Update Customer body (without customerNumber, which goes in the URL); the same rules are checked before sending",
		},
	},
	build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody, urlValues }: ItemInput): VendorRequest<UpsertCarry> {
		// version 2's mapped modes: the key is a field of the record
		const given = urlValues ? (urlValues.customerNumber ?? '') : this.getNodeParameter('customerNumber', itemIndex, '');
		const customerNumber = checkCustomerNumber(given, label('customerNumber'));
		const body =
			jsonBody ??
			customerBodyFromFields(
				readParameters(this, itemIndex, { type: '', person: {}, company: {}, addressLine: '', additionalFields: {} }),
			);
		validateCustomer(body);
		return {
			method: 'PUT',
			url: customerUrl(credentials, customerNumber),
			headers: JSON_HEADERS,
			body,
			key: customerNumber,
			// a personal number: sent to Riverty, kept out of outputs and errors (Validate Only shows [redacted])
			secrets: personalNumber(body),
			carry: { reportAction: this.getNodeParameter('reportAction', itemIndex, false) === true },
		};
	},
	parse: parseUpsertReply,
	before: checkCustomerExists,
	after: actionFromCheck,
});

const LABELS = labelsOf(allProperties(customerUpsert));

/**
 * The label the node shows for a wire field (address.postalCode → "Postal Code"). The node has
 * no field for the `address` object itself: Address Line and the Additional Fields make it up.
 */
function label(path: string): string | undefined {
	if (path === 'address') return 'Address';
	return LABELS[path] ?? LABELS[path.slice(path.lastIndexOf('.') + 1)];
}

export function customerBodyFromFields(params: {
	type: unknown;
	person: IDataObject;
	company: IDataObject;
	addressLine: unknown;
	additionalFields: IDataObject;
}): IDataObject {
	const extra = params.additionalFields ?? {};
	const body: IDataObject = { type: params.type as IDataObject['type'] };
	if (params.type === 'Person') {
		const person = pick(params.person ?? {}, PERSON_FIELDS, 'person');
		if (Object.keys(person).length) body.person = person;
	}
	if (params.type === 'Company') {
		const company = pick(params.company ?? {}, COMPANY_FIELDS, 'company');
		if (Object.keys(company).length) body.company = company;
	}
	for (const field of ['phoneNumber', 'email'] as const) {
		const value = asText(extra[field], field, label(field));
		if (value !== '') body[field] = value;
	}
	const address = pick({ ...extra, addressLine: params.addressLine as IDataObject['addressLine'] }, ADDRESS_FIELDS, 'address');
	// ISO codes are capitals; "no" from a spreadsheet means NO
	if (typeof address.countryCode === 'string') address.countryCode = address.countryCode.trim().toUpperCase();
	// only spaces: not set, like an empty field (not an empty countryCode on the wire)
	if (address.countryCode === '') delete address.countryCode;
	body.address = address;
	// kept even for a Company, so that validateCustomer refuses them instead of dropping them unseen
	if ('existingCustomer' in extra) body.existingCustomer = extra.existingCustomer;
	const risk = asText(extra.individualRiskScore, 'individualRiskScore', label('individualRiskScore'));
	if (risk !== '') body.individualRiskScore = risk;
	return body;
}

/** The documented rules, checked on the final body (fields mode and JSON-body mode alike). */
export function validateCustomer(body: IDataObject): void {
	rejectUnknown(body, BODY_FIELDS, "Riverty's Create or Update Customer body", '', {
		customerNumber: 'it goes in the Customer Number field, which is part of the URL',
	});
	requireString(body, 'type', label('type'));
	expectType(body, 'type', 'string', label('type'));
	expectOneOf(body, 'type', CUSTOMER_TYPES, label('type'));
	const type = body.type as 'Person' | 'Company';

	checkObject(body, 'person', PERSON_FIELDS);
	checkObject(body, 'company', COMPANY_FIELDS);
	if (type === 'Company' && body.person !== undefined) {
		throw new FieldError('person', 'is for customers of type Person; use company for a Company', label('person'));
	}
	if (type === 'Person' && body.company !== undefined) {
		throw new FieldError('company', 'is for customers of type Company; use person for a Person', label('company'));
	}

	if (!isPresent(body.address)) {
		throw new FieldError('address', 'is required (at least address.addressLine)', label('address'));
	}
	checkObject(body, 'address', ADDRESS_FIELDS);
	// each documented field's type, and the required ones (customerSchema)
	expectTypes(customerSchema, body);
	expectPattern(
		body,
		'address.countryCode',
		/^[A-Z]{2}$/,
		'a two-letter country code in capitals (such as "NO")',
		label('address.countryCode'),
	);

	if (type === 'Company') {
		for (const field of PERSON_ONLY_FIELDS) {
			if (body[field] !== undefined) {
				throw new FieldError(
					field,
					'is only for customers of type Person, not for a Company',
					label(field),
					`Remove "${label(field)}" (${field}) for Company customers; Riverty documents it for Person customers only. Nothing was sent.`,
				);
			}
		}
	}
	expectNoControlChars(body);
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

/** The listed fields, in the listed (documented) order, as text; empty ones left out. */
function pick(source: IDataObject, names: readonly string[], path: string): IDataObject {
	const out: IDataObject = {};
	for (const name of names) {
		const value = asText(source[name], `${path}.${name}`, label(`${path}.${name}`));
		if (value !== '') out[name] = value;
	}
	return out;
}

function checkObject(body: IDataObject, field: string, keys: readonly string[]): void {
	const value = body[field];
	if (value === undefined) return;
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new FieldError(field, `must be an object with ${keys.join(', ')}, got ${describe(value)}`, label(field));
	}
	rejectUnknown(value as IDataObject, keys, field, `${field}.`);
	for (const key of keys) expectType(body, `${field}.${key}`, 'string', label(`${field}.${key}`));
}

function personalNumber(body: IDataObject): string[] | undefined {
	const ssn = (body.person as IDataObject | undefined)?.ssn;
	return typeof ssn === 'string' || typeof ssn === 'number' ? [String(ssn)] : undefined;
}
