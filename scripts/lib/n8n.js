'use strict';
// The real n8n application for the demo, the end-to-end tests and the editor check.
//
//   ensureN8n(version)        installs it once via scripts/n8n-install.sh (cached outside the clone)
//   new N8nSession(runtime, { pkgDir, workDir })
//     .init()                 throwaway user folder, the package linked as
//                             .n8n/nodes/node_modules/n8n-nodes-customer-sync, a migrated DB
//     .importCredentials([]) / .importWorkflows([])   one n8n boot each
//     .execute(id)            `n8n execute --id --rawOutput`, the execution JSON parsed
//     .start()                `n8n start` on 127.0.0.1 (editor), resolves when it is ready
//
// Every n8n CLI command is a full boot (3-7 s): import everything at once, then execute.

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const { run, killGroup, freePort, seconds } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..');
const PKG_NAME = 'n8n-nodes-customer-sync';
/** The n8n lines this package is proven on: 1.x on the system Node 20, 2.x on Node 24. */
const N8N_VERSIONS = ['1.123.81', '2.41.1'];
const DEFAULT_ENCRYPTION_KEY = 'customer-sync-e2e-fixed-test-key';

function cacheRoot() {
	return process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', PKG_NAME);
}

function n8nDir(version) {
	return path.join(cacheRoot(), `n8n-${version}`);
}

/** The runtime description the install script writes, or null when not (fully) installed here. */
function readRuntime(version) {
	const dir = n8nDir(version);
	try {
		const rt = JSON.parse(fs.readFileSync(path.join(dir, 'n8n-e2e.json'), 'utf8'));
		const ok = fs.readFileSync(path.join(dir, '.install-ok'), 'utf8').trim();
		if (rt.dir !== dir || rt.version !== version || !ok.startsWith(`${version} `)) return null;
		if (!fs.existsSync(rt.nodeBin) || !fs.existsSync(rt.n8nBin)) return null;
		return rt;
	} catch {
		return null;
	}
}

/**
 * The installed n8n `version`, installing it first when needed (minutes; the
 * script's progress lines go to `log`). Re-running the script is cheap, so it
 * also runs when the cache dir was moved (it rewrites the paths).
 */
async function ensureN8n(version, { log = (l) => process.stdout.write(`${l}\n`), timeoutMs = 30 * 60 * 1000 } = {}) {
	const have = readRuntime(version);
	if (have) return have;
	log(`[n8n] n8n ${version} is not installed in ${n8nDir(version)}: installing it (first time only, 4-8 minutes)`);
	// the target dir is passed explicitly: bash and node could disagree on HOME
	// npm_config_* from `npm run` (this repo's ignore-scripts=true) must not reach the install
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	const r = await run('bash', [path.join(ROOT, 'scripts', 'n8n-install.sh'), version, n8nDir(version)], {
		env,
		onLine: (line) => line.trim() && log(line),
		timeoutMs,
	});
	if (r.code !== 0) throw new Error(`scripts/n8n-install.sh ${version} failed (exit ${r.code})`);
	const rt = readRuntime(version);
	if (!rt) throw new Error(`n8n ${version}: the install script succeeded but ${n8nDir(version)}/n8n-e2e.json is not usable`);
	return rt;
}

/**
 * Pulls the execution object out of `n8n execute --rawOutput` stdout: a
 * pretty-printed object that starts at a line "{" and ends at the next line
 * "}". The last one with data.resultData wins (other log lines surround it).
 */
function parseExecutionOutput(stdout) {
	const lines = stdout.split('\n');
	let found = null;
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		const j = lines.indexOf('}', i + 1);
		if (j < 0) break;
		try {
			const o = JSON.parse(lines.slice(i, j + 1).join('\n'));
			if (o && o.data && o.data.resultData) found = o;
		} catch {
			/* not the execution */
		}
		i = j;
	}
	return found;
}

/** { nodeName: [json of each item of output 0] } (plus every output under outputs) of the last run of each node. */
function itemsByNode(execution) {
	const nodes = {};
	const outputs = {};
	for (const [name, runs] of Object.entries(execution.data.resultData.runData || {})) {
		const last = runs[runs.length - 1];
		const main = (last && last.data && last.data.main) || [];
		nodes[name] = (main[0] || []).map((it) => it.json);
		outputs[name] = main.map((o) => (o || []).map((it) => it.json));
	}
	return { nodes, outputs };
}

