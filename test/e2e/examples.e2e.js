'use strict';
// The example workflows in the real n8n application, on every n8n line we support.
//
// Per run: build, `npm pack`, the tarball installed with --omit=dev --omit=peer into a
// staging folder outside the clone (so n8n's own n8n-workflow is used), linked as
// <user folder>/.n8n/nodes/node_modules/n8n-nodes-customer-sync. The vendor sandbox runs
// in this process. Per n8n version: credentials imported once, all example workflows
// imported once, then each run of each workflow is one `n8n execute --id --rawOutput`.
//
// N8N_E2E_VERSIONS=1.123.81 limits the versions; a version that is not installed is
// installed by scripts/n8n-install.sh first (4-8 min). N8N_E2E_KEEP=1 keeps the temp
// folders (n8n logs in <user folder>/logs). Outputs: test-output/e2e/.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT, N8N_VERSIONS, ensureN8n, N8nSession } = require('../../scripts/lib/n8n');
const { buildAndStage } = require('../../scripts/lib/stage');
const { startSandbox } = require('../sandbox');
const { HYFIN_TOKEN } = require('./credentials');
const { changeCredential } = require('./credential-change');
const { EXAMPLES, prepare, runOnce, verify } = require('./runner');

const VERSIONS = process.env.N8N_E2E_VERSIONS ? process.env.N8N_E2E_VERSIONS.split(',').map((v) => v.trim()) : N8N_VERSIONS;
const INSTALL_TIMEOUT_MS = 40 * 60 * 1000;
const OUT_DIR = path.join(ROOT, 'test-output', 'e2e');
const log = (line) => process.stderr.write(`${line}\n`);

let workDir;
let staged;
let sb;
const timings = { started: new Date().toISOString(), stage: null, versions: {} };

beforeAll(async () => {
	fs.mkdirSync(OUT_DIR, { recursive: true });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-e2e-'));
	staged = await buildAndStage({ workDir, log });
	timings.stage = staged.timings;
	sb = await startSandbox({ port: 0, host: '127.0.0.1', quiet: true });
}, 10 * 60 * 1000);

