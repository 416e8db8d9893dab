'use strict';
// Small process helpers shared by the demo, the end-to-end tests and the editor check.
// Children run in their own process group so that a timeout can stop a child and
// everything it started (n8n's task runners) by the child's id.

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');

/**
 * Runs a command to completion. Never rejects on a non-zero exit: returns
 * { code, signal, stdout, stderr, ms, timedOut }.
 *   opts.stdoutFile / stderrFile  also write the streams there
 *   opts.onLine(line, stream)      called for each output line (progress)
 *   opts.timeoutMs                 SIGTERM the process group, SIGKILL 10 s later
 */
function run(cmd, args, opts = {}) {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			cwd: opts.cwd,
			env: opts.env || process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		const out = [];
		const err = [];
		const files = {
			stdout: opts.stdoutFile ? fs.createWriteStream(opts.stdoutFile) : null,
			stderr: opts.stderrFile ? fs.createWriteStream(opts.stderrFile) : null,
		};
		const partial = { stdout: '', stderr: '' };
		const onData = (name, chunks) => (buf) => {
			chunks.push(buf);
			if (files[name]) files[name].write(buf);
			if (opts.onLine) {
				const text = partial[name] + buf.toString('utf8');
				const lines = text.split('\n');
				partial[name] = lines.pop();
				for (const l of lines) opts.onLine(l, name);
			}
		};
		child.stdout.on('data', onData('stdout', out));
		child.stderr.on('data', onData('stderr', err));
		let timedOut = false;
		let killTimer;
		const timer =
			opts.timeoutMs &&
			setTimeout(() => {
				timedOut = true;
				killGroup(child.pid, 'SIGTERM');
				killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10000);
			}, opts.timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			clearTimeout(killTimer);
			if (opts.onLine) {
				for (const name of ['stdout', 'stderr']) if (partial[name]) opts.onLine(partial[name], name);
			}
			const done = () =>
				resolve({
					code,
					signal,
					timedOut,
					stdout: Buffer.concat(out).toString('utf8'),
					stderr: Buffer.concat(err).toString('utf8'),
					ms: Date.now() - started,
				});
			const open = Object.values(files).filter(Boolean);
			if (!open.length) return done();
			let left = open.length;
			for (const f of open) f.end(() => --left === 0 && done());
		});
	});
}

/** Like run(), but rejects with the output tail when the exit code is not 0. */
async function runOk(cmd, args, opts = {}) {
	const r = await run(cmd, args, opts);
	if (r.code !== 0) {
		const tail = (s) => s.split('\n').slice(-30).join('\n');
		throw new Error(
			`${cmd} ${args.join(' ')} failed (exit ${r.code}${r.timedOut ? ', timed out' : ''})\n${tail(r.stdout)}\n${tail(r.stderr)}`,
		);
	}
	return r;
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			/* already gone */
		}
	}
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

module.exports = { run, runOk, killGroup, freePort, seconds };
