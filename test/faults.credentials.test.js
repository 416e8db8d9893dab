'use strict';
/**
 * Fault suite, credentials as users change them (issue 19):
 *
 *  1. a user name and password typed into a credential address (https://user:password@host) is
 *     refused before any request, naming the field, on every path: the node's run, Validate Only
 *     and n8n's credential Test; the password never shows;
 *  2. a credential changed between two runs: the next run uses only the new values (a stored
 *     token or session obtained with the old ones is not sent; one login with the new ones);
 *  3. a credential changed while a run goes on: the run keeps the values it started with (no
 *     request mixes old and new), the user's change is not undone by the run's login (n8n 1.123
 *     writes the run's whole credential back, n8n 2.41 only the login's output: both are
 *     reproduced by the harness, `writeBack`), and the next run uses only the new values.
 *
 * TLS failures have their own suite (faults.tls.test.js: it needs a trusted test CA).
 */
const { VENDORS, byId } = require('./vendors');
const { newHelper, runVendor } = require('./helpers/run');
const { useSandbox } = require('./helpers/sandbox');
const { createCredentialsHelper, testCredential } = require('./harness');

const FAST = { maxTries: 1, maxRetryWait: 1 };
const PASSWORD_IN_URL = 'Us3rinfo-Pw-9f2e';

const sb = useSandbox();

/**
 * How a user name and password end up in an address: `https://host/x` becomes …
 * A password with "/", "?" or "#" makes the address parse as another host ("n8nuser", port 4431)
 * with the rest as its path: only the "@" shows what it is.
 */
