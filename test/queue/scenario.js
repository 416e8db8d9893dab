'use strict';
// What the queue-mode suite, the queue benchmark and the demo's --queue share: the customers, the
// two workflows users build for queue mode, a small "source system" the scheduled sync pulls its
// batches from, and how to read the vendor sandbox's request log per customer.
//
// The workflows reuse the four vendor nodes of examples/all-four-vendors.json as they are (same
// parameters, same credentials), plus:
//   webhook: Webhook (POST, respond from a node) -> the four nodes -> Merge -> Respond to Webhook
//   sync:    Schedule Trigger (every few seconds) -> HTTP Request "Claim batch" (GET the next batch
//            of customers from the source, one item each) -> the four nodes -> Merge -> HTTP Request
//            "Ack batch" (once per execution). A batch that is not acknowledged (a worker died, an
//            item failed) is handed out again when its lease runs out: at-least-once delivery, which
//            is safe because every write here is an upsert by key.
// Each customer carries `notes` = who wrote it (the webhook call, or the claim of the batch); the
// nodes send it (Hyfin notes, Riverty address line 2, Valomnia comment, Client Toolbox custom
// field), so every write in the sandbox's log says which delivery made it.

const fs = require('fs');
const http = require('http');
const path = require('path');
const crypto = require('crypto');

const { ROOT } = require('../../scripts/lib/n8n');
const { RIVERTY_CLIENT_ID } = require('../e2e/credentials');

const { REGISTRY } = require('../vendors');

// the vendors, their credentials and the workflow's node for each (named after the vendor)
const VENDORS = REGISTRY.map((v) => v.id);
const CREDENTIAL_TYPES = REGISTRY.map((v) => v.credentialType);
const NODE_OF = Object.fromEntries(REGISTRY.map((v) => [v.id, v.vendorName]));
const WEBHOOK_PATH = 'customer-sync-queue';
const SYNC_WEBHOOK_PATH = 'customer-sync-batch';

/** n customers with keys <prefix>-00001..; code = Client Toolbox's customer code (16 digits, unique per key). */
function makeCustomers(prefix, n, offset = 0) {
	const digit = { W: '1', S: '2', K: '3', B: '4', D: '5' }[prefix[0]] || '9';
	return Array.from({ length: n }, (_, i) => {
		const k = String(offset + i + 1).padStart(5, '0');
		return {
			id: `${prefix}-${k}`,
			code: `7${digit}${String(offset + i + 1).padStart(14, '0')}`,
			firstName: `First${k}`,
			lastName: `Last${k}`,
			email: `${prefix.toLowerCase()}-${k}@example.com`,
			phone: `+1555${k.padStart(7, '0')}`,
			street: `${k} Queue Street`,
			city: 'Hampton',
			postalCode: '23681',
			country: 'US',
		};
	});
}

const uuid = () => crypto.randomUUID();

/** The four vendor nodes and the Merge of examples/all-four-vendors.json; `from` rewrites `$json.` (e.g. to `$json.body.`). */
function vendorNodes(from = '$json.') {
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'all-four-vendors.json'), 'utf8'));
	const pick = (name) => {
		const n = wf.nodes.find((x) => x.name === name);
		if (!n) throw new Error(`examples/all-four-vendors.json has no node "${name}"`);
		return JSON.parse(JSON.stringify(n).split('$json.').join(from));
	};
	const nodes = Object.values(NODE_OF).map(pick);
	// the marker: which delivery wrote it (Hyfin and Valomnia already send $json.notes)
	const riverty = nodes.find((n) => n.name === 'Riverty');
	riverty.parameters.additionalFields.addressLine2 = `={{ ${from}notes }}`;
	const ct = nodes.find((n) => n.name === 'Client Toolbox');
	ct.parameters.additionalFields.custom_field = `={{ ${from}notes }}`;
	const merge = pick('All results');
	return { nodes, merge, credentials: wf.nodes.filter((n) => n.credentials).map((n) => n.credentials) };
}

/** Fresh node ids (36-char UUIDs: Postgres enforces the column length) and positions. */
function layout(nodes) {
	return nodes.map((n, i) => ({ ...n, id: uuid(), position: [i * 220, n.position ? n.position[1] : 0] }));
}

function fanOut(from, vendorList, merge, to) {
	const connections = { [from]: { main: [vendorList.map((n) => ({ node: n.name, type: 'main', index: 0 }))] } };
	vendorList.forEach((n, i) => (connections[n.name] = { main: [[{ node: merge.name, type: 'main', index: i }]] }));
	connections[merge.name] = { main: [[{ node: to, type: 'main', index: 0 }]] };
	return connections;
}

