'use strict';
// The workflows of the AI agent suite: Manual Trigger → AI Agent ← OpenAI Chat Model (the
// scripted model, Chat Completions API), with this package's nodes attached as tools. Each
// tool node's parameters take the model's values through $fromAI(key, description, type[,
// default]): the key, description and type reach the model as the tool's JSON schema; a default
// makes the field optional there.

const PKG = 'n8n-nodes-customer-sync';
const OPENAI_CREDENTIAL = { id: 'csAiFakeModel01', name: 'OpenAI account' }; // the id examples/agent-*.json use
const OPENAI_API_KEY = 'sk-fake-loopback-model-key';

const fromAI = (key, description, type = 'string', fallback) =>
	`={{ $fromAI('${key}', \`${description}\`, '${type}'${fallback === undefined ? '' : `, ${JSON.stringify(fallback)}`}) }}`;

const cred = (type, id, name) => ({ [type]: { id, name } });
const HYFIN = cred('hyfinApi', 'csHyfinAccount01', 'Hyfin account');
const RIVERTY = cred('rivertyApi', 'csRivertyAccount1', 'Riverty account');
const VALOMNIA = cred('referenceCustomersApi', 'csValomniaAccount1', 'Valomnia account');
const LOYALTY = cred('loyaltyApi', 'csLoyaltyAccount1', 'Client Toolbox account');

/** The tool nodes: name (the tool's name the model sees, spaces become _), type, parameters, credentials. */
const TOOLS = [
	{
		name: 'Hyfin',
		type: `${PKG}.hyfinTool`,
		credentials: HYFIN,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			external_id: fromAI('external_id', 'Your own unique ID for the customer; the same ID updates that customer'),
			first_name: fromAI('first_name', 'First name'),
			last_name: fromAI('last_name', 'Last name'),
			additionalFields: { email: fromAI('email', 'Email address', 'string', '') },
		},
	},
	{
		name: 'Hyfin Get',
		type: `${PKG}.hyfinTool`,
		credentials: HYFIN,
		parameters: {
			resource: 'customer',
			operation: 'get',
			_id: fromAI('id', "Hyfin's ID of the customer: the id Create or Update returned"),
		},
	},
	{
		name: 'Riverty',
		type: `${PKG}.rivertyTool`,
		credentials: RIVERTY,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			customerNumber: fromAI('customer_number', 'Your own unique number for the customer'),
			reportAction: false,
			type: 'Person',
			person: { firstName: fromAI('first_name', 'First name'), lastName: fromAI('last_name', 'Last name') },
			addressLine: fromAI('address_line', 'Street and house number'),
			additionalFields: { postalCode: fromAI('postal_code', 'Postal code', 'string', ''), postalPlace: 'Oslo', countryCode: 'NO' },
		},
	},
	{
		name: 'Riverty Search',
		type: `${PKG}.rivertyTool`,
		credentials: RIVERTY,
		parameters: {
			resource: 'customer',
			operation: 'search',
			searchColumn: 'customerNumber',
			searchValue: fromAI('search_value', 'Part of the customer number to look for'),
		},
	},
	{
		name: 'Valomnia',
		type: `${PKG}.referenceCustomersTool`,
		credentials: VALOMNIA,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			reference: fromAI('reference', 'Your own unique code for the customer; the same code updates that customer'),
			name: fromAI('name', 'Customer or shop name'),
			additionalFields: {},
		},
	},
	{
		name: 'Client Toolbox',
		type: `${PKG}.loyaltyTool`,
		credentials: LOYALTY,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			code: fromAI('code', 'The customer code; the same code updates that customer'),
			card_number: '',
			additionalFields: { first_name: fromAI('first_name', 'First name') },
			customFields: {},
		},
	},
];

/** A workflow with the AI Agent at `agentVersion` and every tool of TOOLS attached. */
function agentWorkflow({ id, agentVersion, prompt }) {
	const nodes = [
		{ id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'agent',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: agentVersion,
			position: [300, 0],
			parameters: { promptType: 'define', text: prompt, options: { maxIterations: 20 } },
		},
		{
			id: 'model',
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [200, 300],
			parameters: { model: { __rl: true, value: 'fake-model', mode: 'id' }, responsesApiEnabled: false, options: {} },
			credentials: { openAiApi: OPENAI_CREDENTIAL },
		},
		...TOOLS.map((tool, i) => ({
			id: `tool${i}`,
			name: tool.name,
			type: tool.type,
			typeVersion: 1,
			position: [400 + i * 150, 300],
			parameters: tool.parameters,
			credentials: tool.credentials,
		})),
	];
	const connections = {
		Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
	};
	for (const tool of TOOLS) connections[tool.name] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
	return { id, name: `AI agent ${agentVersion} with the customer-sync tools`, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** The n8n credential of the scripted model. */
function modelCredential(url) {
	return { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: OPENAI_API_KEY, url } };
}

module.exports = { TOOLS, agentWorkflow, modelCredential, OPENAI_CREDENTIAL, OPENAI_API_KEY };
