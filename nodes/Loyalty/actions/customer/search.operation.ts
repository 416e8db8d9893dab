import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelsOf } from '../../../shared/describe';
import { FieldError } from '../../../shared/errors';
import { readParameters, searchOperation } from '../../../shared/operations';
import type { ItemInput, ParsedPage, SearchOperation, VendorReply, VendorRequest } from '../../../shared/types';
import { describe, isObject } from '../../../shared/validate';
import { LOYALTY_INCLUDE_BALANCES_VALUE } from '../../assumptions';
import { byFieldNumber, customFieldsFrom, customFieldsProperty } from '../../customFields';
import type { FieldSpec } from '../../../shared/schema';
import type { V1Shape } from '../../../shared/v1';
import * as customerField from './fields';
import { readReplyFormat } from '../../options';
import { fail, loyaltyFailure, readLoyaltyReply, scalar, withoutSecrets } from '../../reply';
import type { Form } from '../../request';
import { asFormText, checkFormText, formRequest } from '../../request';

/**
 * Customer → Search: Client Toolbox's "Customer Search", POST form fields `type=customer_search`
 * and the filters (customer_search.html / .php). Partial, case-insensitive matches unless
 * exact_match says otherwise; no filter = every customer; no paging: one reply holds every
 * match, and Limit cuts it.
 */

/** The documented filters (the customer's fields of the same names), in the order of the doc's table. */
export const SEARCH_FIELDS: FieldSpec[] = [
	customerField.cardNumber,
	customerField.firstName,
	customerField.lastName,
	customerField.phone,
	customerField.email,
	customerField.city,
	customerField.state,
	customerField.postalCode,
	customerField.customDate,
	customerField.customField,
	customerField.customerUsername,
	customerField.customerPassword,
	customerField.customerPin,
];
/** Filters whose values are the customer's secrets: never shown (request.secrets), nor used as the key. */
const SECRET_FILTERS = SEARCH_FIELDS.filter((field) => field.secret).map((field) => field.path);
const EXACT_MATCH = 'exact_match';

/** What Search showed beyond the field (version 1 is frozen: test/v1-frozen.test.js). */
const FILTER_SHAPES = new Map<FieldSpec, V1Shape>([
	[customerField.customDate, { placeholder: '1970-07-14', description: 'The custom date, matched as text (YYYY-MM-DD)' }],
	[customerField.customField, { description: 'The built-in free-text custom field' }],
	[customerField.customerPassword, { description: "The customer's password for customer-facing apps. Never shown in output or errors." }],
	[customerField.customerPin, { description: "The customer's API-only PIN. Never shown in output or errors." }],
	[customerField.email, { placeholder: 'name@email.com' }],
]);

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			'The customer fields to match; a customer must match every filter given. Without any filter (here or in Custom Fields) Client Toolbox returns every customer of the account: Limit only cuts what the node outputs.',
		// as text, whatever the field's type in Create or Update: a filter is matched as text
		options: SEARCH_FIELDS.map((field) => customerField.v1CustomerField(field, { type: 'string', default: '', ...FILTER_SHAPES.get(field) })).sort((a, b) =>
			a.displayName.localeCompare(b.displayName),
		),
	},
	customFieldsProperty({
		placeholder: 'Add Custom Field Filter',
		description: 'Filters on numbered custom fields (custom_field_#) defined in the account',
		numberDescription: 'The # of custom_field_# (2 or more; 1 is the built-in Custom Field)',
	}),
	{
		displayName: 'Exact Match',
		name: EXACT_MATCH,
		type: 'options',
		options: [
			{
				name: 'Exact, Case-Insensitive',
				value: 'insensitive',
				description: 'The whole value must match, upper and lower case alike (exact_match=insensitive)',
			},
			{
				name: 'Exact, Case-Sensitive',
				value: 'sensitive',
				description: 'The whole value must match, with the same case (exact_match=sensitive)',
			},
			{
				name: 'Partial (Not Set)',
				value: '',
				description: "Client Toolbox's default: a filter matches any value that contains it, in any case",
			},
		],
		default: '',
		description: 'How the filters match',
	},
	customerField.includeBalances("Whether to ask for each customer's balances too (include_balances)"),
];

const LABELS = labelsOf(properties);

