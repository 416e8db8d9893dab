import FormData from 'form-data';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import { ACCEPT_JSON, upsertOperation } from '../../../shared/operations';
import type { ItemInput, ParsedReply, UpsertOperation, VendorReply, VendorRequest } from '../../../shared/types';
import { fieldsOf } from '../../../shared/validateOnly';
import { checkBody, valueOf } from '../../../shared/check';
import type { FieldSchema, FieldSpec } from '../../../shared/schema';
import { fieldError } from '../../../shared/schema';
import type { V1Shape } from '../../../shared/v1';
import { v1AdditionalFields, v1Field, wireName } from '../../../shared/v1';
import { isPresent } from '../../../shared/validate';
import { actionForStatus, encodePaymentTypes } from '../../assumptions';
import { checkReference, customerByReferenceUrl, idOf, readValomniaObject, reference } from '../../helpers';
import type { ImageFile } from '../../image';
import { IMAGE_PART, readImage } from '../../image';

/**
 * Customer → Create or Update: POST https://BASE_URL/api/VERSION/customers/reference/{id}
 * (docs/vendors/valomnia.md#customer-upsert), form parameters with Valomnia's names, sent urlencoded, or multipart/form-data
 * when an image goes with them. Valomnia inserts the customer, or updates the one with this
 * reference.
 */

// ---------- Valomnia's formats beyond the type (FieldSpec.check) ----------

type Check = NonNullable<FieldSpec['check']>;
/**
 * A kind of field: its type and Valomnia's own check. `format` (text kinds) makes version 2's
 * mapping hand a number given for the text to the check as a number.
 */
type Kind = Pick<FieldSpec, 'type' | 'format' | 'check'>;

/** An ID Valomnia takes as text: text or a whole number, trimmed. */
const ID: Kind = {
	type: 'string',
	format: 'Valomnia ID',
	check: (value, fail) => {
		if (typeof value === 'number' && Number.isInteger(value)) return String(value);
		if (typeof value !== 'string' || value.trim() === '') throw fail('an ID (text or a whole number)');
		return value.trim();
	},
};

/**
 * A boolean: true or false as such (text such as "true" is refused, as version 1 always did;
 * version 2's mapped modes turn a CSV's "true" into true before this check).
 */
const BOOLEAN: Kind = {
	type: 'boolean',
	check: (value, fail) => {
		if (typeof value !== 'boolean') throw fail('true or false');
		return value;
	},
};

/** Due Date Type: 1 = after the invoice date, 2 = after the end of the invoice month (spaces around it are not part of it). */
const DUE_DATE_TYPE: Kind = {
	type: 'enum',
	check: (value, fail) => {
		const text = typeof value === 'number' ? String(value) : value;
		if (typeof text !== 'string' || !['1', '2'].includes(text.trim())) {
			throw fail('1 (after the invoice date) or 2 (after the end of the invoice month)');
		}
		return text.trim();
	},
};

/** A numeric ID (a long): 1 or more. */
const LONG: Kind = { type: 'integer', check: (value, fail) => toInteger(value, fail, 'a numeric ID', 1) };

/** A number of days: 0 or more. */
const DAYS: Kind = {
	type: 'integer',
	check: (value, fail) => toInteger(value, fail, 'a whole number of days (0 or more)', 0),
};

/** A number within -limit..limit. */
const within = (what: string, limit: number): Check => (value, fail) => {
	const text = `${what} (a number from -${limit} to ${limit})`;
	const n = toNumber(value, fail, text);
	if (n < -limit || n > limit) throw fail(text);
	return n;
};
const LATITUDE: Kind = { type: 'number', check: within('a latitude', 90) };
const LONGITUDE: Kind = { type: 'number', check: within('a longitude', 180) };

/** An ISO currency code, sent in capitals. */
const CURRENCY: Kind = {
	type: 'string',
	format: 'ISO currency code',
	check: (value, fail) => {
		if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) throw fail('an ISO currency code such as EUR');
		return value.trim().toUpperCase();
	},
};

/**
 * Payment types as the user may give them: ids from the dropdown ([7, 8] or ['7', '8']), an
 * expression's "7,8", or Valomnia's own shape [{ "id": 7 }, { "id": 8 }]; sent as ids.
 */
const PAYMENT_TYPES: Kind = {
	type: 'list',
	check: (value, fail) => {
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
	},
};

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

// ---------- the documented form parameters (docs/vendors/valomnia.md#customer-upsert) ----------

