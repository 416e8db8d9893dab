#!/usr/bin/env node
'use strict';
// npm run bench: our vendor nodes against n8n's HTTP Request node and a raw HTTP client, in
// the real n8n, against the sandbox with added latency. See bench/README.md.
//
//   1. build, npm pack, install the tarball as a user's n8n gets it (scripts/lib/stage.js)
//   2. the sandbox in its own process; n8n (1.123.81 by default) with a throwaway user folder
//   3. import the credentials and one workflow per (vendor, client, item count)
//   4. per vendor and client: a baseline run (10 items), the measured run (N items, added
//      latency) and a CPU run (N items, 0 ms latency); the raw client runs as its own process
//   5. print the table and the targets; save bench/results/<date>-<n8n version>.json

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const { ROOT, ensureN8n, N8nSession } = require('../scripts/lib/n8n');
const { buildAndStage } = require('../scripts/lib/stage');
const { run, seconds } = require('../scripts/lib/proc');
const { parseArgs, splitClient, nodeClient, USAGE } = require('./lib/args');
const { splitRun } = require('./lib/cpuprofile');
const { executeMeasured } = require('./lib/execute');
const procstat = require('./lib/procstat');
const { renderTable, renderRateTable, renderProfileSplit, renderTargets, summarize, targets } = require('./lib/report');
const { startSandboxProcess } = require('./lib/sandbox');
const { VENDORS } = require('./lib/vendors');
const { buildWorkflow, workflowId, TARGET } = require('./lib/workflows');
const { runResync } = require('./lib/resync');

const round1 = (x) => Math.round(x * 10) / 10;
const say = (s = '') => process.stdout.write(`${s}\n`);
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

const KEEPALIVE_PRELOAD = path.join(__dirname, 'lib', 'keepalive-preload.js');

function clientSpec(name, args) {
	const node = nodeClient(name);
	if (node) return { kind: 'node', ...node };
	if (name === 'http') return { kind: 'http' };
	if (name === 'http-batch') return { kind: 'http', batch: args.batch };
	return { kind: 'raw' };
}

/** What the sandbox received, reduced to what must be equal between the clients. */
function requestSignatures(requests, vendor) {
	const isLogin = vendor.isLogin || (() => false);
	return requests
		.filter((r) => !isLogin(r.path) && r.status >= 200 && r.status < 300)
		.map((r) => ({
			method: r.method,
			path: r.path,
			contentType: String(r.headers['content-type'] || '').split(';')[0].trim().toLowerCase(),
			accept: r.headers.accept || null,
			auth: String(r.headers.authorization || '').split(' ')[0] || null,
			// a form as its fields in order: clients may percent-encode the same text differently (+ or %20)
			body: r.json !== undefined ? r.json : r.form !== undefined ? Object.entries(r.form) : r.rawBody,
		}))
		.sort((a, b) => (a.path + JSON.stringify(a.body) < b.path + JSON.stringify(b.body) ? -1 : 1));
}

function compareSignatures(reference, mine) {
	if (reference.length !== mine.length) return `${mine.length} accepted requests, ours ${reference.length}`;
	for (let i = 0; i < mine.length; i++) {
		for (const k of Object.keys(reference[i])) {
			const a = JSON.stringify(reference[i][k]);
			const b = JSON.stringify(mine[i][k]);
			if (a !== b) return `request ${i + 1}: ${k} ${b} (ours ${a})`;
		}
	}
	return null;
}

/** The output items of the node under test, and how many say success. */
function countResults(clientName, runData) {
	const runs = runData[TARGET] || [];
	const last = runs[runs.length - 1];
	const items = (last && last.data && last.data.main && last.data.main[0]) || [];
	const good = items.filter((it) => (clientName.startsWith('node') ? it.json.success === true : !it.json.error)).length;
	return { out: items.length, good, startTime: last ? last.startTime : null, executionTime: last ? last.executionTime : null };
}

