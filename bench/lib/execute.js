'use strict';
// `n8n execute --id=<workflow> --rawOutput` for one measured run, with the process tree
// watched from /proc while it runs (N8nSession.execute from scripts/lib/n8n.js runs the same
// command but does not expose the process id, which the memory and CPU figures need).

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const { parseExecutionOutput } = require('../../scripts/lib/n8n');
const { killGroup } = require('../../scripts/lib/proc');
const procstat = require('./procstat');

const PROBE = path.join(__dirname, 'probe.js');

/**
 * Runs workflow `id` in the session's n8n. Returns
 * { ok, code, wallMs, execution, error, runData, mem: { peakRssKb, peakHwmKb, peakProcs },
 *   cpu: { totalMs, mainMs, samples }, logFile, pid (of n8n execute), keepAlive (the
 *   keep-alive preload's report, or null) }. preload: more files for node --require.
 */
async function executeMeasured(session, id, { name = id, timeoutMs = 20 * 60 * 1000, env = {}, sampleMs = 50, preload = [] } = {}) {
	const probeDir = fs.mkdtempSync(path.join(session.userFolder, 'probe-'));
	const outFile = path.join(session.logDir, `${name}.out.log`);
	const errFile = path.join(session.logDir, `${name}.err.log`);
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const started = Date.now();
	const child = spawn(session.runtime.nodeBin, [session.runtime.n8nBin, 'execute', `--id=${id}`, '--rawOutput'], {
		env: session.env({ NODE_OPTIONS: [PROBE, ...preload].map((f) => `--require ${f}`).join(' '), BENCH_PROBE_DIR: probeDir, ...env }),
		cwd: session.userFolder,
		stdio: ['ignore', out, err],
		detached: true,
	});
	fs.closeSync(out);
	fs.closeSync(err);
	const watch = procstat.monitor(child.pid, { intervalMs: sampleMs });
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child.pid, 'SIGKILL');
	}, timeoutMs);
	const code = await new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', (c, signal) => resolve(c === null ? signal : c));
	});
	clearTimeout(timer);
	const wallMs = Date.now() - started;
	const mem = watch.stop();
	// helpers n8n started (the task runner) go with its process group; never a bare pid that
	// the system may have handed to another process by now
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		/* the group is empty */
	}

	const read = (re) =>
		fs
			.readdirSync(probeDir)
			.filter((f) => re.test(f))
			.map((f) => JSON.parse(fs.readFileSync(path.join(probeDir, f), 'utf8')))
			.filter(Boolean);
	const probes = read(/^\d+\.json$/);
	// keepalive-preload.js (--keepalive-experiment): what it patched and how the agents were used
	const keepAlive = read(/^\d+\.keepalive\.json$/).find((k) => k.pid === child.pid) || null;
	fs.rmSync(probeDir, { recursive: true, force: true });
	const main = probes.find((p) => p.pid === child.pid);
	const sampledCpu = mem.samples.length ? mem.samples[mem.samples.length - 1].cpuMs : 0;
	const probedCpu = probes.reduce((s, p) => s + p.userMs + p.systemMs, 0);

	const stdout = fs.readFileSync(outFile, 'utf8');
	const execution = parseExecutionOutput(stdout);
	const rd = execution && execution.data && execution.data.resultData;
	const error = rd && rd.error ? { message: rd.error.message, description: rd.error.description, node: rd.error.node && rd.error.node.name } : null;
	if (!execution) {
		const tail = (s) => s.split('\n').slice(-30).join('\n');
		throw new Error(
			`n8n ${session.version}: no execution JSON from execute --id=${id} (exit ${code}${timedOut ? ', timed out' : ''}):\n${tail(stdout)}\n${tail(fs.readFileSync(errFile, 'utf8'))}`,
		);
	}
	const status = execution.status || (error ? 'error' : 'success');
	return {
		ok: code === 0 && status === 'success' && !error,
		code,
		status,
		error,
		wallMs,
		execution,
		runData: rd.runData || {},
		mem: { peakRssKb: Math.max(mem.peakRssKb, main ? main.maxRssKb : 0), peakHwmKb: Math.max(mem.peakHwmKb, main ? main.maxRssKb : 0), peakProcs: mem.peakProcs },
		cpu: {
			// the probes see every process that inherited NODE_OPTIONS; the samples also see the others
			totalMs: Math.max(probedCpu, sampledCpu),
			mainMs: main ? main.userMs + main.systemMs : null,
			samples: mem.samples,
		},
		logFile: outFile,
		pid: child.pid,
		keepAlive,
	};
}

module.exports = { executeMeasured };
