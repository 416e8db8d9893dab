'use strict';
// A loopback npm registry for the install suite (npm run test:install): verdaccio
// (devDependency) on 127.0.0.1:<free port>, its storage in a temp folder, no uplink,
// so nothing it serves comes from, or goes to, any other registry.
//
//   const reg = await startRegistry({ workDir, log })
//   await reg.publishFromCache(['form-data@4.0.5', ...])   tarballs from the local npm cache, PUT as they are
//   await reg.npmPublish(tarball)                           `npm publish` of one of our tarballs (a user token)
//   await reg.pause() / reg.resume()                        the registry unreachable, then back (same port and storage)
//   await reg.stop()
//
// The dependency tarballs are published byte for byte (same integrity as in package-lock.json)
// with the registry's own publish call, not with `npm publish`: a dependency's package.json may
// carry publishConfig.registry, which `npm publish` would honour.

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');

const { runOk, killGroup, freePort, seconds } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..');
const VERDACCIO_BIN = path.join(ROOT, 'node_modules', 'verdaccio', 'bin', 'verdaccio');

/** One HTTP request to the registry: resolves { status, body (parsed JSON or text) }. */
function request(url, { method = 'GET', body, headers = {} } = {}) {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = http.request(
			url,
			{
				method,
				headers: { accept: 'application/json', ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}), ...headers },
				timeout: 60000,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed = text;
					try {
						parsed = JSON.parse(text);
					} catch {
						/* not JSON */
					}
					resolve({ status: res.statusCode, body: parsed });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timed out`)));
		req.on('error', reject);
		if (data) req.write(data);
		req.end();
	});
}

/** npm's environment without `npm run`'s npm_config_* (this repo's ignore-scripts, its registry). */
function cleanNpmEnv(extra = {}) {
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	delete env.NODE_PATH;
	return { ...env, ...extra };
}

function config(dir, port) {
	// YAML, written by hand (no YAML library needed): storage and users in the temp folder,
	// no uplinks, every package readable by anyone and publishable by a logged-in user.
	return [
		`storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
		'    max_users: 10',
		'uplinks: {}',
		'packages:',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'    unpublish: $authenticated',
		'web:',
		'  enable: false',
		'publish:',
		'  allow_offline: true',
		'max_body_size: 50mb',
		`listen: 127.0.0.1:${port}`,
		'logs: { type: stdout, format: pretty, level: warn }',
		'',
	].join('\n');
}

