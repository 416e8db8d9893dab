#!/usr/bin/env node
'use strict';
// npm run demo: the example workflows (examples/*.json) in the real n8n, against
// the local vendor sandbox, with a summary table.
//
//   1. build, npm pack, install the tarball the way a user's n8n would (scripts/lib/stage.js)
//   2. start the vendor sandbox on 127.0.0.1 (in this process)
//   3. n8n 1.123.81, installed into ~/.cache/n8n-nodes-customer-sync on first use (4-5 min)
//   4. import the sandbox credentials and the workflows, run each workflow as often as
//      test/e2e/manifest.js says (the Hyfin sync twice: first "added", then "updated")
//   5. print vendor x added/updated/failed; save the full output in test-output/demo/
//
// Options: --n8n-version X (or N8N_DEMO_VERSION; default 1.123.81, also 2.41.1), --keep
// (keep the temp n8n user folder and its logs), --queue (queue mode, below).
//
// --queue: the same workflows through n8n's scale-out: Redis + PostgreSQL (throwaway, 127.0.0.1;
// installed by scripts/system-deps.sh), one n8n main (EXECUTIONS_MODE=queue) and two `n8n worker`
// (scripts/lib/queue.js). `n8n execute` does not use the queue, so each example's Manual Trigger is
// swapped for a Webhook trigger of the same name (test/queue/examples.js): main takes the call and
// enqueues it, a worker runs the example's nodes. The table says which worker ran each run.

const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT, ensureN8n, N8nSession, n8nDir } = require('./lib/n8n');
const { buildAndStage } = require('./lib/stage');
const { seconds } = require('./lib/proc');
const { QueueStack } = require('./lib/queue');

function parseArgs(argv) {
	const args = { version: process.env.N8N_DEMO_VERSION || '1.123.81', keep: false, queue: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--n8n-version') args.version = argv[++i];
		else if (a.startsWith('--n8n-version=')) args.version = a.slice('--n8n-version='.length);
		else if (a === '--keep') args.keep = true;
		else if (a === '--queue') args.queue = true;
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new Error(`unknown argument ${a}`);
	}
	return args;
}

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const red = (s) => (process.stdout.isTTY ? `\x1b[31m${s}\x1b[0m` : s);
const green = (s) => (process.stdout.isTTY ? `\x1b[32m${s}\x1b[0m` : s);
const say = (s = '') => process.stdout.write(`${s}\n`);