/** The filters of one item, in the doc's order, checked. */
export function searchForm(params: IDataObject): Form {
	const given: IDataObject = { ...((params.filters as IDataObject) ?? {}) };
	const names = SEARCH_FIELDS.map((field) => field.path);
	for (const name of Object.keys(given)) {
		if (!names.includes(name)) {
			throw new FieldError(name, `is not a filter of Client Toolbox's customer_search; allowed: ${names.join(', ')}`);
		}
	}
	const custom: IDataObject = {};
	customFieldsFrom(params.customFields as IDataObject, LABELS.customFields, custom);
	const form: Form = {};
	for (const name of [...names, ...byFieldNumber(Object.keys(custom))]) {
		if (!(name in given) && !(name in custom)) continue;
		const label = LABELS[name] ?? LABELS.customFields;
		const text = asFormText(name, name in given ? given[name] : custom[name], label, SECRET_FILTERS.includes(name));
		// an empty value (an expression on an item without it) would widen the search, up to every customer
		if (text === undefined || text.trim() === '') {
			throw new FieldError(
				name,
				'is empty: a filter needs a value (without any filter Client Toolbox returns every customer)',
				label,
				'Give the filter a value, or remove it; nothing was sent for this item.',
			);
		}
		form[name] = text;
	}
	const exact = params[EXACT_MATCH] ?? '';
	if (exact !== '' && exact !== 'sensitive' && exact !== 'insensitive') {
		throw new FieldError(EXACT_MATCH, `must be "sensitive", "insensitive" or empty, got ${describe(exact)}`, LABELS[EXACT_MATCH]);
	}
	if (exact) form[EXACT_MATCH] = exact;
	if (params[customerField.INCLUDE_BALANCES] === true) form[customerField.INCLUDE_BALANCES] = LOYALTY_INCLUDE_BALANCES_VALUE;
	checkFormText(form, { ...LABELS, ...Object.fromEntries(byFieldNumber(Object.keys(form)).map((n) => [n, LABELS.customFields])) });
	return form;
}

/**
 * The key of a search (normalized `key`): the value searched for when there is one filter, the
 * filters as name=value pairs when there are several, null without any. Secret filters are left out.
 */
export function searchKey(form: Form): string | null {
	const filters = Object.entries(form).filter(
		([name]) => name !== EXACT_MATCH && name !== customerField.INCLUDE_BALANCES && !SECRET_FILTERS.includes(name),
	);
	if (filters.length === 0) return null;
	if (filters.length === 1) return filters[0][1];
	return filters.map(([name, value]) => `${name}=${value}`).join('&');
}

/** Every customer of the reply, in its order (assumptions.ts for the list's shapes). */
export function parseSearchReply(reply: VendorReply): ParsedPage {
	const read = readLoyaltyReply(reply);
	if (!read.ok) return read;
	const json = read.json;
	const failure = loyaltyFailure(withoutSecrets(json), reply.statusCode);
	if (failure) return failure;
	const list = customerList(json);
	if (!list) return fail('unusable reply: a customer list that is not a list of customers', withoutSecrets(json));
	const records: Array<{ id: string | null; record: IDataObject }> = [];
	for (const entry of list) {
		if (!isObject(entry)) return fail(`unusable reply: a customer that is not a record: ${describe(entry)}`, withoutSecrets(json));
		const record = withoutSecrets(entry);
		records.push({ id: scalar(record.code), record });
	}
	// the reply is not shown as a whole (one output item per customer): no copy of it is kept
	return { ok: true, records, raw: { status: json.status, customers: records.length } };
}

function customerList(json: IDataObject): unknown[] | null {
	const list = json.customers ?? json.customer;
	// no list at all, or an empty <customers/> element: no match
	if (list === undefined || list === null || list === '') return [];
	if (Array.isArray(list)) return list;
	if (!isObject(list)) return null;
	// XML: <customers><customer>…</customer>…</customers>, one customer or several
	if ('customer' in list) {
		const inner = list.customer;
		if (inner === '' || inner === undefined || inner === null) return [];
		return Array.isArray(inner) ? inner : [inner];
	}
	// JSON: one customer object on its own, or customers keyed by position ("0", "1", …)
	if (customerField.code.path in list) return [list];
	return Object.values(list);
}

export const customerSearch: SearchOperation = searchOperation({
	resource: 'customer',
	actionDetail: 'by card number, name, phone, email, address or custom field',
	keyDetail: 'by name, card or email',
	operation: 'search',
	description:
		'Find Client Toolbox customers by card number, name, phone, email, address or custom fields (customer_search); one output item per customer',
	properties,
	build(this: IExecuteFunctions, { itemIndex, credentials, run }: ItemInput): VendorRequest {
		const reply = readReplyFormat(run.options);
		const form = searchForm(
			readParameters(this, itemIndex, {
				filters: {},
				customFields: {},
				[EXACT_MATCH]: '',
				[customerField.INCLUDE_BALANCES]: false,
			}) as IDataObject,
		);
		return formRequest({ type: 'customer_search' }, form, reply, credentials, {
			key: searchKey(form),
			secrets: SECRET_FILTERS.map((name) => form[name]).filter((value): value is string => value !== undefined),
			idempotent: true,
		});
	},
	parse: parseSearchReply,
});
