'use strict';
// n8n in queue mode on one machine, for `npm run test:queue`, `npm run demo -- --queue` and
// `node scripts/queue-bench.js`: Redis + PostgreSQL (throwaway, 127.0.0.1, free ports) + one n8n
// main (EXECUTIONS_MODE=queue, DB_TYPE=postgresdb) + N `n8n worker` processes.
//
//   const stack = new QueueStack(runtime, { pkgDir, workDir, workers: 2 });
//   await stack.init();                              // Redis + Postgres up, user folders, package linked
//   await stack.importCredentials([...]); await stack.importWorkflows([...]);   (N8nSession's, against Postgres)
//   await stack.activate(['wfId', ...]);             // before start: main registers webhooks/schedules at boot
//   await stack.start();                             // main, then the workers
//   stack.killWorker('worker1', 'SIGKILL'); await stack.startWorker('worker1');
//   stack.workerRuns()                               // { executionId: 'worker1' | 'worker2' } from the worker logs
//   await stack.stop(); stack.cleanup();             // everything by process group; also on process exit
//
// Every process runs in its own process group (spawn detached), so stopping a group also stops
// n8n's task runner children and the Postgres backends. Postgres refuses to run as root: as root
// it runs as the `postgres` user (runuser), its data dir in the temp folder, chowned to it.
// Readiness of n8n is its log line, never /healthz (main answers that before its migrations).
// Reference with timings and pitfalls: N8N-QUEUE.md of the project's shared tools.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');

const { N8nSession } = require('./n8n');
const { run, runOk, killGroup, freePort, seconds } = require('./proc');

const PKG_NAME = 'n8n-nodes-customer-sync';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** /usr/lib/postgresql/<newest>/bin, or N8N_QUEUE_PG_BIN. */
function postgresBin() {
	if (process.env.N8N_QUEUE_PG_BIN) return process.env.N8N_QUEUE_PG_BIN;
	const base = '/usr/lib/postgresql';
	const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
	versions.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function which(cmd) {
	try {
		return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
	} catch {
		return null;
	}
}

/** What is missing on this machine for queue mode (empty = nothing). */
function missingSystemDeps() {
	const missing = [];
	if (!which('redis-server') || !which('redis-cli')) missing.push('redis-server');
	if (!postgresBin() || !which('psql')) missing.push('postgresql');
	return missing;
}

// Every group this module started, so that even a crash or a Ctrl-C of the caller stops them.
const LIVE_GROUPS = new Set();
let guarded = false;
function guardProcess() {
	if (guarded) return;
	guarded = true;
	process.on('exit', () => {
		for (const pid of LIVE_GROUPS) killGroup(pid, 'SIGKILL');
	});
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(sig, () => {
			for (const pid of LIVE_GROUPS) killGroup(pid, 'SIGKILL');
			process.kill(process.pid, sig); // the default action now
		});
	}
}

class QueueStack extends N8nSession {
	/**
	 * runtime: ensureN8n(); pkgDir: the installed package (stage.js); workDir: a temp folder;
	 * workers: how many `n8n worker` (default 2); concurrency: jobs per worker (n8n's default 10);
	 * extraEnv: more env for every n8n process (e.g. QUEUE_WORKER_LOCK_DURATION).
	 */
	constructor(runtime, { workers = 2, concurrency = 10, extraEnv = {}, ...opts }) {
		super(runtime, { ...opts, encryptionKey: opts.encryptionKey || 'customer-sync-queue-fixed-test-key' });
		this.workerCount = workers;
		this.concurrency = concurrency;
		this.extraEnv = extraEnv;
		this.procs = new Map(); // name -> { child, logFile, exited, role }
		this.major = Number(runtime.version.split('.')[0]);
		guardProcess();
	}

