import type { IDataObject } from 'n8n-workflow';

import type { FieldError } from './errors';
import type { VendorRequest } from './types';

/**
 * Options → Validate Only: every check runs and the exact request is built, nothing is sent.
 * Each item gives `{ valid, errors: [{ field, message }], request }` (secrets redacted by the
 * item loop), so a workflow can use the node as a pre-flight gate on a whole batch.
 */
export interface Validation extends IDataObject {
	valid: boolean;
	errors: Array<{ field: string; message: string }>;
	request: { method: string; url: string; contentType: string | null; body: unknown } | null;
}

export function validRequest(request: VendorRequest): Validation {
	return { valid: true, errors: [], request: describeRequest(request) };
}

export function invalidItem(error: FieldError): Validation {
	return { valid: false, errors: [{ field: error.field, message: error.message }], request: null };
}

/** Form fields as an object; a name sent more than once becomes a list. */
export function fieldsOf(entries: Iterable<[string, string]>): IDataObject {
	const fields: IDataObject = {};
	for (const [name, value] of entries) {
		const had = fields[name];
		fields[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had as string, value];
	}
	return fields;
}

function describeRequest(request: VendorRequest): Validation['request'] {
	const url = new URL(request.url);
	for (const [name, value] of Object.entries(request.qs ?? {})) url.searchParams.append(name, String(value));
	const header = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type');
	const { body } = request;
	let contentType = header ? String(header[1]) : null;
	let shown: unknown;
	if (request.preview) {
		contentType = request.preview.contentType;
		shown = request.preview.body;
	} else if (body instanceof URLSearchParams) {
		contentType = contentType ?? 'application/x-www-form-urlencoded';
		shown = fieldsOf(body.entries());
	} else if (Buffer.isBuffer(body)) {
		shown = `[${body.length} bytes]`;
	} else if (body === undefined || body === null) {
		shown = null;
	} else if (typeof body === 'object' || typeof body === 'string') {
		shown = body;
	} else {
		shown = '[a body built when sent]';
	}
	return { method: request.method, url: url.toString(), contentType, body: shown };
}
