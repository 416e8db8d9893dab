'use strict';
/**
 * The Riverty Recurring Payments node, run by n8n's own execution engine (test/harness) against
 * the stateful Riverty sandbox on 127.0.0.1: the OAuth2 token endpoint (client credentials with
 * audience) and the customer service. Each test reads as what a workflow builder would see.
 */
const { runNode, testCredential } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { newHelper: helperFor } = require('./helpers/run');
const riverty = require('./vendors/riverty');
const { findLeaks } = require('./helpers/secrets');
const { Riverty } = require('../dist/nodes/Riverty/Riverty.node.js');
const { RivertyApi } = require('../dist/credentials/RivertyApi.credentials.js');
const { rivertyEndpoints } = require('../dist/nodes/Riverty/auth.js');
const { Workflow } = require('n8n-workflow');

// the sandbox's OAuth client and the credential: Riverty's profile (test/vendors/riverty.js)
const { oauthClientId: OAUTH_CLIENT_ID, oauthClientSecret: OAUTH_SECRET, clientId: CLIENT_ID, audience: AUDIENCE } = riverty.account;

// the "Request Example" of docs/vendors/riverty.md#customer-upsert, byte for byte
const SEED_REQUEST = {
	type: 'Person',
	person: { ssn: '02016126007', firstName: 'Tom', lastName: 'Customer' },
	phoneNumber: '+4712345678',
	email: 'tom.customer@mail.com',
	address: { addressLine: 'Customer Street 1', postalCode: '0002', postalPlace: 'CSTM', countryCode: 'NO' },
};
const SEED_CUSTOMER_NUMBER = 'customer-person-1';

const sb = useSandbox({ configure: riverty.configure });

const credentialData = (extra = {}) => riverty.credentialData(sb, extra);
const newHelper = (extra = {}) => helperFor(riverty, sb, extra);

const personParams = (overrides = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	customerNumber: '={{ $json.number }}',
	reportAction: false,
	inputMode: 'fields',
	type: 'Person',
	person: { firstName: '={{ $json.first }}', lastName: 'Customer' },
	addressLine: 'Customer Street 1',
	additionalFields: { postalCode: '0002', postalPlace: 'CSTM', countryCode: 'NO' },
	options: {},
	...overrides,
});

const jsonParams = (body, overrides = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	customerNumber: SEED_CUSTOMER_NUMBER,
	inputMode: 'json',
	jsonBody: typeof body === 'string' ? body : JSON.stringify(body, null, 2),
	...overrides,
});

const run = ({ credentialsHelper = newHelper(), ...args }) =>
	runNode({ node: new Riverty(), credentialTypes: [new RivertyApi()], credentialsHelper, ...args });

const rivertyRequests = () => sb.requests.filter((r) => r.vendor === 'riverty');
const tokenRequests = () => rivertyRequests().filter((r) => r.path.startsWith('/identity/oauth/token'));
const apiRequests = () => rivertyRequests().filter((r) => r.path.startsWith('/customer/'));
const issuedTokens = () => sb.state.riverty.issued;
const item = (json) => ({ json });

