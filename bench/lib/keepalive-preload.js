'use strict';
// npm run bench -- --keepalive-experiment: loaded with `node --require` into the bench's own
// throwaway `n8n execute` process (never into a user's n8n, never by the package). It shows
// what one change in n8n would give: n8n's request helpers build a new http.Agent and
// https.Agent for every request (`setAxiosAgents`, no keepAlive), so every request opens a new
// TCP connection. Here `setAxiosAgents` hands out one keep-alive agent pair per set of agent
// options instead, so connections are reused across requests and items.
//
//   n8n 1.x: n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/axios-utils.js
//            setAxiosAgents(config, agentOptions, proxyConfig) -> http-proxy.js createHttp(s)ProxyAgent
//   n8n 2.x: @n8n/backend-network/dist/http/axios/utils.js
//            setAxiosAgents(config, agentOptions, proxyConfig, ssrf) -> node-agents.js buildNodeAgents
//
// Both callers read the function from the module's exports at call time
// (`(0, utils_1.setAxiosAgents)(…)`), so replacing the export is enough. Whenever a proxy could be
// involved (a proxy in the request, or any *_PROXY variable) or n8n's SSRF guard is on (2.x),
// n8n's own function runs: the experiment only covers direct connections.
//
// At exit, with BENCH_PROBE_DIR set, it writes <pid>.keepalive.json: which files it patched,
// how many requests got the shared agents, and how many sockets those agents opened.

const fs = require('fs');
const path = require('path');
const http = require('http');
const https = require('https');
const Module = require('module');

const TARGETS = [
	path.join('n8n-core', 'dist', 'execution-engine', 'node-execution-context', 'utils', 'request-helpers', 'axios-utils.js'),
	path.join('@n8n', 'backend-network', 'dist', 'http', 'axios', 'utils.js'),
];

const stats = { patched: [], calls: 0, shared: 0, ownAgents: 0, fallback: 0, agentPairs: 0, socketsOpened: 0 };
const pairs = new Map();

function counted(agent) {
	const create = agent.createConnection;
	agent.createConnection = function createConnection(...args) {
		stats.socketsOpened += 1;
		return create.apply(this, args);
	};
	return agent;
}

function sharedAgents(agentOptions) {
	const key = JSON.stringify(agentOptions || {});
	let pair = pairs.get(key);
	if (!pair) {
		const options = { ...(agentOptions || {}), keepAlive: true };
		pair = { httpAgent: counted(new http.Agent(options)), httpsAgent: counted(new https.Agent(options)) };
		pairs.set(key, pair);
		stats.agentPairs += 1;
	}
	return pair;
}

const envProxy = () =>
	['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'].some((k) => process.env[k]);

function patch(mod, filename) {
	const original = mod.setAxiosAgents;
	if (typeof original !== 'function' || original.keepAliveExperiment) return;
	const replacement = function setAxiosAgents(config, agentOptions, proxyConfig, ssrf) {
		stats.calls += 1;
		if (!config || config.httpAgent || config.httpsAgent) {
			stats.ownAgents += 1;
			return original.apply(this, arguments);
		}
		const customProxy = proxyConfig && typeof mod.getUrlFromProxyConfig === 'function' ? mod.getUrlFromProxyConfig(proxyConfig) : null;
		const target = typeof mod.buildTargetUrl === 'function' ? mod.buildTargetUrl(config.url, config.baseURL) : config.url;
		if (customProxy || envProxy() || (ssrf !== undefined && ssrf !== 'disabled') || !target) {
			stats.fallback += 1;
			return original.apply(this, arguments);
		}
		const { httpAgent, httpsAgent } = sharedAgents(agentOptions);
		config.httpAgent = httpAgent;
		config.httpsAgent = httpsAgent;
		stats.shared += 1;
	};
	replacement.keepAliveExperiment = true;
	mod.setAxiosAgents = replacement;
	stats.patched.push(filename);
}

const loadJs = Module._extensions['.js'];
Module._extensions['.js'] = function loadAndPatch(module, filename) {
	const result = loadJs.apply(this, arguments);
	if (TARGETS.some((t) => filename.endsWith(t))) patch(module.exports, filename);
	return result;
};

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
	process.on('exit', () => {
		try {
			fs.writeFileSync(path.join(dir, `${process.pid}.keepalive.json`), JSON.stringify({ pid: process.pid, ...stats }));
		} catch {
			/* never disturb the process being measured */
		}
	});
}
