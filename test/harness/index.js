'use strict';
/**
 * Node-execution test harness: runs a node inside n8n's REAL execution engine
 * (n8n-core WorkflowExecute + n8n-workflow Workflow, DI container, InstanceSettings,
 * in-memory binary data, legacy expression evaluator), not a mock of IExecuteFunctions.
 *
 * const { runNode, runLoadOptions, runListSearch, testCredential, createCredentialsHelper } =
 *   require('./harness');
 *
 * await runNode({
 *   node,               // INodeType / VersionedNodeType instance, or its class
 *   parameters = {},    // node parameters as stored in a workflow ('={{ $json.x }}' works)
 *   items = [{ json: {} }],   // what the source node emits ({ json, binary? }; binary in
 *                             // n8n's default mode: { data: <base64>, mimeType, fileName })
 *   credentials = {},   // { [credentialTypeName]: plain decrypted data }
 *   credentialTypes = [],     // ICredentialType instances or classes
 *   credentialsHelper,  // optional HarnessCredentialsHelper to share state across runs
 *                       // (cached tokens, counters). Credentials for types it already
 *                       // holds are NOT replaced; call helper.setCredentials() for that.
 *   continueOnFail = false,   // node.onError = 'continueRegularOutput' + continueOnFail
 *   onError,            // or any n8n onError value, e.g. 'continueErrorOutput'
 *   typeVersion,        // default: description.version (highest if array) / defaultVersion
 *                       //   (versioned nodes: the one setDefaultTypeVersion set, if any)
 *   nodeName = 'Node under test',
 *   nodeTypeName,       // default `CUSTOM.${description.name}`
 *   mode = 'manual',    // WorkflowExecuteMode
 *   deduplication,      // a HarnessDeduplicationHelper: n8n's deduplication store for this run
 *                       // (default: the harness's own, `deduplicationStore`, kept across runs
 *                       // of a test file; the workflow and node ids are fixed, so two runs of
 *                       // the same node share its history, as two executions in n8n do)
 * }) -> {
 *   items,      // output 0 of the node under test ([] if none)
 *   outputs,    // all outputs (INodeExecutionData[][])
 *   error,      // undefined | ExecutionBaseError n8n recorded (runData error, else
 *               //   resultData.error): .message .description .httpCode .context.itemIndex
 *   runData,    // raw runData, keyed by node name ('Harness Source' + nodeName)
 *   run,        // the full IRun WorkflowExecute returned (status, data, ...)
 *   credentialsHelper,   // .preAuthenticationCalls, .authenticateCalls, .getStoredData(type)
 * }
 * runNode never throws for node errors; it throws only for harness misuse. When n8n
 * refuses to start because of parameter issues (WorkflowHasIssuesError, e.g. a required
 * parameter is empty) that error is returned, with `issues` (also in error.issues).
 *
 * await runLoadOptions({ node, methodName, parameters, credentials, credentialTypes,
 *                        credentialsHelper, typeVersion, path }) -> INodePropertyOptions[]
 *   (node.methods.loadOptions[methodName] called in n8n-core's LoadOptionsContext, with
 *    additionalData.currentNodeParameters = parameters, like the n8n editor does)
 * await runListSearch({ ...same, filter, paginationToken }) -> INodeListSearchResult
 *
 * await testCredential({ credentialType, data, credentialTypes, credentialsHelper, node })
 *   -> { status: 'OK' | 'Error', message }
 *   Mirrors n8n's CredentialsTester: credentialType.test (ICredentialTestRequest) runs as a
 *   RoutingNode request of a temporary 'n8n-nodes-base.noOp' node through
 *   httpRequestWithAuthentication (so authenticate/preAuthentication apply); 2xx = OK,
 *   non-2xx = Error with the message of a matching `responseCode` rule, else the HTTP
 *   status text; `responseSuccessBody` rules are applied to 2xx bodies. Without
 *   credentialType.test, `node`'s description.credentials[].testedBy is used.
 *
 * createCredentialsHelper({ credentials, credentialTypes }) -> HarnessCredentialsHelper
 *   (see credentials-helper.js for how it mirrors n8n's CLI CredentialsHelper)
 *
 * deduplicationStore / createDeduplicationStore() -> HarnessDeduplicationHelper: what
 *   this.helpers.checkProcessedAndRecord & co. reach through n8n-core's real
 *   DataDeduplicationService (see deduplication-helper.js for how it mirrors n8n's CLI
 *   DeduplicationHelper and its processed_data table): .calls, .rows(), .failNext(), .reset()
 *
 * Every call of the package's nodes runs under the secret watch (secret-watch.js): a secret in
 * the output, the error or n8n's log lines during the call makes the call throw.
 *
 * Environment: see env.js (N8N_USER_FOLDER in the temp dir, n8n's logger at debug level into
 * memory unless N8N_LOG_LEVEL is set, legacy expression engine, default binary data mode).
 */
