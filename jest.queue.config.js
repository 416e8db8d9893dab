// Queue-mode suite: the packed package in n8n main + 2 workers with Redis and Postgres (npm run test:queue).
// Kept apart from jest.config.js and the e2e suite: it needs redis-server and postgresql
// (scripts/system-deps.sh) and runs for minutes.
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.js'],
	testTimeout: 20 * 60 * 1000,
	maxWorkers: 1,
	verbose: true,
};
