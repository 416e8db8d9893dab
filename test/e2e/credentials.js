'use strict';
// Credentials the example workflows use, pointed at the vendor sandbox.
//
// The ids and names are the ones the workflows in examples/ reference
// ("credentials": { "hyfinApi": { "id": ..., "name": ... } }), so that after
// `n8n import:credentials` + `import:workflow` they run as they are. A user
// importing an example picks their own credential in the node instead.
//
// Each entry: type (the credential type name), id, name, sandboxConfig (merged
// into the sandbox's config before the runs: the sandbox accepts exactly these
// secrets), data(sb) (the plain fields; n8n encrypts them on import) and secrets
// (strings that must never show up in n8n's output).
//
// The vendors are the registry's (test/vendors/index.js): every registered credential type
// needs its entry here, in CREDENTIALS; a workflow in examples/ and its entry in manifest.js
// show it running.

const { REGISTRY } = require('../vendors');

const HYFIN_TOKEN = 'e2e-hyfin-token-7f3a';
const RIVERTY_OAUTH_CLIENT = 'e2e-riverty-oauth-client';
const RIVERTY_OAUTH_SECRET = 'e2e-riverty-oauth-secret-51c9';
const RIVERTY_CLIENT_ID = 5150;
const RIVERTY_AUDIENCE = 'https://api.horizonafs.io';
const VALOMNIA_EMAIL = 'e2e-sync@valomnia.test';
const VALOMNIA_PASSWORD = 'e2e-valomnia-pass-8d2e';
const LOYALTY_USER = 'e2e-api-user';
const LOYALTY_KEY = 'e2e-loyalty-key-3b71a0';
const LOYALTY_ACCOUNT = 'e2e-shop';

const CREDENTIALS = {
	hyfinApi: {
		id: 'csHyfinAccount01',
		name: 'Hyfin account',
		// A header name and prefix other than the defaults (Authorization: Bearer), so the
		// test proves that n8n applies the credential's `authenticate` with the configured header.
		sandboxConfig: { hyfin: { tokens: [HYFIN_TOKEN], authHeader: 'x-access-token', authScheme: 'Token', siteIds: ['site-e2e'] } },
		data: (sb) => ({
			baseUrl: sb.baseUrl('hyfin'),
			siteId: 'site-e2e',
			accessToken: HYFIN_TOKEN,
			headerName: 'X-Access-Token',
			headerPrefix: 'Token',
		}),
		secrets: [HYFIN_TOKEN],
	},
	rivertyApi: {
		id: 'csRivertyAccount1',
		name: 'Riverty account',
		// Custom environment: base URL, token URL and audience point at the sandbox. The OAuth
		// client below is the only one the sandbox's token endpoint accepts.
		sandboxConfig: {
			riverty: {
				audience: RIVERTY_AUDIENCE,
				oauthClients: [{ clientId: RIVERTY_OAUTH_CLIENT, clientSecret: RIVERTY_OAUTH_SECRET, rivertyClientIds: [RIVERTY_CLIENT_ID] }],
			},
		},
		data: (sb) => ({
			environment: 'custom',
			baseUrl: sb.baseUrl('riverty', 'api'),
			tokenUrl: `${sb.baseUrl('riverty', 'identity')}/oauth/token`,
			audience: RIVERTY_AUDIENCE,
			oauthClientId: RIVERTY_OAUTH_CLIENT,
			oauthClientSecret: RIVERTY_OAUTH_SECRET,
			clientId: RIVERTY_CLIENT_ID,
		}),
		secrets: [RIVERTY_OAUTH_SECRET],
		// the access tokens the sandbox issued (n8n's preAuthentication stores them in the credential)
		issued: (state) => [...state.riverty.issued],
	},
	referenceCustomersApi: {
		id: 'csValomniaAccount1',
		name: 'Valomnia account',
		sandboxConfig: {
			valomnia: { users: [{ email: VALOMNIA_EMAIL, password: VALOMNIA_PASSWORD, firstName: 'Eve', lastName: 'Sync' }] },
		},
		data: (sb) => ({
			baseUrl: sb.baseUrl('valomnia'),
			apiVersion: 'v2.1',
			email: VALOMNIA_EMAIL,
			password: VALOMNIA_PASSWORD,
		}),
		secrets: [VALOMNIA_PASSWORD],
		// the session ids (JSESSIONID) the sandbox handed out at login
		issued: (state) => [...state.valomnia.sessions.keys()],
	},
	loyaltyApi: {
		id: 'csLoyaltyAccount1',
		name: 'Client Toolbox account',
		// the key in the api_access_key header (not the default form body), so the test proves
		// that n8n applies the credential's `authenticate` with the configured placement
		sandboxConfig: { clienttoolbox: { users: [{ user_id: LOYALTY_USER, key: LOYALTY_KEY, accounts: [LOYALTY_ACCOUNT] }] } },
		data: (sb) => ({
			endpoint: `${sb.baseUrl('clienttoolbox')}/api.php`,
			user_id: LOYALTY_USER,
			user_password: LOYALTY_KEY,
			account_id: LOYALTY_ACCOUNT,
			keyPlacement: 'header',
		}),
		secrets: [LOYALTY_KEY],
	},
};

/** Every registered vendor's credential type, in the registry's order. */
const ALL_TYPES = REGISTRY.map((v) => v.credentialType);
for (const type of ALL_TYPES) {
	if (!CREDENTIALS[type]) throw new Error(`no sandbox credential for ${type} in test/e2e/credentials.js`);
}

/** The n8n import:credentials list for the given credential types (all when omitted). */
function credentialsFor(sb, types = ALL_TYPES) {
	return types.map((type) => {
		const c = CREDENTIALS[type];
		if (!c) throw new Error(`no sandbox credential for ${type} in test/e2e/credentials.js`);
		return { id: c.id, name: c.name, type, data: c.data(sb) };
	});
}

/** Sandbox config so that the sandbox accepts those credentials. */
function sandboxConfigFor(types = ALL_TYPES) {
	return types.map((t) => CREDENTIALS[t].sandboxConfig || {});
}

/** The fixed secrets of those credentials, plus (given the sandbox state) the tokens and sessions issued so far. */
function secretsFor(types = ALL_TYPES, state = null) {
	return types.flatMap((t) => [
		...(CREDENTIALS[t].secrets || []),
		...(state && CREDENTIALS[t].issued ? CREDENTIALS[t].issued(state) : []),
	]);
}

module.exports = {
	CREDENTIALS,
	credentialsFor,
	sandboxConfigFor,
	secretsFor,
	HYFIN_TOKEN,
	RIVERTY_OAUTH_CLIENT,
	RIVERTY_OAUTH_SECRET,
	RIVERTY_CLIENT_ID,
	RIVERTY_AUDIENCE,
	VALOMNIA_EMAIL,
	VALOMNIA_PASSWORD,
	LOYALTY_USER,
	LOYALTY_KEY,
	LOYALTY_ACCOUNT,
};