class N8nSession {
	/**
	 * runtime: from ensureN8n(); pkgDir: the installed package (see stage.js);
	 * workDir: where the user folder goes (temp, outside the clone).
	 */
	constructor(runtime, { pkgDir, workDir, encryptionKey = DEFAULT_ENCRYPTION_KEY, log = () => {}, timeoutMs = 180000 }) {
		this.runtime = runtime;
		this.version = runtime.version;
		this.pkgDir = pkgDir;
		this.encryptionKey = encryptionKey;
		this.log = log;
		this.timeoutMs = timeoutMs;
		this.userFolder = fs.mkdtempSync(path.join(workDir, `n8n-${runtime.version}-`));
		this.logDir = path.join(this.userFolder, 'logs');
		this.timings = [];
		this.children = new Set();
	}

	async init() {
		const n8nFolder = path.join(this.userFolder, '.n8n');
		const nodesDir = path.join(n8nFolder, 'nodes', 'node_modules');
		fs.mkdirSync(nodesDir, { recursive: true });
		fs.mkdirSync(path.join(this.userFolder, 'tmp'), { recursive: true });
		fs.mkdirSync(this.logDir, { recursive: true });
		if (this.pkgDir) {
			// how a user's `npm install n8n-nodes-customer-sync` in ~/.n8n/nodes looks to n8n:
			// node types "n8n-nodes-customer-sync.<node>", the package.json "n8n" block is read
			fs.symlinkSync(this.pkgDir, path.join(nodesDir, PKG_NAME), 'dir');
		}
		this.brokerPort = await freePort();
		await this.prepareDatabase();
		return this;
	}

