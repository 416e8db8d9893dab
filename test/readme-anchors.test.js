'use strict';
/**
 * Every link into README.md that the package or its docs make lands on a heading that exists:
 * the nodes' and credentials' documentation links (n8n shows them in the editor), the links
 * inside README.md, and links to README.md#… from the other Markdown files and the examples.
 * Reads the sources, so it needs no build.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const REPO = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync';
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** GitHub's anchor for a heading's text: lower case, punctuation but "-" and "_" dropped, each space a "-". */
function githubSlug(text) {
	return text
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
		.replace(/<[^>]+>/g, '')
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors GitHub makes for a Markdown text: headings outside code fences (repeats get -1, -2 …) and explicit ids. */
function anchorsOf(markdown) {
	const anchors = new Set(['readme']); // GitHub's own anchor for the README (package.json homepage)
	const seen = new Map();
	let fence = null;
	for (const line of markdown.split('\n')) {
		const f = line.match(/^\s*(`{3,}|~{3,})/);
		if (f) {
			if (!fence) fence = f[1][0];
			else if (f[1][0] === fence) fence = null;
			continue;
		}
		if (fence) continue;
		const h = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
		if (h) {
			const base = githubSlug(h[1]);
			const n = seen.get(base) || 0;
			seen.set(base, n + 1);
			anchors.add(n ? `${base}-${n}` : base);
		}
		for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
	}
	return anchors;
}

const ANCHORS = anchorsOf(README);

function filesUnder(dir, exts) {
	const out = [];
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else if (exts.some((x) => e.name.endsWith(x))) out.push(p);
		}
	};
	walk(dir);
	return out;
}

const rel = (p) => path.relative(ROOT, p);
/** Links to the repository's front page (= README) with an anchor, in any text. */
const repoAnchors = (text) => [...text.matchAll(new RegExp(`${REPO.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/?#([^"'\`\\s)>]+)`, 'g'))].map((m) => m[1]);

describe('links into README.md', () => {
	test('the heading anchors are computed as GitHub does', () => {
		expect(githubSlug('Customer → Create or Update (API v3.1)')).toBe('customer--create-or-update-api-v31');
		expect(githubSlug('Credential: Hyfin API')).toBe('credential-hyfin-api');
		expect(githubSlug('Valomnia (Reference Customers)')).toBe('valomnia-reference-customers');
		expect(githubSlug('n8n 3: N8N_UNVERIFIED_PACKAGES_ENABLED')).toBe('n8n-3-n8n_unverified_packages_enabled');
		expect([...anchorsOf('# A\n```\n# not a heading\n```\n## A\n')]).toEqual(['readme', 'a', 'a-1']);
	});

	const sources = [...filesUnder(path.join(ROOT, 'nodes'), ['.ts', '.json']), ...filesUnder(path.join(ROOT, 'credentials'), ['.ts'])];
	const docLinks = sources.flatMap((file) => repoAnchors(fs.readFileSync(file, 'utf8')).map((a) => [rel(file), a]));

	test('every credential has a documentationUrl into README.md (the nodes link README or the vendor docs in their codex file)', () => {
		const pkg = require('../package.json');
		const linked = new Set(docLinks.map(([file]) => file));
		expect(docLinks.length).toBeGreaterThanOrEqual(pkg.n8n.credentials.length);
		for (const dist of pkg.n8n.credentials) {
			const src = dist.replace(/^dist\//, '').replace(/\.js$/, '.ts');
			expect([src, linked.has(src)]).toEqual([src, true]);
		}
	});

	test.each(docLinks)('%s links README#%s, which exists', (_file, anchor) => {
		expect(ANCHORS).toContain(anchor);
	});

	const inReadme = [...README.matchAll(/\]\(#([^)\s]+)\)|href="#([^"]+)"/g)].map((m) => m[1] || m[2]);
	test('README.md links its own headings', () => {
		expect(inReadme.length).toBeGreaterThan(10);
	});
	test.each([...new Set(inReadme)])('README.md links #%s, which exists', (anchor) => {
		expect(ANCHORS).toContain(anchor);
	});

	const others = [
		...filesUnder(ROOT, ['.md']).filter((f) => rel(f) !== 'README.md' && !rel(f).startsWith('test-output')),
		...filesUnder(path.join(ROOT, 'examples'), ['.json']),
		path.join(ROOT, 'package.json'),
	];
	const fromOthers = others.flatMap((file) => {
		const text = fs.readFileSync(file, 'utf8');
		const rootRel = path.relative(path.dirname(file), path.join(ROOT, 'README.md')).replace(/\\/g, '/');
		const local = [...text.matchAll(/\]\(([^)\s#]*README\.md)#([^)\s]+)\)/g)]
			.filter((m) => path.resolve(path.dirname(file), m[1]) === path.join(ROOT, 'README.md') || m[1] === rootRel)
			.map((m) => m[2]);
		return [...local, ...repoAnchors(text)].map((a) => [rel(file), a]);
	});
	if (fromOthers.length) {
		test.each(fromOthers)('%s links README#%s, which exists', (_file, anchor) => {
			expect(ANCHORS).toContain(anchor);
		});
	}

	test("the contents list at the top names every section (## heading), in the README's order", () => {
		const sections = [];
		let fence = false;
		for (const line of README.split('\n')) {
			if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence;
			else if (!fence && /^## /.test(line)) sections.push(`- [${line.slice(3).trim()}](#${githubSlug(line.slice(3))})`);
		}
		const contents = README.split('\n').filter((line) => /^- \[[^\]]+\]\(#[^)]+\)$/.test(line)).slice(0, sections.length);
		expect(sections.length).toBeGreaterThan(10);
		expect(contents).toEqual(sections);
	});

	test('the Install section says what n8n 3 needs, under the heading "n8n 3", linked from the top of Install', () => {
		expect(ANCHORS).toContain('install');
		expect(ANCHORS).toContain('n8n-3');
		const install = README.slice(README.indexOf('\n## Install\n'), README.indexOf('\n## ', README.indexOf('\n## Install\n') + 5));
		expect(install).toContain('](#n8n-3)');
		expect(install).toContain('N8N_UNVERIFIED_PACKAGES_ENABLED=true');
	});
});

module.exports = { githubSlug, anchorsOf };
