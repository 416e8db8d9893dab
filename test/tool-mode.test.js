'use strict';
/**
 * The four nodes as AI agent tools (nodes/shared/tool.ts), through n8n's engine: n8n runs a
 * node attached to an AI Agent under the generated type `<package>.<node>Tool`, one item per
 * tool call, and hands the model JSON.stringify of the output items' json. Here the node runs
 * under such a type name. What the model gets:
 *   - a failure: `{ success: false, error, field?, retryable }`, never a thrown error, no item
 *     numbers, no secrets;
 *   - a success: a compact answer (Output → Simplified unless set), no `raw`;
 *   - a Search / Get Many: one answer `{ success, count, records }`, 10 records unless Limit is
 *     set, the whole answer within TOOL_ANSWER_MAX_CHARS.
 * The real n8n with a scripted model: test/ai (npm run test:ai).
 */
const { VENDORS } = require('./vendors');
const { runVendor } = require('./helpers/run');
const { useSandbox } = require('./helpers/sandbox');
const { findLeaks } = require('./helpers/secrets');
const { AUTO_MAP_TOOL_NOTE, TOOL_ANSWER_MAX_CHARS, TOOL_DEFAULT_LIMIT, boundedAnswer, answerLength, simplifiedRecord, runsAsTool } = require('../dist/nodes/shared/tool');

const sb = useSandbox({ reset: false });

const toolType = (vendor) => `CUSTOM.${new vendor.Node().description.name}Tool`;

/** What the model receives from one tool call (n8n-core's makeHandleToolInvocation). */
const sentToModel = (result) => JSON.stringify(result.items.map((i) => i.json));

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s as an AI agent tool', (_name, vendor) => {
	const cases = vendor.errorOutput;

	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
		cases.configure?.(sb);
	});

	const call = (item, args = {}) =>
		runVendor(vendor, sb, { parameters: cases.parameters, items: [item], nodeTypeName: toolType(vendor), ...args });

	test('a success answers compactly: success, action, id and key; no raw reply, no envelope', async () => {
		const result = await call(cases.items[0]);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const { json } = result.items[0];
		expect(json).toMatchObject({ success: true, action: expect.stringMatching(/^(added|updated|upserted)$/), key: cases.items[0].key });
		expect(json).not.toHaveProperty('raw');
		expect(json).not.toHaveProperty('vendor');
		expect(sentToModel(result).length).toBeLessThanOrEqual(TOOL_ANSWER_MAX_CHARS);
		expect(findLeaks(result.items, vendor.secrets(sb))).toEqual([]);
	});

	test("a vendor refusal is the model's answer with the vendor's reason, not a failed run", async () => {
		const result = await call(cases.items[1]);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const { json } = result.items[0];
		expect(Object.keys(json).sort()).toEqual(['error', 'retryable', 'success']);
		expect(json).toMatchObject({ success: false, retryable: false });
		expect(json.error).toMatch(cases.refused.message);
		expect(json.error).not.toMatch(/\bitem \d/i);
		expect(findLeaks(result.items, vendor.secrets(sb))).toEqual([]);
	});

	test('a bad value is answered with the field and the reason, nothing sent, no item number', async () => {
		const before = sb.requests.filter(vendor.isUpsert).length;
		const result = await call(cases.items[2]);
		expect(result.error).toBeUndefined();
		const { json } = result.items[0];
		expect(json).toEqual({ success: false, error: expect.stringMatching(cases.invalid), field: expect.any(String), retryable: false });
		expect(json.error).not.toMatch(/\bitem \d/i);
		expect(json.error).toContain(`(${json.field})`);
		expect(sb.requests.filter(vendor.isUpsert).length).toBe(before);
	});

	test('several items: one answer each, a failure does not stop the others', async () => {
		const result = await call(undefined, { items: cases.items });
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.success, i.pairedItem.item])).toEqual([
			[true, 0],
			[false, 1],
			[false, 2],
			[true, 3],
		]);
	});

	test('the same node outside an agent still fails the run (regular workflows unchanged)', async () => {
		const result = await runVendor(vendor, sb, { parameters: cases.parameters, items: [cases.items[1]] });
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(cases.refused.message);
	});

	test('a Get with On Not Found = Fail: the answer says nothing was found, without the workflow-builder hint', async () => {
		const { get } = vendor.lookups;
		const result = await runVendor(vendor, sb, {
			parameters: { ...get.params(), onNotFound: 'fail' },
			items: [{ lookup: get.unknown }],
			nodeTypeName: toolType(vendor),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ success: false, error: expect.stringContaining(`${vendor.vendorName}: no customer`), retryable: false });
		expect(result.items[0].json.error).not.toContain('On Not Found');
		const found = await runVendor(vendor, sb, { parameters: get.params(), items: [{ lookup: get.unknown }], nodeTypeName: toolType(vendor) });
		expect(found.items[0].json).toMatchObject({ success: true, found: false, note: 'No record has this key.' });
	});

	const { search } = vendor.lookups;
	if (!search) return;

	test(`Search: ${TOOL_DEFAULT_LIMIT} records unless Limit is set, in one answer within ${TOOL_ANSWER_MAX_CHARS} characters`, async () => {
		const items = Array.from({ length: 14 }, (_, i) => ({ ...vendor.item(i, 'TL'), first: `TL first ${i}` }));
		const upserted = await runVendor(vendor, sb, { parameters: vendor.params({}), items });
		expect(upserted.error).toBeUndefined();
		const params = search.params('TL', {});
		delete params.limit;
		const result = await runVendor(vendor, sb, { parameters: params, items: [{}], nodeTypeName: toolType(vendor) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const { json } = result.items[0];
		expect(json).toMatchObject({ success: true, count: TOOL_DEFAULT_LIMIT });
		expect(json.records).toHaveLength(TOOL_DEFAULT_LIMIT);
		expect(sentToModel(result)).not.toContain('_links');
		expect(sentToModel(result).length).toBeLessThanOrEqual(TOOL_ANSWER_MAX_CHARS);
		// a Limit the user set is kept
		const twelve = await runVendor(vendor, sb, { parameters: search.params('TL', { returnAll: false, limit: 12 }), items: [{}], nodeTypeName: toolType(vendor) });
		expect(twelve.items[0].json.count).toBe(12);
		// and in a regular workflow the default stays 50 (all 14 here), one item per record
		const regular = await runVendor(vendor, sb, { parameters: params, items: [{}] });
		expect(regular.items).toHaveLength(14);
		expect(findLeaks(result.items, vendor.secrets(sb))).toEqual([]);
	});
});