	/** Redis + Postgres up, one user folder per n8n process with the package linked. */
	async init() {
		const missing = missingSystemDeps();
		if (missing.length) throw new Error(`queue mode needs ${missing.join(' and ')}: run bash scripts/system-deps.sh (apt-get install -y ${missing.join(' ')})`);
		// the postgres user must be able to walk into the temp folder to reach its data dir: o+x on
		// the user folder and its parents up to (not including) the system temp dir
		for (let d = this.userFolder; d.startsWith(os.tmpdir() + path.sep); d = path.dirname(d)) {
			fs.chmodSync(d, fs.statSync(d).mode | 0o001);
		}
		if (!this.userFolder.startsWith(os.tmpdir() + path.sep)) fs.chmodSync(this.userFolder, 0o711);
		fs.mkdirSync(this.logDir, { recursive: true });
		this.ports = {
			redis: await freePort(),
			postgres: await freePort(),
			main: await freePort(),
		};
		this.brokerPorts = {};
		for (const name of ['cli', 'main', ...this.workerNames()]) this.brokerPorts[name] = await freePort();
		for (const name of ['cli', 'main', ...this.workerNames()]) this.processFolder(name);
		this.brokerPort = this.brokerPorts.cli;
		const t = Date.now();
		await this.startRedis();
		await this.startPostgres();
		this.timings.push({ step: 'redis+postgres', ms: Date.now() - t });
		this.log(`[queue] redis 127.0.0.1:${this.ports.redis}, postgres 127.0.0.1:${this.ports.postgres} ready in ${seconds(Date.now() - t)}`);
		return this;
	}

	workerNames() {
		return Array.from({ length: this.workerCount }, (_, i) => `worker${i + 1}`);
	}

	get url() {
		return `http://127.0.0.1:${this.ports.main}`;
	}

	/** <temp>/<name>: that process's N8N_USER_FOLDER (own .n8n/config, event log, crash journal, TMPDIR). */
	processFolder(name) {
		const uf = path.join(this.userFolder, name);
		const nodes = path.join(uf, '.n8n', 'nodes', 'node_modules');
		if (!fs.existsSync(nodes)) {
			fs.mkdirSync(nodes, { recursive: true });
			fs.mkdirSync(path.join(uf, 'tmp'), { recursive: true });
			// as a user's `npm install n8n-nodes-customer-sync` in ~/.n8n/nodes, on main AND every worker
			if (this.pkgDir) fs.symlinkSync(this.pkgDir, path.join(nodes, PKG_NAME), 'dir');
		}
		return uf;
	}

