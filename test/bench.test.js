'use strict';
// The bench's own arithmetic and tools (bench/lib): the n8n ceiling, the rate-limit rows, the
// CPU split of a profile, the keep-alive preload. The bench itself is run by `npm run bench`.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const { parseArgs, nodeClient } = require('../bench/lib/args');
const { ceiling, summarize, targets } = require('../bench/lib/report');
const { splitProfile, categoryOfUrl } = require('../bench/lib/cpuprofile');

describe('bench arguments', () => {
	test('--rate switches to the rate-limit scenario: its clients, batching at the limit, no 0 ms runs', () => {
		const a = parseArgs(['--rate', '50']);
		expect(a).toMatchObject({ scenario: 'rate-limit', rate: 50, burst: 10, rateHeaders: 'retry-after', cpu: false });
		expect(a.clients).toEqual(['node', 'http', 'http-batch']);
		expect(a.batch).toEqual({ size: 10, intervalMs: 200 });
		expect(parseArgs(['--rate', '20', '--burst', '5', '--batch', '2:100']).batch).toEqual({ size: 2, intervalMs: 100 });
		expect(parseArgs(['--rate', '50', '--rate-headers', 'x-ratelimit']).rateHeaders).toBe('x-ratelimit');
		expect(() => parseArgs(['--rate', '50', '--clients', 'node,raw'])).toThrow(/raw/);
		expect(() => parseArgs(['--rate', '0'])).toThrow(/--rate/);
		expect(() => parseArgs(['--rate-headers', 'github'])).toThrow(/unknown/);
		expect(parseArgs([]).scenario).toBe('latency');
	});

	test('--keepalive-experiment adds a +ka twin of every n8n client', () => {
		expect(parseArgs(['--keepalive-experiment', '--clients', 'node,http,raw']).clients).toEqual(['node', 'http', 'raw', 'node+ka', 'http+ka']);
	});

	test('--input-mode: our node in the chosen modes (fields = version 1, auto and json = version 2); without it, as before', () => {
		expect(parseArgs([])).toMatchObject({ inputModes: null, clients: ['node', 'node-json', 'http', 'http-batch', 'raw'] });
		expect(parseArgs(['--clients', 'node', '--input-mode', 'auto,fields,json'])).toMatchObject({
			inputModes: ['auto', 'fields', 'json'],
			clients: ['node-auto', 'node', 'node-v2json'],
		});
		expect(parseArgs(['--input-mode=auto']).clients).toEqual(['node-auto', 'http', 'http-batch', 'raw']);
		expect(parseArgs(['--clients', 'node-json,raw', '--input-mode', 'json,json']).clients).toEqual(['node-v2json', 'node-json', 'raw']);
		expect(() => parseArgs(['--input-mode', 'map'])).toThrow(/unknown "map"/);
		expect(() => parseArgs(['--input-mode'])).toThrow(/needs a value/);
		expect(nodeClient('node')).toEqual({ inputMode: 'fields', version: 1 });
		expect(nodeClient('node-auto+ka')).toEqual({ inputMode: 'auto', version: 2 });
		expect(nodeClient('node-v2json')).toEqual({ inputMode: 'json', version: 2 });
		expect(nodeClient('raw')).toBeNull();
	});
});