describe('Riverty Customer → Create or Update', () => {
	test('the seed sample request is sent exactly as documented, from the node fields', async () => {
		const result = await run({
			parameters: personParams({
				customerNumber: SEED_CUSTOMER_NUMBER,
				person: { ssn: '02016126007', firstName: 'Tom', lastName: 'Customer' },
				addressLine: 'Customer Street 1',
				additionalFields: {
					phoneNumber: '+4712345678',
					email: 'tom.customer@mail.com',
					postalCode: '0002',
					postalPlace: 'CSTM',
					countryCode: 'NO',
				},
			}),
			items: [item({})],
		});
		expect(result.error).toBeUndefined();
		const [put] = apiRequests();
		expect(put.method).toBe('PUT');
		expect(put.path).toBe(`/customer/v1/clients/${CLIENT_ID}/customers/${SEED_CUSTOMER_NUMBER}`);
		expect(put.headers['content-type']).toMatch(/^application\/json/);
		expect(put.headers.authorization).toBe(`Bearer ${issuedTokens()[0]}`);
		// same names, values and order as the documentation's Request Example
		expect(put.rawBody).toBe(JSON.stringify(SEED_REQUEST));
		expect(result.items[0].json).toMatchObject({
			vendor: 'riverty',
			resource: 'customer',
			operation: 'upsert',
			success: true,
			action: 'upserted',
			id: SEED_CUSTOMER_NUMBER,
			key: SEED_CUSTOMER_NUMBER,
		});
		const { raw } = result.items[0].json;
		expect(raw.customerNumber).toBe(SEED_CUSTOMER_NUMBER);
		expect(raw._links.map((l) => l.rel)).toEqual(['_self', 'check_customer', 'update_customer', 'search_customer_by_field']);
		expect(raw.person).toEqual({ firstName: 'Tom', lastName: 'Customer' }); // ssn is not echoed
		expect(raw.paymentMeans.paymentId).toMatch(/^\d{21}$/);
	});

	test('the token is fetched with the documented form: client_id, client_secret, audience, grant_type', async () => {
		await run({ parameters: personParams(), items: [item({ number: 'T1', first: 'Tom' })] });
		const [token] = tokenRequests();
		expect(token.method).toBe('POST');
		expect(token.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
		expect(token.rawBody).toBe(
			`client_id=${OAUTH_CLIENT_ID}&client_secret=${OAUTH_SECRET}&audience=${encodeURIComponent(AUDIENCE)}&grant_type=client_credentials`,
		);
		expect(token.status).toBe(200);
		// the token request comes first, the customer call uses what it issued
		expect(rivertyRequests().map((r) => r.method)).toEqual(['POST', 'PUT']);
		expect(issuedTokens()[0].split('.')).toHaveLength(3);
	});

	test('the seed sample sent in JSON-body mode arrives unchanged', async () => {
		const result = await run({ parameters: jsonParams(SEED_REQUEST), items: [item({})] });
		expect(result.error).toBeUndefined();
		expect(apiRequests()[0].rawBody).toBe(JSON.stringify(SEED_REQUEST));
		expect(result.items[0].json.key).toBe(SEED_CUSTOMER_NUMBER);
	});

	test('a Company customer is sent with its company object and no person', async () => {
		const result = await run({
			parameters: personParams({
				customerNumber: 'ACME-1',
				type: 'Company',
				person: { firstName: 'ignored for a company' },
				company: { name: 'Acme AS', organizationNumber: '987654321' },
				addressLine: 'Industriveien 2',
				additionalFields: { postalCode: '0150', postalPlace: 'Oslo', countryCode: 'no', email: 'ap@acme.no' },
			}),
			items: [item({})],
		});
		expect(result.error).toBeUndefined();
		expect(JSON.parse(apiRequests()[0].rawBody)).toEqual({
			type: 'Company',
			company: { name: 'Acme AS', organizationNumber: '987654321' },
			email: 'ap@acme.no',
			address: { addressLine: 'Industriveien 2', postalCode: '0150', postalPlace: 'Oslo', countryCode: 'NO' },
		});
		expect(result.items[0].json).toMatchObject({ success: true, id: 'ACME-1', key: 'ACME-1' });
		expect(sb.state.riverty.customers.get(`${CLIENT_ID}:ACME-1`).company.name).toBe('Acme AS');
	});

	test('a Person with existingCustomer and individualRiskScore sends both', async () => {
		const result = await run({
			parameters: personParams({
				additionalFields: { countryCode: 'NO', existingCustomer: true, individualRiskScore: '={{ $json.risk }}' },
			}),
			items: [item({ number: 'P-risk', first: 'Kari', risk: 42 })],
		});
		expect(result.error).toBeUndefined();
		const body = JSON.parse(apiRequests()[0].rawBody);
		expect(body.existingCustomer).toBe(true);
		expect(body.individualRiskScore).toBe('42'); // documented as a string
	});

	test('the customer number is percent-encoded in the path and stored as given', async () => {
		const result = await run({ parameters: personParams(), items: [item({ number: 'KUNDE 42/ø?#', first: 'Ola' })] });
		expect(result.error).toBeUndefined();
		expect(apiRequests()[0].path).toBe(`/customer/v1/clients/${CLIENT_ID}/customers/KUNDE%2042%2F%C3%B8%3F%23`);
		expect(sb.state.riverty.customers.has(`${CLIENT_ID}:KUNDE 42/ø?#`)).toBe(true);
		expect(result.items[0].json).toMatchObject({ id: 'KUNDE 42/ø?#', key: 'KUNDE 42/ø?#' });
	});

	test('a missing address is refused before sending: no token request, no customer call', async () => {
		// an expression that yields nothing (a literal empty required field stops n8n before the node runs)
		const fields = await run({
			parameters: personParams({ addressLine: '={{ $json.street }}' }),
			items: [item({ number: 'A1', first: 'Tom', street: '  ' })],
		});
		expect(fields.error.message).toBe('Item 0: Address Line (address.addressLine) is required');
		const { address, ...withoutAddress } = SEED_REQUEST;
		const json = await run({ parameters: jsonParams(withoutAddress), items: [item({})] });
		// the shared check (check.ts) names the required field inside the missing group
		expect(json.error.message).toBe('Item 0: Address Line (address.addressLine) is required');
		expect(json.error.description).toMatch(/nothing was sent/);
		expect(rivertyRequests()).toHaveLength(0);
	});

	test('a Company with existingCustomer or individualRiskScore is an error before sending, in both modes', async () => {
		const fields = await run({
			parameters: personParams({ type: 'Company', company: { name: 'Acme' }, additionalFields: { existingCustomer: false } }),
			items: [item({ number: 'C1' })],
		});
		expect(fields.error.message).toBe(
			'Item 0: Existing Customer (existingCustomer) is only for customers of type Person, not for a Company',
		);
		expect(fields.error.description).toMatch(/Remove "Existing Customer"/);
		const json = await run({
			parameters: jsonParams({ type: 'Company', company: { name: 'Acme' }, address: { addressLine: 'x' }, individualRiskScore: '3' }),
			items: [item({})],
		});
		expect(json.error.message).toMatch(/Individual Risk Score \(individualRiskScore\) is only for customers of type Person/);
		expect(rivertyRequests()).toHaveLength(0);
	});

	test('JSON-body mode refuses what Riverty does not document, before sending', async () => {
		const cases = [
			[{ ...SEED_REQUEST, type: 'Organisation' }, /Type \(type\) must be one of "Person", "Company", got "Organisation"/],
			[{ ...SEED_REQUEST, type: 1 }, /Type \(type\) must be a string, got number 1/],
			[{ ...SEED_REQUEST, adress: {} }, /adress is not a field of Riverty's Create or Update Customer; allowed: type, person, company, phoneNumber, email, address, existingCustomer, individualRiskScore$/],
			[{ ...SEED_REQUEST, customerNumber: 'X' }, /customerNumber is not part of the body: it goes in the Customer Number field/],
			[{ ...SEED_REQUEST, address: { ...SEED_REQUEST.address, countryCode: 'NOR' } }, /Country Code \(address.countryCode\) must be a two-letter/],
			[{ ...SEED_REQUEST, address: { ...SEED_REQUEST.address, street: 'x' } }, /address.street is not a field of address/],
			[{ ...SEED_REQUEST, company: { name: 'x' } }, /Company \(company\) is for customers of type Company/],
			[{ ...SEED_REQUEST, existingCustomer: 'yes' }, /Existing Customer \(existingCustomer\) must be a boolean/],
			['{"type":"Person","address":{"addressLine":"x"},"__proto__":{"polluted":true}}', /\(jsonBody\.__proto__\) is not an allowed key/],
			['{ not json', /JSON Body \(jsonBody\) is not valid JSON/],
		];
		for (const [body, expected] of cases) {
			const result = await run({ parameters: jsonParams(body), items: [item({})] });
			expect(result.error?.message).toMatch(expected);
		}
		expect(rivertyRequests()).toHaveLength(0);
		expect({}.polluted).toBeUndefined();
	});

	test('an empty customer number, "..", or a bad Riverty Client ID is refused before sending', async () => {
		const empty = await run({ parameters: personParams(), items: [item({ number: '', first: 'A' })] });
		expect(empty.error.message).toBe('Item 0: Customer Number (customerNumber) is required');
		const dots = await run({ parameters: personParams(), items: [item({ number: '..', first: 'A' })] });
		expect(dots.error.message).toMatch(/Customer Number \(customerNumber\) cannot be "\.\."/);
		const badClient = await run({
			credentialsHelper: newHelper({ clientId: 0 }),
			parameters: personParams(),
			items: [item({ number: 'B1', first: 'A' })],
		});
		expect(badClient.error.message).toMatch(/Riverty Client ID \(clientId\) of the Riverty credential must be a whole number above 0/);
		expect(rivertyRequests()).toHaveLength(0);
	});

	test("Riverty's own validation error is shown with its title and invalid parameters", async () => {
		// the sandbox is stricter than the node: it also wants a postal code
		sb.configure({ riverty: { requiredAddressFields: ['addressLine', 'postalCode'] } });
		const result = await run({
			parameters: personParams({ additionalFields: { countryCode: 'NO' } }),
			items: [item({ number: 'V1', first: 'Tom' })],
		});
		expect(result.error.message).toBe(
			'Riverty refused the request (HTTP 400): Request did not validate – address.postalCode: The postalCode field is required.',
		);
		expect(result.error.description).toMatch(/category: BusinessError/);
		expect(result.error.description).toMatch(/validation-error/);
		expect(result.error.httpCode).toBe('400');
		expect(apiRequests()).toHaveLength(1); // a 400 is not retried
	});

	test('with "Report Added or Updated" a HEAD runs first: a new customer is added, a known one updated', async () => {
		const params = personParams({ reportAction: true });
		const helper = newHelper();
		const first = await run({ credentialsHelper: helper, parameters: params, items: [item({ number: 'H1', first: 'Tom' })] });
		const second = await run({ credentialsHelper: helper, parameters: params, items: [item({ number: 'H1', first: 'Thomas' })] });
		expect(first.items[0].json).toMatchObject({ action: 'added', id: 'H1', key: 'H1' });
		expect(second.items[0].json).toMatchObject({ action: 'updated', id: 'H1', key: 'H1' });
		expect(apiRequests().map((r) => `${r.method} ${r.status}`)).toEqual(['HEAD 404', 'PUT 200', 'HEAD 200', 'PUT 200']);
		const heads = apiRequests().filter((r) => r.method === 'HEAD');
		expect(heads.every((r) => r.path === `/customer/v1/clients/${CLIENT_ID}/customers/H1`)).toBe(true);
		expect(sb.state.riverty.customers.get(`${CLIENT_ID}:H1`).person.firstName).toBe('Thomas');
	});

	test('without that option no HEAD is sent and the action is "upserted", even when the status is 201', async () => {
		sb.configure({ riverty: { createStatus: 201 } });
		const result = await run({ parameters: personParams(), items: [item({ number: 'U1', first: 'Tom' })] });
		expect(result.items[0].json.action).toBe('upserted');
		expect(apiRequests().map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 201']);
	});

	test('a refused HEAD stops the item before the upsert, with a clear message', async () => {
		sb.faults.set({ vendor: 'riverty', method: 'HEAD', next: [{ status: 500 }] });
		const result = await run({
			parameters: personParams({ reportAction: true }),
			items: [item({ number: 'H2', first: 'Tom' })],
		});
		expect(result.error.message).toMatch(/Riverty refused the existence check \(HEAD before the upsert, HTTP 500\)/);
		expect(apiRequests().filter((r) => r.method === 'PUT')).toHaveLength(0);
	});

	test('100 items share exactly one token request', async () => {
		const items = Array.from({ length: 100 }, (_, i) => item({ number: `BULK-${i}`, first: `F${i}` }));
		const result = await run({ parameters: personParams({ options: { concurrency: 10 } }), items });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(100);
		expect(result.items.map((i) => i.json.key)).toEqual(items.map((i) => i.json.number));
		expect(result.items.map((i) => i.pairedItem.item)).toEqual(items.map((_, i) => i));
		expect(tokenRequests()).toHaveLength(1);
		expect(sb.state.riverty.stats.tokensIssued).toBe(1);
		expect(new Set(apiRequests().map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${issuedTokens()[0]}`]));
		expect(sb.state.riverty.customers.size).toBe(100);
	});

	test('the stored token is reused by the next execution: no new token request', async () => {
		const helper = newHelper();
		await run({ credentialsHelper: helper, parameters: personParams(), items: [item({ number: 'R1', first: 'A' })] });
		await run({ credentialsHelper: helper, parameters: personParams(), items: [item({ number: 'R2', first: 'B' })] });
		expect(tokenRequests()).toHaveLength(1);
		expect(helper.getStoredData('rivertyApi').accessToken).toBe(issuedTokens()[0]);
	});

	test('an expired token is refreshed once and the run succeeds', async () => {
		const helper = newHelper();
		await run({ credentialsHelper: helper, parameters: personParams(), items: [item({ number: 'E0', first: 'A' })] });
		sb.configure({ riverty: { expireTokens: true } });
		sb.requests.length = 0;
		const items = Array.from({ length: 5 }, (_, i) => item({ number: `E${i + 1}`, first: 'B' }));
		const result = await run({ credentialsHelper: helper, parameters: personParams(), items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json.success)).toEqual([true, true, true, true, true]);
		expect(tokenRequests()).toHaveLength(1); // one refresh, not one per item
		expect(issuedTokens()).toHaveLength(2);
		const [, fresh] = issuedTokens();
		const puts = apiRequests();
		expect(puts.filter((r) => r.status === 401).every((r) => r.headers.authorization !== `Bearer ${fresh}`)).toBe(true);
		expect(puts.filter((r) => r.status === 200).map((r) => r.headers.authorization)).toEqual(Array(5).fill(`Bearer ${fresh}`));
		expect(helper.getStoredData('rivertyApi').accessToken).toBe(fresh);
	});

	test('a token that expires by time (expires_in) is refreshed the same way', async () => {
		sb.configure({ riverty: { tokenLifetimeSeconds: 0 } });
		const result = await run({ parameters: personParams(), items: [item({ number: 'X1', first: 'A' })] });
		// every token is dead on arrival: a token refused right after it was issued is reported,
		// not fetched again (another one would be refused the same way)
		expect(result.error.message).toMatch(/^Riverty refused the request \(HTTP 401\): Unauthorized/);
		expect(result.error.description).toMatch(/refused even after a new one was fetched/);
		expect(tokenRequests()).toHaveLength(1);
	});

	test('a wrong client secret is reported from the token endpoint, and no customer call is made', async () => {
		const result = await run({
			credentialsHelper: newHelper({ oauthClientSecret: 'wrong-secret-value-77' }),
			parameters: personParams(),
			items: [item({ number: 'W1', first: 'A' })],
		});
		expect(result.error.message).toMatch(/Riverty's token endpoint refused the request \(HTTP 401\): access_denied – Unauthorized/);
		expect(result.error.description).toMatch(/OAuth Client ID and OAuth Client Secret/);
		expect(apiRequests()).toHaveLength(0);
		expect(findLeaks(result, ['wrong-secret-value-77'])).toEqual([]);
	});

	test('a wrong audience is reported with the identity service\'s own words', async () => {
		const result = await run({
			credentialsHelper: newHelper({ audience: 'https://api-test.horizonafs.io' }),
			parameters: personParams(),
			items: [item({ number: 'W2', first: 'A' })],
		});
		expect(result.error.message).toMatch(/HTTP 403\): access_denied – Service not enabled within domain: https:\/\/api-test.horizonafs.io/);
	});

	test('a 429 from the token endpoint is waited out and the token request retried', async () => {
		sb.faults.set({ vendor: 'riverty', path: '/identity/oauth/token', next: [{ status: 429, retryAfter: '0' }] });
		const result = await run({ parameters: personParams(), items: [item({ number: 'T429', first: 'A' })] });
		expect(result.error).toBeUndefined();
		expect(tokenRequests().map((r) => r.status)).toEqual([429, 200]);
	});

	test('a Riverty Client ID the OAuth client may not use is reported as 403 with a hint', async () => {
		const result = await run({
			credentialsHelper: newHelper({ clientId: 5555 }),
			parameters: personParams(),
			items: [item({ number: 'F1', first: 'A' })],
		});
		expect(result.error.message).toBe('Riverty refused the request (HTTP 403): Forbidden');
		expect(result.error.description).toMatch(/Client 5555 is not accessible.*check the Riverty Client ID/);
	});

	test('with Continue On Fail, N items in give N items out, failures in place with success:false', async () => {
		sb.configure({ riverty: { requiredAddressFields: ['addressLine', 'postalCode'] } });
		const items = [
			item({ number: 'K1', first: 'A', zip: '0001' }),
			item({ number: 'K2', first: 'A', zip: '0002', street: '' }),
			item({ number: 'K3', first: 'A' }),
			item({ number: 'K4', first: 'A', zip: '0004' }),
		];
		const result = await run({
			parameters: personParams({
				addressLine: '={{ $json.street ?? "Main Street 1" }}',
				additionalFields: { postalCode: '={{ $json.zip ?? "" }}' },
			}),
			items,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((n) => ({ item: n })));
		expect(result.items.map((i) => i.json.success)).toEqual([true, false, false, true]);
		expect(result.items[1].json).toMatchObject({ vendor: 'riverty', success: false, action: null });
		expect(result.items[1].json.error).toMatch(/Address Line \(address.addressLine\) is required/);
		expect(result.items[2].json).toMatchObject({ key: 'K3', httpCode: '400' });
		expect(result.items[2].json.error).toMatch(/Request did not validate – address.postalCode/);
		expect(apiRequests().map((r) => r.path.split('/').pop())).toEqual(expect.arrayContaining(['K1', 'K3', 'K4']));
		expect(apiRequests()).toHaveLength(3); // the invalid item never left the node
	});

	test('a 429 with Retry-After is waited out and the upsert retried, then succeeds', async () => {
		sb.faults.set({ vendor: 'riverty', method: 'PUT', next: [{ status: 429, retryAfter: '1' }] });
		const result = await run({ parameters: personParams(), items: [item({ number: 'R429', first: 'A' })] });
		expect(result.error).toBeUndefined();
		const puts = apiRequests();
		expect(puts.map((r) => r.status)).toEqual([429, 200]);
		expect(puts[1].time - puts[0].time).toBeGreaterThanOrEqual(950);
		expect(sb.state.riverty.customers.size).toBe(1);
	});

	test('502, 503 and a dropped connection are retried; the customer is written once', async () => {
		sb.faults.set({ vendor: 'riverty', method: 'PUT', next: [{ status: 502 }, { status: 503, retryAfter: '0' }, { drop: true }] });
		const result = await run({
			parameters: personParams({ options: { maxTries: 5 } }),
			items: [item({ number: 'R5', first: 'A' })],
		});
		expect(result.error).toBeUndefined();
		expect(apiRequests()).toHaveLength(4);
		expect(sb.state.riverty.customers.size).toBe(1);
	});

	test('a malformed or HTML reply is a clear error, not a crash', async () => {
		sb.faults.set({ vendor: 'riverty', method: 'PUT', next: [{ malformed: true }, { html: true, status: 400 }] });
		const items = [item({ number: 'M1', first: 'A' }), item({ number: 'M2', first: 'A' })];
		const result = await run({ parameters: personParams({ options: { concurrency: 1 } }), items, continueOnFail: true });
		expect(result.items[0].json.error).toMatch(/Riverty answered HTTP 200 with a body that is not valid JSON/);
		expect(result.items[1].json.error).toMatch(/Riverty replied with an HTML\/XML page instead of JSON/);
	});

	test('Output "Raw Vendor Reply" passes the stored customer as Riverty sent it', async () => {
		const result = await run({
			parameters: personParams({ options: { output: 'raw' } }),
			items: [item({ number: 'RAW1', first: 'A' })],
		});
		expect(result.items[0].json).toMatchObject({ customerNumber: 'RAW1', type: 'Person' });
		expect(result.items[0].json._links).toHaveLength(4);
	});

	test('neither the client secret nor any issued token appears in output or errors', async () => {
		// a broken server that repeats the Authorization header in its error bodies
		sb.configure({ riverty: { echoAuthorizationInErrors: true, requiredAddressFields: ['addressLine', 'postalCode'] } });
		const items = [item({ number: 'L1', first: 'A', zip: '1' }), item({ number: 'L2', first: 'A' })];
		const params = personParams({ additionalFields: { postalCode: '={{ $json.zip ?? "" }}' } });
		const helper = newHelper();
		const failed = await run({ credentialsHelper: helper, parameters: params, items, continueOnFail: true });
		expect(failed.items[1].json.success).toBe(false);
		expect(JSON.stringify(failed.items[1].json)).toContain('Bearer [redacted]');
		const stopped = await run({ credentialsHelper: helper, parameters: params, items: [items[1]] });
		expect(stopped.error.message).toMatch(/HTTP 400/);
		const refused = await run({
			credentialsHelper: newHelper({ oauthClientSecret: `${OAUTH_SECRET}-wrong` }),
			parameters: params,
			items,
		});
		expect(refused.error).toBeDefined();
		const secrets = [OAUTH_SECRET, `${OAUTH_SECRET}-wrong`, ...issuedTokens()];
		expect(issuedTokens().length).toBeGreaterThan(0);
		for (const result of [failed, stopped, refused]) {
			expect(findLeaks(result, secrets)).toEqual([]);
			const everything = JSON.stringify({
				items: result.items.map((i) => i.json),
				error: result.error && { message: result.error.message, description: result.error.description, context: result.error.context },
			});
			for (const secret of secrets) expect(everything).not.toContain(secret);
		}
		// the sandbox did see the token: the redaction is what kept it out
		expect(apiRequests().some((r) => r.status === 400)).toBe(true);
	});
});

describe('Riverty credential', () => {
	test('the credential test fetches a token and searches the customer API', async () => {
		const ok = await testCredential({ credentialType: new RivertyApi(), data: credentialData(), credentialTypes: [new RivertyApi()] });
		expect(ok.status).toBe('OK');
		const search = apiRequests()[0];
		expect(search.method).toBe('POST');
		expect(search.path).toBe(`/customer/v1/clients/${CLIENT_ID}/customers/search?page=1&perPage=1`);
		expect(search.json).toEqual({ searchValue: 'n8n-credential-test', searchColumn: 'customerNumber' });
		expect(search.headers.authorization).toBe(`Bearer ${issuedTokens()[0]}`);
	});

	test('the credential test refuses a wrong secret with the token endpoint\'s answer, without the secret', async () => {
		const bad = await testCredential({
			credentialType: new RivertyApi(),
			data: credentialData({ oauthClientSecret: 'not-the-secret-123' }),
			credentialTypes: [new RivertyApi()],
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/token endpoint refused the request \(HTTP 401\): access_denied/);
		expect(bad.message).not.toContain('not-the-secret-123');
		expect(apiRequests()).toHaveLength(0);
	});

	test('the credential test refuses a Riverty Client ID the OAuth client may not use', async () => {
		const wrongClient = await testCredential({
			credentialType: new RivertyApi(),
			data: credentialData({ clientId: 777 }),
			credentialTypes: [new RivertyApi()],
		});
		expect(wrongClient.status).toBe('Error');
		expect(wrongClient.message).toBe('This OAuth client may not use this Riverty Client ID');
		expect(apiRequests()[0].status).toBe(403);
	});

	test('the environments preset the documented hosts; Custom takes its own values', () => {
		expect(rivertyEndpoints({ environment: 'production' })).toEqual({
			baseUrl: 'https://api.horizonafs.io/customer',
			tokenUrl: 'https://identity.horizonafs.io/oauth/token',
			audience: 'https://api.horizonafs.io',
		});
		expect(rivertyEndpoints({ environment: 'test' }).baseUrl).toBe('https://api-test.horizonafs.io/customer');
		// Production ignores leftover Custom values
		expect(rivertyEndpoints({ environment: 'production', baseUrl: 'http://127.0.0.1:1/x' }).baseUrl).toBe(
			'https://api.horizonafs.io/customer',
		);
		expect(rivertyEndpoints(credentialData({ baseUrl: `${sb.baseUrl('riverty', 'api')}/` })).baseUrl).toBe(sb.baseUrl('riverty', 'api'));
		expect(() => rivertyEndpoints(credentialData({ tokenUrl: 'identity.example/oauth/token' }))).toThrow(
			/Token URL \(tokenUrl\) of the Riverty credential must be an http:\/\/ or https:\/\/ address/,
		);
	});

	test('the credential test request resolves the base URL of each environment (n8n expression, no network)', () => {
		const { request } = new RivertyApi().test;
		const mockNode = { name: 'mock', type: 'mock', typeVersion: 1, position: [0, 0], parameters: {} };
		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: { getByNameAndVersion: () => ({ description: { properties: [] } }), getByName: () => undefined, getKnownTypes: () => ({}) },
		});
		const resolve = (expression, credentials) =>
			workflow.expression.getSimpleParameterValue(mockNode, expression, 'internal', { $credentials: credentials });
		expect(resolve(request.baseURL, { environment: 'production' })).toBe('https://api.horizonafs.io/customer');
		expect(resolve(request.baseURL, { environment: 'test' })).toBe('https://api-test.horizonafs.io/customer');
		expect(resolve(request.baseURL, { environment: 'custom', baseUrl: ' http://127.0.0.1:9/riverty/customer// ' })).toBe(
			'http://127.0.0.1:9/riverty/customer',
		);
		expect(resolve(request.url, { clientId: 1234 })).toBe('/v1/clients/1234/customers/search');
	});
});

describe('Riverty sandbox (what the node is tested against)', () => {
	const post = (path, body, headers) => fetch(`${sb.baseUrl('riverty')}${path}`, { method: 'POST', body, headers });
	const form = (fields) => ({
		body: new URLSearchParams(fields).toString(),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	});
	const good = { client_id: OAUTH_CLIENT_ID, client_secret: OAUTH_SECRET, audience: AUDIENCE, grant_type: 'client_credentials' };

	test('the token endpoint checks grant type, client and audience, and counts what it issues', async () => {
		const answers = [];
		for (const fields of [{ ...good, grant_type: 'password' }, { ...good, client_secret: 'x' }, { ...good, audience: 'https://other' }, good]) {
			const { body, headers } = form(fields);
			const reply = await post('/identity/oauth/token', body, headers);
			answers.push([reply.status, await reply.json()]);
		}
		expect(answers.map(([status, json]) => [status, json.error])).toEqual([
			[400, 'unsupported_grant_type'],
			[401, 'access_denied'],
			[403, 'access_denied'],
			[200, undefined],
		]);
		expect(answers[3][1]).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
		expect(sb.state.riverty.stats).toMatchObject({ tokenRequests: 4, tokensIssued: 1, tokensRefused: 3 });
		const json = await post('/identity/oauth/token', JSON.stringify(good), { 'content-type': 'application/json' });
		expect(json.status).toBe(400); // the documented form encoding only
	});

	test('the customer API answers 401 without a valid token, and 400 problem details for missing type and address', async () => {
		const url = `/customer/v1/clients/${CLIENT_ID}/customers/Z1`;
		const anonymous = await fetch(`${sb.baseUrl('riverty')}${url}`, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
		expect(anonymous.status).toBe(401);
		const { body, headers } = form(good);
		const { access_token: token } = await (await post('/identity/oauth/token', body, headers)).json();
		const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		const invalid = await fetch(`${sb.baseUrl('riverty')}${url}`, { method: 'PUT', body: '{}', headers: auth });
		expect(invalid.status).toBe(400);
		expect(await invalid.json()).toEqual({
			category: 'BusinessError',
			type: 'https://developer.horizonafs.io/errors/validation-error',
			title: 'Request did not validate',
			invalidParameters: [
				{ name: 'type', reason: 'The type field is required.' },
				{ name: 'address', reason: 'The address field is required.' },
			],
		});
		const head = await fetch(`${sb.baseUrl('riverty')}${url}`, { method: 'HEAD', headers: auth });
		expect(head.status).toBe(404);
		sb.configure({ riverty: { expireTokens: true } });
		const expired = await fetch(`${sb.baseUrl('riverty')}${url}`, { method: 'GET', headers: auth });
		expect(expired.status).toBe(401);
		expect(sb.state.riverty.stats.unauthorized).toBe(2);
	});
});
