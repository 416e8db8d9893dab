'use strict';
/**
 * Version 2 of the four nodes (typeVersion: 2): the upsert's Input Mode.
 *  - Map Automatically: the item's JSON is the record, by the vendor's field names (nested or
 *    dotted); other keys are never sent and are listed in ignoredFields (or fail the item with
 *    Options → Unknown Item Fields: Fail the Item); a value of the wrong type fails the item
 *    before any request, naming the field's label and wire name.
 *  - Map Each Field: n8n's field mapper (a resourceMapper value): the same record, the same body.
 *  - JSON Body: as in version 1.
 * Options → Empty Values: Leave Out (default) / Send Empty; absent fields are never sent; Validate
 * Only lists what was left out and why. The records here are written from docs/vendors/*.md.
 */
const { byId } = require('./vendors');
const { runVendor } = require('./helpers/run');
const { useSandbox } = require('./helpers/sandbox');
const { deduplicationStore } = require('./harness');

const sb = useSandbox({ reset: false });
const FAST = { concurrency: 1, maxTries: 1 };

/** The upsert's parameters in version 2. */
const upsert = (inputMode, options = {}, extra = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode,
	...extra,
	options: { ...FAST, ...options },
});
/** Map Each Field: the mapper's value as n8n stores it. */
const mapped = (value, options = {}, extra = {}) =>
	upsert('map', options, { ...extra, mapping: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] } });

/** The body a vendor received: JSON, or the form less what the credential adds. */
function wireOf(vendor, req) {
	if (req.json !== undefined) return req.json;
	const form = { ...req.form };
	for (const field of [...(vendor.credentialFormFields ?? []), 'type', 'customer_action']) delete form[field];
	return form;
}

/**
 * Per vendor: a record as the docs name its fields (`record`, with `key`), the body it must become
 * on the wire (`wire`), a text field for the empty-value rule, and values of the wrong type with
 * the label and wire name the error must give.
 */
const CASES = [
	{
		id: 'hyfin',
		record: { external_id: 'H2-1', first_name: 'Ann', last_name: 'Lee', active: true, notification_options: { notify_email: false } },
		wire: { external_id: 'H2-1', first_name: 'Ann', last_name: 'Lee', active: true, notification_options: { notify_email: false } },
		keyOf: (req) => req.json.external_id,
		text: { path: 'notes', label: 'Notes' },
		dotted: { path: 'notification_options.notify_email', label: 'Notify by Email', a: false, b: true },
		required: ['external_id', 'first_name', 'last_name'],
		wrong: [
			['an object where text is documented', 'first_name', { x: 1 }, 'First Name (first_name)'],
			['text where a boolean is documented', 'active', 'yes', 'Active (active)'],
		],
	},
	{
		id: 'riverty',
		record: { customerNumber: 'R2-1', type: 'Person', person: { firstName: 'Tom', lastName: 'Customer' }, address: { addressLine: 'Customer Street 1', countryCode: 'NO' } },
		wire: { type: 'Person', person: { firstName: 'Tom', lastName: 'Customer' }, address: { addressLine: 'Customer Street 1', countryCode: 'NO' } },
		keyOf: (req) => decodeURIComponent(req.rawPath.split('/').pop()),
		key: 'R2-1',
		text: { path: 'email', label: 'Email' },
		dotted: { path: 'address.postalCode', label: 'Postal Code', a: '0002', b: '0003' },
		required: ['customerNumber', 'type', 'address.addressLine'],
		wrong: [
			['an unknown enum value', 'type', 'Robot', 'Type (type)'],
			['an object where text is documented', 'email', { at: 'x' }, 'Email (email)'],
		],
	},
	{
		id: 'valomnia',
		record: { reference: 'V2-1', name: 'Corner Shop', creditLimit: '1500.5', isActive: 'true', paymentTypes: [7, 8] },
		wire: { name: 'Corner Shop', isActive: 'true', creditLimit: '1500.5', paymentTypes: '[{"id":7},{"id":8}]' },
		keyOf: (req) => decodeURIComponent(req.rawPath.split('/').pop()),
		key: 'V2-1',
		text: { path: 'comment', label: 'Comment' },
		required: ['reference', 'name'],
		wrong: [
			['a non-numeric credit limit', 'creditLimit', 'a lot', 'Credit Limit (creditLimit)'],
			['an unknown enum value', 'dueDateConfigType', '3', 'Due Date Type (dueDateConfigType)'],
		],
	},
	{
		id: 'clienttoolbox',
		record: { code: 'C2-1', first_name: 'Ann', email: 'ann@example.com', custom_field_2: 'Gouda' },
		wire: { code: 'C2-1', first_name: 'Ann', email: 'ann@example.com', custom_field_2: 'Gouda' },
		keyOf: (req) => req.form.code,
		text: { path: 'last_name', label: 'Last Name', noEmpty: true },
		// "All optional fields are optional individually, but at least ONE must be passed along."
		required: [],
		wrong: [
			['an object where text is documented', 'first_name', { x: 1 }, 'First Name (first_name)'],
			['text where a number of digits is documented', 'card_number_generate', 'ten', 'Generate Card Number (Digits) (card_number_generate)'],
		],
	},
];

