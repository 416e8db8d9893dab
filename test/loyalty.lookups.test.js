'use strict';
/**
 * Client Toolbox Customer → Get (customer_info) and Customer → Search (customer_search), run by
 * n8n's execution engine (test/harness) against the Client Toolbox sandbox: what an upsert stored
 * reads back by code and by card number, "not found" follows On Not Found, the filters reach
 * Client Toolbox under their documented names, Limit / Return All cut the one reply, bad input
 * fails before any request, and neither the API key nor a customer's password or PIN shows.
 */
const { runNode } = require('./harness');
const { useSandbox } = require('./helpers/sandbox');
const { collectVisible } = require('./helpers/secrets');
const { Loyalty } = require('../dist/nodes/Loyalty/Loyalty.node.js');
const { LoyaltyApi } = require('../dist/credentials/LoyaltyApi.credentials.js');
const { loyaltySpec } = require('../dist/nodes/Loyalty/spec.js');
const { MAX_REPLY_BYTES } = require('../dist/nodes/shared/router.js');

const USER = 'lookup-user';
const KEY = 'ctb-lookup-key-7d41c9e2';
const ACCOUNT = 'lookupshop';

const sb = useSandbox({ configure: (sandbox) => sandbox.configure({ clienttoolbox: { users: [{ user_id: USER, key: KEY, accounts: [ACCOUNT] }] } }) });

const credentials = (extra = {}) => ({
	loyaltyApi: { endpoint: sb.baseUrl('clienttoolbox'), user_id: USER, user_password: KEY, account_id: ACCOUNT, keyPlacement: 'body', ...extra },
});

const run = (parameters, items = [{ json: {} }], extra = {}) =>
	runNode({
		node: new Loyalty(),
		credentials: credentials(extra.credentials),
		credentialTypes: [new LoyaltyApi()],
		parameters: { resource: 'customer', options: {}, ...parameters },
		items,
		continueOnFail: extra.continueOnFail ?? false,
	});

const upsert = (code, fields = {}, extra = {}) =>
	run({ operation: 'upsert', inputMode: 'fields', code, card_number: extra.card_number ?? '', additionalFields: fields, customFields: extra.customFields ?? {} });
const get = (parameters, items, extra) => run({ operation: 'get', findBy: 'code', ...parameters }, items, extra);
const search = (parameters, items, extra) => run({ operation: 'search', filters: {}, customFields: {}, exact_match: '', ...parameters }, items, extra);

const ctbRequests = () => sb.requests.filter((r) => r.vendor === 'clienttoolbox');
const lastForm = () => ctbRequests().at(-1).form;
const records = (result) => result.items.map((i) => i.json.record);
const reply = (body, contentType = 'application/json; charset=utf-8') => ({ status: 200, contentType, body });

/** Five customers, each with its own code, card number, names and custom field 2. */
const PEOPLE = [
	{ code: '1100000000000001', card: 'CARD-0001', first_name: 'Ada', last_name: 'Lovelace', city: 'London', email: 'ada@example.com' },
	{ code: '1100000000000002', card: 'CARD-0002', first_name: 'Grace', last_name: 'Hopper', city: 'Arlington', email: 'grace@example.com' },
	{ code: '1100000000000003', card: 'CARD-0003', first_name: 'Alan', last_name: 'Turing', city: 'London', email: 'alan@example.com' },
	{ code: '1100000000000004', card: 'CARD-0004', first_name: 'Adam', last_name: 'LOVELACE', city: 'Leeds', email: 'adam@example.com' },
	{ code: '1100000000000005', card: 'CARD-0005', first_name: 'Edsger', last_name: 'Dijkstra', city: 'Nuenen', email: 'edsger@example.com' },
];
async function seedPeople() {
	for (const p of PEOPLE) {
		const result = await upsert(p.code, { first_name: p.first_name, last_name: p.last_name, city: p.city, email: p.email }, {
			card_number: p.card,
			customFields: { field: [{ number: 2, value: `member ${p.first_name}` }] },
		});
		expect(result.error).toBeUndefined();
	}
	return ctbRequests().length;
}

