'use strict';
// What the install suite sets up once: the loopback registry with the package's runtime
// dependencies, release A (test/install/release-a, see scripts/install-fixture.sh) and release
// B (HEAD, built and packed now, with a higher version number given at pack time); and per
// n8n line an n8n that installs from that registry.

const fs = require('fs');
const path = require('path');

const { ROOT, PKG_NAME, N8nSession } = require('../../scripts/lib/n8n');
const { runOk, seconds } = require('../../scripts/lib/proc');
const { startRegistry, lockedDependencyClosure, cleanNpmEnv } = require('../../scripts/lib/registry');

const RELEASE_A_DIR = path.join(__dirname, 'release-a');
/** Workflows that need node version 2 (none yet: version 2 does not exist). Run after the update only. */
const V2_WORKFLOWS_DIR = path.join(__dirname, 'workflows-v2');

function releaseA() {
	const source = Object.fromEntries(
		fs
			.readFileSync(path.join(RELEASE_A_DIR, 'SOURCE'), 'utf8')
			.trim()
			.split('\n')
			.map((l) => l.split(' ')),
	);
	return { version: source.version, commit: source.commit, tarball: path.join(RELEASE_A_DIR, source.tarball), workflowsDir: path.join(RELEASE_A_DIR, 'workflows') };
}

/** x.y.(z+1) */
const nextPatch = (v) => v.replace(/^(\d+)\.(\d+)\.(\d+).*$/, (_m, a, b, c) => `${a}.${b}.${Number(c) + 1}`);
const semverGt = (a, b) => {
	const pa = a.split(/[.-]/).map(Number);
	const pb = b.split(/[.-]/).map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] > pb[i];
	return false;
};

/**
 * Release B: HEAD built (`npm run build`) and packed, its package.json version set to the next
 * patch above HEAD's own (and above A's) in the packed copy only. Returns { version, tarball }.
 */
async function buildReleaseB({ workDir, versionA, log = () => {} }) {
	const t = Date.now();
	const env = cleanNpmEnv();
	await runOk('npm', ['run', 'build'], { cwd: ROOT, env });
	const headVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
	let version = nextPatch(headVersion);
	while (!semverGt(version, versionA)) version = nextPatch(version);
	const dir = fs.mkdtempSync(path.join(workDir, 'release-b-'));
	const packed = await runOk('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, env });
	const first = path.join(dir, JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0].filename);
	await runOk('tar', ['-xzf', first, '-C', dir]);
	fs.rmSync(first);
	const pj = path.join(dir, 'package', 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pj, 'utf8'));
	pkg.version = version;
	fs.writeFileSync(pj, `${JSON.stringify(pkg, null, 2)}\n`);
	const repacked = await runOk('npm', ['pack', './package', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, env });
	const tarball = path.join(dir, JSON.parse(repacked.stdout.slice(repacked.stdout.indexOf('[')))[0].filename);
	log(`[release B] HEAD (package.json ${headVersion}) built and packed as ${PKG_NAME}@${version} in ${seconds(Date.now() - t)}`);
	return { version, tarball, headVersion };
}

/**
 * Release C: B with its Hyfin node file replaced by one that throws when n8n loads it (a broken
 * build), as the next patch version after B. Returns { version, tarball }.
 */
