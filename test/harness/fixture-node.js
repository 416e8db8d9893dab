'use strict';
/**
 * Fixture node + credential types used by test/harness.test.js to prove the harness.
 * Written like a real community node (plain JS instead of TS), talking to whatever
 * `baseUrl` the credential holds (the test points it at a 127.0.0.1 server).
 */
const { NodeOperationError } = require('n8n-workflow');

/** Bearer token through n8n's generic (declarative) authenticate. */
class FixtureBearerApi {
	constructor() {
		this.name = 'fixtureBearerApi';
		this.displayName = 'Fixture Bearer API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		];
		this.authenticate = {
			type: 'generic',
			properties: {
				headers: { Authorization: '={{"Bearer " + $credentials.token}}' },
			},
		};
		this.test = {
			request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' },
			rules: [{ type: 'responseCode', properties: { value: 403, message: 'Token lacks the read scope' } }],
		};
	}
}

/** Session login through preAuthentication + an expirable hidden field. */
class FixtureSessionApi {
	constructor() {
		this.name = 'fixtureSessionApi';
		this.displayName = 'Fixture Session API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Username', name: 'username', type: 'string', default: '' },
			{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
			{
				displayName: 'Session Token',
				name: 'sessionToken',
				type: 'hidden',
				typeOptions: { expirable: true },
				default: '',
			},
		];
		this.authenticate = {
			type: 'generic',
			properties: { headers: { 'X-Session': '={{$credentials.sessionToken}}' } },
		};
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/me' } };
	}

	async preAuthentication(credentials) {
		const response = await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.baseUrl}/login`,
			body: { username: credentials.username, password: credentials.password },
			json: true,
		});
		return { sessionToken: response.token };
	}
}

class HarnessFixture {
	constructor() {
		this.description = {
			displayName: 'Harness Fixture',
			name: 'harnessFixture',
			group: ['transform'],
			version: [1, 2],
			description: 'Fixture node for the test harness',
			defaults: { name: 'Harness Fixture' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [
				{ name: 'fixtureBearerApi', required: true, displayOptions: { show: { authentication: ['bearer'] } } },
				{ name: 'fixtureSessionApi', required: true, displayOptions: { show: { authentication: ['session'] } } },
			],
			properties: [
				{
					displayName: 'Authentication',
					name: 'authentication',
					type: 'options',
					options: [
						{ name: 'Bearer', value: 'bearer' },
						{ name: 'Session', value: 'session' },
					],
					default: 'bearer',
				},
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options',
					noDataExpression: true,
					options: [
						{ name: 'Echo', value: 'echo' },
						{ name: 'Fail When Told', value: 'fail' },
						{ name: 'Uppercase Binary', value: 'binary' },
					],
					default: 'echo',
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{
					displayName: 'Color',
					name: 'color',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getColors' },
					default: '',
				},
			],
		};
		this.methods = {
			loadOptions: {
				async getColors() {
					const authentication = this.getCurrentNodeParameter('authentication') ?? 'bearer';
					const credentialType = authentication === 'session' ? 'fixtureSessionApi' : 'fixtureBearerApi';
					const { baseUrl } = await this.getCredentials(credentialType);
					const colors = await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
						method: 'GET',
						url: `${baseUrl}/colors`,
						json: true,
					});
					return colors.map((color) => ({ name: color.label, value: color.id }));
				},
			},
		};
	}

	async execute() {
		const items = this.getInputData();
		const returnData = [];
		const authentication = this.getNodeParameter('authentication', 0);
		const credentialType = authentication === 'session' ? 'fixtureSessionApi' : 'fixtureBearerApi';

		for (let i = 0; i < items.length; i++) {
			try {
				const operation = this.getNodeParameter('operation', i);
				if (operation === 'fail') {
					if (items[i].json.fail === true) {
						throw new NodeOperationError(this.getNode(), `Item ${i} was told to fail`, {
							itemIndex: i,
							description: 'The fixture fails items with fail=true',
						});
					}
					returnData.push({ json: { ok: true, index: i }, pairedItem: { item: i } });
					continue;
				}
				if (operation === 'binary') {
					const binary = this.helpers.assertBinaryData(i, 'data');
					const buffer = await this.helpers.getBinaryDataBuffer(i, 'data');
					const upper = Buffer.from(buffer.toString('utf8').toUpperCase(), 'utf8');
					const prepared = await this.helpers.prepareBinaryData(upper, `upper-${binary.fileName}`, 'text/plain');
					returnData.push({ json: { size: upper.length }, binary: { data: prepared }, pairedItem: { item: i } });
					continue;
				}
				const { baseUrl } = await this.getCredentials(credentialType, i);
				const name = this.getNodeParameter('name', i);
				this.logger.debug('fixture echo', { itemIndex: i });
				const response = await this.helpers.httpRequestWithAuthentication.call(this, credentialType, {
					method: 'POST',
					url: `${baseUrl}/echo`,
					body: { name, typeVersion: this.getNode().typeVersion },
					json: true,
				});
				returnData.push(
					...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(response), {
						itemData: { item: i },
					}),
				);
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: error.message }, pairedItem: { item: i } });
					continue;
				}
				if (error.context) error.context.itemIndex = i;
				throw error;
			}
		}
		return [returnData];
	}
}

module.exports = { HarnessFixture, FixtureBearerApi, FixtureSessionApi };
