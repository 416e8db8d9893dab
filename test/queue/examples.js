'use strict';
// The example workflows (examples/*.json, test/e2e/manifest.js) run through n8n in queue mode, for
// `npm run demo -- --queue`.
//
// In queue mode `n8n execute` does not use the queue (n8n 2.x says "CLI command `execute` does not
// support queue mode. Falling back to regular mode."), and an editor's manual run needs a browser
// session. So each example's Manual Trigger is swapped for a Webhook trigger of the same name
// ("respond when the last node finishes"): main takes the call and enqueues the execution, a worker
// runs the example's nodes unchanged, and the run data is read back from Postgres.

const crypto = require('crypto');

const { itemsByNode } = require('../../scripts/lib/n8n');
const { loadWorkflow } = require('../e2e/runner');
const { countActions } = require('../e2e/manifest');

const webhookPath = (example) => `demo-${example.id}`;

/** The example with its Manual Trigger replaced by a Webhook trigger (same name, so the connections stay). */
function asWebhookWorkflow(example) {
	const wf = loadWorkflow(example);
	let swapped = 0;
	const nodes = wf.nodes.map((n) => {
		if (n.type !== 'n8n-nodes-base.manualTrigger') return n;
		swapped += 1;
		return {
			id: n.id,
			name: n.name,
			position: n.position,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: crypto.randomUUID(),
			parameters: { httpMethod: 'POST', path: webhookPath(example), responseMode: 'lastNode', responseData: 'noData', options: {} },
		};
	});
	if (swapped !== 1) throw new Error(`${example.file}: expected one Manual Trigger, found ${swapped}`);
	return { ...wf, nodes };
}

/**
 * One run of an example through the queue: POST its webhook, then the execution from Postgres.
 * Returns what test/e2e/runner.js's runOnce returns ({ result, ctx, counts }) plus worker.
 */
async function runOnceQueued(stack, sb, example, runIndex, memo) {
	const from = sb.requests.length;
	const [[maxBefore]] = await stack.sql(`select coalesce(max(id), 0) from execution_entity`);
	const t = Date.now();
	const res = await fetch(`${stack.url}/webhook/${webhookPath(example)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	const replyText = await res.text();
	const ms = Date.now() - t;
	const rows = await stack.sql(
		`select id, status from execution_entity where "workflowId" = '${example.id}' and id > ${Number(maxBefore)} order by id`,
	);
	if (rows.length !== 1) throw new Error(`${example.id}: expected one new execution, found ${rows.length} (HTTP ${res.status} ${replyText.slice(0, 200)})`);
	const [id, status] = rows[0];
	const data = await stack.executionData(id);
	const execution = { id, status, data };
	const rd = data.resultData;
	const error = rd.error ? { message: rd.error.message, description: rd.error.description, node: rd.error.node && rd.error.node.name } : null;
	const result = {
		ok: res.status === 200 && status === 'success' && !error,
		code: res.status,
		ms,
		status,
		error,
		lastNodeExecuted: rd.lastNodeExecuted,
		execution,
		...itemsByNode(execution),
	};
	const ctx = { nodes: result.nodes, outputs: result.outputs, state: sb.state, requests: sb.requests.slice(from), memo, version: stack.version, result };
	const worker = (stack.workerRuns().started[id] || ['main?']).join('+');
	return { result, ctx, counts: countActions(example, result.nodes, result.error), worker, executionId: id };
}

module.exports = { asWebhookWorkflow, runOnceQueued, webhookPath };
