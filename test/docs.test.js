'use strict';
/**
 * docs/vendors/<vendor>.md is the repository's own account of each vendor's documentation: what
 * the node relies on, with the public page each fact comes from, and what it assumes. These
 * tests keep it honest: its "Assumed, not documented" section lists nodes/<Vendor>/assumptions.ts
 * one bullet per assumption in the same order, every link into it lands on a heading, and it
 * stands on its own (it cites public pages, never files outside the repository).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { anchorsOf, sectionOf, readText } = require('./helpers/markdown');

const ROOT = path.join(__dirname, '..');
const DOCS = [
	{ doc: 'hyfin.md', folder: 'Hyfin' },
	{ doc: 'riverty.md', folder: 'Riverty' },
	{ doc: 'valomnia.md', folder: 'ReferenceCustomers' },
	{ doc: 'clienttoolbox.md', folder: 'Loyalty' },
];
const docText = (doc) => readText(path.join(ROOT, 'docs/vendors', doc));

/**
 * The assumptions of an assumptions.ts, in file order: each export (exports on consecutive lines
 * are one assumption, as their names), and each "- " bullet of a plain block comment (`/*`, not
 * the doc comment of an export), which has no name.
 */
function assumptionsOf(source) {
	const items = [];
	let inPlainComment = false;
	let lastExportLine = -2;
	source.split('\n').forEach((line, index) => {
		if (/^\/\*(?!\*)/.test(line)) inPlainComment = true;
		if (inPlainComment && /^\s*\*\s+- /.test(line)) items.push({ names: [] });
		if (inPlainComment && /\*\//.test(line)) inPlainComment = false;
		const exported = /^export (?:const|function) (\w+)/.exec(line);
		if (!exported) return;
		if (lastExportLine === index - 1) items[items.length - 1].names.push(exported[1]);
		else items.push({ names: [exported[1]] });
		lastExportLine = index;
	});
	return items;
}

/** The top-level bullets of the doc's "Assumed, not documented" section, with the names they start with. */
function documentedAssumptions(markdown) {
	const lines = sectionOf(markdown, 'Assumed, not documented') ?? [];
	return lines
		.filter((line) => line.startsWith('- '))
		.map((line) => {
			const head = /^- ((?:`\w+`(?:, )?)+): /.exec(line);
			return { names: head ? [...head[1].matchAll(/`(\w+)`/g)].map((m) => m[1]) : [], text: line };
		});
}

describe.each(DOCS)('docs/vendors/$doc', ({ doc, folder }) => {
	const markdown = docText(doc);

	test(`"Assumed, not documented" lists nodes/${folder}/assumptions.ts line for line, in its order`, () => {
		const inCode = assumptionsOf(readText(path.join(ROOT, 'nodes', folder, 'assumptions.ts')));
		const inDoc = documentedAssumptions(markdown);
		expect(inCode.length).toBeGreaterThan(3);
		expect(inDoc.map((a) => a.names)).toEqual(inCode.map((a) => a.names));
	});

	test('names the public page of every call it describes, and nothing outside the repository', () => {
		const sources = sectionOf(markdown, 'Sources') ?? [];
		expect(sources.filter((line) => /\| https:\/\/\S+ \|$/.test(line)).length).toBeGreaterThan(2);
		expect(markdown).not.toMatch(/\.\.\/shared|seeds?\b|vendor\sfile|\[S00\d\]/i);
	});
});

describe('links into docs/vendors', () => {
	const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
		.split('\n')
		.filter((file) => /\.(?:ts|js|md|json)$/.test(file) && !file.startsWith('bench/results/') && fs.existsSync(path.join(ROOT, file)));
	const links = [];
	for (const file of tracked) {
		const text = readText(path.join(ROOT, file));
		for (const match of text.matchAll(/docs\/vendors\/(\w+\.md)((?:#[\w-]+)?(?: and #[\w-]+)*)/g)) {
			links.push({ file, doc: match[1], anchors: [...match[2].matchAll(/#([\w-]+)/g)].map((m) => m[1]) });
		}
	}

	test('the code, the tests and the README cite the repository files', () => {
		expect(links.length).toBeGreaterThan(20);
	});

	test('every cited file and heading exists', () => {
		const missing = links.flatMap(({ file, doc, anchors }) => {
			const target = path.join(ROOT, 'docs/vendors', doc);
			if (!fs.existsSync(target)) return [`${file}: docs/vendors/${doc}`];
			const known = anchorsOf(readText(target));
			return anchors.filter((anchor) => !known.has(anchor)).map((anchor) => `${file}: docs/vendors/${doc}#${anchor}`);
		});
		expect(missing).toEqual([]);
	});
});
