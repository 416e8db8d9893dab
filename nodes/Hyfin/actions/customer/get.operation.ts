import type { GetOperation } from '../../../shared/types';
import { hyfinGet } from '../../helpers';

/** Customer → Get: GET {base_url}/api/v4/site/{site_id}/customer/{_id}, no body (Hyfin's "Get Customer", v4). */
export const customerGet: GetOperation = hyfinGet('customer', 'Customer ID');
