/**
 * Client Toolbox facts that its public documentation does not settle
 * (docs/vendors/clienttoolbox.md#assumed-not-documented lists them in this order). Everything we
 * had to guess lives here, so it is one edit once Client Toolbox confirms or corrects it.
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
 * No page says how many numbered custom fields (custom_field_##) an account can define. Map Each
 * Field offers custom_field_2 … custom_field_20 as rows to add; Map Automatically and JSON Body
 * take any number.
 */
export const LOYALTY_MAPPER_CUSTOM_FIELDS = 20;

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
 * Also assumed (see reply.ts and actions/customer/upsert.operation.ts):
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

// ---------- Customer → Get (customer_info) and Customer → Search (customer_search) ----------

/**
 * Documented (docs/vendors/clienttoolbox.md#customer-get and #customer-search): customer_info reads one customer by `code` or `card_number`, and
 * "balances are optional"; customer_search filters by the listed fields, partial and
 * case-insensitive unless exact_match is `sensitive` or `insensitive`, returns every customer
 * without a filter, and has no paging. The rest is assumed:
 *
 * - The balances switch of customer_info is `include_balances`, the name the customer_search page
 *   gives it; its values are not documented, so the node sends this one (the docs' other yes/no
 *   switch, `condensed`, takes "yes") and leaves the field out when off.
 */
export const LOYALTY_INCLUDE_BALANCES_VALUE = 'yes';

/*
 * - Reply shapes (mirroring the record_customer reply; third-party code reads `customers[0]`):
 *   customer_info    {"status":"success","customer":{"code":"…","card_number":"…","first_name":"…",…}}
 *                    XML <response status="success"><customer><code>…</code>…</customer></response>
 *   customer_search  {"status":"success","customers":[{…},{…}]}
 *                    XML <response status="success"><customers><customer>…</customer>…</customers></response>
 *   The record is shown with the keys Client Toolbox uses (custom_field comes back as `custom1`,
 *   which customer_info.html documents). A search list may also come as one `customer` or as a
 *   JSON object keyed by position (PHP's json_encode of an array with gaps): both are read.
 *   A success without any list is a search that matched nothing.
 * - id = the record's `code` (Client Toolbox's ID of the customer).
 */

/**
 * customer_info for a code or card number nobody has: not documented. Like every error it
 * comes as status="error" with HTTP 200; these texts of <error> mean "no such customer"
 * (found: false), every other error fails the item. Refused credentials, a missing account
 * and a card number that several customers share are errors, never "not found".
 */
export const LOYALTY_NOT_FOUND_ERRORS: readonly RegExp[] = [
	/\bcustomer\b.*\bnot\s+(?:be\s+)?found\b/i,
	/\b(?:card(?:_|\s)?number|code)\b.*\bnot\s+(?:be\s+)?found\b/i,
	/\bno\s+(?:such\s+|matching\s+)?customers?\b/i,
	/\bcustomer\b.*\bdoes\s*(?:not|n't)\s+exist\b/i,
	/^\s*(?:record\s+)?not\s+found\.?\s*$/i,
];

/**
 * Errors that name several customers (a card number that several share: documented for
 * record_customer edit, assumed for customer_info) are failures, even if worded like "not found".
 */
export const LOYALTY_AMBIGUOUS_ERROR = /\b(?:more\s+than\s+one|several|multiple)\b/i;

/**
 * Keys never output, should a customer_info or customer_search reply carry them: the customer's
 * password and PIN (record_customer fields that customer-facing apps use). Not documented
 * either way; the sandbox leaves them out.
 */
export const LOYALTY_SECRET_RECORD_KEYS = /^(?:customer_?)?(?:password|pin)$/i;