async function buildBrokenC({ workDir, b }) {
	const env = cleanNpmEnv();
	const dir = fs.mkdtempSync(path.join(workDir, 'release-c-'));
	await runOk('tar', ['-xzf', b.tarball, '-C', dir]);
	const pj = path.join(dir, 'package', 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pj, 'utf8'));
	pkg.version = nextPatch(b.version);
	fs.writeFileSync(pj, `${JSON.stringify(pkg, null, 2)}\n`);
	const nodeFile = pkg.n8n.nodes.find((f) => /Hyfin\.node\.js$/.test(f));
	fs.writeFileSync(path.join(dir, 'package', nodeFile), "'use strict';\nthrow new Error('release C is a broken build on purpose (npm run test:install)');\n");
	const packed = await runOk('npm', ['pack', './package', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: dir, env });
	return { version: pkg.version, tarball: path.join(dir, JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[')))[0].filename) };
}

/**
 * The registry with everything published: the locked closure of the package's runtime
 * dependencies (from this clone's package-lock.json and the npm cache), A, then B (latest).
 */
async function startStack({ workDir, log }) {
	const a = releaseA();
	const registry = await startRegistry({ workDir, log });
	try {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		await registry.publishFromCache(lockedDependencyClosure(path.join(ROOT, 'package-lock.json'), Object.keys(pkg.dependencies)));
		const b = await buildReleaseB({ workDir, versionA: a.version, log });
		const c = await buildBrokenC({ workDir, b });
		await registry.npmPublish(a.tarball);
		await registry.npmPublish(b.tarball);
		// C only by its number (the tag keeps "latest" on B): what an update to a broken release does
		await registry.npmPublish(c.tarball, { tag: 'broken' });
		const doc = await registry.packument(PKG_NAME);
		if (doc['dist-tags'].latest !== b.version) throw new Error(`the registry's latest is ${doc['dist-tags'].latest}, not B ${b.version}`);
		return { registry, a, b, c };
	} catch (e) {
		await registry.stop();
		throw e;
	}
}

/**
 * An n8n session (scripts/lib/n8n.js) with no package linked: a user folder whose nodes folder
 * n8n fills itself, through its Community Nodes endpoint, from the loopback registry.
 */
class InstallSession extends N8nSession {
	constructor(runtime, opts) {
		super(runtime, { ...opts, pkgDir: null });
		this.extraEnv = {};
	}

	env(extra = {}) {
		return super.env({ ...this.extraEnv, ...extra });
	}

	get nodesDir() {
		return path.join(this.userFolder, '.n8n', 'nodes');
	}

	/**
	 * Where n8n is told about the registry:
	 *  - N8N_COMMUNITY_PACKAGES_REGISTRY: both lines pass it as --registry to `npm pack` and
	 *    `npm install` (install, update, reinstall) and to their registry checks;
	 *  - <nodes folder>/.npmrc: read by the `npm outdated` behind the Settings page's list
	 *    ("update available"), which gets no --registry.
	 */
	pointAt(registryUrl) {
		this.extraEnv.N8N_COMMUNITY_PACKAGES_REGISTRY = registryUrl;
		fs.mkdirSync(this.nodesDir, { recursive: true });
		fs.writeFileSync(path.join(this.nodesDir, '.npmrc'), `registry=${registryUrl}/\n`);
	}

	installedPackageJson() {
		const f = path.join(this.nodesDir, 'node_modules', PKG_NAME, 'package.json');
		return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
	}
}

// ---------- comparing runs ----------

const ISO_TIME = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?/g;
const RANDOM_IDS = [/\b[0-9a-f]{24}\b/g, /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, /\b[0-9A-F]{32}\b/g, /\b\d{10,}\b/g];
/** Keys whose values the vendor (the sandbox) makes up: ids, codes, card numbers, times. */
const ID_KEY = /^(_?id|[a-z]*Id|[a-z]*_id|code|card_number|cardNumber|customerNumber|jti|created|updated|[a-z]*At|[a-z]*_at|date[A-Za-z]*|[a-z]*Date|lastModified)$/;

/** A run's outputs with ids and times masked, so that two runs compare equal when they behave alike. */
function normalize(value, key = '') {
	if (Array.isArray(value)) return value.map((v) => normalize(v));
	if (value && typeof value === 'object') {
		const out = {};
		for (const k of Object.keys(value).sort()) out[k] = normalize(value[k], k);
		return out;
	}
	if (ID_KEY.test(key) && value !== null && value !== undefined && value !== '') return '<id>';
	if (typeof value === 'string') {
		let s = value.replace(ISO_TIME, '<time>');
		for (const re of RANDOM_IDS) s = s.replace(re, '<id>');
		return s;
	}
	return value;
}

/** { status, error, outputs } of a run, normalized. */
function comparable(run) {
	return normalize({ status: run.status, error: run.error, outputs: run.outputs });
}

module.exports = { RELEASE_A_DIR, V2_WORKFLOWS_DIR, releaseA, buildReleaseB, buildBrokenC, startStack, InstallSession, normalize, comparable };
