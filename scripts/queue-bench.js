#!/usr/bin/env node
'use strict';
// npm run bench:queue: throughput of the nodes in n8n queue mode with 1 worker, then 2 workers
// (a fresh stack each: Redis + Postgres + main + N workers, scripts/lib/queue.js), against the
// vendor sandbox on 127.0.0.1. Two workloads, the ones of test/queue:
//   sync      the sync workflow: <customers> per vendor in batches of <batch>, four vendor nodes per
//             batch; one execution per batch, all enqueued at once through a Webhook trigger (a
//             schedule would pace it) (upserts/s = 4 x customers / first claim to last ack)
//   webhook   <calls> concurrent webhook calls, one customer each, four vendors per call (calls/s)
// Each stack first runs one webhook call and one small batch, so tokens and sessions are in the
// credentials and the workers are warm. Prints a table; writes test-output/queue/bench-<version>.json.
// A benchmark prints figures; it asserts only that every write arrived.
//
// Options: --workers 1,2  --customers 2000  --batch 200  --calls 200  --n8n-version 2.41.1  --concurrency 10

const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT, ensureN8n } = require('./lib/n8n');
const { QueueStack } = require('./lib/queue');
const { buildAndStage } = require('./lib/stage');
const { seconds } = require('./lib/proc');

function parseArgs(argv) {
	const a = { workers: [1, 2], customers: 2000, batch: 200, calls: 200, version: '2.41.1', concurrency: 10 };
	for (let i = 0; i < argv.length; i++) {
		const [k, inline] = argv[i].split('=');
		const v = inline !== undefined ? inline : argv[++i];
		if (k === '--workers') a.workers = v.split(',').map(Number);
		else if (k === '--customers') a.customers = Number(v);
		else if (k === '--batch') a.batch = Number(v);
		else if (k === '--calls') a.calls = Number(v);
		else if (k === '--n8n-version') a.version = v;
		else if (k === '--concurrency') a.concurrency = Number(v);
		else throw new Error(`unknown argument ${k}`);
	}
	return a;
}

const say = (l) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn, timeoutMs, what) {
	const t = Date.now();
	while (!(await fn())) {
		if (Date.now() - t > timeoutMs) throw new Error(`timed out waiting for ${what}`);
		await sleep(200);
	}
}