const upserts = (vendor) => sb.requests.filter(vendor.isUpsert);

describe.each(CASES.map((c) => [byId[c.id].vendorName, c]))('%s version 2', (_name, c) => {
	const vendor = byId[c.id];
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});
	const run = (parameters, items, more = {}) => runVendor(vendor, sb, { typeVersion: 2, parameters, items, ...more });

	test('Map Automatically: the item is the record; its other fields are not sent and are listed in ignoredFields', async () => {
		const result = await run(upsert('auto'), [{ ...c.record, typo_column: 'x', row: 7 }]);
		expect(result.error).toBeUndefined();
		const [sent] = upserts(vendor);
		expect(wireOf(vendor, sent)).toEqual(c.wire);
		if (c.key) expect(c.keyOf(sent)).toBe(c.key);
		expect(result.items[0].json.success).toBe(true);
		expect(result.items[0].json.ignoredFields).toEqual(['typo_column', 'row']);
	});

	test('Unknown Item Fields: Fail the Item refuses an item with a field that is not the vendor\'s, before any request', async () => {
		const result = await run(upsert('auto', { unknownFields: 'fail' }), [{ ...c.record, frist_name: 'typo' }]);
		expect(result.error?.message).toMatch(/frist_name/);
		expect(upserts(vendor)).toEqual([]);
	});

	test.each(c.wrong)('a value of the wrong type (%s) fails the item before any request, naming the label and the wire name', async (_what, path, value, named) => {
		const record = { ...c.record, [path]: value };
		const result = await run(upsert('auto'), [record]);
		expect(result.error?.message).toContain(named);
		expect(upserts(vendor)).toEqual([]);
	});

	test('Map Each Field: the mapper\'s values give the same body', async () => {
		const flat = {};
		const walk = (value, prefix) => {
			for (const [k, v] of Object.entries(value)) {
				if (v && typeof v === 'object' && !Array.isArray(v)) walk(v, `${prefix}${k}.`);
				else flat[`${prefix}${k}`] = Array.isArray(v) ? JSON.stringify(v) : v;
			}
		};
		walk(c.record, '');
		const result = await run(mapped(flat), [{ unrelated: true }]);
		expect(result.error).toBeUndefined();
		expect(wireOf(vendor, upserts(vendor)[0])).toEqual(c.wire);
		expect(result.items[0].json.ignoredFields).toEqual([]);
	});

	test('Skip Unchanged in Map Automatically: the same record again is not sent; the skipped item still lists ignoredFields', async () => {
		deduplicationStore.reset();
		const items = [{ ...c.record, row: 1 }];
		const one = await run(upsert('auto', { skipUnchanged: true }), items);
		expect(one.error).toBeUndefined();
		expect(upserts(vendor)).toHaveLength(1);
		const two = await run(upsert('auto', { skipUnchanged: true }), items);
		expect(two.error).toBeUndefined();
		expect(upserts(vendor)).toHaveLength(1);
		expect(two.items[0].json).toMatchObject({ action: 'unchanged', ignoredFields: ['row'] });
	});

	test('JSON Body works as in version 1', async () => {
		const v1 = await runVendor(vendor, sb, { parameters: vendor.jsonMode.params(JSON.stringify(vendor.jsonMode.body), FAST), items: [{}] });
		const v2 = await run({ ...vendor.jsonMode.params(JSON.stringify(vendor.jsonMode.body), FAST), inputMode: 'json' }, [{}]);
		expect(v1.error).toBeUndefined();
		expect(v2.error).toBeUndefined();
		const [first, second] = upserts(vendor);
		expect(wireOf(vendor, second)).toEqual(wireOf(vendor, first));
	});

	test('Empty Values: Leave Out (the default) does not send an empty field, and Validate Only says why; an absent field is never sent', async () => {
		const items = [{ ...c.record, [c.text.path]: '   ' }];
		const check = await run(upsert('auto', { validateOnly: true }), items);
		expect(check.items[0].json.valid).toBe(true);
		expect(check.items[0].json.leftOut).toEqual([{ field: c.text.path, reason: expect.stringMatching(/Leave Out/) }]);
		await run(upsert('auto'), items);
		expect(wireOf(vendor, upserts(vendor)[0])).toEqual(c.wire);
	});

	test('Empty Values: Send Empty sends an empty text field empty where the vendor can receive it, else says why not', async () => {
		const items = [{ ...c.record, [c.text.path]: '' }];
		const check = await run(upsert('auto', { validateOnly: true, emptyValues: 'sendEmpty' }), items);
		expect(check.items[0].json.valid).toBe(true);
		await run(upsert('auto', { emptyValues: 'sendEmpty' }), items);
		const wire = wireOf(vendor, upserts(vendor)[0]);
		if (c.text.noEmpty) {
			expect(wire).toEqual(c.wire);
			expect(check.items[0].json.leftOut).toEqual([{ field: c.text.path, reason: expect.stringMatching(/not set/) }]);
		} else {
			expect(wire[c.text.path]).toBe('');
			expect(check.items[0].json.leftOut).toEqual([]);
		}
	});

	test('Empty Values in JSON Body: the same rule (Leave Out by default, Validate Only says why; Send Empty sends "" where the vendor can receive it)', async () => {
		const body = vendor.jsonMode.body;
		const params = (options) => ({ ...vendor.jsonMode.params(JSON.stringify({ ...body, [c.text.path]: ' ' }), { ...FAST, ...options }), inputMode: 'json' });
		const plain = await run({ ...vendor.jsonMode.params(JSON.stringify(body), FAST), inputMode: 'json' }, [{}]);
		expect(plain.error).toBeUndefined();
		const check = await run(params({ validateOnly: true }), [{}]);
		expect(check.items[0].json.valid).toBe(true);
		expect(check.items[0].json.leftOut).toEqual([{ field: c.text.path, reason: expect.stringMatching(/Leave Out/) }]);
		const leave = await run(params({}), [{}]);
		expect(leave.error).toBeUndefined();
		const [withoutField, left] = upserts(vendor);
		expect(wireOf(vendor, left)).toEqual(wireOf(vendor, withoutField));
		const send = await run(params({ emptyValues: 'sendEmpty' }), [{}]);
		expect(send.error).toBeUndefined();
		const wire = wireOf(vendor, upserts(vendor)[2]);
		if (c.text.noEmpty) expect(wire).toEqual(wireOf(vendor, withoutField));
		else expect(wire).toEqual({ ...wireOf(vendor, withoutField), [c.text.path]: '' });
		// version 1's JSON Body keeps its rule: sent as written
		const v1 = await runVendor(vendor, sb, { parameters: vendor.jsonMode.params(JSON.stringify({ ...body, [c.text.path]: ' ' }), FAST), items: [{}] });
		expect(v1.error).toBeUndefined();
		if (!c.text.noEmpty) expect(wireOf(vendor, upserts(vendor)[3])[c.text.path]).toBe(' ');
	});

	test('as an AI agent tool (Map Each Field): a success is the compact answer; a bad value is the model\'s answer naming the field', async () => {
		const flat = {};
		for (const [k, v] of Object.entries(c.record)) {
			if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v)) flat[`${k}.${k2}`] = v2;
			else flat[k] = Array.isArray(v) ? JSON.stringify(v) : v;
		}
		const nodeTypeName = `CUSTOM.${new vendor.Node().description.name}Tool`;
		const ok = await run(mapped(flat), [{}], { nodeTypeName });
		expect(ok.error).toBeUndefined();
		expect(ok.items[0].json).toMatchObject({ success: true });
		// an empty list of item fields not sent is left out of the model's answer
		expect(ok.items[0].json).not.toHaveProperty('ignoredFields');
		const [, path, value, named] = c.wrong[0];
		const bad = await run(mapped({ ...flat, [path]: value }), [{}], { nodeTypeName });
		expect(bad.error).toBeUndefined();
		expect(bad.items[0].json).toMatchObject({ success: false, field: path });
		expect(bad.items[0].json.error).toContain(named);
		expect(upserts(vendor)).toHaveLength(1);
	});

	if (c.dotted) {
		test('a field given nested and dotted works; with different values it fails the item before any request', async () => {
			const [group, key] = c.dotted.path.split('.');
			const same = { ...c.record, [group]: { ...c.record[group], [key]: c.dotted.a }, [c.dotted.path]: c.dotted.a };
			const ok = await run(upsert('auto'), [same]);
			expect(ok.error).toBeUndefined();
			expect(wireOf(vendor, upserts(vendor)[0])[group][key]).toBe(c.dotted.a);
			sb.reset();
			vendor.configure(sb);
			const clash = { ...same, [c.dotted.path]: c.dotted.b };
			const refused = await run(upsert('auto'), [clash]);
			expect(refused.error?.message).toContain(`${c.dotted.label} (${c.dotted.path})`);
			expect(upserts(vendor)).toEqual([]);
		});
	}
});

