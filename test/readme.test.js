'use strict';
/**
 * README.md names files a contributor will look for: the contributor section's commands, the
 * layout tree and the lint table. Every path it names, and every file the layout tree and the
 * lint table name inside a folder, exists in the repository.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { sectionOf, readText } = require('./helpers/markdown');

const ROOT = path.join(__dirname, '..');
const README = readText(path.join(ROOT, 'README.md'));
const FILES = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
	.split('\n')
	.filter((file) => file && fs.existsSync(path.join(ROOT, file)));
const TOP = ['nodes', 'credentials', 'test', 'scripts', 'bench', 'docs', 'examples', '.ci'];
const FILE_NAME = /(?<![\w.<>*-])[\w<>*-]+(?:\.[\w<>*-]+)*\.(?:ts|js|mjs|json|md|sh)\b/g;

/** `nodes/<Vendor>/spec.ts` or `test/*.test.js` as a pattern over the repository's paths. */
const pattern = (named) =>
	new RegExp(
		`^${named
			.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
			.replace(/<[^>]+>|\*/g, '[^/]+')
			.replace(/\/$/, '')}(?:/|$)`,
	);
const existsAs = (named) => FILES.some((file) => pattern(named).test(file));

/** Paths that start with one of the repository's top folders, wherever the README names them. */
function pathsIn(text) {
	const found = new Set();
	for (const match of text.matchAll(/(?<![\w./-])((?:\.ci|[a-z]+)\/[\w.<>*/-]*[\w>*/])/g)) {
		if (TOP.includes(match[1].split('/')[0])) found.add(match[1].replace(/[.,]$/, ''));
	}
	return [...found];
}

/** The layout tree: each line's folder (its first column, or the one above) and the file names its text gives. */
function layoutFiles() {
	const block = (sectionOf(README, 'For contributors') ?? []).join('\n').split('Layout:')[1].split('```')[1];
	const named = [];
	let folder = '';
	for (const line of block.split('\n')) {
		const head = /^(\S+)\s/.exec(line);
		if (head) folder = head[1];
		const text = head ? line.slice(head[1].length) : line;
		for (const [name] of text.matchAll(FILE_NAME)) named.push({ folder, name });
	}
	return named;
}

describe('README.md', () => {
	const contributors = (sectionOf(README, 'For contributors') ?? []).join('\n');
	const lint = (sectionOf(README, 'Lint: the rules and the exceptions') ?? []).join('\n');

	test('names in the contributor section and the lint table paths that exist', () => {
		const named = [...pathsIn(contributors), ...pathsIn(lint)];
		expect(named.length).toBeGreaterThan(20);
		expect(named.filter((p) => !existsAs(p))).toEqual([]);
	});

	test('names in the layout tree files that exist in the folder of their line', () => {
		const named = layoutFiles();
		expect(named.length).toBeGreaterThan(30);
		const missing = named.filter(({ folder, name }) => {
			const base = folder.startsWith('test/*') ? 'test/' : folder;
			const inFolder = FILES.filter((file) => pattern(base).test(file) || (!base.includes('/') && file.startsWith(base)));
			return !inFolder.some((file) => pattern(name).test(path.posix.basename(file)));
		});
		expect(missing).toEqual([]);
	});

	test('names in the lint table files that exist where the row says', () => {
		const rows = lint.split('\n').filter((line) => line.startsWith('| `'));
		const missing = [];
		for (const row of rows) {
			const where = row.split('|')[2];
			for (const [name] of where.matchAll(FILE_NAME)) {
				if (name === 'package.json') continue;
				if (!FILES.some((file) => file === name || file.endsWith(`/${name}`))) missing.push(name);
			}
		}
		expect(missing).toEqual([]);
	});

	test('names everywhere only repository paths that exist', () => {
		expect(pathsIn(README).filter((p) => !existsAs(p) && !p.startsWith('test-output'))).toEqual([]);
	});
});
