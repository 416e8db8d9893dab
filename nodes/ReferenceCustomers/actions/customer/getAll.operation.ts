import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelsOf } from '../../../shared/describe';
import { FieldError } from '../../../shared/errors';
import { ACCEPT_JSON, pageSize, searchOperation } from '../../../shared/operations';
import type { ItemInput, ParsedPage, SearchOperation, VendorReply, VendorRequest } from '../../../shared/types';
import { describe, isObject } from '../../../shared/validate';
import { VALOMNIA_GET_MANY_PAGE_SIZE } from '../../assumptions';
import { customersUrl, idOf, readValomniaObject } from '../../helpers';

/**
 * Customer → Get Many: GET https://BASE_URL/api/VERSION/customers with Valomnia's list
 * parameters (docs/vendors/valomnia.md#lists): `max`, `offset`, `sort`, `order` (asc/desc), `reference` and
 * `name` with the wildcard *, `dateCreated_gt|gte|lt|lte` and `lastUpdated_gt|gte|lt|lte`
 * (YYYY-MM-DDTHH:MM:SSZ). Reply `{ paging: { total, max, offset, previous, next }, data }`.
 * Paging (Return All / Limit) by `offset`; see assumptions.ts for what is read from `paging`.
 */

const DATE_FIELDS = ['dateCreated', 'lastUpdated'] as const;
const COMPARISONS = [
	['gt', 'After'],
	['gte', 'On or After'],
	['lt', 'Before'],
	['lte', 'On or Before'],
] as const;

const dateFilters: INodeProperties[] = DATE_FIELDS.flatMap((field) =>
	COMPARISONS.map(([comparison, words]): INodeProperties => {
		const what = field === 'dateCreated' ? 'Date Created' : 'Last Updated';
		return {
			displayName: `${what} ${words}`,
			name: `${field}_${comparison}`,
			type: 'string',
			default: '',
			placeholder: '2024-03-01T00:00:00Z',
			description: `Only customers whose ${field} is ${words.toLowerCase()} this moment (${field}_${comparison}), as YYYY-MM-DDTHH:MM:SSZ; another UTC offset is converted to UTC, fractions of a second are dropped`,
		};
	}),
);