const USERINFO_FORMS = [
	['"user:password@"', (url) => url.replace(/^(https?:\/\/)/i, `$1n8nuser:${PASSWORD_IN_URL}@`), true],
	['a password with "/" in it', (url) => url.replace(/^(https?:\/\/)/i, `$1n8nuser:4431/${PASSWORD_IN_URL}@`), true],
	['a password with "?" in it', (url) => url.replace(/^(https?:\/\/)/i, `$1n8nuser:${PASSWORD_IN_URL}?x@`), true],
	['a password with "#" in it', (url) => url.replace(/^(https?:\/\/)/i, `$1n8nuser:${PASSWORD_IN_URL}#x@`), true],
	// one slash after the scheme: refused as no http(s) address, or for its "@" (Valomnia adds https:// to bare hosts)
	['one slash after the scheme', (url) => url.replace(/^https?:\/\//i, `https:/n8nuser:${PASSWORD_IN_URL}@`), false],
];
const noPassword = (value) => expect(JSON.stringify(value ?? null)).not.toContain(PASSWORD_IN_URL);
const itemsFor = (vendor, n, prefix) => Array.from({ length: n }, (_, i) => vendor.item(i, prefix));

/**
 * A run of `count` items during which the user saves the credential: once `after` upserts have
 * reached the sandbox, `change` is stored over what the helper holds (hidden token fields kept,
 * as n8n's editor keeps them) and the vendor's token or session expires, so the run must log
 * in again. Returns the run's result; fails when the change did not happen during the run.
 */
async function runChangedMidway(vendor, helper, { count, prefix, after, change }) {
	let changed = false;
	const watch = setInterval(() => {
		if (!changed && sb.requests.filter(vendor.isUpsert).length >= after) {
			changed = true;
			helper.setCredentials({ [vendor.credentialType]: { ...helper.getStoredData(vendor.credentialType), ...change } });
			vendor.expireLogin?.(sb);
		}
	}, 5);
	try {
		const result = await runVendor(vendor, sb, { parameters: vendor.params({ ...FAST, maxTries: 3 }), items: itemsFor(vendor, count, prefix), credentialsHelper: helper });
		expect(changed).toBe(true);
		expect(result.items.map((i) => i.json.success)).toEqual(Array(count).fill(true));
		return result;
	} finally {
		clearInterval(watch);
	}
}

const urlCases = VENDORS.flatMap((vendor) =>
	vendor.urlFields.flatMap((field) => USERINFO_FORMS.map(([form, make, named]) => [`${vendor.vendorName} ${field}`, form, vendor, field, make, named])),
);

describe.each(urlCases)('%s with %s', (_title, _form, vendor, field, make, named) => {
	beforeEach(() => vendor.configure(sb));
	const data = () => {
		const plain = vendor.credentialData(sb);
		return vendor.credentialData(sb, { [field]: make(plain[field]) });
	};
	const helper = () => createCredentialsHelper({ credentials: { [vendor.credentialType]: data() }, credentialTypes: [new vendor.Credential()] });
	const refusal = new RegExp(
		named
			? `\\(${field}\\) of the .+ credential contains a user name or password`
			: `\\(${field}\\) of the .+ credential (contains a user name or password|must (start with|be an) http)`,
	);

	test('the run fails each item before any request, naming the field', async () => {
		const result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 2, 'UI'), continueOnFail: true, credentialsHelper: helper() });
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json.success).toBe(false);
			expect(item.json.error).toMatch(refusal);
			if (named) expect(item.json.error).toMatch(/put the sign-in values in the credential's own fields/);
		}
		expect(sb.requests).toEqual([]);
		noPassword(result.items);
	});

	test('Validate Only reports it on the field and shows no address with the password', async () => {
		const result = await runVendor(vendor, sb, { parameters: vendor.params({ validateOnly: true }), items: [vendor.item(0, 'UV')], credentialsHelper: helper() });
		const out = result.items[0].json;
		expect(out.valid).toBe(false);
		expect(out.errors).toEqual([expect.objectContaining({ field })]);
		expect(out.request).toBeNull();
		expect(sb.requests).toEqual([]);
		noPassword(result.items);
	});

	test("n8n's credential Test says what is wrong and sends nothing", async () => {
		const outcome = await testCredential({ credentialType: new vendor.Credential(), data: data() });
		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(refusal);
		expect(sb.requests).toEqual([]);
		noPassword(outcome);
	});
});

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: a secret changed between two runs', (_name, vendor) => {
	beforeEach(() => vendor.configure(sb));

	test('the next run sends only the new secret (a token or session of the old one is not used)', async () => {
		const helper = newHelper(vendor, sb);
		const first = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 3, 'R1'), credentialsHelper: helper });
		expect(first.items.map((i) => i.json.success)).toEqual([true, true, true]);
		const rotated = `${vendor.id}-rotated-secret-4b1d`;
		vendor.acceptSecret(sb, rotated);
		// the user saves the credential with the new secret; the hidden token/session stays stored
		helper.setCredentials({ [vendor.credentialType]: { ...helper.getStoredData(vendor.credentialType), [vendor.secretField]: rotated } });
		const before = sb.requests.length;
		const second = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 3, 'R2'), credentialsHelper: helper });
		expect(second.items.map((i) => i.json.success)).toEqual([true, true, true]);
		const run2 = sb.requests.slice(before);
		// nothing refused: no request went with the old secret, token or session
		expect(run2.filter((r) => r.status === 401 || r.status === 403)).toEqual([]);
		if (vendor.loginScope) {
			const logins = run2.filter(vendor.isLogin);
			expect(logins).toHaveLength(1);
			expect(logins[0].rawBody).toContain(encodeURIComponent(rotated));
		}
	});
});

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: a secret changed while a run goes on', (_name, vendor) => {
	beforeEach(() => vendor.configure(sb));
	// as it is (a header, JSON), or form-encoded (a login or Client Toolbox form)
	const carries = (req, secret) =>
		`${JSON.stringify(req.headers)}\n${req.rawBody}`.includes(secret) || req.rawBody.includes(new URLSearchParams({ s: secret }).toString().slice(2));

	test('the run sends only the secret it started with, the next run only the new one', async () => {
		const old = vendor.credentialData(sb)[vendor.secretField];
		const rotated = `${vendor.id}-rotated-during-run-8e2a`;
		const helper = newHelper(vendor, sb);
		sb.faults.set({ ...vendor.upsertScope, latencyMs: 20 });
		await runChangedMidway(vendor, helper, { count: 12, prefix: 'D1', after: 3, change: { [vendor.secretField]: rotated } });
		const run1 = [...sb.requests];
		expect(run1.filter((r) => carries(r, rotated))).toEqual([]);
		expect(run1.some((r) => carries(r, old))).toBe(true);
		expect(helper.getStoredData(vendor.credentialType)[vendor.secretField]).toBe(rotated);
		vendor.acceptSecret(sb, rotated);
		const second = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 2, 'D2'), credentialsHelper: helper });
		expect(second.items.map((i) => i.json.success)).toEqual([true, true]);
		const run2 = sb.requests.slice(run1.length);
		expect(run2.filter((r) => carries(r, old))).toEqual([]);
		expect(run2.some((r) => carries(r, rotated))).toBe(true);
	});
});

