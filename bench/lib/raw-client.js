'use strict';
// The reference: the same requests as the node, sent by a plain Node HTTP client (undici,
// keep-alive, at most `concurrency` in flight), reading and parsing each JSON reply. It runs
// as its own process on the same Node binary as the n8n being measured:
//
//   node bench/lib/raw-client.js '{"vendor":"hyfin","n":5000,"concurrency":5,"sandboxUrl":"http://127.0.0.1:PORT"}'
//
// and prints one JSON line: { n, succeeded, failed, firstError, loopMs, cpuMs, maxRssKb }.
// loopMs covers the login (token) and all requests, like the node's execution time does.

const { Agent, request } = require('undici');

const { VENDORS, customer } = require('./vendors');
const { VENDORS: SANDBOX_VENDORS } = require('../../test/sandbox');

function sandboxUrls(url) {
	const mounts = new Map(SANDBOX_VENDORS.map((v) => [v.name, { mount: v.mount || `/${v.name}`, baseUrls: v.baseUrls || {} }]));
	return {
		baseUrl(name, kind) {
			const v = mounts.get(name);
			return kind === undefined ? url + v.mount : url + v.mount + v.baseUrls[kind];
		},
	};
}

async function main() {
	const args = JSON.parse(process.argv[2]);
	const vendor = VENDORS[args.vendor];
	const sb = sandboxUrls(args.sandboxUrl);
	const dispatcher = new Agent({ connections: args.concurrency, keepAliveTimeout: 30_000, pipelining: 1 });
	let succeeded = 0;
	let failed = 0;
	let firstError = null;
	const results = new Array(args.n);

	const cpu0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	const ctx = await vendor.raw.login(sb, (url, opts) => request(url, { ...opts, dispatcher }));
	const parse = vendor.raw.parse || ((text) => ({ parsed: text ? JSON.parse(text) : null, ok: true }));
	let next = 0;
	const worker = async () => {
		while (next < args.n) {
			const i = next++;
			const r = vendor.raw.request(customer(i), sb, ctx);
			try {
				const res = await request(r.url, { method: r.method, headers: r.headers, body: r.body, dispatcher });
				const text = await res.body.text();
				const { parsed, ok } = parse(text);
				if (res.statusCode >= 200 && res.statusCode < 300 && ok) {
					succeeded += 1;
					results[i] = parsed;
				} else {
					failed += 1;
					firstError = firstError || `HTTP ${res.statusCode}: ${text.slice(0, 200)}`;
				}
			} catch (error) {
				failed += 1;
				firstError = firstError || String(error.message || error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(args.concurrency, args.n)) }, worker));
	const loopMs = Number(process.hrtime.bigint() - t0) / 1e6;
	const cpu = process.cpuUsage(cpu0);
	await dispatcher.close();
	process.stdout.write(
		`${JSON.stringify({
			n: args.n,
			succeeded,
			failed,
			firstError,
			loopMs,
			cpuMs: (cpu.user + cpu.system) / 1000,
			maxRssKb: process.resourceUsage().maxRSS,
		})}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