/** The wildcard filters (* stands for any characters), in the order they are sent. */
const wildcardFilters: INodeProperties[] = [
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		placeholder: 'Ref-6*',
		description: 'Only customers with this reference; * stands for any characters (Ref-6* = every reference starting with Ref-6)',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'Boulangerie*',
		description: 'Only customers with this name; * stands for any characters (Boulangerie* = every name starting with Boulangerie)',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: ([
			...wildcardFilters,
			...dateFilters,
			// sorted by display name, as n8n's UI lists them
		] as INodeProperties[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
	{
		displayName: 'Sort',
		name: 'sorting',
		type: 'collection',
		placeholder: 'Add Sort Option',
		default: {},
		options: [
			{
				displayName: 'Order',
				name: 'order',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'asc',
			},
			{
				displayName: 'Sort By',
				name: 'sort',
				type: 'options',
				options: [
					{ name: 'Date Created', value: 'dateCreated' },
					{ name: 'ID', value: 'id' },
					{ name: 'Last Updated', value: 'lastUpdated' },
					{ name: 'Name', value: 'name' },
					{ name: 'Reference', value: 'reference' },
				],
				default: 'id',
				description: 'The customer field the list is sorted by (sort)',
			},
		],
	},
];

const LABELS = labelsOf(properties);

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A filter date as Valomnia's lists take it, YYYY-MM-DDTHH:MM:SSZ: an ISO 8601 date and time
 * with Z or a UTC offset (converted to UTC), a Date, or a Luxon DateTime ({{ $now }});
 * fractions of a second are dropped. A date without a time zone is refused (which one?).
 */
export function filterDate(value: unknown, field: string, label?: string): string {
	let text: unknown = value;
	if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
	else if (value && typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		text = (value as { toISO: () => unknown }).toISO();
	}
	const fail = () =>
		new FieldError(
			field,
			`must be a date and time such as 2024-03-01T09:00:00Z (YYYY-MM-DDTHH:MM:SSZ), got ${describe(text)}`,
			label,
		);
	if (typeof text !== 'string') throw fail();
	const match = ISO_DATE_TIME.exec(text.trim());
	if (!match) throw fail();
	const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
	const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
	// Date.UTC rolls 2024-02-30 over to March: a real date reads back the same
	const real =
		local.getUTCFullYear() === year &&
		local.getUTCMonth() === month - 1 &&
		local.getUTCDate() === day &&
		local.getUTCHours() === hour &&
		local.getUTCMinutes() === minute &&
		local.getUTCSeconds() === second;
	if (!real || year < 1) throw fail();
	const zone = match[7].toUpperCase();
	let offsetMinutes = 0;
	if (zone !== 'Z') {
		const digits = zone.slice(1).replace(':', '');
		const hours = Number(digits.slice(0, 2));
		const minutes = Number(digits.slice(2));
		if (hours > 23 || minutes > 59) throw fail();
		offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
	}
	const utc = new Date(local.getTime() - offsetMinutes * 60_000);
	return utc.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A wildcard filter (reference, name): text; empty means not set. */
function filterText(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof text !== 'string') throw new FieldError(field, `must be text, got ${describe(value)}`, LABELS[field]);
	// eslint-disable-next-line no-control-regex -- finding control characters is what this check is for
	if (/[\u0000-\u001f\u007f]/.test(text)) throw new FieldError(field, 'contains control characters', LABELS[field]);
	return text === '' ? undefined : text;
}

/** The filters as Valomnia's query parameters, checked (nothing is sent when one is wrong). */
export function filterQuery(filters: IDataObject): IDataObject {
	const known = new Set([...wildcardFilters, ...dateFilters].map((p) => p.name));
	for (const key of Object.keys(filters)) {
		if (!known.has(key)) throw new FieldError(key, `is not a filter of Valomnia's customer list; allowed: ${[...known].join(', ')}`);
	}
	const query: IDataObject = {};
	for (const { name } of wildcardFilters) {
		const text = filterText(filters[name], name);
		if (text !== undefined) query[name] = text;
	}
	for (const { name } of dateFilters) {
		const value = filters[name];
		if (value === undefined || value === null || value === '') continue;
		query[name] = filterDate(value, name, LABELS[name]);
	}
	return query;
}

function sortQuery(sorting: IDataObject): IDataObject {
	const query: IDataObject = {};
	if (sorting.sort !== undefined && sorting.sort !== '') {
		if (typeof sorting.sort !== 'string' || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(sorting.sort)) {
			throw new FieldError('sort', `must be the name of a customer field such as reference, got ${describe(sorting.sort)}`, LABELS.sort);
		}
		query.sort = sorting.sort;
	}
	if (sorting.order !== undefined && sorting.order !== '') {
		const order = typeof sorting.order === 'string' ? sorting.order.toLowerCase() : sorting.order;
		if (order !== 'asc' && order !== 'desc') {
			throw new FieldError('order', `must be asc or desc, got ${describe(sorting.order)}`, LABELS.order);
		}
		query.order = order;
	}
	return query;
}

/** The reply's `paging`, or an empty object. */
function pagingOf(json: IDataObject): IDataObject {
	return isObject(json.paging) ? json.paging : {};
}

/** Did the server answer another offset than asked (it does not page by offset)? */
function otherOffset(paging: IDataObject, request: VendorRequest): boolean {
	return paging.offset !== undefined && paging.offset !== null && Number(paging.offset) !== Number(request.qs?.offset ?? 0);
}

/**
 * One page of the list: its customers and `paging.total` when the reply has it. A later page
 * that says it is another offset than asked holds rows already read: none are taken from it.
 */
export function parseCustomerPage(reply: VendorReply, request: VendorRequest): ParsedPage {
	const read = readValomniaObject(reply);
	if (!read.ok) return read;
	const { json } = read;
	if (!Array.isArray(json.data)) {
		return { ok: false, message: 'Valomnia replied without a data list (expected { paging, data })', raw: json };
	}
	const paging = pagingOf(json);
	const total = typeof paging.total === 'number' && Number.isFinite(paging.total) ? paging.total : undefined;
	if (Number(request.qs?.offset ?? 0) > 0 && otherOffset(paging, request)) return { ok: true, records: [], total, raw: json };
	const records = json.data.filter(isObject).map((record) => ({ id: idOf(record), record }));
	return { ok: true, records, total, raw: json };
}

/**
 * The next page, built here from the offset (never from `paging.next`, which could point at
 * another host), or undefined when the list is done (see assumptions.ts).
 */
export function nextCustomerPage(request: VendorRequest, page: ParsedPage & { ok: true }): VendorRequest | undefined {
	const raw = page.raw as IDataObject;
	const rows = Array.isArray(raw.data) ? raw.data.length : 0;
	const paging = pagingOf(raw);
	const asked = Number(request.qs?.offset ?? 0);
	const max = Number(request.qs?.max ?? VALOMNIA_GET_MANY_PAGE_SIZE);
	// a server that answers another offset than asked does not page by offset: following it repeats rows
	if (otherOffset(paging, request)) return undefined;
	const offset = asked + rows;
	if (page.total !== undefined && offset >= page.total) return undefined;
	if ('next' in paging && !paging.next) return undefined;
	if (page.total === undefined && !('next' in paging) && rows < max) return undefined;
	return { ...request, qs: { ...request.qs, offset } };
}

export const customerGetAll: SearchOperation = searchOperation({
	resource: 'customer',
	actionDetail: 'by reference or name (wildcard *) and creation or update date',
	keyDetail: 'by reference, name or date',
	operation: 'getAll',
	description:
		'List Valomnia customers, optionally filtered by reference or name (wildcard *) and by creation or update date. One item per customer.',
	properties,
	build(this: IExecuteFunctions, { itemIndex, credentials, paging }: ItemInput): VendorRequest {
		const filters = filterQuery(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
		const sort = sortQuery(this.getNodeParameter('sorting', itemIndex, {}) as IDataObject);
		const max = pageSize(paging, VALOMNIA_GET_MANY_PAGE_SIZE);
		const searched = Object.entries(filters)
			.map(([name, value]) => `${name}=${String(value)}`)
			.join('&');
		return {
			method: 'GET',
			url: customersUrl(credentials),
			headers: ACCEPT_JSON,
			qs: { max, offset: 0, ...sort, ...filters },
			// what was searched, as the output's key: the filters, or null for the whole list
			key: searched || null,
		};
	},
	parse: parseCustomerPage,
	nextPage: nextCustomerPage,
});
