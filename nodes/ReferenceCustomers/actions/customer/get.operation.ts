import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { labelsOf } from '../../../shared/describe';
import type { GetOperation, ItemInput, VendorRequest } from '../../../shared/types';
import { ACCEPT_JSON, checkReference, customerByReferenceUrl, readCustomer } from '../../helpers';

/**
 * Customer → Get: GET https://BASE_URL/api/VERSION/customers/reference/{id}, no body (Valomnia's
 * "Show customer" by reference). 200 with the customer; an unknown reference is found: false
 * (404 not_found, see assumptions.ts).
 */

const properties: INodeProperties[] = [
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		required: true,
		default: '',
		description:
			'Your unique reference of the customer to read (the reference given to Create or Update). Returns found: false when no customer has it.',
	},
];

const LABELS = labelsOf(properties);

export const customerGet: GetOperation = {
	kind: 'get',
	resource: 'customer',
	operation: 'get',
	option: {
		name: 'Get',
		value: 'get',
		description: 'Read one Valomnia customer by its reference. Returns found: false when there is none.',
		action: 'Get a customer',
	},
	properties,
	build(this: IExecuteFunctions, { itemIndex, credentials }: ItemInput): VendorRequest {
		const reference = checkReference(this.getNodeParameter('reference', itemIndex, ''), LABELS.reference);
		return {
			method: 'GET',
			url: customerByReferenceUrl(credentials, reference),
			headers: ACCEPT_JSON,
			key: reference,
		};
	},
	parse: readCustomer,
};
