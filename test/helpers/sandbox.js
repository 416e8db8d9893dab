'use strict';
/**
 * The vendor sandbox a test file runs against: started once before its tests, closed after them,
 * reset before each test and, when `configure` is given, configured again (for example with the
 * vendor profile's credentials: `useSandbox({ configure: profile.configure })`). Files whose tests
 * reset it themselves, or build on what an earlier test stored, pass `reset: false`. Other
 * options go to startSandbox.
 *
 * Returns `sb`, which stands for the file's sandbox: `sb.baseUrl(…)`, `sb.requests`, `sb.state`…
 * read the running sandbox (it exists from beforeAll on).
 */
const { startSandbox } = require('../sandbox');

function useSandbox({ configure, reset = true, ...options } = {}) {
	let running;
	beforeAll(async () => {
		running = await startSandbox({ port: 0, ...options });
	});
	afterAll(async () => {
		await running?.close();
	});
	if (reset) {
		beforeEach(() => {
			running.reset();
			configure?.(running);
		});
	}
	return new Proxy(
		{},
		{
			get: (_, name) => {
				if (!running) throw new Error(`the sandbox is not started yet (sb.${String(name)} outside a test or hook)`);
				const value = running[name];
				return typeof value === 'function' ? value.bind(running) : value;
			},
			set: (_, name, value) => {
				running[name] = value;
				return true;
			},
			has: (_, name) => name in running,
		},
	);
}

module.exports = { useSandbox };
