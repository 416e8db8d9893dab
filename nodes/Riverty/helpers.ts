import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { isSuccessStatus, readJson } from '../shared/replies';
import type { FieldSpec } from '../shared/schema';
import type { ParsedFailure, VendorReply } from '../shared/types';
import { asText, expectNoControlChars, expectPathKey, isPresent, recordId } from '../shared/validate';
import { rivertyClientId, rivertyEndpoints, tokenRequestForm } from './auth';

/**
 * What Riverty's customer operations share: the customer-service URLs, the customer number in
 * the path, the JSON replies and the words of its error bodies
 * (docs/vendors/riverty.md#hosts and #errors).
 */

/** {base}/v1/clients/{clientId}/customers, plus `/…` when given (already encoded). */
export function customersUrl(credentials: ICredentialDataDecryptedObject, suffix = ''): string {
	const endpoints = rivertyEndpoints(credentials);
	const url = `${endpoints.baseUrl}/v1/clients/${rivertyClientId(credentials)}/customers${suffix}`;
	// credential problems too are reported before anything is sent (the token request needs these)
	tokenRequestForm(credentials, endpoints);
	return url;
}

/** {base}/v1/clients/{clientId}/customers/{customerNumber}: the PUT, HEAD and GET of one customer. */
export function customerUrl(credentials: ICredentialDataDecryptedObject, customerNumber: string): string {
	return customersUrl(credentials, `/${encodeURIComponent(customerNumber)}`);
}

/**
 * The customer's key, your own reference: the last segment of the customer's URL (PUT, HEAD and
 * GET), and the `customerNumber` of the customer Riverty sends back.
 */
export const customerNumber: FieldSpec = {
	path: 'customerNumber',
	label: 'Customer Number',
	type: 'string',
	required: true,
	inUrl: true,
	description: 'Your own reference for this customer: a customer with this number is updated, otherwise one is created',
};

/** The customer number as one URL path segment: required, real text, not "." or "..", not over-long. */
export function checkCustomerNumber(value: unknown, label?: string): string {
	const { path } = customerNumber;
	const key = asText(value, path, label);
	if (!isPresent(key)) throw new FieldError(path, 'is required', label);
	expectNoControlChars({ [path]: key });
	expectPathKey(key, path, label);
	return key;
}

/** A customer record's id: its customerNumber, else the number that was asked for. */
export function customerNumberOf(record: unknown, fallback: string | null): string | number | null {
	return recordId(record, customerNumber.path) ?? fallback;
}

/**
 * A 2xx reply read as JSON, or the failure to report: a non-2xx reply (with the body's own
 * words, whatever its shape) or a 2xx body that is not JSON. An empty 2xx body is `value: undefined`.
 */
export function readRivertyReply(reply: VendorReply): { ok: true; value: unknown } | ParsedFailure {
	if (!isSuccessStatus(reply.statusCode)) return rivertyFailure(reply);
	if (reply.body.trim() === '') return { ok: true, value: undefined };
	const read = readJson(reply);
	if (!read.ok) return { ok: false, message: `Riverty answered HTTP ${reply.statusCode} with ${read.problem}`, raw: reply.body };
	return { ok: true, value: read.value };
}

/** A refusal, in Riverty's own words when the body has any (the core redacts and cuts them). */
export function rivertyFailure(reply: VendorReply): ParsedFailure {
	const read = readJson(reply);
	const hint = statusHint(reply.statusCode);
	if (!read.ok) {
		return {
			ok: false,
			message: reply.body.trim() === '' ? `no details (HTTP ${reply.statusCode})` : `Riverty replied with ${read.problem}`,
			description: hint,
			raw: reply.body,
		};
	}
	const { message, details } = describeProblem(read.value);
	return {
		ok: false,
		message: message || `no error message (HTTP ${reply.statusCode})`,
		description: [details, hint].filter(Boolean).join(' ') || undefined,
		raw: read.value,
	};
}

/**
 * The message fields of an error body: problem details (title, detail, invalidParameters[{name,
 * reason}]), Riverty BNPL ({type, code, message, fieldReference}, alone or in a list), OAuth
 * ({error, error_description}) or ASP.NET validation (errors: {field: [text]}).
 */
export function describeProblem(body: unknown): { message: string; details: string } {
	const entries = Array.isArray(body) ? body : [body];
	const messages: string[] = [];
	const details: string[] = [];
	for (const entry of entries) {
		if (typeof entry === 'string') {
			messages.push(entry);
			continue;
		}
		if (!entry || typeof entry !== 'object') continue;
		const e = entry as IDataObject;
		const main = firstText(e.title, e.message, e.customerFacingMessage, e.error_description, e.error, e.detail);
		const problems: string[] = [];
		if (Array.isArray(e.invalidParameters)) {
			for (const p of e.invalidParameters as IDataObject[]) {
				if (!p || typeof p !== 'object') continue;
				const name = firstText(p.name, p.field, p.fieldReference);
				const reason = firstText(p.reason, p.message, p.detail);
				if (name || reason) problems.push(name && reason ? `${name}: ${reason}` : name || reason);
			}
		}
		if (e.errors && typeof e.errors === 'object' && !Array.isArray(e.errors)) {
			for (const [name, value] of Object.entries(e.errors as IDataObject)) {
				const reasons = (Array.isArray(value) ? value : [value]).map(String).join(', ');
				problems.push(`${name}: ${reasons}`);
			}
		}
		const fieldReference = firstText(e.fieldReference);
		if (fieldReference && !problems.length) problems.push(`field ${fieldReference}`);
		const line = [main, problems.join('; ')].filter(Boolean).join(' – ');
		if (line) messages.push(line);
		const detail = firstText(e.detail);
		if (detail && detail !== main) details.push(detail);
		const tags = [
			['category', e.category],
			['type', e.type],
			['code', e.code],
			['actionCode', e.actionCode],
		]
			.filter(([, value]) => typeof value === 'string' || typeof value === 'number')
			.map(([key, value]) => `${key as string}: ${String(value)}`);
		if (tags.length) details.push(`(${tags.join(', ')})`);
	}
	// not cut here: the error redacts the whole text, then shortens it (errors.ts)
	return { message: messages.join(' | '), details: details.join(' ') };
}

function firstText(...values: unknown[]): string {
	for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return '';
}

/** What to check for the statuses that usually mean a setup problem rather than bad data. */
export function statusHint(statusCode: number): string | undefined {
	switch (statusCode) {
		case 401:
			return 'The access token was refused even after a new one was fetched: check that the OAuth client belongs to this environment.';
		case 403:
			return 'This OAuth client may not use this Riverty Client ID: check the Riverty Client ID of the credential.';
		case 404:
			return 'Nothing found at this address: check the environment (or base URL) and the Riverty Client ID of the credential.';
		case 429:
			return 'Riverty still answered 429 (too many requests) after every try: lower Concurrency or raise Tries per Item.';
		default:
			return undefined;
	}
}
