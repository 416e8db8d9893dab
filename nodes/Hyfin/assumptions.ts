/**
 * Hyfin facts that its public documentation does not give (docs/vendors/hyfin.md#assumed-not-documented
 * lists them in this order). Everything we had to guess lives here, so it is one edit once Hyfin
 * confirms or corrects it.
 */

/** How the API access token is sent. Not documented publicly: Bearer in Authorization is our guess. */
export const HYFIN_DEFAULT_TOKEN_HEADER = 'Authorization';
export const HYFIN_DEFAULT_TOKEN_PREFIX = 'Bearer';

/** The credential test: a read of the site itself (any 2xx means the token is accepted). */
export const HYFIN_CREDENTIAL_TEST_PATH = '=/api/v4/site/{{encodeURIComponent($credentials.siteId)}}';

/*
 * Also assumed (see the two upsert.operation.ts files and helpers.ts):
 * - the contact path's {site_id} is the site id, although the contact page calls it "the id of the
 *   customer that this contact belongs to" (a copy-paste slip, we think);
 * - bodies are JSON;
 * - a failed upsert may come with any HTTP status, so the body's `success` decides.
 */

/**
 * Get Customer / Get Contact (v4): the pages give the path and the fields of the record, not the
 * reply to an unknown _id. We read the record from the body as it comes (unwrapped; a
 * `{ success: false, errors }` body is a failure) and take this status as "no such record".
 */
export const HYFIN_NOT_FOUND_STATUS = 404;

/**
 * A 404 is "no such record" only when it reads as Hyfin's own answer about the record: a JSON
 * body (or none) whose words do not blame the site. A wrong Site ID (`errors: ["site not
 * found"]`) or a wrong Base URL (a web server's HTML 404 page) fails the item instead, so a
 * misconfigured credential never reads as "every customer is missing".
 */
export function hyfinRecordMissing(statusCode: number, body: string, json: unknown | undefined): boolean {
	if (statusCode !== HYFIN_NOT_FOUND_STATUS) return false;
	if (body.trim() === '') return true;
	if (json === undefined) return false;
	return !/\bsite\b/i.test(JSON.stringify(json));
}

/** Should the record come wrapped after all (`{ success: true, customer: {…} }`), it is read from these keys. */
export const HYFIN_RECORD_WRAPPERS = ['customer', 'contact', 'data'] as const;
