import FormData from 'form-data';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { ACCEPT_JSON, upsertOperation } from '../../../shared/operations';
import type { ItemInput, ParsedReply, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import { fieldsOf } from '../../../shared/validateOnly';
import type { FieldSchema } from '../../../shared/schema';
import { schemaLabels } from '../../../shared/schema';
import { describe, expectNoControlChars, isPresent } from '../../../shared/validate';
import { actionForStatus, encodePaymentTypes } from '../../assumptions';
import { checkReference, customerByReferenceUrl, idOf, readValomniaObject } from '../../helpers';
import type { ImageFile } from '../../image';
import { readImage } from '../../image';

/**
 * Customer → Create or Update: POST https://BASE_URL/api/VERSION/customers/reference/{id}
 * (docs/vendors/valomnia.md#customer-upsert), form parameters with Valomnia's names, sent urlencoded, or multipart/form-data
 * when an image goes with them. Valomnia inserts the customer, or updates the one with this
 * reference.
 */

const billingFields: INodeProperties[] = [
	{
		displayName: 'Billing Address',
		name: 'billingAddress',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Billing City',
		name: 'billingCity',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Billing Country',
		name: 'billingCountry',
		type: 'string',
		default: '',
		placeholder: 'FR',
		description: 'ISO country code or country name, such as FR or France',
	},
	{
		displayName: 'Billing Latitude',
		name: 'billingLat',
		type: 'number',
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Billing Longitude',
		name: 'billingLng',
		type: 'number',
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Billing Postal Code',
		name: 'billingPostalCode',
		type: 'string',
		default: '',
	},
];

const shippingFields: INodeProperties[] = [
	{
		displayName: 'Address',
		name: 'address',
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
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: '',
		placeholder: 'FR',
		description: 'ISO country code or country name, such as FR or France',
	},
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Postal Code',
		name: 'postalCode',
		type: 'string',
		default: '',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		required: true,
		default: '',
		description:
			'Your unique reference for this customer (the last part of the URL). A customer with this reference is updated; otherwise one is added.',
	},
];

const fields: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
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
				displayName: 'Barcode',
				name: 'barcode',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Bill With Parent',
				name: 'billWithParent',
				type: 'boolean',
				default: false,
				description: 'Whether the parent customer is billed for this sub-customer',
			},
			{
				displayName: 'Billing Address',
				name: 'billing',
				type: 'collection',
				placeholder: 'Add Billing Field',
				default: {},
				options: billingFields,
			},
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
			},
			{
				displayName: 'Company Registration Number',
				name: 'companyRegistrationNumber',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Credit Limit',
				name: 'creditLimit',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'EUR',
				description: "ISO code of a currency configured in Valomnia. Empty: the organisation's currency.",
			},
			{
				displayName: 'Customer Category Name or ID',
				name: 'categoryId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCustomerCategories' },
				default: '',
				description:
					'Empty: the root customer category. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Customer Segmentation Name or ID',
				name: 'customerSegmentationId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCustomerSegmentations' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Due Date Days',
				name: 'dueDateConfigNumber',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 30,
				description: 'Number of days before an invoice is due. Required when Due Date Type is set.',
			},
			{
				displayName: 'Due Date Type',
				name: 'dueDateConfigType',
				type: 'options',
				options: [
					{ name: 'After the Invoice Date', value: '1' },
					{ name: 'After the End of the Invoice Month', value: '2' },
				],
				default: '1',
				description: 'What the Due Date Days count from. Needs Due Date Days.',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Fax',
				name: 'fax',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Image File (Binary Property)',
				name: 'imageFile',
				type: 'string',
				default: 'data',
				description:
					'Name of the input binary property holding the customer image (jpg, gif, png or bmp, at most 2 MB). It is sent as multipart/form-data.',
			},
			{
				displayName: 'Is Active',
				name: 'isActive',
				type: 'boolean',
				default: true,
				description: 'Whether the customer is active',
			},
			{
				displayName: 'Is Sub-Customer',
				name: 'isSubCustomer',
				type: 'boolean',
				default: false,
				description: 'Whether the customer belongs to a parent customer (then Parent Customer ID is required)',
			},
			{
				displayName: 'Mobile',
				name: 'mobile',
				type: 'string',
				default: '',
			},
			{
				displayName: 'On Hold',
				name: 'onHold',
				type: 'boolean',
				default: false,
				description: 'Whether the customer is on hold',
			},
			{
				displayName: 'On Hold Reason',
				name: 'onHoldReason',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Parent Customer ID',
				name: 'parentCustomerId',
				type: 'string',
				default: '',
				description: 'Valomnia ID of the parent customer. Required when Is Sub-Customer is on.',
			},
			{
				displayName: 'Payment Type Names or IDs',
				name: 'paymentTypes',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getPaymentTypes' },
				default: [],
				description: 'Payment types accepted from this customer. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Region Name or ID',
				name: 'regionId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getRegions' },
				default: '',
				description:
					'Used only when geographical locations are on in Valomnia; at the configured level of the organisation or below. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Same Shipping Address',
				name: 'isSameAddress',
				type: 'boolean',
				default: true,
				description: 'Whether the shipping address is the same as the billing address',
			},
			{
				displayName: 'Shipping Address',
				name: 'shipping',
				type: 'collection',
				placeholder: 'Add Shipping Field',
				default: {},
				description: 'Where the customer is delivered; see also Same Shipping Address',
				options: shippingFields,
			},
			{
				displayName: 'Tax Number',
				name: 'taxNumber',
				type: 'string',
				default: '',
				description: 'Tax or VAT number',
			},
			{
				displayName: 'User ID',
				name: 'userId',
				type: 'string',
				default: '',
				description: 'ID of the Valomnia user recorded as the creator of the customer',
			},
			{
				displayName: 'Website',
				name: 'website',
				type: 'string',
				default: '',
			},
		],
	},
];

