'use strict';
// Client Toolbox (Sticky Street) loyalty API emulation: record_customer (edit / new / register),
// customer_search and customer_info, following docs/vendors/clienttoolbox.md.
// One URL for every call (the mount itself, or /api.php under it); the form field `type`
// picks the call. Errors are `<response status="error"><error>…</error></response>` with
// HTTP 200, as documented. What the docs leave open is marked "not documented".

const { digits, isPlainObject } = require('./util');

const KEY_HEADER = 'api_access_key';
const DATA_FIELDS = [
	'code',
	'new_code',
	'card_number',
	'card_number_generate',
	'first_name',
	'last_name',
	'phone',
	'email',
	'street1',
	'street2',
	'city',
	'state',
	'postal_code',
	'country',
	'custom_date',
	'custom_field',
	'customer_username',
	'customer_password',
	'customer_PIN',
	'send_no_email',
	'auto_add',
];
// Stored on the customer record (and searchable).
const RECORD_FIELDS = DATA_FIELDS.filter((f) => !['code', 'new_code', 'card_number_generate', 'send_no_email', 'auto_add'].includes(f));
// The documented customer_search filters (customer_search.html / .php), custom_field_# aside.
// Any other parameter is not a filter: it is ignored (not documented; what PHP usually does).
const SEARCH_FIELDS = [
	'card_number',
	'first_name',
	'last_name',
	'phone',
	'email',
	'city',
	'state',
	'postal_code',
	'custom_date',
	'custom_field',
	'customer_username',
	'customer_password',
	'customer_PIN',
];
const CUSTOM_FIELD = /^custom_field_(\d+)$/;
// Text custom fields hold 64,000 characters (customer_fields_add.html).
const MAX_TEXT = 64000;

function defaultConfig() {
	return {
		// the doc's example user; `key` is the user's API key (user_password / api_access_key)
		users: [{ user_id: 'john1970', key: '1959caadac9b13dcb3', accounts: ['greatwidgets'] }],
		// custom_field_## defined in the account (Custom Fields - Create): Text, Date, Pick, List
		customFields: {
			2: { type: 'Text' },
			3: { type: 'Date' },
			4: { type: 'Pick', choices: ['Gouda', 'Emental', 'Swiss'] },
			5: { type: 'List', choices: ['Gouda', 'Emental', 'Swiss'] },
		},
		maxGenerateDigits: 32,
		// not documented: JSON keys mirror the XML (attributes as keys); true sends the code as a
		// bare JSON number, as a sloppy PHP json_encode would
		jsonCodeAsNumber: false,
		// HTTP status of error replies: documented as body-only, so 200
		errorStatus: 200,
		// a careless server that quotes the request it refused: for the node's redaction tests
		echoRequestInErrors: false,
		// null, or a hostile reply sent to every call:
		// 'entity-bomb' | 'external-entity' | 'quadratic' | 'deep' | 'large' | 'huge' | 'html'
		// | 'endless' (64 KB every 5 ms) | 'drip' (one byte every 200 ms); both stop when the
		// client goes away, and at the latest after streamLimitMs
		hostile: null,
		largeBytes: 1024 * 1024,
		hugeBytes: 6 * 1024 * 1024,
		streamLimitMs: 15000,
	};
}

function initState() {
	return {
		customers: new Map(), // code -> record
		// "new customer" e-mails the account owner would get (send_no_email suppresses them)
		ownerEmails: [],
		stats: { new: 0, update: 0, errors: 0, unauthorized: 0, searches: 0, infos: 0 },
	};
}

// ---------- replies ----------

function escapeXml(text) {
	return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
}

function toXml(name, value, indent) {
	const pad = '\t'.repeat(indent);
	if (Array.isArray(value)) {
		// <customers><customer>…</customer>…</customers>
		const items = value.map((v) => toXml(name.replace(/s$/, ''), v, indent + 1)).join('');
		return `${pad}<${name}>\n${items}${pad}</${name}>\n`;
	}
	if (isPlainObject(value)) {
		const attrs = value.status !== undefined ? ` status="${escapeXml(value.status)}"` : '';
		const children = Object.entries(value)
			.filter(([k, v]) => k !== 'status' && v !== undefined)
			.map(([k, v]) => toXml(k, v, indent + 1))
			.join('');
		return `${pad}<${name}${attrs}>\n${children}${pad}</${name}>\n`;
	}
	return `${pad}<${name}>${escapeXml(value)}</${name}>\n`;
}

function format(fields) {
	const json = String(fields.output || '').toUpperCase() === 'JSON';
	const callback = json && fields.callback ? String(fields.callback) : '';
	return { json, callback, condensed: json && String(fields.condensed || '').toLowerCase() === 'yes' };
}

