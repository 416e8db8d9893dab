'use strict';
// The workflows of the AI agent suite: Manual Trigger → AI Agent ← OpenAI Chat Model (the
// scripted model, Chat Completions API), with this package's nodes attached as tools. Each
// tool node's parameters take the model's values through $fromAI(key, description, type[,
// default]): the key, description and type reach the model as the tool's JSON schema; a default
// makes the field optional there. TOOLS are version-1 nodes (Fields Below), TOOLS_V2
// version-2 nodes (Map Each Field: the $fromAI calls are the mapper's values).

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

/** What the model is asked to fill, the same in version 1's and version 2's tools. */
const ASK = {
	external_id: fromAI('external_id', 'Your own unique ID for the customer; the same ID updates that customer'),
	first_name: fromAI('first_name', 'First name'),
	last_name: fromAI('last_name', 'Last name'),
	email: fromAI('email', 'Email address', 'string', ''),
	customer_number: fromAI('customer_number', 'Your own unique number for the customer'),
	address_line: fromAI('address_line', 'Street and house number'),
	postal_code: fromAI('postal_code', 'Postal code', 'string', ''),
	reference: fromAI('reference', 'Your own unique code for the customer; the same code updates that customer'),
	name: fromAI('name', 'Customer or shop name'),
	code: fromAI('code', 'The customer code; the same code updates that customer'),
};

/** The tool nodes: name (the tool's name the model sees, spaces become _), type, parameters, credentials. */
const TOOLS = [
	{
		name: 'Hyfin',
		type: `${PKG}.hyfinTool`,
		credentials: HYFIN,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			external_id: ASK.external_id,
			first_name: ASK.first_name,
			last_name: ASK.last_name,
			additionalFields: { email: ASK.email },
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
			customerNumber: ASK.customer_number,
			reportAction: false,
			type: 'Person',
			person: { firstName: ASK.first_name, lastName: ASK.last_name },
			addressLine: ASK.address_line,
			additionalFields: { postalCode: ASK.postal_code, postalPlace: 'Oslo', countryCode: 'NO' },
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
			reference: ASK.reference,
			name: ASK.name,
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
			code: ASK.code,
			card_number: '',
			additionalFields: { first_name: ASK.first_name },
			customFields: {},
		},
	},
];

/**
 * Version 2 as a tool. Create or Update with Input Mode = Map Each Field: each mapper value is a
 * `$fromAI` (the ✨ button writes the same into a mapper row); the keys are the mapper's field ids
 * (the vendor's wire names, `person.firstName`). Get and Search are as in version 1. Two probes of
 * the other input modes: Map Automatically (no `$fromAI` anywhere: the tool has no parameters) and
 * JSON Body with `$fromAI` inside the body's expression.
 */
const mapEach = (value) => ({ inputMode: 'map', mapping: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] } });

/** Version 1's tool `name`, as a version-2 tool a user adds from the actions list: the same parameters, and Options. */
const asVersion2 = (name) => {
	const { name: alias, parameters, ...tool } = TOOLS.find((t) => t.name === name);
	return { alias, ...tool, parameters: { ...parameters, options: {} } };
};

const TOOLS_V2 = [
	{
		alias: 'Hyfin',
		type: `${PKG}.hyfinTool`,
		credentials: HYFIN,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			...mapEach({ external_id: ASK.external_id, first_name: ASK.first_name, last_name: ASK.last_name, email: ASK.email }),
			options: {},
		},
	},
	// Get and Search are as in version 1
	asVersion2('Hyfin Get'),
	{
		alias: 'Riverty',
		type: `${PKG}.rivertyTool`,
		credentials: RIVERTY,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			reportAction: false,
			...mapEach({
				customerNumber: ASK.customer_number,
				type: 'Person',
				'person.firstName': ASK.first_name,
				'person.lastName': ASK.last_name,
				'address.addressLine': ASK.address_line,
				'address.postalCode': ASK.postal_code,
				'address.postalPlace': 'Oslo',
				'address.countryCode': 'NO',
			}),
			options: {},
		},
	},
	asVersion2('Riverty Search'),
	{
		alias: 'Valomnia',
		type: `${PKG}.referenceCustomersTool`,
		credentials: VALOMNIA,
		parameters: { resource: 'customer', operation: 'upsert', ...mapEach({ reference: ASK.reference, name: ASK.name }), options: {} },
	},
	{
		alias: 'Client Toolbox',
		type: `${PKG}.loyaltyTool`,
		credentials: LOYALTY,
		parameters: { resource: 'customer', operation: 'upsert', ...mapEach({ code: ASK.code, first_name: ASK.first_name }), options: {} },
	},
	// probes: what a user gets with the other two input modes
	{
		name: 'Hyfin Auto',
		type: `${PKG}.hyfinTool`,
		credentials: HYFIN,
		parameters: { resource: 'customer', operation: 'upsert', inputMode: 'auto', options: {} },
	},
	{
		name: 'Valomnia JSON',
		type: `${PKG}.referenceCustomersTool`,
		credentials: VALOMNIA,
		parameters: {
			resource: 'customer',
			operation: 'upsert',
			inputMode: 'json',
			// in JSON Body the key that goes in the URL is its own parameter, not part of the body
			reference: fromAI('json_reference', 'Your own unique code for the customer'),
			jsonBody: `={{ JSON.stringify({ name: $fromAI('json_name', 'Customer or shop name', 'string'), email: $fromAI('json_email', 'Email address', 'string', '') }) }}`,
			options: {},
		},
	},
];

