/**
 * Client Toolbox facts that its public documentation does not settle
 * (../shared/vendors/clienttoolbox.md §3, §5, §6, §8). Everything we had to guess lives here,
 * so it is one edit once Client Toolbox confirms or corrects it.
 */

/** The documented API address; vanity hosts use `https://<your host>/api.php` instead. */
export const LOYALTY_DEFAULT_ENDPOINT = 'https://api.clienttoolbox.com';

/** The optional key header of the newer ".php" doc pages. When both are sent, the header wins. */
export const LOYALTY_KEY_HEADER = 'api_access_key';

/**
 * "POST form data" is documented; the exact encoding is not. URL-encoded is what a browser form
 * (and PHP's http_build_query in the docs' example) sends.
 */
export const LOYALTY_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * A record_customer reply is a few hundred bytes. Larger replies are refused before parsing
 * (the shared core's own cap, 5 MB, applies first and to every vendor).
 */
export const LOYALTY_MAX_REPLY_BYTES = 256 * 1024;

/** card_number_generate is "(# of digits)" with no documented range; 1..32 is our guess. */
export const LOYALTY_MAX_GENERATED_DIGITS = 32;

/** Sent for the boolean switches: `new_code=Yes` (the doc's example) and `send_no_email=true`. */
export const LOYALTY_NEW_CODE_VALUE = 'Yes';
export const LOYALTY_SEND_NO_EMAIL_VALUE = 'true';

/**
 * The credential test: a customer_search for a card number no real account uses, exact match,
 * JSON output. Valid credentials give `{"status":"success", ...}` (an empty list), bad ones
 * `{"status":"error", ...}` — both with HTTP 200, so the test needs a `responseSuccessBody`
 * rule on `status` (n8n's declarative test alone only looks at the HTTP status).
 */
export const LOYALTY_CREDENTIAL_TEST_BODY = {
	type: 'customer_search',
	card_number: 'n8n-credential-test-0000',
	exact_match: 'sensitive',
	output: 'JSON',
};

/*
 * Also assumed (see parser.ts and builders.ts):
 * - JSON replies mirror the XML one, attributes as keys:
 *   {"status":"success","customer":{"status":"update","code":"…","card_number":"…"}} and
 *   {"status":"error","error":"…"}; JSONP wraps that JSON in `callback(…)`.
 * - Errors come with HTTP 200 and status="error" in the body; any non-2xx is a failure too.
 * - "At least ONE optional field" counts every documented optional field, `code` included.
 * - card_number and card_number_generate are alternatives (the doc's example says "or").
 * - `auto_add` is described in the edit page's notes but missing from its table: sent as given.
 * - An empty value means "not set": there is no documented way to clear a field.
 * - A request without code and without card_number always creates a customer, so it is not
 *   resent after an unclear failure (not idempotent).
 */
