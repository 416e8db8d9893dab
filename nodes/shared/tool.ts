import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, UsableAsToolDescription } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { FieldError } from './errors';
import type { Redactor } from './redact';
import { TransportFailure } from './transport';
import type { OperationKind } from './types';

/**
 * The nodes as AI agent tools (n8n's AI Agent with the node attached under "Tool"). n8n runs the
 * node's execute() with the tool call's arguments as its one input item and hands the model
 * JSON.stringify of the output items' json (n8n-core's makeHandleToolInvocation; the AI Agent
 * v3's buildSteps). A model has no items, no error output and no "On Error" setting, so in tool
 * mode:
 *   - a failure never throws (a thrown error fails the whole execution on AI Agent v3 of n8n 1.x,
 *     and reaches the model as "" on AI Agent 2.2): it is one answer
 *     `{ success: false, error, field?, retryable }`, without item numbers, secrets redacted;
 *   - a success is one compact answer (Output → Simplified unless the user chose another Output;
 *     a Search / Get Many gives `{ success, count, records }` instead of one item per record);
 *   - every answer is at most TOOL_ANSWER_MAX_CHARS characters as the model receives it, with
 *     `truncated: true` and a note when something was left out;
 *   - Search / Get Many without a Limit set reads TOOL_DEFAULT_LIMIT records.
 * Regular workflows are untouched: nothing here runs unless runsAsTool() says so.
 */

/** The longest answer a model gets from one tool call: JSON.stringify of n8n's item array. */
export const TOOL_ANSWER_MAX_CHARS = 8000;

/** Search / Get Many in tool mode when the Limit parameter is not set (the UI default is 50). */
export const TOOL_DEFAULT_LIMIT = 10;

/**
 * Whether n8n runs the node as an AI agent's tool. The signals, by line:
 *   - both lines: the node's type ends in "Tool" (n8n generates `<package>.<node>Tool` for every
 *     node with `usableAsTool`, and a workflow's tool node has that type);
 *   - AI Agent v3 (engine requests): the engine marks the node `rewireOutputLogTo: "ai_tool"`;
 *   - n8n 2.x, AI Agent 2.x: the context's isToolExecution() (SupplyDataContext; the regular
 *     ExecuteContext always answers false there, so it cannot be the only signal).
 */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	const node = ctx.getNode() as INode & { rewireOutputLogTo?: string };
	if (typeof node.type === 'string' && node.type.endsWith('Tool')) return true;
	if (node.rewireOutputLogTo === 'ai_tool') return true;
	const isToolExecution = (ctx as { isToolExecution?: () => boolean }).isToolExecution;
	return typeof isToolExecution === 'function' && isToolExecution.call(ctx) === true;
}

/** What the model gets when a call fails. */
export interface ToolFailure extends IDataObject {
	success: false;
	error: string;
	field?: string;
	retryable: boolean;
	/** Why the model cannot fix this by calling again (a tool set up in a way no call can satisfy). */
	note?: string;
}

/**
 * Version 2's Map Automatically as a tool: refused before anything is read or sent. The tool offers
 * the model no parameters (n8n builds the schema from the node's `$fromAI` calls only), so the record
 * would be whatever item n8n runs it with: {} with AI Agent 2.x, and with AI Agent 3 the agent's own
 * input item merged with arguments the model was never offered, so a chat item's `email` could be
 * sent. The answer carries AUTO_MAP_TOOL_NOTE, for the model (stop retrying) and for whoever reads the run.
 */
export const AUTO_MAP_TOOL_NOTE =
	"This tool's Input Mode is Map Automatically: it takes the record from the item n8n runs it with, not from values given in the call (the tool has no parameters), so calling again cannot fix this. In the workflow, set the node's Input Mode to Map Each Field and let the model define each field ($fromAI).";

/** The refusal of Map Automatically as a tool (a FieldError on Input Mode; its answer gets the note). */
class AutoMapAsTool extends FieldError {}

export function autoMapAsTool(): FieldError {
	return new AutoMapAsTool(
		'inputMode',
		'is Map Automatically, which gives an AI agent no fields to fill',
		'Input Mode',
		'In the workflow, set Input Mode to Map Each Field and let the model define each field ($fromAI). Nothing was sent.',
	);
}

/** HTTP statuses worth a second call later: rate limits and a vendor that is down. */
function retryableStatus(httpCode: unknown): boolean {
	const code = Number(httpCode);
	return code === 408 || code === 429 || code >= 500;
}

