import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { parseJsonBody } from '../shared/jsonBody';
import type { RunParameters, VendorRequest } from '../shared/types';
import {
	describe,
	expectNoControlChars,
	expectPattern,
	expectType,
	isPresent,
	requireString,
} from '../shared/validate';

/**
 * From node parameters to Hyfin's documented requests (seeds 000 and 001). Field names are
 * Hyfin's own; key order follows the documentation's samples.
 */

const CUSTOMER_FIELDS = [
	'external_id',
	'first_name',
	'last_name',
	'account_name',
	'mobile_phone',
	'email',
	'notes',
	'active',
	'notification_options',
] as const;
const CONTACT_FIELDS = [
	'_id',
	'first_name',
	'last_name',
	'display_name',
	'language',
	'emails',
	'phone_numbers',
	'addresses',
] as const;
const ADDRESS_FIELDS = ['address_line1', 'address_line2', 'city', 'state_code', 'zip_code'] as const;

const LABELS: Record<string, string> = {
	external_id: 'External ID',
	first_name: 'First Name',
	last_name: 'Last Name',
	account_name: 'Account Name',
	mobile_phone: 'Mobile Phone',
	email: 'Email',
	notes: 'Notes',
	active: 'Active',
	notification_options: 'Notification Options',
	_id: 'Contact ID',
	display_name: 'Display Name',
	language: 'Language',
	emails: 'Emails',
	phone_numbers: 'Phone Numbers',
	addresses: 'Addresses',
};

export function hyfinUrl(credentials: ICredentialDataDecryptedObject, version: 'v3.1' | 'v4', path: string): string {
	const base = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	if (!/^https?:\/\//i.test(base)) {
		throw new FieldError('baseUrl', 'of the Hyfin credential must start with http:// or https://', 'Base URL');
	}
	const siteId = String(credentials.siteId ?? '').trim();
	if (!siteId) throw new FieldError('siteId', 'of the Hyfin credential is empty', 'Site ID');
	return `${base}/api/${version}/site/${encodeURIComponent(siteId)}/${path}`;
}

// ---------- Customer → Upsert (v3.1) ----------

export function customerBodyFromFields(params: {
	external_id: unknown;
	first_name: unknown;
	last_name: unknown;
	additionalFields: IDataObject;
}): IDataObject {
	const extra = params.additionalFields ?? {};
	const body: IDataObject = {
		external_id: asText(params.external_id, 'external_id'),
		first_name: asText(params.first_name, 'first_name'),
		last_name: asText(params.last_name, 'last_name'),
	};
	for (const field of ['account_name', 'mobile_phone', 'email', 'notes'] as const) {
		if (field in extra) body[field] = asText(extra[field], field);
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
	for (const field of ['external_id', 'first_name', 'last_name'] as const) {
		requireString(body, field, LABELS[field]);
		expectType(body, field, 'string', LABELS[field]);
	}
	for (const field of ['account_name', 'mobile_phone', 'email', 'notes'] as const) {
		expectType(body, field, 'string', LABELS[field]);
	}
	expectType(body, 'active', 'boolean', LABELS.active);
	expectType(body, 'notification_options', 'object', LABELS.notification_options);
	const notification = (body.notification_options ?? {}) as IDataObject;
	rejectUnknown(notification, ['notify_phone', 'notify_email'], 'notification_options', 'notification_options.');
	expectType(body, 'notification_options.notify_phone', 'boolean', 'Notify by Phone');
	expectType(body, 'notification_options.notify_email', 'boolean', 'Notify by Email');
	// documented conditional rules (seed 000)
	if (notification.notify_phone === true && !isPresent(body.mobile_phone)) {
		throw new FieldError('mobile_phone', 'is required when notification_options.notify_phone is on', LABELS.mobile_phone);
	}
	if (notification.notify_email === true && !isPresent(body.email)) {
		throw new FieldError('email', 'is required when notification_options.notify_email is on', LABELS.email);
	}
	expectNoControlChars(body);
}

export function buildCustomerUpsert(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
	run: RunParameters,
): VendorRequest {
	const body = readBody(this, itemIndex, run, () =>
		customerBodyFromFields({
			external_id: this.getNodeParameter('external_id', itemIndex, ''),
			first_name: this.getNodeParameter('first_name', itemIndex, ''),
			last_name: this.getNodeParameter('last_name', itemIndex, ''),
			additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
		}),
	);
	validateCustomer(body);
	return {
		method: 'POST',
		url: hyfinUrl(credentials, 'v3.1', 'customer/addUpdate'),
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body,
		key: String(body.external_id),
	};
}

// ---------- Contact → Upsert (v4) ----------

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
	const id = asText(params._id, '_id').trim();
	if (id) body._id = id;
	for (const field of ['first_name', 'last_name', 'display_name', 'language'] as const) {
		if (field in extra) body[field] = asText(extra[field], field);
	}
	const emails = ((params.emails ?? {}).email ?? []) as Entry[];
	if (emails.length) {
		body.emails = emails.map((e, i) =>
			dropEmpty({ label: e.label, address: asText(e.address, `emails[${i}].address`), is_primary: e.is_primary ?? false }),
		);
	}
	const phones = ((params.phone_numbers ?? {}).phone_number ?? []) as Entry[];
	if (phones.length) {
		body.phone_numbers = phones.map((p, i) =>
			dropEmpty({ label: p.label, number: asText(p.number, `phone_numbers[${i}].number`), is_primary: p.is_primary ?? false }),
		);
	}
	const addresses = ((params.addresses ?? {}).address ?? []) as Entry[];
	if (addresses.length) {
		body.addresses = addresses.map((a, i) => ({
			...dropEmpty({ label: a.label, is_primary: a.is_primary ?? false }),
			address: dropEmpty(Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, asText(a[f], `addresses[${i}].${f}`)]))),
		}));
	}
	return body;
}

