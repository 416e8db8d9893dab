module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 60000,
	// the sandbox and n8n-core keep sockets and timers; each test file closes its own
	forceExit: false,
};