/** Item numbers mean nothing to a model ("Item 0: ...", "... of item 0"). */
function withoutItemNumbers(text: string): string {
	return text
		.replace(/\bItem \d+: /g, '')
		.replace(/ (of|for|in) item \d+/gi, '')
		.trim();
}

/**
 * One failure as the model gets it. `cause` is what the item's run threw, `nodeError` the error
 * a workflow would get (already redacted); the texts are the check's or the vendor's own words.
 */
export function toolFailure(cause: unknown, nodeError: Error, redactor: Redactor): ToolFailure {
	if (cause instanceof FieldError) {
		const text = cause.hint ? `${cause.message}: ${cause.hint}` : `${cause.message}; nothing was sent`;
		const failure: ToolFailure = { success: false, error: redactor.text(withoutItemNumbers(text), 1000), field: cause.field, retryable: false };
		return cause instanceof AutoMapAsTool ? { ...failure, note: AUTO_MAP_TOOL_NOTE } : failure;
	}
	const { description, httpCode } = nodeError as { description?: string | null; httpCode?: string | null };
	const retryable =
		cause instanceof TransportFailure
			? cause.reason === 'network' || cause.reason === 'retry-after-too-long'
			: retryableStatus(httpCode);
	// a vendor's refusal (NodeApiError) keeps its detail; the descriptions of transport errors and of
	// the node's own errors ("Set On Not Found to …") speak to the workflow builder
	const detail =
		description && nodeError instanceof NodeApiError && !(cause instanceof TransportFailure) && !nodeError.message.includes(description)
			? description.startsWith('(')
				? ` ${description}`
				: ` (${description})`
			: '';
	return {
		success: false,
		error: redactor.text(withoutItemNumbers(`${nodeError.message}${detail}`), 2500),
		retryable,
	};
}

/** Hypermedia and bookkeeping a model cannot use. */
const NOISE_KEYS = new Set(['_links', 'links', '_embedded', '__v']);

/** A record's own fields: no hypermedia links, no empty values (null, "", [], {}), at any depth. */
export function simplifiedRecord(value: unknown): unknown {
	if (Array.isArray(value)) {
		const list = value.map(simplifiedRecord).filter((entry) => !isEmpty(entry));
		return list;
	}
	if (value && typeof value === 'object') {
		const out: IDataObject = {};
		for (const [key, entry] of Object.entries(value as IDataObject)) {
			if (NOISE_KEYS.has(key)) continue;
			const simple = simplifiedRecord(entry);
			if (!isEmpty(simple)) out[key] = simple as IDataObject[keyof IDataObject];
		}
		return out;
	}
	return value;
}

