'use strict';
// The vendor sandbox in a process of its own (test/sandbox/cli.js), driven over its control
// API. Its own process, so that its CPU does not count against the client being measured
// and the raw client does not share an event loop with the server it calls.

const path = require('path');
const { spawn } = require('child_process');

const { ROOT } = require('../../scripts/lib/n8n');
const { killGroup } = require('../../scripts/lib/proc');
const { VENDORS } = require('../../test/sandbox');

/**
 * rateLimit: optional { rate, burst?, headers? } on every vendor from the start and after every
 * reset (the CLI's --rate); the bench itself sets limits per run with prepare({ rateLimit }).
 */
async function startSandboxProcess({ nodeBin = process.execPath, rateLimit = null } = {}) {
	const args = [path.join(ROOT, 'test', 'sandbox', 'cli.js'), '--port', '0'];
	if (rateLimit) {
		args.push('--rate', String(rateLimit.rate));
		if (rateLimit.burst !== undefined) args.push('--burst', String(rateLimit.burst));
		if (rateLimit.headers !== undefined) args.push('--rate-headers', String(rateLimit.headers));
	}
	const child = spawn(nodeBin, args, {
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let stderr = '';
	child.stderr.on('data', (b) => {
		stderr += b.toString('utf8');
	});
	const url = await new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (b) => {
			out += b.toString('utf8');
			const m = /SANDBOX_URL=(\S+)/.exec(out);
			if (m) resolve(m[1]);
		});
		child.on('exit', (code) => reject(new Error(`sandbox exited (code ${code}): ${stderr}`)));
		setTimeout(() => reject(new Error('sandbox did not start within 20 s')), 20000).unref();
	});
	if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`sandbox on an unexpected address: ${url}`);
	return new SandboxClient(url, child);
}

class SandboxClient {
	constructor(url, child) {
		this.url = url;
		this.child = child;
		this.pid = child.pid;
		this.mounts = new Map(VENDORS.map((v) => [v.name, { mount: v.mount || `/${v.name}`, baseUrls: v.baseUrls || {} }]));
	}

	/** Same as the in-process sandbox's sb.baseUrl(name, kind). */
	baseUrl(name, kind) {
		const v = this.mounts.get(name);
		if (!v) throw new Error(`sandbox: unknown vendor ${name}`);
		if (kind === undefined) return this.url + v.mount;
		if (v.baseUrls[kind] === undefined) throw new Error(`sandbox: vendor ${name} has no base URL ${kind}`);
		return this.url + v.mount + v.baseUrls[kind];
	}

	async call(method, what, body) {
		const res = await fetch(`${this.url}/__sandbox${what}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`sandbox ${method} ${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : undefined;
	}

	/**
	 * Empty state, the given config ({ vendor: {...} } list), latency on every vendor request,
	 * and optionally a rate limit ({ rate, burst, headers }) on every vendor.
	 */
	async prepare({ configs = [], latencyMs = 0, rateLimit = null }) {
		await this.call('POST', '/reset');
		for (const c of configs) await this.call('POST', '/config', c);
		if (latencyMs > 0) await this.call('POST', '/faults', { latencyMs });
		if (rateLimit) await this.call('POST', '/ratelimit', rateLimit);
	}

	/** { passed, limited } of the vendor's rate limit since the last reset (limited = 429s sent). */
	rateStats(vendor) {
		return this.call('GET', `/ratelimit?vendor=${encodeURIComponent(vendor)}`);
	}

	state(vendor) {
		return this.call('GET', `/state?vendor=${encodeURIComponent(vendor)}`);
	}

	requests(vendor) {
		return this.call('GET', `/requests?vendor=${encodeURIComponent(vendor)}`);
	}

	async close() {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise((resolve) => this.child.on('exit', resolve));
		killGroup(this.child.pid, 'SIGTERM');
		const t = setTimeout(() => killGroup(this.child.pid, 'SIGKILL'), 5000);
		await exited;
		clearTimeout(t);
	}
}

module.exports = { startSandboxProcess };
