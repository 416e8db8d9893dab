import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GetOperation, ItemInput, VendorRequest } from '../../../shared/types';
import { hyfinUrl, idSegment, readHyfinRecord } from '../../helpers';

/** Contact → Get: GET {base_url}/api/v4/site/{site_id}/contact/{_id}, no body (Hyfin's "Get Contact", v4). */

const properties: INodeProperties[] = [
	{
		displayName: 'Contact ID',
		name: '_id',
		type: 'string',
		required: true,
		default: '',
		description: "Hyfin's ID of the contact: the _id of the record, which Create or Update returns as ID",
	},
];

export const contactGet: GetOperation = {
	kind: 'get',
	resource: 'contact',
	operation: 'get',
	option: {
		name: 'Get',
		value: 'get',
		description: "Read one Hyfin contact by Hyfin's Contact ID (_id). Returns found: false when there is none.",
		action: 'Get a contact',
	},
	properties,
	build(this: IExecuteFunctions, { itemIndex, credentials }: ItemInput): VendorRequest {
		const id = idSegment(this.getNodeParameter('_id', itemIndex, ''), 'Contact ID');
		return {
			method: 'GET',
			url: hyfinUrl(credentials, 'v4', `contact/${id}`),
			headers: { Accept: 'application/json' },
			key: decodeURIComponent(id),
		};
	},
	parse: readHyfinRecord,
};