afterAll(async () => {
	if (sb) await sb.close();
	fs.writeFileSync(path.join(OUT_DIR, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
	if (workDir && process.env.N8N_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
});

test('the npm tarball holds the built nodes and credentials, and no sources or tests', () => {
	const pkg = require(path.join(ROOT, 'package.json'));
	for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(staged.files).toContain(f);
	expect(staged.files.filter((f) => /^(test|nodes|credentials|scripts|examples)\//.test(f))).toEqual([]);
	expect(staged.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
});

describe.each(VERSIONS)('n8n %s', (version) => {
	let session;
	const versionDir = path.join(OUT_DIR, version);

	beforeAll(async () => {
		const runtime = await ensureN8n(version, { log });
		session = new N8nSession(runtime, { pkgDir: staged.pkgDir, workDir, log });
		await session.init();
		await prepare(session, sb, EXAMPLES);
		fs.mkdirSync(versionDir, { recursive: true });
	}, INSTALL_TIMEOUT_MS);

	afterAll(() => {
		if (!session) return;
		timings.versions[version] = session.timings;
		session.cleanup();
	});

	for (const example of EXAMPLES) {
		const memo = {};
		example.runs.forEach((run, i) => {
			test(`${example.title} (${example.file}): ${run.label}`, async () => {
				const r = await runOnce(session, sb, example, i, memo);
				fs.writeFileSync(
					path.join(versionDir, `${example.id}-run${i + 1}.json`),
					`${JSON.stringify({ status: r.result.status, error: r.result.error, counts: r.counts, nodes: r.result.nodes }, null, 2)}\n`,
				);
				verify(example, i, r);
			});
		});
	}

	test("a refused token fails the run with Hyfin's own message, sent once, the token kept out of the output", async () => {
		const tokens = [...sb.config.hyfin.tokens];
		sb.configure({ hyfin: { tokens: ['a-rotated-token'] } });
		try {
			const from = sb.requests.length;
			const r = await session.execute('csHyfinContact', { name: 'csHyfinContact-refused' });
			expect(r.ok).toBe(false);
			expect(r.code).toBe(1);
			expect(r.error.node).toBe('Add contact');
			expect(r.error.message).toMatch(/HTTP 401\).*invalid or missing access token/);
			// 401 is not retried, and nothing after the failing node ran
			expect(sb.requests.slice(from).map((q) => q.status)).toEqual([401]);
			expect(r.nodes['Update contact']).toBeUndefined();
			expect(JSON.stringify(r.execution)).not.toContain(HYFIN_TOKEN);
		} finally {
			sb.configure({ hyfin: { tokens } });
		}
	});

	test('a Riverty credential changed to another OAuth client and Riverty Client ID: the next run fetches one token with the new client, no 403', async () => {
		const B = { oauthClientId: 'e2e-riverty-client-b', oauthClientSecret: 'e2e-riverty-secret-b-0c41', clientId: 6160 };
		const clients = sb.config.riverty.oauthClients;
		sb.configure({ riverty: { oauthClients: [...clients, { clientId: B.oauthClientId, clientSecret: B.oauthClientSecret, rivertyClientIds: [B.clientId] }] } });
		// a run stores a token and what it is bound to
		expect((await session.execute('csRivertyCustomers', { name: 'csRivertyCustomers-before-change' })).ok).toBe(true);
		const before = await changeCredential(session, 'rivertyApi', B);
		expect(before.data.accessToken).toEqual(expect.any(String));
		expect(before.data.accessTokenFor).toMatch(/^v1\./);
		const from = sb.requests.length;
		const r = await session.execute('csRivertyCustomers', { name: 'csRivertyCustomers-changed' });
		expect(r.ok).toBe(true);
		expect(r.nodes['Upsert customer in Riverty'].map((json) => json.success)).toEqual([true, true]);
		const sent = sb.requests.slice(from);
		expect(sent.filter((q) => q.status === 401 || q.status === 403)).toEqual([]);
		const tokenRequests = sent.filter((q) => q.vendor === 'riverty' && q.rawPath.endsWith('/oauth/token'));
		expect(tokenRequests.map((q) => new URLSearchParams(q.rawBody).get('client_id'))).toEqual([B.oauthClientId]);
		expect(new Set(sent.filter((q) => q.method === 'PUT').map((q) => /\/clients\/(\d+)\//.exec(q.rawPath)[1]))).toEqual(new Set(['6160']));
		expect(JSON.stringify(r.execution)).not.toContain(B.oauthClientSecret);
	});

	test('a Valomnia credential changed to another user: the next run logs in and acts as that user', async () => {
		const B = { email: 'e2e-second-user@valomnia.test', password: 'e2e-second-pass-6a1f' };
		sb.configure({ valomnia: { users: [...sb.config.valomnia.users, { ...B, firstName: 'Second', lastName: 'User' }] } });
		expect((await session.execute('csValomniaCustomers', { name: 'csValomniaCustomers-before-change' })).ok).toBe(true);
		const before = await changeCredential(session, 'referenceCustomersApi', B);
		expect(before.data.sessionIdFor).toMatch(/^v1\./);
		const from = sb.requests.length;
		const r = await session.execute('csValomniaCustomers', { name: 'csValomniaCustomers-changed' });
		expect(r.ok).toBe(true);
		expect(r.nodes['Upsert customer in Valomnia'].map((json) => json.success)).toEqual([true, true]);
		const sent = sb.requests.slice(from);
		const logins = sent.filter((q) => q.method === 'POST' && q.rawPath.endsWith('/j_spring_security_check'));
		expect(logins.map((q) => new URLSearchParams(q.rawBody).get('j_username'))).toEqual([B.email]);
		// every upsert went with a session of the new user
		const upserts = sent.filter((q) => q.method === 'POST' && q.rawPath.includes('/customers/reference/'));
		expect(upserts.length).toBeGreaterThan(0);
		for (const q of upserts) {
			const id = /JSESSIONID=([^;\s]+)/.exec(q.headers.cookie ?? '')?.[1];
			expect(sb.state.valomnia.sessions.get(id)?.email).toBe(B.email);
		}
		expect(JSON.stringify(r.execution)).not.toContain(B.password);
	});
});
