'use strict';
/**
 * A second loopback server standing for "another host": where a hostile redirect points. It
 * answers everything 200 with a token-like JSON (so a client that followed would be fooled into
 * success) and records every request, whole (headers and body), so a test can prove that
 * nothing, and no secret, reached it.
 */
const http = require('http');

async function startForeign() {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'JSESSIONID=FOREIGNSESSION; Path=/' });
			res.end(
				JSON.stringify({
					success: true,
					action: 'added',
					_id: '000000000000000000000001',
					access_token: 'foreign-host-token',
					token_type: 'Bearer',
					token: 'FOREIGNSESSION',
				}),
			);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		host: `127.0.0.1:${server.address().port}`,
		requests,
		async close() {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

module.exports = { startForeign };
