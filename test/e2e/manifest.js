'use strict';
// The example workflows (examples/*.json) and what running them in the real n8n
// must give. Used by the end-to-end test (test/e2e/examples.e2e.js) and by
// `npm run demo` (scripts/demo.js).
//
// One entry per workflow:
//   id            the workflow's "id" in its JSON (<= 21 characters; n8n execute --id)
//   file          path from the repo root
//   title         for the demo table and the test names
//   credentials   credential types it needs (entries of ./credentials.js)
//   resultNodes   nodes of this package whose output items are normalized results
//                 (counted in the demo table, shape-checked in every run)
//   runs          the workflow is run once per entry, in order, on the same sandbox
//                 state. expect: { added, updated, upserted, failed } counted over
//                 resultNodes (missing keys = 0). check(ctx) asserts the rest with
//                 node:assert (so the demo can run it too):
//                   ctx.nodes      { nodeName: [item.json, ...] } output 0 of each node
//                   ctx.outputs    { nodeName: [[...output 0], [...output 1]] }
//                   ctx.state      the sandbox state (sb.state), live
//                   ctx.requests   sandbox request log entries made during this run
//                   ctx.memo       an object kept across the runs of this workflow
//                   ctx.version    n8n version
//                 workflow(wf) (optional) the workflow as imported again before this run
//                 (same id and nodes: a source that changed between two runs)
//
// Adding a vendor's example: the workflow JSON in examples/ (node types
// "n8n-nodes-customer-sync.<node>", credentials referenced by the ids in
// ./credentials.js), its credential in ./credentials.js, one entry here.

const assert = require('node:assert/strict');

const { REGISTRY } = require('../vendors');

const {
	HYFIN_TOKEN,
	RIVERTY_OAUTH_CLIENT,
	RIVERTY_CLIENT_ID,
	RIVERTY_AUDIENCE,
	VALOMNIA_EMAIL,
	LOYALTY_USER,
	LOYALTY_KEY,
	LOYALTY_ACCOUNT,
} = require('./credentials');

const HEX24 = /^[0-9a-f]{24}$/;

/** Every request reached Hyfin with the configured header and prefix, and nothing else carried the token. */
function assertHyfinAuth(requests, count) {
	assert.equal(requests.length, count, `expected ${count} Hyfin requests, got ${requests.length}`);
	for (const r of requests) {
		assert.equal(r.headers['x-access-token'], `Token ${HYFIN_TOKEN}`, `token header on ${r.method} ${r.path}`);
		assert.equal(r.headers.authorization, undefined, 'no Authorization header when another header is configured');
		assert.equal(r.status, 200, `${r.method} ${r.path} answered ${r.status}`);
	}
}

