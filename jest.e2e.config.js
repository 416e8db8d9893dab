// End-to-end suite: the packed package in the real n8n application (npm run test:e2e).
// Kept apart from jest.config.js: it installs n8n on first use (minutes) and boots it many times.
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.js'],
	// one n8n execute is 3-9 s; installing a missing n8n happens in beforeAll with its own timeout
	testTimeout: 5 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
