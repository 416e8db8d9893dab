import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError, fieldErrorToNodeError, transportError, vendorApiError } from './errors';
import { normalizedFailure, normalizedSuccess } from './normalize';
import { readRunOptions } from './options';
import { mapWithConcurrency } from './pool';
import { Redactor } from './redact';
import { TransportFailure, sendWithRetry } from './transport';
import type { ParsedReply, UpsertOperation, VendorNodeSpec, VendorReply, VendorRequest } from './types';

type ItemOutcome = { json: IDataObject; error?: undefined } | { error: Error; json?: IDataObject };

/**
 * The item loop shared by all vendor nodes: per item, build the request (validating first),
 * send it with retries, parse the reply into the normalized result. Items run with bounded
 * concurrency; results keep input order and carry `pairedItem`. With "continue on fail" each
 * failure becomes an output item; otherwise the first failing item (in input order) stops the run.
 */
export async function executeUpsert(this: IExecuteFunctions, spec: VendorNodeSpec): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const run = readRunOptions(this);
	const credentials = await this.getCredentials(spec.credentialType);
	// decrypted once per run, given to n8n with every request (see SendOptions.credentials)
	const nodeCredential = this.getNode().credentials?.[spec.credentialType];
	const decrypted: ICredentialsDecrypted = {
		id: nodeCredential?.id ?? '',
		name: nodeCredential?.name ?? '',
		type: spec.credentialType,
		data: credentials,
	};
	const redactor = new Redactor(spec.secretCredentialFields.map((field) => credentials[field] as string));
	let failed = false;

	const runItem = async (itemIndex: number): Promise<ItemOutcome> => {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const op = spec.operations[`${resource}:${operation}`];
		if (!op) {
			return {
				error: new NodeOperationError(this.getNode(), `Unsupported operation "${operation}" for "${resource}"`, {
					itemIndex,
				}),
			};
		}
		let request: VendorRequest | undefined;
		let itemRedactor = redactor;
		try {
			// the credential as the operation sees it: live secrets (tokens) are not copied into requests
			request = await op.build.call(this, itemIndex, credentials);
			itemRedactor = redactor.with(request.secrets ?? []);
			const json = await sendAndParse.call(this, spec, op, request, itemIndex, itemRedactor, run, decrypted);
			return { json };
		} catch (error) {
			const nodeError =
				error instanceof FieldError
					? fieldErrorToNodeError(this.getNode(), error, itemIndex, itemRedactor)
					: error instanceof TransportFailure
						? transportError(this.getNode(), {
								vendorName: spec.vendorName,
								message: error.message,
								itemIndex,
								redactor: itemRedactor,
								httpCode: error.lastReply?.statusCode,
							})
						: asNodeError(this, error, itemIndex, itemRedactor);
			if (!continueOnFail) failed = true;
			return {
				error: nodeError,
				json: normalizedFailure({
					vendor: op.vendor,
					resource: op.resource,
					operation: op.operation,
					key: request?.key ?? null,
					error: nodeError.message,
					description: (nodeError as { description?: string }).description ?? undefined,
					httpCode: (nodeError as { httpCode?: string | null }).httpCode ?? undefined,
				}),
			};
		}
	};

	// one login for the whole run: the first item alone, then the rest in parallel
	const first = spec.loginFirst && items.length > 0 ? await runItem(0) : undefined;
	if (first?.error && !continueOnFail) throw first.error;
	const outcomes = await mapWithConcurrency(items.length, run.concurrency, runItem, () => failed, first ? 1 : 0);
	if (first) outcomes[0] = first;

	// "On Error: Continue (using error output)": n8n moves the items that carry `error` to the
	// error output (n8n-core's handleNodeErrorOutput); "Continue (regular output)" keeps them in place.
	const errorOutput = this.getNode().onError === 'continueErrorOutput';
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes[itemIndex];
		if (outcome === undefined) continue; // not started because an earlier item failed
		if (outcome.error) {
			if (!continueOnFail) throw outcome.error;
			output.push({
				json: outcome.json ?? { error: outcome.error.message },
				...(errorOutput ? { error: outcome.error as NodeApiError | NodeOperationError } : {}),
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		output.push(...this.helpers.constructExecutionMetaData([{ json: outcome.json }], { itemData: { item: itemIndex } }));
	}
	return [output];
}

async function sendAndParse(
	this: IExecuteFunctions,
	spec: VendorNodeSpec,
	op: UpsertOperation,
	request: VendorRequest,
	itemIndex: number,
	redactor: Redactor,
	run: ReturnType<typeof readRunOptions>,
	credentials: ICredentialsDecrypted,
): Promise<IDataObject> {
	const sendOptions = {
		credentialType: spec.credentialType,
		credentials,
		timeoutMs: run.timeoutMs,
		maxReplyBytes: MAX_REPLY_BYTES,
		reauthOn401: spec.loginFirst === true,
		onRetry: ({ attempt, waitMs, reason }: { attempt: number; waitMs: number; reason: string }) =>
			this.logger.debug(`${spec.vendorName}: item ${itemIndex} try ${attempt} failed (${reason}); retrying in ${waitMs} ms`),
	};
	const send = async (req: VendorRequest) => await sendWithRetry.call(this, req, sendOptions, run.policy);

	const learned = op.before ? await op.before.call(this, request, send) : undefined;
	const reply: VendorReply = await send(request);
	let parsed: ParsedReply = op.parse(reply, request);
	if (parsed.ok && op.after) parsed = op.after(parsed, learned);
	if (!parsed.ok) {
		throw vendorApiError(this.getNode(), {
			vendorName: spec.vendorName,
			statusCode: reply.statusCode,
			message: parsed.message,
			description: parsed.description,
			raw: parsed.raw,
			itemIndex,
			redactor,
		});
	}
	if (run.output === 'raw') {
		const raw = redactor.value(parsed.raw);
		return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as IDataObject) : { raw: raw as string };
	}
	return redactor.value(
		normalizedSuccess({
			vendor: op.vendor,
			resource: op.resource,
			operation: op.operation,
			action: parsed.action,
			id: parsed.id,
			key: request.key,
			raw: parsed.raw,
			extra: parsed.extra,
		}),
	);
}

/** Replies above this size are refused unread (a hostile or broken server). */
export const MAX_REPLY_BYTES = 5 * 1024 * 1024;

function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number, redactor: Redactor): Error {
	// A fresh error, never the original: errors from the request helper carry the request
	// configuration (headers with tokens) in their cause, and n8n stores errors with the execution.
	const err = error as Error & { description?: string | null; httpCode?: string | null };
	const message = redactor.text(err?.message ?? String(error));
	const description = err?.description ? redactor.text(err.description) : undefined;
	if (err && typeof err === 'object' && 'httpCode' in err && err.httpCode) {
		return new NodeApiError(ctx.getNode(), { message } as JsonObject, {
			message,
			description,
			httpCode: err.httpCode,
			itemIndex,
		});
	}
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}
