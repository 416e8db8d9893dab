// Install suite: the package through n8n's Community Nodes endpoint from a loopback registry,
// on both n8n lines (npm run test:install; test/install/). Kept apart from jest.config.js: it
// starts a registry and n8n, and installs n8n on first use (minutes).
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/install'],
	testMatch: ['**/*.install.js'],
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