async function startRegistry({ workDir, log = () => {}, timeoutMs = 60000 }) {
	const dir = fs.mkdtempSync(path.join(workDir, 'registry-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const cfgFile = path.join(dir, 'config.yaml');
	fs.writeFileSync(cfgFile, config(dir, port));
	const logFile = path.join(dir, 'verdaccio.log');
	const out = fs.openSync(logFile, 'a');
	let child = null;
	let exited = null;
	let gone = true;
	const stopServer = async () => {
		if (!gone) {
			killGroup(child.pid, 'SIGTERM');
			const t = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
			await exited;
			clearTimeout(t);
		}
	};
	/** Starts verdaccio on the port (again: same storage, users and tokens); resolves when /-/ping answers. */
	const startServer = async () => {
		const started = Date.now();
		child = spawn(process.execPath, [VERDACCIO_BIN, '--config', cfgFile, '--listen', `127.0.0.1:${port}`], {
			cwd: dir,
			env: cleanNpmEnv(),
			stdio: ['ignore', out, out],
			detached: true,
		});
		gone = false;
		exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
		exited.then(() => (gone = true));
		for (;;) {
			if (gone || Date.now() - started > timeoutMs) {
				await stopServer();
				throw new Error(`verdaccio ${gone ? 'exited at start' : `not ready after ${seconds(timeoutMs)}`}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
			}
			const ok = await request(`${url}/-/ping`).then(
				(r) => r.status === 200,
				() => false,
			);
			if (ok) return Date.now() - started;
			await new Promise((r) => setTimeout(r, 200));
		}
	};
	let closed = false;
	const stop = async () => {
		await stopServer();
		if (!closed) fs.closeSync(out);
		closed = true;
	};
	const started = Date.now();
	try {
		await startServer();
	} catch (e) {
		fs.closeSync(out);
		throw e;
	}
	log(`[registry] verdaccio on ${url} in ${seconds(Date.now() - started)} (storage ${dir}, no uplinks)`);

	// a user and its token, as `npm adduser` makes them
	const user = { name: 'install-suite', password: crypto.randomBytes(12).toString('hex'), email: 'install-suite@example.com' };
	const added = await request(`${url}/-/user/org.couchdb.user:${user.name}`, {
		method: 'PUT',
		body: { _id: `org.couchdb.user:${user.name}`, ...user, type: 'user', roles: [], date: new Date().toISOString() },
	});
	if (added.status !== 201 || !added.body.token) throw new Error(`verdaccio adduser: HTTP ${added.status} ${JSON.stringify(added.body)}`);
	const token = added.body.token;
	const npmrc = path.join(dir, 'publisher.npmrc');
	fs.writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);

	/** PUT one tarball as the registry's publish call does (the tarball unchanged). */
	async function putTarball(file) {
		const tgz = fs.readFileSync(file);
		const list = await runOk('tar', ['-xzOf', file, 'package/package.json']);
		const manifest = JSON.parse(list.stdout);
		const { name, version } = manifest;
		const integrity = `sha512-${crypto.createHash('sha512').update(tgz).digest('base64')}`;
		const shasum = crypto.createHash('sha1').update(tgz).digest('hex');
		const filename = `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
		const doc = {
			_id: name,
			name,
			'dist-tags': { latest: version },
			versions: {
				[version]: { ...manifest, _id: `${name}@${version}`, dist: { integrity, shasum, tarball: `${url}/${name}/-/${filename}` } },
			},
			_attachments: { [filename]: { content_type: 'application/octet-stream', data: tgz.toString('base64'), length: tgz.length } },
		};
		const r = await request(`${url}/${name.replace('/', '%2f')}`, { method: 'PUT', body: doc, headers: { authorization: `Bearer ${token}` } });
		if (r.status !== 201 && r.status !== 200) throw new Error(`publishing ${name}@${version}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
		return { name, version, integrity };
	}

	/**
	 * specs: ['name@exact-version', ...] packed from the local npm cache (`npm pack
	 * --prefer-offline`: the tarballs `npm ci` fetched), then published here.
	 */
	async function publishFromCache(specs) {
		const packDir = fs.mkdtempSync(path.join(dir, 'deps-'));
		const t = Date.now();
		const r = await runOk('npm', ['pack', ...specs, '--prefer-offline', '--json', '--ignore-scripts', '--pack-destination', packDir], {
			cwd: packDir,
			env: cleanNpmEnv(),
		});
		const packed = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
		const published = [];
		for (const p of packed) published.push(await putTarball(path.join(packDir, p.filename)));
		log(`[registry] ${published.length} dependency tarballs published in ${seconds(Date.now() - t)}`);
		return published;
	}

	/** `npm publish <tarball>` with the user's token, as a maintainer publishes the package. */
	async function npmPublish(tarball, { tag = 'latest' } = {}) {
		const t = Date.now();
		await runOk('npm', ['publish', tarball, '--userconfig', npmrc, '--registry', `${url}/`, '--tag', tag, '--ignore-scripts', '--provenance=false', '--access', 'public'], {
			cwd: dir,
			env: cleanNpmEnv(),
		});
		log(`[registry] npm publish ${path.basename(tarball)} (tag ${tag}) in ${seconds(Date.now() - t)}`);
	}

	/** The registry's document for a package (dist-tags, versions). */
	async function packument(name) {
		const r = await request(`${url}/${name.replace('/', '%2f')}`);
		return r.status === 200 ? r.body : null;
	}

	return { url, port, dir, logFile, stop, pause: stopServer, resume: startServer, publishFromCache, npmPublish, putTarball, packument, request: (p, o) => request(`${url}${p}`, o) };
}

/**
 * The exact versions npm installs for `deps` (package.json ranges), and theirs in turn,
 * read from package-lock.json the way npm resolves a name from a folder: the nearest
 * node_modules upwards. Returns ['name@version', ...] sorted.
 */
function lockedDependencyClosure(lockFile, deps) {
	const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
	const pkgs = lock.packages;
	const found = new Map();
	const resolveFrom = (fromDir, name) => {
		let dir = fromDir;
		for (;;) {
			const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
			if (pkgs[key]) return key;
			if (!dir) return null;
			const i = dir.lastIndexOf('/node_modules/');
			dir = i < 0 ? '' : dir.slice(0, i);
		}
	};
	const visit = (fromDir, name) => {
		const key = resolveFrom(fromDir, name);
		if (!key) throw new Error(`package-lock.json has no ${name} reachable from "${fromDir || '.'}"`);
		if (found.has(key)) return;
		const entry = pkgs[key];
		found.set(key, `${name}@${entry.version}`);
		for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(key, dep);
	};
	for (const name of deps) visit('', name);
	return [...new Set(found.values())].sort();
}

module.exports = { startRegistry, lockedDependencyClosure, cleanNpmEnv, request };
