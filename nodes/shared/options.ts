import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY } from './retry';
import type { MappingOptions } from './schema';
import { skipUnchangedOptions } from './unchanged';

// Skip Unchanged and its settings (unchanged.ts), upserts only; the list stays alphabetical
const [skipUnchanged, historySize, forgetHistory, onStoreError] = skipUnchangedOptions;

/** The "Options" collection every vendor node shows after its own fields. */
export const sharedOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 5,
			description: 'How many items are sent at the same time. Output order always follows input order.',
		},
		forgetHistory,
		historySize,
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 0,
			description:
				"The vendor's rate limit, if you know it: requests start no faster than this (all items together). 0 = no limit; either way the node slows down by itself when the vendor answers 429.",
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 30,
			description:
				'Longest wait between two tries. If the vendor asks (Retry-After) for a longer wait, the item fails instead.',
		},
		onStoreError,
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Normalized',
					value: 'normalized',
					description: 'Vendor, resource, operation, success, action (added/updated/upserted), ID, key and the raw reply',
				},
				{
					name: 'Raw Vendor Reply',
					value: 'raw',
					description: "The vendor's reply as it came, parsed",
				},
				{
					name: 'Simplified',
					value: 'simplified',
					description:
						"Success, action or found, ID, key and the record's own fields: no vendor/resource/operation, no raw reply, no links or empty values. What an AI agent gets when this option is not set.",
				},
			],
			default: 'normalized',
			description: 'What each output item holds. Used as an AI agent tool, the node answers Simplified unless this is set.',
		},
		skipUnchanged,
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 100 },
			default: 30000,
			description: 'How long to wait for one reply before the try counts as failed',
		},
		{
			displayName: 'Tries per Item',
			name: 'maxTries',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 4,
			description:
				'Tries for each item on 429, 502, 503, 504 and connection errors, with growing waits (Retry-After is honoured). Other errors are not retried.',
		},
		{
			displayName: 'Validate Only',
			name: 'validateOnly',
			type: 'boolean',
			default: false,
			description:
				"Whether to run every check and build each item's request without sending anything. Each item then gives valid, errors (field and message) and the request it would send (method, URL, content type, body), secrets hidden: a pre-flight check of a whole batch.",
		},
	],
};

export interface RunOptions {
	concurrency: number;
	/** 0 = not set. */
	maxRequestsPerSecond: number;
	validateOnly: boolean;
	output: 'normalized' | 'raw' | 'simplified';
	timeoutMs: number;
	policy: RetryPolicy;
}

/** `toolMode`: the node runs as an AI agent's tool (tool.ts): Output defaults to Simplified. */
export function readRunOptions(ctx: IExecuteFunctions, given?: object, toolMode = false): RunOptions {
	const options = (given ?? ctx.getNodeParameter('options', 0, {})) as {
		concurrency?: number;
		maxRetryWait?: number;
		output?: 'normalized' | 'raw' | 'simplified';
		timeout?: number;
		maxTries?: number;
		maxRequestsPerSecond?: number;
		validateOnly?: boolean;
	};
	const clamp = (value: unknown, min: number, max: number, fallback: number) => {
		const n = Number(value);
		return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
	};
	return {
		concurrency: clamp(options.concurrency, 1, 50, 5),
		validateOnly: options.validateOnly === true,
		maxRequestsPerSecond: Math.max(0, Number.isFinite(Number(options.maxRequestsPerSecond)) ? Number(options.maxRequestsPerSecond) : 0),
		output:
			options.output === 'raw' || options.output === 'simplified'
				? options.output
				: options.output === undefined && toolMode
					? 'simplified'
					: 'normalized',
		timeoutMs: clamp(options.timeout, 100, 600_000, 30_000),
		policy: {
			...DEFAULT_RETRY_POLICY,
			maxTries: clamp(options.maxTries, 1, 10, DEFAULT_RETRY_POLICY.maxTries),
			maxDelayMs: clamp(options.maxRetryWait, 1, 600, 30) * 1000,
		},
	};
}

/** Version 2's upsert options: how empty and unknown item fields are handled (schema.ts). */
const mappingOptions: INodeProperties[] = [
	{
		displayName: 'Empty Values',
		name: 'emptyValues',
		type: 'options',
		options: [
			{
				name: 'Leave Out',
				value: 'leaveOut',
				description: 'A field that is empty ("", null or only spaces) is not sent: the vendor keeps what it has',
			},
			{
				name: 'Send Empty',
				value: 'sendEmpty',
				description:
					'An empty text field is sent empty, to clear it where the vendor clears on an empty value (see README: no vendor documents it)',
			},
		],
		default: 'leaveOut',
		description:
			'What to do with fields that are present but empty (in the item, the mapper or the JSON body). Absent fields are never sent.',
		displayOptions: { show: { '/operation': ['upsert'], '/inputMode': ['auto', 'map', 'json'] } },
	},
	{
		displayName: 'Unknown Item Fields',
		name: 'unknownFields',
		type: 'options',
		options: [
			{
				name: 'Ignore',
				value: 'ignore',
				description: 'Item fields that are not fields of the vendor are not sent, and listed in ignoredFields',
			},
			{
				name: 'Fail the Item',
				value: 'fail',
				description: 'An item with a field that is not a field of the vendor fails (a typo in a column name is found)',
			},
		],
		default: 'ignore',
		description: 'What to do with item fields that are not fields of the vendor (Map Automatically)',
		displayOptions: { show: { '/operation': ['upsert'], '/inputMode': ['auto'] } },
	},
];

/**
 * The Options collection of version 2: version 1's, with Empty Values and Unknown Item Fields for
 * the upserts, in alphabetical order, and labels in n8n's Title Case ("Timeout (ms)").
 */
export function optionsV2(options: INodeProperties): INodeProperties {
	const own = ((options.options ?? []) as INodeProperties[]).map((option) =>
		option.name === 'timeout' ? { ...option, displayName: 'Timeout (ms)' } : option,
	);
	return {
		...options,
		options: [...own, ...mappingOptions].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export function readMappingOptions(options: IDataObject): MappingOptions {
	return {
		emptyValues: options.emptyValues === 'sendEmpty' ? 'sendEmpty' : 'leaveOut',
		unknownFields: options.unknownFields === 'fail' ? 'fail' : 'ignore',
	};
}
