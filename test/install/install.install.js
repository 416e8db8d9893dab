'use strict';
// npm run test:install: the package installed, updated, uninstalled and reinstalled the way a
// user does it, through n8n's own Community Nodes endpoint (what Settings → Community Nodes
// calls), from a registry, on both n8n lines; the saved workflows survive the update.
//
// Once: a loopback registry (verdaccio, no uplink) with the runtime dependencies from the npm
// cache, release A (test/install/release-a: the package and its example workflows at b7b72c2)
// and release B (HEAD, packed now as the next patch version, tagged latest); the vendor sandbox.
// Per n8n line (one `n8n start`, plus restarts where the step needs one):
//   owner set up over REST → POST /rest/community-packages (A) → the four nodes and credentials
//   in /types/*.json → credentials and A's workflows saved over REST, each workflow run from its
//   Manual Trigger (POST /rest/workflows/:id/run) → PATCH (Update to B) → the same saved
//   workflows run, results equal → workflows-v2/ (node version 2: the version-2 examples) → DELETE → the runs
//   fail with n8n's message, n8n stays up → POST again → the runs equal again → Update with the
//   registry down (refused, B stays) → Update to a broken release C (what n8n does; back to B by
//   number) → rollback to A by number → [2.41.1: the Migration Report (v3); a restart with
//   N8N_UNVERIFIED_PACKAGES_ENABLED=false (n8n 3's default): install refused with n8n's own
//   message; =true: installed again] → a start with the nodes folder lost and
//   N8N_REINSTALL_MISSING_PACKAGES=true → README's `npm install` in the nodes folder, restart.
// Every "results equal" compares each workflow's outputs with the first run's, ids and times
// masked. Screenshots of the editor (Chromium, when installed) at the steps a user looks at.
// Recorded in test-output/install/<version>/ (report.json, runs-*.json, migration-report.json, *.png).
//
// The registry: both lines read N8N_COMMUNITY_PACKAGES_REGISTRY, and both refuse any value but
// registry.npmjs.org without an Enterprise licence (feat:communityNodes:customRegistry). The
// suite turns that licence feature on with n8n's own end-to-end test switch (E2E_TESTS=true,
// PATCH /rest/e2e/feature): no other setting points an unlicensed n8n at another registry (n8n
// passes --registry to npm itself). The `npm outdated` behind the Settings page's "update
// available" gets no --registry: it reads the .npmrc the suite writes in n8n's nodes folder.
//
// N8N_INSTALL_VERSIONS=2.41.1 limits the lines; N8N_E2E_KEEP=1 keeps the temp folders.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT, N8N_VERSIONS, ensureN8n } = require('../../scripts/lib/n8n');
const { run, seconds } = require('../../scripts/lib/proc');
const { cleanNpmEnv } = require('../../scripts/lib/registry');
const { startSandbox } = require('../sandbox');
const { credentialsFor, sandboxConfigFor, CREDENTIALS } = require('../e2e/credentials');
const { N8nRest, PKG_NAME, readWorkflows } = require('./rest');
const { V2_WORKFLOWS_DIR, startStack, InstallSession, comparable } = require('./stack');
const { Shots } = require('./shots');

const VERSIONS = process.env.N8N_INSTALL_VERSIONS ? process.env.N8N_INSTALL_VERSIONS.split(',').map((v) => v.trim()) : N8N_VERSIONS;
const OUT_DIR = path.join(ROOT, 'test-output', 'install');
const log = (line) => process.stderr.write(`${line}\n`);
const major = (v) => Number(v.split('.')[0]);

const NODE_TYPES = ['hyfin', 'riverty', 'referenceCustomers', 'loyalty'].map((n) => `${PKG_NAME}.${n}`);
const CREDENTIAL_TYPES = ['hyfinApi', 'rivertyApi', 'referenceCustomersApi', 'loyaltyApi'];
/** n8n 2.41.1's answer (HTTP 500) to an install with N8N_UNVERIFIED_PACKAGES_ENABLED=false, as measured (README, n8n 3). */
const UNVERIFIED_REFUSAL = 'Error loading package "n8n-nodes-customer-sync" :Installation of unverified community packages is forbidden!';