describe('version 2: lists and groups', () => {
	test('Hyfin contact: a list from the item; a bad element fails the item naming its index (emails[2].address)', async () => {
		const vendor = byId.hyfin;
		sb.reset();
		vendor.configure(sb);
		const emails = [{ label: 'work', address: 'a@example.com' }, { label: 'home', address: 'b@example.com' }, { label: 'old' }];
		const params = { ...upsert('auto'), resource: 'contact' };
		const bad = await runVendor(vendor, sb, { typeVersion: 2, parameters: params, items: [{ first_name: 'Ann', emails }] });
		expect(bad.error?.message).toMatch(/emails\[2\]\.address/);
		expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
		// Map Each Field: the list as JSON text
		const good = emails.slice(0, 2);
		const ok = await runVendor(vendor, sb, {
			typeVersion: 2,
			parameters: { ...mapped({ first_name: 'Ann', emails: JSON.stringify(good) }), resource: 'contact' },
			items: [{}],
		});
		expect(ok.error).toBeUndefined();
		expect(sb.requests.filter(vendor.isUpsert)[0].json).toEqual({ first_name: 'Ann', emails: good });
	});

	test('Hyfin contact: an empty Contact ID fails the item in every mode and with either Empty Values (it must not turn an update into an add); an absent one adds', async () => {
		const vendor = byId.hyfin;
		sb.reset();
		vendor.configure(sb);
		const params = (mode, options, extra) => ({ ...upsert(mode, options, extra), resource: 'contact' });
		for (const options of [{}, { emptyValues: 'sendEmpty' }]) {
			for (const [mode, extra, items] of [
				['auto', {}, [{ _id: '', first_name: 'Ann' }]],
				['auto', {}, [{ _id: null, first_name: 'Ann' }]],
				['map', { mapping: { mappingMode: 'defineBelow', value: { _id: '  ', first_name: 'Ann' } } }, [{}]],
				['json', { jsonBody: '{"_id":"","first_name":"Ann"}' }, [{}]],
			]) {
				const result = await runVendor(vendor, sb, { typeVersion: 2, parameters: params(mode, options, extra), items });
				expect(result.error?.message).toContain('Contact ID (_id) is empty');
			}
		}
		expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
		const added = await runVendor(vendor, sb, { typeVersion: 2, parameters: params('auto', {}, {}), items: [{ first_name: 'Ann' }] });
		expect(added.error).toBeUndefined();
		expect(added.items[0].json.action).toBe('added');
	});

	test('Map Each Field: a row left empty (null, as n8n fills the rows it adds) is a field not set: never sent, even with Send Empty; an empty Contact ID row adds a contact', async () => {
		const vendor = byId.hyfin;
		sb.reset();
		vendor.configure(sb);
		const row = { external_id: 'N-1', first_name: 'Ann', last_name: 'Lee', notes: null, email: null, account_name: '' };
		const customer = await runVendor(vendor, sb, { typeVersion: 2, parameters: mapped(row, { emptyValues: 'sendEmpty' }), items: [{}] });
		expect(customer.error).toBeUndefined();
		// "" follows Empty Values (Send Empty: sent empty); null rows are not sent at all
		expect(sb.requests.filter(vendor.isUpsert)[0].json).toEqual({ external_id: 'N-1', first_name: 'Ann', last_name: 'Lee', account_name: '' });
		const contact = await runVendor(vendor, sb, {
			typeVersion: 2,
			parameters: { ...mapped({ _id: null, first_name: 'Ann', display_name: null }), resource: 'contact' },
			items: [{}],
		});
		expect(contact.error).toBeUndefined();
		expect(contact.items[0].json.action).toBe('added');
		expect(sb.requests.filter(vendor.isUpsert)[1].json).toEqual({ first_name: 'Ann' });
	});

	test('Map Automatically: a group given as a plain value (person: "Tom") fails the item before any request instead of being dropped', async () => {
		for (const [id, item, named] of [
			['hyfin', { external_id: 'G-1', first_name: 'A', last_name: 'B', notification_options: 'yes' }, 'Notification Options (notification_options) must be an object with notify_phone, notify_email, got "yes"'],
			['riverty', { customerNumber: 'G-1', type: 'Person', person: 'Tom', address: { addressLine: 'x' } }, 'Person (person) must be an object with ssn, firstName, lastName, got "Tom"'],
		]) {
			const vendor = byId[id];
			sb.reset();
			vendor.configure(sb);
			const result = await runVendor(vendor, sb, { typeVersion: 2, parameters: upsert('auto'), items: [item] });
			expect(result.error?.message).toContain(named);
			expect(sb.requests.filter(vendor.isUpsert)).toEqual([]);
		}
	});

	test('Riverty: the item\'s type picks Person or Company per item', async () => {
		const vendor = byId.riverty;
		sb.reset();
		vendor.configure(sb);
		const address = { addressLine: 'Street 1' };
		const items = [
			{ customerNumber: 'P-1', type: 'Person', 'person.firstName': 'Tom', address, company: null },
			{ customerNumber: 'C-1', type: 'Company', 'company.name': 'Acme AS', address },
			{ customerNumber: 'C-2', type: 'Company', 'person.firstName': 'Tom', address },
		];
		const result = await runVendor(vendor, sb, { typeVersion: 2, parameters: upsert('auto'), items, continueOnFail: true });
		const sent = sb.requests.filter(vendor.isUpsert).map((req) => req.json);
		expect(sent).toEqual([
			{ type: 'Person', person: { firstName: 'Tom' }, address },
			{ type: 'Company', company: { name: 'Acme AS' }, address },
		]);
		expect(result.items[2].json.error).toMatch(/Person/);
		// an empty group (a CSV column of the other type) is neither sent nor an unknown field
		expect(result.items[0].json.ignoredFields).toEqual([]);
	});

	test('Riverty: Country Code is put in capitals in the mapped modes, as in Fields Below; a JSON Body is checked as written', async () => {
		const vendor = byId.riverty;
		sb.reset();
		vendor.configure(sb);
		const record = (countryCode) => ({ type: 'Person', 'person.firstName': 'Tom', address: { addressLine: 'Street 1', countryCode } });
		const auto = await runVendor(vendor, sb, {
			typeVersion: 2,
			parameters: upsert('auto'),
			items: [{ customerNumber: 'CC-1', ...record('no') }, { customerNumber: 'CC-2', ...record(' se ') }, { customerNumber: 'CC-3', ...record('nor') }],
			continueOnFail: true,
		});
		const each = await runVendor(vendor, sb, {
			typeVersion: 2,
			parameters: mapped({ customerNumber: 'CC-4', type: 'Person', 'address.addressLine': 'Street 1', 'address.countryCode': 'no' }),
			items: [{}],
		});
		expect(each.error).toBeUndefined();
		const sent = sb.requests.filter(vendor.isUpsert).map((req) => req.json.address.countryCode);
		// a spreadsheet's "no" means NO
		expect(sent).toEqual(['NO', 'SE', 'NO']);
		expect(auto.items[2].json.error).toBe(
			'Item 2: Country Code (address.countryCode) must be a two-letter country code in capitals (such as "NO"), got "NOR"',
		);
		// JSON Body, in version 2 as in version 1: sent as written, so "no" is refused
		for (const typeVersion of [1, 2]) {
			const json = await runVendor(vendor, sb, {
				typeVersion,
				parameters: upsert('json', {}, { customerNumber: 'CC-5', jsonBody: JSON.stringify({ type: 'Person', address: { addressLine: 'Street 1', countryCode: 'no' } }) }),
				items: [{}],
			});
			expect(json.error.message).toBe(
				'Item 0: Country Code (address.countryCode) must be a two-letter country code in capitals (such as "NO"), got "no"',
			);
		}
		expect(sb.requests.filter(vendor.isUpsert)).toHaveLength(3);
	});
});

