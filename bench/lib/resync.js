'use strict';
// npm run bench -- --scenario resync: a scheduled sync run twice with Options → Skip Unchanged.
//   run 1: N customers, all new (all sent, all recorded in n8n's deduplication store)
//   run 2: the same N, 1 % changed (every 100th customer has a new phone number): only those are sent
//   run 3: the same list as run 2 again: nothing is sent (the CPU per skipped item)
// The workflow is imported again between the runs with the changed list (same workflow id and node
// id, so the same history: n8n keys it by workflow and node). Reports the requests sent by run 2
// (target: exactly the changed ones), its wall time as a ratio of run 1's (target <= 0.05), the
// store's size and the CPU per skipped item. Saves bench/results/<date>-<n8n>-resync-<N>items-….json.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const { ROOT, ensureN8n, N8nSession } = require('../../scripts/lib/n8n');
const { buildAndStage } = require('../../scripts/lib/stage');
const { seconds } = require('../../scripts/lib/proc');
const { executeMeasured } = require('./execute');
const procstat = require('./procstat');
const { startSandboxProcess } = require('./sandbox');
const { VENDORS, customer } = require('./vendors');
const { TARGET, SOURCE } = require('./workflows');

const CHANGE_EVERY = 100; // 1 %

function resyncWorkflow({ vendor, n, changed, concurrency, credentials }) {
	const cred = credentials.node;
	const code = [
		customer.toString(),
		`const n = ${n};`,
		'const items = new Array(n);',
		`for (let i = 0; i < n; i++) { const c = customer(i); if (${changed} && i % ${CHANGE_EVERY} === 0) c.phone = c.phone + '9'; items[i] = { json: c }; }`,
		'return items;',
	].join('\n');
	const parameters = vendor.nodeParameters(concurrency);
	return {
		id: `bnresync${vendor.name.slice(0, 3)}${n}`.slice(0, 21),
		name: `bench resync ${vendor.name} ${n}`,
		nodes: [
			{ parameters: {}, id: 'b0000000-0000-4000-8000-000000000011', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
			{ parameters: { jsCode: code }, id: 'b0000000-0000-4000-8000-000000000012', name: SOURCE, type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0] },
			{
				parameters: { ...parameters, options: { ...(parameters.options || {}), skipUnchanged: true } },
				id: 'b0000000-0000-4000-8000-000000000013',
				name: TARGET,
				type: vendor.nodeType,
				typeVersion: 1,
				position: [440, 0],
				credentials: { [cred.type]: { id: cred.id, name: cred.name } },
			},
		],
		connections: {
			Start: { main: [[{ node: SOURCE, type: 'main', index: 0 }]] },
			[SOURCE]: { main: [[{ node: TARGET, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

function actionsOf(runData) {
	const runs = runData[TARGET] || [];
	const last = runs[runs.length - 1];
	const items = (last && last.data && last.data.main && last.data.main[0]) || [];
	const counts = {};
	for (const it of items) {
		const a = it.json.success === false ? 'failed' : it.json.action;
		counts[a] = (counts[a] || 0) + 1;
	}
	return { counts, startTime: last ? last.startTime : null, executionTime: last ? last.executionTime : null };
}

/** The node's row of n8n's processed_data table (SQLite): entries and bytes, when sqlite3 is installed. */
function storeSize(session, workflowId) {
	const db = path.join(session.userFolder, '.n8n', 'database.sqlite');
	try {
		const out = execFileSync('sqlite3', [db, `select length(value), json_array_length(json_extract(value, '$.data')) from processed_data where workflowId = '${workflowId}'`], { encoding: 'utf8' });
		const [bytes, entries] = out.trim().split('|').map(Number);
		return { bytes, entries, how: 'sqlite3 on processed_data' };
	} catch {
		return null;
	}
}

async function runResync({ args, say, bold, log }) {
	const vendors = args.vendors.map((v) => VENDORS[v]);
	const n = args.items;
	const runtime = await ensureN8n(args.n8n, { log });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-bench-'));
	say(bold(`resync: ${n} customers, 1 % changed, +${args.latencyMs} ms, C=${args.concurrency}, n8n ${args.n8n}`));
	const staged = await buildAndStage({ workDir, build: args.build, log });
	const sb = await startSandboxProcess();
	const session = new N8nSession(runtime, { pkgDir: staged.pkgDir, workDir, log, timeoutMs: 60 * 60 * 1000 });
	const results = [];
	try {
		await session.init();
		for (const vendor of vendors) {
			await sb.prepare({ configs: [vendor.sandboxConfig], latencyMs: args.latencyMs });
			const credentials = vendor.credentials(sb);
			await session.importCredentials(Object.values(credentials).filter(Boolean));
			const runOne = async (label, changed) => {
				const wf = resyncWorkflow({ vendor, n, changed, concurrency: args.concurrency, credentials });
				await session.importWorkflows([wf]);
				const before = (await sb.requests(vendor.name)).length;
				const r = await executeMeasured(session, wf.id, { name: `resync-${vendor.name}-${label}`, timeoutMs: 60 * 60 * 1000 });
				const sent = (await sb.requests(vendor.name)).length - before;
				const a = actionsOf(r.runData || {});
				const end = a.startTime + a.executionTime;
				const cpuNodeMs = a.startTime ? procstat.cpuBetween(r.cpu.samples, a.startTime, end) : null;
				const rec = { label, ok: r.ok, wallMs: r.wallMs, nodeMs: a.executionTime, sent, actions: a.counts, cpuNodeMs, cpuTotalMs: r.cpu.totalMs, workflowId: wf.id };
				say(`    ${vendor.name} ${label}: sent ${sent}, ${JSON.stringify(a.counts)}, node ${seconds(a.executionTime || 0)}, wall ${seconds(r.wallMs)}${r.ok ? '' : `  FAILED: ${r.error ? r.error.message : r.code}`}`);
				return rec;
			};
			const first = await runOne('first', false);
			const second = await runOne('second', true);
			const third = await runOne('third', true);
			const changed = Math.ceil(n / CHANGE_EVERY);
			const store = storeSize(session, first.workflowId);
			const rec = {
				vendor: vendor.name,
				n,
				changed,
				sentFirstRun: first.sent,
				sentSecondRun: second.sent,
				sentThirdRun: third.sent,
				// node time (the vendor node's own execution time), and the whole n8n execute for reference
				ratioToFirstRun: first.nodeMs ? Math.round((second.nodeMs / first.nodeMs) * 10000) / 10000 : null,
				wallRatioToFirstRun: Math.round((second.wallMs / first.wallMs) * 10000) / 10000,
				store: store || { entries: 3 * first.sent + 2 * second.sent, bytes: null, how: 'estimated: 3 entries per record sent, 2 per accepted change (sqlite3 not installed)' },
				cpuPerSkippedItemUs: third.cpuNodeMs !== null && third.sent === 0 ? Math.round((third.cpuNodeMs * 1000) / n) : null,
				runs: [first, second, third],
				ok: first.ok && second.ok && third.ok && second.sent === changed && third.sent === 0,
			};
			results.push(rec);
			say(
				bold(
					`    ${vendor.name}: second run sent ${rec.sentSecondRun} of ${changed} changed (target exactly ${changed}); ` +
						`time ratio ${rec.ratioToFirstRun} (node) / ${rec.wallRatioToFirstRun} (wall) (target <= 0.05); ` +
						`store ${rec.store.entries} entries${rec.store.bytes ? `, ${rec.store.bytes} bytes` : ''}; CPU per skipped item ${rec.cpuPerSkippedItemUs} µs`,
				),
			);
		}
	} finally {
		await sb.close();
		session.cleanup({ keep: args.keep });
		if (!args.keep) fs.rmSync(workDir, { recursive: true, force: true });
	}
	if (args.save) {
		const dir = path.join(ROOT, 'bench', 'results');
		const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-${args.n8n}-resync-${n}items-${args.latencyMs}ms-c${args.concurrency}.json`);
		let commit = null;
		try {
			commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		} catch {
			/* not a git checkout */
		}
		const doc = {
			scenario: 'resync',
			n8nVersion: args.n8n,
			nodeVersion: runtime.nodeVersion,
			commit,
			items: n,
			latencyMs: args.latencyMs,
			concurrency: args.concurrency,
			machine: procstat.conditions(),
			changed: results.map((r) => r.changed)[0],
			sentSecondRun: results.map((r) => r.sentSecondRun)[0],
			ratioToFirstRun: results.map((r) => r.ratioToFirstRun)[0],
			vendors: results,
		};
		fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
		say(`    saved ${path.relative(ROOT, file)}`);
	}
	return results.every((r) => r.ok) ? 0 : 1;
}

module.exports = { runResync, resyncWorkflow };
