'use strict';
// Runs the example workflows of manifest.js in a real n8n (an N8nSession from
// scripts/lib/n8n.js) against the in-process vendor sandbox. Shared by the
// end-to-end test and the demo.

const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');

const { ROOT } = require('../../scripts/lib/n8n');
const { credentialsFor, sandboxConfigFor, secretsFor } = require('./credentials');
const { EXAMPLES, checkCommon, countActions } = require('./manifest');

function loadWorkflow(example) {
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, example.file), 'utf8'));
	assert.equal(wf.id, example.id, `${example.file}: "id" must be ${example.id} (manifest.js)`);
	return wf;
}

function credentialTypes(examples) {
	return [...new Set(examples.flatMap((e) => e.credentials))];
}

/**
 * Fresh sandbox state configured for the examples' credentials, then the
 * credentials and all workflows imported: two n8n boots, whatever the count.
 */
async function prepare(session, sb, examples = EXAMPLES) {
	const types = credentialTypes(examples);
	sb.reset();
	for (const cfg of sandboxConfigFor(types)) sb.configure(cfg);
	await session.importCredentials(credentialsFor(sb, types));
	await session.importWorkflows(examples.map(loadWorkflow));
}

/**
 * Runs one workflow once. Returns { result, ctx, counts }: result from
 * session.execute, ctx for the manifest's check, counts of actions.
 */
async function runOnce(session, sb, example, runIndex, memo) {
	const change = example.runs[runIndex].workflow;
	if (change) await session.importWorkflows([change(loadWorkflow(example))]);
	const from = sb.requests.length;
	const result = await session.execute(example.id, { name: `${example.id}-run${runIndex + 1}` });
	const ctx = {
		nodes: result.nodes,
		outputs: result.outputs,
		state: sb.state,
		requests: sb.requests.slice(from),
		memo,
		version: session.version,
		result,
	};
	return { result, ctx, counts: countActions(example, result.nodes, result.error, result.outputs) };
}

/** Throws (assert) when the run is not what the manifest says. */
function verify(example, runIndex, { result, ctx }) {
	const run = example.runs[runIndex];
	if (!result.ok) {
		const e = result.error || {};
		assert.fail(
			`n8n ${result.status} (exit ${result.code}) in node "${e.node || result.lastNodeExecuted}": ${e.message || ''}${e.description ? ` (${e.description})` : ''}; log: ${result.logFile}`,
		);
	}
	checkCommon(example, run, ctx);
	if (run.check) run.check(ctx);
	assertNoSecrets(example, result, ctx.state);
}

/**
 * No credential secret, and no token or session id the sandbox issued, in n8n's
 * execution data or in anything n8n printed during the run (stdout, stderr).
 */
function assertNoSecrets(example, result, state) {
	const texts = [['the execution data', JSON.stringify(result.execution)]];
	for (const file of [result.logFile, result.logFile && result.logFile.replace(/\.out\.log$/, '.err.log')]) {
		if (file && fs.existsSync(file)) texts.push([`n8n's output (${path.basename(file)})`, fs.readFileSync(file, 'utf8')]);
	}
	const secrets = secretsFor(example.credentials, state);
	for (const [where, text] of texts) {
		for (const secret of secrets) {
			assert.ok(!text.includes(secret), `a credential secret (${secret.length} characters) appears in ${where}`);
		}
	}
}

module.exports = { EXAMPLES, loadWorkflow, credentialTypes, prepare, runOnce, verify, assertNoSecrets };