let workDir;
let stack;
let sb;
const timings = { started: new Date().toISOString(), steps: [] };
const step = async (name, fn) => {
	const t = Date.now();
	try {
		return await fn();
	} finally {
		timings.steps.push({ step: name, s: Number(((Date.now() - t) / 1000).toFixed(1)) });
		log(`[install] ${name}: ${seconds(Date.now() - t)}`);
	}
};

beforeAll(async () => {
	fs.mkdirSync(OUT_DIR, { recursive: true });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-install-'));
	stack = await step('registry, dependencies, A and B published', () => startStack({ workDir, log }));
	sb = await startSandbox({ port: 0, host: '127.0.0.1', quiet: true });
}, 10 * 60 * 1000);

afterAll(async () => {
	if (sb) await sb.close();
	if (stack) await stack.registry.stop();
	timings.finished = new Date().toISOString();
	fs.writeFileSync(path.join(OUT_DIR, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
	if (workDir && process.env.N8N_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
});

describe.each(VERSIONS)('n8n %s', (version) => {
	let runtime;
	let session;
	let server;
	let api;
	const versionDir = path.join(OUT_DIR, version);
	const report = { n8n: version, steps: {} };
	const saved = []; // { file, id, name } the workflows as saved in n8n, in file order
	const credIds = {}; // test/e2e/credentials.js id → { id, name } of the credential made in this n8n
	/** What a user does after "Import from File": pick their own credential in each node. */
	const withOurCredentials = (nodes) =>
		nodes.map((n) =>
			n.credentials ? { ...n, credentials: Object.fromEntries(Object.entries(n.credentials).map(([type, ref]) => [type, credIds[ref.id] || ref])) } : n,
		);
	const shots = new Shots(versionDir, log);
	/** A screenshot of an editor page; never fails the step it illustrates (recorded in the report). */
	const shot = async (name, pagePath, waitText) => {
		try {
			await shots.take(name, { baseUrl: server.url, cookie: api.cookie, pagePath, waitText });
		} catch (e) {
			shots.taken[name] = `failed: ${e.message.split('\n')[0]}`;
			log(`[shots] ${name}: ${shots.taken[name]}`);
		}
	};
	const runs = {}; // label -> { file -> run }

	/** (Re)starts n8n with the given extra settings; the custom registry licence feature on; logged in. */
	async function startN8n(label, extraEnv = {}) {
		if (server) await server.stop();
		session.extraEnv = { ...session.baseEnv, ...extraEnv };
		const logFile = path.join(session.logDir, 'start.log');
		const from = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
		server = await step(`n8n ${version} start (${label})`, () => session.start());
		// what this start printed (start.log collects every start of the session)
		server.startLines = fs.readFileSync(logFile).subarray(from).toString('utf8').split('\n');
		api = new N8nRest(server.url, runtime);
		return server;
	}

	async function loginAndLicence({ first = false } = {}) {
		if (first) await api.setupOwner();
		else await api.login();
		// n8n's own end-to-end switch for licence features (E2E_TESTS=true): the custom registry
		await api.ok('PATCH', '/rest/e2e/feature', { feature: 'feat:communityNodes:customRegistry', enabled: true });
	}

	async function ourTypes() {
		const { nodes, credentials } = await api.types();
		return {
			nodes: nodes.map((n) => n.name).filter((n) => n.startsWith(`${PKG_NAME}.`)),
			credentials: credentials.map((c) => c.name).filter((c) => CREDENTIAL_TYPES.includes(c)),
		};
	}

	/** Every saved workflow run once from its Manual Trigger, on a fresh sandbox state. */
	async function runAll(label, list = saved) {
		sb.reset();
		for (const cfg of sandboxConfigFor(Object.keys(CREDENTIALS))) sb.configure(cfg);
		const out = {};
		await step(`n8n ${version} ${label}: ${list.length} workflow runs`, async () => {
			for (const wf of list) out[wf.file] = await api.runManually(wf.id);
		});
		runs[label] = out;
		fs.writeFileSync(path.join(versionDir, `runs-${label}.json`), `${JSON.stringify(out, null, 1)}\n`);
		return out;
	}

	const failures = (out) =>
		Object.entries(out)
			.filter(([, r]) => r.refused || r.status !== 'success')
			.map(([file, r]) => `${file}: ${r.refused ? JSON.stringify(r.refused) : `${r.status} ${JSON.stringify(r.error)}`}`);

	function expectSameAsFirst(label) {
		const first = runs.A;
		const now = runs[label];
		expect(Object.keys(now)).toEqual(Object.keys(first));
		for (const file of Object.keys(first)) {
			// toEqual with the file name in front, so a difference says which workflow
			expect({ file, ...comparable(now[file]) }).toEqual({ file, ...comparable(first[file]) });
		}
	}

	let lineStarted;
	beforeAll(async () => {
		lineStarted = Date.now();
		fs.mkdirSync(versionDir, { recursive: true });
		runtime = await ensureN8n(version, { log });
		session = new InstallSession(runtime, { workDir, log });
		await session.init();
		session.pointAt(stack.registry.url);
		session.baseEnv = {
			...session.extraEnv,
			E2E_TESTS: 'true',
			// the editor's runs are read back from the execution list
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			// npm (run by n8n) gives up on an unreachable registry at once instead of retrying for a minute
			npm_config_fetch_retries: '0',
			// and keeps its cache in the user folder: nothing left in ~/.npm, no line sees the other's
			npm_config_cache: path.join(session.userFolder, 'npm-cache'),
		};
		await startN8n('first start');
		report.firstStartWarnings = server.startLines.filter((l) => /N8N_UNVERIFIED|unverified/i.test(l));
		await loginAndLicence({ first: true });
	}, 40 * 60 * 1000);

	afterAll(async () => {
		await shots.close();
		report.screenshots = shots.taken;
		if (server) await server.stop();
		timings.lines = { ...timings.lines, [version]: Number(((Date.now() - lineStarted) / 1000).toFixed(1)) };
		log(`[install] n8n ${version}: the whole line in ${seconds(Date.now() - lineStarted)}`);
		fs.writeFileSync(path.join(versionDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
		if (session) {
			timings[version] = session.timings;
			session.cleanup();
		}
	});

	test(`Install (POST /rest/community-packages): release A from the registry; n8n lists the four nodes and four credentials`, async () => {
		const r = await step(`n8n ${version} install A`, () => api.install(stack.a.version));
		expect({ status: r.status, message: r.raw.message }).toEqual({ status: 200, message: undefined });
		expect(r.body.installedVersion).toBe(stack.a.version);
		expect(r.body.installedNodes.map((n) => n.type).sort()).toEqual([...NODE_TYPES].sort());
		const list = await api.packages();
		expect(list.map((p) => [p.packageName, p.installedVersion])).toEqual([[PKG_NAME, stack.a.version]]);
		// npm resolved the runtime dependencies in n8n's nodes folder, from the loopback registry
		expect(session.installedPackageJson().version).toBe(stack.a.version);
		for (const dep of ['fast-xml-parser', 'form-data']) {
			const inPkg = path.join(session.nodesDir, 'node_modules', PKG_NAME, 'node_modules', dep);
			const hoisted = path.join(session.nodesDir, 'node_modules', dep);
			expect([dep, fs.existsSync(inPkg) || fs.existsSync(hoisted)]).toEqual([dep, true]);
		}
		const types = await ourTypes();
		for (const t of NODE_TYPES) expect(types.nodes).toContain(t);
		expect(types.credentials.sort()).toEqual([...CREDENTIAL_TYPES].sort());
		report.steps.installA = { installedVersion: r.body.installedVersion, nodes: types.nodes, credentials: types.credentials };
		await shot('community-nodes-installed', '/settings/community-nodes', PKG_NAME);
	});

	test("release A's workflows, saved over REST with the four credentials, run against the vendor sandbox", async () => {
		sb.reset();
		for (const cfg of sandboxConfigFor(Object.keys(CREDENTIALS))) sb.configure(cfg);
		for (const c of credentialsFor(sb, Object.keys(CREDENTIALS))) {
			const made = await api.createCredential(c);
			credIds[c.id] = { id: made.id, name: made.name };
		}
		for (const { file, wf } of readWorkflows(stack.a.workflowsDir)) {
			const made = await api.createWorkflow({ ...wf, nodes: withOurCredentials(wf.nodes) });
			saved.push({ file, id: made.id, name: made.name, nodes: made.nodes });
		}
		expect(saved.length).toBeGreaterThanOrEqual(4);
		const out = await runAll('A');
		expect(failures(out)).toEqual([]);
		// every node of the package ran in at least one workflow
		const ran = new Set(saved.flatMap((w) => w.nodes.filter((n) => n.type.startsWith(`${PKG_NAME}.`) && runs.A[w.file].nodes[n.name]).map((n) => n.type)));
		expect([...ran].sort()).toEqual([...NODE_TYPES].sort());
		report.steps.runA = { workflows: saved.map((w) => w.file), statuses: Object.fromEntries(Object.entries(out).map(([f, r]) => [f, r.status])) };
	});

	test('Update (PATCH /rest/community-packages): the Settings page offers B, and the update installs it without a restart', async () => {
		const before = await api.packages();
		// `npm outdated` in the nodes folder (its .npmrc: the loopback registry) found B
		expect(before.map((p) => [p.installedVersion, p.updateAvailable])).toEqual([[stack.a.version, stack.b.version]]);
		const r = await step(`n8n ${version} update to B`, () => api.update());
		expect({ status: r.status, message: r.raw.message }).toEqual({ status: 200, message: undefined });
		expect(r.body.installedVersion).toBe(stack.b.version);
		const after = await api.packages();
		// failedLoading: absent on 1.123.81, false on 2.41.1
		expect(after.map((p) => [p.installedVersion, p.updateAvailable, Boolean(p.failedLoading)])).toEqual([[stack.b.version, undefined, false]]);
		expect(session.installedPackageJson().version).toBe(stack.b.version);
		const types = await ourTypes();
		for (const t of NODE_TYPES) expect(types.nodes).toContain(t);
		// n8n unloads the old files (require cache) and loads the new ones: no restart asked for
		await shot('community-nodes-updated', '/settings/community-nodes', PKG_NAME);
		report.steps.updateB = { from: stack.a.version, to: r.body.installedVersion, updateAvailableBefore: before[0].updateAvailable, restartAsked: false };
	});

	test('the same saved workflows, unchanged, give the same results on B', async () => {
		for (const w of saved) {
			const now = await api.workflow(w.id);
			expect({ file: w.file, nodes: now.nodes }).toEqual({ file: w.file, nodes: w.nodes });
		}
		await runAll('B');
		expect(failures(runs.B)).toEqual([]);
		expectSameAsFirst('B');
	});

	const v2 = readWorkflows(V2_WORKFLOWS_DIR);
	if (v2.length) {
		test.each(v2.map((w) => [w.file, w]))('version-2 workflow %s runs on B', async (_file, { file, wf }) => {
			const made = await api.createWorkflow({ ...wf, nodes: withOurCredentials(wf.nodes) });
			const r = await api.runManually(made.id);
			expect(failures({ [file]: r })).toEqual([]);
		});
	} else {
		test.todo('version-2 workflows (test/install/workflows-v2/): none there');
	}

	test('Uninstall (DELETE /rest/community-packages): the saved workflows stay, their nodes are not installed, a run fails with n8n\'s message, n8n keeps running', async () => {
		const r = await step(`n8n ${version} uninstall`, () => api.uninstall());
		expect(r.status).toBe(200);
		expect(await api.packages()).toEqual([]);
		expect(session.installedPackageJson()).toBeNull();
		const types = await ourTypes();
		expect(types.nodes).toEqual([]);
		// the workflows are still saved, with the package's nodes in them
		const wf = await api.workflow(saved[0].id);
		expect(wf.nodes.some((n) => n.type.startsWith(`${PKG_NAME}.`))).toBe(true);
		const out = {};
		for (const w of saved) out[w.file] = await api.runManually(w.id);
		const messages = Object.entries(out).map(([file, run]) => ({
			file,
			refused: run.refused || null,
			status: run.status || null,
			error: run.error || null,
		}));
		for (const m of messages) {
			const text = JSON.stringify(m.refused || m.error);
			expect([m.file, m.status === 'success']).toEqual([m.file, false]);
			expect([m.file, /n8n-nodes-customer-sync\.(hyfin|riverty|referenceCustomers|loyalty)/.test(text)]).toEqual([m.file, true]);
		}
		const health = await fetch(`${server.url}/healthz`);
		expect(health.status).toBe(200);
		report.steps.uninstall = { messages: messages.slice(0, 3), allFailedNamingTheNodeType: true };
		// the canvas with the package's nodes shown as not installed
		await shot('workflow-after-uninstall', `/workflow/${saved[0].id}`, saved[0].nodes.find((n) => n.type.startsWith(`${PKG_NAME}.`)).name);
		log(`[install] n8n ${version} after uninstall, a run of ${messages[0].file}: ${JSON.stringify(messages[0].refused || messages[0].error)}`);
	});

	test('Install again (POST, no version: latest = B) brings the nodes back; the saved workflows give the same results', async () => {
		const r = await step(`n8n ${version} reinstall`, () => api.install());
		expect({ status: r.status, message: r.raw.message }).toEqual({ status: 200, message: undefined });
		expect(r.body.installedVersion).toBe(stack.b.version);
		const types = await ourTypes();
		for (const t of NODE_TYPES) expect(types.nodes).toContain(t);
		await runAll('reinstalled');
		expect(failures(runs.reinstalled)).toEqual([]);
		expectSameAsFirst('reinstalled');
		report.steps.reinstall = { installedVersion: r.body.installedVersion };
	});

	test("the registry unreachable: Update is refused with n8n's message, n8n keeps running, the installed version stays and runs", async () => {
		await stack.registry.pause();
		let r;
		try {
			r = await step(`n8n ${version} update, registry down`, () => api.update());
		} finally {
			await stack.registry.resume();
		}
		report.steps.registryDown = { status: r.status, message: r.raw.message || null, installedVersion: (r.body && r.body.installedVersion) || null };
		log(`[install] n8n ${version} Update with the registry down: HTTP ${r.status} ${r.raw.message || JSON.stringify(r.body).slice(0, 200)}`);
		// refused with n8n's message; or, when npm can answer from its cache, the same version again
		if (r.status === 200) expect(r.body.installedVersion).toBe(stack.b.version);
		else expect(r.raw.message).toMatch(/^Error (updating|removing) package "n8n-nodes-customer-sync":/);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		expect((await api.packages()).map((p) => p.installedVersion)).toEqual([stack.b.version]);
		expect(session.installedPackageJson().version).toBe(stack.b.version);
		const run1 = await api.runManually(saved[0].id);
		expect(failures({ [saved[0].file]: run1 })).toEqual([]);
	});

	test('an update to a broken release C (its Hyfin node throws on load): what n8n does, and the way back to B by its number', async () => {
		const r = await step(`n8n ${version} update to broken C`, () => api.update(stack.c.version));
		const list = await api.packages();
		const types = await ourTypes();
		const hyfinRun = await api.runManually(saved.find((w) => w.file.startsWith('hyfin')).id);
		const outcome = {
			update: { status: r.status, message: r.raw.message || null, installedVersion: (r.body && r.body.installedVersion) || null },
			listed: list.map((p) => ({ version: p.installedVersion, failedLoading: p.failedLoading })),
			onDisk: (session.installedPackageJson() || {}).version || null,
			nodeTypesLoaded: types.nodes.filter((t) => NODE_TYPES.includes(t)),
			hyfinWorkflowRun: hyfinRun.refused ? { refused: hyfinRun.refused } : { status: hyfinRun.status, error: hyfinRun.error },
			healthz: (await fetch(`${server.url}/healthz`)).status,
		};
		// back to B by its number, as the Settings page allows: Uninstall, then Install "name@version"
		const back = [];
		let res = await api.uninstall();
		back.push({ call: 'DELETE', status: res.status, message: res.raw.message || null });
		expect(res.status).toBe(200);
		res = await api.installSpec(`${PKG_NAME}@${stack.b.version}`);
		back.push({ call: `POST { name: "${PKG_NAME}@${stack.b.version}" }`, status: res.status, message: res.raw.message || null });
		outcome.rollback = back;
		report.steps.brokenC = outcome;
		log(`[install] n8n ${version} update to broken C ${stack.c.version}: ${JSON.stringify(outcome, null, 1)}`);
		expect(outcome.healthz).toBe(200);
		expect(res.status).toBe(200);
		expect((await api.packages()).map((p) => p.installedVersion)).toEqual([stack.b.version]);
		await runAll('backFromC');
		expect(failures(runs.backFromC)).toEqual([]);
		expectSameAsFirst('backFromC');
	});

	test('roll back to release A by its number (uninstall, install "n8n-nodes-customer-sync@<A>"): the saved workflows give the same results', async () => {
		expect((await api.uninstall()).status).toBe(200);
		const r = await step(`n8n ${version} install A by number`, () => api.installSpec(`${PKG_NAME}@${stack.a.version}`));
		expect({ status: r.status, message: r.raw.message }).toEqual({ status: 200, message: undefined });
		expect(r.body.installedVersion).toBe(stack.a.version);
		await runAll('rolledBackA');
		expect(failures(runs.rolledBackA)).toEqual([]);
		expectSameAsFirst('rolledBackA');
		report.steps.rollbackA = { installedVersion: r.body.installedVersion };
	});

	if (major(version) >= 2) {
		test('Migration Report (GET /rest/breaking-changes/report?version=v3) with the package installed and a workflow per node', async () => {
			const r = await step(`n8n ${version} migration report`, () => api.ok('POST', '/rest/breaking-changes/report/refresh?version=v3'));
			const { report: mr } = r;
			const ourIds = new Set(saved.map((w) => w.id));
			const instance = mr.instanceResults.filter((x) => x.isAffected !== false).map((x) => ({ ruleId: x.ruleId, title: x.ruleTitle, issues: x.instanceIssues, recommendations: x.recommendations }));
			const workflowRules = [];
			for (const rule of mr.workflowResults) {
				if (!rule.nbAffectedWorkflows) continue;
				const detail = await api.ok('GET', `/rest/breaking-changes/report/${rule.ruleId}`);
				const ours = (detail.affectedWorkflows || []).filter((w) => ourIds.has(w.id));
				if (ours.length) {
					workflowRules.push({
						ruleId: rule.ruleId,
						title: rule.ruleTitle,
						severity: rule.ruleSeverity,
						workflows: ours.map((w) => ({ name: w.name, issues: w.issues })),
						recommendations: detail.recommendations,
					});
				}
			}
			report.steps.migrationReport = { targetVersion: mr.targetVersion, currentVersion: mr.currentVersion, instance, workflowRules };
			fs.writeFileSync(path.join(versionDir, 'migration-report.json'), `${JSON.stringify({ full: r, ours: report.steps.migrationReport }, null, 2)}\n`);
			log(`[install] Migration Report v3: instance rules ${instance.map((i) => i.ruleId).join(', ')}; workflow rules naming our workflows: ${workflowRules.map((w) => `${w.ruleId} (${w.workflows.length})`).join(', ') || 'none'}`);
			// N8N_UNVERIFIED_PACKAGES_ENABLED is not set here (as on most instances): n8n warns
			expect(instance.map((i) => i.ruleId)).toContain('unverified-packages-v3');
		});

		test('N8N_UNVERIFIED_PACKAGES_ENABLED=false (n8n 3\'s default): an install is refused with n8n\'s own message; =true: it installs', async () => {
			await startN8n('N8N_UNVERIFIED_PACKAGES_ENABLED=false', { N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' });
			await loginAndLicence();
			const warnings = server.startLines.filter((l) => /unverified|community|N8N_UNVERIFIED/i.test(l));
			const loaded = await ourTypes();
			const list = await api.packages();
			// the editor's switch for the Settings page (Install button, Update) and the nodes panel
			const settings = await api.ok('GET', '/rest/settings');
			const oneRun = await api.runManually(saved[0].id);
			const del = await api.uninstall();
			const refused = await api.install();
			report.steps.unverifiedFalse = {
				startLog: warnings,
				nodesLoadedAtStart: loaded.nodes,
				editorSetting: { unverifiedCommunityNodesEnabled: settings.unverifiedCommunityNodesEnabled },
				listed: list.map((p) => ({ version: p.installedVersion, failedLoading: p.failedLoading, updateAvailable: p.updateAvailable })),
				runOfInstalledWorkflow: { file: saved[0].file, status: oneRun.status, error: oneRun.error, refused: oneRun.refused },
				uninstallStatus: del.status,
				install: { status: refused.status, message: refused.raw.message },
			};
			log(`[install] N8N_UNVERIFIED_PACKAGES_ENABLED=false: ${JSON.stringify(report.steps.unverifiedFalse, null, 1)}`);
			expect(settings.unverifiedCommunityNodesEnabled).toBe(false);
			// measured: the page then lists no package (the REST list still has it) and has no Install button
			await shot('community-nodes-unverified-false', '/settings/community-nodes', 'verified community nodes');
			// measured on 2.41.1: an installed package still loads and runs (n8n 3 will not load it)
			expect(failures({ [saved[0].file]: oneRun })).toEqual([]);
			expect(del.status).toBe(200);
			expect({ status: refused.status, message: refused.raw.message }).toEqual({ status: 500, message: UNVERIFIED_REFUSAL });
			expect(await api.packages()).toEqual([]);

			await startN8n('N8N_UNVERIFIED_PACKAGES_ENABLED=true', { N8N_UNVERIFIED_PACKAGES_ENABLED: 'true' });
			// set explicitly, the start-up warning of the first start is gone
			const trueWarnings = server.startLines.filter((l) => /N8N_UNVERIFIED/.test(l));
			expect(report.firstStartWarnings.length).toBeGreaterThan(0);
			expect(trueWarnings).toEqual([]);
			await loginAndLicence();
			const ok = await api.install();
			expect({ status: ok.status, message: ok.raw.message }).toEqual({ status: 200, message: undefined });
			const again = await api.runManually(saved[0].id);
			expect(failures({ [saved[0].file]: again })).toEqual([]);
			const mr = await api.ok('POST', '/rest/breaking-changes/report/refresh?version=v3');
			const unverified = mr.report.instanceResults.find((x) => x.ruleId === 'unverified-packages-v3');
			// the report lists affected rules only: set explicitly, the variable no longer is one
			report.steps.unverifiedTrue = { install: ok.status, installedVersion: ok.body.installedVersion, migrationReportListsUnverifiedRule: Boolean(unverified) };
			expect(Boolean(unverified)).toBe(false);
		});
	}

	test('Docker-style start with the nodes folder lost and N8N_REINSTALL_MISSING_PACKAGES=true: n8n tries the recorded version at start-up; the Settings page shows it failed to load; Install brings it back', async () => {
		const before = (await api.packages()).map((p) => p.installedVersion);
		expect(before.length).toBe(1);
		await server.stop();
		server = null;
		// what a new container with the database but without ~/.n8n/nodes looks like
		fs.rmSync(path.join(session.nodesDir, 'node_modules'), { recursive: true, force: true });
		fs.rmSync(path.join(session.nodesDir, 'package.json'), { force: true });
		await startN8n('N8N_REINSTALL_MISSING_PACKAGES=true', { N8N_REINSTALL_MISSING_PACKAGES: 'true' });
		await loginAndLicence();
		const lines = [...new Set(server.startLines.filter((l) => /missing packages|reinstall|Community package/i.test(l)).map((l) => l.trim()))];
		const listed = await api.packages();
		const onDisk = (session.installedPackageJson() || {}).version || null;
		report.steps.reinstallMissing = { recordedVersion: before[0], startLog: lines, onDisk, listed: listed.map((p) => ({ version: p.installedVersion, failedLoading: p.failedLoading })) };
		log(`[install] n8n ${version} N8N_REINSTALL_MISSING_PACKAGES=true: ${JSON.stringify(report.steps.reinstallMissing)}`);
		expect(lines.some((l) => /Attempting to reinstall missing packages/.test(l))).toBe(true);
		if (onDisk === null) {
			// at start-up the custom registry's licence feature is still off (the E2E switch can only
			// turn it on once n8n is up), so the reinstall is refused here: n8n says so and lists the
			// package as failed to load; with registry.npmjs.org (no licence needed) it would have run
			expect(lines.some((l) => /Failed to reinstall community package n8n-nodes-customer-sync/.test(l))).toBe(true);
			expect(listed.map((p) => [p.installedVersion, p.failedLoading])).toEqual([[before[0], true]]);
			const r = await step(`n8n ${version} install the missing package`, () => api.install(before[0]));
			expect({ status: r.status, message: r.raw.message }).toEqual({ status: 200, message: undefined });
		}
		expect(session.installedPackageJson().version).toBe(before[0]);
		expect((await api.packages()).map((p) => [p.installedVersion, Boolean(p.failedLoading)])).toEqual([[before[0], false]]);
		await runAll('reinstalledMissing');
		expect(failures(runs.reinstalledMissing)).toEqual([]);
		expectSameAsFirst('reinstalledMissing');
	});

	test("README's second way: npm install in the nodes folder (from the registry its .npmrc names), restart: the nodes load and the saved workflows give the same results", async () => {
		expect((await api.uninstall()).status).toBe(200);
		await server.stop();
		server = null;
		// what Uninstall left in the nodes folder's package.json (1.123.81 keeps the version pinned there)
		const pj = path.join(session.nodesDir, 'package.json');
		const leftPinned = fs.existsSync(pj) ? (JSON.parse(fs.readFileSync(pj, 'utf8')).dependencies || {})[PKG_NAME] || null : null;
		// a user who follows README's npm way: a nodes folder without n8n's package.json (its .npmrc stays)
		fs.rmSync(path.join(session.nodesDir, 'node_modules'), { recursive: true, force: true });
		fs.rmSync(pj, { force: true });
		const npm = (args) =>
			run('npm', args, {
				cwd: session.nodesDir,
				env: {
					...cleanNpmEnv(),
					PATH: `${runtime.pathPrefix ? `${runtime.pathPrefix}:` : ''}${process.env.PATH}`,
					npm_config_fetch_retries: '0',
					npm_config_cache: session.baseEnv.npm_config_cache,
				},
				timeoutMs: 180000,
			});
		// plain `npm install` also installs the peer dependency n8n-workflow (npm >= 7); the loopback
		// registry does not have it, so this shows what npm does with the peer, then the README's command
		const plain = await npm(['install', PKG_NAME, '--no-audit', '--no-fund', '--dry-run']);
		const withFlag = await step(`n8n ${version} npm install --legacy-peer-deps`, () => npm(['install', PKG_NAME, '--legacy-peer-deps', '--no-audit', '--no-fund']));
		report.steps.npmInstall = {
			uninstallLeftPinnedInNodesPackageJson: leftPinned,
			plainDryRun: { code: plain.code, lines: `${plain.stderr}\n${plain.stdout}`.split('\n').filter((l) => /404|n8n-workflow|added/.test(l)).slice(0, 3) },
			legacyPeerDeps: { code: withFlag.code, out: withFlag.stdout.trim().split('\n').slice(-2) },
		};
		log(`[install] n8n ${version} npm install in the nodes folder: ${JSON.stringify(report.steps.npmInstall)}`);
		expect(withFlag.code).toBe(0);
		expect(session.installedPackageJson().version).toBe(stack.b.version);
		expect(fs.existsSync(path.join(session.nodesDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		await startN8n('after npm install in the nodes folder');
		await loginAndLicence();
		const types = await ourTypes();
		for (const t of NODE_TYPES) expect(types.nodes).toContain(t);
		await runAll('npmInstalled');
		expect(failures(runs.npmInstalled)).toEqual([]);
		expectSameAsFirst('npmInstalled');
	});
});