const { logLevelChosen } = require('./env');

const { Container } = require('@n8n/di');
const {
	WorkflowExecute,
	ExecutionLifecycleHooks,
	ExecuteContext,
	LoadOptionsContext,
	CredentialTestContext,
	RoutingNode,
	InstanceSettings,
	WorkflowHasIssuesError,
	DataDeduplicationService,
} = require('n8n-core');
const {
	Workflow,
	Expression,
	NodeHelpers,
	UnexpectedError,
	createRunExecutionData,
	createEmptyRunExecutionData,
	deepCopy,
} = require('n8n-workflow');
const http = require('node:http');
const get = require('lodash/get');

const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');

const { Logger } = require('@n8n/backend-common');

const { HarnessCredentialsHelper, instantiate } = require('./credentials-helper');
const secretWatch = require('./secret-watch');
const { HarnessFixture } = require('./fixture-node');
const { HarnessDeduplicationHelper } = require('./deduplication-helper');

/** n8n's deduplication store for runNode (the CLI gives n8n-core its DeduplicationHelper at start). */
const deduplicationStore = new HarnessDeduplicationHelper();
let currentDeduplication = deduplicationStore;
const createDeduplicationStore = () => new HarnessDeduplicationHelper();
const deduplicationDelegate = {
	checkProcessedAndRecord: (...args) => currentDeduplication.checkProcessedAndRecord(...args),
	removeProcessed: (...args) => currentDeduplication.removeProcessed(...args),
	clearAllProcessedItems: (...args) => currentDeduplication.clearAllProcessedItems(...args),
	getProcessedDataCount: (...args) => currentDeduplication.getProcessedDataCount(...args),
};

// n8n-workflow defaults to the legacy evaluator; pin it so an N8N_EXPRESSION_ENGINE=vm
// in the caller's environment can't select the (unbuilt) isolated-vm engine.
if (typeof Expression.setExpressionEngine === 'function') Expression.setExpressionEngine('legacy');

const SOURCE_NODE_NAME = 'Harness Source';
const SOURCE_NODE_TYPE = 'harness.source';
const DEFAULT_NODE_NAME = 'Node under test';
const BASE_URL = 'http://127.0.0.1:5678';

let executionCounter = 0;

/**
 * Builds the DI singletons n8n-core needs, once per module registry (i.e. per jest test
 * file). All are n8n's real services. One has a process-level side effect that would keep
 * jest from exiting without --forceExit: SSHClientsManager (built by every ExecuteContext /
 * LoadOptionsContext for this.helpers.getSSHClient) starts a ref'd 60 s setInterval and
 * adds a process 'exit' listener in its constructor. We unref the interval and drop that
 * listener (one per test file would pile up); the harness opens no SSH clients.
 */
let containerReady = false;
function setupContainer() {
	if (containerReady) return;
	Container.get(InstanceSettings); // encryption key etc. from N8N_USER_FOLDER (env.js)
	const exitListenersBefore = new Set(process.listeners('exit'));
	const sshClientsManager = Container.get(SSHClientsManager);
	for (const listener of process.listeners('exit')) {
		if (!exitListenersBefore.has(listener)) process.removeListener('exit', listener);
	}
	sshClientsManager.cleanupTimer?.unref?.();
	secretWatch.install(Container.get(Logger), { keepConsole: logLevelChosen });
	// what the CLI does at start (DataDeduplicationService.init(getDataDeduplicationService()))
	if (!DataDeduplicationService.instance) void DataDeduplicationService.init(deduplicationDelegate);
	containerReady = true;
}

