#!/usr/bin/env node
'use strict';
/**
 * Version 1's node descriptions, as built in dist/: what saved workflows were made with. Writes
 * test/fixtures/v1-descriptions.json (run once, when version 1 was frozen); test/v1-frozen.test.js
 * compares the built nodes with it. Usage: npm run build && node scripts/v1-descriptions.js
 */
const fs = require('node:fs');
const path = require('node:path');

const { REGISTRY } = require('../test/vendors');

/** The description a node gives for version 1, whether it is versioned or not. */
function v1Description(NodeClass) {
	const node = new NodeClass();
	const description = node.nodeVersions ? node.nodeVersions[1].description : node.description;
	// plain data: what n8n stores and sends to the editor
	return JSON.parse(JSON.stringify(description));
}

function v1Descriptions() {
	const out = {};
	for (const { node } of REGISTRY) {
		const built = require(path.join(__dirname, '..', 'dist', 'nodes', node, `${node}.node.js`));
		out[node] = v1Description(built[node]);
	}
	return out;
}

module.exports = { v1Descriptions, FIXTURE: path.join(__dirname, '..', 'test', 'fixtures', 'v1-descriptions.json') };

if (require.main === module) {
	fs.writeFileSync(module.exports.FIXTURE, `${JSON.stringify(v1Descriptions(), null, '\t')}\n`);
	console.log(`wrote ${module.exports.FIXTURE}`);
}