/**
 * Version 2's tools named as n8n names a node a user adds from the actions list (its `alias` is
 * what the tests call it): n8n-workflow's makeNodeName over the tool node type as n8n generates it
 * (the node's description with its usableAsTool replacements, outputs ai_tool): "<action> in <tool
 * default name>", e.g. "Create or update a customer by External ID in Hyfin". `makeNodeName` is
 * the n8n line's own; `pkgDir` holds package.json and the dist/ the packed package is made of (the
 * repository: the staged copy has no n8n-workflow to load its nodes with). Tools without an alias
 * (the probes) keep the name they have, as a user who renamed them. `version`: the node version
 * whose actions name them (2, the default for new nodes).
 */
function namedAsAdded(tools, { makeNodeName, pkgDir, version = 2 }) {
	const pkg = JSON.parse(require('fs').readFileSync(require('path').join(pkgDir, 'package.json'), 'utf8'));
	const described = {};
	for (const file of pkg.n8n.nodes) {
		const exported = require(require('path').join(pkgDir, file));
		for (const NodeClass of Object.values(exported)) {
			const node = new NodeClass();
			const description = node.nodeVersions ? node.nodeVersions[version].description : node.description;
			const tool = {
				...description,
				...(typeof description.usableAsTool === 'object' ? description.usableAsTool.replacements : {}),
				name: `${description.name}Tool`,
				inputs: [],
				outputs: ['ai_tool'],
			};
			described[`${PKG}.${tool.name}`] = tool;
		}
	}
	return tools.map(({ alias, ...tool }) => (alias ? { ...tool, alias, name: makeNodeName(tool.parameters, described[tool.type]) } : tool));
}

/**
 * A workflow with the AI Agent at `agentVersion` and every tool of `tools` attached at
 * `toolVersion`. With `chatInput`, the agent's input item is a chat trigger's
 * ({ sessionId, action, chatInput }, made by a Set node) and the prompt is its chatInput.
 */
function agentWorkflow({ id, agentVersion, prompt, tools = TOOLS, toolVersion = 1, chatInput = false }) {
	const start = { id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const chat = {
		id: 'chat',
		name: 'Chat message',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [150, 0],
		parameters: {
			assignments: {
				assignments: [
					{ id: 'a1', name: 'sessionId', value: 'cs-ai-session', type: 'string' },
					{ id: 'a2', name: 'action', value: 'sendMessage', type: 'string' },
					{ id: 'a3', name: 'chatInput', value: prompt, type: 'string' },
				],
			},
			options: {},
		},
	};
	const nodes = [
		start,
		...(chatInput ? [chat] : []),
		{
			id: 'agent',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: agentVersion,
			position: [300, 0],
			parameters: { promptType: 'define', text: chatInput ? '={{ $json.chatInput }}' : prompt, options: { maxIterations: 20 } },
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
		...tools.map((tool, i) => ({
			id: `tool${i}`,
			name: tool.name,
			type: tool.type,
			typeVersion: toolVersion,
			position: [400 + i * 150, 300],
			parameters: tool.parameters,
			credentials: tool.credentials,
		})),
	];
	const connections = {
		...(chatInput
			? { Start: { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] }, 'Chat message': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] } }
			: { Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] } }),
		'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
	};
	for (const tool of tools) connections[tool.name] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
	return {
		id,
		name: `AI agent ${agentVersion} with the customer-sync tools (version ${toolVersion})`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** The n8n credential of the scripted model. */
function modelCredential(url) {
	return { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: OPENAI_API_KEY, url } };
}

module.exports = { TOOLS, TOOLS_V2, namedAsAdded, agentWorkflow, modelCredential, OPENAI_CREDENTIAL, OPENAI_API_KEY };
