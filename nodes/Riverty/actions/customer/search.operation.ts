import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelsOf } from '../../../shared/describe';
import { FieldError } from '../../../shared/errors';
import { JSON_HEADERS, pageSize, searchOperation } from '../../../shared/operations';
import type { ItemInput, ParsedPage, SearchOperation, VendorReply, VendorRequest } from '../../../shared/types';
import { asText, expectNoControlChars, expectOneOf, isPresent } from '../../../shared/validate';
import { RIVERTY_SEARCH_PAGE_SIZE } from '../../assumptions';
import { customerNumber, customerNumberOf, customersUrl, readRivertyReply } from '../../helpers';

/**
 * Customer → Search: POST {base}/v1/clients/{clientId}/customers/search?page&perPage&sort&order
 * with the JSON body { searchValue, searchColumn } (Riverty's "Searching In Customer With Given
 * Filter Value"). 200 → { items: [customer…], total }; "Customer Not Found" is a 200 too.
 */

/** The documented searchColumn values; `sort` takes the same names. */
const BY_CUSTOMER_NUMBER = customerNumber.path;
/** A personal number: kept out of the output, the errors and the logs. */
const BY_SSN = 'ssn';
const COLUMNS = [
	{ name: 'Client ID', value: 'clientId' },
	{ name: customerNumber.label, value: BY_CUSTOMER_NUMBER },
	{ name: 'Name', value: 'name' },
	{ name: 'Organization Number', value: 'organizationNumber' },
	{ name: 'SSN', value: BY_SSN },
];
const COLUMN_VALUES = COLUMNS.map((c) => c.value);
const ORDERS = ['asc', 'desc'] as const;

const properties: INodeProperties[] = [
	{
		displayName: 'Search Column',
		name: 'searchColumn',
		type: 'options',
		required: true,
		options: COLUMNS,
		default: BY_CUSTOMER_NUMBER,
		description: 'The customer field Riverty searches in (searchColumn)',
	},
	{
		displayName: 'Search Value',
		name: 'searchValue',
		type: 'string',
		required: true,
		default: '',
		description:
			'What to look for in the Search Column (searchValue). With SSN the value is a personal number: it is kept out of the output (the key shows [redacted]) and out of error messages.',
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'options',
		options: COLUMNS,
		default: BY_CUSTOMER_NUMBER,
		description: "The field the customers are ordered by (sort); Riverty's default is Customer Number",
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		options: [
			{ name: 'Ascending', value: 'asc' },
			{ name: 'Descending', value: 'desc' },
		],
		default: 'desc',
		description: "Ascending or descending (order); Riverty's default is descending",
	},
];
const LABELS = labelsOf(properties);

/** What a search carries from page to page. */
interface SearchCarry {
	/** The page asked for (the `page` query parameter). */
	page: number;
	/** The customers received on earlier pages: a page that only repeats them ends the search. */
	received: Set<string>;
}

export const customerSearch: SearchOperation<SearchCarry> = searchOperation<SearchCarry>({
	resource: 'customer',
	actionDetail: 'by customer number, name, organization number or SSN',
	keyDetail: 'by name, number or SSN',
	operation: 'search',
	description:
		'Find Riverty customers whose Search Column matches the Search Value; one output item per customer found, none when nothing matches',
	properties,
	build(this: IExecuteFunctions, { itemIndex, credentials, paging }: ItemInput): VendorRequest<SearchCarry> {
		const searchColumn = choice(this.getNodeParameter('searchColumn', itemIndex, ''), 'searchColumn', COLUMN_VALUES);
		const searchValue = asText(this.getNodeParameter('searchValue', itemIndex, ''), 'searchValue', LABELS.searchValue);
		if (!isPresent(searchValue)) throw new FieldError('searchValue', 'is required', LABELS.searchValue);
		expectNoControlChars({ searchValue });
		const sort = choice(this.getNodeParameter('sort', itemIndex, BY_CUSTOMER_NUMBER), 'sort', COLUMN_VALUES);
		const order = choice(this.getNodeParameter('order', itemIndex, 'desc'), 'order', ORDERS);
		// Limit below a page: ask for just that many. Riverty documents no largest perPage.
		const perPage = pageSize(paging, RIVERTY_SEARCH_PAGE_SIZE);
		return {
			method: 'POST',
			url: customersUrl(credentials, '/search'),
			qs: { page: 1, perPage, sort, order },
			headers: JSON_HEADERS,
			body: { searchValue, searchColumn },
			key: searchValue,
			// a personal number is not for the output, the error messages or the logs
			secrets: searchColumn === BY_SSN ? [searchValue] : undefined,
			carry: { page: 1, received: new Set() },
		};
	},
	parse: parseSearchReply,
	/**
	 * The next page while the last one brought customers and Riverty's `total` is not reached
	 * (unknown total: until an empty page). Pages are walked by `total`, not by perPage: a server
	 * that serves fewer rows than asked for is still read to the end.
	 */
	nextPage(request, page, received) {
		if (page.total !== undefined && received >= page.total) return undefined;
		const { carry } = request;
		if (!carry) return undefined;
		const next = carry.page + 1;
		return { ...request, qs: { ...request.qs, page: next }, carry: { ...carry, page: next } };
	},
});

/**
 * One page: `{ items, total }`. A 200 without a body or without `items` is "Customer Not Found"
 * (no records); see assumptions.ts. Customers already received on an earlier page are left out,
 * so a server that repeats a page gives an empty page, which ends the search.
 */
export function parseSearchReply(reply: VendorReply, request: VendorRequest<SearchCarry>): ParsedPage {
	const read = readRivertyReply(reply);
	if (!read.ok) return read;
	const body = read.value;
	if (body === undefined) return { ok: true, records: [], raw: null };
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		return { ok: false, message: `Riverty answered HTTP ${reply.statusCode} with JSON that is not a search result ({ items, total })`, raw: body };
	}
	const { items, total } = body as IDataObject;
	if (items !== undefined && items !== null && !Array.isArray(items)) {
		return { ok: false, message: `Riverty answered HTTP ${reply.statusCode} with "items" that is not a list`, raw: body };
	}
	const seen = request.carry?.received ?? new Set<string>();
	const records: Array<{ id: string | number | null; record: IDataObject }> = [];
	for (const entry of (items ?? []) as unknown[]) {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			return { ok: false, message: `Riverty answered HTTP ${reply.statusCode} with a search result that is not a customer`, raw: body };
		}
		const id = customerNumberOf(entry, null);
		const fingerprint = id === null ? `json:${JSON.stringify(entry)}` : `id:${String(id)}`;
		if (seen.has(fingerprint)) continue;
		seen.add(fingerprint);
		records.push({ id, record: entry as IDataObject });
	}
	const count = typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : undefined;
	return { ok: true, records, total: count, raw: body };
}

/** A dropdown's value (an expression can give anything): one of the documented values. */
function choice<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
	expectOneOf({ [field]: value as string }, field, allowed, LABELS[field]);
	if (!allowed.includes(value as T)) throw new FieldError(field, 'is required', LABELS[field]);
	return value as T;
}