	/** The environment every n8n process of the stack shares; `name` picks its user folder and broker port. */
	env(extra = {}, name = 'cli') {
		const uf = this.processFolder(name);
		return super.env({
			N8N_USER_FOLDER: uf,
			TMPDIR: path.join(uf, 'tmp'),
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.ports.redis),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.ports.postgres),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: 'n8n',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPorts[name]),
			N8N_PORT: String(this.ports.main),
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `${this.url}/`,
			N8N_EDITOR_BASE_URL: this.url,
			N8N_SECURE_COOKIE: 'false',
			// 2.x: the MCP registry module fetches api.n8n.io at start-up; 1.x refuses the unknown name
			...(this.major >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
			...this.extraEnv,
			...extra,
		});
	}

	// ------------------------------------------------------------------ infra

	spawnGroup(name, cmd, args, { env = process.env, cwd } = {}) {
		const logFile = path.join(this.logDir, `${name}.log`);
		const out = fs.openSync(logFile, 'a');
		const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', out, out], detached: true });
		fs.closeSync(out);
		LIVE_GROUPS.add(child.pid);
		const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
		exited.then(() => LIVE_GROUPS.delete(child.pid));
		const proc = { name, child, logFile, exited, startOffset: 0 };
		this.procs.set(name, proc);
		return proc;
	}

	async startRedis() {
		const dir = path.join(this.userFolder, 'redis');
		fs.mkdirSync(dir, { recursive: true });
		this.spawnGroup('redis', 'redis-server', [
			'--bind', '127.0.0.1', '--port', String(this.ports.redis), '--save', '', '--appendonly', 'no',
			'--daemonize', 'no', '--dir', dir,
		]);
		for (let i = 0; i < 100; i++) {
			const r = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.ports.redis), 'ping']);
			if (r.stdout.includes('PONG')) return;
			if (this.procs.get('redis').child.exitCode !== null) break;
			await sleep(100);
		}
		throw new Error(`redis did not answer on 127.0.0.1:${this.ports.redis} (log ${this.procs.get('redis').logFile})`);
	}

	async startPostgres() {
		const bin = postgresBin();
		const dir = path.join(this.userFolder, 'pg');
		const data = path.join(dir, 'data');
		fs.mkdirSync(dir, { recursive: true });
		const asRoot = process.getuid && process.getuid() === 0;
		// Postgres refuses to run as root: run it as the `postgres` OS user, which owns its folder
		const as = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
		if (asRoot) {
			const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
			const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
			fs.chownSync(dir, uid, gid);
		}
		const env = { ...process.env, LC_ALL: 'C.UTF-8' };
		await runOk(...as(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), {
			env,
			stdoutFile: path.join(this.logDir, 'initdb.log'),
			timeoutMs: 120000,
		});
		// a throwaway database: loopback only, no fsync, the unix socket inside the temp folder
		const pg = this.spawnGroup(
			'postgres',
			...as(path.join(bin, 'postgres'), [
				'-D', data, '-p', String(this.ports.postgres), '-k', dir,
				'-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off',
				'-c', 'full_page_writes=off', '-c', 'max_connections=100',
			]),
			{ env },
		);
		for (let i = 0; i < 300; i++) {
			const r = await run('psql', ['-X', '-h', '127.0.0.1', '-p', String(this.ports.postgres), '-U', 'postgres', '-tAc', 'select 1']);
			if (r.code === 0 && r.stdout.trim() === '1') {
				await runOk('psql', [
					'-X', '-q', '-h', '127.0.0.1', '-p', String(this.ports.postgres), '-U', 'postgres',
					'-c', "CREATE USER n8n PASSWORD 'n8n'", '-c', 'CREATE DATABASE n8n OWNER n8n',
				]);
				return;
			}
			if (pg.child.exitCode !== null) break;
			await sleep(100);
		}
		throw new Error(`postgres did not start on 127.0.0.1:${this.ports.postgres} (log ${pg.logFile})`);
	}

	/** One SQL query on n8n's database; rows as arrays of strings (psql -tA, tab-separated). */
	async sql(query) {
		const r = await runOk('psql', ['-X', '-h', '127.0.0.1', '-p', String(this.ports.postgres), '-U', 'n8n', '-d', 'n8n', '-tA', '-F', '\t', '-c', query], {
			env: { ...process.env, PGPASSWORD: 'n8n' },
		});
		return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
	}

	// ------------------------------------------------------------------ n8n

	/** Activates workflows before `start` (the CLI does not reach a running main): 2.x publish, 1.x update --active. */
	async activate(ids) {
		for (const id of ids) {
			const args = this.major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'];
			await this.cliOk(args, { name: `activate-${id}` });
		}
	}

	async startN8n(name, args, readyText, { timeoutMs = 180000 } = {}) {
		const existing = this.procs.get(name);
		if (existing && existing.child.exitCode === null && existing.child.signalCode === null) return existing;
		const started = Date.now();
		const logFile = path.join(this.logDir, `${name}.log`);
		const offset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
		const proc = this.spawnGroup(name, this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
			env: this.env({}, name),
			cwd: this.processFolder(name),
		});
		proc.startOffset = offset;
		// logs are appended across restarts: only what this start wrote counts
		const fresh = () => {
			const buf = fs.readFileSync(logFile);
			return buf.subarray(offset).toString('utf8');
		};
		while (Date.now() - started < timeoutMs) {
			if (fresh().includes(readyText)) {
				const ms = Date.now() - started;
				this.timings.push({ step: `start ${name}`, ms });
				this.log(`[queue] ${name} (pid ${proc.child.pid}) ready in ${seconds(ms)}`);
				return proc;
			}
			if (proc.child.exitCode !== null || proc.child.signalCode !== null) break;
			await sleep(200);
		}
		const tail = fresh().split('\n').slice(-40).join('\n');
		killGroup(proc.child.pid, 'SIGKILL');
		throw new Error(`n8n ${name} did not get ready ("${readyText}") in ${seconds(Date.now() - started)}; log ${logFile}:\n${tail}`);
	}

	startMain() {
		return this.startN8n('main', ['start'], 'Editor is now accessible');
	}

	startWorker(name) {
		return this.startN8n(name, ['worker', `--concurrency=${this.concurrency}`], 'worker is now ready');
	}

	/** main first (it owns the migrations), then the workers one after the other. */
	async start() {
		await this.startMain();
		for (const w of this.workerNames()) await this.startWorker(w);
		return this;
	}

	/** Kills one process group now (SIGKILL: no graceful shutdown, the running jobs die with it). */
	async killWorker(name, signal = 'SIGKILL') {
		const p = this.procs.get(name);
		if (!p) throw new Error(`no process ${name}`);
		killGroup(p.child.pid, signal);
		await p.exited;
	}

	async stopProc(name, { signal = 'SIGTERM', waitMs = 40000 } = {}) {
		const p = this.procs.get(name);
		if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
		killGroup(p.child.pid, signal);
		const timer = setTimeout(() => killGroup(p.child.pid, 'SIGKILL'), waitMs);
		await p.exited;
		clearTimeout(timer);
	}

	/** Workers (they finish their jobs), main, Postgres (fast shutdown), Redis. */
	async stop() {
		const t = Date.now();
		await Promise.all(this.workerNames().map((w) => this.stopProc(w)));
		await this.stopProc('main');
		await this.stopProc('postgres', { signal: 'SIGINT', waitMs: 15000 });
		await this.stopProc('redis', { waitMs: 10000 });
		for (const p of this.procs.values()) killGroup(p.child.pid, 'SIGKILL'); // anything left in a group
		this.timings.push({ step: 'stop', ms: Date.now() - t });
		this.log(`[queue] stopped in ${seconds(Date.now() - t)}`);
	}

	/** Processes still alive (name -> pid): empty after stop(). */
	alive() {
		const out = {};
		for (const [name, p] of this.procs) {
			try {
				process.kill(-p.child.pid, 0);
				out[name] = p.child.pid;
			} catch {
				/* gone */
			}
		}
		return out;
	}

	/**
	 * Which worker ran which execution, from the worker logs ("Worker started execution <id> (job <n>)";
	 * Postgres keeps no worker id). { started: { id: worker }, finished: { id: worker } }.
	 */
	workerRuns() {
		const started = {};
		const finished = {};
		for (const w of this.workerNames()) {
			const file = path.join(this.logDir, `${w}.log`);
			if (!fs.existsSync(file)) continue;
			const text = fs.readFileSync(file, 'utf8');
			for (const m of text.matchAll(/Worker started execution (\d+) \(job/g)) (started[m[1]] = started[m[1]] || []).push(w);
			for (const m of text.matchAll(/Worker finished execution (\d+) \(job/g)) (finished[m[1]] = finished[m[1]] || []).push(w);
		}
		return { started, finished };
	}

	/** Executions in Postgres: [{ id, workflowId, mode, status }]. */
	async executions(where = 'true') {
		const rows = await this.sql(`select id, "workflowId", mode, status from execution_entity where ${where} order by id`);
		return rows.map(([id, workflowId, mode, status]) => ({ id, workflowId, mode, status }));
	}

	/** n8n's stored run data of one execution (flatted JSON, parsed with n8n's own copy of flatted). */
	async executionData(id) {
		const [row] = await this.sql(`select data from execution_data where "executionId" = ${Number(id)}`);
		if (!row) return null;
		const flatted = require(require.resolve('flatted', { paths: [path.join(this.runtime.dir, 'node_modules', 'n8n')] }));
		return flatted.parse(row[0]);
	}

	cleanup(opts) {
		for (const p of this.procs.values()) killGroup(p.child.pid, 'SIGKILL');
		super.cleanup(opts);
	}
}

module.exports = { QueueStack, missingSystemDeps, postgresBin };
