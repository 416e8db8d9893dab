'use strict';
/**
 * Test implementation of n8n-workflow's ICredentialsHelper, i.e. the object n8n-core
 * reaches through `additionalData.credentialsHelper` whenever a node asks for
 * credentials or makes an authenticated request.
 *
 * In n8n itself this is `CredentialsHelper` in the CLI package
 * (packages/cli/src/credentials-helper.ts), which reads encrypted credentials from the
 * database. This class mirrors its logic method by method, with an in-memory store of
 * plain (already decrypted) data instead of the database:
 *
 *  - getDecrypted:  stored data -> defaults of the credential type's properties
 *                   (NodeHelpers.getNodeParameters, like applyDefaultsAndOverwrites) ->
 *                   expressions in the data resolved (per item when n8n-core passes
 *                   expressionResolveValues, else against a mock workflow). raw=true
 *                   returns the stored data as is. Always a copy.
 *  - authenticate:  credentialType.authenticate as a function is called; the generic
 *                   form ({type:'generic', properties:{headers,qs,body,auth}}) has keys
 *                   and values resolved with workflow.expression.getSimpleParameterValue
 *                   and {$credentials} and written into requestOptions[outer][key].
 *  - preAuthentication: needs a property with type 'hidden' and typeOptions.expirable;
 *                   calls credentialType.preAuthentication with `helpers` as `this` when
 *                   that property is '' or credentialsExpired is true (or the node is the
 *                   credential-test noOp node); ignores output that lacks the expirable
 *                   property; persists through updateCredentials and returns the merged
 *                   data.
 *  - getParentTypes / getCredentialsProperties: `extends` chains like the CLI's
 *                   CredentialTypes (parents that are not registered are skipped).
 *
 * Store: what the CLI keeps in the database, i.e. the data encrypted with n8n-core's real
 * Credentials/Cipher and the instance encryption key; updateCredentials writes it back,
 * so a token cached by preAuthentication is what the next getDecrypted returns.
 *
 * Counters for tests: preAuthenticationCalls (times a credential's preAuthentication hook
 * ran), preAuthenticationCallsByType, preAuthenticationRequests (every call n8n-core made:
 * { typeName, nodeName, credentialsExpired }), authenticateCalls, updateCredentialsCalls.
 * getStoredData(type) returns the stored (raw) data.
 */
require('./env');
const { Credentials, getAdditionalKeys } = require('n8n-core');
const {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	UnexpectedError,
	deepCopy,
} = require('n8n-workflow');

const isExpression = (value) => typeof value === 'string' && value.charAt(0) === '=';

function instantiate(typeOrClass) {
	return typeof typeOrClass === 'function' ? new typeOrClass() : typeOrClass;
}

/** Minimal stand-in for the CLI's CredentialTypes service. */
class CredentialTypes {
	constructor(types = []) {
		this.types = new Map();
		for (const type of types) this.add(type);
	}

	add(typeOrClass) {
		const type = instantiate(typeOrClass);
		if (!type || typeof type.name !== 'string') {
			throw new UnexpectedError('Credential type must be an ICredentialType (instance or class) with a name');
		}
		this.types.set(type.name, type);
		return type;
	}

	recognizes(name) {
		return this.types.has(name);
	}

	getByName(name) {
		const type = this.types.get(name);
		if (!type) {
			throw new UnexpectedError(
				`Unknown credential type "${name}": pass it to the harness in credentialTypes`,
				{ tags: { credentialType: name } },
			);
		}
		return type;
	}

	/** Same walk as the CLI's CredentialTypes.getParentTypes. */
	getParentTypes(name) {
		const extendsArr = this.types.get(name)?.extends ?? [];
		if (extendsArr.length === 0) return [];
		const result = [...extendsArr];
		for (const parent of extendsArr) result.push(...this.getParentTypes(parent));
		return result;
	}
}

// Same mock node/node-types the CLI uses to resolve credential expressions outside of
// an execution (e.g. when testing a credential).
const mockNode = {
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};
const mockNodeTypes = {
	getKnownTypes: () => ({}),
	getByName: (type) => (type === 'mock' ? { description: { properties: [] } } : undefined),
	getByNameAndVersion: (type) => {
		if (type !== 'mock') throw new UnexpectedError('Unknown node type', { tags: { nodeType: type } });
		return { description: { properties: [] } };
	},
};