async function benchOne({ runtime, pkgDir, workDir, workers, args, S, startSandbox, credentialsFor, sandboxConfigFor }) {
	const sb = await startSandbox({ port: 0, host: '127.0.0.1', quiet: true });
	for (const cfg of sandboxConfigFor(S.CREDENTIAL_TYPES)) sb.configure(cfg);
	const src = await S.startSource({ leaseMs: 3600000 });
	const stack = new QueueStack(runtime, { pkgDir, workDir, workers, concurrency: args.concurrency, log: say });
	try {
		await stack.init();
		await stack.importCredentials(credentialsFor(sb, S.CREDENTIAL_TYPES));
		await stack.importWorkflows([S.webhookWorkflow(), S.syncWorkflow(src.url, { trigger: 'webhook' })]);
		await stack.activate(['qCustomerHook', 'qCustomerSync']);
		await stack.start();
		const call = (c) =>
			fetch(`${stack.url}/webhook/${S.WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...c, notes: 'bench' }) }).then(async (r) => {
				await r.text();
				return r.status;
			});
		// one execution per batch, all enqueued at once (the sync workflow with a Webhook trigger)
		const enqueueBatches = async (n) => {
			const statuses = await Promise.all(
				Array.from({ length: n }, () => fetch(`${stack.url}/webhook/${S.SYNC_WEBHOOK_PATH}`, { method: 'POST' }).then(async (r) => (await r.text(), r.status))),
			);
			assert.deepEqual([...new Set(statuses)], [200]);
		};
		// warm-up: tokens and sessions into the credentials, code paths loaded on the workers
		assert.equal(await call(S.makeCustomers('D', 1)[0]), 200);
		src.load(S.makeCustomers('D', 2 * workers, 1), 1);
		await enqueueBatches(2 * workers);
		await waitFor(() => src.done(), 120000, 'the warm-up batches');

		// sync
		const customers = S.makeCustomers('B', args.customers);
		src.load(customers, args.batch);
		const t = Date.now();
		await enqueueBatches(src.batches.length);
		const enqueueMs = Date.now() - t;
		await waitFor(() => src.done(), 30 * 60 * 1000, 'the sync');
		const first = Math.min(...src.claims.map((c) => c.at));
		const last = Math.max(...src.claims.map((c) => c.ackedAt));
		const syncMs = last - first;
		const keys = new Set(customers.flatMap((c) => [c.id, c.code]));
		const writes = S.vendorWrites(sb.requests).filter((w) => keys.has(w.key));
		assert.equal(writes.length, 4 * args.customers, 'every customer reached every vendor once');
		const byWorker = {};
		const { started } = stack.workerRuns();
		for (const c of src.claims) for (const w of started[c.execution] || ['?']) byWorker[w] = (byWorker[w] || 0) + 1;

		// webhook
		const w0 = Date.now();
		const statuses = await Promise.all(S.makeCustomers('B', args.calls, args.customers).map(call));
		const webhookMs = Date.now() - w0;
		assert.deepEqual([...new Set(statuses)], [200]);
		say(`${workers} worker(s): sync ${seconds(syncMs)} (enqueue calls answered in ${seconds(enqueueMs)}, first batch started after ${seconds(first - t)}), webhook ${seconds(webhookMs)}`);
		return {
			workers,
			loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10,
			syncMs,
			enqueueMs, // the batch webhook calls (answered on receipt) until the last reply
			firstBatchStartedMs: first - t, // from the first call until the first batch was claimed
			upsertsPerSecond: Math.round((4 * args.customers) / (syncMs / 1000)),
			customersPerSecond: Math.round(args.customers / (syncMs / 1000)),
			batchesByWorker: byWorker,
			webhookMs,
			callsPerSecond: Math.round((args.calls / webhookMs) * 1000 * 10) / 10,
			auth: S.authCounts(sb.state),
		};
	} finally {
		await stack.stop();
		stack.cleanup();
		await sb.close();
		await src.close();
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const S = require('../test/queue/scenario');
	const { startSandbox } = require('../test/sandbox');
	const { credentialsFor, sandboxConfigFor } = require('../test/e2e/credentials');
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-queue-bench-'));
	try {
		const staged = await buildAndStage({ workDir, log: say });
		const runtime = await ensureN8n(args.version, { log: say });
		const rows = [];
		for (const workers of args.workers) {
			rows.push(await benchOne({ runtime, pkgDir: staged.pkgDir, workDir, workers, args, S, startSandbox, credentialsFor, sandboxConfigFor }));
		}
		const out = { n8nVersion: args.version, machine: { cpus: os.cpus().length, model: os.cpus()[0].model, memGiB: Math.round(os.totalmem() / 2 ** 30) }, args, rows, at: new Date().toISOString() };
		// other work on the machine skews every figure: the load average says how much there was
		const dir = path.join(ROOT, 'test-output', 'queue');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, `bench-${args.version}.json`), `${JSON.stringify(out, null, 2)}\n`);
		say('');
		say(`n8n ${args.version} queue mode on ${out.machine.cpus} cores; sync ${args.customers} customers x 4 vendors in batches of ${args.batch}; ${args.calls} concurrent webhook calls x 4 vendors`);
		say('workers | sync time | upserts/s | customers/s (x4 vendors) | batches per worker | webhook calls/s | load avg 1 min');
		for (const r of rows) {
			say(`${r.workers} | ${seconds(r.syncMs)} | ${r.upsertsPerSecond} | ${r.customersPerSecond} | ${JSON.stringify(r.batchesByWorker)} | ${r.callsPerSecond} | ${r.loadAverage1m}`);
		}
	} finally {
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		process.stderr.write(`queue bench failed: ${e.stack || e}\n`);
		process.exit(1);
	},
);
