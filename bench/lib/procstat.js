'use strict';
// Memory and CPU of a process and everything it started, read from /proc (Linux only).
//
// n8n's `execute` command starts helpers of its own (the JavaScript task runner that runs the
// Code node), so a figure for "the n8n process" is the sum over its process tree.

const fs = require('fs');
const os = require('os');

const CLK_TCK = 100; // USER_HZ: 100 on every Linux that Node supports
const PAGE_KB = 4;

function read(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return null; // the process is gone
	}
}

/** { pid, ppid, cpuMs (own user+sys), childCpuMs (reaped children) } from /proc/<pid>/stat. */
function stat(pid) {
	const text = read(`/proc/${pid}/stat`);
	if (!text) return null;
	// the command name (field 2) may hold spaces and parentheses: split after the last ")"
	const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
	const ticks = (i) => Number(f[i - 3]);
	return {
		pid,
		ppid: ticks(4),
		cpuMs: ((ticks(14) + ticks(15)) * 1000) / CLK_TCK,
		childCpuMs: ((ticks(16) + ticks(17)) * 1000) / CLK_TCK,
	};
}

/** { rssKb, hwmKb } from /proc/<pid>/status. */
function memory(pid) {
	const text = read(`/proc/${pid}/status`);
	if (!text) return null;
	const kb = (name) => {
		const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
		return m ? Number(m[1]) : 0;
	};
	return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** pid and all its descendants alive now. */
function tree(root) {
	const children = new Map();
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const s = stat(Number(name));
		if (!s) continue;
		if (!children.has(s.ppid)) children.set(s.ppid, []);
		children.get(s.ppid).push(s.pid);
	}
	const out = [];
	const walk = (pid) => {
		out.push(pid);
		for (const c of children.get(pid) || []) walk(c);
	};
	walk(root);
	return out;
}

/**
 * Samples the tree under `pid` every `intervalMs` until stop(). Returns a handle whose
 * stop() gives { samples: [{ t, rssKb, cpuMs }], peakRssKb, peakHwmKb (main process),
 * peakProcs }. rssKb is the sum over the tree; cpuMs is the tree's CPU so far (live
 * processes plus children already reaped by their parents).
 */
function monitor(pid, { intervalMs = 50 } = {}) {
	const samples = [];
	let peakRssKb = 0;
	let peakHwmKb = 0;
	let peakProcs = 0;
	let treeCache = [pid];
	let ticks = 0;
	const sample = () => {
		// a full /proc scan costs a few ms: refresh the list of processes every 4th sample
		if (ticks++ % 4 === 0) treeCache = tree(pid);
		let rssKb = 0;
		let cpuMs = 0;
		let alive = 0;
		for (const p of treeCache) {
			const m = memory(p);
			const s = stat(p);
			if (!m || !s) continue;
			alive += 1;
			rssKb += m.rssKb;
			cpuMs += s.cpuMs + s.childCpuMs;
			if (p === pid) peakHwmKb = Math.max(peakHwmKb, m.hwmKb);
		}
		if (!alive) return;
		peakRssKb = Math.max(peakRssKb, rssKb);
		peakProcs = Math.max(peakProcs, alive);
		samples.push({ t: Date.now(), rssKb, cpuMs });
	};
	sample();
	const timer = setInterval(sample, intervalMs);
	return {
		sample,
		stop() {
			clearInterval(timer);
			return { samples, peakRssKb, peakHwmKb, peakProcs };
		},
	};
}

/** CPU used by the tree between two moments, interpolated from the samples (ms). */
function cpuBetween(samples, from, to) {
	const at = (t) => {
		if (!samples.length) return 0;
		if (t <= samples[0].t) return samples[0].cpuMs;
		for (let i = 1; i < samples.length; i++) {
			const a = samples[i - 1];
			const b = samples[i];
			if (t <= b.t) return a.cpuMs + ((b.cpuMs - a.cpuMs) * (t - a.t)) / Math.max(1, b.t - a.t);
		}
		return samples[samples.length - 1].cpuMs;
	};
	return at(to) - at(from);
}

/** RSS of the tree when the node started and ended, and its peak in between (KB). */
function rssWindow(samples, from, to) {
	let startKb = null;
	let endKb = null;
	let peakKb = 0;
	for (const x of samples) {
		if (x.t <= from) startKb = x.rssKb;
		if (x.t <= to) endKb = x.rssKb;
		if (x.t >= from && x.t <= to) peakKb = Math.max(peakKb, x.rssKb);
	}
	return { startKb, endKb, peakKb: Math.max(peakKb, endKb || 0) };
}

/** Load and the other processes' share of the CPUs, for the report's "conditions". */
function conditions() {
	return {
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0] && os.cpus()[0].model,
		loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
		totalMemMb: Math.round(os.totalmem() / 2 ** 20),
		freeMemMb: Math.round(os.freemem() / 2 ** 20),
	};
}

module.exports = { stat, memory, tree, monitor, cpuBetween, rssWindow, conditions, CLK_TCK, PAGE_KB };
