import { getByKey } from '../../../shared/operations';
import type { GetOperation } from '../../../shared/types';
import { v1Field } from '../../../shared/v1';
import { checkReference, customerByReferenceUrl, readCustomer, reference } from '../../helpers';

/**
 * Customer → Get: GET https://BASE_URL/api/VERSION/customers/reference/{id}, no body (Valomnia's
 * "Show customer" by reference). 200 with the customer; an unknown reference is found: false
 * (404 not_found, see assumptions.ts).
 */

export const customerGet: GetOperation = getByKey({
	resource: 'customer',
	actionDetail: 'by Reference (your own unique code for the customer)',
	keyDetail: 'by Reference',
	description: 'Read one Valomnia customer by its reference. Returns found: false when there is none.',
	key: v1Field(reference, {
		required: true,
		description:
			'Your unique reference of the customer to read (the reference given to Create or Update). Returns found: false when no customer has it.',
	}),
	check: checkReference,
	url: customerByReferenceUrl,
	parse: readCustomer,
});
