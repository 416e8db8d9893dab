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
import { Pacer } from './pacing';
import { mapWithConcurrency } from './pool';
import { invalidItem, validRequest } from './validateOnly';
import { Redactor } from './redact';
import { DEFAULT_MAX_REPLY_BYTES, LoginSession, decryptedCredential } from './session';
import { TransportFailure, sendWithRetry } from './transport';
import type {
	ParsedReply,
	RunParameters,
	UpsertOperation,
	VendorNodeSpec,
	VendorReply,
	VendorRequest,
} from './types';

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
	// read once per run: these cannot hold item data, and every read evaluates the parameter
	const runParameters: RunParameters = {
		resource: this.getNodeParameter('resource', 0) as string,
		operation: this.getNodeParameter('operation', 0) as string,
		inputMode: this.getNodeParameter('inputMode', 0, 'fields') === 'json' ? 'json' : 'fields',
		options: this.getNodeParameter('options', 0, {}) as IDataObject,
	};
	const { resource, operation } = runParameters;
	const op = spec.operations[`${resource}:${operation}`];

	const run = readRunOptions(this, runParameters.options);
	const credentials = await this.getCredentials(spec.credentialType);
	// decrypted once per run, given to n8n with every request (see SendOptions.credentials)
	const decrypted = decryptedCredential(this.getNode(), spec.credentialType, credentials);
	// tokens and sessions issued during the run are secrets too (added as they are issued)
	const redactor = new Redactor(spec.secretCredentialFields.map((field) => credentials[field] as string));
	const session = spec.login
		? new LoginSession(decrypted, spec.login.field, spec.login.isRefused ?? ((reply) => reply.statusCode === 401), (token) =>
				redactor.addSecret(token),
			)
		: undefined;
	// one request rate per run and credential, shared by all items (rate limits)
	const pacer = new Pacer(run.maxRequestsPerSecond, run.policy.maxDelayMs);
	let failed = false;

	const runItem = async (itemIndex: number): Promise<ItemOutcome> => {
		if (!op) {
			return {
				error: new NodeOperationError(this.getNode(), `Unsupported operation "${operation}" for "${resource}"`, {
					itemIndex,
				}),
			};
		}
		let request: VendorRequest | undefined;
		let itemSecrets: string[] = [];
		// read when needed: a token issued while this item was in flight is redacted too
		const itemRedactor = () => redactor.with(itemSecrets);
		try {
			// the credential as the operation sees it: live secrets (tokens) are not copied into requests
			request = await op.build.call(this, itemIndex, credentials, runParameters);
			itemSecrets = request.secrets ?? [];
			// Validate Only: the checks ran and the request is built; nothing is sent
			if (run.validateOnly) return { json: itemRedactor().value(validRequest(request)) };
			const json = await sendAndParse.call(this, spec, op, request, itemIndex, itemRedactor, run, decrypted, session, pacer);
			return { json };
		} catch (error) {
			if (run.validateOnly && error instanceof FieldError) return { json: itemRedactor().value(invalidItem(error)) };
			const nodeError =
				error instanceof FieldError
					? fieldErrorToNodeError(this.getNode(), error, itemIndex, itemRedactor())
					: error instanceof TransportFailure
						? transportError(this.getNode(), {
								vendorName: spec.vendorName,
								message: error.message,
								itemIndex,
								redactor: itemRedactor(),
								httpCode: error.lastReply?.statusCode,
							})
						: asNodeError(this, error, itemIndex, itemRedactor());
			if (!continueOnFail) failed = true;
			return {
				error: nodeError,
				json: normalizedFailure({
					vendor: op.vendor,
					resource: op.resource,
					operation: op.operation,
					// the key is the user's value: it may hold a secret typed by mistake
					key: request?.key === undefined || request.key === null ? null : itemRedactor().text(request.key),
					error: nodeError.message,
					description: (nodeError as { description?: string }).description ?? undefined,
					httpCode: (nodeError as { httpCode?: string | null }).httpCode ?? undefined,
				}),
			};
		}
	};

	// logins: one per run and expiry, whichever item needs it (the session makes the others wait)
	const outcomes = await mapWithConcurrency(items.length, run.concurrency, runItem, () => failed);

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
	redactorNow: () => Redactor,
	run: ReturnType<typeof readRunOptions>,
	credentials: ICredentialsDecrypted,
	session: LoginSession | undefined,
	pacer: Pacer,
): Promise<IDataObject> {
	const sendOptions = {
		credentialType: spec.credentialType,
		credentials,
		session,
		pacer,
		timeoutMs: run.timeoutMs,
		maxReplyBytes: MAX_REPLY_BYTES,
		onRetry: ({ attempt, waitMs, reason }: { attempt: number; waitMs: number; reason: string }) =>
			this.logger.debug(`${spec.vendorName}: item ${itemIndex} try ${attempt} failed (${reason}); retrying in ${waitMs} ms`),
	};
	const send = async (req: VendorRequest) => await sendWithRetry.call(this, req, sendOptions, run.policy);

	const learned = op.before ? await op.before.call(this, request, send) : undefined;
	const reply: VendorReply = await send(request);
	let parsed: ParsedReply = op.parse(reply, request);
	if (parsed.ok && op.after) parsed = op.after(parsed, learned);
	const redactor = redactorNow();
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

/** Replies above this size (decoded) are refused unread (a hostile or broken server). */
export const MAX_REPLY_BYTES = DEFAULT_MAX_REPLY_BYTES;

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
