'use strict';
// From the individual runs to one row per (vendor, client), the targets, and the table.

const CLIENT_LABEL = {
	node: 'our node (fields)',
	'node-json': 'our node (JSON body)',
	'node-auto': 'our node v2 (auto)',
	'node-v2json': 'our node v2 (JSON body)',
	http: 'HTTP Request (default)',
	'http-batch': 'HTTP Request (batching)',
	raw: 'raw undici client',
};
const { splitClient, nodeClient } = require('./args');
const { CATEGORIES } = require('./cpuprofile');

const labelOf = (client) => {
	const { base, keepAlive } = splitClient(client);
	return `${CLIENT_LABEL[base]}${keepAlive ? ' +ka' : ''}`;
};

/**
 * The most items/s n8n allows this client: C requests in flight, each taking latency + cpu, and
 * one JavaScript thread doing cpu per item: min(C / (latency + cpu), 1 / cpu). C: the node's
 * Concurrency option (and the raw client's); the HTTP Request default starts every item at once
 * (C = N); its batching starts `size` items every `intervalMs` whatever the replies, so its
 * ceiling is min(size / interval, 1 / cpu).
 */
function ceiling({ client, cpuUs, n, args }) {
	if (!(cpuUs > 0)) return null;
	const cpu = cpuUs / 1e6;
	const lat = args.latencyMs / 1000;
	const { base } = splitClient(client);
	if (base === 'http-batch') return Math.min(args.batch.size / (Math.max(1, args.batch.intervalMs) / 1000), 1 / cpu);
	const c = base === 'http' ? n : args.concurrency;
	return Math.min(c / (lat + cpu), 1 / cpu);
}