describe('version 2: Client Toolbox\'s numbered custom fields in Map Each Field', () => {
	test('the mapper offers custom_field_2 … custom_field_20 as rows to add, after the documented fields', async () => {
		const node = new byId.clienttoolbox.Node();
		const method = node.nodeVersions[2].methods.resourceMapping.getMappingFields;
		const params = { resource: 'customer', operation: 'upsert' };
		const { fields } = await method.call({ getNodeParameter: (name) => params[name] });
		const custom = fields.filter((f) => /^custom_field_\d+$/.test(f.id));
		expect(custom.map((f) => f.id)).toEqual(Array.from({ length: 19 }, (_, i) => `custom_field_${i + 2}`));
		expect(custom[5]).toMatchObject({ id: 'custom_field_7', displayName: 'Custom Field 7', type: 'string', required: false, removed: true });
		expect(fields.filter((f) => !f.removed).map((f) => f.id)).toContain('custom_field');
		expect(fields.indexOf(custom[0])).toBe(fields.length - custom.length);
	});

	test('a custom_field_7 set in Map Each Field reaches Client Toolbox, after the documented fields', async () => {
		const vendor = byId.clienttoolbox;
		sb.reset();
		vendor.configure(sb);
		// an account with a seventh custom field (Text)
		sb.configure({ clienttoolbox: { customFields: { 7: { type: 'Text' } } } });
		const result = await runVendor(vendor, sb, {
			typeVersion: 2,
			parameters: mapped({ code: 'C7-1', custom_field_7: 'Gouda,Swiss', send_no_email: true, first_name: 'Ann' }),
			items: [{}],
		});
		expect(result.error).toBeUndefined();
		const [sent] = sb.requests.filter(vendor.isUpsert);
		expect(wireOf(vendor, sent)).toEqual({ code: 'C7-1', first_name: 'Ann', custom_field_7: 'Gouda,Swiss', send_no_email: 'true' });
		expect(Object.keys(wireOf(vendor, sent))).toEqual(['code', 'first_name', 'custom_field_7', 'send_no_email']);
		expect(result.items[0].json.ignoredFields).toEqual([]);
	});
});

