'use strict';
// Where the CPU goes while the node runs, from a .cpuprofile (npm run bench -- --profile DIR).
// Each sample's time goes to the script URL of the frame it was taken in (its self time);
// frames without a URL (V8 builtins such as JSON.stringify or RegExp code) count for the
// nearest caller that has one. The categories, first match wins:
//
//   ours          the package as n8n loaded it (…/n8n-nodes-customer-sync/…) and the
//                 dependencies installed with it (the staging folder: fast-xml-parser, form-data)
//   expression    n8n evaluating parameters: n8n-workflow, @n8n/tournament, @n8n/expression-runtime,
//                 the parsers they use (recast, ast-types, esprima-next, acorn), jmespath, luxon, lodash
//   request       n8n's request path: n8n-core's request helpers, @n8n/backend-network, axios,
//                 follow-redirects, form-data, proxy-from-env, the *-proxy-agent packages, and
//                 Node's http/net/tls/dns/stream internals
//   n8n other     the rest of n8n (n8n-core's execution engine, the CLI, typeorm, the database …)
//   node other    the rest of Node's internals (timers, promises, async hooks …)
//   gc            (garbage collector)
//   other         everything else ((program): V8 itself, compiling; other packages)
//
// Idle samples ((idle)) are left out: the figures are CPU time.

const fs = require('fs');
const path = require('path');

const CATEGORIES = ['ours', 'expression', 'request', 'n8n other', 'node other', 'gc', 'other'];

const EXPRESSION = [/\/n8n-workflow\//, /\/@n8n\/tournament\//, /\/@n8n\/expression-runtime\//, /\/recast\//, /\/ast-types\//, /\/esprima-next\//, /\/acorn[^/]*\//, /\/jmespath\//, /\/luxon\//, /\/lodash[^/]*\//];
const REQUEST = [
	/\/n8n-core\/dist\/.*request-helper/,
	/\/n8n-core\/dist\/http-proxy/,
	/\/@n8n\/backend-network\//,
	/\/axios\//,
	/\/follow-redirects\//,
	/\/form-data\//,
	/\/proxy-from-env\//,
	/\/(http|https)-proxy-agent\//,
	/\/agent-base\//,
	/^node:(_http_\w+|http|https|net|tls|dns|_tls_\w+|stream|zlib|buffer|string_decoder|events)$/,
	/^node:internal\/(http|net|dns|tls|stream_base_commons|streams\/|js_stream_socket|url|querystring|buffer)/,
];
const N8N = [/\/n8n-core\//, /\/node_modules\/n8n\//, /\/@n8n\//, /\/n8n-nodes-base\//, /\/typeorm\//, /\/sqlite3\//, /\/@sentry\//];

function categoryOfUrl(url, ownDirs) {
	if (!url) return null;
	// not just "n8n-nodes-customer-sync/": n8n itself is cached in ~/.cache/n8n-nodes-customer-sync/
	if (url.includes('/node_modules/n8n-nodes-customer-sync/') || ownDirs.some((d) => url.includes(d))) return 'ours';
	if (EXPRESSION.some((r) => r.test(url))) return 'expression';
	if (REQUEST.some((r) => r.test(url))) return 'request';
	if (N8N.some((r) => r.test(url))) return 'n8n other';
	if (url.startsWith('node:') || /^(internal\/|_http|events\.js|net\.js)/.test(url)) return 'node other';
	return 'other';
}

/**
 * profile: a parsed .cpuprofile; window: { fromUs, toUs } on the profile's clock (optional);
 * ownDirs: path fragments that are ours besides the package itself (its staging folder).
 * Returns { totalMs, byCategory: { name: ms }, samples, topOther: [{ url, ms }] }.
 */
function splitProfile(profile, { window = null, ownDirs = [] } = {}) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
	const category = new Map();
	const categoryOf = (id) => {
		if (category.has(id)) return category.get(id);
		const n = byId.get(id);
		const fn = n.callFrame.functionName;
		let c;
		if (fn === '(idle)') c = 'idle';
		else if (fn === '(garbage collector)') c = 'gc';
		else if (fn === '(program)' || fn === '(root)') c = 'other';
		else {
			c = categoryOfUrl(n.callFrame.url, ownDirs);
			if (c === null) c = parent.has(id) ? categoryOf(parent.get(id)) : 'other';
		}
		category.set(id, c);
		return c;
	};
	const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
	const otherUrls = new Map();
	let t = profile.startTime;
	let samples = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i] || 0;
		// a sample stands for the time until the next one
		const dt = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
		if (window && (t < window.fromUs || t > window.toUs)) continue;
		const id = profile.samples[i];
		const c = categoryOf(id);
		if (c === 'idle') continue;
		byCategory[c] += dt / 1000;
		samples += 1;
		if (c === 'other' || c === 'n8n other') {
			const url = byId.get(id).callFrame.url || byId.get(id).callFrame.functionName;
			const key = `${c}: ${moduleOf(url)}`;
			otherUrls.set(key, (otherUrls.get(key) || 0) + dt / 1000);
		}
	}
	const totalMs = Object.values(byCategory).reduce((a, b) => a + b, 0);
	const topOther = [...otherUrls.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 8)
		.map(([url, ms]) => ({ url, ms: Math.round(ms) }));
	return { totalMs, byCategory, samples, topOther };
}