describe('the n8n ceiling', () => {
	const args = parseArgs(['--latency', '20', '--concurrency', '5']);

	test('min(C / (latency + cpu), 1 / cpu)', () => {
		// 5 slots of 20 ms + 2 ms: 227.3 items/s; one thread at 2 ms: 500
		expect(ceiling({ client: 'node', cpuUs: 2000, n: 5000, args })).toBeCloseTo(5 / 0.022, 6);
		// 10 ms of CPU per item: the thread is the limit
		expect(ceiling({ client: 'node-json+ka', cpuUs: 10000, n: 5000, args })).toBeCloseTo(100, 6);
		// the HTTP Request default: every item in flight
		expect(ceiling({ client: 'http', cpuUs: 2000, n: 5000, args })).toBeCloseTo(500, 6);
		// batching: size every interval (5 per 20 ms = 250/s)
		expect(ceiling({ client: 'http-batch', cpuUs: 2000, n: 5000, args })).toBeCloseTo(250, 6);
		expect(ceiling({ client: 'node', cpuUs: null, n: 5000, args })).toBeNull();
	});

	test('summary rows: ratioToCeiling from the 0 ms run, batching with the default CPU', () => {
		const run = (client, phase, extra) => ({ vendor: 'hyfin', client, phase, n: phase === 'base' ? 10 : 1000, ok: true, peakRssKb: 1000, cpuTotalMs: 100, ...extra });
		const runs = [
			run('node', 'base', {}),
			run('node', 'main', { itemsPerSec: 150, nodeMs: 6667 }),
			run('node', 'cpu', { itemsPerSec: 400, cpuNodeWindowMs: 2000 }), // 2 ms/item
			run('http', 'base', {}),
			run('http', 'main', { itemsPerSec: 200, nodeMs: 5000 }),
			run('http', 'cpu', { itemsPerSec: 300, cpuNodeWindowMs: 4000 }), // 4 ms/item
			run('http-batch', 'base', {}),
			run('http-batch', 'main', { itemsPerSec: 100, nodeMs: 10000 }),
			run('raw', 'main', { itemsPerSec: 220 }),
		];
		const rows = summarize(runs, { ...args, clients: ['node', 'http', 'http-batch', 'raw'] });
		const row = (c) => rows.find((r) => r.client === c);
		expect(row('node')).toMatchObject({ scenario: 'latency', ceilingCpuPerItemUs: 2000, ceilingItemsPerSec: 227.3, ratioToCeiling: 0.66, ratioToRaw: 0.682 });
		expect(row('http')).toMatchObject({ ceilingItemsPerSec: 250, ratioToCeiling: 0.8 });
		expect(row('http-batch')).toMatchObject({ ceilingCpuPerItemUs: 4000, ceilingItemsPerSec: 250, ratioToCeiling: 0.4 });
		const t = targets(rows, { ...args, clients: ['node', 'http', 'http-batch', 'raw'] });
		expect(t.find((x) => /ceiling/.test(x.target))).toMatchObject({ met: false });
	});

	test('input modes: rows carry inputMode; Map Automatically against Fields Below (CPU/item; items/s at C >= 20)', () => {
		const run = (client, phase, extra) => ({ vendor: 'hyfin', client, phase, n: phase === 'base' ? 10 : 1000, ok: true, peakRssKb: 1000, cpuTotalMs: 100, ...extra });
		const runs = [
			run('node', 'main', { itemsPerSec: 200 }),
			run('node', 'cpu', { cpuNodeWindowMs: 4000 }), // 4 ms/item
			run('node-auto', 'main', { itemsPerSec: 320 }),
			run('node-auto', 'cpu', { cpuNodeWindowMs: 1800 }), // 1.8 ms/item
			run('node-v2json', 'main', { itemsPerSec: 250 }),
		];
		const a = parseArgs(['--concurrency', '20', '--clients', 'node', '--input-mode', 'auto,fields,json']);
		const rows = summarize(runs, a);
		expect(rows.map((r) => [r.client, r.inputMode, r.nodeTypeVersion])).toEqual([
			['node-auto', 'auto', 2],
			['node', 'fields', 1],
			['node-v2json', 'json', 2],
		]);
		const t = targets(rows, a).filter((x) => /Map Automatically/.test(x.target));
		expect(t).toMatchObject([
			{ met: true, value: '0.45x (1800 vs 4000 µs)' },
			{ met: true, value: '1.6x (320 vs 200 items/s)' },
		]);
		// at concurrency 5 the latency caps both: no items/s target
		expect(targets(rows, { ...a, concurrency: 5 }).filter((x) => /Map Automatically/.test(x.target))).toHaveLength(1);
		// --no-cpu: no CPU/item, no CPU target
		const noCpu = summarize(runs.filter((r) => r.phase !== 'cpu'), a);
		expect(targets(noCpu, a).filter((x) => /Map Automatically/.test(x.target)).map((x) => x.target)).toEqual([
			'Map Automatically (v2): items/s >= 1.5x Fields Below (v1) at concurrency 20',
		]);
	});

	test('rate-limit rows: successRate, ratioToFloor, rateLimited; the targets', () => {
		const a = parseArgs(['--rate', '50', '--items', '1000']);
		const run = (client, extra) => ({ vendor: 'riverty', client, phase: 'main', n: 1000, ok: true, peakRssKb: 1, ...extra });
		const runs = [
			run('node', { nodeMs: 21000, itemsPerSec: 47.6, stored: 1000, itemsGood: 1000, successRate: 1, rateLimited: 12 }),
			run('http', { nodeMs: 4000, itemsPerSec: 250, stored: 10, itemsGood: 0, successRate: 0.01, rateLimited: 990, workflowError: 'too many requests' }),
		];
		const rows = summarize(runs, a);
		expect(rows[0]).toMatchObject({ scenario: 'rate-limit', successRate: 1, floorSec: 20, ratioToFloor: 1.05, rateLimited: 12, ratioToRaw: null, ratioToCeiling: null });
		expect(rows[1]).toMatchObject({ successRate: 0.01, itemsSucceeded: 0, rateLimited: 990, workflowError: 'too many requests' });
		const t = targets(rows, a);
		expect(t.map((x) => x.met)).toEqual([true, true, true]);
		rows[0].rateLimited = 2000;
		rows[0].ratioToFloor = 1.2;
		expect(targets(rows, a).map((x) => x.met)).toEqual([true, false, false]);
		// fast because it lost items: not met
		rows[0].ratioToFloor = 0.8;
		rows[0].successRate = 0.79;
		expect(targets(rows, a).map((x) => x.met)).toEqual([false, false, false]);
	});
});

