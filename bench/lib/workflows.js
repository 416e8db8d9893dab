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

/** The Code node: N customers; for version 2's Map Automatically, each as the vendor's record (vendor.autoRecord). */
function codeNode(n, record) {
	const make = record ? 'record(customer(i))' : 'customer(i)';
	return {
		parameters: {
			jsCode:
				`${customer.toString()}\n${record ? `const record = ${record.toString()};\n` : ''}` +
				`const n = ${n};\nconst items = new Array(n);\nfor (let i = 0; i < n; i++) items[i] = { json: ${make} };\nreturn items;`,
		},
		id: 'b0000000-0000-4000-8000-000000000002',
		name: SOURCE,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [220, 0],
	};
}

/**
 * client: { kind: 'node' | 'http', inputMode?: 'fields' | 'json' | 'auto' (our node's), version?: 1 | 2
 * (our node's typeVersion), batch?: { size, intervalMs } }.
 */
function nodeParameters(vendor, client, concurrency) {
	if (client.inputMode === 'auto') return vendor.nodeAutoParameters(concurrency);
	if (client.inputMode === 'json') return vendor.nodeJsonParameters(concurrency);
	return vendor.nodeParameters(concurrency);
}

function targetNode({ vendor, client, sb, credentials, concurrency }) {
	const base = { id: 'b0000000-0000-4000-8000-000000000003', name: TARGET, position: [440, 0] };
	if (client.kind === 'node') {
		const cred = credentials.node;
		return {
			...base,
			parameters: nodeParameters(vendor, client, concurrency),
			type: vendor.nodeType,
			typeVersion: client.version || 1,
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
			codeNode(n, client.inputMode === 'auto' ? vendor.autoRecord : null),
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
