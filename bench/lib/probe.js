'use strict';
// Loaded into the measured n8n process with NODE_OPTIONS=--require (see execute.js): at exit
// it writes the process's own CPU time and peak RSS to $BENCH_PROBE_DIR/<pid>.json. Sampling
// /proc from outside misses the last moments before exit; this does not. It does nothing
// else, and nothing at all when BENCH_PROBE_DIR is not set. With BENCH_CPU_PROFILE_DIR set
// (npm run bench -- --profile) it also records a CPU profile of the process (node's
// --cpu-prof is not allowed in NODE_OPTIONS), to open in Chrome DevTools or speedscope.

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
	const fs = require('fs');
	const path = require('path');
	const started = Date.now();
	const profileDir = process.env.BENCH_CPU_PROFILE_DIR;
	let profiler = null;
	if (profileDir) {
		const inspector = require('inspector');
		profiler = new inspector.Session();
		profiler.connect();
		profiler.post('Profiler.enable');
		profiler.post('Profiler.setSamplingInterval', { interval: 500 });
		profiler.post('Profiler.start');
		// the profile's timestamps are microseconds of the monotonic clock (CLOCK_MONOTONIC, as
		// process.hrtime): this pair maps n8n's startTime (epoch ms) onto them (cpuprofile.js)
		fs.mkdirSync(profileDir, { recursive: true });
		fs.writeFileSync(
			path.join(profileDir, `${process.pid}.clock.json`),
			JSON.stringify({ epochMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) }),
		);
	}
	process.on('exit', () => {
		if (profiler) {
			// the in-process inspector session answers synchronously, so this works in an exit handler
			profiler.post('Profiler.stop', (error, result) => {
				if (!error) fs.writeFileSync(path.join(profileDir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
			});
		}
		try {
			const cpu = process.cpuUsage();
			const ru = process.resourceUsage();
			fs.writeFileSync(
				path.join(dir, `${process.pid}.json`),
				JSON.stringify({
					pid: process.pid,
					ppid: process.ppid,
					argv: process.argv.slice(1, 3),
					userMs: cpu.user / 1000,
					systemMs: cpu.system / 1000,
					maxRssKb: ru.maxRSS,
					wallMs: Date.now() - started,
				}),
			);
		} catch {
			/* never disturb the process being measured */
		}
	});
}
