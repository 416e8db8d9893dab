'use strict';
// npm run test:queue: the packed package in n8n's own scale-out. Redis + PostgreSQL (throwaway,
// 127.0.0.1, free ports) + n8n main (EXECUTIONS_MODE=queue, DB_TYPE=postgresdb) + two `n8n worker`
// against the vendor sandbox (test/sandbox, in this process, 127.0.0.1). scripts/lib/queue.js starts
// and stops the stack; ./scenario.js has the workflows and the batch source.
//
//   1. webhook: 200 concurrent calls, one customer each, answered by Respond to Webhook with the four
//      normalized results; then the same 200 again (updates)
//   2. scheduled sync: 2,000 customers per vendor in batches of 200 (one execution per batch); the
//      Riverty token and the Valomnia session expire in the middle of it
//   3. the same with worker1 killed (SIGKILL) in the middle, and 2 % 503 + 1 % dropped connections on
//      every vendor write
//
// n8n versions: N8N_QUEUE_VERSIONS (comma-separated; default both lines, 2.41.1 and 1.123.81).
// Figures (tokens, logins, who ran what, timings) go to test-output/queue/<version>.json and to stdout;
// every Riverty and Valomnia request with the number of the token or session it carried (never the
// token) to test-output/queue/<version>-auth-trail.json. N8N_E2E_KEEP=1 keeps the temp folder with
// every process's log.

const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { ROOT, ensureN8n } = require('../../scripts/lib/n8n');
const { QueueStack } = require('../../scripts/lib/queue');
const { buildAndStage } = require('../../scripts/lib/stage');
const { seconds } = require('../../scripts/lib/proc');
const { startSandbox } = require('../sandbox');
const { credentialsFor, sandboxConfigFor, secretsFor } = require('../e2e/credentials');
const S = require('./scenario');

const VERSIONS = (process.env.N8N_QUEUE_VERSIONS || '2.41.1,1.123.81').split(',').map((v) => v.trim()).filter(Boolean);
const WORKERS = 2;
const CONCURRENCY = 10; // n8n's default jobs per worker
const WEBHOOK_CALLS = 200;
const SYNC_CUSTOMERS = 2000;
const BATCH = 200;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (l) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${l}\n`);

/** Polls fn() until it returns a truthy value; throws with describe() after timeoutMs. */
async function waitFor(fn, { timeoutMs, what, intervalMs = 500 }) {
	const t = Date.now();
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() - t > timeoutMs) throw new Error(`waited ${seconds(timeoutMs)} for ${typeof what === 'function' ? what() : what}`);
		await sleep(intervalMs);
	}
}

/** (vendor, key) -> [markers] of the handled writes whose key is one of the customers'. */
function writesByKey(requests, customers) {
	const want = new Set(customers.flatMap((c) => [c.id, c.code]));
	const map = new Map();
	for (const w of S.vendorWrites(requests)) {
		if (!want.has(w.key)) continue;
		const k = `${w.vendor} ${w.key}`;
		if (!map.has(k)) map.set(k, []);
		map.get(k).push(w.marker);
	}
	return map;
}
const vendorKey = (vendor, c) => `${vendor} ${vendor === 'clienttoolbox' ? c.code : c.id}`;

/**
 * Every Riverty and Valomnia request with the token or session it carried as a number (the n-th one
 * the sandbox issued), never the token itself: what to read when a renewal goes wrong.
 */
function authTrail(sb) {
	const tokens = new Map(sb.state.riverty.issued.map((t, i) => [t, i + 1]));
	const sessions = new Map([...sb.state.valomnia.sessions.keys()].map((t, i) => [t, i + 1]));
	const t0 = sb.requests.length ? sb.requests[0].time : 0;
	return sb.requests
		.filter((r) => r.vendor === 'riverty' || r.vendor === 'valomnia')
		.map((r) => {
			const bearer = /^Bearer\s+(\S+)$/i.exec(String(r.headers.authorization || ''));
			const cookie = /JSESSIONID=([^;\s]+)/.exec(String(r.headers.cookie || ''));
			const auth = bearer ? `token#${tokens.get(bearer[1]) || '?'}` : cookie ? `session#${sessions.get(cookie[1]) || '?'}` : '';
			return [r.time - t0, r.vendor, r.method, r.path.split('?')[0], r.status, auth, r.fault ? r.fault.source : ''].join(' ');
		});
}