const name: FieldSpec = { path: 'name', label: 'Name', type: 'string', required: true, description: 'The customer\'s name' };
const barcode: FieldSpec = { path: 'barcode', label: 'Barcode', type: 'string', description: 'The customer\'s barcode' };
const isActive: FieldSpec = { path: 'isActive', label: 'Is Active', ...BOOLEAN, default: true, description: 'Whether the customer is active' };
const categoryId: FieldSpec = { path: 'categoryId', label: 'Customer Category Name or ID', ...ID, loadOptions: 'getCustomerCategories', noEmpty: 'an empty ID is not a category', description: 'The customer category; without it, the root category' };
const isSubCustomer: FieldSpec = { path: 'isSubCustomer', label: 'Is Sub-Customer', ...BOOLEAN, default: false, description: 'Whether the customer belongs to a parent customer (then Parent Customer ID is required)' };
const parentCustomerId: FieldSpec = { path: 'parentCustomerId', label: 'Parent Customer ID', ...ID, rule: 'required when Is Sub-Customer is on', noEmpty: 'an empty ID is not a customer', description: 'Valomnia ID of the parent customer; required when Is Sub-Customer is on' };
const billWithParent: FieldSpec = { path: 'billWithParent', label: 'Bill With Parent', ...BOOLEAN, default: false, description: 'Whether the parent customer is billed for this sub-customer' };
const customerSegmentationId: FieldSpec = { path: 'customerSegmentationId', label: 'Customer Segmentation Name or ID', ...ID, loadOptions: 'getCustomerSegmentations', noEmpty: 'an empty ID is not a segmentation', description: 'The customer segmentation' };
const userId: FieldSpec = { path: 'userId', label: 'User ID', ...ID, noEmpty: 'an empty ID is not a user', description: 'ID of the Valomnia user recorded as the creator of the customer' };
const isSameAddress: FieldSpec = { path: 'isSameAddress', label: 'Same Shipping Address', ...BOOLEAN, default: true, description: 'Whether the shipping address is the same as the billing address' };
/** An address's fields, in the doc's order: country, city, postal code, street, latitude, longitude. */
function addressFields(whose: 'billing' | 'shipping', labelPrefix: string, paths: [string, string, string, string, string, string]): FieldSpec[] {
	const [country, city, postalCode, street, latitude, longitude] = paths;
	const of = `of the ${whose} address`;
	return [
		{ path: country, label: `${labelPrefix}Country`, type: 'string', description: `Country ${of}: ISO country code or country name, e.g. FR or France` },
		{ path: city, label: `${labelPrefix}City`, type: 'string', description: `City ${of}` },
		{ path: postalCode, label: `${labelPrefix}Postal Code`, type: 'string', description: `Postal code ${of}` },
		{ path: street, label: `${labelPrefix}Address`, type: 'string', description: `Street ${of}` },
		{ path: latitude, label: `${labelPrefix}Latitude`, ...LATITUDE, description: `Latitude ${of}, from -90 to 90` },
		{ path: longitude, label: `${labelPrefix}Longitude`, ...LONGITUDE, description: `Longitude ${of}, from -180 to 180` },
	];
}
const billingAddressFields = addressFields('billing', 'Billing ', ['billingCountry', 'billingCity', 'billingPostalCode', 'billingAddress', 'billingLat', 'billingLng']);
const shippingAddressFields = addressFields('shipping', '', ['country', 'city', 'postalCode', 'address', 'latitude', 'longitude']);
const email: FieldSpec = { path: 'email', label: 'Email', type: 'string', description: 'Email address, e.g. name@email.com' };
const phone: FieldSpec = { path: 'phone', label: 'Phone', type: 'string', description: 'Phone number' };
const mobile: FieldSpec = { path: 'mobile', label: 'Mobile', type: 'string', description: 'Mobile number' };
const fax: FieldSpec = { path: 'fax', label: 'Fax', type: 'string', description: 'Fax number' };
const comment: FieldSpec = { path: 'comment', label: 'Comment', type: 'string', description: 'A comment on the customer' };
const website: FieldSpec = { path: 'website', label: 'Website', type: 'string', description: 'The customer\'s website, e.g. https://example.com' };
const creditLimit: FieldSpec = { path: 'creditLimit', label: 'Credit Limit', type: 'number', description: 'The customer\'s credit limit, a number' };
const dueDateConfigNumber: FieldSpec = { path: 'dueDateConfigNumber', label: 'Due Date Days', ...DAYS, rule: 'required when Due Date Type is set', description: 'Number of days before an invoice is due; required when Due Date Type is set' };
const dueDateConfigType: FieldSpec = { path: 'dueDateConfigType', label: 'Due Date Type', ...DUE_DATE_TYPE, noEmpty: 'an empty due date type is not one of its values', values: [{ name: 'After the Invoice Date', value: '1' }, { name: 'After the End of the Invoice Month', value: '2' }], description: 'What the Due Date Days count from' };
const taxNumber: FieldSpec = { path: 'taxNumber', label: 'Tax Number', type: 'string', description: 'Tax or VAT number' };
const companyRegistrationNumber: FieldSpec = { path: 'companyRegistrationNumber', label: 'Company Registration Number', type: 'string', description: 'Company registration number' };
const currency: FieldSpec = { path: 'currency', label: 'Currency', ...CURRENCY, noEmpty: 'an empty currency is not a code', description: 'ISO code of a currency configured in Valomnia, e.g. EUR; without it, the organisation\'s currency' };
const paymentTypes: FieldSpec = { path: 'paymentTypes', label: 'Payment Type Names or IDs', ...PAYMENT_TYPES, loadOptions: 'getPaymentTypes', description: 'Payment types accepted from this customer: IDs, e.g. [7, 8] or "7,8"' };
const regionId: FieldSpec = { path: 'regionId', label: 'Region Name or ID', ...LONG, loadOptions: 'getRegions', description: 'The region; only when geographical locations are on in Valomnia' };
const onHold: FieldSpec = { path: 'onHold', label: 'On Hold', ...BOOLEAN, default: false, description: 'Whether the customer is on hold' };
const onHoldReason: FieldSpec = { path: 'onHoldReason', label: 'On Hold Reason', type: 'string', description: 'Why the customer is on hold' };

