'use strict';
// Stateful vendor sandbox: one loopback HTTP server emulating all vendors.
// See README.md in this folder for the API, the vendor interface and the
// fault spec.
//
// Adding a vendor = one file (e.g. ./riverty.js) named after its id in the vendor registry
// (test/vendors/index.js, REGISTRY), which lists the vendors this server emulates.
// A vendor module exports:
//   name            'riverty'
//   mount           optional, default '/<name>': requests under it go to this
//                   vendor with the prefix stripped
//   match(path)     optional: claims un-prefixed paths (path = pathname)
//   baseUrls        optional { kind: '/sub/path' } for sb.baseUrl(name, kind)
//   defaultConfig() -> plain object (sb.config[name])
//   initState()     -> plain object (sb.state[name])
//   handle(ctx)     sends the reply (sync or async); see makeContext below

const http = require('http');
const util = require('./util');
const { createFaults, applyFault, replacesHandler } = require('./faults');
const { createRateLimits } = require('./ratelimit');

const { REGISTRY } = require('../vendors');

const VENDORS = REGISTRY.map(({ id }) => require(`./${id}`));

const CONTROL = '/__sandbox';

function checkLoopback(host) {
	if (host === 'localhost') return '127.0.0.1';
	if (host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return host;
	throw new Error(`sandbox: refusing to bind to ${host}: only loopback (127.0.0.1, ::1) is allowed`);
}

async function startSandbox(opts = {}) {
	const host = checkLoopback(opts.host || '127.0.0.1');
	const vendors = opts.vendors || VENDORS;
	const maxBodyBytes = opts.maxBodyBytes || util.MAX_BODY_BYTES;
	// Keeps benchmarks from growing memory forever; oldest entries go first.
	const maxRequests = opts.maxRequests || 100000;
	const log = opts.log || ((line) => process.stderr.write(`${line}\n`));
	const quiet = opts.quiet !== false && !opts.verbose;
	const byName = new Map();
	for (const v of vendors) {
		if (byName.has(v.name)) throw new Error(`sandbox: duplicate vendor ${v.name}`);
		byName.set(v.name, { ...v, mount: v.mount || `/${v.name}` });
	}

	const state = {};
	const config = {};
	const requests = [];
	const faults = createFaults();
	// per-vendor token buckets (ratelimit.js); opts.rateLimit = { rate, burst?, headers? } for every vendor
	const rateLimit = createRateLimits([...byName.keys()], { defaults: opts.rateLimit || null });
	const streamed = { bytes: 0 };
	const sockets = new Set();
	// Timers of delayed requests (latency/delayMs): cancelled on reset/close,
	// so a slow request from one test cannot touch the next test's state.
	const pending = new Map();

	function resetVendors() {
		for (const v of byName.values()) {
			state[v.name] = v.initState();
			config[v.name] = v.defaultConfig();
		}
	}
	resetVendors();

	function sleep(ms, res) {
		if (!(ms > 0)) return Promise.resolve(true);
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				pending.delete(t);
				resolve(true);
			}, ms);
			pending.set(t, { res, resolve });
		});
	}

	function cancelPending() {
		for (const [t, { res, resolve }] of pending) {
			clearTimeout(t);
			if (res && !res.destroyed) res.destroy();
			resolve(false);
		}
		pending.clear();
	}

	function route(pathname) {
		for (const v of byName.values()) {
			if (pathname === v.mount || pathname.startsWith(`${v.mount}/`)) {
				return { vendor: v, path: pathname.slice(v.mount.length) || '/' };
			}
		}
		for (const v of byName.values()) {
			if (v.match && v.match(pathname)) return { vendor: v, path: pathname };
		}
		return { vendor: null, path: pathname };
	}

	function record(entry) {
		requests.push(entry);
		if (requests.length > maxRequests) requests.splice(0, Math.ceil(maxRequests / 10));
	}

	async function onRequest(req, res) {
		const u = new URL(req.url, 'http://sandbox');
		if (u.pathname === CONTROL || u.pathname.startsWith(`${CONTROL}/`)) return control(req, res, u);
		const started = Date.now();
		const { vendor, path } = route(u.pathname);
		const entry = {
			vendor: vendor ? vendor.name : null,
			method: req.method,
			path: path + u.search,
			rawPath: req.url,
			headers: { ...req.headers },
			rawBody: '',
			json: undefined,
			time: started,
			status: undefined,
		};
		res.on('close', () => {
			entry.status = res.writableFinished ? res.statusCode : null;
			entry.durationMs = Date.now() - started;
			if (opts.verbose) {
				const f = entry.fault ? ` fault=${JSON.stringify(entry.fault)}` : '';
				log(`[sandbox] ${entry.vendor || '-'} ${req.method} ${req.url} -> ${entry.status ?? 'no reply'} ${entry.durationMs}ms${f}`);
			}
		});

		let buf;
		try {
			buf = await util.readBody(req, maxBodyBytes);
		} catch (err) {
			record(entry);
			const status = err.status || 400;
			util.sendJson(res, status, { error: status === 413 ? 'payload_too_large' : 'bad_request', message: err.message }, { connection: 'close' });
			return;
		}
		fillBody(entry, buf, req.headers);
		record(entry);

		// the vendor's rate limit, before any fault: a 429 from the limiter draws no fault
		const gate = vendor && !(vendor.isLogin && vendor.isLogin(path)) ? rateLimit.take(vendor.name) : null;
		if (gate) {
			for (const [k, v] of Object.entries(gate.headers)) res.setHeader(k, v);
			if (gate.limited) {
				entry.rateLimited = true;
				// the 429 travels back like any reply: the latency of the matching fault specs, no fault
				const ok = await sleep(faults.latency({ vendor: entry.vendor, method: req.method, paths: [entry.path, req.url] }), res);
				if (ok) util.sendJson(res, 429, { error: 'rate_limited' });
				return;
			}
		}

		const { latencyMs, fault } = faults.pick({ vendor: entry.vendor, method: req.method, paths: [entry.path, req.url] });
		if (fault) entry.fault = fault;
		const ok = await sleep(latencyMs + (fault && fault.delayMs ? Number(fault.delayMs) : 0), res);
		if (!ok) return;
		if (replacesHandler(fault)) {
			applyFault(res, fault, streamed);
			return;
		}
		if (!vendor) {
			util.sendJson(res, 404, { error: 'not_found', message: `no sandbox vendor for ${u.pathname}` });
			return;
		}
		try {
			await vendor.handle(makeContext(vendor, req, res, u, path, entry, buf));
		} catch (err) {
			if (!quiet) log(`[sandbox] ${vendor.name} handler crashed: ${err.stack || err}`);
			util.sendJson(res, 500, { error: 'sandbox_handler_crash', message: String(err.message || err) });
		}
		if (!res.headersSent && !res.destroyed) {
			util.sendJson(res, 500, { error: 'sandbox_no_reply', message: `${vendor.name} handler sent nothing` });
		}
	}

	function fillBody(entry, buf, headers) {
		entry.rawBody = buf.toString('utf8');
		const type = util.mediaType(headers);
		if (util.isJsonType(headers) && buf.length) {
			try {
				entry.json = JSON.parse(entry.rawBody);
			} catch (err) {
				entry.jsonError = err.message;
			}
		} else if (type === 'application/x-www-form-urlencoded') {
			entry.form = util.parseForm(entry.rawBody);
		} else if (type === 'multipart/form-data') {
			entry.rawBodyBuffer = buf;
			try {
				entry.multipart = util.parseMultipart(buf, headers['content-type']);
			} catch (err) {
				entry.multipartError = err.message;
			}
		}
	}

	// What a vendor handler gets. It must send exactly one reply via res,
	// ctx.json or ctx.send.
	function makeContext(vendor, req, res, u, path, entry, buf) {
		return {
			sb,
			vendor: vendor.name,
			req,
			res,
			method: req.method,
			path, // vendor-relative pathname, no query
			query: u.searchParams,
			headers: req.headers,
			cookies: util.parseCookies(req.headers.cookie),
			rawBody: entry.rawBody,
			rawBodyBuffer: buf,
			json: entry.json,
			jsonError: entry.jsonError,
			form: entry.form,
			multipart: entry.multipart,
			multipartError: entry.multipartError,
			entry,
			state: state[vendor.name],
			config: config[vendor.name],
			baseUrl: sb.baseUrl(vendor.name),
			mount: vendor.mount,
			reply: (status, obj, headers) => util.sendJson(res, status, obj, headers),
			send: (status, body, headers) => util.send(res, status, body, headers),
		};
	}

	async function control(req, res, u) {
		let body;
		try {
			const buf = await util.readBody(req, maxBodyBytes);
			body = buf.length ? JSON.parse(buf.toString('utf8')) : undefined;
		} catch (err) {
			util.sendJson(res, err.status || 400, { error: 'bad_request', message: err.message });
			return;
		}
		const what = u.pathname.slice(CONTROL.length) || '/';
		const vendorFilter = u.searchParams.get('vendor');
		const key = `${req.method} ${what}`;
		try {
			switch (key) {
				case 'GET /':
					return util.sendJson(res, 200, { url: sb.url, vendors: Object.fromEntries(sb.vendors.map((n) => [n, sb.baseUrl(n)])) });
				case 'GET /state':
					return util.sendJson(res, 200, util.toPlain(vendorFilter ? state[vendorFilter] : state));
				case 'GET /requests':
					return util.sendJson(res, 200, util.toPlain(vendorFilter ? requests.filter((r) => r.vendor === vendorFilter) : requests));
				case 'POST /reset':
					sb.reset();
					return util.sendJson(res, 200, { ok: true });
				case 'GET /faults':
					return util.sendJson(res, 200, util.toPlain(faults.list()));
				case 'POST /faults':
					faults.set(body);
					return util.sendJson(res, 200, { ok: true, faults: util.toPlain(faults.list()) });
				case 'DELETE /faults':
					faults.clear();
					return util.sendJson(res, 200, { ok: true });
				case 'GET /ratelimit':
					return util.sendJson(res, 200, vendorFilter ? { ...(rateLimit.list()[vendorFilter] || { limit: null }), ...rateLimit.stats(vendorFilter) } : rateLimit.list());
				case 'POST /ratelimit': {
					// { vendor?, rate, burst?, headers? }: no vendor = every vendor
					const { vendor: v, ...spec } = body || {};
					for (const name of v ? [v] : sb.vendors) rateLimit.set(name, spec);
					return util.sendJson(res, 200, { ok: true, limits: rateLimit.list() });
				}
				case 'DELETE /ratelimit':
					rateLimit.clear(vendorFilter || undefined);
					return util.sendJson(res, 200, { ok: true });
				case 'GET /config':
					return util.sendJson(res, 200, config);
				case 'POST /config':
					sb.configure(body);
					return util.sendJson(res, 200, config);
				default:
					return util.sendJson(res, 404, { error: 'not_found', message: `unknown control call ${key}` });
			}
		} catch (err) {
			return util.sendJson(res, 400, { error: 'bad_request', message: err.message });
		}
	}

	const server = http.createServer((req, res) => {
		onRequest(req, res).catch((err) => {
			if (!quiet) log(`[sandbox] internal error: ${err.stack || err}`);
			if (!res.headersSent) util.sendJson(res, 500, { error: 'sandbox_internal', message: String(err.message || err) });
		});
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	// A client aborting mid-request must not crash the process.
	server.on('clientError', (err, socket) => socket.destroy());

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port || 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = server.address().port;
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

	const sb = {
		// bytes the stream faults wrote (drip, endless, huge, gzip before encoding)
		streamed,
		url,
		port,
		host,
		server,
		state,
		config,
		requests,
		faults,
		rateLimit,
		vendors: [...byName.keys()],
		// Base URL a credential should use for this vendor (optionally a
		// sub-base the vendor module names in baseUrls, e.g. 'identity').
		baseUrl(name, kind) {
			const v = byName.get(name);
			if (!v) throw new Error(`sandbox: unknown vendor ${name}`);
			if (kind === undefined) return url + v.mount;
			if (!v.baseUrls || v.baseUrls[kind] === undefined) throw new Error(`sandbox: vendor ${name} has no base URL ${kind}`);
			return url + v.mount + v.baseUrls[kind];
		},
		// Deep-merge { vendor: {...} } into the config; arrays are replaced.
		configure(partial) {
			if (!util.isPlainObject(partial)) throw new Error('config must be an object { vendor: {...} }');
			for (const [name, part] of Object.entries(partial)) {
				if (!byName.has(name)) throw new Error(`unknown vendor ${name}`);
				util.deepMerge(config[name], part);
			}
			return config;
		},
		// State, config, requests and faults back to defaults. sb.state and
		// sb.config keep their identity; sb.state.<vendor> is a new object.
		reset() {
			streamed.bytes = 0;
			cancelPending();
			resetVendors();
			requests.length = 0;
			faults.clear();
			rateLimit.reset();
		},
		async close() {
			cancelPending();
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				for (const s of sockets) s.destroy();
			});
		},
	};
	return sb;
}

module.exports = { startSandbox, VENDORS };