const median = (xs) => {
	const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
	if (!v.length) return null;
	const m = Math.floor(v.length / 2);
	return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const round = (x, digits = 0) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const mb = (kb) => (kb === null || kb === undefined ? null : kb / 1024);

/**
 * runs: every measured run ({ vendor, client, phase: 'main'|'base'|'cpu', ... }).
 * Returns one summary row per vendor and client.
 */
function summarize(runs, args) {
	const rows = [];
	const vendors = [...new Set(runs.map((r) => r.vendor))];
	const rateLimit = args.scenario === 'rate-limit';
	for (const vendor of vendors) {
		const of = (client, phase) => runs.filter((r) => r.vendor === vendor && r.client === client && r.phase === phase);
		const rawRate = median(of('raw', 'main').map((r) => r.itemsPerSec));
		for (const client of args.clients) {
			const main = of(client, 'main');
			if (!main.length) continue;
			const base = of(client, 'base');
			const cpu = of(client, 'cpu');
			const rate = median(main.map((r) => r.itemsPerSec));
			const peak = median(main.map((r) => r.peakRssKb));
			const basePeak = median(base.map((r) => r.peakRssKb));
			const baseCpu = median(base.map((r) => r.cpuTotalMs));
			// whole-process CPU of the N-item run at 0 ms latency minus the baseline run, per extra item
			const cpuPerItemUs =
				client === 'raw'
					? median(cpu.map((r) => (r.cpuTotalMs * 1000) / r.n))
					: baseCpu === null
						? null
						: median(cpu.map((r) => ((r.cpuTotalMs - baseCpu) * 1000) / (r.n - base[0].n)));
			const windowCpuUs = client === 'raw' ? null : median(cpu.map((r) => (r.cpuNodeWindowMs * 1000) / r.n));
			const splits = main.concat(cpu).filter((r) => r.cpuSplit);
			const splitRuns = cpu.some((r) => r.cpuSplit) ? cpu.filter((r) => r.cpuSplit) : splits;
			rows.push({
				vendor,
				client,
				label: labelOf(client),
				scenario: rateLimit ? 'rate-limit' : 'latency',
				keepAliveExperiment: splitClient(client).keepAlive,
				// our node: 'fields' | 'json' | 'auto' and its typeVersion; null for the other clients
				inputMode: nodeClient(client) ? nodeClient(client).inputMode : null,
				nodeTypeVersion: nodeClient(client) ? nodeClient(client).version : null,
				n: main[0].n,
				repeats: main.length,
				ok: main.every((r) => r.ok),
				failures: main.map((r) => r.problem).filter(Boolean),
				nodeMs: median(main.map((r) => r.nodeMs)),
				itemsPerSec: round(rate, 1),
				itemsPerSecAll: main.map((r) => round(r.itemsPerSec, 1)),
				ratioToRaw: rawRate && rate ? round(rate / rawRate, 3) : null,
				peakRssMb: round(mb(peak), 1),
				baselineRssMb: round(mb(basePeak), 1),
				rssGrowthMb: peak !== null && basePeak !== null ? round(mb(peak - basePeak), 1) : null,
				rssGrowthDuringNodeMb: round(mb(median(main.map((r) => (r.rssNodeEndKb === undefined || r.rssNodeEndKb === null ? null : r.rssNodeEndKb - r.rssNodeStartKb)))), 1),
				logins: median(main.map((r) => r.logins)),
				loginsAll: main.map((r) => r.logins),
				cpuPerItemUs: round(cpuPerItemUs, 0),
				cpuPerItemWindowUs: round(windowCpuUs, 0),
				itemsPerSecAt0ms: round(median(cpu.map((r) => r.itemsPerSec)), 1),
				sameRequests: base.length ? base.every((r) => r.sameRequests === true) : null,
				requestDiff: base.map((r) => r.requestDiff).find(Boolean) || null,
				ratioToCeiling: null,
				ceilingItemsPerSec: null,
				ceilingCpuPerItemUs: null,
				// --profile: CPU per item while the node ran, by category (median over the 0 ms runs, else the measured ones)
				cpuSplitPerItemUs: splitRuns.length
					? Object.fromEntries(CATEGORIES.map((c) => [c, median(splitRuns.map((r) => r.cpuSplit.perItemUs[c]))]))
					: null,
				cpuSplitShare: splitRuns.length ? Object.fromEntries(CATEGORIES.map((c) => [c, median(splitRuns.map((r) => r.cpuSplit.share[c]))])) : null,
				cpuSplitProfiledUs: splitRuns.length ? median(splitRuns.map((r) => r.cpuSplit.totalPerItemUs)) : null,
				keepAlive: main.map((r) => r.keepAlive).find(Boolean) || null,
			});
			const row = rows[rows.length - 1];
			if (rateLimit) {
				const floorS = row.n / args.rate;
				row.rateLimit = { rate: args.rate, burst: args.burst, headers: args.rateHeaders };
				row.floorSec = round(floorS, 1);
				row.successRate = round(median(main.map((r) => r.successRate)), 4);
				row.itemsSucceeded = median(main.map((r) => r.itemsGood));
				row.stored = median(main.map((r) => r.stored));
				row.ratioToFloor = row.nodeMs ? round(row.nodeMs / 1000 / floorS, 3) : null;
				row.rateLimited = median(main.map((r) => r.rateLimited));
				row.rateLimitedAll = main.map((r) => r.rateLimited);
				row.workflowError = main.map((r) => r.workflowError).find(Boolean) || null;
			}
		}
		if (!rateLimit) {
			// the ceiling needs the CPU per item of the 0 ms run: batching shares the default's
			for (const row of rows.filter((r) => r.vendor === vendor)) {
				const { base, keepAlive } = splitClient(row.client);
				let src = row;
				if (base === 'http-batch') src = rows.find((r) => r.vendor === vendor && r.client === `http${keepAlive ? '+ka' : ''}`) || row;
				const cpuUs = base === 'raw' ? src.cpuPerItemUs : src.cpuPerItemWindowUs !== null ? src.cpuPerItemWindowUs : src.cpuPerItemUs;
				const ceil = ceiling({ client: row.client, cpuUs, n: row.n, args });
				row.ceilingCpuPerItemUs = cpuUs === undefined ? null : cpuUs;
				row.ceilingItemsPerSec = round(ceil, 1);
				row.ratioToCeiling = ceil && row.itemsPerSec ? round(row.itemsPerSec / ceil, 3) : null;
			}
		}
	}
	return rows;
}

function rateTargets(rows, args) {
	const out = [];
	for (const vendor of [...new Set(rows.map((r) => r.vendor))]) {
		const get = (c) => rows.find((r) => r.vendor === vendor && r.client === c);
		const node = get('node');
		if (!node) continue;
		out.push({
			vendor,
			target: `100 % of items succeed at ${args.rate} req/s (burst ${args.burst}, ${args.rateHeaders})`,
			met: node.successRate === 1 && node.itemsSucceeded === node.n,
			value: `${round(node.successRate * 100, 2)} % stored, ${node.itemsSucceeded}/${node.n} items succeeded`,
		});
		out.push({
			vendor,
			target: `every item done in <= 1.1x the floor N/R (${node.floorSec} s)`,
			// a run that lost items is not fast
			met: node.successRate === 1 && node.ratioToFloor !== null && node.ratioToFloor <= 1.1,
			value: `${node.ratioToFloor}x (${round(node.nodeMs / 1000, 1)} s${node.successRate === 1 ? '' : `, ${round(node.successRate * 100, 2)} % stored`})`,
		});
		const http = get('http');
		if (http) {
			out.push({
				vendor,
				target: "fewer 429s than the HTTP Request node's default",
				met: node.rateLimited < http.rateLimited,
				value: `${node.rateLimited} vs ${http.rateLimited}`,
			});
		}
	}
	return out;
}

/**
 * Issue 20: version 2's Map Automatically against version 1's Fields Below in the same run:
 * CPU/item (node) <= 0.5x, and at concurrency >= 20 items/s >= 1.5x.
 */
function inputModeTargets(get, vendor, args) {
	const auto = get('node-auto');
	const fields = get('node');
	if (!auto || !fields) return [];
	const out = [];
	const a = auto.cpuPerItemWindowUs;
	const f = fields.cpuPerItemWindowUs;
	// without the 0 ms runs (--no-cpu) there is no CPU/item to compare: no target
	if (a !== null && f !== null) {
		out.push({
			vendor,
			target: 'Map Automatically (v2): CPU/item (node) <= 0.5x Fields Below (v1)',
			met: a <= 0.5 * f,
			value: `${round(a / f, 2)}x (${a} vs ${f} µs)`,
		});
	}
	if (args.concurrency >= 20) {
		out.push({
			vendor,
			target: `Map Automatically (v2): items/s >= 1.5x Fields Below (v1) at concurrency ${args.concurrency}`,
			met: !!(auto.itemsPerSec && fields.itemsPerSec && auto.itemsPerSec >= 1.5 * fields.itemsPerSec),
			value: `${auto.itemsPerSec && fields.itemsPerSec ? round(auto.itemsPerSec / fields.itemsPerSec, 2) : '—'}x (${auto.itemsPerSec} vs ${fields.itemsPerSec} items/s)`,
		});
	}
	return out;
}

function targets(rows, args) {
	if (args.scenario === 'rate-limit') return rateTargets(rows, args);
	const out = [];
	for (const vendor of [...new Set(rows.map((r) => r.vendor))]) {
		const get = (c) => rows.find((r) => r.vendor === vendor && r.client === c);
		out.push(...inputModeTargets(get, vendor, args));
		const node = get('node');
		if (!node) continue;
		out.push({
			vendor,
			target: `>= 0.9x the n8n ceiling at concurrency ${args.concurrency}`,
			met: node.ratioToCeiling !== null && node.ratioToCeiling >= 0.9,
			value:
				node.ratioToCeiling === null
					? 'no ceiling (needs the 0 ms CPU run)'
					: `${node.ratioToCeiling}x (${node.itemsPerSec} vs ${node.ceilingItemsPerSec} items/s at ${node.ceilingCpuPerItemUs} µs CPU/item)`,
		});
		const raw = get('raw');
		const http = get('http');
		if (raw) {
			out.push({
				vendor,
				target: `>= 0.9x the raw client's items/s at concurrency ${args.concurrency}`,
				met: node.ratioToRaw !== null && node.ratioToRaw >= 0.9,
				value: `${node.ratioToRaw}x (${node.itemsPerSec} vs ${raw.itemsPerSec} items/s)`,
			});
		}
		if (http) {
			out.push({
				vendor,
				target: "faster than the HTTP Request node's default",
				met: http.ok ? node.itemsPerSec > http.itemsPerSec : node.ok,
				value: http.ok
					? `${node.itemsPerSec} vs ${http.itemsPerSec} items/s (${round(node.itemsPerSec / http.itemsPerSec, 2)}x)`
					: `HTTP Request failed: ${http.failures[0] || 'see runs'}`,
			});
		}
		if (node.logins !== null) {
			out.push({ vendor, target: 'one token/login per run', met: node.loginsAll.every((x) => x <= 1), value: `${node.loginsAll.join(', ')} per run` });
		}
		out.push({
			vendor,
			target: `RSS growth under 200 MB for ${node.n} items`,
			met: node.rssGrowthMb !== null && node.rssGrowthMb < 200,
			value: `${node.rssGrowthMb} MB (peak ${node.peakRssMb} MB, baseline ${node.baselineRssMb} MB)`,
		});
	}
	return out;
}

function table(headers, rows, align = []) {
	const cells = [headers, ...rows].map((r) => r.map((v) => (v === null || v === undefined ? '—' : String(v))));
	const widths = headers.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
	const line = (r) => `  ${r.map((v, c) => ((align[c] || (c < 2 ? 'l' : 'r')) === 'l' ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join(' │ ')}`;
	const sep = `  ${widths.map((w) => '─'.repeat(w)).join('─┼─')}`;
	return [line(cells[0]), sep, ...cells.slice(1).map(line)].join('\n');
}

function renderTable(rows) {
	return table(
		['vendor', 'client', 'items/s', '× raw', '× ceiling', 'node time', 'peak RSS', 'RSS growth', 'in node', 'tokens', 'CPU/item', 'CPU/item (node)', 'items/s @0ms', 'same req', 'ok'],
		rows.map((r) => [
			r.vendor,
			r.label,
			r.itemsPerSec,
			r.ratioToRaw === null ? null : `${r.ratioToRaw.toFixed(2)}×`,
			r.ratioToCeiling === null ? null : `${r.ratioToCeiling.toFixed(2)}×`,
			r.nodeMs === null ? null : `${(r.nodeMs / 1000).toFixed(1)} s`,
			r.peakRssMb === null ? null : `${r.peakRssMb} MB`,
			r.rssGrowthMb === null ? null : `${r.rssGrowthMb} MB`,
			r.rssGrowthDuringNodeMb === null ? null : `${r.rssGrowthDuringNodeMb} MB`,
			r.logins,
			r.cpuPerItemUs === null ? null : `${r.cpuPerItemUs} µs`,
			r.cpuPerItemWindowUs === null ? null : `${r.cpuPerItemWindowUs} µs`,
			r.itemsPerSecAt0ms,
			r.sameRequests === null ? null : r.sameRequests ? 'yes' : 'NO',
			r.ok ? 'ok' : 'FAILED',
		]),
	);
}

function renderRateTable(rows) {
	return table(
		['vendor', 'client', 'success', 'items ok', 'node time', '× floor', "429s", 'items/s', 'tokens', 'peak RSS', 'note'],
		rows.map((r) => [
			r.vendor,
			r.label,
			r.successRate === null || r.successRate === undefined ? null : `${round(r.successRate * 100, 2)} %`,
			r.itemsSucceeded === null ? null : `${r.itemsSucceeded}/${r.n}`,
			r.nodeMs === null ? null : `${(r.nodeMs / 1000).toFixed(1)} s`,
			r.ratioToFloor === null ? null : `${r.ratioToFloor.toFixed(2)}×`,
			r.rateLimited,
			r.itemsPerSec,
			r.logins,
			r.peakRssMb === null ? null : `${r.peakRssMb} MB`,
			r.workflowError ? r.workflowError.slice(0, 60) : '',
		]),
		['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
	);
}

function renderProfileSplit(rows) {
	const have = rows.filter((r) => r.cpuSplitPerItemUs);
	if (!have.length) return '  (no profiles)';
	return table(
		['vendor', 'client', 'profiled CPU/item', ...CATEGORIES.map((c) => (c === 'expression' ? 'n8n expressions' : c === 'request' ? 'n8n request path' : c))],
		have.map((r) => [
			r.vendor,
			r.label,
			`${r.cpuSplitProfiledUs} µs`,
			...CATEGORIES.map((c) => `${r.cpuSplitPerItemUs[c]} µs ${String(Math.round(r.cpuSplitShare[c])).padStart(2)} %`),
		]),
	);
}

function renderTargets(list) {
	const width = Math.max(8, ...list.map((t) => t.vendor.length));
	return list.map((t) => `  ${t.met ? 'met   ' : 'MISSED'}  ${t.vendor.padEnd(width)} ${t.target}: ${t.value}`).join('\n');
}

module.exports = { summarize, targets, ceiling, renderTable, renderRateTable, renderProfileSplit, renderTargets, median, round, CLIENT_LABEL };
