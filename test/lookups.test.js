'use strict';
/**
 * The look-up contract every vendor keeps (Get, and Search / Get Many where the vendor has one),
 * from the profiles' `lookups` (test/vendors/<vendor>.js), through n8n's engine against the
 * sandbox: what an upsert stored reads back in the one normalized shape, an unknown key follows
 * On Not Found, bad keys fail before any request, Validate Only sends nothing, Limit and Return
 * All bound the records, no secret reaches the output. Vendor details: test/<vendor>.lookups.test.js.
 */
const { useSandbox } = require('./helpers/sandbox');
const { VENDORS } = require('./vendors');
const { runVendor } = require('./helpers/run');
const { findLeaks } = require('./helpers/secrets');

const LOOKUP_KEYS = ['vendor', 'resource', 'operation', 'success', 'found', 'id', 'key', 'record'].sort();

const sb = useSandbox({ reset: false });

/** Three customers upserted with keys LK-0..2 and first names "LK first 0..2"; their normalized results. */
async function upsertThree(vendor) {
	const items = [0, 1, 2].map((i) => ({ ...vendor.item(i, 'LK'), first: `LK first ${i}` }));
	const upserted = await runVendor(vendor, sb, { parameters: vendor.params({}), items });
	expect(upserted.error).toBeUndefined();
	return upserted.items.map((item) => item.json);
}

const vendorRequests = (vendor) => sb.requests.filter((r) => r.vendor === vendor.id);

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s look-ups', (_name, vendor) => {
	const { get, search } = vendor.lookups;

	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});

	test('Get: every upserted record reads back in the normalized shape; an unknown key gives found: false', async () => {
		const upserted = await upsertThree(vendor);
		const items = [...upserted.map((u) => ({ lookup: get.lookupOf(u) })), { lookup: get.unknown }];
		const got = await runVendor(vendor, sb, { parameters: get.params(), items });
		expect(got.error).toBeUndefined();
		expect(got.items).toHaveLength(4);
		got.items.forEach((item, index) => {
			expect(Object.keys(item.json).sort()).toEqual(LOOKUP_KEYS);
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ vendor: vendor.id, resource: 'customer', operation: 'get', success: true });
		});
		for (const [index, u] of upserted.entries()) {
			const { json } = got.items[index];
			expect(json.found).toBe(true);
			expect(String(json.id)).toBe(String(u.id));
			expect(json.key).toBe(String(get.lookupOf(u)));
			expect(json.record).toEqual(expect.any(Object));
			// the record holds what was stored: the item's first name somewhere in it
			expect(JSON.stringify(json.record)).toContain(`LK first ${index}`);
		}
		expect(got.items[3].json).toMatchObject({ found: false, id: null, key: get.unknown, record: null });
		expect(findLeaks(got.items, vendor.secrets(sb))).toEqual([]);
	});

	test('Get with On Not Found = Fail: the unknown key fails its item, the others are output', async () => {
		const upserted = await upsertThree(vendor);
		const items = [{ lookup: get.lookupOf(upserted[0]) }, { lookup: get.unknown }];
		const got = await runVendor(vendor, sb, { parameters: { ...get.params(), onNotFound: 'fail' }, items, continueOnFail: true });
		expect(got.items.map((i) => i.json.success)).toEqual([true, false]);
		expect(got.items[1].json).toMatchObject({ operation: 'get', found: null, key: get.unknown });
		expect(got.items[1].json.error).toContain(`${vendor.vendorName}: no customer`);
		const stopped = await runVendor(vendor, sb, { parameters: { ...get.params(), onNotFound: 'fail' }, items: [{ lookup: get.unknown }] });
		expect(stopped.error.message).toContain(get.unknown);
	});

	test('Get: an empty key fails its item before any request, naming the field; N items in, N out', async () => {
		const got = await runVendor(vendor, sb, {
			parameters: get.params(),
			items: [{ lookup: '' }, { lookup: '   ' }, { lookup: { not: 'text' } }],
			continueOnFail: true,
		});
		expect(got.items).toHaveLength(3);
		for (const item of got.items) {
			expect(item.json.success).toBe(false);
			expect(item.json.error).toContain(`(${get.field})`);
		}
		expect(vendorRequests(vendor).filter(get.isRequest)).toHaveLength(0);
	});

	test('Get with Validate Only: the request is shown, nothing is sent', async () => {
		const got = await runVendor(vendor, sb, { parameters: get.params({ validateOnly: true }), items: [{ lookup: 'K-VALID' }] });
		expect(got.items[0].json).toMatchObject({ valid: true, errors: [] });
		expect(got.items[0].json.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
		expect(vendorRequests(vendor)).toHaveLength(0);
		expect(findLeaks(got.items, vendor.secrets(sb))).toEqual([]);
	});

	// Hyfin documents no search or list call: its profile has none, and no test stands for it
	if (!search) return;

	test('Search: Limit and Return All bound the records; each record is an item paired with its input', async () => {
		await upsertThree(vendor);
		const limited = await runVendor(vendor, sb, { parameters: search.params('LK', { returnAll: false, limit: 2 }), items: [{}] });
		expect(limited.error).toBeUndefined();
		expect(limited.items).toHaveLength(2);
		const all = await runVendor(vendor, sb, { parameters: search.params('LK', { returnAll: true }), items: [{}, {}] });
		expect(all.items).toHaveLength(6);
		expect(all.items.map((i) => i.pairedItem.item)).toEqual([0, 0, 0, 1, 1, 1]);
		for (const item of all.items) {
			expect(Object.keys(item.json).sort()).toEqual(LOOKUP_KEYS);
			expect(item.json).toMatchObject({ vendor: vendor.id, resource: 'customer', operation: 'search', success: true, found: true });
			expect(item.json.record).toEqual(expect.any(Object));
		}
		expect(new Set(all.items.slice(0, 3).map((i) => String(i.json.id))).size).toBe(3);
		expect(findLeaks([...limited.items, ...all.items], vendor.secrets(sb))).toEqual([]);
	});

	test('Search: no match gives no item; a bad Limit fails before any request; Validate Only sends nothing', async () => {
		await upsertThree(vendor);
		const none = await runVendor(vendor, sb, { parameters: search.params('ZZNOMATCH', { returnAll: true }), items: [{}] });
		expect(none.error).toBeUndefined();
		expect(none.items).toHaveLength(0);
		const before = vendorRequests(vendor).filter(search.isRequest).length;
		const bad = await runVendor(vendor, sb, {
			parameters: search.params('LK', { returnAll: false, limit: 0 }),
			items: [{}],
			continueOnFail: true,
		});
		expect(bad.items[0].json).toMatchObject({ success: false, operation: 'search' });
		expect(bad.items[0].json.error).toContain('Limit (limit)');
		const checked = await runVendor(vendor, sb, { parameters: search.params('LK', { returnAll: true }, { validateOnly: true }), items: [{}] });
		expect(checked.items[0].json).toMatchObject({ valid: true, errors: [] });
		expect(vendorRequests(vendor).filter(search.isRequest)).toHaveLength(before);
	});
});