	/** Environment for every n8n command: quiet, offline, self-contained, 127.0.0.1 only. */
	env(extra = {}) {
		const env = {};
		for (const [k, v] of Object.entries(process.env)) {
			// nothing of the caller's n8n/jest/npm setup leaks in; NODE_ENV=test (jest) makes n8n refuse to load nodes
			if (/^(N8N_|DB_|QUEUE_|EXECUTIONS_|NODE_ENV$|NODE_PATH$|NODE_OPTIONS$|JEST_|npm_)/.test(k)) continue;
			env[k] = v;
		}
		if (this.runtime.pathPrefix) env.PATH = `${this.runtime.pathPrefix}:${env.PATH || ''}`;
		Object.assign(env, this.runtime.env, {
			N8N_USER_FOLDER: this.userFolder,
			TMPDIR: path.join(this.userFolder, 'tmp'), // 2.x creates $TMPDIR/n8nDataTableUploads
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_LOG_LEVEL: 'info', // execute prints its result through logger.info: warn/error would hide it
			N8N_LOG_OUTPUT: 'console',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort), // default 5679 would clash between parallel runs
			...extra,
		});
		return env;
	}

	/** One n8n CLI command (a full boot). Output goes to logs/<name>.{out,err}.log too. */
	async cli(args, { name = args[0].replace(/[^a-z0-9]+/gi, '-'), timeoutMs = this.timeoutMs } = {}) {
		const r = await run(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			env: this.env(),
			cwd: this.userFolder,
			stdoutFile: path.join(this.logDir, `${name}.out.log`),
			stderrFile: path.join(this.logDir, `${name}.err.log`),
			timeoutMs,
		});
		this.timings.push({ step: name, ms: r.ms });
		this.log(`[n8n ${this.version}] ${args[0]} ${args.slice(1).join(' ')} -> exit ${r.code} in ${seconds(r.ms)}`);
		return r;
	}

	async cliOk(args, opts) {
		const r = await this.cli(args, opts);
		if (r.code !== 0) {
			const tail = (s) => s.split('\n').slice(-40).join('\n');
			throw new Error(`n8n ${this.version} ${args.join(' ')} failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}):\n${tail(r.stdout)}\n${tail(r.stderr)}`);
		}
		return r;
	}

	/**
	 * A fresh user folder runs ~300 migrations on its first boot (5-8 s). The
	 * migrated DB is kept per n8n version and encryption key and copied.
	 */
	async prepareDatabase() {
		const keyHash = crypto.createHash('sha256').update(this.encryptionKey).digest('hex').slice(0, 12);
		const template = path.join(this.runtime.dir, '.e2e-db-template', `${this.version}-${keyHash}.sqlite`);
		const db = path.join(this.userFolder, '.n8n', 'database.sqlite');
		if (fs.existsSync(template)) {
			fs.copyFileSync(template, db);
			return;
		}
		this.log(`[n8n ${this.version}] first run: migrating a new database (kept as a template for later runs)`);
		await this.cliOk(['list:workflow'], { name: 'migrate' });
		fs.mkdirSync(path.dirname(template), { recursive: true });
		const tmp = `${template}.tmp.${process.pid}`;
		fs.copyFileSync(db, tmp);
		fs.renameSync(tmp, template);
	}

	/** creds: [{ id, name, type, data: { plain fields } }]; n8n encrypts data on import. */
	async importCredentials(creds) {
		const file = path.join(this.userFolder, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(creds, null, 1));
		await this.cliOk(['import:credentials', `--input=${file}`], { name: 'import-credentials' });
	}

	/** workflows: workflow objects, each with an id (<= 21 chars); all imported in one boot. */
	async importWorkflows(workflows) {
		const file = path.join(this.userFolder, 'workflows.json');
		const list = workflows.map((wf) => {
			if (!wf.id || String(wf.id).length > 21) throw new Error(`workflow "${wf.name}" needs an id of at most 21 characters`);
			return { ...wf, active: false, settings: wf.settings || { executionOrder: 'v1' } };
		});
		fs.writeFileSync(file, JSON.stringify(list, null, 1));
		await this.cliOk(['import:workflow', `--input=${file}`], { name: 'import-workflows' });
	}

	/**
	 * Runs an imported workflow from its Manual Trigger. Returns
	 * { ok, code, ms, execution, error, nodes, outputs, logFile }: nodes = items of
	 * output 0 per node name; execution = n8n's execution object; ok = success.
	 */
	async execute(workflowId, { name = `execute-${workflowId}` } = {}) {
		// never pipe this into head: n8n hangs on EPIPE. It is written to a file here.
		const r = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { name });
		const execution = parseExecutionOutput(r.stdout);
		const logFile = path.join(this.logDir, `${name}.out.log`);
		if (!execution) {
			const tail = (s) => s.split('\n').slice(-40).join('\n');
			throw new Error(`n8n ${this.version}: no execution JSON from execute --id=${workflowId} (exit ${r.code}):\n${tail(r.stdout)}\n${tail(r.stderr)}`);
		}
		const rd = execution.data.resultData;
		const error = rd.error
			? { message: rd.error.message, description: rd.error.description, node: rd.error.node && rd.error.node.name }
			: null;
		const status = execution.status || (error ? 'error' : 'success');
		return {
			ok: r.code === 0 && status === 'success' && !error,
			code: r.code,
			ms: r.ms,
			status,
			error,
			lastNodeExecuted: rd.lastNodeExecuted,
			execution,
			logFile,
			...itemsByNode(execution),
		};
	}

	/**
	 * `n8n start` (editor + REST) on 127.0.0.1:<free port>; resolves
	 * { url, stop() } once n8n logs "Editor is now accessible" (/healthz answers
	 * before the migrations are done, so it is not a readiness signal).
	 */
	async start({ timeoutMs = 120000 } = {}) {
		const port = await freePort();
		const env = this.env({
			N8N_PORT: String(port),
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_SECURE_COOKIE: 'false',
			// 2.x: the MCP registry module fetches api.n8n.io at start-up. 1.x has no such
			// module and refuses to start with 'Unknown module "mcp-registry"'.
			...(Number(this.version.split('.')[0]) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		});
		const out = fs.openSync(path.join(this.logDir, 'start.log'), 'a');
		const started = Date.now();
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.children.add(child);
		let text = '';
		const exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
		const ready = new Promise((resolve, reject) => {
			const onData = (buf) => {
				fs.writeSync(out, buf);
				text += buf.toString('utf8');
				if (text.includes('Editor is now accessible')) resolve();
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', onData);
			exited.then((code) => reject(new Error(`n8n start exited early (code ${code}):\n${text.split('\n').slice(-40).join('\n')}`)));
			setTimeout(() => reject(new Error(`n8n start not ready after ${seconds(timeoutMs)}:\n${text.split('\n').slice(-40).join('\n')}`)), timeoutMs).unref();
		});
		const stop = async () => {
			if (child.exitCode === null && child.signalCode === null) {
				killGroup(child.pid, 'SIGTERM');
				const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 15000);
				await exited;
				clearTimeout(t);
			}
			this.children.delete(child);
			fs.closeSync(out);
		};
		try {
			await ready;
		} catch (e) {
			await stop();
			throw e;
		}
		const ms = Date.now() - started;
		this.timings.push({ step: 'start', ms });
		this.log(`[n8n ${this.version}] editor ready on http://127.0.0.1:${port} in ${seconds(ms)}`);
		return { url: `http://127.0.0.1:${port}`, port, stop, ms, logFile: path.join(this.logDir, 'start.log') };
	}

	/** Removes the user folder (keep it with keep=true or N8N_E2E_KEEP=1 to read logs/). */
	cleanup({ keep = process.env.N8N_E2E_KEEP === '1' } = {}) {
		for (const c of this.children) killGroup(c.pid, 'SIGKILL');
		if (!keep) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

module.exports = {
	ROOT,
	PKG_NAME,
	N8N_VERSIONS,
	cacheRoot,
	n8nDir,
	readRuntime,
	ensureN8n,
	parseExecutionOutput,
	itemsByNode,
	N8nSession,
};
