'use strict';
/**
 * Running a vendor profile's node (test/vendors/<vendor>.js) through n8n's engine: a fresh
 * credentials helper for it, and every run bounded in time.
 */
const { runNode, createCredentialsHelper } = require('../harness');

/** Fails (rejects) when `promise` takes longer than `ms`: a hanging run must fail the test, not jest. */
async function within(promise, ms, what = 'the run') {
	let timer;
	const limit = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (hang)`)), ms);
	});
	try {
		return await Promise.race([promise, limit]);
	} finally {
		clearTimeout(timer);
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh credentials helper: one n8n instance with this vendor's credential stored. */
function newHelper(vendor, sb, extra = {}) {
	return createCredentialsHelper({
		credentials: { [vendor.credentialType]: vendor.credentialData(sb, extra) },
		credentialTypes: [new vendor.Credential()],
	});
}

/**
 * Runs the vendor's node through n8n's engine, bounded in time. `items` are the items' json. The
 * node version is `typeVersion`, else the profile's own (test/helpers/v2-profiles.js), else the
 * suites' default (test/setup/saved-version.js).
 */
async function runVendor(vendor, sb, { parameters, items, continueOnFail = false, onError, credentialsHelper, limitMs = 30000, nodeTypeName, typeVersion = vendor.typeVersion }) {
	return await within(
		runNode({
			node: new vendor.Node(),
			credentialTypes: [new vendor.Credential()],
			credentialsHelper: credentialsHelper ?? newHelper(vendor, sb),
			parameters,
			items: items.map((json) => ({ json })),
			continueOnFail,
			onError,
			nodeTypeName,
			typeVersion,
		}),
		limitMs,
		`${vendor.vendorName} run`,
	);
}

module.exports = { within, sleep, newHelper, runVendor };