describe.each(VENDORS.filter((v) => v.loginScope).map((v) => [v.vendorName, v]))('%s: a secret saved while the login is on its way', (_name, vendor) => {
	beforeEach(() => vendor.configure(sb));

	test.each([
		['n8n 1.123', 'run'],
		['n8n 2.41', 'stored'],
	])('the change is kept (%s), the run still gets its answer', async (_line, writeBack) => {
		const rotated = `${vendor.id}-saved-mid-login-3f7b`;
		const helper = createCredentialsHelper({ credentials: { [vendor.credentialType]: vendor.credentialData(sb) }, credentialTypes: [new vendor.Credential()], writeBack });
		sb.faults.set({ ...vendor.loginScope, latencyMs: 300 });
		const save = setTimeout(() => {
			helper.setCredentials({ [vendor.credentialType]: { ...helper.getStoredData(vendor.credentialType), [vendor.secretField]: rotated } });
		}, 100);
		let result;
		try {
			result = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: [vendor.item(0, 'ML')], credentialsHelper: helper });
		} finally {
			clearTimeout(save);
		}
		expect(result.items[0].json.success).toBe(true);
		expect(sb.requests.filter(vendor.isLogin).filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(helper.getStoredData(vendor.credentialType)[vendor.secretField]).toBe(rotated);
	});
});

describe('Riverty: another OAuth client and Riverty Client ID', () => {
	const vendor = byId.riverty;
	const B = { oauthClientId: 'riverty-oauth-client-b', oauthClientSecret: 'riverty-secret-b-71c3', clientId: 5678 };
	beforeEach(() => {
		const a = vendor.credentialData(sb);
		sb.configure({
			riverty: {
				oauthClients: [
					{ clientId: a.oauthClientId, clientSecret: a.oauthClientSecret, rivertyClientIds: [a.clientId] },
					{ clientId: B.oauthClientId, clientSecret: B.oauthClientSecret, rivertyClientIds: [B.clientId] },
				],
			},
		});
	});
	const tokenClients = (requests) => requests.filter(vendor.isLogin).map((r) => new URLSearchParams(r.rawBody).get('client_id'));
	// every customer call (the profile's isUpsert knows only the first client's id)
	const pathClients = (requests) => [
		...new Set(requests.filter((r) => r.vendor === 'riverty' && r.method === 'PUT').map((r) => /\/clients\/(\d+)\//.exec(r.rawPath)[1])),
	];

	test('between two runs: one token request with the new client, no 403', async () => {
		const helper = newHelper(vendor, sb);
		await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 2, 'C1'), credentialsHelper: helper });
		helper.setCredentials({ rivertyApi: { ...helper.getStoredData('rivertyApi'), ...B } });
		const before = sb.requests.length;
		const second = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 4, 'C2'), credentialsHelper: helper });
		expect(second.items.map((i) => i.json.success)).toEqual([true, true, true, true]);
		const run2 = sb.requests.slice(before);
		expect(run2.filter((r) => r.status === 403)).toEqual([]);
		expect(tokenClients(run2)).toEqual([B.oauthClientId]);
		expect(pathClients(run2)).toEqual(['5678']);
		// the token stored now is bound to the new values: a third run sends it at once
		const third = sb.requests.length;
		await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 1, 'C3'), credentialsHelper: helper });
		expect(tokenClients(sb.requests.slice(third))).toEqual([]);
	});

	test.each([
		['n8n 1.123 (the run writes its whole credential back)', 'run'],
		['n8n 2.41 (only the login output is written)', 'stored'],
	])('changed during a run, %s: the run keeps its values, the change stays, the next run uses it', async (_line, writeBack) => {
		const helper = createCredentialsHelper({ credentials: { rivertyApi: vendor.credentialData(sb) }, credentialTypes: [new vendor.Credential()], writeBack });
		const a = vendor.credentialData(sb);
		sb.faults.set({ ...vendor.upsertScope, latencyMs: 25 });
		await runChangedMidway(vendor, helper, { count: 16, prefix: 'M1', after: 4, change: B });
		// no request of this run mixed the values: every token request and upsert is client A's
		expect(tokenClients(sb.requests)).toEqual([a.oauthClientId, a.oauthClientId]);
		expect(pathClients(sb.requests)).toEqual([String(a.clientId)]);
		// the user's change was not undone by the run's second login
		const stored = helper.getStoredData('rivertyApi');
		expect(stored).toMatchObject(B);
		// the next run: only client B
		const before = sb.requests.length;
		const second = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 3, 'M2'), credentialsHelper: helper });
		expect(second.items.map((i) => i.json.success)).toEqual([true, true, true]);
		const run2 = sb.requests.slice(before);
		expect(run2.filter((r) => r.status === 401 || r.status === 403)).toEqual([]);
		expect(tokenClients(run2)).toEqual([B.oauthClientId]);
		expect(pathClients(run2)).toEqual(['5678']);
	});
});

