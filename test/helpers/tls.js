'use strict';
/**
 * TLS test material, made at run time: a test certificate authority and server certificates
 * for 127.0.0.1 (openssl, the system's; scripts/system-deps.sh installs it when missing), and
 * TLS fronts: servers on 127.0.0.1 that end TLS with one of those certificates and pass the
 * bytes on to a plain server (the sandbox), so any vendor address can be served over https
 * with a good or a bad certificate.
 *
 *   good       issued by the test CA for IP 127.0.0.1 (trusted where NODE_EXTRA_CA_CERTS names the CA)
 *   selfSigned its own issuer, for IP 127.0.0.1
 *   expired    issued by the test CA for IP 127.0.0.1, valid until yesterday
 *   wrongHost  issued by the test CA for another host name only
 *
 * startTlsFront's `serverOptions` make other refusals: `{ requestCert: true, rejectUnauthorized: true }`
 * (mutual TLS: a client certificate required), `{ maxVersion: 'TLSv1' }` (an outdated server).
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const tls = require('tls');

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args, cwd) {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Makes the CA and the four server certificates in a new temp folder; returns their PEM texts and the CA's file. */
function makeCertificates() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'customer-sync-tls-'));
	openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=customer-sync test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
	const issued = (name, san, days) => {
		fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
		openssl(['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
		openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`,
			'-days', String(days), '-extfile', `${name}.ext`], dir);
	};
	issued('good', 'IP:127.0.0.1', 2);
	issued('expired', 'IP:127.0.0.1', -1);
	issued('wrongHost', 'DNS:not-this-host.invalid', 2);
	openssl(['req', '-x509', ...EC, '-keyout', 'selfSigned.key', '-out', 'selfSigned.pem', '-days', '2', '-subj', '/CN=127.0.0.1',
		'-addext', 'subjectAltName=IP:127.0.0.1'], dir);
	const read = (name) => ({ key: fs.readFileSync(path.join(dir, `${name}.key`), 'utf8'), cert: fs.readFileSync(path.join(dir, `${name}.pem`), 'utf8') });
	return {
		dir,
		caFile: path.join(dir, 'ca.pem'),
		good: read('good'),
		selfSigned: read('selfSigned'),
		expired: read('expired'),
		wrongHost: read('wrongHost'),
		remove: () => fs.rmSync(dir, { recursive: true, force: true }),
	};
}

/**
 * A TLS server on 127.0.0.1 with `certificate` in front of the plain server on `targetPort`.
 * `connections` counts the TCP connections it took (a refused handshake counts too: that is how
 * a test sees whether a client tried again).
 */
async function startTlsFront(certificate, targetPort, serverOptions = {}) {
	const sockets = new Set();
	const front = { connections: 0 };
	const server = tls.createServer({ key: certificate.key, cert: certificate.cert, ...serverOptions }, (clear) => {
		const upstream = net.connect(targetPort, '127.0.0.1');
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		clear.pipe(upstream).pipe(clear);
		const end = () => {
			clear.destroy();
			upstream.destroy();
		};
		clear.on('error', end);
		upstream.on('error', end);
	});
	server.on('connection', (socket) => {
		front.connections++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// a client that refuses the certificate ends the handshake: not an error of the test
	server.on('tlsClientError', () => undefined);
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	front.port = server.address().port;
	front.origin = `https://127.0.0.1:${front.port}`;
	front.close = async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise((resolve) => server.close(resolve));
	};
	return front;
}

module.exports = { makeCertificates, startTlsFront };
