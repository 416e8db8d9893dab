import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GetOperation, ItemInput, SearchOperation, UpsertOperation, VendorRequest } from './types';

/**
 * The router table's entries, made the same way for every vendor: the kind, the resource, the
 * Operation dropdown entry (its name, value, description and action, which AI agents read), so
 * that an operation module holds only what is true of its vendor: its fields, its request and
 * its reply.
 */

/**
 * What an operation module gives: its resource and everything but the kind and the dropdown
 * entry, plus `actionDetail`: what an AI agent must know to call it well (which field is the
 * key, whether calling twice is safe), added to the action. With the node attached to n8n's AI
 * Agent, "<action> in <node>" is the tool's description, the only text about the node the model
 * reads (n8n-workflow's NodeHelpers.getToolDescriptionForNode).
 */
type Parts<T> = Omit<T, 'kind' | 'operation' | 'option' | 'actionV2'> & {
	actionDetail?: string;
	/**
	 * Version 2's "by …" (the key, in a few words): n8n names a node added from the actions list
	 * after its action, and a tool node "<action> in <node>", which is the tool's name for the
	 * model and must stay within 64 characters. Version 1 keeps `actionDetail`, which made names of
	 * about 150 characters.
	 */
	keyDetail?: string;
};

const withDetail = (action: string, detail: string | undefined) => (detail ? `${action} ${detail}` : action);

/**
 * Create or Update: one record per item, added or updated by its key. The description is
 * n8n's wording for an upsert, word for word (lint rule node-param-description-wrong-for-upsert).
 */
export function upsertOperation<Carry = unknown>({ actionDetail, keyDetail, ...parts }: Parts<UpsertOperation<Carry>>): UpsertOperation<Carry> {
	return {
		...parts,
		kind: 'upsert',
		operation: 'upsert',
		actionV2: withDetail(`Create or update a ${parts.resource}`, keyDetail),
		option: {
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: withDetail(`Create or update a ${parts.resource}`, actionDetail),
		},
	};
}

/** Get: one record by its key; `description` says by which key, and what comes when there is none. */
export function getOperation({ description, actionDetail, keyDetail, ...parts }: Parts<GetOperation> & { description: string }): GetOperation {
	return {
		...parts,
		kind: 'get',
		operation: 'get',
		actionV2: withDetail(`Get a ${parts.resource}`, keyDetail),
		option: { name: 'Get', value: 'get', description, action: withDetail(`Get a ${parts.resource}`, actionDetail) },
	};
}

/**
 * Search (the vendor searches by a value) or Get Many (the vendor lists, filtered): one item per
 * record; `description` says what is matched.
 */
export function searchOperation<Carry = unknown>({
	operation,
	description,
	actionDetail,
	keyDetail,
	...parts
}: Parts<SearchOperation<Carry>> & { operation: 'search' | 'getAll'; description: string }): SearchOperation<Carry> {
	const option =
		operation === 'search'
			? { name: 'Search', value: 'search', description, action: withDetail(`Search ${parts.resource}s`, actionDetail) }
			: { name: 'Get Many', value: 'getAll', description, action: withDetail(`Get many ${parts.resource}s`, actionDetail) };
	const actionV2 = withDetail(operation === 'search' ? `Search ${parts.resource}s` : `Get many ${parts.resource}s`, keyDetail);
	return { ...parts, kind: 'search', operation, option, actionV2 };
}

export const ACCEPT_JSON = { Accept: 'application/json' };
export const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/**
 * Get by one key that is a segment of the URL path (Hyfin's _id, Riverty's customerNumber,
 * Valomnia's reference): the key field, checked by the vendor's rules before anything is sent
 * (`check` gets the field's label for its errors and returns the key as sent), then GET `url`
 * with no body. The request's key is the output's key.
 */
export function getByKey(args: {
	resource: string;
	description: string;
	actionDetail?: string;
	keyDetail?: string;
	/** The key field: a required text field (its description says which record it identifies). */
	key: INodeProperties;
	check(value: unknown, label: string): string;
	url(credentials: ICredentialDataDecryptedObject, key: string): string;
	parse: GetOperation['parse'];
}): GetOperation {
	const { key } = args;
	return getOperation({
		resource: args.resource,
		description: args.description,
		actionDetail: args.actionDetail,
		keyDetail: args.keyDetail,
		properties: [key],
		build(this: IExecuteFunctions, { itemIndex, credentials }: ItemInput): VendorRequest {
			const value = args.check(this.getNodeParameter(key.name, itemIndex, ''), key.displayName);
			return { method: 'GET', url: args.url(credentials, value), headers: ACCEPT_JSON, key: value };
		},
		parse: args.parse,
	});
}

/**
 * One item's parameters, each read with its default, in the order given ("Fields Below" mode:
 * the fields a vendor's body builder takes). Collections (default {}) come as objects.
 */
export function readParameters<T extends Record<string, string | number | boolean | IDataObject>>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	defaults: T,
): { [K in keyof T]: T[K] extends string | number | boolean ? unknown : IDataObject } {
	const values: IDataObject = {};
	for (const [name, fallback] of Object.entries(defaults)) values[name] = ctx.getNodeParameter(name, itemIndex, fallback);
	return values as { [K in keyof T]: T[K] extends string | number | boolean ? unknown : IDataObject };
}

/**
 * Records to ask for per page: Limit when it is below the vendor's page size, else the page size
 * (Return All too). The core stops at Limit; a smaller first page spares the vendor the rest.
 */
export function pageSize(paging: ItemInput['paging'], largest: number): number {
	return Math.min(paging && !paging.returnAll ? paging.limit : largest, largest);
}
