'use strict';
/**
 * Fault suite, TLS (issue 19): every request path of the four nodes (upsert, Get, Search / Get
 * Many, Riverty's HEAD pre-check and token request, Valomnia's session login and dropdowns,
 * n8n's credential Test) against https servers on 127.0.0.1 whose certificates are made by the
 * test: self-signed, expired, issued for another host, and good (the control: the same path
 * works with a trusted certificate). A bad certificate fails the item at once (one connection:
 * never retried as a passing failure), with a message that names the host and what is wrong
 * with its certificate, and a description that says what to do (NODE_EXTRA_CA_CERTS). A server
 * with a good certificate that wants a client certificate (mutual TLS) or speaks only TLS 1.0 is
 * named for that.
 *
 * The cases run in a child process (test/tls/runner.js) that trusts the test CA through
 * NODE_EXTRA_CA_CERTS, which Node reads only when a process starts.
 */
const { execFile } = require('child_process');
const path = require('path');

const { makeCertificates } = require('./helpers/tls');

const WORDS = {
	selfSigned: 'is not trusted \\(self-signed certificate\\)',
	expired: 'has expired',
	wrongHost: 'does not match the host name',
};
// a good certificate, but a server that wants what Node.js will not do
const HANDSHAKE_WORDS = {
	clientCert: 'asks for a client certificate, which the node cannot send',
	oldTls: 'offers no TLS version Node.js accepts',
};
// n8n's own credential Test request (Hyfin, Client Toolbox): n8n words the failure itself
const N8N_WORDS = {
	selfSigned: /self-signed certificate/,
	expired: /certificate has expired/,
	wrongHost: /does not match certificate's altnames/,
	clientCert: /certificate required/,
	oldTls: /alert protocol version/,
};
/** Paths whose request is n8n's own (a declarative credential Test without a login). */
const n8nWorded = (line) => line.path === 'credential test' && (line.vendor === 'hyfin' || line.vendor === 'clienttoolbox');

let certificates;
let lines;
beforeAll(async () => {
	certificates = makeCertificates();
	const stdout = await new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[path.join(__dirname, 'tls', 'runner.js'), certificates.dir],
			{ env: { ...process.env, NODE_EXTRA_CA_CERTS: certificates.caFile }, maxBuffer: 64 * 1024 * 1024, timeout: 240000 },
			(error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
		);
	});
	// n8n's logger writes to stdout too: the runner's lines are the JSON objects
	lines = stdout
		.split('\n')
		.filter((line) => line.startsWith('{"vendor"'))
		.map((line) => JSON.parse(line));
}, 300000);
afterAll(() => certificates?.remove());

const outcome = (vendor, pathName, kind) => {
	const line = lines.find((l) => l.vendor === vendor && l.path === pathName && l.kind === kind);
	if (!line) throw new Error(`the runner reported no ${vendor} ${pathName} (${kind})`);
	return line;
};

// vendor, path: what the runner runs (test/tls/runner.js); kept here too so a path it stops running fails
const PATHS = [
	['hyfin', 'upsert'], ['hyfin', 'get'], ['hyfin', 'credential test'],
	['riverty', 'upsert'], ['riverty', 'get'], ['riverty', 'search'], ['riverty', 'login'], ['riverty', 'pre-check'], ['riverty', 'credential test'],
	['valomnia', 'upsert'], ['valomnia', 'get'], ['valomnia', 'search'], ['valomnia', 'login'], ['valomnia', 'dropdown'], ['valomnia', 'credential test'],
	['clienttoolbox', 'upsert'], ['clienttoolbox', 'get'], ['clienttoolbox', 'search'], ['clienttoolbox', 'credential test'],
];

describe.each(PATHS)('%s %s over https', (vendor, pathName) => {
	test('with a trusted certificate it works (the control)', () => {
		const line = outcome(vendor, pathName, 'good');
		expect(line).toMatchObject({ success: true });
		expect(line.connections).toBeGreaterThanOrEqual(1);
	});

	test.each(Object.keys(WORDS))('a %s certificate fails at once, named for what it is', (kind) => {
		const line = outcome(vendor, pathName, kind);
		expect(line.success).toBe(false);
		// one connection: not tried again (the node's default Options allow 4 tries)
		expect(line.connections).toBe(1);
		if (n8nWorded(line)) {
			expect(line.message).toMatch(N8N_WORDS[kind]);
			return;
		}
		expect(line.message).toMatch(new RegExp(`the certificate of 127\\.0\\.0\\.1:${line.port} ${WORDS[kind]}`));
		expect(line.message).not.toMatch(/gave up after|failed$/);
		if (pathName === 'login' || (pathName === 'credential test' && vendor === 'riverty')) expect(line.message).toMatch(/^Riverty's token endpoint at https:|^Valomnia's login at https:/);
		if (pathName !== 'dropdown' && pathName !== 'credential test') expect(line.description).toMatch(/NODE_EXTRA_CA_CERTS/);
	});

	test.each([
		['a client certificate (mutual TLS)', 'clientCert'],
		['only TLS 1.0', 'oldTls'],
	])('a server that wants %s fails at once, saying so', (_what, kind) => {
		const line = outcome(vendor, pathName, kind);
		expect(line.success).toBe(false);
		expect(line.connections).toBe(1);
		if (n8nWorded(line)) {
			expect(line.message).toMatch(N8N_WORDS[kind]);
			return;
		}
		expect(line.message).toMatch(new RegExp(`could not open a secure \\(TLS\\) connection to 127\\.0\\.0\\.1:${line.port}: it ${HANDSHAKE_WORDS[kind]}`));
		if (pathName !== 'dropdown' && pathName !== 'credential test') expect(line.description).toMatch(/TLS error code: ERR_SSL_/);
	});
});
