#!/usr/bin/env node
'use strict';
// Run the sandbox as its own process (e.g. next to a real n8n):
//   node test/sandbox/cli.js [--port N] [--verbose] [--rate N [--burst B] [--rate-headers STYLE]]
// stdout gets exactly one line, SANDBOX_URL=http://127.0.0.1:PORT, so a
// parent process can read it; request logs go to stderr with --verbose.
// --rate: every vendor limited to N requests per second (token bucket, burst B,
// default 10; see ratelimit.js), also after each reset.

const { startSandbox } = require('./index');
const { HEADER_STYLES } = require('./ratelimit');

const USAGE = `usage: node test/sandbox/cli.js [--port N] [--verbose] [--rate N [--burst B] [--rate-headers ${HEADER_STYLES.join('|')}]]\n`;

function parseArgs(argv) {
	const out = { port: 0, verbose: false, rate: null, burst: undefined, rateHeaders: undefined };
	for (let i = 0; i < argv.length; i++) {
		let a = argv[i];
		let inline;
		if (a.startsWith('--') && a.includes('=')) [a, inline] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
		const next = () => {
			if (inline !== undefined) return inline;
			if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
			return argv[++i];
		};
		if (a === '--verbose' || a === '-v') out.verbose = true;
		else if (a === '--port') out.port = Number(next());
		else if (a === '--rate') out.rate = Number(next());
		else if (a === '--burst') out.burst = Number(next());
		else if (a === '--rate-headers') out.rateHeaders = next();
		else if (a === '--help' || a === '-h') out.help = true;
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('bad --port');
	if (out.rate === null && (out.burst !== undefined || out.rateHeaders !== undefined)) throw new Error('--burst and --rate-headers need --rate');
	return out;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`${err.message}\n${USAGE}`);
		process.exit(2);
	}
	if (args.help) {
		process.stdout.write(USAGE);
		return;
	}
	const rateLimit = args.rate === null ? null : { rate: args.rate, burst: args.burst, headers: args.rateHeaders };
	let sb;
	try {
		sb = await startSandbox({ port: args.port, host: '127.0.0.1', verbose: args.verbose, quiet: !args.verbose, rateLimit });
	} catch (err) {
		process.stderr.write(`${err.message}\n${USAGE}`);
		process.exit(2);
	}
	process.stdout.write(`SANDBOX_URL=${sb.url}\n`);
	if (args.verbose) {
		for (const n of sb.vendors) process.stderr.write(`[sandbox] ${n}: ${sb.baseUrl(n)}\n`);
		if (rateLimit) process.stderr.write(`[sandbox] rate limit on every vendor: ${JSON.stringify(sb.rateLimit.list()[sb.vendors[0]])}\n`);
	}
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await sb.close();
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

main().catch((err) => {
	process.stderr.write(`sandbox failed: ${err.stack || err}\n`);
	process.exit(1);
});
