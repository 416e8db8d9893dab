'use strict';
// The package as a user gets it: build, `npm pack`, and `npm install` of the
// tarball into a staging folder OUTSIDE the clone with --omit=dev --omit=peer.
// So the nodes see their runtime dependencies only, and n8n-workflow comes from
// the n8n that loads them (n8n adds its own node_modules to NODE_PATH), never
// from this repo's devDependency copy.

const fs = require('fs');
const path = require('path');

const { runOk, seconds } = require('./proc');
const { ROOT, PKG_NAME } = require('./n8n');

/**
 * workDir: a temp folder outside the clone. Returns
 * { tarball, pkgDir, stageDir, version, timings }.
 */
async function buildAndStage({ workDir, build = true, log = () => {} }) {
	const timings = [];
	const step = async (name, fn) => {
		const t = Date.now();
		const r = await fn();
		timings.push({ step: name, ms: Date.now() - t });
		log(`[stage] ${name} in ${seconds(Date.now() - t)}`);
		return r;
	};
	if (path.resolve(workDir).startsWith(ROOT + path.sep)) {
		throw new Error(`the staging folder must be outside the clone (${ROOT}), or require() would find the repo's node_modules`);
	}
	// npm's own environment from `npm run` (npm_config_*) is fine to pass on, but
	// never let a NODE_PATH point back at the repo
	const env = { ...process.env };
	delete env.NODE_PATH;

	if (build) await step('npm run build', () => runOk('npm', ['run', 'build'], { cwd: ROOT, env }));
	if (!fs.existsSync(path.join(ROOT, 'dist'))) throw new Error('no dist/: run npm run build');

	const packDir = path.join(workDir, 'pack');
	fs.mkdirSync(packDir, { recursive: true });
	const packed = await step('npm pack', () =>
		runOk('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: ROOT, env }),
	);
	const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0];
	const tarball = path.join(packDir, info.filename);

	const stageDir = path.join(workDir, 'stage');
	fs.mkdirSync(stageDir, { recursive: true });
	fs.writeFileSync(path.join(stageDir, 'package.json'), JSON.stringify({ name: 'customer-sync-stage', private: true }, null, 2));
	await step('npm install <tarball> --omit=dev --omit=peer', () =>
		runOk(
			'npm',
			['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tarball],
			{ cwd: stageDir, env },
		),
	);
	const pkgDir = path.join(stageDir, 'node_modules', PKG_NAME);
	const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
	for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
		if (!fs.existsSync(path.join(pkgDir, f))) throw new Error(`the packed package lacks ${f} (listed in package.json "n8n")`);
	}
	// the point of the staging folder: our devDependency n8n-workflow must not be reachable
	let leaked = null;
	try {
		leaked = require.resolve('n8n-workflow', { paths: [pkgDir] });
	} catch {
		/* expected */
	}
	if (leaked) throw new Error(`n8n-workflow resolves from the staged package (${leaked}); n8n's own copy would not be used`);
	return { tarball, pkgDir, stageDir, version: pkg.version, files: info.files.map((f) => f.path), timings };
}

module.exports = { buildAndStage };
