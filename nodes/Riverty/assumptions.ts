/**
 * Riverty Recurring Payments facts that its public documentation does not give
 * (docs/vendors/riverty.md#assumed-not-documented lists them in this order). Everything we had to
 * guess lives here, so it is one edit once Riverty confirms or corrects it.
 */

/** Hosts of the customer service, the identity service and the token audience (docs/vendors/riverty.md#hosts). */
export const RIVERTY_PRODUCTION = {
	baseUrl: 'https://api.horizonafs.io/customer',
	tokenUrl: 'https://identity.horizonafs.io/oauth/token',
	audience: 'https://api.horizonafs.io',
} as const;

/**
 * The test environment's customer service is documented (the "Create a consumer" guide links to
 * api-test.horizonafs.io). Its token URL and audience are not: the Generate Token page says the
 * audience is "always" https://api.horizonafs.io, so the test preset keeps the production identity
 * host and audience. If Riverty issued you test keys for another identity host (for example
 * https://identity-test.horizonafs.io/oauth/token), choose the Custom environment.
 */
export const RIVERTY_TEST = {
	baseUrl: 'https://api-test.horizonafs.io/customer',
	tokenUrl: RIVERTY_PRODUCTION.tokenUrl,
	audience: RIVERTY_PRODUCTION.audience,
} as const;

/**
 * Added or updated? The PUT reply does not say (docs/vendors/riverty.md#replies): with "Report
 * Added or Updated" on, the node first sends the documented HEAD (`check_customer` link) and reads
 * 404 as "no such customer yet" and any 2xx as "exists". The HEAD's status codes are not documented.
 */
export function existsFromHeadStatus(statusCode: number): boolean | undefined {
	if (statusCode >= 200 && statusCode < 300) return true;
	if (statusCode === 404) return false;
	return undefined;
}

/**
 * The credential test: a one-row search for a customer number nobody uses. The search page
 * documents a 200 "Customer Not Found" answer, so any 2xx proves the token and the client id.
 */
export const RIVERTY_CREDENTIAL_TEST_SEARCH = {
	qs: { page: 1, perPage: 1 },
	body: { searchValue: 'n8n-credential-test', searchColumn: 'customerNumber' },
} as const;

/** How often the token request is tried on 429, 5xx or a lost connection, and the longest wait. */
export const RIVERTY_TOKEN_TRIES = 3;
export const RIVERTY_TOKEN_MAX_WAIT_MS = 10_000;

/**
 * Customer → Get: the "Gets A Customer" page gives the path and the customer, not the reply to an
 * unknown customerNumber. We take this status as "no such customer" (found: false, or a failed
 * item with On Not Found = Fail), like the HEAD above; any other non-2xx is a failure.
 */
export const RIVERTY_NOT_FOUND_STATUS = 404;

/**
 * A 404 is "no such customer" when it reads as Riverty's answer: JSON (problem details) or no
 * body. A 404 page that is not JSON (a wrong custom base URL, a proxy) fails the item instead,
 * so a misconfigured credential never reads as "every customer is missing".
 */
export function rivertyCustomerMissing(statusCode: number, body: string, isJson: boolean): boolean {
	return statusCode === RIVERTY_NOT_FOUND_STATUS && (body.trim() === '' || isJson);
}

/**
 * Customer → Search: perPage defaults to 100 (documented); the largest perPage is not documented,
 * so the node never asks for more than the default: perPage = min(Limit, 100), and Return All
 * walks pages of 100. Pages are walked by `total`: a server that serves fewer rows than asked
 * for is still read to the end (received < total), and without a total until an empty page.
 */
export const RIVERTY_SEARCH_PAGE_SIZE = 100;

/*
 * Also assumed (see actions/customer/*.operation.ts and helpers.ts):
 * - `person` belongs to type Person and `company` to type Company; sending the other one is
 *   refused before sending, like existingCustomer and individualRiskScore for a Company (those two
 *   are documented as "Only applicable for Person").
 * - Only `type`, `address` and `address.addressLine` are required; other sub-fields are optional
 *   (the docs mark only `type` and `address`). countryCode is two capital letters (all examples).
 * - `type` is sent as the word ("Person"/"Company"); the numeric aliases 1/2 are not used.
 * - Keys that are not documented fields are refused in JSON-body mode: PUT probably replaces the
 *   whole customer, so a misspelt key would silently clear that field.
 * - The error body is read whatever its shape: problem details (title, detail,
 *   invalidParameters[{name, reason}]), BNPL style ({type, code, message, fieldReference}, also as
 *   a list) or OAuth style ({error, error_description}).
 * - Get: a 2xx reply is the customer object itself (unwrapped, as the PUT returns it); an empty
 *   or non-object 2xx body is reported as a failure, not as "not found".
 * - Search: the body of the documented 200 "Customer Not Found" example is not shown. A 200 with
 *   no body, or without `items`, is read as no customers; `items` that is not a list is a
 *   failure. `total` is used only when it is a whole number.
 * - Search: a customer (by customerNumber) that comes again on a later page is output once; a
 *   page that only repeats earlier customers ends the search (a server that ignores `page`).
 * - Search: an empty Search Value is refused before sending: what Riverty does with it (all
 *   customers? a 400?) is not documented.
 * - Access tokens are JWTs (Generate Token page); anything JWT-shaped in a reply, and anything
 *   after "Bearer " that looks like a token, is redacted (RIVERTY_SECRET_PATTERNS in auth.ts).
 */