// ---- helpers ----------------------------------------------------------------------

function createCredentialsHelper({ credentials = {}, credentialTypes = [], writeBack } = {}) {
	setupContainer();
	return new HarnessCredentialsHelper({ credentials, credentialTypes, writeBack });
}

function prepareCredentialsHelper({ credentialsHelper, credentials = {}, credentialTypes = [] }) {
	setupContainer();
	if (!credentialsHelper) return createCredentialsHelper({ credentials, credentialTypes });
	credentialsHelper.addCredentialTypes(credentialTypes);
	for (const [type, data] of Object.entries(credentials)) {
		if (!credentialsHelper.hasCredentials(type)) credentialsHelper.setCredentials({ [type]: data });
	}
	return credentialsHelper;
}

function nodeCredentialsFor(types) {
	const result = {};
	for (const type of types) result[type] = HarnessCredentialsHelper.nodeCredentialsFor(type);
	return result;
}

/**
 * The version a run of a versioned node (nodeVersions) takes when the call names none: n8n's
 * default for a new node (defaultVersion), unless setDefaultTypeVersion chose one: the suites
 * written before version 2 run the workflows saved then, at typeVersion 1 (test/setup/saved-version.js).
 */
let defaultVersionOfVersionedNodes;
function setDefaultTypeVersion(version) {
	defaultVersionOfVersionedNodes = version;
}

function defaultTypeVersion(nodeType) {
	const { description } = nodeType;
	if (nodeType.nodeVersions && defaultVersionOfVersionedNodes !== undefined && nodeType.nodeVersions[defaultVersionOfVersionedNodes]) {
		return defaultVersionOfVersionedNodes;
	}
	if (nodeType.nodeVersions) {
		return description.defaultVersion ?? Math.max(...Object.keys(nodeType.nodeVersions).map(Number));
	}
	const { version } = description;
	return Array.isArray(version) ? Math.max(...version) : (version ?? 1);
}

function createNodeTypes(typesByName) {
	return {
		getByName(type) {
			return typesByName[type];
		},
		getByNameAndVersion(type, version) {
			const nodeType = typesByName[type];
			if (!nodeType) {
				throw new UnexpectedError(`Unknown node type "${type}"`, { tags: { nodeType: type } });
			}
			return NodeHelpers.getVersionedNodeType(nodeType, version);
		},
		getKnownTypes() {
			return {};
		},
	};
}

function normalizeItems(items) {
	if (!Array.isArray(items)) throw new UnexpectedError('runNode: items must be an array');
	return items.map((item) => {
		const copy = item && typeof item === 'object' && 'json' in item ? deepCopy(item) : { json: deepCopy(item ?? {}) };
		return copy;
	});
}

/** Tiny node type that emits the given items (binary included) on its main output. */
function createSourceNodeType(items) {
	return {
		description: {
			displayName: 'Harness Source',
			name: SOURCE_NODE_TYPE,
			group: ['input'],
			version: 1,
			description: 'Emits the items given to the test harness',
			defaults: { name: SOURCE_NODE_NAME },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [normalizeItems(items).map((item) => ({ ...item, pairedItem: item.pairedItem ?? { item: 0 } }))];
		},
	};
}

/**
 * IWorkflowExecuteAdditionalData with what n8n-core 1.122 reads. URLs are only strings
 * (used for $execution.resumeUrl etc.), nothing is served there.
 */
function buildAdditionalData({ credentialsHelper, hooks, executionId, currentNodeParameters }) {
	return {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		currentNodeParameters,
		userId: 'harness-user',
		variables: {},
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		async executeWorkflow() {
			throw new UnexpectedError('The test harness does not run sub-workflows');
		},
		async getRunExecutionData() {
			return undefined;
		},
		async startRunnerTask() {
			throw new UnexpectedError('The test harness has no task runners (Code node)');
		},
		logAiEvent() {},
		setExecutionStatus() {},
		sendDataToUI() {},
	};
}

