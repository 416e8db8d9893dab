import type { GetOperation } from '../../../shared/types';
import { hyfinGet } from '../../helpers';

/** Contact → Get: GET {base_url}/api/v4/site/{site_id}/contact/{_id}, no body (Hyfin's "Get Contact", v4). */
export const contactGet: GetOperation = hyfinGet('contact', 'Contact ID');
