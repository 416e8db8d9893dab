module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 60000,
	// runs without a typeVersion are version 1 (saved workflows); version 2's suites name it
	setupFiles: ['<rootDir>/test/setup/saved-version.js'],
	// the sandbox and n8n-core keep sockets and timers; each test file closes its own
	forceExit: false,
};
