'use strict';
/**
 * The node setting "On Error": what each of the four nodes gives with
 *   - "Continue (using error output)" (onError 'continueErrorOutput'): the node gets a second
 *     output; n8n-core (WorkflowExecute.handleNodeErrorOutput) moves every item that carries
 *     `error` there, and then sets the json of such items to { error: <message> }. The
 *     successes stay on output 0.
 *   - "Continue (regular output)" (onError 'continueRegularOutput'): one output, N items in and
 *     N out, each failure in place as the normalized failure (success: false, error, ...).
 * Each vendor gets four items: a success, one its sandbox refuses (HTTP error), one that fails
 * the node's own checks before any request, and another success.
 */
const { runNode, createCredentialsHelper } = require('./harness');
const { startSandbox } = require('./sandbox');
const { Hyfin } = require('../dist/nodes/Hyfin/Hyfin.node.js');
const { HyfinApi } = require('../dist/credentials/HyfinApi.credentials.js');
const { Riverty } = require('../dist/nodes/Riverty/Riverty.node.js');
const { RivertyApi } = require('../dist/credentials/RivertyApi.credentials.js');
const { ReferenceCustomers } = require('../dist/nodes/ReferenceCustomers/ReferenceCustomers.node.js');
const { ReferenceCustomersApi } = require('../dist/credentials/ReferenceCustomersApi.credentials.js');
const { Loyalty } = require('../dist/nodes/Loyalty/Loyalty.node.js');
const { LoyaltyApi } = require('../dist/credentials/LoyaltyApi.credentials.js');

const HYFIN_TOKEN = 'hyfin-error-output-token-91c';
const RIVERTY = { clientId: 'riverty-error-output', clientSecret: 'riverty-err-S3cret-77', rivertyClientIds: [4321] };
const VALOMNIA = { email: 'errors@valomnia.test', password: 'V4lomnia-err-pw!', firstName: 'E', lastName: 'O' };
const LOYALTY = { user_id: 'erroruser', user_password: 'loyalty-err-key-5521', account_id: 'errshop' };

let sb;
beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	sb.configure({
		hyfin: { tokens: [HYFIN_TOKEN] },
		riverty: {
			oauthClients: [RIVERTY],
			requiredAddressFields: ['addressLine', 'postalCode'],
		},
		valomnia: { users: [VALOMNIA] },
		clienttoolbox: { users: [{ user_id: LOYALTY.user_id, key: LOYALTY.user_password, accounts: [LOYALTY.account_id] }] },
	});
});

/**
 * Per vendor: how to run the node and the four items. `refused` is the item the vendor refuses
 * (its message and HTTP status), `invalid` the one the node stops before sending (its message).
 */
const VENDORS = [
	{
		vendor: 'hyfin',
		node: () => new Hyfin(),
		credentialsHelper: () =>
			createCredentialsHelper({
				credentials: {
					hyfinApi: { baseUrl: sb.baseUrl('hyfin'), siteId: 'site-1', accessToken: HYFIN_TOKEN, headerName: 'Authorization', headerPrefix: 'Bearer' },
				},
				credentialTypes: [new HyfinApi()],
			}),
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			external_id: '={{ $json.key }}',
			first_name: 'Ada',
			last_name: 'Lovelace',
			additionalFields: { email: '={{ $json.email ?? "ada@example.com" }}' },
			options: { concurrency: 1 },
		},
		items: [{ key: 'H-1' }, { key: 'H-2', email: 'no-at-sign' }, { key: '' }, { key: 'H-4' }],
		refused: { httpCode: '400', message: /^Hyfin refused the request \(HTTP 400\): .*email/ },
		invalid: /External ID \(external_id\) is required/,
		stored: () => [...sb.state.hyfin.customers.values()].map((c) => c.external_id),
	},
	{
		vendor: 'riverty',
		node: () => new Riverty(),
		credentialsHelper: () =>
			createCredentialsHelper({
				credentials: {
					rivertyApi: {
						environment: 'custom',
						baseUrl: sb.baseUrl('riverty', 'api'),
						tokenUrl: `${sb.baseUrl('riverty', 'identity')}/oauth/token`,
						audience: 'https://api.horizonafs.io',
						oauthClientId: RIVERTY.clientId,
						oauthClientSecret: RIVERTY.clientSecret,
						clientId: RIVERTY.rivertyClientIds[0],
					},
				},
				credentialTypes: [new RivertyApi()],
			}),
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			customerNumber: '={{ $json.key }}',
			reportAction: false,
			inputMode: 'fields',
			type: 'Person',
			person: { firstName: 'Kari', lastName: 'Nordmann' },
			addressLine: '={{ $json.street ?? "Storgata 1" }}',
			additionalFields: { postalCode: '={{ $json.zip ?? "" }}', postalPlace: 'Oslo', countryCode: 'NO' },
			options: { concurrency: 1 },
		},
		items: [{ key: 'R-1', zip: '0155' }, { key: 'R-2' }, { key: 'R-3', zip: '0155', street: '' }, { key: 'R-4', zip: '0155' }],
		refused: { httpCode: '400', message: /^Riverty refused the request \(HTTP 400\): .*address\.postalCode/ },
		invalid: /Address Line \(address\.addressLine\) is required/,
		stored: () => [...sb.state.riverty.customers.values()].map((c) => c.customerNumber),
	},
	{
		vendor: 'valomnia',
		node: () => new ReferenceCustomers(),
		credentialsHelper: () =>
			createCredentialsHelper({
				credentials: {
					referenceCustomersApi: { baseUrl: sb.baseUrl('valomnia'), apiVersion: 'v2.1', email: VALOMNIA.email, password: VALOMNIA.password },
				},
				credentialTypes: [new ReferenceCustomersApi()],
			}),
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			reference: '={{ $json.key }}',
			name: '={{ $json.name ?? "Café du Port" }}',
			additionalFields: { paymentTypes: '={{ $json.pt ?? [7] }}' },
			options: { concurrency: 1 },
		},
		items: [{ key: 'V-1' }, { key: 'V-2', pt: [999] }, { key: 'V-3', name: '' }, { key: 'V-4' }],
		refused: { httpCode: '404', message: /^Valomnia refused the request \(HTTP 404\): not_found: The payment type with the id 999/ },
		invalid: /Name \(name\) is required/,
		stored: () => [...sb.state.valomnia.customers.keys()],
	},
	{
		vendor: 'clienttoolbox',
		node: () => new Loyalty(),
		credentialsHelper: () =>
			createCredentialsHelper({
				credentials: { loyaltyApi: { endpoint: sb.baseUrl('clienttoolbox'), keyPlacement: 'body', ...LOYALTY } },
				credentialTypes: [new LoyaltyApi()],
			}),
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'fields',
			code: '={{ $json.key }}',
			card_number: '',
			additionalFields: { first_name: 'Kim', custom_date: '={{ $json.born ?? "1970-07-14" }}' },
			customFields: { field: [{ number: 3, value: '={{ $json.seen ?? "2012.07.28 22:59:59" }}' }] },
			options: { concurrency: 1 },
		},
		items: [
			{ key: '4000000000000001' },
			{ key: '4000000000000002', seen: 'soon' },
			{ key: '4000000000000003', born: '14/07/1970' },
			{ key: '4000000000000004' },
		],
		refused: {
			httpCode: '200',
			message: /^Client Toolbox refused the request \(HTTP 200\): custom_field_3 must be a date \/ time stamp/,
		},
		invalid: /Custom Date \(custom_date\) must be a date as YYYY-MM-DD/,
		stored: () => [...sb.state.clienttoolbox.customers.values()].map((c) => c.code),
	},
];

