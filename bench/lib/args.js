'use strict';
// Command line of `npm run bench`.

const { N8N_VERSIONS } = require('../../scripts/lib/n8n');
const { VENDORS } = require('./vendors');

const CLIENTS = ['node', 'node-json', 'http', 'http-batch', 'raw'];
// our node's input modes (--input-mode) and the client each is measured as: fields = version 1's
// Fields Below (the client "node", today's default); auto = version 2's Map Automatically; json =
// version 2's JSON Body ("node-json" stays version 1's JSON Body)
const INPUT_MODES = { auto: 'node-auto', fields: 'node', json: 'node-v2json' };
const NODE_CLIENTS = { node: { inputMode: 'fields', version: 1 }, 'node-json': { inputMode: 'json', version: 1 }, 'node-auto': { inputMode: 'auto', version: 2 }, 'node-v2json': { inputMode: 'json', version: 2 } };
const ALL_CLIENTS = [...CLIENTS, 'node-auto', 'node-v2json'];
// with --keepalive-experiment: the same n8n clients again, in an n8n whose n8n-core reuses
// keep-alive agents (bench/lib/keepalive-preload.js)
const KA = '+ka';
const RATE_CLIENTS = ['node', 'http', 'http-batch'];
const RATE_HEADERS = ['retry-after', 'none', 'ratelimit', 'x-ratelimit'];

const USAGE = `usage: npm run bench -- [options]

  --items N           customers per measured run (default 5000)
  --quick             500 customers, one repeat: a fast check that everything runs
  --latency MS        latency the sandbox adds to every vendor request (default 20)
  --vendors a,b       vendors to measure (default: ${Object.keys(VENDORS).join(',')})
  --clients a,b       what to measure (default: ${CLIENTS.join(',')}; also node-auto, node-v2json)
  --input-mode m,n    our node's input modes to measure: ${Object.keys(INPUT_MODES).join(', ')} (one or several)
                      auto = version 2, Map Automatically (the Code node makes the vendor's records);
                      fields = version 1, Fields Below (the client "node", today's default);
                      json = version 2, JSON Body. "node" in --clients stands for these modes, and
                      node-json (version 1's JSON Body) is left out unless --clients names it.
                      Default: the client "node" alone (fields), as before
  --n8n VERSION       n8n to run in (default ${N8N_VERSIONS[0]}; also ${N8N_VERSIONS.slice(1).join(', ')})
  --concurrency C     our node's concurrency and the raw client's (default 5, the node's default)
  --batch SIZE:MS     HTTP Request batching: items per batch and ms between batches
                      (default C:latency, at least 1 ms; an interval of 0 turns batching off in n8n)
  --repeat K          measure each configuration K times, report the median (default 1)
  --baseline N        items of the baseline run for RSS growth and CPU (default 10)
  --no-cpu            skip the 0 ms latency runs (CPU per item)
  --no-build          use the current dist/ (still packed and installed as users get it)
  --no-save           do not write bench/results/
  --keep              keep the temp n8n user folder and its logs
  --profile DIR       write a CPU profile (.cpuprofile) of every measured n8n process to DIR,
                      and print the per-item CPU split (n8n expressions / n8n request path / ours)
  --keepalive-experiment
                      also measure every n8n client in an n8n whose n8n-core reuses keep-alive
                      http(s) agents (a preload in the bench's throwaway n8n only; rows "+ka")

  Resync scenario (Options → Skip Unchanged; bench/lib/resync.js):
  --scenario resync   the same list three times: N new, then 1 % changed, then unchanged; reports
                      the requests of the second run, its time as a ratio of the first's, the store's
                      size and the CPU per skipped item (default 50000 customers, vendor hyfin)

  Rate-limit scenario (instead of the latency one):
  --rate R            the sandbox limits every vendor to R requests/s (token bucket); N items per
                      vendor through ${RATE_CLIENTS.join(', ')} (--clients to change); reports
                      success rate, node time vs the floor N/R, and the 429s sent
  --burst B           bucket size (default 10)
  --rate-headers S    what the 429s say: ${RATE_HEADERS.join(', ')} (default retry-after)
                      HTTP Request batching defaults to B items every B/R s there (the limit, set
                      by hand); --batch overrides
`;

