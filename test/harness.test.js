'use strict';
/**
 * Proves the node-execution harness (test/harness) against a fixture node that talks to a
 * tiny HTTP server on 127.0.0.1. Everything runs through n8n-core's real WorkflowExecute.
 */
const http = require('node:http');

const {
	runNode,
	runLoadOptions,
	testCredential,
	createCredentialsHelper,
	SOURCE_NODE_NAME,
} = require('./harness');
const { HarnessFixture, FixtureBearerApi, FixtureSessionApi } = require('./harness/fixture-node');
const { Expression } = require('n8n-workflow');

// ---- a tiny vendor API on 127.0.0.1 ------------------------------------------------

function startServer() {
	const state = { requests: [], logins: 0, validSession: null, unauthorized: 0 };
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const body = raw ? JSON.parse(raw) : undefined;
			state.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
			const send = (status, payload) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			const bearer = req.headers.authorization;
			const session = req.headers['x-session'];
			const authorized =
				bearer === 'Bearer good-token' || (state.validSession !== null && session === state.validSession);

			if (req.method === 'POST' && req.url === '/login') {
				if (body?.username !== 'alice' || body?.password !== 'pw') return send(401, { message: 'bad login' });
				state.logins++;
				state.validSession = `session-${state.logins}`;
				return send(200, { token: state.validSession });
			}
			if (req.url === '/me') {
				if (bearer === 'Bearer no-scope-token') return send(403, { message: 'forbidden' });
				return authorized ? send(200, { id: 'me' }) : send(401, { message: 'who are you?' });
			}
			if (!authorized) {
				state.unauthorized++;
				return send(401, { message: 'Invalid or expired token' });
			}
			if (req.method === 'POST' && req.url === '/echo') {
				return send(200, { ...body, seenAuthorization: bearer ?? null, seenSession: session ?? null });
			}
			if (req.method === 'GET' && req.url === '/colors') {
				return send(200, [
					{ id: 'r', label: 'Red' },
					{ id: 'g', label: 'Green' },
				]);
			}
			return send(404, { message: 'not found' });
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			resolve({ server, state, baseUrl: `http://127.0.0.1:${server.address().port}` });
		});
	});
}

let api;
beforeAll(async () => {
	api = await startServer();
});
afterAll(async () => {
	api.server.closeAllConnections();
	await new Promise((resolve) => api.server.close(resolve));
});
beforeEach(() => {
	api.state.requests.length = 0;
	api.state.logins = 0;
	api.state.validSession = null;
	api.state.unauthorized = 0;
});

const bearer = (token = 'good-token') => ({
	credentials: { fixtureBearerApi: { baseUrl: api.baseUrl, token } },
	credentialTypes: [FixtureBearerApi],
});
const session = () => ({
	credentials: { fixtureSessionApi: { baseUrl: api.baseUrl, username: 'alice', password: 'pw' } },
	credentialTypes: [FixtureSessionApi],
});

// ---- tests ------------------------------------------------------------------------

describe('harness: environment', () => {
	test('uses the legacy expression engine', () => {
		expect(Expression.getActiveImplementation()).toBe('legacy');
	});
});

