'use strict';
/**
 * The node setting "On Error": what each of the four nodes gives with
 *   - "Continue (using error output)" (onError 'continueErrorOutput'): the node gets a second
 *     output; n8n-core (WorkflowExecute.handleNodeErrorOutput) moves every item that carries
 *     `error` there, and then sets the json of such items to { error: <message> }. The
 *     successes stay on output 0.
 *   - "Continue (regular output)" (onError 'continueRegularOutput'): one output, N items in and
 *     N out, each failure in place as the normalized failure (success: false, error, ...).
 * Each vendor gets four items: a success, one its sandbox refuses (HTTP error), one that fails
 * the node's own checks before any request, and another success.
 */
const { VENDORS } = require('./vendors');
const { runVendor } = require('./helpers/run');
const { useSandbox } = require('./helpers/sandbox');

const sb = useSandbox({ reset: false });

/**
 * Per vendor (the profile's errorOutput): the parameters and the four items; `refused` is the item
 * the vendor refuses (its message and HTTP status), `invalid` the one the node stops before
 * sending (its message).
 */
const CASES = VENDORS.map((profile) => ({ vendor: profile.id, profile, ...profile.errorOutput }));

describe.each(CASES)('$vendor node', (v) => {
	beforeEach(() => {
		sb.reset();
		v.profile.configure(sb);
		v.configure?.(sb);
	});

	const run = (args) => runVendor(v.profile, sb, { parameters: v.parameters, items: v.items, ...args });

	test('On Error "Continue (using error output)": successes on the first output, failures on the error output', async () => {
		const result = await run({ onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		const [success, failure] = result.outputs;

		expect(success.map((i) => [i.json.key, i.json.success, i.json.action, i.pairedItem])).toEqual([
			[v.items[0].key, true, expect.any(String), { item: 0 }],
			[v.items[3].key, true, expect.any(String), { item: 3 }],
		]);
		expect(success.every((i) => i.error === undefined)).toBe(true);

		expect(failure.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		const [refused, invalid] = failure;
		// n8n keeps the item's `error` (the NodeApiError) and replaces its json by { error: message }
		// (WorkflowExecute's normalization of error items, after handleNodeErrorOutput)
		expect(refused.json).toEqual({ error: expect.stringMatching(v.refused.message) });
		expect(refused.error.name).toBe('NodeApiError');
		expect(refused.error.message).toBe(refused.json.error);
		expect(String(refused.error.httpCode)).toBe(v.refused.httpCode);
		expect(refused.error.context.itemIndex).toBe(1);
		// the item the node refused before sending: a NodeOperationError naming the field
		expect(invalid.json).toEqual({ error: expect.stringMatching(v.invalid) });
		expect(invalid.error.name).toBe('NodeOperationError');
		expect(invalid.error.message).toBe(invalid.json.error);
		expect(invalid.error.context.itemIndex).toBe(2);

		// what the vendor holds: the two successes only
		expect(v.profile.recordKeys(sb).sort()).toEqual([v.items[0].key, v.items[3].key].sort());
	});

	test('On Error "Continue (regular output)": one output, N items out, failures in place as success:false', async () => {
		const result = await run({ continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(1);
		expect(result.items.map((i) => [i.json.success, i.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
			[false, { item: 2 }],
			[true, { item: 3 }],
		]);
		expect(result.items[1].json).toMatchObject({ vendor: v.vendor, httpCode: v.refused.httpCode });
		expect(result.items[1].json.error).toMatch(v.refused.message);
		expect(result.items[2].json.error).toMatch(v.invalid);
		expect(result.items[2].json).toMatchObject({ vendor: v.vendor, success: false, action: null, key: null });
		expect(result.items.every((i) => i.error === undefined)).toBe(true);
	});

	test('On Error "Stop Workflow": the first failing item stops the node with its error', async () => {
		const result = await run({});
		expect(result.items).toEqual([]);
		expect(result.error.message).toMatch(v.refused.message);
		expect(result.error.context.itemIndex).toBe(1);
	});
});
