'use strict';
// From the individual runs to one row per (vendor, client), the targets, and the table.

const CLIENT_LABEL = {
	node: 'our node (fields)',
	'node-json': 'our node (JSON body)',
	http: 'HTTP Request (default)',
	'http-batch': 'HTTP Request (batching)',
	raw: 'raw undici client',
};

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
			rows.push({
				vendor,
				client,
				label: CLIENT_LABEL[client],
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
			});
		}
	}
	return rows;
}

function targets(rows, args) {
	const out = [];
	for (const vendor of [...new Set(rows.map((r) => r.vendor))]) {
		const get = (c) => rows.find((r) => r.vendor === vendor && r.client === c);
		const node = get('node');
		if (!node) continue;
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
		['vendor', 'client', 'items/s', '× raw', 'node time', 'peak RSS', 'RSS growth', 'in node', 'tokens', 'CPU/item', 'CPU/item (node)', 'items/s @0ms', 'same req', 'ok'],
		rows.map((r) => [
			r.vendor,
			r.label,
			r.itemsPerSec,
			r.ratioToRaw === null ? null : `${r.ratioToRaw.toFixed(2)}×`,
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

function renderTargets(list) {
	const width = Math.max(8, ...list.map((t) => t.vendor.length));
	return list.map((t) => `  ${t.met ? 'met   ' : 'MISSED'}  ${t.vendor.padEnd(width)} ${t.target}: ${t.value}`).join('\n');
}

module.exports = { summarize, targets, renderTable, renderTargets, median, round, CLIENT_LABEL };
