import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Redactor } from './redact';

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

export function fieldErrorToNodeError(node: INode, error: FieldError, itemIndex: number, redactor: Redactor) {
	return new NodeOperationError(node, redactor.text(`Item ${itemIndex}: ${error.message}`), {
		itemIndex,
		description: redactor.text(
			error.hint ?? `Fix the "${error.label ?? error.field}" value of item ${itemIndex}; nothing was sent for it.`,
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
			: { body: redactor.text(String(args.raw ?? '')) };
	return new NodeApiError(node, body, {
		message: redactor.text(`${args.vendorName} refused the request (HTTP ${args.statusCode}): ${args.message}`),
		description: args.description ? redactor.text(args.description) : undefined,
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
	const context: IDataObject = { message: redactor.text(args.message) };
	return new NodeApiError(node, context as JsonObject, {
		message: redactor.text(`${args.vendorName}: ${args.message}`),
		description: args.description ? redactor.text(args.description) : undefined,
		httpCode: args.httpCode ? String(args.httpCode) : undefined,
		itemIndex: args.itemIndex,
	});
}
