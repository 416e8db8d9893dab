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
 *   action     'added' | 'updated' | 'upserted' ('upserted' only when the vendor cannot tell)
 *   id         the vendor's id of the record
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

export function normalizedFailure(args: {
	vendor: string;
	resource: string;
	operation: string;
	key: string | null;
	error: string;
	description?: string;
	httpCode?: string | null;
}): NormalizedResult & { error: string } {
	const result: NormalizedResult & { error: string } = {
		vendor: args.vendor,
		resource: args.resource,
		operation: args.operation,
		success: false,
		action: null,
		id: null,
		key: args.key,
		raw: null,
		error: args.error,
	};
	if (args.description) result.description = args.description;
	if (args.httpCode) result.httpCode = args.httpCode;
	return result;
}

export function asRaw(raw: unknown): NormalizedResult['raw'] {
	if (raw === undefined || raw === null) return null;
	if (typeof raw === 'object') return raw as IDataObject;
	return String(raw);
}