describe.each(VERSIONS)('n8n %s in queue mode: main + 2 workers, Redis, Postgres', (version) => {
	const figures = { version, workers: WORKERS, concurrency: CONCURRENCY, phases: {} };
	let workDir;
	let stack;
	let sb;
	let src;

	async function webhookBurst(customers, tag) {
		const t = Date.now();
		const replies = await Promise.all(
			customers.map(async (c) => {
				const res = await fetch(`${stack.url}/webhook/${S.WEBHOOK_PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ ...c, notes: `${tag} ${c.id}` }),
				});
				const text = await res.text();
				let body = null;
				try {
					body = JSON.parse(text);
				} catch {
					/* checked below */
				}
				return { c, status: res.status, body, text };
			}),
		);
		return { replies, ms: Date.now() - t };
	}

	function checkReplies(replies, action) {
		for (const { c, status, body, text } of replies) {
			assert.equal(status, 200, `call for ${c.id}: HTTP ${status} ${text.slice(0, 300)}`);
			assert.ok(Array.isArray(body) && body.length === 4, `call for ${c.id}: four results expected, got ${text.slice(0, 300)}`);
			const byVendor = Object.fromEntries(body.map((r) => [r.vendor, r]));
			assert.deepEqual(Object.keys(byVendor).sort(), [...S.VENDORS].sort(), `call for ${c.id}: one result per vendor`);
			for (const v of S.VENDORS) {
				const r = byVendor[v];
				assert.equal(r.success, true, `${v} for ${c.id}: ${JSON.stringify(r).slice(0, 300)}`);
				assert.equal(r.resource, 'customer');
				assert.equal(r.operation, 'upsert');
				assert.equal(r.action, action, `${v} for ${c.id}`);
				assert.equal(r.key, v === 'clienttoolbox' ? c.code : c.id, `${v} key for ${c.id}`);
				assert.ok(r.id !== undefined && r.id !== null && r.id !== '', `${v} id for ${c.id}`);
			}
		}
	}

	/** Which worker started each of these executions (from the worker logs). */
	function workersOf(executionIds) {
		const { started } = stack.workerRuns();
		const count = {};
		for (const id of executionIds) for (const w of started[id] || ['(none)']) count[w] = (count[w] || 0) + 1;
		return count;
	}

	beforeAll(async () => {
		const t0 = Date.now();
		workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-queue-'));
		const staged = await buildAndStage({ workDir, log: say });
		const runtime = await ensureN8n(version, { log: say });
		sb = await startSandbox({ port: 0, host: '127.0.0.1', quiet: true });
		for (const cfg of sandboxConfigFor(S.CREDENTIAL_TYPES)) sb.configure(cfg);
		src = await S.startSource({ leaseMs: 300000 });
		stack = new QueueStack(runtime, { pkgDir: staged.pkgDir, workDir, workers: WORKERS, concurrency: CONCURRENCY, log: say });
		await stack.init();
		await stack.importCredentials(credentialsFor(sb, S.CREDENTIAL_TYPES));
		await stack.importWorkflows([S.webhookWorkflow(), S.syncWorkflow(src.url, { seconds: 2 }), S.skipUnchangedWorkflow()]);
		await stack.activate(['qCustomerHook', 'qCustomerSync', 'qSkipUnchanged']);
		await stack.start();
		figures.setupMs = Date.now() - t0;
		say(`stack up in ${seconds(figures.setupMs)}: ${JSON.stringify(stack.alive())}`);
	}, 20 * 60 * 1000);

	afterAll(async () => {
		if (stack) {
			await stack.stop().catch((e) => say(`stop: ${e.message}`));
			figures.timings = stack.timings;
			stack.cleanup();
		}
		if (sb) await sb.close();
		if (src) await src.close();
		if (workDir && process.env.N8N_E2E_KEEP !== '1') fs.rmSync(workDir, { recursive: true, force: true });
		const out = path.join(ROOT, 'test-output', 'queue');
		fs.mkdirSync(out, { recursive: true });
		fs.writeFileSync(path.join(out, `${version}.json`), `${JSON.stringify(figures, null, 2)}\n`);
		if (sb) fs.writeFileSync(path.join(out, `${version}-auth-trail.json`), `${JSON.stringify(authTrail(sb), null, 1)}\n`);
		say(`figures: ${JSON.stringify(figures.phases)}`);
	}, 3 * 60 * 1000);

	test(`webhook: ${WEBHOOK_CALLS} concurrent calls, each answered with its four normalized results; tokens and logins shared`, async () => {
		const customers = S.makeCustomers('W', WEBHOOK_CALLS);
		const before = new Set((await stack.executions()).map((e) => e.id));

		// 1. a cold start: the credentials hold no token or session yet
		const first = await webhookBurst(customers, 'call1');
		checkReplies(first.replies, 'added');
		const cold = S.authCounts(sb.state);
		// 2. the same customers again: every execution finds the token and session in the credential
		const second = await webhookBurst(customers, 'call2');
		checkReplies(second.replies, 'updated');
		const warm = S.authCounts(sb.state);

		// every call reached each vendor exactly once, with its own data
		const writes = writesByKey(sb.requests, customers);
		for (const v of S.VENDORS) {
			assert.equal(S.storedKeys(sb.state, v, customers).length, WEBHOOK_CALLS, `${v}: one record per customer`);
			for (const c of customers) {
				assert.deepEqual(writes.get(vendorKey(v, c)), [`call1 ${c.id}`, `call2 ${c.id}`], `${v} writes of ${c.id}`);
			}
		}
		// n8n's view: 400 successful webhook executions, spread over both workers
		// Respond to Webhook answers before the worker has saved the execution as finished: wait for that
		const hookExecutions = async () => (await stack.executions()).filter((e) => !before.has(e.id) && e.workflowId === 'qCustomerHook');
		const execs = await waitFor(
			async () => {
				const list = await hookExecutions();
				return list.length === 2 * WEBHOOK_CALLS && list.every((e) => e.status !== 'running' && e.status !== 'new') ? list : null;
			},
			{ timeoutMs: 60000, what: 'every webhook execution saved as finished', intervalMs: 1000 },
		).catch(async () => await hookExecutions());
		assert.equal(execs.length, 2 * WEBHOOK_CALLS);
		assert.deepEqual([...new Set(execs.map((e) => `${e.mode}/${e.status}`))], ['webhook/success']);
		const byWorker = workersOf(execs.map((e) => e.id));
		for (const w of stack.workerNames()) assert.ok(byWorker[w] > 0, `${w} ran webhook executions: ${JSON.stringify(byWorker)}`);
		assert.equal(byWorker['(none)'], undefined, `every execution ran on a worker: ${JSON.stringify(byWorker)}`);

		// Tokens and sessions: n8n's preAuthentication stores them in the credential (Postgres), which
		// both workers read. Cold, each execution that starts before the first token is stored fetches
		// its own, so a burst can cost up to one per execution running at that moment (workers x
		// concurrency); once stored, no execution on either worker asks again.
		const bound = WORKERS * CONCURRENCY;
		assert.ok(cold.rivertyTokens >= 1 && cold.rivertyTokens <= bound, `Riverty tokens in the cold burst: ${cold.rivertyTokens}`);
		assert.ok(cold.valomniaLogins >= 1 && cold.valomniaLogins <= bound, `Valomnia logins in the cold burst: ${cold.valomniaLogins}`);
		assert.equal(warm.rivertyTokens, cold.rivertyTokens, 'no Riverty token request in the warm burst');
		assert.equal(warm.valomniaLogins, cold.valomniaLogins, 'no Valomnia login in the warm burst');
		assert.equal(warm.rivertyUnauthorized + warm.valomniaUnauthorized, 0, 'no call refused for its token or session');

		figures.phases.webhook = {
			calls: 2 * WEBHOOK_CALLS,
			coldBurstMs: first.ms,
			warmBurstMs: second.ms,
			executionsByWorker: byWorker,
			auth: { cold, warm },
		};
		say(`webhook: ${JSON.stringify(figures.phases.webhook)}`);
	}, 10 * 60 * 1000);

	test(`scheduled sync: ${SYNC_CUSTOMERS} customers per vendor in batches of ${BATCH}, token and session expired mid-run: each written exactly once`, async () => {
		const customers = S.makeCustomers('S', SYNC_CUSTOMERS);
		const from = sb.requests.length;
		const atStart = S.authCounts(sb.state);
		const t = Date.now();
		src.leaseMs = 300000; // no re-delivery in this phase
		src.load(customers, BATCH);

		// the expiry goes in once a third of the Riverty writes are done, while batches are running
		const rivertyWrites = () => S.vendorWrites(sb.requests.slice(from)).filter((w) => w.vendor === 'riverty').length;
		await waitFor(() => rivertyWrites() >= SYNC_CUSTOMERS / 3, { timeoutMs: 8 * 60 * 1000, what: () => `a third of the Riverty writes (${rivertyWrites()})` });
		const atExpiry = S.authCounts(sb.state);
		const inFlight = src.claims.filter((c) => c.ackedAt === null).length;
		sb.config.riverty.expireTokens = true;
		sb.config.valomnia.expireSessions = true;

		await waitFor(() => src.done(), { timeoutMs: 8 * 60 * 1000, what: () => `all batches acknowledged (${src.acked()}/${src.batches.length})` });
		const ms = Date.now() - t;
		const after = S.authCounts(sb.state);

		// every customer reached every vendor exactly once (one handled write per key, the batch's claim)
		const writes = writesByKey(sb.requests.slice(from), customers);
		const claimOfBatch = Object.fromEntries(src.batches.map((b) => [b.index, b.ackedBy]));
		for (const v of S.VENDORS) {
			assert.equal(S.storedKeys(sb.state, v, customers).length, SYNC_CUSTOMERS, `${v}: all customers stored`);
			customers.forEach((c, i) => {
				assert.deepEqual(writes.get(vendorKey(v, c)), [`claim ${claimOfBatch[Math.floor(i / BATCH)]}`], `${v} writes of ${c.id}`);
			});
		}
		assert.equal(src.claims.length, SYNC_CUSTOMERS / BATCH, 'one claim per batch: nothing was handed out twice');
		assert.ok(src.claims.every((c) => c.results === 4 * BATCH), 'each execution acknowledged four results per customer');

		// both workers ran batches
		const execs = src.claims.map((c) => c.execution);
		const byWorker = workersOf(execs);
		for (const w of stack.workerNames()) assert.ok(byWorker[w] > 0, `${w} ran sync batches: ${JSON.stringify(byWorker)}`);

		// until the expiry, not one token request or login; after it, renewed (the 401s show that
		// the expired token and session really were used mid-run) and nothing lost (checked above)
		assert.deepEqual(
			[atExpiry.rivertyTokens, atExpiry.valomniaLogins],
			[atStart.rivertyTokens, atStart.valomniaLogins],
			'no token request or login during the sync before the expiry',
		);
		assert.ok(after.rivertyUnauthorized > atExpiry.rivertyUnauthorized, 'Riverty refused the expired token at least once');
		assert.ok(after.valomniaUnauthorized > atExpiry.valomniaUnauthorized, 'Valomnia refused the expired session at least once');
		const renewedTokens = after.rivertyTokens - atExpiry.rivertyTokens;
		const renewedLogins = after.valomniaLogins - atExpiry.valomniaLogins;
		// n8n renews on a 401 only: at most one renewal per refused request (the node sends up to
		// <concurrency> requests at once, so several may be refused before the first renewal is stored)
		assert.ok(renewedTokens >= 1 && renewedTokens <= after.rivertyUnauthorized - atExpiry.rivertyUnauthorized, `Riverty tokens after the expiry: ${renewedTokens}`);
		assert.ok(renewedLogins >= 1 && renewedLogins <= after.valomniaUnauthorized - atExpiry.valomniaUnauthorized, `Valomnia logins after the expiry: ${renewedLogins}`);

		figures.phases.sync = {
			customersPerVendor: SYNC_CUSTOMERS,
			batches: src.batches.length,
			ms,
			upsertsPerSecond: Math.round((4 * SYNC_CUSTOMERS) / (ms / 1000)),
			batchesByWorker: byWorker,
			executionsInFlightAtExpiry: inFlight,
			auth: { atStart, atExpiry, after, renewedTokens, renewedLogins },
		};
		say(`sync: ${JSON.stringify(figures.phases.sync)}`);
	}, 20 * 60 * 1000);

	test(`Skip Unchanged: the same customer list twice across the workers: each changed record sent once; two executions at once: at most twice, never zero`, async () => {
		const N = 30;
		const customers = S.makeCustomers('U', N).map((c) => ({ ...c, notes: 'skip unchanged' }));
		const changeEvery = (list, at, tag) => list.map((c, i) => (i % 10 === at ? { ...c, firstName: `${c.firstName} ${tag}` } : c));
		const changedAt = (at) => customers.filter((_, i) => i % 10 === at);
		const t = Date.now();
		const runs = [];
		async function post(list, what) {
			const before = new Set(Object.keys(stack.workerRuns().started));
			const t1 = Date.now();
			const res = await fetch(`${stack.url}/webhook/${S.SKIP_WEBHOOK_PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ customers: list }),
			});
			const text = await res.text();
			assert.equal(res.status, 200, `${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
			const body = JSON.parse(text);
			assert.ok(Array.isArray(body) && body.length === 4 * N, `${what}: ${4 * N} results expected, got ${text.slice(0, 300)}`);
			for (const r of body) assert.equal(r.success, true, `${what}: ${JSON.stringify(r).slice(0, 300)}`);
			runs.push({ what, ms: Date.now() - t1, before });
			return body;
		}
		const unchangedKeys = (body) => new Set(body.filter((r) => r.action === 'unchanged').map((r) => `${r.vendor} ${r.key}`));
		const keysOf = (list) => new Set(S.VENDORS.flatMap((v) => list.map((c) => vendorKey(v, c))));
		const writesOf = (from) => writesByKey(sb.requests.slice(from), customers);
		const countOf = (writes, v, c) => (writes.get(vendorKey(v, c)) || []).length;

		// 1. the first run: everything sent
		let from = sb.requests.length;
		const first = await post(customers, 'run 1');
		assert.equal(unchangedKeys(first).size, 0, 'run 1: nothing unchanged');
		let writes = writesOf(from);
		for (const v of S.VENDORS) for (const c of customers) assert.equal(countOf(writes, v, c), 1, `run 1: ${v} ${c.id} written once`);

		// 2. three records changed, the same list twice, one after the other (whichever worker takes each)
		const list2 = changeEvery(customers, 3, '(moved)');
		from = sb.requests.length;
		const second = await post(list2, 'run 2');
		const third = await post(list2, 'run 3');
		writes = writesOf(from);
		const changed2 = keysOf(changedAt(3));
		for (const v of S.VENDORS) {
			for (const c of customers) {
				const expected = changed2.has(vendorKey(v, c)) ? 1 : 0;
				assert.equal(countOf(writes, v, c), expected, `runs 2 and 3: ${v} ${c.id} written ${expected} time(s)`);
			}
		}
		assert.deepEqual(unchangedKeys(second), new Set([...keysOf(customers)].filter((k) => !changed2.has(k))), 'run 2: all but the changed unchanged');
		assert.equal(unchangedKeys(third).size, 4 * N, 'run 3: all unchanged');

		// 3. three more changed, the same list twice at the same time (two executions racing)
		const list3 = changeEvery(list2, 6, '(renamed)');
		from = sb.requests.length;
		const [fourth, fifth] = await Promise.all([post(list3, 'run 4'), post(list3, 'run 5')]);
		writes = writesOf(from);
		const changed3 = keysOf(changedAt(6));
		const raced = {};
		let unchangedResent = 0;
		for (const v of S.VENDORS) {
			for (const c of customers) {
				const n = countOf(writes, v, c);
				if (changed3.has(vendorKey(v, c))) {
					assert.ok(n >= 1 && n <= 2, `runs 4 and 5 at once: ${v} ${c.id} written ${n} times (1 or 2)`);
					raced[n] = (raced[n] || 0) + 1;
				} else {
					unchangedResent += n;
				}
			}
		}
		// an unchanged record is only ever sent again (never skipped wrongly); counted, not failed
		const bothUnchanged = [...unchangedKeys(fourth)].filter((k) => unchangedKeys(fifth).has(k));
		for (const k of changed3) assert.ok(!bothUnchanged.includes(k), `${k}: skipped by both racing executions`);

		// 4. the same list once more: the store knows every record's last request
		from = sb.requests.length;
		const sixth = await post(list3, 'run 6');
		const resentAfterRace = [...writesOf(from).values()].reduce((sum, markers) => sum + markers.length, 0);

		// which worker ran each execution of this phase (the worker logs)
		const started = stack.workerRuns().started;
		const executions = Object.keys(started)
			.filter((id) => !runs[0].before.has(id))
			.map((id) => `${id}: ${started[id].join('+')}`);
		figures.phases.skipUnchanged = {
			customers: N,
			ms: Date.now() - t,
			changedSentOnceInRuns2and3: changed2.size,
			racingRuns4and5: { changedWrittenOnce: raced[1] || 0, changedWrittenTwice: raced[2] || 0, unchangedWritten: unchangedResent },
			run6Unchanged: unchangedKeys(sixth).size,
			run6Written: resentAfterRace,
			runMs: runs.map((r) => `${r.what} ${r.ms} ms`),
			executions,
		};
		say(`skip unchanged: ${JSON.stringify(figures.phases.skipUnchanged)}`);
	}, 10 * 60 * 1000);

	test('a worker killed with SIGKILL mid-sync: no customer written twice by one delivery; the batch is re-delivered and completes', async () => {
		const customers = S.makeCustomers('K', SYNC_CUSTOMERS);
		const from = sb.requests.length;
		const t = Date.now();
		// transient vendor faults on every write, so the nodes' own retries run while the worker dies
		sb.faults.set([
			{ vendor: 'hyfin', method: 'POST', path: '/customer/addUpdate', rate: { 503: 0.02, drop: 0.01 }, seed: 11 },
			{ vendor: 'riverty', method: 'PUT', path: '/customers/', rate: { 503: 0.02, drop: 0.01 }, seed: 12 },
			{ vendor: 'valomnia', method: 'POST', path: '/customers/reference/', rate: { 503: 0.02, drop: 0.01 }, seed: 13 },
			{ vendor: 'clienttoolbox', method: 'POST', rate: { 503: 0.02, drop: 0.01 }, seed: 14 },
		]);
		src.leaseMs = 300000; // no re-delivery by lease expiry in this phase: only the re-run below
		src.load(customers, BATCH);

		// kill worker1 while it runs a batch that is part-written
		const markerCount = (claim) => S.vendorWrites(sb.requests.slice(from)).filter((w) => w.marker === `claim ${claim}`).length;
		const victim = await waitFor(
			() => {
				const { started, finished } = stack.workerRuns();
				return src.claims.find(
					(c) => c.ackedAt === null && (started[c.execution] || []).includes('worker1') && !finished[c.execution] && markerCount(c.claim) >= 20,
				);
			},
			{ timeoutMs: 8 * 60 * 1000, what: 'worker1 running a part-written batch' },
		);
		const { started: startedBefore, finished: finishedBefore } = stack.workerRuns();
		const running = src.claims.filter((c) => c.ackedAt === null && (startedBefore[c.execution] || []).includes('worker1') && !finishedBefore[c.execution]);
		const writtenBeforeKill = markerCount(victim.claim);
		await stack.killWorker('worker1', 'SIGKILL');
		say(`killed worker1 (SIGKILL) running executions ${running.map((c) => c.execution).join(', ')}; claim ${victim.claim} had ${writtenBeforeKill} of ${4 * BATCH} writes`);
		// a supervisor (systemd, Kubernetes) starts it again, and the operator re-runs what the dead
		// executions had claimed (README, "Queue mode": re-running an upsert batch is safe)
		await stack.startWorker('worker1');
		for (const c of running) src.release(c.claim);

		await waitFor(() => src.done(), { timeoutMs: 8 * 60 * 1000, what: () => `all batches acknowledged (${src.acked()}/${src.batches.length})` });
		const ms = Date.now() - t;
		sb.faults.clear();
		const faulted = sb.requests.slice(from).filter((r) => r.fault).length;

		const writes = writesByKey(sb.requests.slice(from), customers);
		// batches handed out more than once: exactly the ones the killed worker was running
		const claimsPerBatch = {};
		for (const c of src.claims) claimsPerBatch[c.batch] = (claimsPerBatch[c.batch] || 0) + 1;
		const redelivered = new Set(Object.keys(claimsPerBatch).filter((b) => claimsPerBatch[b] > 1).map(Number));
		assert.deepEqual([...redelivered].sort(), [...new Set(running.map((c) => c.batch))].sort(), 'only the killed batches were handed out again');
		let rewritten = 0;
		for (const v of S.VENDORS) {
			assert.equal(S.storedKeys(sb.state, v, customers).length, SYNC_CUSTOMERS, `${v}: all customers stored, none twice`);
			customers.forEach((c, i) => {
				const markers = writes.get(vendorKey(v, c)) || [];
				// within one delivery (one claim), a customer is written at most once, whatever the retries
				assert.equal(new Set(markers).size, markers.length, `${v} ${c.id} written twice by one delivery: ${markers}`);
				const batch = Math.floor(i / BATCH);
				assert.ok(markers.includes(`claim ${src.batches[batch].ackedBy}`), `${v} ${c.id} written by the delivery that completed`);
				if (markers.length > 1) {
					rewritten += 1;
					// only a batch that was handed out again is written again, once per delivery
					assert.ok(redelivered.has(batch), `${v} ${c.id} (batch ${batch}) written ${markers.length} times: ${markers}`);
				}
			});
		}
		for (const c of running) {
			assert.notEqual(src.batches[c.batch].ackedBy, c.claim, `batch ${c.batch} was not acknowledged by the killed execution`);
		}
		assert.ok(faulted > 0, 'the injected vendor faults were hit');

		// what n8n did with the killed execution is n8n's business: recorded, not asserted
		const killedExecs = running.map((c) => c.execution);
		const states = await stack.executions(`id in (${killedExecs.map(Number).join(',')})`);
		const { started: startedAfter } = stack.workerRuns();
		for (const st of states) st.startedOn = startedAfter[st.id];
		const byWorker = workersOf(src.claims.map((c) => c.execution));
		figures.phases.kill = {
			customersPerVendor: SYNC_CUSTOMERS,
			ms,
			killedExecutions: states,
			writesOfVictimBeforeKill: writtenBeforeKill,
			rewrittenByRedelivery: rewritten,
			batchesHandedOutAgain: [...redelivered],
			claims: src.claims.length,
			faultedRequests: faulted,
			batchesByWorker: byWorker,
			auth: S.authCounts(sb.state),
		};
		say(`kill: ${JSON.stringify(figures.phases.kill)}`);
	}, 20 * 60 * 1000);

	test('no credential secret or issued token in any n8n log; stop leaves no process behind', async () => {
		await stack.stop();
		assert.deepEqual(stack.alive(), {}, 'every process of the stack is gone');
		const secrets = secretsFor(S.CREDENTIAL_TYPES, sb.state);
		for (const f of fs.readdirSync(stack.logDir)) {
			const text = fs.readFileSync(path.join(stack.logDir, f), 'utf8');
			for (const s of secrets) assert.ok(!text.includes(s), `a secret (${s.length} characters) appears in ${f}`);
		}
	}, 3 * 60 * 1000);
});
