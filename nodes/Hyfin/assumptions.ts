/**
 * Hyfin facts that its public documentation does not give (../shared/vendors/hyfin.md, §2, §5, §8).
 * Everything we had to guess lives here, so it is one edit once Hyfin confirms or corrects it.
 */

/** How the API access token is sent. Not documented publicly: Bearer in Authorization is our guess. */
export const HYFIN_DEFAULT_TOKEN_HEADER = 'Authorization';
export const HYFIN_DEFAULT_TOKEN_PREFIX = 'Bearer';

/** The credential test: a read of the site itself (any 2xx means the token is accepted). */
export const HYFIN_CREDENTIAL_TEST_PATH = '=/api/v4/site/{{encodeURIComponent($credentials.siteId)}}';

/*
 * Also assumed (see builders.ts): the contact path's {site_id} is the site id, although the contact
 * page calls it "the id of the customer that this contact belongs to" (a copy-paste slip, we think);
 * bodies are JSON; a failed upsert may come with any HTTP status, so the body's `success` decides.
 */

/**
 * Get Customer / Get Contact (v4): the pages give the path and the fields of the record, not the
 * reply to an unknown _id. We read the record from the body as it comes (unwrapped; a
 * `{ success: false, errors }` body is a failure) and take this status as "no such record".
 */
export const HYFIN_NOT_FOUND_STATUS = 404;

/** Should the record come wrapped after all (`{ success: true, customer: {…} }`), it is read from these keys. */
export const HYFIN_RECORD_WRAPPERS = ['customer', 'contact', 'data'] as const;