const CUSTOMERS = [
	{ key: 'C-1001', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', mobile_phone: '555-0101' },
	{ key: 'C-1002', first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com', mobile_phone: '555-0102' },
	{ key: 'C-1003', first_name: 'Alan', last_name: 'Turing', email: 'alan@example.com', mobile_phone: '555-0103' },
];

function checkHyfinCustomers(ctx, action) {
	const results = ctx.nodes['Upsert customer in Hyfin'];
	assert.deepEqual(
		results.map((r) => [r.key, r.action, r.success]),
		CUSTOMERS.map((c) => [c.key, action, true]),
	);
	for (const r of results) {
		assert.equal(r.vendor, 'hyfin');
		assert.equal(r.resource, 'customer');
		assert.equal(r.operation, 'upsert');
		assert.match(r.id, HEX24);
		assert.equal(r.raw.action, action);
		assert.equal(r.raw._id, r.id);
	}
	// the IF node branches on the normalized action
	const added = ctx.nodes.Added || [];
	const updated = ctx.nodes.Updated || [];
	const branch = action === 'added' ? added : updated;
	assert.deepEqual(
		branch.map((i) => [i.outcome, i.customer, i.hyfinId]),
		results.map((r) => [action, r.key, r.id]),
	);
	assert.equal((action === 'added' ? updated : added).length, 0);
	// the records in Hyfin (the sandbox)
	const customers = ctx.state.hyfin.customers;
	assert.equal(customers.size, 3);
	for (const c of CUSTOMERS) {
		const rec = customers.get(`site-e2e:${c.key}`);
		assert.ok(rec, `customer ${c.key} exists in Hyfin`);
		assert.equal(rec.external_id, c.key);
		assert.equal(rec.first_name, c.first_name);
		assert.equal(rec.last_name, c.last_name);
		assert.equal(rec.email, c.email);
		assert.equal(rec.mobile_phone, c.mobile_phone);
		assert.deepEqual(rec.notification_options, { notify_email: true, notify_phone: false });
		assert.match(rec.notes, /^Synced by n8n at \d{4}-/);
		assert.equal(rec.version, action === 'added' ? 1 : 2);
	}
	assertHyfinAuth(ctx.requests, 3);
	for (const r of ctx.requests) {
		assert.equal(r.method, 'POST');
		assert.equal(r.path, '/api/v3.1/site/site-e2e/customer/addUpdate');
	}
}

/** Sort order for request lists: the nodes send items in parallel, so the log order varies. */
const byText = (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b));

// ---------- Riverty ----------

const RIVERTY_TOKEN_PATH = '/identity/oauth/token';
const rivertyCustomerPath = (key) => `/customer/v1/clients/${RIVERTY_CLIENT_ID}/customers/${encodeURIComponent(key)}`;

/**
 * Riverty's side of a run: the token requests (n8n's preAuthentication) and the HEAD + PUT
 * per customer, every one with the Bearer token the sandbox issued. Returns that token.
 *
 * How many token requests a run makes: n8n calls the credential's preAuthentication only
 * while the credential's hidden `accessToken` is empty, and stores what it returns in the
 * credential (the database), so the next `n8n execute` (a new process) reuses that token:
 * exactly one token request in the first run that uses the credential, none in later runs,
 * as long as the sandbox accepts the token (24 h). That the second run gets a valid token
 * without asking for one proves the token came from n8n's credential store, i.e. from n8n's
 * own preAuthentication path, not from anything the node keeps in memory.
 */
function assertRivertyAuth(ctx, keys, { headStatus }) {
	const requests = ctx.requests.filter((r) => r.vendor === 'riverty');
	const tokenRequests = requests.filter((r) => r.path === RIVERTY_TOKEN_PATH);
	const issued = ctx.state.riverty.issued;
	const issuedBefore = issued.length - tokenRequests.length;
	assert.equal(tokenRequests.length, issuedBefore === 0 ? 1 : 0, `token requests in this run (${issuedBefore} issued before)`);
	assert.equal(issued.length, 1, 'one token for all the runs of this n8n');
	const token = issued[0];
	if (tokenRequests.length) {
		const [t] = tokenRequests;
		assert.equal(requests[0], t, 'the token is fetched before any customer call');
		assert.equal(t.method, 'POST');
		assert.equal(t.status, 200);
		assert.equal(t.form.grant_type, 'client_credentials');
		assert.equal(t.form.client_id, RIVERTY_OAUTH_CLIENT);
		assert.equal(t.form.audience, RIVERTY_AUDIENCE);
		assert.equal(t.headers.authorization, undefined, 'the token request carries no Bearer token');
	}
	const api = requests.filter((r) => r.path !== RIVERTY_TOKEN_PATH);
	assert.equal(api.length, keys.length * 2, 'one HEAD and one PUT per customer');
	for (const r of api) {
		assert.equal(r.headers.authorization, `Bearer ${token}`, `Bearer token on ${r.method} ${r.path}`);
	}
	for (const key of keys) {
		const calls = api.filter((r) => r.path === rivertyCustomerPath(key));
		assert.deepEqual(
			calls.map((r) => [r.method, r.status]),
			[
				['HEAD', headStatus],
				['PUT', 200],
			],
			`HEAD (Report Added or Updated) then PUT for ${key}`,
		);
		assert.equal(calls[1].headers['content-type'], 'application/json');
		assert.equal(calls[1].json.customerNumber, undefined, 'the customer number goes in the URL only');
	}
	assert.equal(ctx.state.riverty.stats.unauthorized, 0, 'no call was refused for its token');
	return token;
}

const RIVERTY_CUSTOMERS = [
	{
		key: 'R-2001',
		type: 'Person',
		person: { firstName: 'Kari', lastName: 'Nordmann', ssn: '02016126007' },
		email: 'kari@example.com',
		phoneNumber: '+4791234567',
		address: { addressLine: 'Storgata 1', postalCode: '0155', postalPlace: 'Oslo', countryCode: 'NO' },
	},
	{
		key: 'R-2002',
		type: 'Company',
		company: { name: 'Fjord Fisk AS', organizationNumber: '923609016' },
		email: 'post@fjordfisk.example',
		phoneNumber: '+4755123456',
		address: { addressLine: 'Bryggen 5', postalCode: '5003', postalPlace: 'Bergen', countryCode: 'NO' },
	},
];

/** Output 0 of the Added / Updated Set nodes behind the IF: all results in the right branch, none in the other. */
function assertBranches(ctx, action, results, idField) {
	const added = ctx.nodes.Added || [];
	const updated = ctx.nodes.Updated || [];
	assert.deepEqual(
		(action === 'added' ? added : updated).map((i) => [i.outcome, i.customer, i[idField]]),
		results.map((r) => [action, r.key, String(r.id)]),
	);
	assert.equal((action === 'added' ? updated : added).length, 0);
}

function checkRivertyCustomers(ctx, action) {
	const results = ctx.nodes['Upsert customer in Riverty'];
	assert.deepEqual(
		results.map((r) => [r.key, r.action, r.success]),
		RIVERTY_CUSTOMERS.map((c) => [c.key, action, true]),
	);
	for (const [i, r] of results.entries()) {
		const c = RIVERTY_CUSTOMERS[i];
		assert.equal(r.vendor, 'riverty');
		assert.equal(r.resource, 'customer');
		assert.equal(r.operation, 'upsert');
		assert.equal(r.id, c.key, "Riverty's id is the customer number");
		assert.equal(r.raw.customerNumber, c.key);
		assert.equal(r.raw.type, c.type);
		assert.deepEqual(r.raw.address, c.address);
		if (c.person) assert.equal(r.raw.person.ssn, undefined, 'Riverty does not send the SSN back');
		assert.match(r.raw.paymentMeans.paymentId, /^\d{21}$/);
	}
	assertBranches(ctx, action, results, 'rivertyId');
	// the records in Riverty (the sandbox): the Person with person, the Company with company
	for (const c of RIVERTY_CUSTOMERS) {
		const rec = ctx.state.riverty.customers.get(`${RIVERTY_CLIENT_ID}:${c.key}`);
		assert.ok(rec, `customer ${c.key} exists in Riverty`);
		assert.equal(rec.type, c.type);
		assert.deepEqual(rec.person, c.person);
		assert.deepEqual(rec.company, c.company);
		assert.deepEqual(rec.address, c.address);
		assert.equal(rec.email, c.email);
		assert.equal(rec.phoneNumber, c.phoneNumber);
		assert.equal(rec.existingCustomer, undefined);
		assert.equal(rec.version, action === 'added' ? 1 : 2);
	}
	return assertRivertyAuth(ctx, RIVERTY_CUSTOMERS.map((c) => c.key), { headStatus: action === 'added' ? 404 : 200 });
}

// ---------- Valomnia ----------

const VALOMNIA_LOGIN_PATH = '/j_spring_security_check';

/**
 * Valomnia's side of a run: the session login (n8n's preAuthentication) and one POST per
 * customer, each with the session cookie. Like Riverty's token, the session id is stored in
 * the credential: one login in the first run that uses the credential, none later (the
 * next `n8n execute` reads the session from the credential). Returns the session id.
 */
function assertValomniaAuth(ctx, keys, { status }) {
	const requests = ctx.requests.filter((r) => r.vendor === 'valomnia');
	const logins = requests.filter((r) => r.path === VALOMNIA_LOGIN_PATH);
	const sessions = [...ctx.state.valomnia.sessions.keys()];
	const before = ctx.state.valomnia.stats.logins - logins.length;
	assert.equal(logins.length, before === 0 ? 1 : 0, `logins in this run (${before} before)`);
	assert.equal(sessions.length, 1, 'one session for all the runs of this n8n');
	assert.equal(ctx.state.valomnia.stats.logins, 1);
	const session = sessions[0];
	if (logins.length) {
		const [l] = logins;
		assert.equal(requests[0], l, 'the login comes before any customer call');
		assert.equal(l.method, 'POST');
		assert.equal(l.status, 302, 'Spring Security answers the login with a redirect carrying the cookie');
		assert.equal(l.form.j_username, VALOMNIA_EMAIL);
		assert.equal(l.form.ajax, 'true');
		assert.equal(l.headers.cookie, undefined, 'the login carries no session yet');
	}
	const api = requests.filter((r) => r.path !== VALOMNIA_LOGIN_PATH);
	assert.deepEqual(
		api.map((r) => [r.method, r.path, r.status]).sort(byText),
		keys.map((key) => ['POST', `/api/v2.1/customers/reference/${encodeURIComponent(key)}`, status]).sort(byText),
		'one POST per customer and nothing else (no redirect followed, no second login)',
	);
	for (const r of api) {
		assert.match(r.headers.cookie, new RegExp(`(^|; )JSESSIONID=${session}(;|$)`), `session cookie on ${r.method} ${r.path}`);
		assert.equal(r.headers['x-requested-with'], 'XMLHttpRequest');
		assert.match(r.headers['content-type'], /^application\/x-www-form-urlencoded/);
	}
	assert.equal(ctx.state.valomnia.stats.unauthorized, 0, 'no call was refused for its session');
	return session;
}

const VALOMNIA_CUSTOMERS = [
	{
		key: 'V-3001',
		name: "Marie's Jewelry",
		email: 'marie@example.com',
		phone: '+33493000001',
		billingAddress: '12 Rue de France',
		billingCity: 'Nice',
		billingPostalCode: '06000',
		billingCountry: 'FR',
		paymentTypes: [7, 8],
	},
	{
		key: 'V-3002',
		name: 'Café du Port',
		email: 'contact@cafeduport.example',
		phone: '+33493000002',
		billingAddress: '1 Quai Lunel',
		billingCity: 'Nice',
		billingPostalCode: '06300',
		billingCountry: 'FR',
		paymentTypes: [7],
	},
];

function checkValomniaCustomers(ctx, action) {
	const results = ctx.nodes['Upsert customer in Valomnia'];
	assert.deepEqual(
		results.map((r) => [r.key, r.action, r.success]),
		VALOMNIA_CUSTOMERS.map((c) => [c.key, action, true]),
	);
	for (const [i, r] of results.entries()) {
		const c = VALOMNIA_CUSTOMERS[i];
		const rec = ctx.state.valomnia.customers.get(c.key);
		assert.ok(rec, `customer ${c.key} exists in Valomnia`);
		assert.equal(r.vendor, 'valomnia');
		assert.equal(r.resource, 'customer');
		assert.equal(r.operation, 'upsert');
		assert.equal(r.id, rec.id, "Valomnia's numeric id");
		assert.equal(r.raw.reference, c.key);
		assert.equal(r.raw.name, c.name);
		assert.deepEqual(
			r.raw.paymentTypes.map((p) => p.id),
			c.paymentTypes,
		);
		// the record (the sandbox): every field the workflow maps
		const f = rec.fields;
		for (const k of ['name', 'email', 'phone', 'billingAddress', 'billingCity', 'billingPostalCode', 'billingCountry']) {
			assert.equal(f[k], c[k], `${c.key} ${k}`);
		}
		assert.deepEqual(f.paymentTypes, c.paymentTypes);
		assert.equal(f.currency, 'EUR');
		assert.match(f.comment, /^Synced by n8n at \d{4}-/);
		assert.equal(rec.createdBy, VALOMNIA_EMAIL, 'created as the credential user');
		assert.equal(rec.version, action === 'added' ? 0 : 1);
	}
	assertBranches(ctx, action, results, 'valomniaId');
	return assertValomniaAuth(ctx, VALOMNIA_CUSTOMERS.map((c) => c.key), { status: action === 'added' ? 201 : 200 });
}

// ---------- Client Toolbox ----------

/** Every call with the key in the api_access_key header (as configured) and never in the form body. */
function assertLoyaltyAuth(ctx, codes) {
	const requests = ctx.requests.filter((r) => r.vendor === 'clienttoolbox');
	// items go out in parallel (Options → Concurrency): any order
	assert.deepEqual(
		requests.map((r) => [r.method, r.path, r.status, r.form && r.form.code]).sort(byText),
		codes.map((code) => ['POST', '/api.php', 200, code]).sort(byText),
	);
	for (const r of requests) {
		assert.equal(r.headers.api_access_key, LOYALTY_KEY, 'API key in the api_access_key header');
		assert.equal(r.form.user_password, undefined, 'no user_password in the form when the header carries the key');
		assert.ok(!r.rawBody.includes(LOYALTY_KEY), 'the key is nowhere in the body');
		assert.equal(r.form.user_id, LOYALTY_USER);
		assert.equal(r.form.account_id, LOYALTY_ACCOUNT);
		assert.equal(r.form.type, 'record_customer');
		assert.equal(r.form.customer_action, 'edit');
		assert.equal(r.form.send_no_email, 'true');
		assert.match(r.headers['content-type'], /^application\/x-www-form-urlencoded/);
	}
	assert.equal(ctx.state.clienttoolbox.stats.unauthorized, 0);
}

const LOYALTY_CUSTOMERS = [
	{
		key: '4820193847561029',
		first_name: 'Ada',
		last_name: 'Lovelace',
		email: 'ada@example.com',
		phone: '555-0101',
		street1: "12 St James's Square",
		city: 'London',
		postal_code: 'SW1Y 4JH',
		country: 'GB',
	},
	{
		key: '4820193847561030',
		first_name: 'Grace',
		last_name: 'Hopper',
		email: 'grace@example.com',
		phone: '555-0102',
		street1: '1 Navy Yard',
		city: 'Arlington',
		postal_code: '22202',
		country: 'US',
	},
];
const LOYALTY_RECORD_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'street1', 'city', 'postal_code', 'country'];

