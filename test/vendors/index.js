// @ts-check
'use strict';
/**
 * The vendors, for every test and tool: the shared suites, the sandbox (test/sandbox), the e2e
 * credentials and manifest (test/e2e), the queue scenario (test/queue) and the bench all read
 * REGISTRY. A fifth vendor = its sandbox module (test/sandbox/<id>.js), its profile
 * (test/vendors/<id>.js), its node folder and one line in REGISTRY; vendor-specific behaviour
 * tests stay in test/<vendor>*.test.js. package.json's `n8n` block lists the same nodes and
 * credentials (n8n reads it; test/registry.test.js checks it matches).
 */

/**
 * @typedef {object} RegistryEntry
 * @property {string} id the sandbox's vendor name; test/sandbox/<id>.js and test/vendors/<id>.js
 * @property {string} vendorName how the node names the vendor (errors start with it; workflows name nodes after it)
 * @property {string} node the node's folder and class: nodes/<node>/<node>.node.ts
 * @property {string} credential the credential's class: credentials/<credential>.credentials.ts
 * @property {string} credentialType the credential type's name (what workflows and n8n's import use)
 */

/** @type {RegistryEntry[]} */
const REGISTRY = [
	{ id: 'hyfin', vendorName: 'Hyfin', node: 'Hyfin', credential: 'HyfinApi', credentialType: 'hyfinApi' },
	{ id: 'riverty', vendorName: 'Riverty', node: 'Riverty', credential: 'RivertyApi', credentialType: 'rivertyApi' },
	{ id: 'valomnia', vendorName: 'Valomnia', node: 'ReferenceCustomers', credential: 'ReferenceCustomersApi', credentialType: 'referenceCustomersApi' },
	{ id: 'clienttoolbox', vendorName: 'Client Toolbox', node: 'Loyalty', credential: 'LoyaltyApi', credentialType: 'loyaltyApi' },
];

/**
 * Where a shared suite sends a fault or looks for requests: the vendor and, optionally, the
 * method and a part of the path (test/sandbox/faults.js).
 * @typedef {{ vendor: string, method?: string, path?: string }} Scope
 */

/**
 * A request as the sandbox recorded it (test/sandbox/index.js).
 * @typedef {{ vendor: string | null, method: string, path: string, rawPath: string, headers: Record<string, any>, rawBody: string, json?: any, form?: Record<string, any>, status?: number }} SandboxRequest
 */

/** @typedef {any} Sandbox the running sandbox (startSandbox in test/sandbox/index.js) */
/** @typedef {Record<string, any>} Parameters a node's parameters */

