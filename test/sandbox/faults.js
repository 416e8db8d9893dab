'use strict';
// Fault injection. A spec picks requests (vendor, method, path) and adds
// latency, one-shot faults (`next`, used in order) and seeded random faults
// (`rate`). Rate faults use their own PRNG per spec, so the same request
// sequence gives the same faults on every run.

const zlib = require('zlib');
const { send } = require('./util');

const SPEC_KEYS = new Set(['vendor', 'method', 'path', 'pathRegex', 'pathFlags', 'latencyMs', 'next', 'rate', 'seed', 'retryAfter']);
const FAULT_KEYS = new Set(['status', 'retryAfter', 'body', 'contentType', 'headers', 'drop', 'malformed', 'html', 'delayMs', 'truncate', 'stream']);
// Replies that do not end as they should (`stream: { mode, ... }`):
//   drip      one byte every `everyMs` (150) ms, for at most `limitMs` (20 s)
//   endless   64 KB every 5 ms, for at most `limitMs`
//   huge      `bytes` (300 MB) of JSON padding, chunked (no content-length), with backpressure
//   gzip      `bytes` (200 MB) of zeros, gzip-encoded on the fly (a "gzip bomb": ~200 KB on the wire)
// Each stops when the client closes; `sb.streamed` counts the bytes written (before encoding).
const STREAM_MODES = new Set(['drip', 'endless', 'huge', 'gzip']);
// Fixed order, so the outcome of a draw does not depend on key order in `rate`.
const RATE_KINDS = ['429', '500', '502', '503', '504', 'drop', 'malformed', 'html', 'truncate'];

// mulberry32: tiny, good enough, and deterministic for a given seed.
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function checkFault(f, where) {
	if (f === null || typeof f !== 'object') throw new Error(`${where}: fault must be an object`);
	for (const k of Object.keys(f)) if (!FAULT_KEYS.has(k)) throw new Error(`${where}: unknown fault key ${k}`);
	const kinds = ['drop', 'malformed', 'html', 'truncate', 'stream'].filter((k) => f[k]);
	if (kinds.length > 1) throw new Error(`${where}: only one of drop/malformed/html/truncate/stream`);
	if (f.stream && !STREAM_MODES.has(f.stream.mode)) throw new Error(`${where}: stream.mode must be one of ${[...STREAM_MODES].join(', ')}`);
	if (f.status !== undefined && !(Number.isInteger(f.status) && f.status >= 100 && f.status <= 599)) {
		throw new Error(`${where}: bad status ${f.status}`);
	}
	if (f.status !== undefined && (f.drop || f.malformed)) throw new Error(`${where}: status makes no sense with drop/malformed`);
	if (f.delayMs !== undefined && !(Number(f.delayMs) >= 0)) throw new Error(`${where}: bad delayMs`);
	if (!kinds.length && f.status === undefined && f.delayMs === undefined) throw new Error(`${where}: empty fault`);
	return { ...f };
}

function normalize(spec, i) {
	const where = `fault spec ${i}`;
	if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Error(`${where}: must be an object`);
	for (const k of Object.keys(spec)) if (!SPEC_KEYS.has(k)) throw new Error(`${where}: unknown key ${k}`);
	let path = spec.path;
	// Over HTTP a RegExp cannot travel as JSON, hence pathRegex.
	if (spec.pathRegex !== undefined) path = new RegExp(spec.pathRegex, spec.pathFlags || '');
	if (path !== undefined && typeof path !== 'string' && !(path instanceof RegExp)) {
		throw new Error(`${where}: path must be a string or RegExp`);
	}
	const rate = spec.rate || {};
	let total = 0;
	for (const [k, p] of Object.entries(rate)) {
		if (!RATE_KINDS.includes(k)) throw new Error(`${where}: unknown rate kind ${k} (use ${RATE_KINDS.join(', ')})`);
		if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new Error(`${where}: rate ${k} must be 0..1`);
		total += p;
	}
	if (total > 1 + 1e-9) throw new Error(`${where}: rates add up to more than 1`);
	const seed = spec.seed === undefined ? 1 : Number(spec.seed);
	return {
		vendor: spec.vendor,
		method: spec.method ? String(spec.method).toUpperCase() : undefined,
		path,
		latencyMs: Number(spec.latencyMs) || 0,
		next: (spec.next || []).map((f, j) => checkFault(f, `${where} next[${j}]`)),
		rate,
		seed,
		retryAfter: spec.retryAfter,
		random: Object.keys(rate).length ? prng(seed) : null,
	};
}

function pathMatches(pattern, paths) {
	if (pattern === undefined) return true;
	return paths.some((p) => (pattern instanceof RegExp ? pattern.test(p) : p.includes(pattern)));
}