class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {object} [options]
	 * @param {Record<string, object>} [options.credentials] { [credentialTypeName]: plain data }
	 * @param {Array} [options.credentialTypes] ICredentialType instances or classes
	 * @param {'stored'|'run'} [options.writeBack] what preAuthentication writes to the store:
	 *   'stored' (n8n 2.41.x, the default) the data stored now with the hook's output on top;
	 *   'run' (n8n 1.123.x) the whole credential as the run decrypted it, with the output on top
	 *   (so a change saved while the run went on is undone)
	 */
	constructor({ credentials = {}, credentialTypes = [], writeBack = 'stored' } = {}) {
		super();
		this.writeBack = writeBack;
		this.credentialTypes = new CredentialTypes(credentialTypes);
		/** @type {Map<string, string>} credential id -> stored data, encrypted like in n8n's DB */
		this.store = new Map();
		this.storedTypeNames = new Set();
		this.preAuthenticationCalls = 0;
		this.preAuthenticationCallsByType = {};
		this.preAuthenticationRequests = [];
		this.authenticateCalls = 0;
		this.updateCredentialsCalls = 0;
		this.setCredentials(credentials);
	}

	// ---- harness API -------------------------------------------------------------

	addCredentialTypes(types = []) {
		for (const type of types) this.credentialTypes.add(type);
	}

	/** Stores plain data for each credential type name (replacing what was stored). */
	setCredentials(credentials = {}) {
		for (const [type, data] of Object.entries(credentials)) {
			const { id, name } = HarnessCredentialsHelper.nodeCredentialsFor(type);
			const credentials = new Credentials({ id, name }, type);
			credentials.setData(deepCopy(data ?? {}));
			this.store.set(id, credentials.getDataToSave().data);
			this.storedTypeNames.add(type);
		}
	}

	/** Credential type names that have stored data. */
	storedTypes() {
		return [...this.storedTypeNames];
	}

	hasCredentials(type) {
		return this.store.has(HarnessCredentialsHelper.credentialIdFor(type));
	}

	/** The raw stored data of a credential type (a copy), e.g. to see a cached token. */
	getStoredData(type) {
		if (!this.hasCredentials(type)) return undefined;
		const nodeCredentials = HarnessCredentialsHelper.nodeCredentialsFor(type);
		return new Credentials(nodeCredentials, type, this.store.get(nodeCredentials.id)).getData();
	}

	/** What the harness puts into node.credentials[type]. */
	static nodeCredentialsFor(type) {
		return { id: HarnessCredentialsHelper.credentialIdFor(type), name: `${type} (harness)` };
	}

	static credentialIdFor(type) {
		return `harness-${type}`;
	}

	// ---- ICredentialsHelper --------------------------------------------------------

	getParentTypes(name) {
		return this.credentialTypes.getParentTypes(name);
	}

	async authenticate(credentials, typeName, incomingRequestOptions, workflow, node) {
		this.authenticateCalls++;
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);

		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				return await credentialType.authenticate(credentials, requestOptions);
			}

			if (typeof credentialType.authenticate === 'object') {
				if (!workflow || !node) {
					throw new UnexpectedError(
						'Workflow and node are required for declarative credential authentication',
					);
				}
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) requestOptions.headers = {};

				if (authenticate.type === 'generic') {
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue)) {
							const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
							const valueResolved = this.resolveValue(
								value,
								{ $credentials: credentials },
								workflow,
								node,
							);
							if (!requestOptions[outerKey]) requestOptions[outerKey] = {};
							requestOptions[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}

		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		// Every call n8n-core makes, whether or not the credential's hook then runs.
		this.preAuthenticationRequests.push({ typeName, nodeName: node?.name, credentialsExpired });
		const credentialType = this.credentialTypes.getByName(typeName);

		const expirableProperty = (credentialType.properties ?? []).find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// The CLI's credential test runs a noOp node whose only parameter is `temp`.
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication !== 'function') return undefined;

		if (
			credentials[expirableProperty.name] === '' ||
			credentialsExpired ||
			isTestingCredentials
		) {
			this.preAuthenticationCalls++;
			this.preAuthenticationCallsByType[typeName] =
				(this.preAuthenticationCallsByType[typeName] ?? 0) + 1;

			const output = await credentialType.preAuthentication.call(helpers, credentials);

			// Like n8n: output without the expirable property is not persisted nor used.
			if (!output || output[expirableProperty.name] === undefined) return undefined;

			if (node.credentials && this.writeBack === 'run') {
				// n8n 1.123.x: updateCredentials(…, Object.assign(credentials, output))
				const nodeCredentials = node.credentials[credentialType.name];
				await this.updateCredentials(nodeCredentials, credentialType.name, Object.assign(credentials, output));
				return Object.assign(credentials, output);
			}
			if (node.credentials) {
				const nodeCredentials = node.credentials[credentialType.name];
				// n8n 2.41.x: persist onto the raw stored data, never replacing a field stored as an
				// expression with the value it resolved to in this run.
				const storedData = (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
				const dataToPersist = { ...storedData };
				for (const [key, value] of Object.entries(output)) {
					if (key === expirableProperty.name || !isExpression(storedData[key])) {
						dataToPersist[key] = value;
					}
				}
				await this.updateCredentials(nodeCredentials, credentialType.name, dataToPersist);
				return Object.assign(credentials, output);
			}
		}
		return undefined;
	}

	/** Same as the CLI: only strings starting with '=' are expressions. */
	resolveValue(parameterValue, additionalKeys, workflow, node) {
		if (!isExpression(parameterValue)) return parameterValue;

		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	/**
	 * Like the CLI: an n8n-core Credentials object built from the stored (encrypted) data.
	 * The store keeps what the database would: data encrypted with n8n-core's real Cipher
	 * and the instance's encryption key.
	 */
	async getCredentials(nodeCredentials, type) {
		const encrypted = this.getEncryptedOrThrow(nodeCredentials, type);
		return new Credentials(
			{ id: nodeCredentials.id, name: nodeCredentials.name ?? `${type} (harness)` },
			type,
			encrypted,
		);
	}

	getEncryptedOrThrow(nodeCredentials, type) {
		if (!nodeCredentials?.id) {
			throw new UnexpectedError('Found credential with no ID.', {
				extra: { credentialName: nodeCredentials?.name },
				tags: { credentialType: type },
			});
		}
		const encrypted = this.store.get(nodeCredentials.id);
		if (encrypted === undefined) {
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}": pass it in credentials`,
			);
		}
		return encrypted;
	}

	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const decryptedDataOriginal = credentials.getData();
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** The CLI's applyDefaultsAndOverwrites, without credential overwrites/external secrets. */
	async applyDefaultsAndOverwrites(
		additionalData,
		decryptedDataOriginal,
		type,
		mode,
		executeData,
		expressionResolveValues,
	) {
		const credentialsProperties = this.getCredentialsProperties(type);

		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			decryptedDataOriginal,
			true,
			false,
			null,
			null,
		);

		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		if (
			decryptedData.allowedHttpRequestDomains === undefined &&
			decryptedDataOriginal.allowedHttpRequestDomains !== undefined
		) {
			decryptedData.allowedHttpRequestDomains = decryptedDataOriginal.allowedHttpRequestDomains;
		}
		if (decryptedData.allowedDomains === undefined && decryptedDataOriginal.allowedDomains !== undefined) {
			decryptedData.allowedDomains = decryptedDataOriginal.allowedDomains;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { secretsEnabled: false });

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				);
			} catch (e) {
				e.message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [{ ...mockNode }],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			);
		}

		return decryptedData;
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.updateCredentialsCalls++;
		const credentials = await this.getCredentials(nodeCredentials, type);
		credentials.setData(data);
		this.store.set(credentials.id, credentials.getDataToSave().data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		const credentials = await this.getCredentials(nodeCredentials, type);
		credentials.updateData({ oauthTokenData: data.oauthTokenData });
		this.store.set(credentials.id, credentials.getDataToSave().data);
	}

	getCredentialsProperties(type) {
		const credentialTypeData = this.credentialTypes.getByName(type);

		if (credentialTypeData.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialTypeData.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return credentialTypeData.properties;
		}

		const combineProperties = [];
		for (const parentName of credentialTypeData.extends) {
			// Parents such as oAuth2Api live in n8n-nodes-base, which is not installed;
			// when a test does not register them, only the child's own properties count.
			if (!this.credentialTypes.recognizes(parentName)) continue;
			NodeHelpers.mergeNodeProperties(combineProperties, this.getCredentialsProperties(parentName));
		}
		NodeHelpers.mergeNodeProperties(combineProperties, credentialTypeData.properties);
		return combineProperties;
	}
}

module.exports = { HarnessCredentialsHelper, CredentialTypes, instantiate };