function table(headers, rows) {
	const cells = [headers, ...rows].map((r) => r.map(String));
	const widths = headers.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
	const line = (r) => `  ${r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  │  ')}`;
	const sep = `  ${widths.map((w) => '─'.repeat(w)).join('──┼──')}`;
	return [line(cells[0]), sep, ...cells.slice(1).map(line)].join('\n');
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		say('usage: npm run demo [-- --n8n-version 1.123.81|2.41.1] [--keep] [--queue]');
		return 0;
	}
	// loaded late: the manifest pulls in the sandbox
	const { startSandbox } = require('../test/sandbox');
	const { EXAMPLES, prepare, runOnce, verify, credentialTypes } = require('../test/e2e/runner');
	const { credentialsFor, sandboxConfigFor } = require('../test/e2e/credentials');
	const { asWebhookWorkflow, runOnceQueued } = require('../test/queue/examples');

	const t0 = Date.now();
	const outDir = path.join(ROOT, 'test-output', args.queue ? 'demo-queue' : 'demo');
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-demo-'));
	const log = (l) => say(`    ${l}`);

	const mode = args.queue ? ' in queue mode (main + 2 workers, Redis, Postgres)' : '';
	say(bold(`n8n-nodes-customer-sync demo: ${EXAMPLES.length} example workflows in the real n8n ${args.version}${mode}, against the local vendor sandbox`));
	say();
	say(bold('[1/5] Build the package and install its npm tarball as n8n would'));
	const staged = await buildAndStage({ workDir, log });

	say(bold('[2/5] Start the vendor sandbox'));
	const sb = await startSandbox({ port: 0, host: '127.0.0.1', quiet: true });
	say(`    ${sb.url} (${sb.vendors.map((v) => `${v}: ${sb.baseUrl(v)}`).join(', ')})`);

	let session;
	let exitCode = 0;
	try {
		say(bold(`[3/5] n8n ${args.version}`));
		const runtime = await ensureN8n(args.version, { log });
		say(`    ${runtime.n8nBin} on node v${runtime.nodeVersion} (cache: ${n8nDir(args.version)})`);
		if (args.queue) {
			session = new QueueStack(runtime, { pkgDir: staged.pkgDir, workDir, log, workers: 2 });
			await session.init();
			say(`    user folders under ${session.userFolder} (main, worker1, worker2); the package linked into each as .n8n/nodes/node_modules/n8n-nodes-customer-sync`);
		} else {
			session = new N8nSession(runtime, { pkgDir: staged.pkgDir, workDir, log });
			await session.init();
			say(`    user folder ${session.userFolder}; package linked as .n8n/nodes/node_modules/n8n-nodes-customer-sync`);
		}

		say(bold('[4/5] Import the sandbox credentials and the workflows'));
		if (args.queue) {
			// as runner.prepare, with the Manual Trigger swapped for a Webhook; activated before main starts
			sb.reset();
			for (const cfg of sandboxConfigFor(credentialTypes(EXAMPLES))) sb.configure(cfg);
			await session.importCredentials(credentialsFor(sb, credentialTypes(EXAMPLES)));
			await session.importWorkflows(EXAMPLES.map(asWebhookWorkflow));
			await session.activate(EXAMPLES.map((e) => e.id));
			await session.start();
			say(`    main ${session.url}, workers: ${session.workerNames().join(', ')} (concurrency ${session.concurrency} each)`);
		} else {
			await prepare(session, sb, EXAMPLES);
		}

		say(bold('[5/5] Run the workflows'));
		const runs = [];
		for (const example of EXAMPLES) {
			const memo = {};
			for (let i = 0; i < example.runs.length; i++) {
				const run = example.runs[i];
				const r = args.queue ? await runOnceQueued(session, sb, example, i, memo) : await runOnce(session, sb, example, i, memo);
				let problem = null;
				try {
					verify(example, i, r);
				} catch (e) {
					problem = e.message;
					exitCode = 1;
				}
				const file = path.join(outDir, `${example.id}-run${i + 1}.json`);
				fs.writeFileSync(file, `${JSON.stringify(r.result.execution, null, 2)}\n`);
				const c = r.counts;
				const what = ['added', 'updated', 'upserted', 'failed'].filter((k) => c[k]).map((k) => `${c[k]} ${k}`).join(', ') || 'no results';
				const where = r.worker ? `, execution ${r.executionId} on ${r.worker}` : '';
				say(`    ${problem ? red('✗') : green('✓')} ${example.title} — ${run.label}: ${what} (${seconds(r.result.ms)}${where})`);
				if (problem) say(red(`        ${problem.split('\n').join('\n        ')}`));
				runs.push({ example, runIndex: i, label: run.label, counts: c, ms: r.result.ms, problem, file, nodes: r.result.nodes, outputs: r.result.outputs, worker: r.worker, executionId: r.executionId });
			}
		}

		// vendor x action, from the normalized results themselves
		const byVendor = {};
		for (const r of runs) {
			for (const name of r.example.resultNodes) {
				let nodeVendor;
				for (const item of r.nodes[name] || []) {
					const v = item.vendor || r.example.vendors[0];
					nodeVendor = nodeVendor || item.vendor;
					const row = (byVendor[v] = byVendor[v] || { added: 0, updated: 0, upserted: 0, failed: 0 });
					if (item.success === false || !item.action) row.failed += 1;
					else row[item.action] += 1;
				}
				// items on the node's error output (On Error → Continue (using error output)) are { error } only
				const failedOnErrorOutput = (((r.outputs || {})[name] || [])[1] || []).length;
				if (failedOnErrorOutput) {
					const v = nodeVendor || r.example.vendors[0];
					(byVendor[v] = byVendor[v] || { added: 0, updated: 0, upserted: 0, failed: 0 }).failed += failedOnErrorOutput;
				}
			}
			if (r.counts.total === 0 && r.counts.failed) {
				const v = r.example.vendors[0];
				(byVendor[v] = byVendor[v] || { added: 0, updated: 0, upserted: 0, failed: 0 }).failed += 1;
			}
		}
		say();
		say(bold(`Summary: n8n ${args.version}${mode}, ${runs.length} workflow runs`));
		say();
		say(
			table(
				['vendor', 'added', 'updated', 'upserted', 'failed'],
				Object.entries(byVendor).map(([v, c]) => [v, c.added, c.updated, c.upserted, c.failed]),
			),
		);
		say();
		say(
			table(
				['workflow run', 'added', 'updated', 'failed', 'time', ...(args.queue ? ['worker'] : []), 'checks'],
				runs.map((r) => [
					`${r.example.title}: ${r.label}`,
					r.counts.added,
					r.counts.updated,
					r.counts.failed,
					seconds(r.ms),
					...(args.queue ? [r.worker] : []),
					r.problem ? 'FAILED' : 'ok',
				]),
			),
		);
		if (args.queue) {
			const per = {};
			for (const r of runs) per[r.worker] = (per[r.worker] || 0) + 1;
			say();
			say(`  Runs per worker: ${Object.entries(per).map(([w, n]) => `${w} ${n}`).join(', ')} (from the workers' logs: "Worker started execution <id>")`);
		}
		// the same shape from every vendor: the first successful result of each (raw left out: it is the vendor's own reply)
		const samples = {};
		for (const r of runs) {
			for (const name of r.example.resultNodes) {
				for (const item of r.nodes[name] || []) {
					if (item.success && item.vendor && !samples[item.vendor]) samples[item.vendor] = item;
				}
			}
		}
		if (Object.keys(samples).length) {
			say();
			say('  One normalized result per vendor (raw = the vendor\'s reply, left out here):');
			for (const item of Object.values(samples)) {
				const { raw, ...rest } = item;
				say(`    ${JSON.stringify({ ...rest, raw: raw === undefined ? undefined : '…' })}`);
			}
		}
		const summary = {
			n8nVersion: args.version,
			queueMode: args.queue,
			sandbox: sb.url,
			byVendor,
			runs: runs.map((r) => ({ workflow: r.example.file, title: r.example.title, run: r.label, counts: r.counts, ms: r.ms, problem: r.problem, output: path.relative(ROOT, r.file), worker: r.worker, executionId: r.executionId })),
			timings: { stage: staged.timings, n8n: session.timings, totalMs: Date.now() - t0 },
		};
		fs.writeFileSync(path.join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
		say();
		say(`  Full output (n8n's execution JSON per run, and summary.json): ${path.relative(process.cwd(), outDir) || '.'}/`);
		if (args.keep) say(`  n8n user folder and logs kept: ${session.userFolder}`);
		say(`  ${exitCode ? red('Some checks failed.') : green('All checks passed.')} Took ${seconds(Date.now() - t0)}.`);
	} finally {
		if (session && args.queue) await session.stop();
		await sb.close();
		if (session) session.cleanup({ keep: args.keep });
		if (!args.keep) fs.rmSync(workDir, { recursive: true, force: true });
	}
	return exitCode;
}

main().then(
	(code) => process.exit(code),
	(err) => {
		process.stderr.write(`demo failed: ${err.stack || err}\n`);
		process.exit(1);
	},
);