function checkLoyaltyCustomers(ctx, action) {
	const results = ctx.nodes['Upsert customer in Client Toolbox'];
	assert.deepEqual(
		results.map((r) => [r.key, r.action, r.success]),
		LOYALTY_CUSTOMERS.map((c) => [c.key, action, true]),
	);
	for (const [i, r] of results.entries()) {
		const c = LOYALTY_CUSTOMERS[i];
		assert.equal(r.vendor, 'clienttoolbox');
		assert.equal(r.resource, 'customer');
		assert.equal(r.operation, 'upsert');
		assert.equal(r.id, c.key, "the id is the customer's code");
		assert.equal(r.raw.status, 'success');
		assert.deepEqual(r.raw.customer, { status: action === 'added' ? 'new' : 'update', code: c.key });
		const rec = ctx.state.clienttoolbox.customers.get(c.key);
		assert.ok(rec, `customer ${c.key} exists in Client Toolbox`);
		for (const k of LOYALTY_RECORD_FIELDS) assert.equal(rec[k], c[k], `${c.key} ${k}`);
		assert.match(rec.custom['2'], /^Synced by n8n at \d{4}-/, 'custom_field_2 from the Custom Fields list');
	}
	assert.equal(ctx.state.clienttoolbox.customers.size, LOYALTY_CUSTOMERS.length, 'no extra customer was created');
	assert.deepEqual(ctx.state.clienttoolbox.ownerEmails, [], 'Send No Email: no new-customer e-mail');
	assertBranches(ctx, action, results, 'loyaltyCode');
	assertLoyaltyAuth(ctx, LOYALTY_CUSTOMERS.map((c) => c.key));
}