/**
 * The customer upsert's fields in the doc's order (the order they are sent in), each with its
 * check; the reference goes in the URL. Everything about the fields derives from here: version
 * 2's mapper and allowlist, version 1's editor fields (below), the checks and the labels in
 * errors, the form's order.
 */
export const customerSchema: FieldSchema = {
	call: "Valomnia's customer upsert",
	fields: [
		reference,
		name,
		barcode,
		isActive,
		categoryId,
		isSubCustomer,
		parentCustomerId,
		billWithParent,
		customerSegmentationId,
		userId,
		isSameAddress,
		...billingAddressFields,
		...shippingAddressFields,
		email,
		phone,
		mobile,
		fax,
		comment,
		website,
		creditLimit,
		dueDateConfigNumber,
		dueDateConfigType,
		taxNumber,
		companyRegistrationNumber,
		currency,
		paymentTypes,
		regionId,
		onHold,
		onHoldReason,
	],
	// the documented conditional rules
	rules: [
		(body) => {
			if (valueOf(body, isSubCustomer) === true && !isPresent(valueOf(body, parentCustomerId))) {
				throw fieldError(parentCustomerId, `is required when ${isSubCustomer.path} is true`);
			}
		},
		(body) => {
			if (isPresent(valueOf(body, dueDateConfigType)) && !isPresent(valueOf(body, dueDateConfigNumber))) {
				throw fieldError(dueDateConfigNumber, `is required when ${dueDateConfigType.path} is set`);
			}
		},
	],
};

/** Names users put in a body that are not form parameters, and where they belong. */
const ELSEWHERE: Record<string, string> = {
	id: 'Valomnia (the customer is found by its reference, in the Reference field, which is part of the URL)',
	[IMAGE_PART]: 'the "Image File (Binary Property)" field (the image is a file: give the name of the binary property that holds it)',
};

/**
 * Checks the body against the doc (names, types, Valomnia's formats, conditional rules) and
 * returns it with canonical values in the doc's order: numbers as numbers, payment types as ids.
 * Used by every input mode.
 */
export function validateCustomer(input: IDataObject): IDataObject {
	return checkBody(customerSchema, input, { wire: 'form', elsewhere: ELSEWHERE });
}

// ---------- version 1's editor fields ("Fields Below", frozen for saved workflows) ----------

const LIST_HINT = 'using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** A dropdown loaded from Valomnia by the field's loadOptions method. */
const dropdown = (field: FieldSpec, type: 'options' | 'multiOptions', description: string): V1Shape => ({
	type,
	typeOptions: { loadOptionsMethod: field.loadOptions },
	description,
});

