#!/usr/bin/env node
'use strict';
// Run the sandbox as its own process (e.g. next to a real n8n):
//   node test/sandbox/cli.js [--port N] [--verbose]
// stdout gets exactly one line, SANDBOX_URL=http://127.0.0.1:PORT, so a
// parent process can read it; request logs go to stderr with --verbose.

const { startSandbox } = require('./index');

function parseArgs(argv) {
	const out = { port: 0, verbose: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--verbose' || a === '-v') out.verbose = true;
		else if (a === '--port') out.port = Number(argv[++i]);
		else if (a.startsWith('--port=')) out.port = Number(a.slice(7));
		else if (a === '--help' || a === '-h') out.help = true;
		else throw new Error(`unknown argument ${a}`);
	}
	if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('bad --port');
	return out;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`${err.message}\nusage: node test/sandbox/cli.js [--port N] [--verbose]\n`);
		process.exit(2);
	}
	if (args.help) {
		process.stdout.write('usage: node test/sandbox/cli.js [--port N] [--verbose]\n');
		return;
	}
	const sb = await startSandbox({ port: args.port, host: '127.0.0.1', verbose: args.verbose, quiet: !args.verbose });
	process.stdout.write(`SANDBOX_URL=${sb.url}\n`);
	if (args.verbose) {
		for (const n of sb.vendors) process.stderr.write(`[sandbox] ${n}: ${sb.baseUrl(n)}\n`);
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
