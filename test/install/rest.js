'use strict';
// n8n's own REST API, as the editor calls it: a logged-in owner (cookie), the Community Nodes
// settings page (/rest/community-packages), the workflow list and the editor's manual run.
// Used by the install suite (install.install.js). No browser-id header is sent at login, so
// the session cookie is not bound to one (n8n checks it only when the login carried one).

const fs = require('fs');
const path = require('path');

const OWNER = { email: 'install-suite@example.com', firstName: 'Install', lastName: 'Suite', password: 'InstallSuite12345' };
const PKG_NAME = 'n8n-nodes-customer-sync';

class N8nRest {
	constructor(baseUrl, runtime) {
		this.baseUrl = baseUrl;
		this.runtime = runtime;
		this.cookie = null;
		// n8n sends execution data as "flatted" JSON; its own copy parses it
		this.flatted = require(path.join(runtime.dir, 'node_modules', 'flatted'));
	}

	/** { status, body } with body the JSON's `data` when n8n wraps it so (always, for /rest). */
	async call(method, urlPath, body, { timeoutMs = 180000 } = {}) {
		const res = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(timeoutMs),
		});
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		const data = json && typeof json === 'object' && 'data' in json && res.ok ? json.data : json;
		return { status: res.status, body: data, raw: json };
	}

	async ok(method, urlPath, body, opts) {
		const r = await this.call(method, urlPath, body, opts);
		if (r.status < 200 || r.status > 299) {
			throw new Error(`${method} ${urlPath}: HTTP ${r.status} ${JSON.stringify(r.raw).slice(0, 1500)}`);
		}
		return r.body;
	}

	/** The first start's "Set up owner account" page, then a login (what the browser does). */
	async setupOwner() {
		await this.ok('POST', '/rest/owner/setup', OWNER);
		await this.ok('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password });
	}

	async login() {
		this.cookie = null;
		await this.ok('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password });
	}

	// ---------- Settings → Community Nodes ----------
	/** Install: POST /rest/community-packages { name, version? }. Returns { status, body }. */
	install(version) {
		return this.call('POST', '/rest/community-packages', { name: PKG_NAME, ...(version ? { version } : {}) });
	}
	/** Install by what a user types in the Install dialog, e.g. "n8n-nodes-customer-sync@0.1.0". */
	installSpec(spec) {
		return this.call('POST', '/rest/community-packages', { name: spec });
	}
	/** Update: PATCH /rest/community-packages { name } (the newest version, as the page's Update does). */
	update(version) {
		return this.call('PATCH', '/rest/community-packages', { name: PKG_NAME, ...(version ? { version } : {}) });
	}
	/** Uninstall: DELETE /rest/community-packages?name= */
	uninstall() {
		return this.call('DELETE', `/rest/community-packages?name=${encodeURIComponent(PKG_NAME)}`);
	}
	/** The page's list: installed packages with installedVersion, updateAvailable, failedLoading. */
	packages() {
		return this.ok('GET', '/rest/community-packages');
	}

	// ---------- what the editor knows ----------
	/** Node and credential types the editor loads (/types/*.json, served from n8n's static cache). */
	async types() {
		// n8n rewrites these files after an install or uninstall; a read in between can get a
		// partial file or a 404, so read until both are whole lists (at most 20 s)
		const deadline = Date.now() + 20000;
		let last;
		for (;;) {
			const nodes = await this.call('GET', '/types/nodes.json');
			const credentials = await this.call('GET', '/types/credentials.json');
			if (Array.isArray(nodes.raw) && Array.isArray(credentials.raw)) return { nodes: nodes.raw, credentials: credentials.raw };
			last = `${nodes.status} ${String(JSON.stringify(nodes.raw)).slice(0, 200)} / ${credentials.status}`;
			if (Date.now() > deadline) throw new Error(`/types/nodes.json and credentials.json are not lists: ${last}`);
			await new Promise((res) => setTimeout(res, 250));
		}
	}

	// ---------- credentials and workflows ----------
	createCredential({ name, type, data }) {
		return this.ok('POST', '/rest/credentials', { name, type, data });
	}
	/** What "Import from File" then Save does: a new workflow with the file's nodes and connections. */
	createWorkflow(wf) {
		const { name, nodes, connections, settings, pinData } = wf;
		return this.ok('POST', '/rest/workflows', { name, nodes, connections, settings: settings || { executionOrder: 'v1' }, pinData: pinData || {}, active: false });
	}
	workflow(id) {
		return this.ok('GET', `/rest/workflows/${id}`);
	}

	/**
	 * The editor's "Execute workflow" on a saved workflow from its Manual Trigger:
	 * POST /rest/workflows/:id/run, then GET /rest/executions/:id until it has finished.
	 * Returns { status, error, nodes, outputs, executionId, refused? }: refused = n8n's
	 * answer when it would not start the run (HTTP status and message).
	 */
	async runManually(id, { timeoutMs = 120000 } = {}) {
		const wf = await this.workflow(id);
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
		const started = await this.call('POST', `/rest/workflows/${id}/run`, { workflowData: wf, triggerToStartFrom: { name: trigger.name } });
		if (started.status !== 200 || !started.body || !started.body.executionId) {
			return { refused: { httpStatus: started.status, message: (started.raw && started.raw.message) || JSON.stringify(started.raw) } };
		}
		const executionId = started.body.executionId;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const r = await this.call('GET', `/rest/executions/${executionId}`);
			// the status can be final a moment before the execution data is written ("[]")
			if (r.status === 200 && r.body && !['new', 'running', 'waiting'].includes(r.body.status) && this.hasResult(r.body)) {
				return { executionId, ...this.parseExecution(r.body) };
			}
			if (Date.now() > deadline) throw new Error(`execution ${executionId} of workflow ${id} not finished after ${timeoutMs} ms (${JSON.stringify(r.raw).slice(0, 300)})`);
			await new Promise((res) => setTimeout(res, 250));
		}
	}

	hasResult(exec) {
		if (!exec.data) return false;
		const data = typeof exec.data === 'string' ? this.flatted.parse(exec.data) : exec.data;
		return Boolean(data && data.resultData);
	}

	parseExecution(exec) {
		const data = typeof exec.data === 'string' ? this.flatted.parse(exec.data) : exec.data;
		if (!data || !data.resultData) throw new Error(`execution without resultData: ${JSON.stringify(exec).slice(0, 800)}`);
		const rd = data.resultData;
		const nodes = {};
		const outputs = {};
		for (const [name, runs] of Object.entries(rd.runData || {})) {
			const last = runs[runs.length - 1];
			const main = (last && last.data && last.data.main) || [];
			nodes[name] = (main[0] || []).map((it) => it.json);
			outputs[name] = main.map((o) => (o || []).map((it) => it.json));
		}
		const error = rd.error ? { message: rd.error.message, description: rd.error.description || null, node: rd.error.node && rd.error.node.name } : null;
		return { status: exec.status, error, nodes, outputs, lastNodeExecuted: rd.lastNodeExecuted };
	}
}

/** The workflows of a folder (*.json), sorted by file name. */
function readWorkflows(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ file: f, wf: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

module.exports = { N8nRest, OWNER, PKG_NAME, readWorkflows };