function parseArgs(argv) {
	const a = {
		items: 5000,
		latencyMs: 20,
		vendors: Object.keys(VENDORS),
		clients: [...CLIENTS],
		n8n: process.env.N8N_BENCH_VERSION || N8N_VERSIONS[0],
		concurrency: 5,
		batch: null,
		repeat: 1,
		baseline: 10,
		cpu: true,
		build: true,
		save: true,
		keep: false,
		quick: false,
		profile: null,
		keepaliveExperiment: false,
		rate: null,
		burst: 10,
		rateHeaders: 'retry-after',
		scenario: 'latency',
		inputModes: null,
	};
	let clientsGiven = false;
	let batchGiven = false;
	const value = (i, name) => {
		if (i >= argv.length) throw new Error(`${name} needs a value`);
		return argv[i];
	};
	const int = (v, name, min) => {
		const n = Number(v);
		if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number >= ${min}`);
		return n;
	};
	const list = (v, known, name) => {
		const out = String(v).split(',').map((s) => s.trim()).filter(Boolean);
		for (const x of out) if (!known.includes(x)) throw new Error(`${name}: unknown "${x}" (known: ${known.join(', ')})`);
		return out;
	};
	for (let i = 0; i < argv.length; i++) {
		let arg = argv[i];
		let inline;
		if (arg.startsWith('--') && arg.includes('=')) [arg, inline] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
		const next = () => (inline !== undefined ? inline : value(++i, arg));
		switch (arg) {
			case '--items': a.items = int(next(), arg, 1); break;
			case '--quick': a.quick = true; break;
			case '--latency': a.latencyMs = int(next(), arg, 0); break;
			case '--vendors': a.vendors = list(next(), Object.keys(VENDORS), arg); break;
			case '--clients': a.clients = list(next(), ALL_CLIENTS, arg); clientsGiven = true; break;
			case '--input-mode': case '--input-modes': a.inputModes = [...new Set(list(next(), Object.keys(INPUT_MODES), arg))]; break;
			case '--n8n': case '--n8n-version': a.n8n = next(); break;
			case '--concurrency': a.concurrency = int(next(), arg, 1); break;
			case '--batch': {
				const m = /^(\d+):(\d+)$/.exec(next());
				if (!m) throw new Error('--batch is SIZE:MS, e.g. 5:20');
				a.batch = { size: Number(m[1]), intervalMs: Number(m[2]) };
				batchGiven = true;
				break;
			}
			case '--repeat': a.repeat = int(next(), arg, 1); break;
			case '--baseline': a.baseline = int(next(), arg, 1); break;
			case '--no-cpu': a.cpu = false; break;
			case '--no-build': a.build = false; break;
			case '--no-save': a.save = false; break;
			case '--keep': a.keep = true; break;
			case '--profile': a.profile = require('path').resolve(next()); break;
			case '--keepalive-experiment': a.keepaliveExperiment = true; break;
			case '--rate': {
				const r = Number(next());
				if (!(Number.isFinite(r) && r > 0)) throw new Error('--rate must be a number of requests per second > 0');
				a.rate = r;
				break;
			}
			case '--burst': a.burst = int(next(), arg, 1); break;
			case '--rate-headers': a.rateHeaders = list(next(), RATE_HEADERS, arg)[0]; break;
			case '--scenario': a.scenario = list(next(), ['latency', 'resync'], arg)[0]; break;
			case '--help': case '-h': a.help = true; break;
			default: throw new Error(`unknown argument ${argv[i]}\n\n${USAGE}`);
		}
	}
	if (a.scenario === 'resync') {
		if (!argv.includes('--items')) a.items = 50000;
		if (!argv.includes('--vendors')) a.vendors = ['hyfin'];
		return a;
	}
	if (a.quick && !argv.some((x) => x.startsWith('--items'))) a.items = 500;
	if (a.baseline >= a.items) throw new Error('--baseline must be smaller than --items');
	if (a.rate !== null) {
		a.scenario = 'rate-limit';
		if (!clientsGiven) a.clients = [...RATE_CLIENTS];
		if (a.clients.includes('raw')) throw new Error('--rate: the raw client has no 429 handling; leave it out of --clients');
		// the HTTP Request node's batching set by hand to the vendor's limit: a full bucket every burst/rate s
		if (!batchGiven) a.batch = { size: a.burst, intervalMs: Math.max(1, Math.ceil((1000 * a.burst) / a.rate)) };
		a.cpu = false; // no 0 ms runs: the limit, not the CPU, sets the pace
	}
	if (!a.batch) a.batch = { size: a.concurrency, intervalMs: Math.max(1, a.latencyMs) };
	if (a.inputModes) {
		// "node" stands for the chosen modes; without --clients, version 1's JSON Body is not one of them
		const modes = a.inputModes.map((m) => INPUT_MODES[m]);
		const others = a.clients.filter((c) => c !== 'node' && !modes.includes(c) && (clientsGiven || c !== 'node-json'));
		a.clients = [...modes, ...others];
	} else if (!a.clients.includes('node')) a.clients.unshift('node'); // every ratio and target is about our node
	if (a.keepaliveExperiment) {
		for (const c of a.clients.filter((x) => x !== 'raw')) a.clients.push(`${c}${KA}`);
	}
	return a;
}

/** Our node's input mode and typeVersion for a client name ('node-auto+ka' too); null for the others. */
function nodeClient(name) {
	return NODE_CLIENTS[splitClient(name).base] || null;
}

/** 'node+ka' -> { base: 'node', keepAlive: true }. */
function splitClient(name) {
	return name.endsWith(KA) ? { base: name.slice(0, -KA.length), keepAlive: true } : { base: name, keepAlive: false };
}

module.exports = { parseArgs, splitClient, nodeClient, USAGE, CLIENTS, INPUT_MODES, RATE_CLIENTS, RATE_HEADERS, KA };