describe('runNode', () => {
	test('3 items in -> 3 items out, each paired with its input item', async () => {
		const result = await runNode({
			node: HarnessFixture,
			parameters: { name: 'static' },
			items: [{ json: { n: 0 } }, { json: { n: 1 } }, { json: { n: 2 } }],
			...bearer(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.name).toBe('static');
		});
		expect(result.outputs).toHaveLength(1);
		expect(result.runData[SOURCE_NODE_NAME]).toHaveLength(1);
		expect(result.run.status).toBe('success');
	});

	test('typeVersion defaults to the highest description.version and can be set', async () => {
		const latest = await runNode({ node: new HarnessFixture(), ...bearer() });
		expect(latest.items[0].json.typeVersion).toBe(2);
		const v1 = await runNode({ node: HarnessFixture, typeVersion: 1, ...bearer() });
		expect(v1.items[0].json.typeVersion).toBe(1);
	});

	test('generic authenticate: the Bearer header from the credential reaches the server', async () => {
		const result = await runNode({ node: HarnessFixture, parameters: { name: 'x' }, ...bearer() });
		expect(result.error).toBeUndefined();
		const echo = api.state.requests.find((r) => r.url === '/echo');
		expect(echo.headers.authorization).toBe('Bearer good-token');
		expect(result.items[0].json.seenAuthorization).toBe('Bearer good-token');
		expect(result.credentialsHelper.authenticateCalls).toBe(1);
	});

	test('preAuthentication runs once for 5 items, then once more after a 401 (n8n-core retry)', async () => {
		const credentialsHelper = createCredentialsHelper(session());
		const items = Array.from({ length: 5 }, (_, i) => ({ json: { i } }));

		const first = await runNode({
			node: HarnessFixture,
			parameters: { authentication: 'session' },
			items,
			credentialsHelper,
		});
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(5);
		expect(credentialsHelper.preAuthenticationCalls).toBe(1);
		expect(api.state.logins).toBe(1);
		expect(first.items.map((item) => item.json.seenSession)).toEqual(Array(5).fill('session-1'));
		// the token was persisted through updateCredentials and is reused by later items
		expect(credentialsHelper.getStoredData('fixtureSessionApi').sessionToken).toBe('session-1');
		expect(credentialsHelper.preAuthenticationRequests.every((r) => r.credentialsExpired === false)).toBe(
			true,
		);

		// The vendor expires the session: the next request gets a 401.
		api.state.validSession = 'something-else';
		const second = await runNode({
			node: HarnessFixture,
			parameters: { authentication: 'session' },
			items,
			credentialsHelper,
		});
		expect(second.error).toBeUndefined();
		expect(second.items.map((item) => item.json.seenSession)).toEqual(Array(5).fill('session-2'));
		expect(api.state.unauthorized).toBe(1);
		expect(api.state.logins).toBe(2);
		expect(credentialsHelper.preAuthenticationCalls).toBe(2);
		// The re-login was asked for by n8n-core's httpRequestWithAuthentication (401 ->
		// preAuthentication(..., credentialsExpired = true) -> authenticate -> retry once);
		// the fixture node never calls preAuthentication itself.
		const expired = credentialsHelper.preAuthenticationRequests.filter((r) => r.credentialsExpired);
		expect(expired).toEqual([{ typeName: 'fixtureSessionApi', nodeName: 'Node under test', credentialsExpired: true }]);
		expect(credentialsHelper.getStoredData('fixtureSessionApi').sessionToken).toBe('session-2');
	});

	test('a node error surfaces in `error` with its itemIndex', async () => {
		const result = await runNode({
			node: HarnessFixture,
			parameters: { operation: 'fail' },
			items: [{ json: {} }, { json: { fail: true } }, { json: {} }],
		});
		expect(result.items).toEqual([]);
		expect(result.error).toBeDefined();
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe('Item 1 was told to fail');
		expect(result.error.description).toBe('The fixture fails items with fail=true');
		expect(result.error.context.itemIndex).toBe(1);
		expect(result.run.status).toBe('error');
	});

	test('an HTTP error surfaces as n8n NodeApiError with httpCode', async () => {
		const result = await runNode({ node: HarnessFixture, ...bearer('wrong-token') });
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.httpCode).toBe('401');
		expect(result.error.message).toMatch(/Authorization failed/);
		expect(result.error.description).toBe('Invalid or expired token');
		expect(result.error.context.itemIndex).toBe(0);
	});

	test('continueOnFail turns failures into error items', async () => {
		const result = await runNode({
			node: HarnessFixture,
			parameters: { operation: 'fail' },
			items: [{ json: {} }, { json: { fail: true } }, { json: {} }],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[1]).toEqual({ json: { error: 'Item 1 was told to fail' }, pairedItem: { item: 1 } });
		expect(result.items[0].json).toEqual({ ok: true, index: 0 });

		const http401 = await runNode({ node: HarnessFixture, continueOnFail: true, ...bearer('wrong-token') });
		expect(http401.error).toBeUndefined();
		expect(http401.items[0].json.error).toMatch(/Authorization failed/);
	});

	test("onError 'continueErrorOutput' routes error items to the error output", async () => {
		const result = await runNode({
			node: HarnessFixture,
			parameters: { operation: 'fail' },
			items: [{ json: {} }, { json: { fail: true } }],
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		expect(result.outputs[0].map((item) => item.json)).toEqual([{ ok: true, index: 0 }]);
		expect(result.outputs[1].map((item) => item.json.error)).toEqual(['Item 1 was told to fail']);
	});

	test('expression parameters resolve per item', async () => {
		const result = await runNode({
			node: HarnessFixture,
			parameters: { name: '={{ $json.first }} {{ $json.last.toUpperCase() }} #{{ $itemIndex }}' },
			items: [{ json: { first: 'Ada', last: 'Lovelace' } }, { json: { first: 'Alan', last: 'Turing' } }],
			...bearer(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.name)).toEqual(['Ada LOVELACE #0', 'Alan TURING #1']);
		expect(api.state.requests.filter((r) => r.url === '/echo').map((r) => r.body.name)).toEqual([
			'Ada LOVELACE #0',
			'Alan TURING #1',
		]);
	});

	test('binary data in memory: assertBinaryData, getBinaryDataBuffer, prepareBinaryData', async () => {
		const result = await runNode({
			node: HarnessFixture,
			parameters: { operation: 'binary' },
			items: [
				{
					json: {},
					binary: {
						data: {
							data: Buffer.from('hello world').toString('base64'),
							mimeType: 'text/plain',
							fileName: 'hello.txt',
						},
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		const out = result.items[0].binary.data;
		expect(Buffer.from(out.data, 'base64').toString('utf8')).toBe('HELLO WORLD');
		expect(out.fileName).toBe('upper-hello.txt');
		expect(out.mimeType).toBe('text/plain');

		const missing = await runNode({ node: HarnessFixture, parameters: { operation: 'binary' } });
		expect(missing.error.message).toMatch(/binary/i);
		expect(missing.error.context.itemIndex).toBe(0);
	});

	test('a workflow n8n refuses to start (parameter issues) is reported, not thrown', async () => {
		const Strict = class extends HarnessFixture {
			constructor() {
				super();
				this.description = {
					...this.description,
					name: 'strictFixture',
					properties: [
						...this.description.properties,
						{ displayName: 'Required', name: 'required', type: 'string', required: true, default: '' },
					],
				};
			}
		};
		const result = await runNode({ node: Strict, ...bearer() });
		expect(result.error.name).toBe('WorkflowHasIssuesError');
		expect(result.issues['Node under test'].parameters.required).toEqual(['Parameter "Required" is required.']);
		expect(api.state.requests).toHaveLength(0);
	});

	test('missing credentials are reported by n8n-core', async () => {
		const result = await runNode({ node: HarnessFixture, parameters: { name: 'x' } });
		expect(result.error.message).toMatch(/credentials/i);
	});
});

describe('runLoadOptions', () => {
	test('runs methods.loadOptions in LoadOptionsContext with credentials', async () => {
		const options = await runLoadOptions({ node: HarnessFixture, methodName: 'getColors', ...bearer() });
		expect(options).toEqual([
			{ name: 'Red', value: 'r' },
			{ name: 'Green', value: 'g' },
		]);
		expect(api.state.requests[0].headers.authorization).toBe('Bearer good-token');
	});

	test('sees the current node parameters and runs preAuthentication', async () => {
		const options = await runLoadOptions({
			node: HarnessFixture,
			methodName: 'getColors',
			parameters: { authentication: 'session' },
			...session(),
		});
		expect(options).toHaveLength(2);
		expect(api.state.logins).toBe(1);
	});

	test('a shared helper keeps the session; a 401 renews it once (n8n-core retry)', async () => {
		const credentialsHelper = createCredentialsHelper(session());
		const load = () =>
			runLoadOptions({
				node: HarnessFixture,
				methodName: 'getColors',
				parameters: { authentication: 'session' },
				credentialsHelper,
			});
		await load();
		await load();
		expect(api.state.logins).toBe(1);
		api.state.validSession = 'expired';
		expect(await load()).toHaveLength(2);
		expect(api.state.logins).toBe(2);
		expect(api.state.unauthorized).toBe(1);
		expect(credentialsHelper.preAuthenticationRequests.filter((r) => r.credentialsExpired)).toHaveLength(1);
	});
});

describe('testCredential', () => {
	test('2xx -> OK', async () => {
		const result = await testCredential({
			credentialType: FixtureBearerApi,
			data: { baseUrl: api.baseUrl, token: 'good-token' },
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const me = api.state.requests.find((r) => r.url === '/me');
		expect(me.headers.authorization).toBe('Bearer good-token');
	});

	test('non-2xx matching a responseCode rule -> Error with the rule message', async () => {
		const result = await testCredential({
			credentialType: new FixtureBearerApi(),
			data: { baseUrl: api.baseUrl, token: 'no-scope-token' },
		});
		expect(result).toEqual({ status: 'Error', message: 'Token lacks the read scope' });
	});

	test('other non-2xx -> Error with the HTTP status text', async () => {
		const result = await testCredential({
			credentialType: FixtureBearerApi,
			data: { baseUrl: api.baseUrl, token: 'nope' },
		});
		expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
	});

	test('preAuthentication runs when testing a credential (like n8n)', async () => {
		const credentialsHelper = createCredentialsHelper();
		const result = await testCredential({
			credentialType: FixtureSessionApi,
			data: { baseUrl: api.baseUrl, username: 'alice', password: 'pw' },
			credentialsHelper,
		});
		expect(result.status).toBe('OK');
		expect(api.state.logins).toBe(1);
		expect(credentialsHelper.preAuthenticationCalls).toBe(1);

		const bad = await testCredential({
			credentialType: FixtureSessionApi,
			data: { baseUrl: api.baseUrl, username: 'alice', password: 'wrong' },
		});
		expect(bad.status).toBe('Error');
	});
});

describe('secret watch (every run of the package nodes in every suite)', () => {
	const secretWatch = require('./harness/secret-watch');
	// a subclass is not the harness's own fixture, so it runs under the watch like the package nodes
	class LeakyNode extends HarnessFixture {}

	test('a node that outputs its credential token makes runNode throw, naming the field, not the value', async () => {
		// the fixture puts the Authorization header it saw into its output (seenAuthorization)
		const run = runNode({ node: LeakyNode, parameters: { name: 'x' }, ...bearer() });
		await expect(run).rejects.toThrow('secret watch: runNode left credential fixtureBearerApi.token in its output');
		await expect(run).rejects.not.toThrow('good-token');
	});

	test("a customer password from an item in one of n8n's log lines is a leak; a PIN inside a longer number is not", () => {
		const items = [{ json: { pw: 'Cust-pw-9931', pin: '4455' } }];
		let from = secretWatch.mark();
		secretWatch.records.push({ level: 'debug', message: 'sent customer_password=Cust-pw-9931' });
		expect(() => secretWatch.check('runNode', { result: { items: [] }, fromRecord: from, secretsBefore: new Map(), items })).toThrow(
			'input item pw',
		);
		from = secretWatch.mark();
		secretWatch.records.push({ level: 'debug', message: 'id 1244550 created' });
		expect(() => secretWatch.check('runNode', { result: { items: [{ json: { id: 844559 } }] }, fromRecord: from, secretsBefore: new Map(), items })).not.toThrow();
	});

	test('a customer PIN typed into the parameters is looked for in the output', () => {
		const from = secretWatch.mark();
		const result = { items: [{ json: { raw: 'customer_PIN=80604' } }] };
		const parameters = { additionalFields: { customer_PIN: '80604' } };
		expect(() => secretWatch.check('runNode', { result, fromRecord: from, secretsBefore: new Map(), parameters })).toThrow(
			'parameter customer_PIN',
		);
	});
});
