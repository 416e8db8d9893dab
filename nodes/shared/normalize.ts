import type { IDataObject } from 'n8n-workflow';

import type { UpsertAction } from './types';

/**
 * The normalized result: the same shape for all four vendors, so a workflow can branch on
 * `action` without knowing which vendor answered.
 *
 *   vendor     'hyfin' | 'riverty' | 'valomnia' | 'clienttoolbox'
 *   resource   'customer' | 'contact'
 *   operation  'upsert'
 *   success    true here; false on continue-on-fail error items
 *   action     'added' | 'updated' | 'upserted' ('upserted' only when the vendor cannot tell);
 *              'unchanged' when Options → Skip Unchanged did not send it (unchanged.ts)
 *   id         the vendor's id of the record (null for 'unchanged': n8n's store keeps no id)
 *   key        the upsert key that was sent (external_id, _id, customerNumber, reference, code)
 *   raw        the vendor's reply, parsed
 */
export interface NormalizedResult extends IDataObject {
	vendor: string;
	resource: string;
	operation: string;
	success: boolean;
	action: UpsertAction | null;
	id: string | number | null;
	key: string | null;
	raw: IDataObject | IDataObject[] | string | null;
}

export function normalizedSuccess(args: {
	vendor: string;
	resource: string;
	operation: string;
	action: UpsertAction;
	id: string | number | null;
	key: string | null;
	raw: unknown;
	extra?: IDataObject;
}): NormalizedResult {
	return {
		vendor: args.vendor,
		resource: args.resource,
		operation: args.operation,
		success: true,
		action: args.action,
		id: args.id,
		key: args.key,
		...(args.extra ?? {}),
		raw: asRaw(args.raw),
	};
}

/**
 * A Get or one Search record: the same shape for every vendor.
 *
 *   vendor, resource   as for the upsert
 *   operation          'get' | 'search' (the kind, whatever the vendor calls the operation)
 *   success            true
 *   found              false only for a Get that found nothing (On Not Found: Return Found = False)
 *   id                 the vendor's id of the record (null when not found)
 *   key                the key that was looked up (Get) or the value searched for (Search, null without one)
 *   record             the vendor's fields, as the vendor names them (null when not found)
 */
export interface NormalizedRecord extends IDataObject {
	vendor: string;
	resource: string;
	operation: 'get' | 'search';
	success: true;
	found: boolean;
	id: string | number | null;
	key: string | null;
	record: IDataObject | null;
}

export function normalizedRecord(args: {
	vendor: string;
	resource: string;
	operation: 'get' | 'search';
	key: string | null;
	found: { id: string | number | null; record: IDataObject } | null;
}): NormalizedRecord {
	return {
		vendor: args.vendor,
		resource: args.resource,
		operation: args.operation,
		success: true,
		found: args.found !== null,
		id: args.found?.id ?? null,
		key: args.key,
		record: args.found?.record ?? null,
	};
}

/** A failed item (Continue On Fail): the kind's own shape with success false and the error. */
export function normalizedFailure(args: {
	vendor: string;
	resource: string;
	operation: string;
	kind?: 'upsert' | 'get' | 'search';
	key: string | null;
	error: string;
	description?: string;
	httpCode?: string | null;
}): IDataObject & { success: false; error: string } {
	const common = {
		vendor: args.vendor,
		resource: args.resource,
		operation: args.kind === 'get' || args.kind === 'search' ? args.kind : args.operation,
		success: false as const,
	};
	const result: IDataObject & { success: false; error: string } =
		args.kind === 'get' || args.kind === 'search'
			? { ...common, found: null, id: null, key: args.key, record: null, error: args.error }
			: { ...common, action: null, id: null, key: args.key, raw: null, error: args.error };
	if (args.description) result.description = args.description;
	if (args.httpCode) result.httpCode = args.httpCode;
	return result;
}

export function asRaw(raw: unknown): NormalizedResult['raw'] {
	if (raw === undefined || raw === null) return null;
	if (typeof raw === 'object') return raw as IDataObject;
	return String(raw);
}