const jsonProperties: INodeProperties[] = [
	{
		displayName: 'Image File (Binary Property)',
		name: 'jsonImageFile',
		type: 'string',
		default: '',
		description:
			'Optional: name of the input binary property holding the customer image (jpg, gif, png or bmp, at most 2 MB)',
	},
];


/**
 * The documented form parameters (docs/vendors/valomnia.md#customer-upsert), in the doc's order;
 * `format` is the check beyond the type (checkValue below). The reference goes in the URL.
 */
export const customerSchema: FieldSchema = {
	call: "Valomnia's customer upsert",
	fields: [
		{
			path: 'reference',
			label: 'Reference',
			type: 'string',
			required: true,
			inUrl: true,
			description: 'Your unique reference for this customer: a customer with it is updated, otherwise one is added',
		},
		{ path: 'name', label: 'Name', type: 'string', required: true, description: 'The customer\'s name' },
		{ path: 'barcode', label: 'Barcode', type: 'string', description: 'The customer\'s barcode' },
		{ path: 'isActive', label: 'Is Active', type: 'boolean', default: true, description: 'Whether the customer is active' },
		{ path: 'categoryId', label: 'Customer Category Name or ID', type: 'string', format: 'id', loadOptions: 'getCustomerCategories', noEmpty: 'an empty ID is not a category', description: 'The customer category; without it, the root category' },
		{ path: 'isSubCustomer', label: 'Is Sub-Customer', type: 'boolean', default: false, description: 'Whether the customer belongs to a parent customer (then Parent Customer ID is required)' },
		{ path: 'parentCustomerId', label: 'Parent Customer ID', type: 'string', format: 'id', rule: 'required when Is Sub-Customer is on', noEmpty: 'an empty ID is not a customer', description: 'Valomnia ID of the parent customer; required when Is Sub-Customer is on' },
		{ path: 'billWithParent', label: 'Bill With Parent', type: 'boolean', default: false, description: 'Whether the parent customer is billed for this sub-customer' },
		{ path: 'customerSegmentationId', label: 'Customer Segmentation Name or ID', type: 'string', format: 'id', loadOptions: 'getCustomerSegmentations', noEmpty: 'an empty ID is not a segmentation', description: 'The customer segmentation' },
		{ path: 'userId', label: 'User ID', type: 'string', format: 'id', noEmpty: 'an empty ID is not a user', description: 'ID of the Valomnia user recorded as the creator of the customer' },
		{ path: 'isSameAddress', label: 'Same Shipping Address', type: 'boolean', default: true, description: 'Whether the shipping address is the same as the billing address' },
		{ path: 'billingCountry', label: 'Billing Country', type: 'string', description: 'ISO country code or country name, e.g. FR or France' },
		{ path: 'billingCity', label: 'Billing City', type: 'string', description: 'City of the billing address' },
		{ path: 'billingPostalCode', label: 'Billing Postal Code', type: 'string', description: 'Postal code of the billing address' },
		{ path: 'billingAddress', label: 'Billing Address', type: 'string', description: 'Street of the billing address' },
		{ path: 'billingLat', label: 'Billing Latitude', type: 'number', format: 'latitude', description: 'Latitude of the billing address, from -90 to 90' },
		{ path: 'billingLng', label: 'Billing Longitude', type: 'number', format: 'longitude', description: 'Longitude of the billing address, from -180 to 180' },
		{ path: 'country', label: 'Country', type: 'string', description: 'Shipping country: ISO country code or country name, e.g. FR or France' },
		{ path: 'city', label: 'City', type: 'string', description: 'City of the shipping address' },
		{ path: 'postalCode', label: 'Postal Code', type: 'string', description: 'Postal code of the shipping address' },
		{ path: 'address', label: 'Address', type: 'string', description: 'Street of the shipping address' },
		{ path: 'latitude', label: 'Latitude', type: 'number', format: 'latitude', description: 'Latitude of the shipping address, from -90 to 90' },
		{ path: 'longitude', label: 'Longitude', type: 'number', format: 'longitude', description: 'Longitude of the shipping address, from -180 to 180' },
		{ path: 'email', label: 'Email', type: 'string', description: 'Email address, e.g. name@email.com' },
		{ path: 'phone', label: 'Phone', type: 'string', description: 'Phone number' },
		{ path: 'mobile', label: 'Mobile', type: 'string', description: 'Mobile number' },
		{ path: 'fax', label: 'Fax', type: 'string', description: 'Fax number' },
		{ path: 'comment', label: 'Comment', type: 'string', description: 'A comment on the customer' },
		{ path: 'website', label: 'Website', type: 'string', description: 'The customer\'s website, e.g. https://example.com' },
		{ path: 'creditLimit', label: 'Credit Limit', type: 'number', description: 'The customer\'s credit limit, a number' },
		{ path: 'dueDateConfigNumber', label: 'Due Date Days', type: 'integer', format: 'days', rule: 'required when Due Date Type is set', description: 'Number of days before an invoice is due; required when Due Date Type is set' },
		{ path: 'dueDateConfigType', label: 'Due Date Type', type: 'enum', values: [{ name: 'After the Invoice Date', value: '1' }, { name: 'After the End of the Invoice Month', value: '2' }], description: 'What the Due Date Days count from' },
		{ path: 'taxNumber', label: 'Tax Number', type: 'string', description: 'Tax or VAT number' },
		{ path: 'companyRegistrationNumber', label: 'Company Registration Number', type: 'string', description: 'Company registration number' },
		{ path: 'currency', label: 'Currency', type: 'string', format: 'currency', noEmpty: 'an empty currency is not a code', description: 'ISO code of a currency configured in Valomnia, e.g. EUR; without it, the organisation\'s currency' },
		{ path: 'paymentTypes', label: 'Payment Type Names or IDs', type: 'list', format: 'paymentTypes', loadOptions: 'getPaymentTypes', description: 'Payment types accepted from this customer: IDs, e.g. [7, 8] or "7,8"' },
		{ path: 'regionId', label: 'Region Name or ID', type: 'integer', format: 'long', loadOptions: 'getRegions', description: 'The region; only when geographical locations are on in Valomnia' },
		{ path: 'onHold', label: 'On Hold', type: 'boolean', default: false, description: 'Whether the customer is on hold' },
		{ path: 'onHoldReason', label: 'On Hold Reason', type: 'string', description: 'Why the customer is on hold' },
	],
};

