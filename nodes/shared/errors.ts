import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Redactor } from './redact';
import { shorten } from './redact';
import { plainText } from './replies';

/**
 * Bad input found before any HTTP call. `field` is the vendor's own field name
 * (external_id, address.addressLine…), `label` what the user sees in the node.
 */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly label?: string,
		readonly hint?: string,
	) {
		super(`${label ? `${label} (${field})` : field} ${problem}`);
		this.name = 'FieldError';
	}
}

/**
 * Longest message, description and quoted body an error shows. Texts are redacted whole and
 * only then cut (Redactor.text with maxLength), so a cut never shows the start of a secret.
 */
export const MAX_MESSAGE_CHARS = 500;
export const MAX_DESCRIPTION_CHARS = 2000;
export const MAX_BODY_CHARS = 2000;

/**
 * A text with the vendor's words in it (a message that quotes a body, an error body) as an error
 * shows it: redacted whole, then tags and line breaks removed, then cut. In that order: a cut or
 * a removed tag cannot leave part of a secret that redaction would have recognised whole.
 */
export function vendorText(redactor: Redactor, text: string, maxLength: number): string {
	return shorten(plainText(redactor.text(text)), maxLength);
}

export function fieldErrorToNodeError(node: INode, error: FieldError, itemIndex: number, redactor: Redactor) {
	return new NodeOperationError(node, redactor.text(`Item ${itemIndex}: ${error.message}`, MAX_MESSAGE_CHARS), {
		itemIndex,
		description: redactor.text(
			error.hint ?? `Fix the "${error.label ?? error.field}" value of item ${itemIndex}; nothing was sent for it.`,
			MAX_DESCRIPTION_CHARS,
		),
	});
}

/** The vendor refused the upsert (non-2xx, or a 2xx body that says it failed). */
export function vendorApiError(
	node: INode,
	args: {
		vendorName: string;
		statusCode: number;
		message: string;
		description?: string;
		raw: unknown;
		itemIndex: number;
		redactor: Redactor;
	},
) {
	const { redactor } = args;
	const body: JsonObject =
		args.raw && typeof args.raw === 'object' && !Array.isArray(args.raw)
			? (redactor.value(args.raw) as JsonObject)
			: { body: vendorText(redactor, String(args.raw ?? ''), MAX_BODY_CHARS) };
	return new NodeApiError(node, body, {
		message: vendorText(redactor, `${args.vendorName} refused the request (HTTP ${args.statusCode}): ${args.message}`, MAX_MESSAGE_CHARS),
		description: args.description ? redactor.text(args.description, MAX_DESCRIPTION_CHARS) : undefined,
		httpCode: String(args.statusCode),
		itemIndex: args.itemIndex,
	});
}

/** No usable reply at all: connection errors after the last retry, timeouts, unreadable bodies. */
export function transportError(
	node: INode,
	args: { vendorName: string; message: string; description?: string; itemIndex: number; redactor: Redactor; httpCode?: number },
) {
	const { redactor } = args;
	const context: IDataObject = { message: redactor.text(args.message, MAX_DESCRIPTION_CHARS) };
	return new NodeApiError(node, context as JsonObject, {
		message: redactor.text(`${args.vendorName}: ${args.message}`, MAX_MESSAGE_CHARS),
		description: args.description ? redactor.text(args.description, MAX_DESCRIPTION_CHARS) : undefined,
		httpCode: args.httpCode ? String(args.httpCode) : undefined,
		itemIndex: args.itemIndex,
	});
}