function resolveNodeUnderTest({ node, nodeTypeName, typeVersion }) {
	if (!node) throw new UnexpectedError('harness: `node` (an INodeType instance or class) is required');
	const nodeType = instantiate(node);
	if (!nodeType?.description?.name) {
		throw new UnexpectedError('harness: `node` has no description.name; is it an INodeType?');
	}
	const typeName = nodeTypeName ?? `CUSTOM.${nodeType.description.name}`;
	const version = typeVersion ?? defaultTypeVersion(nodeType);
	return { nodeType, typeName, version };
}

// ---- runNode ----------------------------------------------------------------------

async function runNode(options = {}) {
	const {
		parameters = {},
		items = [{ json: {} }],
		credentials = {},
		credentialTypes = [],
		continueOnFail = false,
		onError,
		nodeName = DEFAULT_NODE_NAME,
		mode = 'manual',
	} = options;
	if (nodeName === SOURCE_NODE_NAME) throw new UnexpectedError(`nodeName "${SOURCE_NODE_NAME}" is reserved`);

	const { nodeType, typeName, version } = resolveNodeUnderTest(options);
	const credentialsHelper = prepareCredentialsHelper({
		credentialsHelper: options.credentialsHelper,
		credentials,
		credentialTypes,
	});

	setupContainer();
	currentDeduplication = options.deduplication ?? deduplicationStore;

	const nodeTypes = createNodeTypes({
		[SOURCE_NODE_TYPE]: createSourceNodeType(items),
		[typeName]: nodeType,
	});

	const credentialTypeNames = [...new Set([...Object.keys(credentials), ...credentialsHelper.storedTypes()])];
	const testNode = {
		id: 'node-under-test',
		name: nodeName,
		type: typeName,
		typeVersion: version,
		position: [250, 0],
		parameters: deepCopy(parameters),
	};
	if (credentialTypeNames.length) testNode.credentials = nodeCredentialsFor(credentialTypeNames);
	if (continueOnFail) {
		// What the editor stores for "On Error: Continue"; continueOnFail is the legacy flag.
		testNode.onError = 'continueRegularOutput';
		testNode.continueOnFail = true;
	}
	if (onError) testNode.onError = onError;

	const sourceNode = {
		id: 'harness-source',
		name: SOURCE_NODE_NAME,
		type: SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};

	const workflowData = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes: [sourceNode, testNode],
		connections: {
			[SOURCE_NODE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	};

	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
		staticData: {},
	});

	const executionId = `harness-${process.pid}-${++executionCounter}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = buildAdditionalData({ credentialsHelper, hooks, executionId });

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode(SOURCE_NODE_NAME), data: { main: [[{ json: {} }]] }, source: null },
			],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	let run;
	try {
		run = await workflowExecute.processRunExecutionData(workflow);
	} catch (error) {
		// n8n refuses to start a workflow whose nodes have parameter issues (e.g. a required
		// parameter left empty) and throws before running anything. Report it like a node
		// error, with the issues n8n found (also in error.description).
		if (!(error instanceof WorkflowHasIssuesError)) throw error;
		const issues = workflowExecute.checkReadyForExecution(workflow, { startNode: SOURCE_NODE_NAME });
		error.issues = issues;
		error.description ??= `Issues: ${JSON.stringify(issues)}`;
		return { items: [], outputs: [], error, issues, runData: {}, run: undefined, credentialsHelper };
	}

	const runData = run.data.resultData.runData ?? {};
	const taskData = runData[nodeName]?.[0];
	const outputs = taskData?.data?.main?.map((output) => output ?? []) ?? [];
	const error = taskData?.error ?? runData[SOURCE_NODE_NAME]?.[0]?.error ?? run.data.resultData.error;

	return {
		items: outputs[0] ?? [],
		outputs,
		error: error ?? undefined,
		runData,
		run,
		credentialsHelper,
	};
}

// ---- load options / list search ---------------------------------------------------

function createLoadOptionsContext(options) {
	setupContainer();
	const { parameters = {}, credentials = {}, credentialTypes = [], path = 'parameters' } = options;
	const { nodeType, typeName, version } = resolveNodeUnderTest(options);
	const credentialsHelper = prepareCredentialsHelper({
		credentialsHelper: options.credentialsHelper,
		credentials,
		credentialTypes,
	});
	const nodeTypes = createNodeTypes({ [typeName]: nodeType });
	const versioned = nodeTypes.getByNameAndVersion(typeName, version);

	// Same temp workflow the CLI's DynamicNodeParametersService builds.
	const credentialTypeNames = [...new Set([...Object.keys(credentials), ...credentialsHelper.storedTypes()])];
	const node = {
		parameters: deepCopy(parameters),
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: typeName,
		typeVersion: version,
		position: [0, 0],
	};
	if (credentialTypeNames.length) node.credentials = nodeCredentialsFor(credentialTypeNames);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	// The editor sends the node's parameters as shown in the NDV, i.e. with defaults
	// filled in; the Workflow constructor just did the same to the temp node.
	const additionalData = buildAdditionalData({
		credentialsHelper,
		hooks: undefined,
		executionId: undefined,
		currentNodeParameters: deepCopy(workflow.nodes['Temp-Node'].parameters),
	});
	const context = new LoadOptionsContext(workflow, workflow.nodes['Temp-Node'], additionalData, path);
	return { context, nodeType: versioned, credentialsHelper };
}

function getMethod(nodeType, kind, methodName) {
	const method = nodeType.methods?.[kind]?.[methodName];
	if (typeof method !== 'function') {
		throw new UnexpectedError(`Node type does not have method "${methodName}" in methods.${kind}`, {
			tags: { nodeType: nodeType.description.name },
		});
	}
	return method;
}

async function runLoadOptions(options = {}) {
	const { context, nodeType } = createLoadOptionsContext(options);
	const method = getMethod(nodeType, 'loadOptions', options.methodName);
	return await method.call(context);
}

async function runListSearch(options = {}) {
	const { context, nodeType } = createLoadOptionsContext(options);
	const method = getMethod(nodeType, 'listSearch', options.methodName);
	return await method.call(context, options.filter, options.paginationToken);
}

// ---- credential test --------------------------------------------------------------

function findCredentialTest(credentialType, node) {
	if (credentialType.test) return { testRequest: credentialType.test };
	if (!node) return undefined;
	const nodeType = instantiate(node);
	const versions = nodeType.nodeVersions ? Object.values(nodeType.nodeVersions) : [nodeType];
	for (const versionType of versions) {
		for (const { name, testedBy } of versionType.description.credentials ?? []) {
			if (name !== credentialType.name || !testedBy) continue;
			if (typeof testedBy === 'string') {
				const fn = versionType.methods?.credentialTest?.[testedBy];
				if (typeof fn === 'function') return fn;
				continue;
			}
			return { nodeType: versionType, testRequest: testedBy };
		}
	}
	return undefined;
}

async function testCredential(options = {}) {
	const { data = {}, credentialTypes = [], node } = options;
	if (!options.credentialType) throw new UnexpectedError('testCredential: `credentialType` is required');
	setupContainer();
	const credentialType = instantiate(options.credentialType);
	const credentialsHelper = prepareCredentialsHelper({
		credentialsHelper: options.credentialsHelper,
		credentialTypes: [credentialType, ...credentialTypes],
	});
	// The credential under test is what gets stored (a preAuthentication token lands here).
	credentialsHelper.setCredentials({ [credentialType.name]: data });

	const credentialTest = findCredentialTest(credentialType, node);
	if (credentialTest === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const { id, name } = HarnessCredentialsHelper.nodeCredentialsFor(credentialType.name);
	const credentialsDecrypted = { id, name, type: credentialType.name, data: deepCopy(data) };
	const baseAdditionalData = buildAdditionalData({ credentialsHelper, hooks: undefined, executionId: undefined });
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			baseAdditionalData,
			credentialsDecrypted.data,
			credentialType.name,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: error.message.toString() };
	}

	if (typeof credentialTest === 'function') {
		return await credentialTest.call(new CredentialTestContext(), credentialsDecrypted);
	}

	// n8n uses the node that declared the test, else its noOp node.
	const baseNodeType = credentialTest.nodeType ?? {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		},
	};
	const { description } = baseNodeType;
	const nodeTypeCopy = {
		description: {
			...description,
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialTest.testRequest.request },
					default: '',
				},
			],
		},
	};
	const testNode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: description.name,
		typeVersion: Array.isArray(description.version) ? description.version.slice(-1)[0] : description.version,
		position: [0, 0],
		credentials: { [credentialType.name]: { id, name } },
	};
	const workflow = new Workflow({
		nodes: [testNode],
		connections: {},
		active: false,
		nodeTypes: createNodeTypes({ [description.name]: nodeTypeCopy }),
	});
	const tempNode = workflow.nodes['Temp-Node'];
	const executeData = { node: tempNode, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		tempNode,
		baseAdditionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		// n8n's CredentialsTester reads error.cause.response (the axios error). In
		// n8n-workflow 1.120 NodeApiError drops that cause (its `cause` class field resets
		// what Error's constructor set), so we fall back to the NodeApiError's httpCode and
		// the standard status text; the rules applied are n8n's.
		const response =
			error.cause?.response ??
			(error.httpCode && /^\d{3}$/.test(String(error.httpCode))
				? { status: Number(error.httpCode), statusText: http.STATUS_CODES[Number(error.httpCode)] }
				: undefined);
		if (response) {
			const statusCode = response.status;
			const statusMessage = response.statusText;
			for (const rule of credentialTest.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}

	if (Array.isArray(credentialTest.testRequest.rules)) {
		for (const rule of credentialTest.testRequest.rules) {
			if (rule.type === 'responseSuccessBody') {
				const responseData = response?.[0]?.[0]?.json;
				if (get(responseData, rule.properties.key) === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

// ---- secret watch ------------------------------------------------------------------

/**
 * Runs one harness call under the secret watch (secret-watch.js): its output, error and
 * n8n's log lines during the call must hold no credential secret or customer password/PIN.
 * The credentials helper is made here when the caller gave none, so that the watch can read
 * what was stored (tokens n8n fetched included).
 */
function watched(what, fn) {
	return async (options = {}) => {
		// the harness's own fixture node (harness.test.js) echoes what it received on purpose
		if (options.node === HarnessFixture || options.node instanceof HarnessFixture) return await fn(options);
		setupContainer();
		const credentialType = options.credentialType ? [instantiate(options.credentialType)] : [];
		const credentialsHelper = prepareCredentialsHelper({
			credentialsHelper: options.credentialsHelper,
			credentials: options.credentials ?? {},
			credentialTypes: [...credentialType, ...(options.credentialTypes ?? [])],
		});
		const fromRecord = secretWatch.mark();
		const watch = {
			fromRecord,
			secretsBefore: secretWatch.credentialSecrets(credentialsHelper),
			credentialsHelper,
			parameters: options.parameters,
			items: options.items,
		};
		let result;
		try {
			result = await fn({ ...options, credentialsHelper });
		} catch (error) {
			secretWatch.check(what, { ...watch, error });
			throw error;
		}
		secretWatch.check(what, { ...watch, result });
		return result;
	};
}

module.exports = {
	setDefaultTypeVersion,
	runNode: watched('runNode', runNode),
	runLoadOptions: watched('runLoadOptions', runLoadOptions),
	runListSearch: watched('runListSearch', runListSearch),
	testCredential: watched('testCredential', testCredential),
	createCredentialsHelper,
	HarnessCredentialsHelper,
	deduplicationStore,
	createDeduplicationStore,
	HarnessDeduplicationHelper,
	SOURCE_NODE_NAME,
};