/**
 * One vendor's profile for the shared suites (bad input, validate only, secrets, error output,
 * faults, hostile faults, pacing, look-ups); test/vendors/hyfin.js is a complete one.
 *
 * @typedef {object} VendorProfile
 *
 * identity
 * @property {string} id the sandbox's vendor name (REGISTRY's id)
 * @property {string} vendorName how errors start
 * @property {'json' | 'xml'} format the default reply format
 * @property {new () => any} Node the built node class
 * @property {new () => any} Credential the built credential class
 * @property {string} credentialType
 *
 * sandbox and credential
 * @property {(sb: Sandbox) => void} configure makes the sandbox accept the profile's credential
 * @property {(sb: Sandbox, extra?: Record<string, any>) => Record<string, any>} credentialData the credential's fields
 * @property {string[]} urlFields the credential fields that hold an address (baseUrl, tokenUrl, endpoint): refused with a user:password@ in it
 * @property {string} secretField the credential field holding the secret
 * @property {(sb: Sandbox, secret: string) => void} acceptSecret makes the sandbox accept another secret
 * @property {Record<string, any>} wrongCredential credential fields the sandbox refuses
 * @property {(sb: Sandbox) => string[]} secrets every secret a run may handle, issued tokens and sessions included
 * @property {Scope} credentialTestScope the fault scope of n8n's credential Test request
 * @property {boolean} [secretInHeader] the secret travels in a header: test secrets are ASCII
 * @property {(sb: Sandbox) => void} [expireLogin] login vendors: the sandbox refuses the tokens or sessions it issued
 * @property {string[]} [credentialFormFields] form fields n8n adds when applying the credential
 * @property {Record<string, any>} [account] the credential's fixed values, for tests that look for them on the wire
 *
 * valid parameters
 * @property {(options?: Record<string, any>) => Parameters} params an upsert whose values all come from the item
 * @property {(i: number, prefix?: string) => { key: string } & Record<string, any>} item item i, with a distinct key
 *
 * the requests
 * @property {(req: SandboxRequest) => boolean} isUpsert
 * @property {(req: SandboxRequest) => boolean} isLogin
 * @property {Scope} upsertScope fault scope of the upserts
 * @property {Scope | null} loginScope fault scope of the login; null without one
 * @property {boolean} [loginRetried] the login request is resent on 429, 5xx and lost connections
 * @property {(req: SandboxRequest) => string | undefined} keyOf the upsert key a request carries
 * @property {(sb: Sandbox) => string[]} recordKeys the keys the sandbox stored
 * @property {string} [pathPrefix] when the key is the last path segment
 *
 * replies
 * @property {Record<string, any>} malformedFault a 200 whose body cannot be read
 * @property {{ badBody: RegExp, htmlBody: RegExp }} problems how the node names those bodies
 * @property {(key: string, extra?: Record<string, any>) => Record<string, any>} successReply one-shot sandbox fault: a success
 * @property {(text: string) => Record<string, any>} errorReply one-shot sandbox fault: an error saying `text`
 *
 * bad input
 * @property {Array<Record<string, any>>} fields one row per parameter (test/helpers/bad-input.js)
 * @property {{ params: (jsonBody: string, options?: Record<string, any>) => Parameters, body: Record<string, any>, inside: string[], sentAsGiven: boolean }} jsonMode JSON-body samples
 * @property {Array<[string, string, Parameters]>} conditional the documented rules between fields: what, the field the error names, parameters
 * @property {{ params: (p: Parameters) => Parameters, names: RegExp, jsonBodies: (pw: string, pin: string) => string[] }} [customerSecrets] secrets the items carry: where they go, how errors name them, JSON bodies with them the node must refuse
 *
 * error provocations
 * @property {(sb: Sandbox) => void} echoSecrets the vendor repeats what it received in its errors
 * @property {{ configure: (sb: Sandbox, items?: any[]) => void, params?: (p: Parameters) => Parameters }} provokeRefusal a 4xx for the next upserts
 * @property {{ configure?: (sb: Sandbox) => void, parameters: Parameters, items: Array<Record<string, any>>, refused: { httpCode: string, message: RegExp }, invalid: RegExp }} errorOutput a success, a vendor refusal, a refusal before sending, a success
 * @property {{ configure: (sb: Sandbox) => void, issued: (sb: Sandbox) => string[], shows: RegExp }} [bareEcho] the vendor repeats an issued token or session alone: how to provoke it, what was issued, what the error shows instead
 * @property {{ what: string, params: (options: Record<string, any>) => Parameters, scope: Scope, isRequest: (req: SandboxRequest) => boolean, createdNames: (sb: Sandbox) => string[] }} [createWithoutKey] a create that must not be resent
 *
 * look-ups (test/lookups.test.js)
 * @property {{ get: { field: string, params: (options?: Record<string, any>) => Parameters, lookupOf: (upserted: Record<string, any>) => any, unknown: string, isRequest: (req: SandboxRequest) => boolean }, search?: { params: (prefix: string, paging: Record<string, any>, options?: Record<string, any>) => Parameters, isRequest: (req: SandboxRequest) => boolean } }} lookups
 *
 * cases
 * @property {{ faults?: VendorCase[], redirects?: VendorCase[], logins?: VendorCase[] }} [cases] tests only this vendor has, run by the shared fault suites
 */

/**
 * @typedef {object} VendorCase
 * @property {string} title
 * @property {(context: Record<string, any>) => Promise<void>} run gets the sandbox, the runners and the suite's constants
 */

/** @type {VendorProfile[] | undefined} */
let profiles;
/** The profiles, in REGISTRY's order; loaded on first use (they load the built nodes in dist/). */
function loadProfiles() {
	profiles ??= REGISTRY.map(({ id }) => require(`./${id}`));
	return profiles;
}

module.exports = {
	REGISTRY,
	/** @returns {VendorProfile[]} */
	get VENDORS() {
		return loadProfiles();
	},
	/** @returns {Record<string, VendorProfile>} */
	get byId() {
		return Object.fromEntries(loadProfiles().map((v) => [v.id, v]));
	},
};