export function validateContact(body: IDataObject): void {
	rejectUnknown(body, CONTACT_FIELDS, "Hyfin's Add/Update Contact (v4)");
	for (const field of ['_id', 'first_name', 'last_name', 'display_name', 'language'] as const) {
		expectType(body, field, 'string', LABELS[field]);
	}
	if ('_id' in body && !isPresent(body._id)) {
		throw new FieldError('_id', 'is empty; leave it out to add a contact, or give the ID to update', LABELS._id);
	}
	expectPattern(body, 'language', /^[a-z]{2}$/, 'an ISO 639-1 code of two lowercase letters (such as "en")', LABELS.language);
	checkList(body, 'emails', ['label', 'address', 'is_primary'], 'address');
	checkList(body, 'phone_numbers', ['label', 'number', 'is_primary'], 'number');
	checkList(body, 'addresses', ['label', 'is_primary', 'address'], null);
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

export function buildContactUpsert(
	this: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
	run: RunParameters,
): VendorRequest {
	const body = readBody(this, itemIndex, run, () =>
		contactBodyFromFields({
			_id: this.getNodeParameter('_id', itemIndex, ''),
			additionalFields: this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
			emails: this.getNodeParameter('emails', itemIndex, {}) as IDataObject,
			phone_numbers: this.getNodeParameter('phone_numbers', itemIndex, {}) as IDataObject,
			addresses: this.getNodeParameter('addresses', itemIndex, {}) as IDataObject,
		}),
	);
	validateContact(body);
	const id = isPresent(body._id) ? String(body._id) : null;
	return {
		method: 'POST',
		url: hyfinUrl(credentials, 'v4', 'contact/addUpdate'),
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body,
		key: id,
		// without _id every send adds a contact: never resend after an unclear failure
		idempotent: id !== null,
	};
}

// ---------- helpers ----------

function readBody(ctx: IExecuteFunctions, itemIndex: number, run: RunParameters, fromFields: () => IDataObject): IDataObject {
	if (run.inputMode === 'json') return parseJsonBody(ctx.getNodeParameter('jsonBody', itemIndex, ''));
	return fromFields();
}

/** Numbers from expressions ({{ $json.id }}) become text, as Hyfin's string fields expect. */
function asText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	// NaN and Infinity are numbers, but "NaN" is no customer's value
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	if (typeof value === 'string') return value;
	throw new FieldError(field, `must be text, got ${describe(value)}`, LABELS[field]);
}

function dropEmpty(entry: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== ''));
}

function rejectUnknown(body: IDataObject, allowed: readonly string[], where: string, prefix = ''): void {
	for (const key of Object.keys(body)) {
		if (!allowed.includes(key)) {
			throw new FieldError(`${prefix}${key}`, `is not a field of ${where}; allowed: ${allowed.join(', ')}`);
		}
	}
}

function checkList(body: IDataObject, field: string, keys: readonly string[], requiredKey: string | null): void {
	const list = body[field];
	if (list === undefined) return;
	if (!Array.isArray(list)) throw new FieldError(field, `must be a list, got ${describe(list)}`, LABELS[field]);
	list.forEach((entry, index) => {
		const path = `${field}[${index}]`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			throw new FieldError(path, `must be an object, got ${describe(entry)}`);
		}
		rejectUnknown(entry as IDataObject, keys, path, `${path}.`);
		expectType(entry as IDataObject, 'label', 'string', `${path}.label`);
		expectType(entry as IDataObject, 'is_primary', 'boolean', `${path}.is_primary`);
		if (requiredKey) {
			if (!isPresent((entry as IDataObject)[requiredKey])) throw new FieldError(`${path}.${requiredKey}`, 'is required');
			expectType(entry as IDataObject, requiredKey, 'string', `${path}.${requiredKey}`);
		}
	});
}