async function measureN8n({ session, sb, vendor, clientName, n, latencyMs, phase, label, profile, rateLimit, stageDir }) {
	await sb.prepare({ configs: [vendor.sandboxConfig], latencyMs, rateLimit });
	const { base, keepAlive } = splitClient(clientName);
	const id = workflowId(vendor.name, base, n);
	let env = {};
	if (profile) {
		env = { BENCH_CPU_PROFILE_DIR: path.join(profile, label) };
		fs.mkdirSync(env.BENCH_CPU_PROFILE_DIR, { recursive: true });
	}
	const r = await executeMeasured(session, id, { name: `${label}`, env, preload: keepAlive ? [KEEPALIVE_PRELOAD] : [] });
	const state = await sb.state(vendor.name);
	const results = countResults(base, r.runData);
	const end = results.startTime + results.executionTime;
	const rssNode = results.startTime ? procstat.rssWindow(r.cpu.samples, results.startTime, end) : {};
	const rec = {
		vendor: vendor.name,
		client: clientName,
		phase,
		n,
		latencyMs,
		ok: r.ok && results.out === n && results.good === n,
		problem: null,
		nodeMs: results.executionTime,
		itemsPerSec: results.executionTime ? n / (results.executionTime / 1000) : null,
		wallMs: r.wallMs,
		peakRssKb: r.mem.peakRssKb,
		mainHwmKb: r.mem.peakHwmKb,
		// while the node ran; the rest of the peak comes after it (n8n saving and printing the execution)
		rssNodeStartKb: rssNode.startKb,
		rssNodeEndKb: rssNode.endKb,
		peakRssNodeKb: rssNode.peakKb,
		processes: r.mem.peakProcs,
		cpuTotalMs: r.cpu.totalMs,
		cpuMainMs: r.cpu.mainMs,
		cpuNodeWindowMs: results.startTime ? procstat.cpuBetween(r.cpu.samples, results.startTime, end) : null,
		logins: vendor.logins(state),
		stored: vendor.stored(state),
		itemsOut: results.out,
		itemsGood: results.good,
	};
	if (!rec.ok) {
		rec.problem = r.error
			? `${r.error.message}${r.error.description ? ` (${r.error.description})` : ''}`
			: `${results.good}/${n} items succeeded, ${results.out} out (exit ${r.code}; log ${r.logFile})`;
	}
	if (rateLimit) {
		// what the vendor holds: an item counts when the vendor stored it (the HTTP Request node
		// stops at its first error, so its output says nothing about the items that got through)
		const rl = await sb.rateStats(vendor.name);
		rec.rateLimited = rl.limited;
		rec.ratePassed = rl.passed;
		rec.successRate = rec.stored / n;
		rec.workflowError = r.error ? `${r.error.message}${r.error.description ? ` (${r.error.description})` : ''}` : null;
		// items lost to 429s are the result being measured, not a failed run
		rec.ok = true;
	}
	if (keepAlive) {
		rec.keepAlive = r.keepAlive;
		if (!r.keepAlive || !r.keepAlive.patched.length || !r.keepAlive.shared) {
			rec.ok = false;
			rec.problem = `--keepalive-experiment: the preload did not take effect (${JSON.stringify(r.keepAlive)})`;
		}
	}
	if (profile && results.startTime) {
		rec.cpuSplit = splitRun({
			dir: env.BENCH_CPU_PROFILE_DIR,
			pid: r.pid,
			startTime: results.startTime,
			executionTime: results.executionTime,
			n,
			ownDirs: stageDir ? [stageDir] : [],
		});
	}
	if (phase === 'base') rec.signatures = requestSignatures(await sb.requests(vendor.name), vendor);
	return rec;
}

