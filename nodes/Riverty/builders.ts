import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { parseJsonBody } from '../shared/jsonBody';
import type { RunParameters, VendorRequest } from '../shared/types';
import {
	describe,
	expectNoControlChars,
	expectOneOf,
	expectPathKey,
	expectPattern,
	expectType,
	isPresent,
	requireString,
} from '../shared/validate';
import { rivertyClientId, rivertyEndpoints, tokenRequestForm } from './auth';

/**
 * From node parameters to Riverty's documented request (seed 003):
 * PUT {base}/v1/clients/{clientId}/customers/{customerNumber} with a JSON body. Field names are
 * Riverty's own; key order follows the seed's Request Example.
 */

const BODY_FIELDS = [
	'type',
	'person',
	'company',
	'phoneNumber',
	'email',
	'address',
	'existingCustomer',
	'individualRiskScore',
] as const;
const PERSON_FIELDS = ['ssn', 'firstName', 'lastName'] as const;
const COMPANY_FIELDS = ['name', 'organizationNumber'] as const;
const ADDRESS_FIELDS = ['addressLine', 'addressLine2', 'addressLine3', 'postalCode', 'postalPlace', 'countryCode'] as const;
/** "Only applicable for Person customer type" (seed 003). */
const PERSON_ONLY_FIELDS = ['existingCustomer', 'individualRiskScore'] as const;
export const CUSTOMER_TYPES = ['Person', 'Company'] as const;

const LABELS: Record<string, string> = {
	customerNumber: 'Customer Number',
	type: 'Type',
	person: 'Person',
	'person.ssn': 'SSN',
	'person.firstName': 'First Name',
	'person.lastName': 'Last Name',
	company: 'Company',
	'company.name': 'Name',
	'company.organizationNumber': 'Organization Number',
	phoneNumber: 'Phone Number',
	email: 'Email',
	address: 'Address',
	'address.addressLine': 'Address Line',
	'address.addressLine2': 'Address Line 2',
	'address.addressLine3': 'Address Line 3',
	'address.postalCode': 'Postal Code',
	'address.postalPlace': 'Postal Place',
	'address.countryCode': 'Country Code',
	existingCustomer: 'Existing Customer',
	individualRiskScore: 'Individual Risk Score',
};

/** The upsert request, with what the `before` hook needs to know. */
export interface RivertyRequest extends VendorRequest {
	/** "Report Added or Updated": send the documented HEAD first. */
	reportAction: boolean;
}

export function customerUrl(
	credentials: ICredentialDataDecryptedObject,
	customerNumber: string,
): string {
	const { baseUrl } = rivertyEndpoints(credentials);
	return `${baseUrl}/v1/clients/${rivertyClientId(credentials)}/customers/${encodeURIComponent(customerNumber)}`;
}

export function checkCustomerNumber(value: unknown): string {
	const customerNumber = asText(value, 'customerNumber');
	if (!isPresent(customerNumber)) throw new FieldError('customerNumber', 'is required', LABELS.customerNumber);
	// "." and ".." survive percent-encoding and would be resolved away as path segments
	if (customerNumber === '.' || customerNumber === '..') {
		throw new FieldError('customerNumber', `cannot be "${customerNumber}"`, LABELS.customerNumber);
	}
	expectNoControlChars({ customerNumber });
	expectPathKey(customerNumber, 'customerNumber', LABELS.customerNumber);
	return customerNumber;
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
		const value = asText(extra[field], field);
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
	const risk = asText(extra.individualRiskScore, 'individualRiskScore');
	if (risk !== '') body.individualRiskScore = risk;
	return body;
}