/** What version 1's field had beyond its schema field (fields not listed: label, name, type, default only). */
const V1_SHAPES = new Map<FieldSpec, V1Shape>([
	[name, { required: true }],
	[billWithParent, { description: 'Whether the parent customer is billed for this sub-customer' }],
	[comment, { typeOptions: { rows: 2 } }],
	[creditLimit, { typeOptions: { minValue: 0, numberPrecision: 2 } }],
	[currency, { placeholder: 'EUR', description: "ISO code of a currency configured in Valomnia. Empty: the organisation's currency." }],
	[categoryId, dropdown(categoryId, 'options', `Empty: the root customer category. Choose from the list, or specify an ID ${LIST_HINT}.`)],
	[customerSegmentationId, dropdown(customerSegmentationId, 'options', `Choose from the list, or specify an ID ${LIST_HINT}`)],
	[dueDateConfigNumber, { typeOptions: { minValue: 0, numberPrecision: 0 }, default: 30, description: 'Number of days before an invoice is due. Required when Due Date Type is set.' }],
	[dueDateConfigType, { default: '1', description: 'What the Due Date Days count from. Needs Due Date Days.' }],
	[email, { placeholder: 'name@email.com' }],
	[isActive, { description: 'Whether the customer is active' }],
	[isSubCustomer, { description: 'Whether the customer belongs to a parent customer (then Parent Customer ID is required)' }],
	[onHold, { description: 'Whether the customer is on hold' }],
	[parentCustomerId, { description: 'Valomnia ID of the parent customer. Required when Is Sub-Customer is on.' }],
	[paymentTypes, dropdown(paymentTypes, 'multiOptions', `Payment types accepted from this customer. Choose from the list, or specify IDs ${LIST_HINT}.`)],
	[regionId, dropdown(regionId, 'options', `Used only when geographical locations are on in Valomnia; at the configured level of the organisation or below. Choose from the list, or specify an ID ${LIST_HINT}.`)],
	[isSameAddress, { description: 'Whether the shipping address is the same as the billing address' }],
	[taxNumber, { description: 'Tax or VAT number' }],
	[userId, { description: 'ID of the Valomnia user recorded as the creator of the customer' }],
	// both addresses: country, city, postal code, street, latitude, longitude
	...[billingAddressFields, shippingAddressFields].flatMap(([country, , , , latitude, longitude]): Array<[FieldSpec, V1Shape]> => [
		[country, { placeholder: 'FR', description: 'ISO country code or country name, such as FR or France' }],
		[latitude, { typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 7 } }],
		[longitude, { typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 7 } }],
	]),
]);

/** n8n lists a collection's fields by display name. */
const byDisplayName = (a: INodeProperties, b: INodeProperties) => a.displayName.localeCompare(b.displayName);

/** Version 1's fields for schema fields, as version 1 showed them, sorted. */
const v1Fields = (specs: FieldSpec[]): INodeProperties[] => specs.map((spec) => v1Field(spec, V1_SHAPES.get(spec))).sort(byDisplayName);

/** Version 1's groups of the address fields: the parameter, and the fields in it. */
const V1_GROUPS: Array<{ property: Omit<INodeProperties, 'options'>; fields: FieldSpec[] }> = [
	{
		property: { displayName: 'Billing Address', name: 'billing', type: 'collection', placeholder: 'Add Billing Field', default: {} },
		fields: billingAddressFields,
	},
	{
		property: {
			displayName: 'Shipping Address',
			name: 'shipping',
			type: 'collection',
			placeholder: 'Add Shipping Field',
			default: {},
			description: 'Where the customer is delivered; see also Same Shipping Address',
		},
		fields: shippingAddressFields,
	},
];
const inV1Group = (field: FieldSpec) => V1_GROUPS.some((group) => group.fields.includes(field));

/** The image (a file part, not a form parameter): the binary property that holds it. */
const imageFileProperty: INodeProperties = {
	displayName: 'Image File (Binary Property)',
	name: IMAGE_PART,
	type: 'string',
	default: 'data',
	description:
		'Name of the input binary property holding the customer image (jpg, gif, png or bmp, at most 2 MB). It is sent as multipart/form-data.',
};

/** The URL's field. */
const properties: INodeProperties[] = [
	v1Field(reference, {
		required: true,
		description:
			'Your unique reference for this customer (the last part of the URL). A customer with this reference is updated; otherwise one is added.',
	}),
];