/** Every documented form parameter, in the doc's order: its name and its check. */
const FORM_FIELDS: ReadonlyArray<[name: string, kind: Kind]> = customerSchema.fields
	.filter((field) => !field.inUrl)
	.map((field) => [field.path, (field.format ?? (field.type === 'enum' ? 'dueDateType' : field.type)) as Kind]);
const KIND = new Map(FORM_FIELDS.map(([name, kind]) => [name, kind]));
/** The labels the node shows, for the errors of the checks below. */
const LABELS = schemaLabels(customerSchema);

type Kind =
	| 'string'
	| 'id'
	| 'long'
	| 'boolean'
	| 'number'
	| 'days'
	| 'latitude'
	| 'longitude'
	| 'dueDateType'
	| 'currency'
	| 'paymentTypes';

/** `dueDateConfigType`: 1 = after the invoice date, 2 = after the end of the invoice month. */
export const DUE_DATE_TYPES = ['1', '2'] as const;

// ---------- parameters → body ----------

/** The node's fields as one flat object with Valomnia's names (billing/shipping groups opened). */
export function bodyFromFields(params: { name: unknown; additionalFields: IDataObject }): IDataObject {
	const { billing, shipping, ...rest } = params.additionalFields ?? {};
	delete rest.imageFile; // sent as a file part, not as a field (image.ts)
	const body: IDataObject = { name: params.name as IDataObject[string] };
	for (const group of [billing, shipping]) {
		if (group && typeof group === 'object' && !Array.isArray(group)) Object.assign(body, group);
	}
	Object.assign(body, rest);
	// "not set" in the UI: empty text, an empty list
	for (const [key, value] of Object.entries(body)) {
		if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
			delete body[key];
		}
	}
	return body;
}

