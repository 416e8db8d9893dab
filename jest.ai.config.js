// AI agent suite: the nodes as tools of n8n's AI Agent in the real n8n application, with a
// scripted model on loopback (npm run test:ai). Kept apart like the e2e suite: it boots n8n.
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ai'],
	testMatch: ['**/*.ai.js'],
	testTimeout: 5 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