function isEmpty(value: unknown): boolean {
	if (value === null || value === undefined || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object') return Object.keys(value as object).length === 0;
	return false;
}

const ENVELOPE_KEYS = ['vendor', 'resource', 'operation', 'raw'];

/**
 * Output → Simplified: the normalized result without its envelope (vendor, resource, operation),
 * without the vendor's raw reply, and with the record's own fields only (simplifiedRecord).
 */

export function simplifiedItem(json: IDataObject): IDataObject {
	const rest: IDataObject = { ...json };
	for (const key of ENVELOPE_KEYS) delete rest[key];
	if (rest.record && typeof rest.record === 'object') rest.record = simplifiedRecord(rest.record) as IDataObject;
	return rest;
}

/**
 * One tool call's answer from one input item's output: a Search's records in one answer, a
 * single result as it is; `success: true` first when the output has none (Output → Raw).
 */
export function toolSuccess(kind: OperationKind | undefined, jsons: IDataObject[], output: 'normalized' | 'raw' | 'simplified'): IDataObject {
	if (kind === 'search') {
		const records = jsons.map((json) => (output === 'raw' ? json : output === 'simplified' ? ((json.record as IDataObject) ?? json) : json));
		return { success: true, count: records.length, records };
	}
	const { ignoredFields, ...rest } = jsons[0] ?? {};
	// an empty list of item fields not sent tells the model nothing
	const json: IDataObject = Array.isArray(ignoredFields) && ignoredFields.length === 0 ? rest : (jsons[0] ?? {});
	if (output === 'simplified' && kind === 'get' && json.found === false) {
		return { ...json, note: 'No record has this key.' };
	}
	return 'success' in json ? json : { success: true, ...json };
}

/** The answer's length as the model receives it (n8n sends the array of the output items' json). */
export function answerLength(answer: IDataObject): number {
	return JSON.stringify([answer]).length;
}

/**
 * The answer cut to TOOL_ANSWER_MAX_CHARS: a list (records) loses records from its end, a single
 * large value (a record, a raw reply) becomes its JSON text cut short; either way
 * `truncated: true` and a note say what the model did not get.
 */
export function boundedAnswer(answer: IDataObject, max = TOOL_ANSWER_MAX_CHARS): IDataObject {
	if (answerLength(answer) <= max) return answer;
	if (Array.isArray(answer.records)) {
		const all = answer.records as IDataObject[];
		const note = (shown: number) =>
			`Only the first ${shown} of ${all.length} records fit in this answer (at most ${max} characters). Ask for fewer records or search more narrowly to see the others.`;
		let shown = all.length;
		let cut: IDataObject = answer;
		while (shown > 0) {
			shown--;
			cut = { ...answer, count: all.length, records: all.slice(0, shown), truncated: true, note: note(shown) };
			if (answerLength(cut) <= max) return cut;
		}
		answer = cut;
	}
	// the largest value becomes its JSON text, cut to what fits
	const entries = Object.entries(answer).map(([key, value]) => [key, JSON.stringify(value) ?? ''] as const);
	const [largestKey] = entries.reduce((a, b) => (b[1].length > a[1].length ? b : a));
	const base: IDataObject = {
		...answer,
		[largestKey]: '',
		truncated: true,
		note: `"${largestKey}" was cut to fit this answer (at most ${max} characters).`,
	};
	const room = Math.max(0, max - answerLength(base) - 16);
	const text = JSON.stringify(answer[largestKey]) ?? '';
	// JSON escapes can grow the text: shrink until the whole answer fits
	for (let keep = Math.min(room, text.length); keep >= 0; keep = Math.floor(keep * 0.9) - 1) {
		const cut = { ...base, [largestKey]: `${text.slice(0, keep)}…` };
		if (answerLength(cut) <= max) return cut;
	}
	return { success: answer.success ?? false, truncated: true, note: `The answer did not fit in ${max} characters.` };
}

/** One input item's result as the router has it (router.ts ItemOutcome). */
type Outcome = { json: IDataObject[]; error?: undefined } | { error: Error; json?: IDataObject; toolAnswer?: ToolFailure } | undefined;

/** The node's output in tool mode: one bounded answer per input item (a tool call is one item). */
export function toolAnswers(
	outcomes: Outcome[],
	kind: OperationKind | undefined,
	output: 'normalized' | 'raw' | 'simplified',
): INodeExecutionData[] {
	const answers: INodeExecutionData[] = [];
	outcomes.forEach((outcome, itemIndex) => {
		if (outcome === undefined) return;
		const answer = outcome.error
			? (outcome.toolAnswer ?? { success: false, error: withoutItemNumbers(outcome.error.message), retryable: false })
			: toolSuccess(kind, output === 'simplified' ? outcome.json.map(simplifiedItem) : outcome.json, output);
		answers.push({ json: boundedAnswer(answer), pairedItem: { item: itemIndex } });
	});
	return answers;
}

/**
 * `usableAsTool` with the default name the node gets when added as an AI agent's tool (the tool's
 * name is the node's name: "Valomnia (Reference Customers)" would reach the model as
 * "Valomnia_Reference_Customers_"). n8n 1.x and 2.x spread `replacements` over the whole
 * description of the generated Tool node type; n8n-workflow's type lists the base keys only.
 */
export function usableAsToolNamed(name: string): UsableAsToolDescription {
	return { replacements: { defaults: { name } } as UsableAsToolDescription['replacements'] };
}

/**
 * As a tool, an option the model left out arrives as its `$fromAI` default, usually "": sent as
 * it is, the vendor would store the empty value over what it had (Hyfin: an email wiped by a
 * call that only meant to change the name). The context an operation builds its request from
 * drops the empty texts of collections (Additional Fields and the like), so a left-out option is
 * not sent. Required fields are top-level values, untouched: an empty one is still refused.
 */
export function withoutEmptyOptions(ctx: IExecuteFunctions): IExecuteFunctions {
	const read = ctx.getNodeParameter.bind(ctx) as (...args: unknown[]) => unknown;
	const getNodeParameter = (...args: unknown[]) => {
		const value = read(...args);
		if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
		return Object.fromEntries(Object.entries(value as IDataObject).filter(([, entry]) => entry !== ''));
	};
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			const value = Reflect.get(target, property, target) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