/** "Fields Below": the required fields, then Additional Fields (the address groups opened by bodyFromFields). */
const bodyFields = customerSchema.fields.filter((field) => !field.inUrl);
const additionalFields = v1AdditionalFields(
	[
		...v1Fields(bodyFields.filter((field) => !field.required && !inV1Group(field))),
		...V1_GROUPS.map((group): INodeProperties => ({ ...group.property, options: v1Fields(group.fields) })),
		imageFileProperty,
	].sort(byDisplayName),
);
const fields: INodeProperties[] = [
	...bodyFields.filter((field) => field.required).map((field) => v1Field(field, V1_SHAPES.get(field))),
	additionalFields,
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

// ---------- parameters → body ----------

/** The node's fields as one flat object with Valomnia's names (billing/shipping groups opened). */
export function bodyFromFields(params: { name: unknown; additionalFields: IDataObject }): IDataObject {
	const rest: IDataObject = { ...(params.additionalFields ?? {}) };
	delete rest[IMAGE_PART]; // sent as a file part, not as a field (image.ts)
	const groups = V1_GROUPS.map((group) => {
		const values = rest[group.property.name];
		delete rest[group.property.name];
		return values;
	});
	const body: IDataObject = { [wireName(name)]: params.name as IDataObject[string] };
	for (const group of groups) {
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

// ---------- body → wire ----------

/** The form parameters in the doc's (the schema's) order, as text. */
export function formEntries(body: IDataObject): Array<[string, string]> {
	const entries: Array<[string, string]> = [];
	for (const field of bodyFields) {
		const value = valueOf(body, field);
		if (value === undefined || value === null) continue;
		entries.push([field.path, field === paymentTypes ? encodePaymentTypes(value as number[]) : String(value)]);
	}
	return entries;
}

export function buildRequest(
	credentials: ICredentialDataDecryptedObject,
	key: string,
	body: IDataObject,
	image?: ImageFile,
): VendorRequest {
	const entries = formEntries(body);
	const url = customerByReferenceUrl(credentials, key);
	if (!image) {
		return {
			method: 'POST',
			url,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams(entries),
			key,
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
				[IMAGE_PART]: { fileName: image.fileName, mimeType: image.mimeType, bytes: image.data.length },
			},
		},
		// Skip Unchanged: the fields and the image's bytes (the multipart stream cannot be read)
		canonical: { fields: entries, [IMAGE_PART]: { fileName: image.fileName, mimeType: image.mimeType, data: image.data } },
		body: () => {
			const form = new FormData();
			for (const [name, value] of entries) form.append(name, value);
			form.append(IMAGE_PART, image.data, {
				filename: image.fileName,
				contentType: image.mimeType,
				knownLength: image.data.length,
			});
			return form;
		},
		key,
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
	keyDetail: 'by Reference',
	properties,
	schema: customerSchema,
	inputModes: {
		fields,
		jsonBody: {
			default: JSON.stringify({ [name.path]: '', [isActive.path]: true }, null, 2),
			description: `Valomnia's upsert parameters as one object, with Valomnia's names (${name.path}, ${categoryId.path}, ${paymentTypes.path}: [7, 8] …); the same rules are checked before sending`,
		},
		jsonProperties,
	},
	async build(this: IExecuteFunctions, { itemIndex, credentials, jsonBody, urlValues }: ItemInput): Promise<VendorRequest> {
		// version 2's mapped modes: the reference is a field of the record
		const given = urlValues ? (valueOf(urlValues, reference) ?? '') : this.getNodeParameter(wireName(reference), itemIndex, '');
		const key = checkReference(given, reference.label);
		let raw: IDataObject;
		let imageProperty: string;
		if (jsonBody) {
			raw = jsonBody;
			imageProperty = String(this.getNodeParameter('jsonImageFile', itemIndex, '') ?? '');
		} else {
			const optional = this.getNodeParameter(additionalFields.name, itemIndex, {}) as IDataObject;
			raw = bodyFromFields({ name: this.getNodeParameter(wireName(name), itemIndex, ''), additionalFields: optional });
			imageProperty = String(optional[IMAGE_PART] ?? '');
		}
		const body = validateCustomer(raw);
		const image = imageProperty.trim() ? await readImage(this, itemIndex, imageProperty.trim()) : undefined;
		return buildRequest(credentials, key, body, image);
	},
	parse: parseUpsertReply,
});