describe('Client Toolbox Customer → Get (customer_info)', () => {
	test('upsert then get by code: the customer the upsert stored, in the normalized get shape', async () => {
		const saved = await upsert('2200000000000001', {
			first_name: 'Ada',
			last_name: 'Lovelace',
			email: 'ada@example.com',
			custom_field: 'likes cheese',
			customer_password: 'pw-lookup-Zq7',
			customer_PIN: '86421',
		}, { card_number: '0012345678', customFields: { field: [{ number: 2, value: 'Gold' }] } });
		const code = saved.items[0].json.id;
		const got = await get({ code: '={{ $json.id }}' }, [{ json: { id: code } }]);
		expect(got.error).toBeUndefined();
		const item = got.items[0];
		expect(item.json).toMatchObject({
			vendor: 'clienttoolbox',
			resource: 'customer',
			operation: 'get',
			success: true,
			found: true,
			id: code,
			key: code,
			record: {
				code,
				card_number: '0012345678',
				first_name: 'Ada',
				last_name: 'Lovelace',
				email: 'ada@example.com',
				// customer_info.html: the built-in custom_field comes back as custom1
				custom1: 'likes cheese',
				custom2: 'Gold',
			},
		});
		expect(Object.keys(item.json)).toEqual(['vendor', 'resource', 'operation', 'success', 'found', 'id', 'key', 'record']);
		expect(item.json.record).not.toHaveProperty('balance');
		expect(item.pairedItem).toEqual({ item: 0 });
		const request = ctbRequests().at(-1);
		expect(request.method).toBe('POST');
		expect(request.rawBody).toBe(
			new URLSearchParams({ user_id: USER, user_password: KEY, type: 'customer_info', account_id: ACCOUNT, code }).toString(),
		);
		expect(collectVisible(got)).not.toContain('pw-lookup-Zq7');
	});

	test('get by card number finds the same customer; the key is the card number, the id its code', async () => {
		await upsert('2200000000000002', { first_name: 'Grace' }, { card_number: '777-0002' });
		const got = await get({ findBy: 'card_number', card_number: '777-0002' });
		expect(got.items[0].json).toMatchObject({ found: true, id: '2200000000000002', key: '777-0002', record: { first_name: 'Grace' } });
		expect(lastForm()).toMatchObject({ type: 'customer_info', card_number: '777-0002' });
		expect(lastForm().code).toBeUndefined();
	});

	test('Include Balances sends include_balances and the balance comes back; off, the field is left out', async () => {
		await run({ operation: 'upsert', inputMode: 'fields', code: '2200000000000003', card_number: '', additionalFields: { auto_add: '25' }, customFields: {} });
		const withBalance = await get({ code: '2200000000000003', include_balances: true });
		expect(lastForm().include_balances).toBe('yes');
		expect(withBalance.items[0].json.record.balance).toBe('25');
		const without = await get({ code: '2200000000000003', include_balances: false });
		expect(lastForm().include_balances).toBeUndefined();
		expect(without.items[0].json.record).not.toHaveProperty('balance');
	});

	test('XML (the default), JSON and JSONP replies give the same item', async () => {
		await upsert('2200000000000004', { first_name: 'Hal', city: 'Urbana' }, { card_number: 'H-9000' });
		const xml = await get({ code: '2200000000000004' });
		const json = await get({ code: '2200000000000004', options: { replyFormat: 'json' } });
		const jsonp = await get({ code: '2200000000000004', options: { replyFormat: 'json', callback: 'cb', condensed: true } });
		const forms = ctbRequests().slice(-3).map((r) => r.form.output ?? 'XML');
		expect(forms).toEqual(['XML', 'JSON', 'JSON']);
		expect(xml.items[0].json.record).toMatchObject({ code: '2200000000000004', first_name: 'Hal', city: 'Urbana', card_number: 'H-9000' });
		expect(json.items[0].json).toEqual(xml.items[0].json);
		expect(jsonp.items[0].json).toEqual(xml.items[0].json);
	});

	test('an unknown code: found false by default (one item per input), or a failed item with On Not Found = Fail', async () => {
		const items = [{ json: { code: '9900000000000001' } }, { json: { code: '9900000000000002' } }];
		const got = await get({ code: '={{ $json.code }}' }, items);
		expect(got.items.map((i) => i.json)).toEqual(
			items.map(({ json }) => ({ vendor: 'clienttoolbox', resource: 'customer', operation: 'get', success: true, found: false, id: null, key: json.code, record: null })),
		);
		expect(got.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		// Client Toolbox says so with status="error" on HTTP 200
		expect(ctbRequests().map((r) => r.status)).toEqual([200, 200]);

		const failing = await get({ findBy: 'card_number', card_number: 'NO-SUCH-CARD', onNotFound: 'fail' });
		expect(failing.error.message).toBe('Client Toolbox: no customer "NO-SUCH-CARD" found');
		const kept = await get({ code: '9900000000000003', onNotFound: 'fail' }, [{ json: {} }], { continueOnFail: true });
		expect(kept.items[0].json).toMatchObject({ success: false, operation: 'get', found: null, key: '9900000000000003' });
	});

	test('a card number that several customers share is an error, not found: false', async () => {
		await upsert('2200000000000005', {}, { card_number: 'SHARED-9' });
		await upsert('2200000000000006', {}, { card_number: 'SHARED-9' });
		const got = await get({ findBy: 'card_number', card_number: 'SHARED-9' }, [{ json: {} }], { continueOnFail: true });
		expect(got.items[0].json).toMatchObject({
			success: false,
			found: null,
			key: 'SHARED-9',
			error: 'Client Toolbox refused the request (HTTP 200): More than one customer matches card_number SHARED-9.',
			description: expect.stringContaining('Customer Code'),
		});
	});

	test('refused credentials are a failure, not "not found"', async () => {
		const got = await get({ code: '2200000000000007' }, [{ json: {} }], { continueOnFail: true, credentials: { user_password: 'wrong-key-000' } });
		expect(got.items[0].json).toMatchObject({
			success: false,
			error: 'Client Toolbox refused the request (HTTP 200): Invalid user_id or user_password (API key).',
		});
	});

	test.each([
		['an empty code', { code: '={{ $json.none }}' }, 'Customer Code (code) is required'],
		['a blank card number', { findBy: 'card_number', card_number: '   ' }, 'Card Number (card_number) is required'],
		['an object', { code: '={{ $json.obj }}' }, 'Customer Code (code) must be text or a number, got an object'],
		['a control character', { code: '={{ $json.ctl }}' }, 'Customer Code (code) contains control characters'],
		['an unknown Find By', { findBy: '={{ "email" }}', code: '1', card_number: '2' }, 'Find By (findBy) must be "code" or "card_number", got "email"'],
		['a callback with XML replies', { code: '1', options: { callback: 'cb' } }, 'applies only to JSON replies'],
	])('%s fails the item before any request, naming the field', async (_, parameters, message) => {
		const got = await get(parameters, [{ json: { obj: { a: 1 }, ctl: '12\u0000' } }], { continueOnFail: true });
		expect(got.items[0].json.error).toContain(message);
		expect(ctbRequests()).toHaveLength(0);
	});

	test('Validate Only builds the customer_info form without sending it; a bad item says why', async () => {
		const items = [{ json: { card: 'V-1' } }, { json: { card: '' } }];
		const checked = await get(
			{ findBy: 'card_number', card_number: '={{ $json.card }}', include_balances: true, options: { validateOnly: true, replyFormat: 'json' } },
			items,
		);
		expect(checked.items.map((i) => i.json)).toEqual([
			{
				valid: true,
				errors: [],
				request: {
					method: 'POST',
					url: sb.baseUrl('clienttoolbox'),
					contentType: 'application/x-www-form-urlencoded',
					// the credential's fields are added when n8n sends the request: not here
					body: { type: 'customer_info', card_number: 'V-1', include_balances: 'yes', output: 'JSON' },
				},
			},
			{ valid: false, errors: [{ field: 'card_number', message: 'Card Number (card_number) is required' }], request: null },
		]);
		expect(ctbRequests()).toHaveLength(0);
	});

	describe('a reply that carries the customer password and PIN', () => {
		const PASSWORD = 'reply-pw-Zq7-4471';
		const PIN = '50913';
		const xml = `<response status="success"><customer><code>2300000000000001</code><first_name>Ida</first_name><customer_password>${PASSWORD}</customer_password><customer_PIN>${PIN}</customer_PIN></customer></response>`;
		const json = JSON.stringify({ status: 'success', customer: { code: '2300000000000001', first_name: 'Ida', customer_password: PASSWORD, customer_pin: PIN, nested: { password: PASSWORD } } });
		test.each([
			['XML', 'normalized', reply(xml, 'text/xml')],
			['JSON', 'normalized', reply(json)],
			['XML', 'raw', reply(xml, 'text/xml')],
			['JSON', 'raw', reply(json)],
		])('%s, Output %s: neither shows', async (_, output, fault) => {
			sb.faults.set({ vendor: 'clienttoolbox', next: [fault] });
			// the watch (test/harness) also looks for them: they are in the input item
			const got = await get({ code: '2300000000000001', options: { output } }, [{ json: { customer_password: PASSWORD, customer_PIN: PIN } }]);
			expect(got.error).toBeUndefined();
			const shown = got.items[0].json;
			const record = output === 'raw' ? shown.customer : shown.record;
			expect(record).toMatchObject({ code: '2300000000000001', first_name: 'Ida' });
			expect(record).not.toHaveProperty('customer_password');
			expect(record).not.toHaveProperty('customer_PIN');
			expect(record).not.toHaveProperty('customer_pin');
			const text = collectVisible(got);
			expect(text).not.toContain(PASSWORD);
			expect(text).not.toMatch(new RegExp(`(?<!\\d)${PIN}(?!\\d)`));
		});
	});

	test.each([
		['malformed XML', reply('<response status="success"><customer><code>12', 'text/xml'), /unusable reply: XML that is not well-formed/],
		['a DOCTYPE', reply('<!DOCTYPE response [<!ENTITY a "b">]><response status="success"/>', 'text/xml'), /DOCTYPE\/ENTITY/],
		['success without a customer', reply('{"status":"success"}'), /unusable reply: status "success" without a customer/],
		['no status', reply('{"customer":{"code":"1"}}'), /unusable reply: no status "success" or "error"/],
	])('a hostile or broken reply (%s) fails the item with a clear message', async (_, fault, message) => {
		sb.faults.set({ vendor: 'clienttoolbox', next: [fault] });
		const got = await get({ code: '2400000000000001', options: { maxTries: 1 } }, [{ json: {} }], { continueOnFail: true });
		expect(got.items[0].json.success).toBe(false);
		expect(got.items[0].json.error).toMatch(message);
	});
});

describe('Client Toolbox Customer → Search (customer_search)', () => {
	test('a filter matches partly and in any case by default; exact_match insensitive and sensitive narrow it', async () => {
		const before = await seedPeople();
		const partial = await search({ filters: { last_name: 'lovel' } });
		expect(records(partial).map((r) => r.code)).toEqual([PEOPLE[0].code, PEOPLE[3].code]);
		expect(partial.items[0].json).toMatchObject({
			vendor: 'clienttoolbox',
			resource: 'customer',
			operation: 'search',
			success: true,
			found: true,
			id: PEOPLE[0].code,
			key: 'lovel',
			record: { code: PEOPLE[0].code, card_number: 'CARD-0001', first_name: 'Ada', last_name: 'Lovelace', custom2: 'member Ada' },
		});
		expect(partial.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(ctbRequests()[before].rawBody).toBe(
			new URLSearchParams({ user_id: USER, user_password: KEY, type: 'customer_search', account_id: ACCOUNT, last_name: 'lovel' }).toString(),
		);

		const insensitive = await search({ filters: { last_name: 'lovelace' }, exact_match: 'insensitive' });
		expect(lastForm().exact_match).toBe('insensitive');
		expect(records(insensitive).map((r) => r.last_name)).toEqual(['Lovelace', 'LOVELACE']);
		const sensitive = await search({ filters: { last_name: 'Lovelace' }, exact_match: 'sensitive' });
		expect(lastForm().exact_match).toBe('sensitive');
		expect(records(sensitive).map((r) => r.code)).toEqual([PEOPLE[0].code]);
		const noPartial = await search({ filters: { last_name: 'lovel' }, exact_match: 'insensitive' });
		expect(noPartial.items).toEqual([]);
	});

	test('several filters must all match, custom fields by number; the key names them', async () => {
		await seedPeople();
		const got = await search({ filters: { city: 'london', first_name: 'a' }, customFields: { field: [{ number: 2, value: 'member Al' }] } });
		expect(records(got).map((r) => r.first_name)).toEqual(['Alan']);
		expect(lastForm()).toMatchObject({ first_name: 'a', city: 'london', custom_field_2: 'member Al' });
		// the form follows the doc's order of filters, custom fields last
		expect(Object.keys(lastForm()).slice(3)).toEqual(['account_id', 'first_name', 'city', 'custom_field_2']);
		expect(got.items[0].json.key).toBe('first_name=a&city=london&custom_field_2=member Al');
	});

	test('Limit cuts the one reply; Return All outputs every match; each input item gets its own records', async () => {
		await seedPeople();
		const limited = await search({ limit: 2, returnAll: false });
		expect(limited.items).toHaveLength(2);
		const all = await search({ returnAll: true });
		expect(records(all).map((r) => r.code)).toEqual(PEOPLE.map((p) => p.code));
		// one request each: Client Toolbox has no paging
		expect(ctbRequests().filter((r) => r.form.type === 'customer_search')).toHaveLength(2);

		const two = await search({ filters: { city: '={{ $json.city }}' }, returnAll: true }, [{ json: { city: 'London' } }, { json: { city: 'Nuenen' } }]);
		expect(two.items.map((i) => [i.pairedItem.item, i.json.record.first_name, i.json.key])).toEqual([
			[0, 'Ada', 'London'],
			[0, 'Alan', 'London'],
			[1, 'Edsger', 'Nuenen'],
		]);
	});

	test('without any filter every customer comes back, with key null', async () => {
		await seedPeople();
		const got = await search({ returnAll: true });
		expect(got.items).toHaveLength(PEOPLE.length);
		expect(got.items.every((i) => i.json.key === null)).toBe(true);
		expect(Object.keys(lastForm())).toEqual(['user_id', 'user_password', 'type', 'account_id']);
	});

	test('no match gives no item for that input; the other items still give theirs', async () => {
		await seedPeople();
		const none = await search({ filters: { email: 'nobody@nowhere.example' } });
		expect(none.error).toBeUndefined();
		expect(none.items).toEqual([]);
		const mixed = await search({ filters: { first_name: '={{ $json.name }}' } }, [{ json: { name: 'Zelda' } }, { json: { name: 'Grace' } }]);
		expect(mixed.items.map((i) => [i.pairedItem.item, i.json.record.first_name])).toEqual([[1, 'Grace']]);
	});

	test('XML (the default), JSON and JSONP replies give the same items', async () => {
		await seedPeople();
		const xml = await search({ filters: { city: 'London' }, include_balances: true });
		const json = await search({ filters: { city: 'London' }, include_balances: true, options: { replyFormat: 'json' } });
		const jsonp = await search({ filters: { city: 'London' }, include_balances: true, options: { replyFormat: 'json', callback: 'take' } });
		expect(ctbRequests().slice(-3).map((r) => [r.form.output, r.form.callback, r.form.include_balances])).toEqual([
			[undefined, undefined, 'yes'],
			['JSON', undefined, 'yes'],
			['JSON', 'take', 'yes'],
		]);
		expect(records(xml).map((r) => [r.first_name, r.balance])).toEqual([
			['Ada', '0'],
			['Alan', '0'],
		]);
		// XML values are text; JSON keeps the vendor's numbers
		expect(records(json).map((r) => [r.first_name, r.balance])).toEqual([
			['Ada', 0],
			['Alan', 0],
		]);
		expect(jsonp.items.map((i) => i.json)).toEqual(json.items.map((i) => i.json));
		const strip = (r) => ({ ...r, balance: String(r.balance) });
		expect(records(json).map(strip)).toEqual(records(xml));
	});

	test('one customer in XML and an empty list in XML are read as lists', async () => {
		await seedPeople();
		const one = await search({ filters: { first_name: 'Edsger' } });
		expect(records(one).map((r) => r.first_name)).toEqual(['Edsger']);
		const none = await search({ filters: { first_name: 'Nobody' } });
		expect(none.items).toEqual([]);
	});

	test('a customer password or PIN filter is sent, but never shown, not even by Validate Only', async () => {
		const PASSWORD = 'filter-pw-Zq7-9931';
		await upsert('2500000000000001', { first_name: 'Kim', customer_password: PASSWORD });
		const items = [{ json: { customer_password: PASSWORD } }];
		const got = await search({ filters: { customer_password: '={{ $json.customer_password }}', first_name: 'Kim' } }, items);
		expect(records(got).map((r) => r.first_name)).toEqual(['Kim']);
		expect(lastForm().customer_password).toBe(PASSWORD);
		// the key leaves the secret filter out
		expect(got.items[0].json.key).toBe('Kim');
		expect(collectVisible(got)).not.toContain(PASSWORD);

		const checked = await search({ filters: { customer_password: '={{ $json.customer_password }}' }, options: { validateOnly: true } }, items);
		expect(checked.items[0].json.request.body).toEqual({ type: 'customer_search', customer_password: '[redacted]' });
		expect(collectVisible(checked)).not.toContain(PASSWORD);
	});

	test.each([
		['an empty filter (it would widen the search to every customer)', { filters: { email: '={{ $json.none }}' } }, 'Email (email) is empty: a filter needs a value'],
		['a blank filter', { filters: { city: '  ' } }, 'City (city) is empty'],
		['an object as a filter', { filters: { phone: '={{ $json.obj }}' } }, 'Phone (phone) must be text or a number, got an object'],
		['an object as a secret filter, not quoted', { filters: { customer_PIN: '={{ $json.obj }}' } }, 'Customer PIN (customer_PIN) must be text or a number, got an object'],
		['custom field number 1', { customFields: { field: [{ number: 1, value: 'x' }] } }, 'needs a field number of 2 or more'],
		['a custom field given twice', { customFields: { field: [{ number: 3, value: 'a' }, { number: 3, value: 'b' }] } }, 'Custom Fields (custom_field_3) is given twice'],
		['an unknown exact_match', { exact_match: '={{ "fuzzy" }}' }, 'Exact Match (exact_match) must be "sensitive", "insensitive" or empty, got "fuzzy"'],
		['a control character', { filters: { first_name: 'A\u0007' } }, 'First Name (first_name) contains control characters'],
		['a Limit of 0', { limit: 0 }, 'Limit (limit) must be a whole number of at least 1'],
		['Condensed with XML replies', { options: { condensed: true } }, 'applies only to JSON replies'],
	])('%s fails the item before any request', async (_, parameters, message) => {
		const got = await search(parameters, [{ json: { obj: { pin: '13579' } } }], { continueOnFail: true });
		expect(got.items).toHaveLength(1);
		expect(got.items[0].json).toMatchObject({ success: false, operation: 'search', found: null });
		expect(got.items[0].json.error).toContain(message);
		expect(collectVisible(got)).not.toContain('13579');
		expect(ctbRequests()).toHaveLength(0);
	});

	test('Validate Only on a search: the form as it would be sent, nothing sent', async () => {
		const checked = await search({
			filters: { last_name: 'Hopper', postal_code: '22202' },
			customFields: { field: [{ number: 4, value: 'Gouda' }] },
			exact_match: 'sensitive',
			options: { validateOnly: true },
		});
		expect(checked.items.map((i) => i.json)).toEqual([
			{
				valid: true,
				errors: [],
				request: {
					method: 'POST',
					url: sb.baseUrl('clienttoolbox'),
					contentType: 'application/x-www-form-urlencoded',
					body: { type: 'customer_search', last_name: 'Hopper', postal_code: '22202', custom_field_4: 'Gouda', exact_match: 'sensitive' },
				},
			},
		]);
		expect(ctbRequests()).toHaveLength(0);
	});

	describe('hostile replies', () => {
		const person = (i) => ({ code: String(3000000000000000 + i), card_number: `C${i}`, first_name: `F${i}`, last_name: 'Many', customer_password: `pw-${i}-secret` });

		test('a huge list (20,000 customers, JSON and XML) is read quickly; Limit outputs its first records, Return All every one', async () => {
			const many = Array.from({ length: 20000 }, (_, i) => person(i));
			const json = JSON.stringify({ status: 'success', customers: many });
			const xml = `<response status="success"><customers>${many
				.map((p) => `<customer><code>${p.code}</code><card_number>${p.card_number}</card_number><first_name>${p.first_name}</first_name><last_name>Many</last_name><customer_password>${p.customer_password}</customer_password></customer>`)
				.join('')}</customers></response>`;
			expect(Buffer.byteLength(xml)).toBeLessThan(MAX_REPLY_BYTES);
			for (const [body, type] of [
				[json, 'application/json'],
				[xml, 'text/xml'],
			]) {
				sb.faults.set({ vendor: 'clienttoolbox', next: [reply(body, type), reply(body, type)] });
				const started = Date.now();
				const limited = await search({ filters: { last_name: 'Many' }, limit: 3 });
				expect(records(limited).map((r) => r.code)).toEqual([many[0].code, many[1].code, many[2].code]);
				const all = await search({ filters: { last_name: 'Many' }, returnAll: true });
				expect(all.items).toHaveLength(20000);
				expect(all.items[19999].json).toMatchObject({ id: many[19999].code, record: { first_name: 'F19999' } });
				expect(Date.now() - started).toBeLessThan(30000);
				expect(all.items.some((i) => 'customer_password' in i.json.record)).toBe(false);
			}
		});

		test('a list above the 5 MB reply cap is refused unread, with a clear error', async () => {
			const big = `{"status":"success","customers":[${Array.from({ length: 60000 }, (_, i) => JSON.stringify(person(i))).join(',')}]}`;
			expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_REPLY_BYTES);
			sb.faults.set({ vendor: 'clienttoolbox', next: [reply(big)] });
			const got = await search({ returnAll: true, options: { maxTries: 1 } }, [{ json: {} }], { continueOnFail: true });
			expect(got.items).toHaveLength(1);
			expect(got.items[0].json).toMatchObject({ success: false, operation: 'search' });
			expect(got.items[0].json.error).toBe(`Client Toolbox: the reply is larger than ${MAX_REPLY_BYTES} bytes (decoded) and was not read`);
		});

		test.each([
			['malformed XML', reply('<response status="success"><customers><customer><code>1</code></customer>', 'text/xml'), /unusable reply: XML that is not well-formed/],
			['an entity bomb', reply('<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><response status="success"><customers/></response>', 'text/xml'), /DOCTYPE\/ENTITY/],
			['deep XML', reply(`<response status="success"><customers>${'<x>'.repeat(500)}${'</x>'.repeat(500)}</customers></response>`, 'text/xml'), /nested deeper than 20 levels/],
			['a list of strings', reply('{"status":"success","customers":["a","b"]}'), /unusable reply: a customer that is not a record: "a"/],
			['a list that is a number', reply('{"status":"success","customers":7}'), /unusable reply: a customer list that is not a list of customers/],
			['a JSON body cut short', reply('{"status":"success","customers":[{"code":"1"'), /unusable reply: a body that is neither XML nor JSON/],
			['an HTML error page', reply('<!DOCTYPE html><html><body>Oops</body></html>', 'text/html'), /an HTML page instead of the API reply/],
		])('%s fails the item with a clear message and no records', async (_, fault, message) => {
			sb.faults.set({ vendor: 'clienttoolbox', next: [fault] });
			const got = await search({ options: { maxTries: 1 } }, [{ json: {} }], { continueOnFail: true });
			expect(got.items).toHaveLength(1);
			expect(got.items[0].json.success).toBe(false);
			expect(got.items[0].json.error).toMatch(message);
		});

		test('a list keyed by position (JSON object) and a lone customer object are read as lists', async () => {
			sb.faults.set({
				vendor: 'clienttoolbox',
				next: [
					reply('{"status":"success","customers":{"0":{"code":"4000000000000001"},"2":{"code":"4000000000000002"}}}'),
					reply('{"status":"success","customers":{"code":"4000000000000003"}}'),
					reply('{"status":"success"}'),
				],
			});
			expect((await search({})).items.map((i) => i.json.id)).toEqual(['4000000000000001', '4000000000000002']);
			expect((await search({})).items.map((i) => i.json.id)).toEqual(['4000000000000003']);
			expect((await search({})).items).toEqual([]);
		});
	});
});

describe('the API key never shows', () => {
	test('every password field of the credential is a secret of the node', () => {
		const passwordFields = new LoyaltyApi().properties.filter((p) => p.typeOptions?.password).map((p) => p.name);
		expect(passwordFields).toEqual(['user_password']);
		for (const field of passwordFields) expect(loyaltySpec.secretCredentialFields).toContain(field);
	});

	test.each([['body'], ['header'], ['both']])(
		'key in the %s: get, search and their errors (even when Client Toolbox quotes the request) hold no user_password',
		async (keyPlacement) => {
			await upsert('2600000000000001', { first_name: 'Lou' }, { card_number: 'L-1' });
			sb.configure({ clienttoolbox: { echoRequestInErrors: true } });
			const extra = { credentials: { keyPlacement }, continueOnFail: true };
			const results = [
				await get({ code: '2600000000000001' }, undefined, extra),
				await get({ code: '2600000000000099' }, undefined, extra),
				await get({ code: '2600000000000099', options: { output: 'raw' } }, undefined, extra),
				await search({ filters: { first_name: 'Lou' } }, undefined, extra),
				await search({ filters: { first_name: 'Lou' }, options: { output: 'raw' } }, undefined, extra),
				await get({ findBy: 'card_number', card_number: 'L-1' }, undefined, { ...extra, credentials: { keyPlacement, account_id: 'notmine' } }),
			];
			expect(results[0].items[0].json).toMatchObject({ found: true, record: { first_name: 'Lou' } });
			expect(results[1].items[0].json).toMatchObject({ found: false });
			// Output = Raw Vendor Reply shows the error reply, which quoted the request: redacted
			expect(JSON.stringify(results[2].items[0].json)).toContain('[redacted]');
			expect(results[3].items.map((i) => i.json.record.first_name)).toEqual(['Lou']);
			expect(results[4].items[0].json).toMatchObject({ code: '2600000000000001', first_name: 'Lou' });
			expect(results[5].items[0].json).toMatchObject({ success: false, error: expect.stringContaining('has no access to account notmine') });
			for (const result of results) expect(collectVisible(result)).not.toContain(KEY);
		},
	);
});
