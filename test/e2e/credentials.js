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
// To add a vendor: one entry here, one workflow in examples/, one entry in manifest.js.

const HYFIN_TOKEN = 'e2e-hyfin-token-7f3a';

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
};

/** The n8n import:credentials list for the given credential types (all when omitted). */
function credentialsFor(sb, types = Object.keys(CREDENTIALS)) {
	return types.map((type) => {
		const c = CREDENTIALS[type];
		if (!c) throw new Error(`no sandbox credential for ${type} in test/e2e/credentials.js`);
		return { id: c.id, name: c.name, type, data: c.data(sb) };
	});
}

/** Sandbox config so that the sandbox accepts those credentials. */
function sandboxConfigFor(types = Object.keys(CREDENTIALS)) {
	return types.map((t) => CREDENTIALS[t].sandboxConfig || {});
}

function secretsFor(types = Object.keys(CREDENTIALS)) {
	return types.flatMap((t) => CREDENTIALS[t].secrets || []);
}

module.exports = { CREDENTIALS, credentialsFor, sandboxConfigFor, secretsFor, HYFIN_TOKEN };