describe('CPU split of a profile', () => {
	test('URLs to categories; n8n cached under ~/.cache/n8n-nodes-customer-sync is not ours', () => {
		const cache = 'file:///root/.cache/n8n-nodes-customer-sync/n8n-1.123.81/node_modules';
		expect(categoryOfUrl(`${cache}/n8n-workflow/dist/Expression.js`, [])).toBe('expression');
		expect(categoryOfUrl(`${cache}/n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions.js`, [])).toBe('request');
		expect(categoryOfUrl(`${cache}/axios/dist/node/axios.cjs`, [])).toBe('request');
		expect(categoryOfUrl('node:_http_client', [])).toBe('request');
		expect(categoryOfUrl(`${cache}/n8n-core/dist/execution-engine/workflow-execute.js`, [])).toBe('n8n other');
		expect(categoryOfUrl('file:///tmp/b/stage/node_modules/n8n-nodes-customer-sync/dist/nodes/shared/transport.js', [])).toBe('ours');
		expect(categoryOfUrl('file:///tmp/b/stage/node_modules/fast-xml-parser/src/x.js', ['/tmp/b/stage/'])).toBe('ours');
		expect(categoryOfUrl('node:internal/timers', [])).toBe('node other');
		expect(categoryOfUrl('', [])).toBeNull();
	});

	test('self time per category, builtins counted for their caller, idle and samples outside the window left out', () => {
		const frame = (id, functionName, url, children = []) => ({ id, callFrame: { functionName, url, scriptId: '0', lineNumber: 0, columnNumber: 0 }, hitCount: 0, children });
		const profile = {
			nodes: [
				frame(1, '(root)', '', [2, 5, 6]),
				frame(2, 'getNodeParameter', 'file:///x/node_modules/n8n-workflow/dist/Expression.js', [3]),
				frame(3, 'stringify', '', []), // a builtin: counts for n8n-workflow
				frame(4, 'upsert', 'file:///s/node_modules/n8n-nodes-customer-sync/dist/a.js', []),
				frame(5, '(idle)', '', []),
				frame(6, '(garbage collector)', '', [4]),
			],
			startTime: 1000,
			// samples at 1000, 1100, 1300, 1600, 2000, 2500 µs; each stands for the gap to the next
			samples: [2, 3, 4, 5, 6, 2],
			timeDeltas: [0, 100, 200, 300, 400, 500],
		};
		const all = splitProfile(profile);
		expect(all.byCategory.expression).toBeCloseTo((100 + 200) / 1000, 9);
		expect(all.byCategory.ours).toBeCloseTo(0.3, 9);
		expect(all.byCategory.gc).toBeCloseTo(0.5, 9);
		expect(all.totalMs).toBeCloseTo(1.1, 9); // idle (0.4 ms) left out
		const win = splitProfile(profile, { window: { fromUs: 1250, toUs: 2100 } });
		expect(win.byCategory).toMatchObject({ expression: 0, ours: 0.3, gc: 0.5 });
	});
});

