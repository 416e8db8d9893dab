'use strict';
// The measured workflows: Manual Trigger -> Code node making N customers -> the node under
// test (ours, or n8n's HTTP Request node with or without batching). One workflow per
// (vendor, client, N), all imported in one n8n boot.

const { customer } = require('./vendors');

const TARGET = 'Under test';
const SOURCE = 'Make customers';

/** n8n's execute --id wants ids of at most 21 characters. */
function workflowId(vendor, client, n) {
	const id = `bn${vendor.slice(0, 3)}${client.replace(/[^a-z0-9]/gi, '').slice(0, 6)}${n}`;
	if (id.length > 21) throw new Error(`workflow id ${id} is too long`);
	return id;
}

function codeNode(n) {
	return {
		parameters: {
			jsCode: `${customer.toString()}\nconst n = ${n};\nconst items = new Array(n);\nfor (let i = 0; i < n; i++) items[i] = { json: customer(i) };\nreturn items;`,
		},
		id: 'b0000000-0000-4000-8000-000000000002',
		name: SOURCE,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
	};
}

/** client: { kind: 'node' | 'http', json?: true (our node's JSON body mode), batch?: { size, intervalMs } }. */
function targetNode({ vendor, client, sb, credentials, concurrency }) {
	const base = { id: 'b0000000-0000-4000-8000-000000000003', name: TARGET, position: [440, 0] };
	if (client.kind === 'node') {
		const cred = credentials.node;
		return {
			...base,
			parameters: client.json ? vendor.nodeJsonParameters(concurrency) : vendor.nodeParameters(concurrency),
			type: vendor.nodeType,
			typeVersion: 1,
			credentials: { [cred.type]: { id: cred.id, name: cred.name } },
		};
	}
	const cred = vendor.httpCredential ? credentials[vendor.httpCredential] : null;
	const options = client.batch ? { batching: { batch: { batchSize: client.batch.size, batchInterval: client.batch.intervalMs } } } : {};
	return {
		...base,
		parameters: { ...vendor.httpParameters(sb), options },
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		...(cred ? { credentials: { [cred.type]: { id: cred.id, name: cred.name } } } : {}),
	};
}

function buildWorkflow({ vendor, clientName, client, n, sb, credentials, concurrency }) {
	const id = workflowId(vendor.name, clientName, n);
	return {
		id,
		name: `bench ${vendor.name} ${clientName} ${n}`,
		nodes: [
			{
				parameters: {},
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			codeNode(n),
			targetNode({ vendor, client, sb, credentials, concurrency }),
		],
		connections: {
			Start: { main: [[{ node: SOURCE, type: 'main', index: 0 }]] },
			[SOURCE]: { main: [[{ node: TARGET, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

module.exports = { buildWorkflow, workflowId, TARGET, SOURCE };
