'use strict';
/**
 * What n8n, npm and n8n's community-node tooling read from the package besides the code:
 * the npm tarball, package.json metadata, icons (light and dark) and the credentials'
 * documentation links. Runs on the build (`npm test` builds first).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { anchorsOf } = require('./helpers/markdown');

const ROOT = path.join(__dirname, '..');
const pkg = require('../package.json');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const REPO = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync';

const load = (distFile) => {
	const mod = require(path.join(ROOT, distFile));
	const Type = Object.values(mod).find((v) => typeof v === 'function');
	return new Type();
};
const NODES = pkg.n8n.nodes.map((file) => ({ file, type: load(file) }));
const CREDENTIALS = pkg.n8n.credentials.map((file) => ({ file, type: load(file) }));

const README_ANCHORS = anchorsOf(README);

describe('the npm tarball', () => {
	const files = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8' }))[0].files.map(
		(f) => f.path,
	);

	test('holds dist/, README.md, LICENSE and package.json, nothing else', () => {
		expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		expect(files.filter((f) => f.endsWith('.tsbuildinfo') || f === 'dist/package.json')).toEqual([]);
	});

	test('holds every node and credential n8n is told to load, with their icons', () => {
		for (const { file } of [...NODES, ...CREDENTIALS]) expect(files).toContain(file);
		for (const { file, type } of [...NODES, ...CREDENTIALS]) {
			const icon = type.description?.icon ?? type.icon;
			for (const variant of [icon.light, icon.dark]) {
				expect(files).toContain(path.posix.join(path.posix.dirname(file), variant.replace(/^file:/, '')));
			}
		}
	});
});

describe('package.json', () => {
	test('says where the project lives, who made it and under which license', () => {
		expect(pkg.homepage).toBe(`${REPO}#readme`);
		expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPO}.git` });
		expect(pkg.bugs).toEqual({ url: `${REPO}/issues` });
		expect(pkg.author.name).toEqual(expect.any(String));
		expect(pkg.author.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
		expect(pkg.license).toBe('MIT');
		expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
	});

	test('points at no file the build does not make', () => {
		if (pkg.main !== undefined) expect(fs.existsSync(path.join(ROOT, pkg.main))).toBe(true);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
	});

	test('"strict" (eligible for n8n Cloud) is on only without runtime dependencies', () => {
		expect(pkg.n8n.strict).toBe(Object.keys(pkg.dependencies ?? {}).length === 0);
	});
});

describe('icons', () => {
	test.each([...NODES, ...CREDENTIALS].map(({ file, type }) => [file, type]))(
		'%s has a light and a different dark icon',
		(file, type) => {
			const icon = type.description?.icon ?? type.icon;
			expect(icon).toEqual({ light: expect.stringMatching(/^file:.+\.svg$/), dark: expect.stringMatching(/^file:.+\.dark\.svg$/) });
			const read = (variant) => fs.readFileSync(path.join(ROOT, path.dirname(file), variant.replace(/^file:/, '')), 'utf8');
			const [light, dark] = [read(icon.light), read(icon.dark)];
			for (const svg of [light, dark]) expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 60 60"/);
			expect(dark).not.toBe(light);
		},
	);
});

describe('credential documentation links', () => {
	test.each(CREDENTIALS.map(({ type }) => [type.displayName, type]))('%s links its section of this README', (_name, type) => {
		const url = new URL(type.documentationUrl);
		expect(`${url.origin}${url.pathname}`).toBe(REPO);
		expect(README_ANCHORS).toContain(url.hash.slice(1));
		expect(url.hash).toMatch(/^#credential-/);
	});
});
