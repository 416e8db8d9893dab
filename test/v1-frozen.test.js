'use strict';
/**
 * Version 1 stays as saved workflows know it: each node's version-1 description (parameters,
 * defaults, options, display rules) deep-equals the one frozen in test/fixtures/v1-descriptions.json
 * before version 2 was added (scripts/v1-descriptions.js wrote it from the build of that time).
 */
const { REGISTRY } = require('./vendors');
const { v1Descriptions } = require('../scripts/v1-descriptions');
const frozen = require('./fixtures/v1-descriptions.json');

describe('version 1 of every node is unchanged', () => {
	const now = v1Descriptions();
	it.each(REGISTRY.map((entry) => entry.node))('%s version 1 deep-equals its frozen description', (node) => {
		expect(frozen[node]).toBeDefined();
		expect(frozen[node].properties.length).toBeGreaterThan(5);
		expect(now[node]).toEqual(frozen[node]);
	});
});