describe('Valomnia: another user', () => {
	const vendor = byId.valomnia;
	const B = { email: 'second-user@valomnia.test', password: 'Second-User-pw-5d8a' };
	beforeEach(() => {
		const a = vendor.credentialData(sb);
		sb.configure({
			valomnia: {
				users: [
					{ email: a.email, password: a.password, firstName: 'First', lastName: 'User' },
					{ ...B, firstName: 'Second', lastName: 'User' },
				],
			},
		});
	});
	const loginUsers = (requests) => requests.filter(vendor.isLogin).filter((r) => r.method === 'POST').map((r) => new URLSearchParams(r.rawBody).get('j_username'));
	const createdBy = (prefix) =>
		[...sb.state.valomnia.customers.values()].filter((c) => String(c.reference).startsWith(prefix)).map((c) => c.createdBy);

	test('between two runs: the next run logs in and acts as the new user', async () => {
		const helper = newHelper(vendor, sb);
		await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 2, 'U1'), credentialsHelper: helper });
		helper.setCredentials({ referenceCustomersApi: { ...helper.getStoredData('referenceCustomersApi'), ...B } });
		const before = sb.requests.length;
		const second = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 3, 'U2'), credentialsHelper: helper });
		expect(second.items.map((i) => i.json.success)).toEqual([true, true, true]);
		expect(loginUsers(sb.requests.slice(before))).toEqual([B.email]);
		expect(new Set(createdBy('U2'))).toEqual(new Set([B.email]));
	});

	test.each([
		['n8n 1.123', 'run'],
		['n8n 2.41', 'stored'],
	])('changed during a run (%s): the run stays the first user, the change stays, the next run is the new user', async (_line, writeBack) => {
		const a = vendor.credentialData(sb);
		const helper = createCredentialsHelper({ credentials: { referenceCustomersApi: a }, credentialTypes: [new vendor.Credential()], writeBack });
		sb.faults.set({ ...vendor.upsertScope, latencyMs: 25 });
		await runChangedMidway(vendor, helper, { count: 16, prefix: 'W1', after: 4, change: B });
		expect(new Set(loginUsers(sb.requests))).toEqual(new Set([a.email]));
		expect(new Set(createdBy('W1'))).toEqual(new Set([a.email]));
		expect(helper.getStoredData('referenceCustomersApi')).toMatchObject(B);
		const before = sb.requests.length;
		const second = await runVendor(vendor, sb, { parameters: vendor.params(FAST), items: itemsFor(vendor, 2, 'W2'), credentialsHelper: helper });
		expect(second.items.map((i) => i.json.success)).toEqual([true, true]);
		expect(loginUsers(sb.requests.slice(before))).toEqual([B.email]);
		expect(new Set(createdBy('W2'))).toEqual(new Set([B.email]));
	});
});