// ---------- all four ----------

const ALL_FOUR = [
	{ id: 'ALL-4001', code: '7000000000004001', firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@example.com', phone: '+15550104001', street: '1 Langley Blvd', city: 'Hampton', postalCode: '23681', country: 'US' },
	{ id: 'ALL-4002', code: '7000000000004002', firstName: 'Margaret', lastName: 'Hamilton', email: 'margaret@example.com', phone: '+15550104002', street: '75 Vassar St', city: 'Cambridge', postalCode: '02139', country: 'US' },
];
// every registered vendor: its node in the all-vendor workflows (named after the vendor), the
// vendor, and the key it upserts on (the customer's id; Client Toolbox's is the customer code)
const KEY_OF = { clienttoolbox: (c) => c.code };
const ALL_FOUR_NODES = REGISTRY.map((v) => [v.vendorName, v.id, KEY_OF[v.id] ?? ((c) => c.id)]);
const ALL_VENDORS = REGISTRY.map((v) => v.id);
const ALL_CREDENTIALS = REGISTRY.map((v) => v.credentialType);

function checkAllFour(ctx, action) {
	const state = ctx.state;
	// each vendor node: the same normalized shape, the same action
	for (const [node, vendor, keyOf] of ALL_FOUR_NODES) {
		const results = ctx.nodes[node];
		assert.deepEqual(
			results.map((r) => [r.vendor, r.resource, r.operation, r.success, r.action, r.key]),
			ALL_FOUR.map((c) => [vendor, 'customer', 'upsert', true, action, keyOf(c)]),
			`normalized results of the ${node} node`,
		);
	}
	// Hyfin: records by external_id, the configured token header
	const hyfinIds = ctx.nodes.Hyfin.map((r) => r.id);
	for (const [i, c] of ALL_FOUR.entries()) {
		const rec = state.hyfin.customers.get(`site-e2e:${c.id}`);
		assert.ok(rec, `Hyfin customer ${c.id}`);
		assert.equal(rec._id, hyfinIds[i]);
		assert.deepEqual([rec.first_name, rec.last_name, rec.email, rec.mobile_phone], [c.firstName, c.lastName, c.email, c.phone]);
		assert.match(rec.notes, /^Synced by n8n at \d{4}-/);
		assert.equal(rec.version, action === 'added' ? 1 : 2);
	}
	assertHyfinAuth(ctx.requests.filter((r) => r.vendor === 'hyfin'), ALL_FOUR.length);
	// Riverty: a Person per customer; the token of the earlier Riverty runs is reused
	for (const c of ALL_FOUR) {
		const rec = state.riverty.customers.get(`${RIVERTY_CLIENT_ID}:${c.id}`);
		assert.ok(rec, `Riverty customer ${c.id}`);
		assert.equal(rec.type, 'Person');
		assert.deepEqual(rec.person, { firstName: c.firstName, lastName: c.lastName });
		assert.deepEqual(rec.address, { addressLine: c.street, postalCode: c.postalCode, postalPlace: c.city, countryCode: c.country });
		assert.equal(rec.version, action === 'added' ? 1 : 2);
	}
	assertRivertyAuth(ctx, ALL_FOUR.map((c) => c.id), { headStatus: action === 'added' ? 404 : 200 });
	// Valomnia: by reference; the session of the earlier Valomnia runs is reused
	for (const [i, c] of ALL_FOUR.entries()) {
		const rec = state.valomnia.customers.get(c.id);
		assert.ok(rec, `Valomnia customer ${c.id}`);
		assert.equal(ctx.nodes.Valomnia[i].id, rec.id);
		assert.equal(rec.fields.name, `${c.firstName} ${c.lastName}`);
		assert.deepEqual(
			[rec.fields.email, rec.fields.phone, rec.fields.billingAddress, rec.fields.billingCity, rec.fields.billingPostalCode, rec.fields.billingCountry],
			[c.email, c.phone, c.street, c.city, c.postalCode, c.country],
		);
		assert.equal(rec.version, action === 'added' ? 0 : 1);
	}
	assertValomniaAuth(ctx, ALL_FOUR.map((c) => c.id), { status: action === 'added' ? 201 : 200 });
	// Client Toolbox: by code, key in the header
	for (const c of ALL_FOUR) {
		const rec = state.clienttoolbox.customers.get(c.code);
		assert.ok(rec, `Client Toolbox customer ${c.code}`);
		assert.deepEqual(
			[rec.first_name, rec.last_name, rec.email, rec.phone, rec.street1, rec.city, rec.postal_code, rec.country],
			[c.firstName, c.lastName, c.email, c.phone, c.street, c.city, c.postalCode, c.country],
		);
	}
	assertLoyaltyAuth(ctx, ALL_FOUR.map((c) => c.code));
	assert.deepEqual(
		ctx.requests.map((r) => r.vendor).filter((v, i, a) => a.indexOf(v) === i).sort(),
		['clienttoolbox', 'hyfin', 'riverty', 'valomnia'],
		'no request to anything but the four vendors',
	);

	// the Merge node: the four lists appended, in input order
	const merged = ctx.nodes['All results'];
	assert.deepEqual(
		merged.map((r) => [r.vendor, r.key]),
		ALL_FOUR_NODES.flatMap(([, vendor, keyOf]) => ALL_FOUR.map((c) => [vendor, keyOf(c)])),
	);
	// the Switch on the normalized action: everything in the one output, by name
	const [added = [], updated = [], other = []] = ctx.outputs['Branch on action'];
	assert.equal((action === 'added' ? added : updated).length, merged.length);
	assert.equal((action === 'added' ? updated : added).length, 0);
	assert.equal(other.length, 0, 'no result without added/updated');
	const branch = ctx.nodes[action === 'added' ? 'Added' : 'Updated'];
	assert.deepEqual(
		branch.map((i) => [i.outcome, i.vendor, i.customer, i.vendorId]),
		merged.map((r) => [action, r.vendor, r.key, String(r.id)]),
	);
	assert.equal(ctx.nodes[action === 'added' ? 'Updated' : 'Added'], undefined, 'the other branch did not run');
}

// ---------- the error branch (On Error: Continue (using error output)) ----------

const ERROR_BRANCH_GOOD = [
	{ id: 'ERR-5001', code: '7000000000005001' },
	{ id: 'ERR-5002', code: '7000000000005002' },
];
const ERROR_BRANCH_BAD = { id: 'ERR-5003', code: '7000000000005003' };
// per vendor node: why it fails the broken customer (the vendor's refusal, or the node's own check)
const ERROR_BRANCH_REASONS = {
	Hyfin: /^Hyfin refused the request \(HTTP 400\): invalid email: not an email address/,
	Riverty: /^Item 2: Address Line \(address\.addressLine\) is required/,
	Valomnia: /^Valomnia refused the request \(HTTP 404\): not_found: The payment type with the id 999 doesn't exist\./,
	'Client Toolbox': /^Item 2: Custom Date \(custom_date\) must be a date as YYYY-MM-DD/,
};

function checkErrorBranch(ctx, action) {
	const { state } = ctx;
	for (const [node, vendor, keyOf] of ALL_FOUR_NODES) {
		const [success, failure, ...more] = ctx.outputs[node];
		assert.equal(more.length, 0, `${node} has two outputs (success, error)`);
		assert.deepEqual(
			success.map((r) => [r.vendor, r.success, r.action, r.key]),
			ERROR_BRANCH_GOOD.map((c) => [vendor, true, action, keyOf(c)]),
			`the success output of ${node}: the two good customers`,
		);
		// n8n sets the json of an error-output item to { error: <message> }
		assert.equal(failure.length, 1, `the error output of ${node}: the broken customer`);
		assert.deepEqual(Object.keys(failure[0]), ['error']);
		assert.match(failure[0].error, ERROR_BRANCH_REASONS[node], `${node}'s reason`);
	}
	// the Set node on the error branch marked the broken customer once per vendor, with the reason
	const marked = ctx.nodes['Mark failed'];
	assert.deepEqual(
		marked.map((m) => [m.status, m.customer]),
		ALL_FOUR_NODES.map(() => ['failed', ERROR_BRANCH_BAD.id]),
	);
	marked.forEach((m, i) => assert.match(m.reason, ERROR_BRANCH_REASONS[ALL_FOUR_NODES[i][0]]));
	assert.deepEqual(
		ctx.nodes['Mark synced'].map((m) => [m.status, m.vendor, m.customer, m.action]),
		ALL_FOUR_NODES.flatMap(([, vendor, keyOf]) => ERROR_BRANCH_GOOD.map((c) => ['synced', vendor, keyOf(c), action])),
	);
	// the vendors hold the good customers and not the broken one
	for (const c of ERROR_BRANCH_GOOD) {
		assert.ok(state.hyfin.customers.get(`site-e2e:${c.id}`), `Hyfin ${c.id}`);
		assert.ok(state.riverty.customers.get(`${RIVERTY_CLIENT_ID}:${c.id}`), `Riverty ${c.id}`);
		assert.ok(state.valomnia.customers.get(c.id), `Valomnia ${c.id}`);
		assert.ok(state.clienttoolbox.customers.get(c.code), `Client Toolbox ${c.code}`);
	}
	assert.equal(state.hyfin.customers.get(`site-e2e:${ERROR_BRANCH_BAD.id}`), undefined);
	assert.equal(state.riverty.customers.get(`${RIVERTY_CLIENT_ID}:${ERROR_BRANCH_BAD.id}`), undefined);
	assert.equal(state.valomnia.customers.get(ERROR_BRANCH_BAD.id), undefined);
	assert.equal(state.clienttoolbox.customers.get(ERROR_BRANCH_BAD.code), undefined);
	// Hyfin and Valomnia were asked and refused; Riverty and Client Toolbox were never asked
	const about = (r, key) => r.path.includes(encodeURIComponent(key)) || (r.json && r.json.external_id === key) || (r.form && r.form.code === key);
	const badRequests = (vendor, key) => ctx.requests.filter((r) => r.vendor === vendor && about(r, key)).map((r) => r.status);
	assert.deepEqual(badRequests('hyfin', ERROR_BRANCH_BAD.id), [400]);
	assert.deepEqual(badRequests('riverty', ERROR_BRANCH_BAD.id), []);
	assert.deepEqual(badRequests('valomnia', ERROR_BRANCH_BAD.id), [404]);
	assert.deepEqual(badRequests('clienttoolbox', ERROR_BRANCH_BAD.code), []);
}

const EXAMPLES = [
	{
		id: 'csHyfinCustomers',
		file: 'examples/hyfin-sync-customers.json',
		title: 'Sync customers into Hyfin',
		vendors: ['hyfin'],
		credentials: ['hyfinApi'],
		resultNodes: ['Upsert customer in Hyfin'],
		runs: [
			{
				label: 'first run: new customers',
				expect: { added: 3 },
				check(ctx) {
					checkHyfinCustomers(ctx, 'added');
					ctx.memo.ids = ctx.nodes['Upsert customer in Hyfin'].map((r) => r.id);
				},
			},
			{
				label: 'second run: same customers again',
				expect: { updated: 3 },
				check(ctx) {
					checkHyfinCustomers(ctx, 'updated');
					assert.deepEqual(
						ctx.nodes['Upsert customer in Hyfin'].map((r) => r.id),
						ctx.memo.ids,
						'an update keeps the Hyfin ids',
					);
				},
			},
		],
	},
	{
		id: 'csHyfinSkipUnchanged',
		file: 'examples/hyfin-skip-unchanged.json',
		title: 'Nightly sync to Hyfin: send only what changed (Skip Unchanged)',
		vendors: ['hyfin'],
		credentials: ['hyfinApi'],
		resultNodes: ['Upsert changed customers in Hyfin'],
		runs: [
			{
				label: 'first run: every customer sent',
				expect: { added: 3 },
				check(ctx) {
					assertHyfinAuth(ctx.requests, 3);
				},
			},
			{
				label: 'second run: only the customer who moved is sent',
				// the source changed: the same workflow (same id, same node: the same history) with Grace moved
				workflow: (wf) => ({
					...wf,
					nodes: wf.nodes.map((n) =>
						n.name === 'Read customers' ? { ...n, parameters: { jsCode: n.parameters.jsCode.replace('const graceMoved = false;', 'const graceMoved = true;') } } : n,
					),
				}),
				expect: { updated: 1 },
				check(ctx) {
					const results = ctx.nodes['Upsert changed customers in Hyfin'];
					assert.deepEqual(
						results.map((r) => [r.key, r.action]),
						[
							['C-4001', 'unchanged'],
							['C-4002', 'updated'],
							['C-4003', 'unchanged'],
						],
					);
					assert.deepEqual(results[0], {
						vendor: 'hyfin',
						resource: 'customer',
						operation: 'upsert',
						success: true,
						action: 'unchanged',
						id: null,
						key: 'C-4001',
						raw: null,
					});
					assertHyfinAuth(ctx.requests, 1);
					assert.equal(ctx.requests[0].json.external_id, 'C-4002');
					assert.equal(ctx.requests[0].json.mobile_phone, '555-0999');
				},
			},
		],
	},
	{
		id: 'csHyfinValidateFirst',
		file: 'examples/hyfin-validate-then-send.json',
		title: 'Check a batch with Validate Only, then send what is valid',
		vendors: ['hyfin'],
		credentials: ['hyfinApi'],
		resultNodes: ['Upsert customer in Hyfin'],
		runs: [
			{
				label: 'the broken customer is caught before anything is sent; the two others are added',
				expect: { added: 2 },
				check(ctx) {
					const checked = ctx.nodes['Check customers (Validate Only)'];
					assert.deepEqual(checked.map((r) => r.valid), [true, false, true]);
					for (const r of checked.filter((c) => c.valid)) {
						assert.equal(r.request.method, 'POST');
						assert.match(r.request.url, /\/api\/v3\.1\/site\/[^/]+\/customer\/addUpdate$/);
						assert.equal(r.request.contentType, 'application/json');
					}
					const refused = ctx.nodes['Not sent: fix these'];
					assert.equal(refused.length, 1);
					assert.equal(refused[0].customer, 'C-2002');
					assert.equal(refused[0].field, 'first_name');
					// Validate Only sent nothing: only the two real upserts reached Hyfin
					const hyfin = ctx.requests.filter((r) => r.vendor === 'hyfin');
					assert.equal(hyfin.length, 2);
					assert.deepEqual(hyfin.map((r) => r.json.external_id).sort(), ['C-2001', 'C-2003']);
				},
			},
		],
	},
	{
		id: 'csHyfinContact',
		file: 'examples/hyfin-upsert-contact.json',
		title: 'Upsert a Hyfin contact',
		vendors: ['hyfin'],
		credentials: ['hyfinApi'],
		resultNodes: ['Add contact', 'Update contact'],
		runs: [
			{
				label: 'add, then update by the returned id',
				expect: { added: 1, updated: 1 },
				check(ctx) {
					const [added] = ctx.nodes['Add contact'];
					const [updated] = ctx.nodes['Update contact'];
					assert.equal(ctx.nodes['Add contact'].length, 1);
					assert.equal(ctx.nodes['Update contact'].length, 1);
					assert.equal(added.vendor, 'hyfin');
					assert.equal(added.resource, 'contact');
					assert.equal(added.action, 'added');
					assert.equal(added.key, null);
					assert.match(added.id, HEX24);
					assert.equal(updated.action, 'updated');
					assert.equal(updated.id, added.id);
					assert.equal(updated.key, added.id);
					const contacts = ctx.state.hyfin.contacts;
					assert.equal(contacts.size, 1);
					const rec = contacts.get(added.id);
					assert.equal(rec.first_name, 'Jane');
					assert.equal(rec.last_name, 'Roe');
					assert.equal(rec.display_name, 'Jane Roe (billing)');
					assert.equal(rec.language, 'fr');
					assert.equal(rec.version, 2);
					assertHyfinAuth(ctx.requests, 2);
					assert.deepEqual(
						ctx.requests.map((r) => r.path),
						['/api/v4/site/site-e2e/contact/addUpdate', '/api/v4/site/site-e2e/contact/addUpdate'],
					);
					assert.equal(ctx.requests[0].json._id, undefined, 'the add sends no _id');
					assert.equal(ctx.requests[0].json.emails[0].address, 'jane.roe@example.com');
					assert.equal(ctx.requests[1].json._id, added.id, 'the update sends the id of the added contact');
				},
			},
		],
	},
	{
		id: 'csRivertyCustomers',
		file: 'examples/riverty-upsert-customers.json',
		title: 'Upsert customers into Riverty',
		vendors: ['riverty'],
		credentials: ['rivertyApi'],
		resultNodes: ['Upsert customer in Riverty'],
		runs: [
			{
				label: 'first run: a new person and a new company, one token fetched',
				expect: { added: 2 },
				check(ctx) {
					ctx.memo.token = checkRivertyCustomers(ctx, 'added');
				},
			},
			{
				label: 'second run: both updated, the stored token reused',
				expect: { updated: 2 },
				check(ctx) {
					const token = checkRivertyCustomers(ctx, 'updated');
					assert.equal(token, ctx.memo.token, 'the second run uses the token the first run stored in the credential');
				},
			},
		],
	},
	{
		id: 'csValomniaCustomers',
		file: 'examples/valomnia-upsert-customers.json',
		title: 'Upsert customers into Valomnia',
		vendors: ['valomnia'],
		credentials: ['referenceCustomersApi'],
		resultNodes: ['Upsert customer in Valomnia'],
		runs: [
			{
				label: 'first run: two new references, one login',
				expect: { added: 2 },
				check(ctx) {
					ctx.memo.session = checkValomniaCustomers(ctx, 'added');
				},
			},
			{
				label: 'second run: both updated, the stored session reused',
				expect: { updated: 2 },
				check(ctx) {
					const session = checkValomniaCustomers(ctx, 'updated');
					assert.equal(session, ctx.memo.session, 'the second run uses the session the first run stored in the credential');
				},
			},
		],
	},
	{
		id: 'csLoyaltyCustomers',
		file: 'examples/clienttoolbox-upsert-customers.json',
		title: 'Upsert customers into Client Toolbox',
		vendors: ['clienttoolbox'],
		credentials: ['loyaltyApi'],
		resultNodes: ['Upsert customer in Client Toolbox'],
		runs: [
			{
				label: 'first run: two new codes',
				expect: { added: 2 },
				check: (ctx) => checkLoyaltyCustomers(ctx, 'added'),
			},
			{
				label: 'second run: both updated',
				expect: { updated: 2 },
				check: (ctx) => checkLoyaltyCustomers(ctx, 'updated'),
			},
		],
	},
	{
		// runs after the single-vendor examples: it reuses their Riverty token and Valomnia session
		id: 'csAllFourVendors',
		file: 'examples/all-four-vendors.json',
		title: 'One customer list into all four vendors',
		vendors: ALL_VENDORS,
		credentials: ALL_CREDENTIALS,
		resultNodes: ALL_FOUR_NODES.map(([node]) => node),
		runs: [
			{
				label: 'first run: added in every vendor',
				expect: { added: 8 },
				check: (ctx) => checkAllFour(ctx, 'added'),
			},
			{
				label: 'second run: updated in every vendor',
				expect: { updated: 8 },
				check: (ctx) => checkAllFour(ctx, 'updated'),
			},
		],
	},
	{
		// On Error: Continue (using error output) on all four vendor nodes
		id: 'csErrorBranch',
		file: 'examples/error-branch-all-four.json',
		title: 'A broken customer goes to the error branch of all four vendors',
		vendors: ALL_VENDORS,
		credentials: ALL_CREDENTIALS,
		resultNodes: ALL_FOUR_NODES.map(([node]) => node),
		runs: [
			{
				label: 'first run: two customers added in every vendor, the broken one on every error branch',
				expect: { added: 8, failed: 4 },
				check: (ctx) => checkErrorBranch(ctx, 'added'),
			},
			{
				label: 'second run: the two updated, the broken one on the error branches again',
				expect: { updated: 8, failed: 4 },
				check: (ctx) => checkErrorBranch(ctx, 'updated'),
			},
		],
	},
	// the look-up examples (Get, Search), one file per vendor
	...require('./lookups/hyfin'),
	...require('./lookups/riverty'),
	...require('./lookups/valomnia'),
	...require('./lookups/clienttoolbox'),
	// version 2: Map Automatically and Map Each Field, one per vendor (last: they add their own keys)
	...require('./v2'),
];

const NORMALIZED_KEYS = ['vendor', 'resource', 'operation', 'success', 'action', 'id', 'key', 'raw'];
/** The normalized shape of a Get and of each Search record (nodes/shared/normalize.ts). */
const LOOKUP_KEYS = ['vendor', 'resource', 'operation', 'success', 'found', 'id', 'key', 'record'];

/**
 * Counts the normalized results of one run: { added, updated, upserted, failed, total }.
 * With On Error → Continue (using error output), a node's failed items are on its second
 * output (`outputs`), as { error }: each counts as failed.
 */
function countActions(example, nodes, runError, outputs = {}) {
	const counts = { added: 0, updated: 0, upserted: 0, failed: 0, total: 0 };
	for (const name of example.resultNodes) {
		for (const item of nodes[name] || []) {
			counts.total += 1;
			if (item.success === false || !item.action) counts.failed += 1;
			else counts[item.action] = (counts[item.action] || 0) + 1;
		}
		const errorOutput = (outputs[name] || [])[1] || [];
		counts.total += errorOutput.length;
		counts.failed += errorOutput.length;
	}
	if (runError && counts.total === 0) counts.failed += 1;
	return counts;
}

/** The checks every run gets: shape of the normalized results and the expected counts. */
function checkCommon(example, run, ctx) {
	for (const name of example.resultNodes) {
		const items = ctx.nodes[name];
		assert.ok(Array.isArray(items) && items.length > 0, `node "${name}" ran and returned items`);
		for (const item of items) {
			for (const k of NORMALIZED_KEYS) assert.ok(k in item, `"${name}" item has ${k}: ${JSON.stringify(item)}`);
			assert.ok(example.vendors.includes(item.vendor), `vendor ${item.vendor}`);
		}
	}
	for (const name of example.lookupNodes || []) {
		const items = ctx.nodes[name];
		assert.ok(Array.isArray(items) && items.length > 0, `node "${name}" ran and returned items`);
		for (const item of items) {
			for (const k of LOOKUP_KEYS) assert.ok(k in item, `"${name}" item has ${k}: ${JSON.stringify(item)}`);
			assert.ok(example.vendors.includes(item.vendor), `vendor ${item.vendor}`);
			assert.ok(['get', 'search'].includes(item.operation), `operation ${item.operation}`);
			assert.equal(item.success, true, `"${name}" item succeeded: ${JSON.stringify(item)}`);
		}
	}
	const got = countActions(example, ctx.nodes, null, ctx.outputs);
	const want = { added: 0, updated: 0, upserted: 0, failed: 0, ...run.expect };
	assert.deepEqual(
		{ added: got.added, updated: got.updated, upserted: got.upserted, failed: got.failed },
		{ added: want.added, updated: want.updated, upserted: want.upserted, failed: want.failed },
	);
}

/**
 * Examples with an AI Agent. They need a chat model, so npm run test:ai runs them
 * (test/ai/agent.ai.js, with its scripted model on loopback and its OpenAI credential), not the
 * example suite above; the demo and the queue scenario leave them out. Per entry: `tools` (the
 * tool names the model must receive), `model` (the scripted model's tool calls, one per turn,
 * each a { name, args } or a function of the tool answers so far, then `answer`), `check(ctx)`
 * with ctx.sent (the model's requests), ctx.answers (each tool answer, parsed), ctx.requests
 * (the sandbox's log of the run), ctx.nodes.
 */
const AGENT_EXAMPLES = [
	{
		id: 'csAgentSupport',
		file: 'examples/agent-customer-support.json',
		title: 'AI agent: customer support with Hyfin and Riverty as tools',
		credentials: ['hyfinApi', 'rivertyApi'],
		tools: ['Hyfin', 'Hyfin_Get', 'Riverty_Search'],
		model: [
			{ name: 'Riverty_Search', args: { search_value: 'C-1001' } },
			{ name: 'Hyfin', args: { external_id: 'C-1001', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@new.example.com' } },
			(answers) => ({ name: 'Hyfin_Get', args: { id: String(answers[1]?.id) } }),
		],
		answer: 'Updated Ada Lovelace in Hyfin; Riverty has customer C-1001.',
		check(ctx) {
			const [search, upsert, got] = ctx.answers;
			assert.equal(search.success, true);
			assert.deepEqual(
				search.records.map((r) => r.customerNumber),
				['C-1001'],
			);
			assert.equal(JSON.stringify(search).includes('_links'), false, 'no links in the Search answer');
			assert.deepEqual({ success: upsert.success, action: upsert.action, key: upsert.key }, { success: true, action: 'added', key: 'C-1001' });
			assert.equal(got.found, true);
			assert.equal(got.record.email, 'ada@new.example.com');
			const upserts = ctx.requests.filter((r) => r.vendor === 'hyfin' && r.method === 'POST');
			assert.equal(upserts.length, 1, 'one Hyfin upsert for the one Create or Update call');
			assert.equal(ctx.nodes['Support agent'][0].output, 'Updated Ada Lovelace in Hyfin; Riverty has customer C-1001.');
		},
	},
	{
		id: 'csAgentMapperV2',
		file: 'examples/agent-v2-mapper.json',
		title: 'AI agent: version-2 Valomnia and Client Toolbox as tools (Map Each Field with $fromAI)',
		credentials: ['referenceCustomersApi', 'loyaltyApi'],
		tools: ['Valomnia', 'Client_Toolbox'],
		model: [
			{ name: 'Valomnia', args: { reference: 'SHOP-2001', name: 'Épicerie Ada', email: 'ada@shop.example.com' } },
			{ name: 'Client_Toolbox', args: { code: 'SHOP-2001', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@shop.example.com' } },
		],
		answer: 'Registered Épicerie Ada (SHOP-2001) in Valomnia and Ada Lovelace as loyalty member SHOP-2001.',
		check(ctx) {
			// the mapper's $fromAI keys are the tools' parameters; the one with a default is optional
			const schema = Object.fromEntries(ctx.sent[0].tools.map((t) => [t.function.name, t.function.parameters]));
			assert.deepEqual(Object.keys(schema.Valomnia.properties).sort(), ['email', 'name', 'reference']);
			assert.deepEqual([...schema.Valomnia.required].sort(), ['name', 'reference']);
			assert.deepEqual(Object.keys(schema.Client_Toolbox.properties).sort(), ['code', 'email', 'first_name', 'last_name']);
			const [shop, member] = ctx.answers;
			assert.deepEqual({ success: shop.success, action: shop.action, key: shop.key }, { success: true, action: 'added', key: 'SHOP-2001' });
			assert.deepEqual({ success: member.success, key: member.key }, { success: true, key: 'SHOP-2001' });
			const valomnia = ctx.requests.filter((r) => r.vendor === 'valomnia' && r.method === 'POST' && r.rawPath.includes('/customers/reference/'));
			assert.equal(valomnia.length, 1, 'one Valomnia upsert for the one call');
			assert.equal(valomnia[0].form.name, 'Épicerie Ada');
			assert.equal(valomnia[0].form.email, 'ada@shop.example.com');
			const loyalty = ctx.requests.filter((r) => r.vendor === 'clienttoolbox' && r.form?.type === 'record_customer');
			assert.equal(loyalty.length, 1, 'one Client Toolbox upsert for the one call');
			assert.equal(loyalty[0].form.code, 'SHOP-2001');
			assert.equal(loyalty[0].form.last_name, 'Lovelace');
			assert.equal(ctx.nodes['Onboarding agent'][0].output, 'Registered Épicerie Ada (SHOP-2001) in Valomnia and Ada Lovelace as loyalty member SHOP-2001.');
		},
	},
];

module.exports = { EXAMPLES, AGENT_EXAMPLES, NORMALIZED_KEYS, LOOKUP_KEYS, countActions, checkCommon };