async function measureRaw({ runtime, sb, vendor, n, latencyMs, concurrency, phase }) {
	await sb.prepare({ configs: [vendor.sandboxConfig], latencyMs });
	const arg = JSON.stringify({ vendor: vendor.name, n, concurrency, sandboxUrl: sb.url });
	const env = { ...process.env };
	delete env.NODE_OPTIONS;
	const r = await run(runtime.nodeBin, [path.join(__dirname, 'lib', 'raw-client.js'), arg], { env, timeoutMs: 20 * 60 * 1000 });
	if (r.code !== 0) throw new Error(`raw client failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
	const out = JSON.parse(r.stdout.trim().split('\n').pop());
	const state = await sb.state(vendor.name);
	const rec = {
		vendor: vendor.name,
		client: 'raw',
		phase,
		n,
		latencyMs,
		ok: out.succeeded === n,
		problem: out.succeeded === n ? null : `${out.failed} of ${n} failed: ${out.firstError}`,
		nodeMs: out.loopMs,
		itemsPerSec: n / (out.loopMs / 1000),
		wallMs: r.ms,
		peakRssKb: out.maxRssKb,
		cpuTotalMs: out.cpuMs,
		logins: vendor.logins(state),
		stored: vendor.stored(state),
		itemsOut: out.succeeded + out.failed,
		itemsGood: out.succeeded,
	};
	if (phase === 'base') rec.signatures = requestSignatures(await sb.requests(vendor.name), vendor);
	return rec;
}

function describeRun(r) {
	const parts = [
		`${r.itemsPerSec ? r.itemsPerSec.toFixed(1) : '—'} items/s`,
		`node ${seconds(r.nodeMs || 0)}`,
		`RSS ${(r.peakRssKb / 1024).toFixed(0)} MB`,
		`CPU ${seconds(r.cpuTotalMs || 0)}`,
	];
	if (r.logins !== null && r.logins !== undefined) parts.push(`tokens ${r.logins}`);
	if (r.rateLimited !== undefined) parts.push(`stored ${r.stored}/${r.n}, 429s ${r.rateLimited}`);
	if (r.keepAlive) parts.push(`keep-alive: ${r.keepAlive.shared} requests on ${r.keepAlive.socketsOpened} sockets`);
	if (r.cpuSplit) {
		const u = r.cpuSplit.perItemUs;
		parts.push(`CPU/item ${r.cpuSplit.totalPerItemUs} µs: expr ${u.expression}, request ${u.request}, ours ${u.ours}`);
	}
	return `${parts.join(', ')}${r.ok ? '' : `  FAILED: ${r.problem}`}`;
}

function gitCommit() {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials'], { cwd: ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${head} (+ uncommitted changes in nodes/ or credentials/)` : head;
	} catch {
		return null;
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		say(USAGE);
		return 0;
	}
	if (args.scenario === 'resync') return await runResync({ args, say, bold, log: (l) => say(`    ${l}`) });
	const vendors = args.vendors.map((v) => VENDORS[v]);
	const startedAt = new Date();
	const log = (l) => say(`    ${l}`);
	const rateLimit = args.scenario === 'rate-limit' ? { rate: args.rate, burst: args.burst, headers: args.rateHeaders } : null;
	say(
		bold(
			`n8n-nodes-customer-sync bench: ${args.items} customers per run, +${args.latencyMs} ms per request, ` +
				`concurrency ${args.concurrency}, n8n ${args.n8n}, vendors ${args.vendors.join(', ')}` +
				(rateLimit ? `; rate limit ${args.rate} req/s, burst ${args.burst}, ${args.rateHeaders}` : '') +
				(args.keepaliveExperiment ? '; with the keep-alive experiment' : ''),
		),
	);
	const before = procstat.conditions();
	say(`    machine: ${before.cpus} CPUs (${before.cpuModel}), load ${before.loadavg.join(' ')}, ${before.freeMemMb} MB free`);

	const runtime = await ensureN8n(args.n8n, { log });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-bench-'));
	say(bold('[1/4] Build, pack and install the package as n8n would'));
	const staged = await buildAndStage({ workDir, build: args.build, log });

	say(bold('[2/4] Sandbox and n8n'));
	const sb = await startSandboxProcess();
	log(`sandbox ${sb.url} (pid ${sb.pid})`);
	const session = new N8nSession(runtime, { pkgDir: staged.pkgDir, workDir, log, timeoutMs: 20 * 60 * 1000 });
	const runs = [];
	let exitCode = 0;
	try {
		await session.init();
		log(`n8n ${runtime.version} on node v${runtime.nodeVersion}, user folder ${session.userFolder}`);

		say(bold('[3/4] Import credentials and workflows'));
		const creds = [];
		const workflows = [];
		for (const vendor of vendors) {
			const c = vendor.credentials(sb);
			for (const entry of Object.values(c)) if (entry && !creds.some((x) => x.id === entry.id)) creds.push(entry);
			// the "+ka" clients run the same workflows as their base client
			for (const clientName of [...new Set(args.clients.filter((x) => x !== 'raw').map((x) => splitClient(x).base))]) {
				for (const n of [args.baseline, args.items]) {
					workflows.push(buildWorkflow({ vendor, clientName, client: clientSpec(clientName, args), n, sb, credentials: c, concurrency: args.concurrency }));
				}
			}
		}
		await session.importCredentials(creds);
		await session.importWorkflows(workflows);
		log(`${creds.length} credentials, ${workflows.length} workflows`);

		say(bold('[4/4] Measure'));
		for (let rep = 1; rep <= args.repeat; rep++) {
			for (const vendor of vendors) {
				for (const clientName of args.clients) {
					const phases = rateLimit
						? [{ phase: 'main', n: args.items, latencyMs: args.latencyMs }]
						: [
								{ phase: 'base', n: args.baseline, latencyMs: args.latencyMs, once: true },
								{ phase: 'main', n: args.items, latencyMs: args.latencyMs },
							];
					// batching only adds pauses to the default's code path: its CPU per item is the default's
					if (args.cpu && splitClient(clientName).base !== 'http-batch') phases.push({ phase: 'cpu', n: args.items, latencyMs: 0 });
					for (const p of phases) {
						if (p.once && rep > 1) continue;
						const label = `${vendor.name}-${clientName}-${p.phase}-${p.n}-r${rep}`;
						const rec =
							clientName === 'raw'
								? await measureRaw({ runtime, sb, vendor, n: p.n, latencyMs: p.latencyMs, concurrency: args.concurrency, phase: p.phase })
								: await measureN8n({
										session,
										sb,
										vendor,
										clientName,
										n: p.n,
										latencyMs: p.latencyMs,
										phase: p.phase,
										label,
										profile: args.profile,
										rateLimit,
										stageDir: staged.stageDir,
									});
						rec.scenario = args.scenario;
						rec.repeat = rep;
						rec.loadavg = os.loadavg()[0];
						runs.push(rec);
						log(`${vendor.name.padEnd(8)} ${clientName.padEnd(13)} ${p.phase.padEnd(4)} ${String(p.n).padStart(5)} items @${p.latencyMs} ms: ${describeRun(rec)}`);
					}
				}
				// the same requests from every client: compare the baseline runs' request logs with ours
				// (version 1's Fields Below when it ran, else the first of our node's input modes)
				const refClient = args.clients.includes('node') ? 'node' : args.clients.find((c) => nodeClient(c));
				const ours = runs.find((r) => r.vendor === vendor.name && r.client === refClient && r.phase === 'base');
				for (const r of runs.filter((x) => x.vendor === vendor.name && x.phase === 'base' && x.signatures)) {
					if (!ours || !ours.signatures) continue;
					r.requestDiff = compareSignatures(ours.signatures, r.signatures);
					r.sameRequests = r.requestDiff === null;
					if (r.requestDiff) log(`${vendor.name} ${r.client}: not the same requests as our node: ${r.requestDiff}`);
				}
			}
		}
	} catch (error) {
		exitCode = 1;
		say(`\nbench failed: ${error.stack || error}`);
	} finally {
		await sb.close();
		session.cleanup({ keep: args.keep });
		if (!args.keep) fs.rmSync(workDir, { recursive: true, force: true });
		else say(`    kept ${workDir}`);
	}
	if (!runs.length) return 1;

	const rows = summarize(runs, args);
	const goals = targets(rows, args);
	const after = procstat.conditions();
	say();
	say(bold(`Results: n8n ${args.n8n} (node v${runtime.nodeVersion}), ${args.items} items, +${args.latencyMs} ms latency, concurrency ${args.concurrency}, median of ${args.repeat}`));
	say();
	if (rateLimit) {
		say(renderRateTable(rows));
		say();
		say(`  rate limit: ${args.rate} req/s per vendor, burst ${args.burst}, 429s with ${args.rateHeaders}; floor N/R = ${round1(args.items / args.rate)} s`);
		say('  success: customers the vendor stored / N; × floor: node time / (N/R); 429s: requests the sandbox limited');
		say(`  HTTP Request batching: ${args.batch.size} items per batch, ${args.batch.intervalMs} ms between batches`);
	} else {
		say(renderTable(rows));
		say();
		say('  × ceiling: items/s ÷ min(C / (latency + cpu), 1 / cpu), cpu = CPU/item (node) of the 0 ms run, C = requests in flight');
	}
	if (args.profile) {
		say();
		say(bold('CPU per item while the node ran, from the profiles (self time by script URL)'));
		say(renderProfileSplit(rows));
	}
	say();
	if (!rateLimit) {
		say('  items/s: items / the node\'s execution time (runData executionTime); raw: items / its loop time, token included');
		say('  peak RSS: n8n execute and its child processes together; growth: minus the same workflow with ' + `${args.baseline} items`);
		say('  tokens: tokens/logins the sandbox issued during the run (the sandbox is reset before every run, so a stored token is stale)');
		say(`  CPU/item: (process CPU of ${args.items} items at 0 ms latency − CPU of ${args.baseline} items) / ${args.items - args.baseline}; (node): CPU while the node ran / items`);
		say(`  HTTP Request batching: ${args.batch.size} items per batch, ${args.batch.intervalMs} ms between batches`);
		if (args.keepaliveExperiment) say('  +ka: the same client in an n8n whose n8n-core reuses keep-alive agents (bench/lib/keepalive-preload.js)');
		say();
	}
	say(bold('Targets'));
	say(renderTargets(goals));
	say();
	say(`  conditions: load ${before.loadavg.join(' ')} before, ${after.loadavg.join(' ')} after; ${before.cpus} CPUs; took ${seconds(Date.now() - startedAt.getTime())}`);

	if (args.save) {
		const dir = path.join(ROOT, 'bench', 'results');
		fs.mkdirSync(dir, { recursive: true });
		// the date first, so the newest sorts last
		const standard = args.items === 5000 && args.latencyMs === 20 && args.concurrency === 5 && !rateLimit;
		let suffix = standard ? '' : `-${args.items}items-${args.latencyMs}ms-c${args.concurrency}`;
		if (rateLimit) suffix = `-rate${args.rate}-burst${args.burst}-${args.rateHeaders}${suffix}`;
		if (args.keepaliveExperiment) suffix += '-keepalive';
		if (args.inputModes) suffix += `-modes-${args.inputModes.join('-')}`;
		// a subset of the vendors: named, so that it does not replace the run of the others
		if (args.vendors.length < Object.keys(VENDORS).length) suffix += `-${args.vendors.join('-')}`;
		const file = path.join(dir, `${startedAt.toISOString().slice(0, 10)}-${args.n8n}${suffix}.json`);
		const result = {
			date: startedAt.toISOString(),
			n8nVersion: args.n8n,
			nodeVersion: runtime.nodeVersion,
			packageVersion: staged.version,
			commit: gitCommit(),
			options: { ...args, help: undefined },
			conditions: { before, after },
			summary: rows,
			targets: goals,
			runs: runs.map(({ signatures, ...r }) => r),
		};
		fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
		say(`  saved ${path.relative(ROOT, file)}`);
	}
	return exitCode || (rows.every((r) => r.ok) ? 0 : 1);
}

main().then(
	(code) => process.exit(code),
	(error) => {
		process.stderr.write(`${error.stack || error}\n`);
		process.exit(1);
	},
);