const runVendor = (v, args) =>
	runNode({
		node: v.node(),
		credentialsHelper: v.credentialsHelper(),
		parameters: v.parameters,
		items: v.items.map((json) => ({ json })),
		...args,
	});

describe.each(VENDORS)('$vendor node', (v) => {
	test('On Error "Continue (using error output)": successes on the first output, failures on the error output', async () => {
		const result = await runVendor(v, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		const [success, failure] = result.outputs;

		expect(success.map((i) => [i.json.key, i.json.success, i.json.action, i.pairedItem])).toEqual([
			[v.items[0].key, true, expect.any(String), { item: 0 }],
			[v.items[3].key, true, expect.any(String), { item: 3 }],
		]);
		expect(success.every((i) => i.error === undefined)).toBe(true);

		expect(failure.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		const [refused, invalid] = failure;
		// n8n keeps the item's `error` (the NodeApiError) and replaces its json by { error: message }
		// (WorkflowExecute's normalization of error items, after handleNodeErrorOutput)
		expect(refused.json).toEqual({ error: expect.stringMatching(v.refused.message) });
		expect(refused.error.name).toBe('NodeApiError');
		expect(refused.error.message).toBe(refused.json.error);
		expect(String(refused.error.httpCode)).toBe(v.refused.httpCode);
		expect(refused.error.context.itemIndex).toBe(1);
		// the item the node refused before sending: a NodeOperationError naming the field
		expect(invalid.json).toEqual({ error: expect.stringMatching(v.invalid) });
		expect(invalid.error.name).toBe('NodeOperationError');
		expect(invalid.error.message).toBe(invalid.json.error);
		expect(invalid.error.context.itemIndex).toBe(2);

		// what the vendor holds: the two successes only
		expect(v.stored().sort()).toEqual([v.items[0].key, v.items[3].key].sort());
	});

	test('On Error "Continue (regular output)": one output, N items out, failures in place as success:false', async () => {
		const result = await runVendor(v, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		expect(result.items.map((i) => [i.json.success, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
			[false, { item: 2 }],
			[true, { item: 3 }],
		]);
		expect(result.items[1].json).toMatchObject({ vendor: v.vendor, httpCode: v.refused.httpCode });
		expect(result.items[1].json.error).toMatch(v.refused.message);
		expect(result.items[2].json.error).toMatch(v.invalid);
		expect(result.items[2].json).toMatchObject({ vendor: v.vendor, success: false, action: null, key: null });
		expect(result.items.every((i) => i.error === undefined)).toBe(true);
	});

	test('On Error "Stop Workflow": the first failing item stops the node with its error', async () => {
		const result = await runVendor(v, {});
		expect(result.items).toEqual([]);
		expect(result.error.message).toMatch(v.refused.message);
		expect(result.error.context.itemIndex).toBe(1);
	});
});