describe('version 2: the editor', () => {
	test.each(CASES.map((c) => [byId[c.id].vendorName, c]))('%s: version 2 is the default; its upsert offers the three input modes and the two options', (_name, c) => {
		const node = new (byId[c.id].Node)();
		expect(node.description.defaultVersion).toBe(2);
		const v2 = node.nodeVersions[2].description;
		const modes = v2.properties.find((p) => p.name === 'inputMode' && p.displayOptions.show.resource[0] === 'customer');
		expect(modes.options.map((o) => o.name)).toEqual(['Map Automatically', 'Map Each Field', 'JSON Body']);
		expect(modes.default).toBe('auto');
		const mapper = v2.properties.find((p) => p.name === 'mapping' && p.displayOptions.show.resource[0] === 'customer');
		expect(mapper.type).toBe('resourceMapper');
		expect(mapper.typeOptions.resourceMapper.resourceMapperMethod).toBe('getMappingFields');
		const notice = v2.properties.find((p) => p.name === 'autoMapNotice' && p.displayOptions.show.resource[0] === 'customer');
		if (c.required.length) expect(notice.displayName).toMatch(new RegExp(`required: ${c.required.map((r) => `[A-Z][\\w -]+ \\(${r.replace('.', '\\.')}\\)`).join(', ')}\\.`));
		else expect(notice.displayName).not.toMatch(/required/);
		const options = v2.properties.find((p) => p.name === 'options').options.map((o) => o.displayName);
		expect(options).toEqual(expect.arrayContaining(['Empty Values', 'Unknown Item Fields', 'Timeout (ms)']));
	});

	test.each(CASES.map((c) => [byId[c.id].vendorName, c]))('%s: version 2\'s editor copy follows n8n\'s guidelines (Title Case labels, "e.g." placeholders, booleans described with "Whether", no "seed" jargon)', (_name, c) => {
		const v2 = new (byId[c.id].Node)().nodeVersions[2].description;
		const small = /^(or|and|of|by|to|the|a|an|in|for|with|on|per|as|at|from|into|ms|e\.g\.)$/;
		const problems = [];
		const walk = (list, where) => {
			for (const p of list ?? []) {
				if (!p || typeof p !== 'object') continue;
				const at = `${where}/${p.name ?? p.value}`;
				if (p.displayName && p.type !== 'notice') {
					const words = p.displayName.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
					if (words.some((w) => /^[a-z]/.test(w) && !small.test(w))) problems.push(`${at}: "${p.displayName}" is not Title Case`);
				}
				if (p.type === 'boolean' && p.description && !p.description.startsWith('Whether')) problems.push(`${at}: boolean description`);
				if (typeof p.placeholder === 'string' && p.placeholder && !/^(e\.g\. |Add )/.test(p.placeholder)) problems.push(`${at}: placeholder "${p.placeholder}"`);
				if (/\bseeds?\b/i.test(`${p.description ?? ''} ${p.displayName ?? ''}`)) problems.push(`${at}: jargon`);
				walk(p.options, at);
				walk(p.values, at);
			}
		};
		walk(v2.properties, '');
		expect(problems).toEqual([]);
	});

	test.each(CASES.map((c) => [byId[c.id].vendorName, c]))('%s: Map Each Field lists every documented field, required first, enums as options', async (_name, c) => {
		const node = new (byId[c.id].Node)();
		const method = node.nodeVersions[2].methods.resourceMapping.getMappingFields;
		const params = { resource: 'customer', operation: 'upsert' };
		// no credential in this context: Valomnia's loaded dropdowns fall back to value boxes
		const context = { getNodeParameter: (name) => params[name], getCredentials: async () => { throw new Error('no credential'); } };
		const { fields } = await method.call(context);
		expect(fields.filter((f) => f.required).map((f) => f.id)).toEqual(c.required);
		expect(fields.slice(0, c.required.length).map((f) => f.id)).toEqual(c.required);
		for (const path of Object.keys(c.wire).filter((k) => typeof c.wire[k] !== 'object' && !/^custom_field_\d/.test(k))) {
			expect(fields.map((f) => f.id)).toContain(path);
		}
		if (c.id === 'riverty') expect(fields.find((f) => f.id === 'type')).toMatchObject({ type: 'options', options: [{ value: 'Person' }, { value: 'Company' }] });
	});
});