describe('an option the model left out', () => {
	const vendor = VENDORS.find((v) => v.id === 'hyfin');
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});
	const params = { ...vendor.params({}), additionalFields: { email: '={{ $json.email }}', notes: '={{ $json.notes }}' } };
	const sentBodies = () => sb.requests.filter(vendor.isUpsert).map((r) => r.json);

	test('as a tool, an empty option ($fromAI default "") is not sent: the stored value stays', async () => {
		const item = { ...vendor.item(0, 'EO'), email: 'ada@example.com', notes: 'first' };
		await runVendor(vendor, sb, { parameters: params, items: [item], nodeTypeName: toolType(vendor) });
		const again = await runVendor(vendor, sb, { parameters: params, items: [{ ...item, email: '', notes: 'second' }], nodeTypeName: toolType(vendor) });
		expect(again.items[0].json).toMatchObject({ success: true, action: 'updated' });
		const [first, second] = sentBodies();
		expect(first).toMatchObject({ email: 'ada@example.com', notes: 'first' });
		expect(second).not.toHaveProperty('email');
		expect(second.notes).toBe('second');
	});

	test('in a regular workflow an empty option is sent as before', async () => {
		await runVendor(vendor, sb, { parameters: params, items: [{ ...vendor.item(1, 'EO'), email: '', notes: 'x' }] });
		expect(sentBodies()[0]).toMatchObject({ email: '', notes: 'x' });
	});
});

