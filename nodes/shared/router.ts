import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	JsonObject,
	ResourceMapperValue,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldError, fieldErrorToNodeError, transportError, vendorApiError } from './errors';
import { parseJsonBody } from './jsonBody';
import { normalizedFailure, normalizedRecord, normalizedSuccess } from './normalize';
import type { RunOptions } from './options';
import { readMappingOptions, readRunOptions } from './options';
import { Pacer } from './pacing';
import { mapWithConcurrency } from './pool';
import { invalidItem, validRequest } from './validateOnly';
import { Redactor } from './redact';
import type { MappedRecord } from './schema';
import { applyEmptyValues, mapRecord } from './schema';
import { DEFAULT_MAX_REPLY_BYTES, LoginSession, decryptedCredential } from './session';
import { TOOL_DEFAULT_LIMIT, autoMapAsTool, runsAsTool, simplifiedItem, toolAnswers, toolFailure, withoutEmptyOptions } from './tool';
import type { ToolFailure } from './tool';
import { TransportFailure, sendWithRetry } from './transport';
import { SkipUnchanged, readSkipUnchanged } from './unchanged';
import type {
	GetOperation,
	ItemInput,
	ParsedFailure,
	ParsedReply,
	RunParameters,
	SearchOperation,
	UpsertOperation,
	VendorNodeSpec,
	VendorOperation,
	VendorReply,
	VendorRequest,
} from './types';

type ItemOutcome =
	| { json: IDataObject[]; error?: undefined }
	| { error: Error; json?: IDataObject; toolAnswer?: ToolFailure };

/** Search → Return All stops here: a vendor that keeps sending pages is not followed forever. */
export const MAX_SEARCH_RECORDS = 100_000;

/**
 * The item loop shared by all vendor nodes: per item, build the request (validating first),
 * send it with retries, read the reply into the normalized result of the operation's kind
 * (upsert: one result; get: the record or found = false; search: one output item per record).
 * Items run with bounded concurrency; results keep input order and carry `pairedItem`. With
 * "continue on fail" each failure becomes an output item; otherwise the first failing item (in
 * input order) stops the run.
 */