/**
 * Checks the body against the doc (names, types, conditional rules) and returns it with
 * canonical values: numbers as numbers, payment types as ids. Used by both input modes.
 */
export function validateCustomer(input: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(input)) {
		const kind = KIND.get(key);
		if (!kind) throw unknownField(key);
		if (value === undefined || value === null) continue;
		body[key] = checkValue(key, kind, value) as IDataObject[string];
	}
	if (!isPresent(body.name)) throw new FieldError('name', 'is required', LABELS.name);
	// documented conditional rules (docs/vendors/valomnia.md#customer-upsert)
	if (body.isSubCustomer === true && !isPresent(body.parentCustomerId)) {
		throw new FieldError('parentCustomerId', 'is required when isSubCustomer is true', LABELS.parentCustomerId);
	}
	if (isPresent(body.dueDateConfigType) && !isPresent(body.dueDateConfigNumber)) {
		throw new FieldError(
			'dueDateConfigNumber',
			'is required when dueDateConfigType is set',
			LABELS.dueDateConfigNumber,
		);
	}
	expectNoControlChars(body);
	return body;
}

function unknownField(key: string): FieldError {
	if (key === 'reference' || key === 'id') {
		return new FieldError(key, 'goes in the Reference field (it is part of the URL), not in the body', undefined);
	}
	if (key === 'imageFile') {
		return new FieldError(key, 'is a file: name its binary property in "Image File (Binary Property)" instead');
	}
	return new FieldError(key, `is not a parameter of Valomnia's customer upsert; allowed: ${FORM_FIELDS.map(([n]) => n).join(', ')}`);
}

function checkValue(field: string, kind: Kind, value: unknown): unknown {
	const label = LABELS[field];
	const fail = (what: string) => new FieldError(field, `must be ${what}, got ${describe(value)}`, label);
	switch (kind) {
		case 'string':
			if (typeof value === 'number' && Number.isFinite(value)) return String(value);
			if (typeof value !== 'string') throw fail('text');
			return value;
		case 'id':
			if (typeof value === 'number' && Number.isInteger(value)) return String(value);
			if (typeof value !== 'string' || value.trim() === '') throw fail('an ID (text or a whole number)');
			return value.trim();
		case 'long':
			return toInteger(value, fail, 'a numeric ID', 1);
		case 'boolean':
			if (typeof value !== 'boolean') throw fail('true or false');
			return value;
		case 'number':
			return toNumber(value, fail, 'a number');
		case 'days':
			return toInteger(value, fail, 'a whole number of days (0 or more)', 0);
		case 'latitude': {
			const n = toNumber(value, fail, 'a latitude (a number from -90 to 90)');
			if (n < -90 || n > 90) throw fail('a latitude (a number from -90 to 90)');
			return n;
		}
		case 'longitude': {
			const n = toNumber(value, fail, 'a longitude (a number from -180 to 180)');
			if (n < -180 || n > 180) throw fail('a longitude (a number from -180 to 180)');
			return n;
		}
		case 'dueDateType': {
			const text = typeof value === 'number' ? String(value) : value;
			if (typeof text !== 'string' || !(DUE_DATE_TYPES as readonly string[]).includes(text.trim())) {
				throw fail('1 (after the invoice date) or 2 (after the end of the invoice month)');
			}
			return text.trim();
		}
		case 'currency':
			if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) throw fail('an ISO currency code such as EUR');
			return value.trim().toUpperCase();
		case 'paymentTypes':
			return paymentTypeIds(value, fail);
	}
}

function toNumber(value: unknown, fail: (what: string) => FieldError, what: string): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
	if (typeof n !== 'number' || !Number.isFinite(n)) throw fail(what);
	return n;
}

function toInteger(value: unknown, fail: (what: string) => FieldError, what: string, min: number): number {
	const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw fail(what);
	return n;
}