/** The documented rules, checked on the final body (fields mode and JSON-body mode alike). */
export function validateCustomer(body: IDataObject): void {
	rejectUnknown(body, BODY_FIELDS, "Riverty's Create or Update Customer body", '', {
		customerNumber: 'it goes in the Customer Number field, which is part of the URL',
	});
	requireString(body, 'type', LABELS.type);
	expectType(body, 'type', 'string', LABELS.type);
	expectOneOf(body, 'type', CUSTOMER_TYPES, LABELS.type);
	const type = body.type as (typeof CUSTOMER_TYPES)[number];

	checkObject(body, 'person', PERSON_FIELDS);
	checkObject(body, 'company', COMPANY_FIELDS);
	if (type === 'Company' && body.person !== undefined) {
		throw new FieldError('person', 'is for customers of type Person; use company for a Company', LABELS.person);
	}
	if (type === 'Person' && body.company !== undefined) {
		throw new FieldError('company', 'is for customers of type Company; use person for a Person', LABELS.company);
	}

	if (!isPresent(body.address)) {
		throw new FieldError('address', 'is required (at least address.addressLine)', LABELS.address);
	}
	checkObject(body, 'address', ADDRESS_FIELDS);
	requireString(body, 'address.addressLine', LABELS['address.addressLine']);
	expectPattern(
		body,
		'address.countryCode',
		/^[A-Z]{2}$/,
		'a two-letter country code in capitals (such as "NO")',
		LABELS['address.countryCode'],
	);

	for (const field of ['phoneNumber', 'email', 'individualRiskScore'] as const) {
		expectType(body, field, 'string', LABELS[field]);
	}
	expectType(body, 'existingCustomer', 'boolean', LABELS.existingCustomer);
	if (type === 'Company') {
		for (const field of PERSON_ONLY_FIELDS) {
			if (body[field] !== undefined) {
				throw new FieldError(
					field,
					'is only for customers of type Person, not for a Company',
					LABELS[field],
					`Remove "${LABELS[field]}" (${field}) for Company customers; Riverty documents it for Person customers only. Nothing was sent.`,
				);
			}
		}
	}
	expectNoControlChars(body);
}

export function buildCustomerUpsert(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
	run: RunParameters,
): RivertyRequest {
	const customerNumber = checkCustomerNumber(this.getNodeParameter('customerNumber', itemIndex, ''));
	const body =
		run.inputMode === 'json'
			? parseJsonBody(this.getNodeParameter('jsonBody', itemIndex, ''))
			: customerBodyFromFields({
					type: this.getNodeParameter('type', itemIndex, ''),
					person: this.getNodeParameter('person', itemIndex, {}) as IDataObject,
					company: this.getNodeParameter('company', itemIndex, {}) as IDataObject,
					addressLine: this.getNodeParameter('addressLine', itemIndex, ''),
					additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
				});
	validateCustomer(body);
	// credential problems too are reported before anything is sent
	const url = customerUrl(credentials, customerNumber);
	tokenRequestForm(credentials, rivertyEndpoints(credentials));
	return {
		method: 'PUT',
		url,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body,
		key: customerNumber,
		reportAction: this.getNodeParameter('reportAction', itemIndex, false) === true,
	};
}

// ---------- helpers ----------

/** Numbers from expressions ({{ $json.zip }}) become text, as Riverty's string fields expect. */
function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	// NaN and Infinity are numbers, but "NaN" is no customer's value
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	if (typeof value === 'string') return value;
	throw new FieldError(field, `must be text, got ${describe(value)}`, LABELS[field]);
}

/** The listed fields, in the listed (documented) order, as text; empty ones left out. */
function pick(source: IDataObject, fields: readonly string[], path: string): IDataObject {
	const out: IDataObject = {};
	for (const field of fields) {
		const value = asText(source[field], `${path}.${field}`);
		if (value !== '') out[field] = value;
	}
	return out;
}

function checkObject(body: IDataObject, field: string, keys: readonly string[]): void {
	const value = body[field];
	if (value === undefined) return;
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		throw new FieldError(field, `must be an object with ${keys.join(', ')}, got ${describe(value)}`, LABELS[field]);
	}
	rejectUnknown(value as IDataObject, keys, field, `${field}.`);
	for (const key of keys) expectType(body, `${field}.${key}`, 'string', LABELS[`${field}.${key}`]);
}

function rejectUnknown(
	body: IDataObject,
	allowed: readonly string[],
	where: string,
	prefix = '',
	hints: Record<string, string> = {},
): void {
	for (const key of Object.keys(body)) {
		if (allowed.includes(key)) continue;
		const hint = hints[key];
		throw new FieldError(
			`${prefix}${key}`,
			hint ? `is not part of the body: ${hint}` : `is not a field of ${where}; allowed: ${allowed.join(', ')}`,
		);
	}
}
