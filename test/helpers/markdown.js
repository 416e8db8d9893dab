'use strict';
/** Reading the repository's Markdown as GitHub shows it: headings and their anchors. */
const fs = require('fs');

/** GitHub's anchor for a Markdown heading. */
const anchorOf = (heading) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');

/** The anchors of every heading in a Markdown text (fenced code left out). */
function anchorsOf(markdown) {
	let fenced = false;
	const anchors = new Set();
	for (const line of markdown.split('\n')) {
		if (/^\s*```/.test(line)) fenced = !fenced;
		else if (!fenced && /^#{1,6} /.test(line)) anchors.add(anchorOf(line.replace(/^#+ /, '')));
	}
	return anchors;
}

/** The lines of one section (from its heading to the next heading of the same or a higher level). */
function sectionOf(markdown, heading) {
	const lines = markdown.split('\n');
	const start = lines.findIndex((line) => line.replace(/^#+ /, '') === heading && /^#{1,6} /.test(line));
	if (start < 0) return undefined;
	const level = /^#+/.exec(lines[start])[0].length;
	const end = lines.findIndex((line, i) => i > start && new RegExp(`^#{1,${level}} `).test(line));
	return lines.slice(start + 1, end < 0 ? undefined : end);
}

const readText = (file) => fs.readFileSync(file, 'utf8');

module.exports = { anchorOf, anchorsOf, sectionOf, readText };