describe('version 2 as a tool: Map Automatically has nothing the model can set', () => {
	const vendor = VENDORS.find((v) => v.id === 'hyfin');
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});
	const v2 = (extra) => ({ resource: 'customer', operation: 'upsert', options: { maxTries: 1 }, ...extra });
	const call = (parameters, items) => runVendor(vendor, sb, { parameters, items, nodeTypeName: toolType(vendor), typeVersion: 2 });

	test("Map Automatically is refused as a tool, whatever item n8n runs it with (AI Agent 2.x: {}; 3: the agent's chat item with unoffered arguments): the answer says what to change", async () => {
		for (const item of [{}, { sessionId: 's', action: 'sendMessage', chatInput: 'Add Ada', toolCallId: 'call_1' }]) {
			const result = await call(v2({ inputMode: 'auto' }), [item]);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({
				success: false,
				error: expect.stringMatching(/^Input Mode \(inputMode\) is Map Automatically, which gives an AI agent no fields to fill: .*Map Each Field.*Nothing was sent\.$/),
				field: 'inputMode',
				retryable: false,
				note: AUTO_MAP_TOOL_NOTE,
			});
		}
		// even an item that holds a whole record (AI Agent 3 merges the agent's input item and the
		// model's unoffered arguments): nothing is sent
		const full = await call(v2({ inputMode: 'auto' }), [{ external_id: 'A-1', first_name: 'Ada', last_name: 'L', chatInput: 'x' }]);
		expect(full.items[0].json).toMatchObject({ success: false, field: 'inputMode', note: AUTO_MAP_TOOL_NOTE });
		expect(AUTO_MAP_TOOL_NOTE).toMatch(/Map Each Field/);
		expect(sb.requests.filter(vendor.isUpsert)).toHaveLength(0);
	});

	test('Map Each Field: a bad value is answered without the note; a record that maps is sent', async () => {
		const mapping = (value) => ({ inputMode: 'map', mapping: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] } });
		const bad = await call(v2(mapping({ external_id: 'T2-1', first_name: '', last_name: 'Lee' })), [{}]);
		expect(bad.items[0].json).toEqual({ success: false, error: expect.stringContaining('First Name (first_name) is required'), field: 'first_name', retryable: false });
		const good = await call(v2(mapping({ external_id: 'T2-1', first_name: 'Ann', last_name: 'Lee' })), [{}]);
		expect(good.items[0].json).toMatchObject({ success: true, action: 'added', key: 'T2-1' });
	});

	test('outside an agent, Map Automatically fails the run as before (no tool answer)', async () => {
		const result = await runVendor(vendor, sb, { parameters: v2({ inputMode: 'auto' }), items: [{}], typeVersion: 2 });
		expect(result.error?.message).toMatch(/External ID \(external_id\) is required/);
	});
});

describe('Output → Simplified in a regular workflow', () => {
	const vendor = VENDORS.find((v) => v.id === 'hyfin');
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});

	test('chosen by the user: no envelope, no raw; without it the normalized result is unchanged', async () => {
		const simple = await runVendor(vendor, sb, { parameters: vendor.params({ output: 'simplified' }), items: [vendor.item(0, 'SO')] });
		expect(Object.keys(simple.items[0].json).sort()).toEqual(['action', 'id', 'key', 'success']);
		const normal = await runVendor(vendor, sb, { parameters: vendor.params({}), items: [vendor.item(1, 'SO')] });
		expect(Object.keys(normal.items[0].json)).toEqual(expect.arrayContaining(['vendor', 'resource', 'operation', 'raw']));
	});
});

describe('the tool-mode signal (runsAsTool)', () => {
	const ctx = (node, isToolExecution) => ({ getNode: () => node, ...(isToolExecution ? { isToolExecution } : {}) });
	test("a type ending in Tool (both lines), AI Agent 3's ai_tool mark, or 2.x's isToolExecution()", () => {
		expect(runsAsTool(ctx({ type: 'n8n-nodes-customer-sync.hyfinTool' }))).toBe(true);
		expect(runsAsTool(ctx({ type: 'n8n-nodes-customer-sync.hyfin', rewireOutputLogTo: 'ai_tool' }))).toBe(true);
		expect(runsAsTool(ctx({ type: 'n8n-nodes-customer-sync.hyfin' }, () => true))).toBe(true);
	});
	test('a regular node is not a tool', () => {
		expect(runsAsTool(ctx({ type: 'n8n-nodes-customer-sync.hyfin' }))).toBe(false);
		expect(runsAsTool(ctx({ type: 'n8n-nodes-customer-sync.hyfin' }, () => false))).toBe(false);
	});
});

describe('the answer bound', () => {
	test('a list loses records from its end, with a note saying how many were left out', () => {
		const records = Array.from({ length: 40 }, (_, i) => ({ id: i, text: 'x'.repeat(400) }));
		const answer = boundedAnswer({ success: true, count: 40, records });
		expect(answerLength(answer)).toBeLessThanOrEqual(TOOL_ANSWER_MAX_CHARS);
		expect(answer.truncated).toBe(true);
		expect(answer.count).toBe(40);
		expect(answer.records.length).toBeGreaterThan(5);
		expect(answer.records.length).toBeLessThan(40);
		expect(answer.note).toContain(`Only the first ${answer.records.length} of 40 records`);
	});

	test('one large value is cut as JSON text, with a note; a small answer is untouched', () => {
		const big = boundedAnswer({ success: true, action: 'added', raw: { blob: '"quoted"\n'.repeat(3000) } });
		expect(answerLength(big)).toBeLessThanOrEqual(TOOL_ANSWER_MAX_CHARS);
		expect(big).toMatchObject({ success: true, action: 'added', truncated: true });
		expect(big.note).toContain('"raw" was cut');
		const small = { success: true, action: 'updated', id: 'a', key: 'b' };
		expect(boundedAnswer(small)).toBe(small);
	});

	test('Simplified drops links and empty values at any depth, keeps false and 0', () => {
		expect(
			simplifiedRecord({ _links: { self: { href: 'http://x' } }, a: 1, b: null, c: '', d: [], e: { links: [1], f: false, g: 0 }, h: [{}, 'x'] }),
		).toEqual({ a: 1, e: { f: false, g: 0 }, h: ['x'] });
	});
});

