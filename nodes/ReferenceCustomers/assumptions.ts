import type { IDataObject } from 'n8n-workflow';

/**
 * Valomnia facts that its public documentation does not give
 * (docs/vendors/valomnia.md#assumed-not-documented lists them in this order). Everything we had to
 * guess lives here, so it is one edit once Valomnia confirms or corrects it.
 */
import type { UpsertAction } from '../shared/types';

/**
 * Added or updated? The upsert page documents only `201` (with the customer); whether an update
 * answers 200 is not documented (docs/vendors/valomnia.md#customer-upsert). Our reading: 201 = a customer
 * was inserted, 200 = an existing one was updated; any other 2xx cannot tell.
 */
export function actionForStatus(statusCode: number): UpsertAction {
	if (statusCode === 201) return 'added';
	if (statusCode === 200) return 'updated';
	return 'upserted';
}

/** The API version when the credential leaves it empty: the current guide says "Version: 2.1". */
export const VALOMNIA_DEFAULT_API_VERSION = 'v2.1';

/**
 * "image size should not exceed 2Mo": we read Mo (mégaoctet) as 2 MiB. A file between 2,000,000
 * and 2,097,152 bytes may still be refused by Valomnia with `exceeded_file_size`.
 */
export const VALOMNIA_MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * The upsert page's example `paymentTypes=[{"id"=7},{"id"=8}]` has `=` where JSON has `:`; we send one
 * form field holding the JSON text `[{"id":7},{"id":8}]` (docs/vendors/valomnia.md#customer-upsert).
 */
export function encodePaymentTypes(ids: number[]): string {
	return JSON.stringify(ids.map((id) => ({ id })));
}

/**
 * Valomnia runs Grails Spring Security (`j_spring_security_check`, `ajax=true`,
 * `/login/ajaxSuccess`). With the ajax header such servers answer an unknown or expired session
 * with 401 (after a redirect to /login/authAjax) instead of a redirect to the HTML login page;
 * the 401 is what makes n8n log in again. Sent on every call, login included.
 */
export const VALOMNIA_AJAX_HEADER = { name: 'X-Requested-With', value: 'XMLHttpRequest' } as const;

/** Redirect targets after the login form that mean "refused" (Spring Security's failure URLs). */
export const VALOMNIA_LOGIN_FAILURE_LOCATION = /authfail|login\/auth(?!Ajax)|login\/denied|[?&]login_error|[?&]error/i;

/** A page that looks like Valomnia's HTML login form: the session was not accepted. */
export const VALOMNIA_LOGIN_PAGE = /j_spring_security_check|name=["']?j_password/i;

/**
 * What an expired or unknown session gets is not documented (docs/vendors/valomnia.md#session-login):
 * on a 401/403, or an HTML login page instead of JSON, the node logs in again once and retries. Spring Security also redirects to its login
 * pages (/login/authAjax, /login/auth); redirects are never followed, so that is read here.
 */
export function valomniaSessionRefused(reply: { statusCode: number; headers: IDataObject; body: string }): boolean {
	if (reply.statusCode === 401 || reply.statusCode === 403) return true;
	if (reply.statusCode >= 300 && reply.statusCode < 400) {
		return /\/login\/auth/i.test(String(reply.headers.location ?? ''));
	}
	return reply.statusCode >= 200 && reply.statusCode < 300 && VALOMNIA_LOGIN_PAGE.test(reply.body) && !reply.body.trim().startsWith('{');
}

/** Page size and page cap when loading dropdown lists (`max` defaults to 100; its maximum is not documented). */
export const VALOMNIA_LIST_PAGE_SIZE = 100;
export const VALOMNIA_LIST_MAX_PAGES = 20;

/** The credential test: a one-row read of a list every customer-editing user can see. */
export const VALOMNIA_CREDENTIAL_TEST_PATH =
	'=/api/{{($credentials.apiVersion || "v2.1").trim().replace(/^(\\d)/, "v$1")}}/customerCategories';

/*
 * Also assumed (see actions/customer/upsert.operation.ts):
 * - omitted fields are left as they are on update (a form-based partial update; not documented);
 * - booleans travel as the words true/false;
 * - latitude and longitude as decimal numbers with a dot;
 * - `regionId` and payment type ids are numeric ids.
 */

/**
 * Get (by reference), `GET …/customers/reference/{id}` (Customers/show.html): the page gives the
 * customer (the upsert's reply shape), not the answer to an unknown reference. The upsert page
 * (docs/vendors/valomnia.md#errors) lists `404 not_found` for "a referenced object does not exist": we read exactly that,
 * 404 with `error: "not_found"`, as "no customer has this reference" (found: false). Any other
 * 404 (an HTML page, another code) is a failure, so a wrong Base URL is not taken for "not
 * found". Caveat: a server that also answers an unknown API version with 404 not_found would
 * read as "not found"; the credential test (a list read under that version) catches that first.
 */
export function VALOMNIA_NOT_FOUND(statusCode: number, body: unknown): boolean {
	return (
		statusCode === 404 &&
		body !== null &&
		typeof body === 'object' &&
		!Array.isArray(body) &&
		(body as IDataObject).error === 'not_found'
	);
}

/**
 * Get Many, `GET …/customers`. The query parameters and the reply
 * `{ paging: { total, max, offset, previous, next }, data }` are the documented list convention
 * (docs/vendors/valomnia.md#lists); that the customer list follows it, and that its rows are
 * customers as Get shows them, is our reading. Also assumed:
 * - the largest `max` is not documented: we never ask for more than VALOMNIA_LIST_PAGE_SIZE (the
 *   documented default), and read `paging.max` only as information;
 * - `offset` counts rows: the next page starts after the rows received (a server may send fewer
 *   than `max`);
 * - paging ends when a page is empty, or `paging.next` is null, or `offset` reaches
 *   `paging.total`, whichever comes first; without either, when a page is shorter than asked;
 * - `paging.next` is never followed as a URL (it could name another host): the next request is
 *   ours, with the same filters and the next offset;
 * - a reply whose `paging.offset` is not the offset asked for is a server that ignores `offset`:
 *   paging stops there (it would otherwise repeat the same rows).
 */
export const VALOMNIA_GET_MANY_PAGE_SIZE = VALOMNIA_LIST_PAGE_SIZE;