describe('keep-alive preload', () => {
	test("replaces setAxiosAgents' new agents per request by one keep-alive pair, falls back when a proxy may apply", () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-preload-'));
		try {
			// n8n 1.x's layout, with n8n's behaviour: a new agent pair per call
			const utils = path.join(dir, 'node_modules', 'n8n-core', 'dist', 'execution-engine', 'node-execution-context', 'utils', 'request-helpers');
			fs.mkdirSync(utils, { recursive: true });
			fs.writeFileSync(
				path.join(utils, 'axios-utils.js'),
				`"use strict";
exports.setAxiosAgents = setAxiosAgents;
exports.getUrlFromProxyConfig = (p) => (p && p.host ? 'http://' + p.host : null);
exports.buildTargetUrl = (url, base) => (url ? (base ? new URL(url, base).href : url) : undefined);
const http = require('http');
const https = require('https');
function setAxiosAgents(config, agentOptions) {
	if (config.httpAgent || config.httpsAgent) return;
	config.httpAgent = new http.Agent(agentOptions);
	config.httpsAgent = new https.Agent(agentOptions);
}
`,
			);
			const probeDir = path.join(dir, 'probe');
			fs.mkdirSync(probeDir);
			const script = `
const u = require(${JSON.stringify(path.join(utils, 'axios-utils.js'))});
const a = { url: 'http://127.0.0.1:1/x' }, b = { url: 'http://127.0.0.1:1/y' }, c = { url: 'http://127.0.0.1:1/z' };
const d = { url: 'http://127.0.0.1:1/p' };
u.setAxiosAgents(a, { timeout: 5 }); u.setAxiosAgents(b, { timeout: 5 }); u.setAxiosAgents(c, { timeout: 6 });
u.setAxiosAgents(d, { timeout: 5 }, { host: 'proxy.invalid' });
process.stdout.write(JSON.stringify({ same: a.httpAgent === b.httpAgent && a.httpsAgent === b.httpsAgent, keepAlive: a.httpAgent.keepAlive,
  other: a.httpAgent !== c.httpAgent, proxied: d.httpAgent !== a.httpAgent && d.httpAgent.keepAlive === false }));
`;
			const env = { ...process.env, BENCH_PROBE_DIR: probeDir };
			for (const k of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'NODE_OPTIONS']) delete env[k];
			const out = execFileSync(process.execPath, ['--require', path.join(__dirname, '..', 'bench', 'lib', 'keepalive-preload.js'), '-e', script], { env, encoding: 'utf8' });
			expect(JSON.parse(out)).toEqual({ same: true, keepAlive: true, other: true, proxied: true });
			const report = JSON.parse(fs.readFileSync(path.join(probeDir, fs.readdirSync(probeDir).find((f) => f.endsWith('.keepalive.json'))), 'utf8'));
			expect(report).toMatchObject({ calls: 4, shared: 3, fallback: 1, agentPairs: 2 });
			expect(report.patched).toHaveLength(1);

			// a *_PROXY variable: n8n's own agents
			const proxied = execFileSync(process.execPath, ['--require', path.join(__dirname, '..', 'bench', 'lib', 'keepalive-preload.js'), '-e', script], {
				env: { ...env, HTTPS_PROXY: 'http://proxy.invalid:3128' },
				encoding: 'utf8',
			});
			expect(JSON.parse(proxied)).toMatchObject({ same: false, keepAlive: false });
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