function createFaults() {
	let specs = [];
	return {
		// Replace all specs by one spec or an array of specs.
		set(spec) {
			const list = Array.isArray(spec) ? spec : [spec];
			specs = list.map(normalize);
		},
		add(spec) {
			specs.push(normalize(spec, specs.length));
		},
		clear() {
			specs = [];
		},
		// Specs as they stand now (next[] shrinks as one-shots are used).
		list() {
			return specs.map(({ random, ...s }) => ({ ...s, next: s.next.map((f) => ({ ...f })) }));
		},
		// One-shot faults not used yet, over all specs.
		pending() {
			return specs.reduce((n, s) => n + s.next.length, 0);
		},
		// The latency of the specs matching one request, drawing and using no fault.
		latency({ vendor, method, paths }) {
			let latencyMs = 0;
			for (const s of specs) {
				if (s.vendor !== undefined && s.vendor !== vendor) continue;
				if (s.method !== undefined && s.method !== method) continue;
				if (pathMatches(s.path, paths)) latencyMs += s.latencyMs;
			}
			return latencyMs;
		},
		// For one request: total latency and at most one fault. `paths` are the
		// vendor-relative path and the raw path; a spec matches either.
		pick({ vendor, method, paths }) {
			let latencyMs = 0;
			let fault = null;
			for (const s of specs) {
				if (s.vendor !== undefined && s.vendor !== vendor) continue;
				if (s.method !== undefined && s.method !== method) continue;
				if (!pathMatches(s.path, paths)) continue;
				latencyMs += s.latencyMs;
				if (!fault && s.next.length) fault = { ...s.next.shift(), source: 'next' };
				// Draw on every matching request, used or not, so the sequence
				// depends only on the requests seen.
				if (s.random) {
					const r = s.random();
					if (!fault) fault = rateFault(s, r);
				}
			}
			return { latencyMs, fault };
		},
	};
}

function rateFault(s, r) {
	let acc = 0;
	for (const kind of RATE_KINDS) {
		acc += s.rate[kind] || 0;
		if (r < acc) {
			if (/^\d+$/.test(kind)) {
				const f = { status: Number(kind), source: 'rate' };
				if (kind === '429' && s.retryAfter !== undefined) f.retryAfter = s.retryAfter;
				return f;
			}
			return { [kind]: true, source: 'rate' };
		}
	}
	return null;
}

// Does this fault replace the vendor handler? (delayMs alone does not.)
function replacesHandler(f) {
	return !!(f && (f.drop || f.malformed || f.html || f.truncate || f.stream || f.status !== undefined));
}

// A reply that does not end as it should (see STREAM_MODES); `counter.bytes` grows as it is written.
function streamReply(res, f, counter) {
	const s = f.stream;
	const limitMs = Number(s.limitMs) || 20000;
	const headers = { 'content-type': 'application/json; charset=utf-8', ...(f.headers || {}) };
	let stopped = false;
	let timer;
	const stop = setTimeout(() => finish(), limitMs);
	const finish = () => {
		if (stopped) return;
		stopped = true;
		clearInterval(timer);
		clearTimeout(stop);
		if (!res.destroyed && !res.writableEnded) res.end();
	};
	res.on('close', () => {
		stopped = true;
		clearInterval(timer);
		clearTimeout(stop);
	});
	if (s.mode === 'drip' || s.mode === 'endless') {
		res.writeHead(f.status || 200, headers);
		res.write('{"pad":"');
		const chunk = s.mode === 'endless' ? 'x'.repeat(64 * 1024) : 'x';
		timer = setInterval(() => {
			if (stopped) return;
			counter.bytes += chunk.length;
			res.write(chunk);
		}, s.mode === 'endless' ? 5 : Number(s.everyMs) || 150);
		return;
	}
	const total = Number(s.bytes) || (s.mode === 'gzip' ? 200 : 300) * 1024 * 1024;
	const chunk = Buffer.alloc(1024 * 1024, s.mode === 'gzip' ? 0 : 0x78);
	let sink = res;
	if (s.mode === 'gzip') {
		headers['content-encoding'] = 'gzip';
		res.writeHead(f.status || 200, headers);
		sink = zlib.createGzip({ level: 1 });
		sink.pipe(res);
		res.on('close', () => sink.destroy());
	} else {
		res.writeHead(f.status || 200, headers);
	}
	let written = 0;
	const pump = () => {
		while (!stopped && written < total) {
			const piece = written + chunk.length > total ? chunk.subarray(0, total - written) : chunk;
			written += piece.length;
			counter.bytes += piece.length;
			if (!sink.write(piece)) return sink.once('drain', pump);
		}
		if (!stopped) {
			stopped = true;
			clearTimeout(stop);
			sink.end();
		}
	};
	pump();
}

const HTML_PAGE = (status) =>
	`<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

// Send the faulty reply. The request body has been read already.
function applyFault(res, f, counter = { bytes: 0 }) {
	const extra = f.headers || {};
	if (f.stream) return streamReply(res, f, counter);
	if (f.drop) {
		res.socket.destroy();
		return;
	}
	if (f.malformed) {
		// Valid start of a JSON object, cut in the middle: JSON.parse must fail.
		send(res, 200, '{"success":true,"action":"upd', { 'content-type': 'application/json; charset=utf-8', ...extra });
		return;
	}
	if (f.html) {
		send(res, f.status || 502, HTML_PAGE(f.status || 502), { 'content-type': 'text/html', ...extra });
		return;
	}
	if (f.truncate) {
		// Promise more bytes than we send, then close: the client sees a
		// premature end of the body.
		const full = Buffer.from(JSON.stringify({ success: true, action: 'updated', _id: '000000000000000000000000', pad: 'x'.repeat(64) }));
		res.writeHead(f.status || 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': full.length, ...extra });
		const socket = res.socket;
		res.write(full.subarray(0, 20), () => socket && socket.end());
		return;
	}
	const headers = { 'content-type': f.contentType || 'application/json; charset=utf-8', ...extra };
	if (f.retryAfter !== undefined && f.retryAfter !== null) headers['retry-after'] = String(f.retryAfter);
	const body = f.body !== undefined ? f.body : JSON.stringify({ error: 'sandbox_fault', status: f.status });
	send(res, f.status, body, headers);
}

module.exports = { createFaults, applyFault, replacesHandler, RATE_KINDS, prng };