/** Webhook -> the four vendor nodes -> Merge -> Respond to Webhook (all four normalized results). */
function webhookWorkflow(id = 'qCustomerHook') {
	const { nodes, merge } = vendorNodes('$json.body.');
	const hook = {
		name: 'Customer webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: uuid(),
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'responseNode', options: {} },
	};
	const respond = {
		name: 'Respond with results',
		type: 'n8n-nodes-base.respondToWebhook',
		typeVersion: 1.1,
		parameters: { respondWith: 'allIncomingItems', options: {} },
	};
	return {
		id,
		name: 'Queue: customer webhook to four vendors',
		nodes: layout([hook, ...nodes, merge, respond]),
		connections: fanOut(hook.name, nodes, merge, respond.name),
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Schedule (every `seconds`) -> Claim batch -> the four vendor nodes -> Merge -> Ack batch.
 * trigger 'webhook': a Webhook (POST /webhook/customer-sync-batch, answered at once) instead of the
 * schedule, so that a benchmark can enqueue exactly one execution per batch, all at once.
 */
function syncWorkflow(sourceUrl, { id = 'qCustomerSync', seconds = 2, trigger = 'schedule' } = {}) {
	const { nodes, merge } = vendorNodes('$json.');
	const schedule =
		trigger === 'webhook'
			? {
					name: 'Batch webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					webhookId: uuid(),
					parameters: { httpMethod: 'POST', path: SYNC_WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
				}
			: {
					name: 'Every few seconds',
					type: 'n8n-nodes-base.scheduleTrigger',
					typeVersion: 1.2,
					parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } },
				};
	const claim = {
		name: 'Claim batch',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		// the reply is a JSON array: one item per customer (none when nothing is pending)
		parameters: { url: `=${sourceUrl}/claim?execution={{ $execution.id }}`, options: {} },
	};
	const ack = {
		name: 'Ack batch',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		executeOnce: true,
		parameters: { method: 'POST', url: `=${sourceUrl}/ack?claim={{ $('Claim batch').first().json.claim }}&results={{ $input.all().length }}`, options: {} },
	};
	return {
		id,
		name: 'Queue: scheduled sync of pending customers',
		nodes: layout([schedule, claim, ...nodes, merge, ack]),
		connections: { [schedule.name]: { main: [[{ node: claim.name, type: 'main', index: 0 }]] }, ...fanOut(claim.name, nodes, merge, ack.name) },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Skip Unchanged in queue mode: Webhook (POST /webhook/customer-sync-skip, answered with every
 * item of the last node once the execution is done) -> Code (one item per customer of the body's
 * `customers`) -> the four vendor nodes, Options -> Skip Unchanged -> Merge. Two calls with the
 * same list are two executions, on whichever workers take them; n8n's deduplication store
 * (Postgres) is what they share.
 */
const SKIP_WEBHOOK_PATH = 'customer-sync-skip';
function skipUnchangedWorkflow(id = 'qSkipUnchanged') {
	const { nodes, merge } = vendorNodes('$json.');
	for (const node of nodes) node.parameters.options = { ...node.parameters.options, skipUnchanged: true };
	const hook = {
		name: 'Customer list',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: uuid(),
		parameters: { httpMethod: 'POST', path: SKIP_WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	};
	const split = {
		name: 'One item per customer',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode: 'return $input.first().json.body.customers.map((customer) => ({ json: customer }));' },
	};
	return {
		id,
		name: 'Queue: the same customer list, Skip Unchanged',
		nodes: layout([hook, split, ...nodes, merge]),
		connections: {
			[hook.name]: { main: [[{ node: split.name, type: 'main', index: 0 }]] },
			[split.name]: { main: [nodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))] },
			...Object.fromEntries(nodes.map((n, i) => [n.name, { main: [[{ node: merge.name, type: 'main', index: i }]] }])),
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The system a scheduled sync pulls from, on 127.0.0.1: GET /claim hands out the oldest batch
 * that is neither acknowledged nor leased (lease: leaseMs), POST /ack?claim= acknowledges it.
 * load(customers, batchSize) replaces the pending work.
 */
async function startSource({ leaseMs = 120000 } = {}) {
	const src = { batches: [], claims: [], leaseMs, requests: 0 };
	let nextClaim = 1;
	src.load = (customers, batchSize) => {
		src.batches = [];
		for (let i = 0; i < customers.length; i += batchSize) {
			src.batches.push({ index: src.batches.length, customers: customers.slice(i, i + batchSize), leasedUntil: 0, ackedBy: null });
		}
		src.claims = [];
	};
	src.done = () => src.batches.length > 0 && src.batches.every((b) => b.ackedBy !== null);
	src.acked = () => src.batches.filter((b) => b.ackedBy !== null).length;
	src.claimOf = (id) => src.claims.find((c) => c.claim === id);
	/** Hands a claimed, unacknowledged batch out again at the next claim (a re-run). */
	src.release = (id) => {
		const c = src.claimOf(id);
		const b = c && src.batches[c.batch];
		if (b && b.ackedBy === null) b.leasedUntil = 0;
	};
	const server = http.createServer((req, res) => {
		src.requests += 1;
		const u = new URL(req.url, 'http://127.0.0.1');
		const reply = (status, body) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		req.resume();
		req.on('end', () => {
			if (req.method === 'GET' && u.pathname === '/claim') {
				const now = Date.now();
				const b = src.batches.find((x) => x.ackedBy === null && x.leasedUntil <= now);
				if (!b) return reply(200, []);
				const claim = `c${nextClaim++}`;
				b.leasedUntil = now + src.leaseMs;
				src.claims.push({ claim, batch: b.index, execution: u.searchParams.get('execution'), at: now, ackedAt: null });
				return reply(
					200,
					b.customers.map((c) => ({ ...c, notes: `claim ${claim}`, claim, batch: b.index })),
				);
			}
			if (req.method === 'POST' && u.pathname === '/ack') {
				const c = src.claimOf(u.searchParams.get('claim'));
				if (!c) return reply(404, { error: 'unknown claim' });
				c.ackedAt = Date.now();
				c.results = Number(u.searchParams.get('results'));
				const b = src.batches[c.batch];
				if (b.ackedBy === null) b.ackedBy = c.claim;
				return reply(200, { ok: true });
			}
			return reply(404, { error: 'not found' });
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	src.url = `http://127.0.0.1:${server.address().port}`;
	src.close = () => new Promise((resolve) => server.close(() => resolve()));
	return src;
}

/**
 * The write requests the vendors handled (not faulted, 2xx), one per customer write:
 * [{ vendor, key, marker, status }]. key = the customer's id (Client Toolbox: its code).
 */
function vendorWrites(requests) {
	const out = [];
	for (const r of requests) {
		if (r.fault || !r.status || r.status >= 300) continue;
		let key = null;
		let marker = null;
		if (r.vendor === 'hyfin' && r.method === 'POST' && r.path.includes('/customer/addUpdate')) {
			key = r.json && r.json.external_id;
			marker = r.json && r.json.notes;
		} else if (r.vendor === 'riverty' && r.method === 'PUT' && r.path.startsWith(`/customer/v1/clients/${RIVERTY_CLIENT_ID}/customers/`)) {
			key = decodeURIComponent(r.path.split('/').pop().split('?')[0]);
			marker = r.json && r.json.address && r.json.address.addressLine2;
		} else if (r.vendor === 'valomnia' && r.method === 'POST' && r.path.includes('/customers/reference/')) {
			key = decodeURIComponent(r.path.split('/').pop().split('?')[0]);
			marker = r.form && r.form.comment;
		} else if (r.vendor === 'clienttoolbox' && r.method === 'POST' && r.form && r.form.type === 'record_customer') {
			key = r.form.code;
			marker = r.form.custom_field;
		}
		if (key) out.push({ vendor: r.vendor, key, marker, status: r.status });
	}
	return out;
}

/** The sandbox's stored customers of one vendor whose key starts with prefix (Client Toolbox: by code). */
function storedKeys(state, vendor, customers) {
	const want = new Set(customers.map((c) => (vendor === 'clienttoolbox' ? c.code : c.id)));
	const keys = {
		hyfin: () => [...state.hyfin.customers.values()].map((r) => r.external_id),
		riverty: () => [...state.riverty.customers.keys()].map((k) => k.slice(k.indexOf(':') + 1)),
		valomnia: () => [...state.valomnia.customers.keys()],
		clienttoolbox: () => [...state.clienttoolbox.customers.keys()],
	}[vendor]();
	return keys.filter((k) => want.has(k));
}

/** Riverty tokens issued and Valomnia logins so far (the sandbox counts them). */
function authCounts(state) {
	return {
		rivertyTokens: state.riverty.issued.length,
		rivertyUnauthorized: state.riverty.stats.unauthorized,
		valomniaLogins: state.valomnia.stats.logins,
		valomniaUnauthorized: state.valomnia.stats.unauthorized,
	};
}

module.exports = {
	VENDORS,
	CREDENTIAL_TYPES,
	NODE_OF,
	WEBHOOK_PATH,
	SYNC_WEBHOOK_PATH,
	SKIP_WEBHOOK_PATH,
	makeCustomers,
	skipUnchangedWorkflow,
	webhookWorkflow,
	syncWorkflow,
	startSource,
	vendorWrites,
	storedKeys,
	authCounts,
};