describe('what an agent reads about each node', () => {
	const operationsOf = (description) => description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options);
	/** Each version's description (the nodes are versioned: version 1 for saved workflows, 2 for new ones). */
	const descriptionsOf = (vendor) => {
		const node = new vendor.Node();
		return node.nodeVersions ? Object.values(node.nodeVersions).map((version) => version.description) : [node.description];
	};

	test.each(VENDORS.map((v) => [v.vendorName, v]))('%s: every action names its key; version 1 also says whether repeating Create or Update is safe', (_name, vendor) => {
		expect(descriptionsOf(vendor)).toHaveLength(2);
		for (const description of descriptionsOf(vendor)) {
			const options = operationsOf(description);
			expect(options.length).toBeGreaterThan(1);
			for (const option of options) {
				expect(option.action).toMatch(/^(Create or update a \w+|Get a \w+|Search \w+|Get many \w+) by \S/);
				if (option.value === 'upsert' && description.version === 1) expect(option.action).toMatch(/; safe to repeat/);
			}
		}
	});

	/**
	 * n8n names a node added from the actions list after the action (n8n-workflow's makeNodeName,
	 * used by the editor on both lines; seen in the real editor), a tool node "<action> in <tool
	 * default name>", and the tool's name for the model is that name with every other character made
	 * "_" (nodeNameToToolName): whole on n8n 1.x, cut at 64 characters mid-word on 2.x. OpenAI and
	 * Anthropic refuse a tool name longer than 64 characters (^[a-zA-Z0-9_-]{1,64}$): on 1.x the
	 * whole agent call fails (test:ai shows both). Version 1's actions (about 150 characters) made
	 * such names; version 2's must not, even with the number n8n adds to a second node of the same name.
	 */
	test.each(VENDORS.map((v) => [v.vendorName, v]))('%s: version 2 names from the actions fit a model\'s 64-character tool name, as n8n makes them', (_name, vendor) => {
		const { makeNodeName, makeDescription } = require('n8n-workflow').NodeHelpers;
		const { nodeNameToToolName } = require('n8n-workflow');
		const [v1, v2] = descriptionsOf(vendor);
		// the tool node type as n8n generates it (n8n's tool-generation/ai-tools.js: replacements spread over a copy, outputs ai_tool)
		const asTool = (d) => ({ ...d, ...(d.usableAsTool === true ? {} : d.usableAsTool.replacements), name: `${d.name}Tool`, inputs: [], outputs: ['ai_tool'] });
		for (const option of operationsOf(v2)) {
			const resource = v2.properties.find((p) => p.name === 'operation' && p.options.includes(option)).displayOptions.show.resource[0];
			const parameters = { resource, operation: option.value };
			expect(makeNodeName(parameters, v2)).toBe(option.action);
			const toolNode = makeNodeName(parameters, asTool(v2));
			expect(toolNode).toBe(`${option.action} in ${asTool(v2).defaults.name}`);
			expect(makeDescription(parameters, asTool(v2))).toBe(toolNode);
			for (const suffix of ['', '1', '12']) expect(nodeNameToToolName(toolNode + suffix)).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
		}
		// version 1 keeps its own actions (saved workflows: the tool's description comes from them); they were too long
		expect(operationsOf(v1).some((option) => nodeNameToToolName(option.action).length > 64)).toBe(true);
	});

	test('the default name of each node as a tool is short and becomes a clean tool name', () => {
		for (const version of [0, 1]) {
			const names = VENDORS.map((vendor) => {
				const description = descriptionsOf(vendor)[version];
				return description.usableAsTool === true ? description.defaults.name : description.usableAsTool.replacements.defaults.name;
			});
			expect(names).toEqual(['Hyfin', 'Riverty', 'Valomnia', 'Client Toolbox']);
		}
	});
});