/** …/node_modules/@scope/pkg/… -> @scope/pkg; node:internal/x -> node:internal/x. */
function moduleOf(url) {
	const m = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	return m ? m[1] : url;
}

/**
 * The split of one measured run: the main process's profile in `dir`, restricted to the node's
 * execution window (startTime: epoch ms, executionTime: ms from n8n's runData), per item.
 * Returns null when the profile or its clock file is missing.
 */
function splitRun({ dir, pid, startTime, executionTime, n, ownDirs = [] }) {
	const file = path.join(dir, `${pid}.cpuprofile`);
	const clockFile = path.join(dir, `${pid}.clock.json`);
	if (!fs.existsSync(file) || !fs.existsSync(clockFile)) return null;
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const clock = JSON.parse(fs.readFileSync(clockFile, 'utf8'));
	const window =
		startTime && executionTime
			? {
					fromUs: clock.monotonicUs + (startTime - clock.epochMs) * 1000,
					toUs: clock.monotonicUs + (startTime + executionTime - clock.epochMs) * 1000,
				}
			: null;
	const s = splitProfile(profile, { window, ownDirs });
	const perItemUs = Object.fromEntries(Object.entries(s.byCategory).map(([k, ms]) => [k, Math.round((ms * 1000) / n)]));
	return {
		file,
		windowMs: window ? executionTime : null,
		cpuMs: Math.round(s.totalMs),
		perItemUs,
		totalPerItemUs: Math.round((s.totalMs * 1000) / n),
		share: Object.fromEntries(Object.entries(s.byCategory).map(([k, ms]) => [k, s.totalMs ? Math.round((ms / s.totalMs) * 1000) / 10 : 0])),
		topOther: s.topOther,
	};
}

module.exports = { splitProfile, splitRun, categoryOfUrl, CATEGORIES };

// node bench/lib/cpuprofile.js FILE.cpuprofile [N]: the split of a whole profile (no window)
if (require.main === module) {
	const [file, n = '1'] = process.argv.slice(2);
	const s = splitProfile(JSON.parse(fs.readFileSync(file, 'utf8')));
	for (const c of CATEGORIES) {
		process.stdout.write(`${c.padEnd(12)} ${(s.byCategory[c] / Number(n)).toFixed(3).padStart(10)} ms${Number(n) > 1 ? '/item' : ''}  ${((s.byCategory[c] / s.totalMs) * 100).toFixed(1).padStart(5)} %\n`);
	}
	for (const o of s.topOther) process.stdout.write(`  ${o.url}: ${o.ms} ms\n`);
}