/**
 * Payment types as the user may give them: ids from the dropdown ([7, 8] or ['7', '8']), an
 * expression's "7,8", or Valomnia's own shape [{ "id": 7 }, { "id": 8 }].
 */
function paymentTypeIds(value: unknown, fail: (what: string) => FieldError): number[] {
	const what = 'a list of payment type IDs such as [7, 8]';
	let list: unknown = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('[')) {
			try {
				list = JSON.parse(text);
			} catch {
				throw fail(what);
			}
		} else {
			list = text === '' ? [] : text.split(',').map((part) => part.trim());
		}
	} else if (typeof value === 'number') {
		list = [value];
	}
	if (!Array.isArray(list)) throw fail(what);
	const ids = list.map((entry) => {
		const raw = entry && typeof entry === 'object' && !Array.isArray(entry) ? (entry as IDataObject).id : entry;
		return toInteger(raw, fail, what, 1);
	});
	return [...new Set(ids)];
}

// ---------- body → wire ----------

/** The form parameters in the doc's order, as text. */
export function formEntries(body: IDataObject): Array<[string, string]> {
	const entries: Array<[string, string]> = [];
	for (const [name, kind] of FORM_FIELDS) {
		const value = body[name];
		if (value === undefined || value === null) continue;
		if (kind === 'paymentTypes') entries.push([name, encodePaymentTypes(value as number[])]);
		else entries.push([name, String(value)]);
	}
	return entries;
}

export function buildRequest(
	credentials: ICredentialDataDecryptedObject,
	reference: string,
	body: IDataObject,
	image?: ImageFile,
): VendorRequest {
	const entries = formEntries(body);
	const url = customerByReferenceUrl(credentials, reference);
	if (!image) {
		return {
			method: 'POST',
			url,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams(entries),
			key: reference,
		};
	}
	return {
		method: 'POST',
		url,
		headers: ACCEPT_JSON,
		// a multipart body is a stream that can be sent only once: a fresh one per try
		preview: {
			contentType: 'multipart/form-data',
			body: {
				...fieldsOf(entries),
				imageFile: { fileName: image.fileName, mimeType: image.mimeType, bytes: image.data.length },
			},
		},
		// Skip Unchanged: the fields and the image's bytes (the multipart stream cannot be read)
		canonical: { fields: entries, imageFile: { fileName: image.fileName, mimeType: image.mimeType, data: image.data } },
		body: () => {
			const form = new FormData();
			for (const [name, value] of entries) form.append(name, value);
			form.append('imageFile', image.data, {
				filename: image.fileName,
				contentType: image.mimeType,
				knownLength: image.data.length,
			});
			return form;
		},
		key: reference,
	};
}

/** Valomnia's reply (docs/vendors/valomnia.md#customer-upsert): the customer (201 documented; 200 read as an update, see assumptions.ts). */
export function parseUpsertReply(reply: VendorReply): ParsedReply {
	const read = readValomniaObject(reply);
	if (!read.ok) return read;
	return { ok: true, action: actionForStatus(reply.statusCode), id: idOf(read.json), raw: read.json };
}

export const customerUpsert: UpsertOperation = upsertOperation({
	resource: 'customer',
	actionDetail:
		'by Reference (your own unique code for the customer); safe to repeat: the same Reference updates the customer',
	properties,
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: '{\n  "name": "",\n  "isActive": true\n}',
			description:
				"Valomnia's upsert parameters as one object, with Valomnia's names (name, categoryId, paymentTypes: [7, 8] …); the same rules are checked before sending",
		},
		jsonProperties,
	},
	async build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody, urlValues }: ItemInput): Promise<VendorRequest> {
		// version 2's mapped modes: the reference is a field of the record
		const given = urlValues ? (urlValues.reference ?? '') : this.getNodeParameter('reference', itemIndex, '');
		const reference = checkReference(given, LABELS.reference);
		let raw: IDataObject;
		let imageProperty: string;
		if (jsonBody) {
			raw = jsonBody;
			imageProperty = String(this.getNodeParameter('jsonImageFile', itemIndex, '') ?? '');
		} else {
			const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
			raw = bodyFromFields({ name: this.getNodeParameter('name', itemIndex, ''), additionalFields });
			imageProperty = String(additionalFields.imageFile ?? '');
		}
		const body = validateCustomer(raw);
		const image = imageProperty.trim() ? await readImage(this, itemIndex, imageProperty.trim()) : undefined;
		return buildRequest(credentials, reference, body, image);
	},
	parse: parseUpsertReply,
});
