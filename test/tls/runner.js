'use strict';
/**
 * Runs every request path of the four nodes against TLS fronts with good and bad certificates
 * and prints one JSON line per case: what the node, the dropdown or n8n's credential Test said,
 * and how many connections the front took. Started by test/faults.tls.test.js as a child
 * process with NODE_EXTRA_CA_CERTS naming the test CA: Node reads that variable only when a
 * process starts, and the expired and wrong-host certificates must come from a trusted CA to be
 * refused for what they are (an untrusted issuer is refused first).
 *
 *   node test/tls/runner.js <certificates folder>   (written by test/helpers/tls.js makeCertificates)
 */
const fs = require('fs');
const path = require('path');

// its own process, outside jest: the saved workflows it runs are version 1, as in the suites
require('../setup/saved-version');
const { VENDORS } = require('../vendors');
const { newHelper, runVendor, within } = require('../helpers/run');
const { startTlsFront } = require('../helpers/tls');
const { startSandbox } = require('../sandbox');
const { createCredentialsHelper, runLoadOptions, testCredential } = require('../harness');
const { VALOMNIA_LOGIN } = require('../../dist/nodes/ReferenceCustomers/session');
const { loginBinding } = require('../../dist/nodes/shared/session');

const KINDS = ['good', 'selfSigned', 'expired', 'wrongHost', 'clientCert', 'oldTls'];

function readCertificate(dir, name) {
	return { key: fs.readFileSync(path.join(dir, `${name}.key`), 'utf8'), cert: fs.readFileSync(path.join(dir, `${name}.pem`), 'utf8') };
}

/** What a node run says: the failed item's error, or success (a search that matches nothing outputs no item). */
function itemOutcome(result) {
	const failed = result.items.find((item) => item.json.success === false)?.json;
	return {
		success: !failed && !result.error,
		message: failed?.error ?? result.error?.message ?? null,
		description: failed?.description ?? null,
		items: result.items.length,
	};
}

async function main() {
	const dir = process.argv[2];
	const sb = await startSandbox({ port: 0 });
	const sandboxPort = Number(new URL(sb.url).port);
	const fronts = {};
	for (const kind of ['good', 'selfSigned', 'expired', 'wrongHost']) fronts[kind] = await startTlsFront(readCertificate(dir, kind), sandboxPort);
	// a good certificate, but mutual TLS (a client certificate required), or only TLS 1.0
	const good = readCertificate(dir, 'good');
	fronts.clientCert = await startTlsFront(good, sandboxPort, { requestCert: true, rejectUnauthorized: true, ca: [good.cert] });
	fronts.oldTls = await startTlsFront(good, sandboxPort, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
	const over = (url, kind) => url.replace(/^http:\/\/127\.0\.0\.1:\d+/, fronts[kind].origin);
	const cases = [];
	const add = (vendor, pathName, run) => cases.push({ vendor, pathName, run });

	for (const vendor of VENDORS) {
		const all = (kind) => Object.fromEntries(vendor.urlFields.map((field) => [field, over(vendor.credentialData(sb)[field], kind)]));
		/** The first request of a run goes to the API (a login vendor: with a session bound to the https address). */
		const apiFirst = async (kind) => {
			if (vendor.id === 'riverty') return { baseUrl: over(vendor.credentialData(sb).baseUrl, kind) };
			if (vendor.id !== 'valomnia') return all(kind);
			// a session from a plain login, stored as bound to the https address
			const helper = newHelper(vendor, sb);
			await runVendor(vendor, sb, { parameters: vendor.params(), items: [vendor.item(0, 'TLS-S')], credentialsHelper: helper });
			const session = helper.getStoredData(vendor.credentialType).sessionId;
			const data = vendor.credentialData(sb, { baseUrl: over(vendor.credentialData(sb).baseUrl, kind), sessionId: session });
			return { ...data, sessionIdFor: loginBinding(VALOMNIA_LOGIN, data, session) };
		};
		const nodeRun = (parameters, items, extra) => async (kind) => {
			const data = vendor.credentialData(sb, await extra(kind));
			const credentialsHelper = createCredentialsHelper({ credentials: { [vendor.credentialType]: data }, credentialTypes: [new vendor.Credential()] });
			// the default Options (4 tries): a TLS failure must not be tried again
			return itemOutcome(await runVendor(vendor, sb, { parameters, items, continueOnFail: true, credentialsHelper }));
		};

		add(vendor, 'upsert', nodeRun(vendor.params(), [vendor.item(0, 'TLS')], apiFirst));
		const get = vendor.lookups?.get;
		if (get) add(vendor, 'get', nodeRun(get.params(), [{ lookup: get.unknown }], apiFirst));
		const search = vendor.lookups?.search;
		if (search) add(vendor, 'search', nodeRun(search.params('TLS', { returnAll: false, limit: 5 }), [{}], apiFirst));
		if (vendor.loginScope) {
			const loginFirst = async (kind) =>
				vendor.id === 'riverty' ? { tokenUrl: over(vendor.credentialData(sb).tokenUrl, kind) } : all(kind);
			add(vendor, 'login', nodeRun(vendor.params(), [vendor.item(0, 'TLS-L')], loginFirst));
		}
		if (vendor.id === 'riverty') {
			// Report Added or Updated: the HEAD pre-check is the first request
			add(vendor, 'pre-check', nodeRun({ ...vendor.params(), reportAction: true }, [vendor.item(0, 'TLS-P')], apiFirst));
		}
		if (vendor.id === 'valomnia') {
			add(vendor, 'dropdown', async (kind) => {
				const credentialsHelper = createCredentialsHelper({
					credentials: { [vendor.credentialType]: vendor.credentialData(sb, all(kind)) },
					credentialTypes: [new vendor.Credential()],
				});
				try {
					const options = await runLoadOptions({ node: new vendor.Node(), methodName: 'getCustomerCategories', credentialTypes: [new vendor.Credential()], credentialsHelper });
					return { success: true, message: null, options: options.length };
				} catch (error) {
					return { success: false, message: error.message, description: error.description ?? null };
				}
			});
		}
		add(vendor, 'credential test', async (kind) => {
			const outcome = await testCredential({ credentialType: new vendor.Credential(), data: vendor.credentialData(sb, all(kind)) });
			return { success: outcome.status === 'OK', message: outcome.message ?? null };
		});
	}

	for (const kind of KINDS) {
		for (const { vendor, pathName, run } of cases) {
			sb.reset();
			vendor.configure(sb);
			// the sandbox's login redirect names its own plain http address, which the node rightly
			// refuses behind an https front: its JSON login answer has no address in it
			if (vendor.id === 'valomnia') sb.configure({ valomnia: { loginStyle: 'json' } });
			const before = fronts[kind].connections;
			let outcome;
			try {
				outcome = await within(run(kind), 30000, `${vendor.vendorName} ${pathName} (${kind})`);
			} catch (error) {
				outcome = { success: false, message: `runner: ${error.message}` };
			}
			const line = { vendor: vendor.id, path: pathName, kind, port: fronts[kind].port, connections: fronts[kind].connections - before, ...outcome };
			process.stdout.write(`${JSON.stringify(line)}\n`);
		}
	}
	for (const front of Object.values(fronts)) await front.close();
	await sb.close();
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	},
);