export async function executeVendorNode(this: IExecuteFunctions, spec: VendorNodeSpec): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// as an AI agent's tool a failure is the model's answer, never a thrown error (tool.ts)
	const toolMode = runsAsTool(this);
	const continueOnFail = toolMode || this.continueOnFail();
	// read once per run: these cannot hold item data, and every read evaluates the parameter
	const version = this.getNode().typeVersion;
	const runParameters: RunParameters = {
		resource: this.getNodeParameter('resource', 0) as string,
		operation: this.getNodeParameter('operation', 0) as string,
		inputMode: readInputMode(this, version),
		options: this.getNodeParameter('options', 0, {}) as IDataObject,
		version,
	};
	const { resource, operation } = runParameters;
	const op = spec.operations.find((entry) => entry.resource === resource && entry.operation === operation);

	const run = readRunOptions(this, runParameters.options, toolMode);
	const credentials = await this.getCredentials(spec.credentialType);
	// decrypted once per run, given to n8n with every request (see SendOptions.credentials)
	const decrypted = decryptedCredential(this.getNode(), spec.credentialType, credentials);
	// tokens and sessions issued during the run are secrets too (added as they are issued)
	const redactor = new Redactor(
		spec.secretCredentialFields.map((field) => credentials[field] as string),
		undefined,
		spec.secretPatterns,
	);
	const session = spec.login
		? new LoginSession(
				decrypted,
				spec.login,
				spec.login.isRefused ?? ((reply) => reply.statusCode === 401),
				(token) => redactor.addSecret(token),
				// before a login: the credential as stored now (a user may have changed it meanwhile)
				async () => await this.getCredentials(spec.credentialType),
			)
		: undefined;
	// one request rate per run and credential, shared by all items (rate limits)
	const pacer = new Pacer(run.maxRequestsPerSecond, run.policy.maxDelayMs);
	const jsonMode = op?.kind === 'upsert' && op.inputModes !== undefined && runParameters.inputMode === 'json';
	// version 2: the item (Map Automatically) or the mapper's values (Map Each Field) is the record
	const schema = op?.kind === 'upsert' && version >= 2 ? op.schema : undefined;
	const mappedMode = schema !== undefined && (runParameters.inputMode === 'auto' || runParameters.inputMode === 'map');
	const mappingOptions = readMappingOptions(runParameters.options);
	let failed = false;

	// version 2's mapped records, by item: kept apart so that a build that fails still reports them
	const mappedRecords = new Map<number, MappedRecord>();
	// version 2's JSON Body: the empty fields left out, by item (Validate Only reports them)
	const jsonLeftOut = new Map<number, MappedRecord['leftOut']>();
	const prepare = async (op: VendorOperation, itemIndex: number) => {
		const input: ItemInput = { itemIndex, credentials, run: runParameters };
		if (jsonMode) input.jsonBody = parseJsonBody(this.getNodeParameter('jsonBody', itemIndex, ''));
		// version 2: JSON Body follows Options → Empty Values too
		if (jsonMode && schema && input.jsonBody) {
			const applied = applyEmptyValues(schema, input.jsonBody, mappingOptions);
			input.jsonBody = applied.body;
			jsonLeftOut.set(itemIndex, applied.leftOut);
		}
		// as a tool, Map Automatically would send whatever item n8n runs the tool with (AI Agent 3: the
		// agent's own input item with the call's arguments, which the model was never offered)
		if (toolMode && mappedMode && runParameters.inputMode === 'auto') throw autoMapAsTool();
		if (mappedMode && schema) {
			const mapped = mapRecord(schema, readRecord(this, runParameters.inputMode, items[itemIndex].json, itemIndex), mappingOptions);
			mappedRecords.set(itemIndex, mapped);
			input.jsonBody = mapped.body;
			input.urlValues = mapped.url;
		}
		if (op.kind === 'search') input.paging = readPaging(this, itemIndex, toolMode);
		// as a tool, options the model left out (their $fromAI default "") are not sent
		return { input, request: await op.build.call(toolMode ? withoutEmptyOptions(this) : this, input) };
	};
	// Options → Skip Unchanged (unchanged.ts): every upsert is built first and the store asked once
	const prepared = new Map<number, ReturnType<typeof prepare>>();
	const skipSettings = op?.kind === 'upsert' && !run.validateOnly ? readSkipUnchanged(runParameters.options) : undefined;
	const unchanged = op?.kind === 'upsert' && skipSettings ? new SkipUnchanged(this, spec, op, skipSettings) : undefined;
	if (op && unchanged) {
		const requests: Array<VendorRequest | undefined> = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = prepare(op, itemIndex);
			prepared.set(itemIndex, item);
			// a build that fails is that item's failure, reported when the item runs
			requests.push(await item.then((built) => built.request, () => undefined));
		}
		await unchanged.prepare(requests, credentials);
	}

	const runItem = async (itemIndex: number): Promise<ItemOutcome> => {
		if (!op) {
			return {
				error: new NodeOperationError(this.getNode(), `Unsupported operation "${operation}" for "${resource}"`, {
					itemIndex,
				}),
			};
		}
		let request: VendorRequest | undefined;
		let mapped: MappedRecord | undefined;
		let itemSecrets: string[] = [];
		// read when needed: a token issued while this item was in flight is redacted too
		const itemRedactor = () => redactor.with(itemSecrets);
		try {
			const built = prepared.get(itemIndex) ?? prepare(op, itemIndex);
			// the mapping is done before the build, which may fail: its report is read either way
			const settled = await built.finally(() => {
				mapped = mappedRecords.get(itemIndex);
			});
			const input = settled.input;
			request = settled.request;
			itemSecrets = request.secrets ?? [];
			// Validate Only: the checks ran and the request is built; nothing is sent
			if (run.validateOnly) return { json: [itemRedactor().value({ ...validRequest(request), ...mappingReport(mapped, jsonLeftOut.get(itemIndex)) })] };
			const same = unchanged?.skip(itemIndex);
			if (same) return { json: [itemRedactor().value({ ...same, ...(run.output === 'raw' ? {} : ignored(mapped)) })] };
			const exchange: Exchange = {
				spec,
				itemIndex,
				redactorNow: itemRedactor,
				run,
				send: sender(this, spec, itemIndex, run, decrypted, session, pacer),
			};
			unchanged?.sending(itemIndex);
			const json =
				op.kind === 'upsert'
					? [{ ...(await upsert.call(this, exchange, op, request)), ...(run.output === 'raw' ? {} : ignored(mapped)) }]
					: op.kind === 'get'
						? [await get.call(this, exchange, op, request)]
						: await search.call(this, exchange, op, request, input.paging as NonNullable<ItemInput['paging']>);
			unchanged?.accepted(itemIndex);
			return { json };
		} catch (error) {
			if (run.validateOnly && error instanceof FieldError) {
				return { json: [itemRedactor().value({ ...invalidItem(error), ...mappingReport(mapped, jsonLeftOut.get(itemIndex)) })] };
			}
			const nodeError =
				error instanceof FieldError
					? fieldErrorToNodeError(this.getNode(), error, itemIndex, itemRedactor())
					: error instanceof TransportFailure
						? transportError(this.getNode(), {
								vendorName: spec.vendorName,
								message: error.message,
								description: error.description,
								itemIndex,
								redactor: itemRedactor(),
								httpCode: error.lastReply?.statusCode,
							})
						: asNodeError(this, error, itemIndex, itemRedactor());
			if (!continueOnFail) failed = true;
			return {
				error: nodeError,
				toolAnswer: toolMode ? toolFailure(error, nodeError, itemRedactor()) : undefined,
				json: normalizedFailure({
					vendor: spec.vendor,
					resource: op.resource,
					operation: op.operation,
					kind: op.kind,
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
	await unchanged?.finish();
	if (toolMode) return [toolAnswers(outcomes, op?.kind, run.output)];

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
		for (const json of outcome.json) {
			output.push({ json: run.output === 'simplified' ? simplifiedItem(json) : json, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}

/** Input Mode, read once per run: version 1 knows Fields Below and JSON Body. */
function readInputMode(ctx: IExecuteFunctions, version: number): RunParameters['inputMode'] {
	if (version < 2) return ctx.getNodeParameter('inputMode', 0, 'fields') === 'json' ? 'json' : 'fields';
	const mode = ctx.getNodeParameter('inputMode', 0, 'auto');
	return mode === 'json' || mode === 'map' ? mode : 'auto';
}

/** Version 2's record: the item's JSON (Map Automatically) or the field mapper's values (Map Each Field). */
function readRecord(ctx: IExecuteFunctions, mode: RunParameters['inputMode'], item: IDataObject, itemIndex: number): IDataObject {
	if (mode === 'auto') return item;
	const mapping = ctx.getNodeParameter('mapping', itemIndex, {}) as Partial<ResourceMapperValue>;
	// a row left empty is null in the mapper's value (n8n fills every row it adds with null): a
	// field not set, never sent, whatever Empty Values says ("" and spaces follow Empty Values)
	const record: IDataObject = {};
	for (const [key, value] of Object.entries(mapping.value ?? {})) if (value !== null && value !== undefined) record[key] = value;
	return record;
}

/** Validate Only in version 2's mapped modes: the item fields not sent, and the empty ones left out, with why. */
function mappingReport(mapped: MappedRecord | undefined, jsonLeftOut?: MappedRecord['leftOut']): IDataObject {
	if (jsonLeftOut) return { leftOut: jsonLeftOut };
	return mapped ? { ignoredFields: mapped.ignoredFields, leftOut: mapped.leftOut } : {};
}

/** The output of an upsert in version 2's mapped modes lists the item fields that were not sent. */
function ignored(mapped: MappedRecord | undefined): IDataObject {
	return mapped ? { ignoredFields: mapped.ignoredFields } : {};
}

interface Exchange {
	spec: VendorNodeSpec;
	itemIndex: number;
	redactorNow: () => Redactor;
	run: RunOptions;
	send: (request: VendorRequest) => Promise<VendorReply>;
}

function sender(
	ctx: IExecuteFunctions,
	spec: VendorNodeSpec,
	itemIndex: number,
	run: RunOptions,
	credentials: ICredentialsDecrypted,
	session: LoginSession | undefined,
	pacer: Pacer,
) {
	const sendOptions = {
		credentialType: spec.credentialType,
		credentials,
		session,
		pacer,
		timeoutMs: run.timeoutMs,
		maxReplyBytes: MAX_REPLY_BYTES,
		onRetry: ({ attempt, waitMs, reason }: { attempt: number; waitMs: number; reason: string }) =>
			ctx.logger.debug(`${spec.vendorName}: item ${itemIndex} try ${attempt} failed (${reason}); retrying in ${waitMs} ms`),
	};
	return async (req: VendorRequest) => await sendWithRetry.call(ctx, req, sendOptions, run.policy);
}

/** A refusal as the item's NodeApiError, redacted. */
function refused(ctx: IExecuteFunctions, exchange: Exchange, reply: VendorReply, parsed: ParsedFailure) {
	return vendorApiError(ctx.getNode(), {
		vendorName: exchange.spec.vendorName,
		statusCode: reply.statusCode,
		message: parsed.message,
		description: parsed.description,
		raw: parsed.raw,
		itemIndex: exchange.itemIndex,
		redactor: exchange.redactorNow(),
	});
}

/** Output → Raw Vendor Reply: the reply as it came (parsed), as an item's json. */
function rawItem(redactor: Redactor, raw: unknown): IDataObject {
	const value = redactor.value(raw);
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { raw: value as string };
}

async function upsert(
	this: IExecuteFunctions,
	exchange: Exchange,
	op: UpsertOperation,
	request: VendorRequest,
): Promise<IDataObject> {
	const learned = op.before ? await op.before.call(this, request, exchange.send) : undefined;
	const reply: VendorReply = await exchange.send(request);
	let parsed: ParsedReply = op.parse(reply, request);
	if (parsed.ok && op.after) parsed = op.after(parsed, learned);
	if (!parsed.ok) throw refused(this, exchange, reply, parsed);
	const redactor = exchange.redactorNow();
	if (exchange.run.output === 'raw') return rawItem(redactor, parsed.raw);
	return redactor.value(
		normalizedSuccess({
			vendor: exchange.spec.vendor,
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

async function get(this: IExecuteFunctions, exchange: Exchange, op: GetOperation, request: VendorRequest): Promise<IDataObject> {
	const reply = await exchange.send(request);
	const parsed = op.parse(reply, request);
	if (!parsed.ok) throw refused(this, exchange, reply, parsed);
	const redactor = exchange.redactorNow();
	if (!parsed.found && this.getNodeParameter('onNotFound', exchange.itemIndex, 'return') === 'fail') {
		const key = request.key === null ? '' : ` "${redactor.text(request.key, 200)}"`;
		throw new NodeOperationError(this.getNode(), `${exchange.spec.vendorName}: no ${op.resource}${key} found`, {
			itemIndex: exchange.itemIndex,
			description: 'Set "On Not Found" to "Return Found = False" to output the item with found: false instead.',
		});
	}
	if (exchange.run.output === 'raw') return rawItem(redactor, parsed.raw);
	return redactor.value(
		normalizedRecord({
			vendor: exchange.spec.vendor,
			resource: op.resource,
			operation: 'get',
			key: request.key,
			found: parsed.found ? { id: parsed.id, record: parsed.record } : null,
		}),
	);
}

/**
 * Pages until Limit records (or, with Return All, until the vendor has no next page). A page
 * without records, or a next page asked for twice, ends the search: a vendor that loops is not
 * followed. Return All stops with an error past MAX_SEARCH_RECORDS.
 */
async function search(
	this: IExecuteFunctions,
	exchange: Exchange,
	op: SearchOperation,
	first: VendorRequest,
	paging: NonNullable<ItemInput['paging']>,
): Promise<IDataObject[]> {
	// Return All reads one record past the cap, so that reaching it exactly is not taken for the end
	const wanted = paging.returnAll ? MAX_SEARCH_RECORDS + 1 : paging.limit;
	const records: Array<{ id: string | number | null; record: IDataObject }> = [];
	const asked = new Set<string>();
	let request: VendorRequest | undefined = first;
	while (request) {
		asked.add(requestIdentity(request));
		const reply = await exchange.send(request);
		const parsed = op.parse(reply, request);
		if (!parsed.ok) throw refused(this, exchange, reply, parsed);
		// one push per record: spreading a page of 100,000+ records into push() overflows the stack
		for (const record of parsed.records) records.push(record);
		if (records.length >= wanted || parsed.records.length === 0 || !op.nextPage) break;
		request = op.nextPage(request, parsed, records.length);
		if (request && asked.has(requestIdentity(request))) break;
	}
	if (paging.returnAll && records.length > MAX_SEARCH_RECORDS) {
		throw new NodeOperationError(
			this.getNode(),
			`${exchange.spec.vendorName}: the search matched more than ${MAX_SEARCH_RECORDS} records`,
			{ itemIndex: exchange.itemIndex, description: 'Turn off "Return All" and set a Limit, or narrow the search.' },
		);
	}
	const redactor = exchange.redactorNow();
	return records.slice(0, wanted).map((found) =>
		exchange.run.output === 'raw'
			? rawItem(redactor, found.record)
			: redactor.value(
					normalizedRecord({ vendor: exchange.spec.vendor, resource: op.resource, operation: 'search', key: first.key, found }),
				),
	);
}

function requestIdentity(request: VendorRequest): string {
	const body = request.body instanceof URLSearchParams ? request.body.toString() : JSON.stringify(request.body ?? null);
	return `${request.method} ${request.url} ${JSON.stringify(request.qs ?? {})} ${body}`;
}

/** Search → Return All and Limit of one item (Limit: a whole number ≥ 1). */
function readPaging(ctx: IExecuteFunctions, itemIndex: number, toolMode = false): NonNullable<ItemInput['paging']> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) === true;
	if (returnAll) return { returnAll, limit: MAX_SEARCH_RECORDS };
	// a tool whose Limit is left at the UI's default (50; n8n fills defaults in, so a stored 50 and
	// an unset Limit look the same) reads a few records; a Limit from an expression ($fromAI) is kept
	const stored = ctx.getNode().parameters.limit;
	const limitUnset = stored === undefined || stored === 50;
	const limit = toolMode && limitUnset ? TOOL_DEFAULT_LIMIT : Number(ctx.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1) throw new FieldError('limit', `must be a whole number of at least 1, got ${String(limit)}`, 'Limit');
	return { returnAll, limit };
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
