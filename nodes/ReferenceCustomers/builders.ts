import FormData from 'form-data';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { parseJsonBody } from '../shared/jsonBody';
import type { RunParameters, VendorRequest } from '../shared/types';
import { fieldsOf } from '../shared/validateOnly';
import { describe, expectNoControlChars, expectPathKey, isPresent } from '../shared/validate';
import { encodePaymentTypes } from './assumptions';
import type { ImageFile } from './image';
import { readImage } from './image';
import { valomniaApiUrl } from './session';

/**
 * From node parameters to Valomnia's documented upsert (seed 002):
 * POST https://BASE_URL/api/VERSION/customers/reference/{id}, form parameters with Valomnia's
 * names, sent urlencoded, or multipart/form-data when an image goes with them.
 */

type Kind =
	| 'string'
	| 'id'
	| 'long'
	| 'boolean'
	| 'number'
	| 'integer'
	| 'latitude'
	| 'longitude'
	| 'dueDateType'
	| 'currency'
	| 'paymentTypes';

/** Every form parameter of the seed, in the seed's order, with the label the node shows. */
const FORM_FIELDS: ReadonlyArray<[name: string, kind: Kind, label: string]> = [
	['name', 'string', 'Name'],
	['barcode', 'string', 'Barcode'],
	['isActive', 'boolean', 'Is Active'],
	['categoryId', 'id', 'Customer Category'],
	['isSubCustomer', 'boolean', 'Is Sub-Customer'],
	['parentCustomerId', 'id', 'Parent Customer ID'],
	['billWithParent', 'boolean', 'Bill With Parent'],
	['customerSegmentationId', 'id', 'Customer Segmentation'],
	['userId', 'id', 'User ID'],
	['isSameAddress', 'boolean', 'Same Shipping Address'],
	['billingCountry', 'string', 'Billing Country'],
	['billingCity', 'string', 'Billing City'],
	['billingPostalCode', 'string', 'Billing Postal Code'],
	['billingAddress', 'string', 'Billing Address'],
	['billingLat', 'latitude', 'Billing Latitude'],
	['billingLng', 'longitude', 'Billing Longitude'],
	['country', 'string', 'Country'],
	['city', 'string', 'City'],
	['postalCode', 'string', 'Postal Code'],
	['address', 'string', 'Address'],
	['latitude', 'latitude', 'Latitude'],
	['longitude', 'longitude', 'Longitude'],
	['email', 'string', 'Email'],
	['phone', 'string', 'Phone'],
	['mobile', 'string', 'Mobile'],
	['fax', 'string', 'Fax'],
	['comment', 'string', 'Comment'],
	['website', 'string', 'Website'],
	['creditLimit', 'number', 'Credit Limit'],
	['dueDateConfigNumber', 'integer', 'Due Date Days'],
	['dueDateConfigType', 'dueDateType', 'Due Date Type'],
	['taxNumber', 'string', 'Tax Number'],
	['companyRegistrationNumber', 'string', 'Company Registration Number'],
	['currency', 'currency', 'Currency'],
	['paymentTypes', 'paymentTypes', 'Payment Types'],
	['regionId', 'long', 'Region'],
	['onHold', 'boolean', 'On Hold'],
	['onHoldReason', 'string', 'On Hold Reason'],
];
const KIND = new Map(FORM_FIELDS.map(([name, kind]) => [name, kind]));
export const LABELS: Record<string, string> = Object.fromEntries(FORM_FIELDS.map(([name, , label]) => [name, label]));

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
 * Checks the body against the seed (names, types, conditional rules) and returns it with
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
	// documented conditional rules (seed 002)
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
		case 'integer':
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

/** The form parameters in the seed's order, as text. */
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

export function checkReference(value: unknown): string {
	const reference = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof reference !== 'string' || reference.trim() === '') {
		throw new FieldError('reference', isPresent(reference) ? `must be text, got ${describe(reference)}` : 'is required', 'Reference');
	}
	// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
	if (/[\u0000-\u001f\u007f]/.test(reference)) throw new FieldError('reference', 'contains control characters', 'Reference');
	// ".." would be resolved away as a path segment: the request would go to another URL
	expectPathKey(reference, 'reference', 'Reference');
	return reference;
}

export function buildRequest(
	credentials: ICredentialDataDecryptedObject,
	reference: string,
	body: IDataObject,
	image?: ImageFile,
): VendorRequest {
	const entries = formEntries(body);
	const url = valomniaApiUrl(credentials, `customers/reference/${encodeURIComponent(reference)}`);
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
		headers: { Accept: 'application/json' },
		// a multipart body is a stream that can be sent only once: a fresh one per try
		preview: {
			contentType: 'multipart/form-data',
			body: {
				...fieldsOf(entries),
				imageFile: { fileName: image.fileName, mimeType: image.mimeType, bytes: image.data.length },
			},
		},
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

export async function buildCustomerUpsert(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
	run: RunParameters,
): Promise<VendorRequest> {
	const reference = checkReference(this.getNodeParameter('reference', itemIndex, ''));
	let raw: IDataObject;
	let imageProperty: string;
	if (run.inputMode === 'json') {
		raw = parseJsonBody(this.getNodeParameter('jsonBody', itemIndex, ''));
		imageProperty = String(this.getNodeParameter('jsonImageFile', itemIndex, '') ?? '');
	} else {
		const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		raw = bodyFromFields({ name: this.getNodeParameter('name', itemIndex, ''), additionalFields });
		imageProperty = String(additionalFields.imageFile ?? '');
	}
	const body = validateCustomer(raw);
	const image = imageProperty.trim() ? await readImage(this, itemIndex, imageProperty.trim()) : undefined;
	return buildRequest(credentials, reference, body, image);
}
