import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GetOperation, ItemInput, VendorRequest } from '../../../shared/types';
import { hyfinUrl, idSegment, readHyfinRecord } from '../../helpers';

/** Customer → Get: GET {base_url}/api/v4/site/{site_id}/customer/{_id}, no body (Hyfin's "Get Customer", v4). */

const properties: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: '_id',
		type: 'string',
		required: true,
		default: '',
		description: "Hyfin's ID of the customer: the _id of the record, which Create or Update returns as ID",
	},
];

export const customerGet: GetOperation = {
	kind: 'get',
	resource: 'customer',
	operation: 'get',
	option: {
		name: 'Get',
		value: 'get',
		description: "Read one Hyfin customer by Hyfin's Customer ID (_id). Returns found: false when there is none.",
		action: 'Get a customer',
	},
	properties,
	build(this: IExecuteFunctions, { itemIndex, credentials }: ItemInput): VendorRequest {
		const id = idSegment(this.getNodeParameter('_id', itemIndex, ''), 'Customer ID');
		return {
			method: 'GET',
			url: hyfinUrl(credentials, 'v4', `customer/${id}`),
			headers: { Accept: 'application/json' },
			key: decodeURIComponent(id),
		};
	},
	parse: readHyfinRecord,
};