// `obj` is the JSON shape: { status, customer: { status, code, card_number } } or { status, error }.
function respond(ctx, fields, obj, status = 200) {
	const f = format(fields);
	if (!f.json) {
		const body = toXml('response', obj, 0);
		return ctx.send(status, body, { 'content-type': 'text/xml; charset=utf-8' });
	}
	let text = f.condensed ? JSON.stringify(obj) : JSON.stringify(obj, null, '\t');
	if (ctx.config.jsonCodeAsNumber) text = text.replace(/"code":(\s*)"(\d+)"/g, '"code":$1$2');
	if (f.callback) {
		return ctx.send(status, `${f.callback}(${text});`, { 'content-type': 'application/javascript; charset=utf-8' });
	}
	return ctx.send(status, text, { 'content-type': 'application/json; charset=utf-8' });
}

function fail(ctx, fields, message) {
	ctx.state.stats.errors++;
	const text = ctx.config.echoRequestInErrors
		? `${message} Request: ${ctx.rawBody}; ${KEY_HEADER}: ${ctx.headers[KEY_HEADER] ?? '-'}`
		: message;
	return respond(ctx, fields, { status: 'error', error: text }, ctx.config.errorStatus);
}

// Replies no honest server sends: for the node's XML safety tests.
function hostileReply(ctx) {
	const { hostile } = ctx.config;
	const xml = (inner) => ctx.send(200, inner, { 'content-type': 'text/xml; charset=utf-8' });
	const customer = (code) => `<response status="success"><customer status="new"><code>${code}</code></customer></response>`;
	switch (hostile) {
		case 'entity-bomb': {
			// "billion laughs": 10 levels of 10 references = 10^9 copies of "lol"
			let dtd = '<!ENTITY lol0 "lol">';
			for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
			return xml(`<?xml version="1.0"?>\n<!DOCTYPE response [${dtd}]>\n${customer('&lol9;')}`);
		}
		case 'external-entity':
			return xml(`<?xml version="1.0"?>\n<!DOCTYPE response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${customer('&xxe;')}`);
		case 'quadratic': {
			// one 20 KB entity referenced 5,000 times: 100 MB once expanded
			const big = 'a'.repeat(20000);
			return xml(`<!DOCTYPE response [<!ENTITY a "${big}">]>${customer('&a;'.repeat(5000))}`);
		}
		case 'deep':
			return xml(`<response status="success">${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</response>`);
		case 'large':
		case 'huge': {
			const size = hostile === 'large' ? ctx.config.largeBytes : ctx.config.hugeBytes;
			const head = '<response status="success"><customer status="new"><code>1234567890123456</code><note>';
			const tail = '</note></customer></response>';
			return xml(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
		}
		case 'endless':
		case 'drip':
			return stream(ctx, hostile === 'endless' ? 'x'.repeat(64 * 1024) : 'x', hostile === 'endless' ? 5 : 200);
		case 'html':
			return ctx.send(502, '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>', {
				'content-type': 'text/html',
			});
		default:
			throw new Error(`clienttoolbox sandbox: unknown hostile mode ${hostile}`);
	}
}

// A reply that never ends by itself (bounded by streamLimitMs, stopped when the client closes).
function stream(ctx, chunk, everyMs) {
	const { res } = ctx;
	res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
	res.write('<response status="success"><customer status="new"><code>1234567890123456</code><note>');
	const timer = setInterval(() => res.write(chunk), everyMs);
	const stop = setTimeout(() => {
		clearInterval(timer);
		res.end('</note></customer></response>');
	}, ctx.config.streamLimitMs);
	res.on('close', () => {
		clearInterval(timer);
		clearTimeout(stop);
	});
}

// ---------- requests ----------

function readFields(ctx) {
	let source;
	if (ctx.method === 'GET') source = Object.fromEntries(ctx.query);
	else if (ctx.form) source = ctx.form;
	else if (ctx.multipart) source = ctx.multipart.fields;
	else source = {};
	const fields = Object.create(null);
	for (const [k, v] of Object.entries(source)) fields[k] = Array.isArray(v) ? v[0] : v;
	return fields;
}

function present(v) {
	return v !== undefined && v !== null && String(v) !== '';
}

// The key is checked from the api_access_key header when there is one, else from
// user_password in the body (customer_search.php: "only the header value is checked").
function authenticate(ctx, fields) {
	const header = ctx.headers[KEY_HEADER];
	const key = header !== undefined ? String(header) : fields.user_password;
	const user = ctx.config.users.find((u) => u.user_id === fields.user_id);
	if (!present(fields.user_id) || !present(key) || !user || user.key !== key) {
		ctx.state.stats.unauthorized++;
		return 'Invalid user_id or user_password (API key).';
	}
	if (!present(fields.account_id)) return 'account_id is required.';
	if (!user.accounts.includes(fields.account_id)) return `User ${fields.user_id} has no access to account ${fields.account_id}.`;
	return null;
}

function validDate(text) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function checkCustomField(ctx, number, value) {
	const def = ctx.config.customFields[number];
	if (!def) return `custom_field_${number} is not defined for this account.`;
	const choices = (def.choices || []).map(String);
	switch (def.type) {
		case 'Text':
			return value.length > MAX_TEXT ? `custom_field_${number} is longer than ${MAX_TEXT} characters.` : null;
		case 'Date':
			return /^\d{4}[.-]\d{2}[.-]\d{2}( \d{2}:\d{2}:\d{2})?$/.test(value)
				? null
				: `custom_field_${number} must be a date / time stamp such as 2012.07.28 22:59:59.`;
		case 'Pick':
			return choices.includes(value) ? null : `custom_field_${number} must be one of: ${choices.join(',')}.`;
		case 'List':
			return value.split(',').every((v) => choices.includes(v.trim()))
				? null
				: `custom_field_${number} must be a comma-separated list of: ${choices.join(',')}.`;
		default:
			return null;
	}
}

function newCode(state) {
	let code;
	do code = digits(16);
	while (state.customers.has(code));
	return code;
}

function newCardNumber(state, n) {
	const taken = new Set([...state.customers.values()].map((c) => c.card_number));
	let card;
	do card = digits(n);
	while (taken.has(card));
	return card;
}

function applyFields(record, fields) {
	for (const f of RECORD_FIELDS) if (present(fields[f])) record[f] = String(fields[f]);
	for (const [k, v] of Object.entries(fields)) {
		const m = CUSTOM_FIELD.exec(k);
		if (m && present(v)) record.custom[m[1]] = String(v);
	}
	record.updated = new Date().toISOString();
}

// type=record_customer, customer_action=edit: the upsert (docs/vendors/clienttoolbox.md#customer-upsert).
function recordCustomer(ctx, fields) {
	const { state, config } = ctx;
	const action = String(fields.customer_action || '');
	if (!['edit', 'new', 'register'].includes(action)) return fail(ctx, fields, `Unknown customer_action "${action}".`);
	const hasData = Object.keys(fields).some((k) => (DATA_FIELDS.includes(k) || CUSTOM_FIELD.test(k)) && present(fields[k]));
	if (!hasData) return fail(ctx, fields, 'At least one optional field must be passed along.');
	if (present(fields.custom_date) && !validDate(fields.custom_date)) {
		return fail(ctx, fields, 'The custom_date must be in YYYY-MM-DD format.');
	}
	for (const [k, v] of Object.entries(fields)) {
		const m = CUSTOM_FIELD.exec(k);
		if (!m || !present(v)) continue;
		const problem = checkCustomField(ctx, m[1], String(v));
		if (problem) return fail(ctx, fields, problem);
	}
	let generateDigits = 0;
	if (present(fields.card_number_generate)) {
		generateDigits = Number(fields.card_number_generate);
		if (!/^\d+$/.test(fields.card_number_generate) || generateDigits < 1 || generateDigits > config.maxGenerateDigits) {
			return fail(ctx, fields, 'card_number_generate must be the number of digits of the card number.');
		}
	}

	let record;
	if (action === 'edit') {
		if (present(fields.code)) {
			record = state.customers.get(String(fields.code));
		} else if (present(fields.card_number)) {
			const card = String(fields.card_number);
			const byCard = [...state.customers.values()].filter((c) => c.card_number === card);
			if (byCard.length > 1) return fail(ctx, fields, `More than one customer matches card_number ${card}.`);
			record = byCard[0] || state.customers.get(card);
		}
	} else if (present(fields.code) && state.customers.has(String(fields.code))) {
		return fail(ctx, fields, `A customer with code ${fields.code} already exists.`);
	}

	const isNew = !record;
	if (isNew) {
		// not documented: a code that matches nobody becomes the new customer's code
		const code = present(fields.code) ? String(fields.code) : newCode(state);
		record = { code, card_number: '', custom: {}, created: new Date().toISOString(), balance: 0 };
		for (const f of RECORD_FIELDS) record[f] = record[f] ?? '';
		state.customers.set(code, record);
		if (!present(fields.send_no_email)) state.ownerEmails.push({ code, email: fields.email || '' });
	}
	applyFields(record, fields);
	let generated;
	if (generateDigits) {
		generated = newCardNumber(state, generateDigits);
		record.card_number = generated;
	}
	if (present(fields.auto_add)) {
		const n = Number(fields.auto_add);
		record.balance += Number.isFinite(n) ? n : 0;
	}
	state.stats[isNew ? 'new' : 'update']++;
	const customer = { status: isNew ? 'new' : 'update', code: record.code };
	if (generated) customer.card_number = generated;
	return respond(ctx, fields, { status: 'success', customer });
}

// A customer as customer_info and customer_search show it. Documented: the built-in custom_field
// comes back as "custom1" in customer_info (customer_info.html), and balances are optional there.
// Not documented, assumptions: custom_field_N comes back as customN (custom_field is field 1:
// custom fields are numbered from 2 because custom_field_1 exists); the search rows use the same
// shape; customer_password and customer_PIN are never shown; `balance` only with include_balances
// (any non-empty value; the parameter is named on the search page, its values are not).
function publicCustomer(record, withBalance) {
	const out = { code: record.code };
	for (const f of RECORD_FIELDS) {
		if (f === 'customer_password' || f === 'customer_PIN') continue;
		out[f === 'custom_field' ? 'custom1' : f] = record[f] ?? '';
	}
	for (const [n, v] of Object.entries(record.custom)) out[`custom${n}`] = v;
	if (withBalance) out.balance = record.balance;
	return out;
}

// type=customer_search (docs/vendors/clienttoolbox.md#customer-search): filter by the documented fields, partial and
// case-insensitive unless exact_match is `sensitive` or `insensitive` (any other value: partial);
// several filters must all match; with no filter every customer comes back. No paging is
// documented: the reply holds every match.
// Not documented, assumptions: JSON { status: "success", customers: [ … ] } (third-party code reads
// customers[0]), XML <response status="success"><customers><customer>…</customer></customers>;
// no match is a success with an empty list (not an error); rows in creation order.
function customerSearch(ctx, fields) {
	ctx.state.stats.searches++;
	const exact = String(fields.exact_match || '');
	const filters = Object.entries(fields).filter(([k, v]) => (SEARCH_FIELDS.includes(k) || CUSTOM_FIELD.test(k)) && present(v));
	const matches = (have, want) => {
		const a = String(have ?? '');
		if (exact === 'sensitive') return a === want;
		if (exact === 'insensitive') return a.toLowerCase() === want.toLowerCase();
		return a.toLowerCase().includes(want.toLowerCase());
	};
	const customers = [...ctx.state.customers.values()].filter((c) =>
		filters.every(([k, v]) => {
			const m = CUSTOM_FIELD.exec(k);
			return matches(m ? c.custom[m[1]] : c[k], String(v));
		}),
	);
	const balances = present(fields.include_balances);
	return respond(ctx, fields, { status: 'success', customers: customers.map((c) => publicCustomer(c, balances)) });
}

// type=customer_info (docs/vendors/clienttoolbox.md#customer-get): one customer by `code` or `card_number`.
// Not documented, assumptions: `code` wins when both are sent; neither is an error; no match
// is status="error" "Customer not found." (HTTP 200, like every error); a card number that
// several customers share is an error, as on record_customer edit; JSON
// { status: "success", customer: { … } }, XML <response status="success"><customer>…</customer>;
// balances with include_balances, as on customer_search.
function customerInfo(ctx, fields) {
	ctx.state.stats.infos++;
	let record;
	if (present(fields.code)) record = ctx.state.customers.get(String(fields.code));
	else if (present(fields.card_number)) {
		const card = String(fields.card_number);
		const byCard = [...ctx.state.customers.values()].filter((c) => c.card_number === card);
		if (byCard.length > 1) return fail(ctx, fields, `More than one customer matches card_number ${card}.`);
		record = byCard[0];
	} else return fail(ctx, fields, 'code or card_number is required.');
	if (!record) return fail(ctx, fields, 'Customer not found.');
	return respond(ctx, fields, { status: 'success', customer: publicCustomer(record, present(fields.include_balances)) });
}

function handle(ctx) {
	if (ctx.config.hostile) return hostileReply(ctx);
	if (ctx.path !== '/' && ctx.path !== '/api.php') {
		return ctx.send(404, '<html><body><h1>404 Not Found</h1></body></html>', { 'content-type': 'text/html' });
	}
	if (ctx.method !== 'POST' && ctx.method !== 'GET') {
		return ctx.send(405, '<html><body><h1>405 Method Not Allowed</h1></body></html>', { 'content-type': 'text/html' });
	}
	const fields = readFields(ctx);
	const authError = authenticate(ctx, fields);
	if (authError) return fail(ctx, fields, authError);
	switch (fields.type) {
		case 'record_customer':
			return recordCustomer(ctx, fields);
		case 'customer_search':
			return customerSearch(ctx, fields);
		case 'customer_info':
			return customerInfo(ctx, fields);
		default:
			return fail(ctx, fields, `Unknown type "${fields.type ?? ''}".`);
	}
}

module.exports = { name: 'clienttoolbox', defaultConfig, initState, handle };
