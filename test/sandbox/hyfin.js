'use strict';
// Hyfin emulation: v3.1 Add/Update Customer and v4 Add/Update Contact,
// following docs/vendors/hyfin.md.
// Things the docs leave open are marked "not documented" and are config
// values, so tests can try the other answer.

const { objectId, isPlainObject } = require('./util');

// Validation failures. The doc shows the body {success:false, errors} but not
// the HTTP status. 400 is our guess; set config.hyfin.validationStatus = 200
// to emulate "200 + success:false" (the node must check the body anyway).
const VALIDATION_STATUS = 400;
// Update of an unknown contact _id. Not documented; 404 is our choice.
const NOT_FOUND_STATUS = 404;
// The auth section of the docs is not public: status and body are our guess.
const UNAUTHORIZED_STATUS = 401;
const UNAUTHORIZED_ERROR = 'invalid or missing access token';

const CUSTOMER_FIELDS = {
	external_id: 'string',
	first_name: 'string',
	last_name: 'string',
	account_name: 'string',
	mobile_phone: 'string',
	email: 'string',
	notes: 'string',
	active: 'boolean',
	notification_options: 'object',
};
const CUSTOMER_REQUIRED = ['external_id', 'first_name', 'last_name'];
const NOTIFICATION_FIELDS = { notify_phone: 'boolean', notify_email: 'boolean' };

const CONTACT_FIELDS = {
	_id: 'string',
	first_name: 'string',
	last_name: 'string',
	display_name: 'string',
	language: 'string',
	emails: 'array',
	phone_numbers: 'array',
	addresses: 'array',
};
// Item keys come only from the doc's sample; `required` lists what an item
// is useless without.
const LIST_ITEMS = {
	emails: { fields: { label: 'string', address: 'string', is_primary: 'boolean' }, required: ['address'] },
	phone_numbers: { fields: { label: 'string', number: 'string', is_primary: 'boolean' }, required: ['number'] },
	addresses: { fields: { label: 'string', is_primary: 'boolean', address: 'object' }, required: ['address'] },
};
const ADDRESS_FIELDS = {
	address_line1: 'string',
	address_line2: 'string',
	city: 'string',
	state_code: 'string',
	zip_code: 'string',
};

function defaultConfig() {
	return {
		tokens: ['hyfin-test-token'],
		authHeader: 'authorization',
		authScheme: 'Bearer', // '' = the raw token is the whole header value
		siteIds: ['site-1'],
		validationStatus: VALIDATION_STATUS,
		notFoundStatus: NOT_FOUND_STATUS,
	};
}

function initState() {
	return {
		customers: new Map(), // `${site_id}:${external_id}` -> record
		contacts: new Map(), // _id -> record
		stats: { added: 0, updated: 0, errors: 0, unauthorized: 0, gets: 0 },
	};
}

function typeOf(v) {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

const article = (t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

// Type-check the keys of `obj` against `fields`; unknown keys are errors.
function checkFields(obj, fields, prefix, errors) {
	for (const [k, v] of Object.entries(obj)) {
		const name = prefix + k;
		if (!Object.prototype.hasOwnProperty.call(fields, k)) errors.push(`unknown field ${name}`);
		else if (typeOf(v) !== fields[k]) errors.push(`invalid ${name}: must be ${article(fields[k])}`);
	}
}

const filled = (v) => typeof v === 'string' && v.trim() !== '';
const looksLikeEmail = (v) => /^[^@\s]+@[^@\s]+$/.test(v);

function validateCustomer(body, existing) {
	const errors = [];
	checkFields(body, CUSTOMER_FIELDS, '', errors);
	for (const f of CUSTOMER_REQUIRED) {
		if (body[f] === undefined || (typeof body[f] === 'string' && !filled(body[f]))) errors.push(`missing ${f}`);
	}
	if (filled(body.email) && !looksLikeEmail(body.email.trim())) errors.push('invalid email: not an email address');
	if (isPlainObject(body.notification_options)) {
		checkFields(body.notification_options, NOTIFICATION_FIELDS, 'notification_options.', errors);
	}
	// The conditional rules apply to the record as it will be after the merge.
	const merged = mergeCustomer(existing || {}, body);
	const notify = isPlainObject(merged.notification_options) ? merged.notification_options : {};
	if (notify.notify_phone === true && !filled(merged.mobile_phone)) {
		errors.push('missing mobile_phone: required when notification_options.notify_phone is true');
	}
	if (notify.notify_email === true && !filled(merged.email)) {
		errors.push('missing email: required when notification_options.notify_email is true');
	}
	return errors;
}

// Update = merge: sent fields replace stored ones, omitted fields stay.
// notification_options merges key by key. (Replace vs merge: not documented.)
function mergeCustomer(old, body) {
	const out = { ...old };
	for (const [k, v] of Object.entries(body)) {
		if (k === 'notification_options' && isPlainObject(v) && isPlainObject(old[k])) out[k] = { ...old[k], ...v };
		else out[k] = clone(v);
	}
	return out;
}

function validateList(name, list, errors) {
	const spec = LIST_ITEMS[name];
	let primaries = 0;
	list.forEach((item, i) => {
		const at = `${name}[${i}]`;
		if (!isPlainObject(item)) {
			errors.push(`invalid ${at}: must be an object`);
			return;
		}
		checkFields(item, spec.fields, `${at}.`, errors);
		for (const r of spec.required) if (item[r] === undefined) errors.push(`missing ${at}.${r}`);
		if (item.is_primary === true) primaries += 1;
		if (name === 'emails' && typeof item.address === 'string' && !looksLikeEmail(item.address.trim())) {
			errors.push(`invalid ${at}.address: not an email address`);
		}
		if (name === 'phone_numbers' && typeof item.number === 'string' && !filled(item.number)) {
			errors.push(`missing ${at}.number`);
		}
		if (name === 'addresses' && isPlainObject(item.address)) {
			checkFields(item.address, ADDRESS_FIELDS, `${at}.address.`, errors);
		}
	});
	if (primaries > 1) errors.push(`invalid ${name}: at most one item can have is_primary true`);
}

function validateContact(body) {
	const errors = [];
	checkFields(body, CONTACT_FIELDS, '', errors);
	if (typeof body._id === 'string' && !filled(body._id)) errors.push('invalid _id: must not be empty');
	if (typeof body.language === 'string' && !/^[a-z]{2}$/.test(body.language)) {
		errors.push('invalid language: must be an ISO 639-1 code (two lowercase letters)');
	}
	for (const name of Object.keys(LIST_ITEMS)) {
		if (Array.isArray(body[name])) validateList(name, body[name], errors);
	}
	return errors;
}

const autoName = (c) => [c.first_name, c.last_name].filter(filled).join(' ');

function clone(v) {
	return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

const now = () => new Date().toISOString();

// What GET returns: the stored fields, timestamps in the documented snake_case.
function publicView(rec) {
	const { createdAt, updatedAt, version, ...rest } = rec;
	return { ...rest, created_at: createdAt, updated_at: updatedAt };
}

function fail(ctx, status, errors) {
	ctx.state.stats.errors += 1;
	ctx.reply(status, { success: false, errors });
}

// Returns the JSON object body, or replies with an error and returns null.
function jsonBody(ctx) {
	const status = ctx.config.validationStatus;
	if (!/json/i.test(String(ctx.headers['content-type'] || ''))) {
		fail(ctx, status, ['body must be JSON (Content-Type: application/json)']);
		return null;
	}
	if (ctx.jsonError) {
		fail(ctx, status, [`invalid JSON body: ${ctx.jsonError}`]);
		return null;
	}
	if (!isPlainObject(ctx.json)) {
		fail(ctx, status, ['body must be a JSON object']);
		return null;
	}
	return ctx.json;
}

function customerAddUpdate(ctx, site) {
	const body = jsonBody(ctx);
	if (!body) return;
	const key = typeof body.external_id === 'string' ? `${site}:${body.external_id}` : null;
	const existing = key ? ctx.state.customers.get(key) : undefined;
	const errors = validateCustomer(body, existing);
	if (errors.length) return fail(ctx, ctx.config.validationStatus, errors);
	const t = now();
	if (existing) {
		const rec = mergeCustomer(existing, body);
		rec.updatedAt = t;
		rec.version = existing.version + 1;
		ctx.state.customers.set(key, rec);
		ctx.state.stats.updated += 1;
		return ctx.reply(200, { success: true, action: 'updated', _id: rec._id });
	}
	const rec = { _id: objectId(), site_id: site, active: true, ...clone(body), createdAt: t, updatedAt: t, version: 1 };
	ctx.state.customers.set(key, rec);
	ctx.state.stats.added += 1;
	return ctx.reply(200, { success: true, action: 'added', _id: rec._id });
}

function contactAddUpdate(ctx, site) {
	const body = jsonBody(ctx);
	if (!body) return;
	const errors = validateContact(body);
	if (errors.length) return fail(ctx, ctx.config.validationStatus, errors);
	const t = now();
	const { _id, ...fields } = clone(body);
	if (_id !== undefined) {
		const old = ctx.state.contacts.get(_id);
		if (!old || old.site_id !== site) return fail(ctx, ctx.config.notFoundStatus, [`contact _id ${_id} not found`]);
		// Arrays are replaced as a whole (merge vs replace: not documented).
		const rec = { ...old, ...fields, updatedAt: t, version: old.version + 1 };
		// Empty display_name means "first last"; a defaulted one follows
		// later name changes.
		const sent = 'display_name' in fields;
		const wasAuto = !filled(old.display_name) || old.display_name === autoName(old);
		if ((sent && !filled(fields.display_name)) || (!sent && wasAuto)) rec.display_name = autoName(rec);
		ctx.state.contacts.set(_id, rec);
		ctx.state.stats.updated += 1;
		return ctx.reply(200, { success: true, action: 'updated', _id });
	}
	const rec = {
		_id: objectId(),
		site_id: site,
		emails: [],
		phone_numbers: [],
		addresses: [],
		...fields,
		language: fields.language || 'en',
		createdAt: t,
		updatedAt: t,
		version: 1,
	};
	if (!filled(rec.display_name)) rec.display_name = autoName(rec);
	ctx.state.contacts.set(rec._id, rec);
	ctx.state.stats.added += 1;
	return ctx.reply(200, { success: true, action: 'added', _id: rec._id });
}

// Get Contact / Get Customer (v4): `GET {base}/api/v4/site/{site_id}/contact/{_id}` and
// `…/customer/{_id}`, no body (docs/vendors/hyfin.md#customer-get). Documented: the customer carries created_at and
// updated_at (getCustomer page). Not documented, assumptions:
// - The reply is the record itself (no success/action wrapper), HTTP 200.
// - An unknown _id (or one of another site) is config.notFoundStatus (404) with the upsert's
//   error shape { success: false, errors: ["… not found"] }.
// - A customer made with the v3.1 upsert is readable here by the _id that upsert returned, with
//   the fields it was sent with (external_id, first_name, …: the v3.1 names), plus _id, site_id,
//   created_at, updated_at. The sandbox does not emulate the v4 customer shape (display_name,
//   nested contacts), as nothing writes it.
// - Contacts come back as stored (snake_case, as the samples send them), with created_at and
//   updated_at too.
function getContact(ctx, site, id) {
	ctx.state.stats.gets += 1;
	const rec = ctx.state.contacts.get(id);
	if (!rec || rec.site_id !== site) return fail(ctx, ctx.config.notFoundStatus, [`contact _id ${id} not found`]);
	return ctx.reply(200, publicView(rec));
}

function getCustomer(ctx, site, id) {
	ctx.state.stats.gets += 1;
	for (const rec of ctx.state.customers.values()) {
		if (rec._id === id && rec.site_id === site) return ctx.reply(200, publicView(rec));
	}
	return fail(ctx, ctx.config.notFoundStatus, [`customer _id ${id} not found`]);
}

// Used by the credential test: cheap, needs a valid token and site.
function getSite(ctx, site) {
	return ctx.reply(200, { _id: site, name: 'Sandbox site' });
}

const ROUTES = [
	{ method: 'POST', re: /^\/api\/v3\.1\/site\/([^/]+)\/customer\/addUpdate$/, fn: customerAddUpdate },
	{ method: 'POST', re: /^\/api\/v4\/site\/([^/]+)\/contact\/addUpdate$/, fn: contactAddUpdate },
	{ method: 'GET', re: /^\/api\/v4\/site\/([^/]+)\/contact\/([^/]+)$/, fn: getContact },
	{ method: 'GET', re: /^\/api\/v4\/site\/([^/]+)\/customer\/([^/]+)$/, fn: getCustomer },
	{ method: 'GET', re: /^\/api\/v4\/site\/([^/]+)$/, fn: getSite },
];

function authorized(ctx) {
	const { authHeader, authScheme, tokens } = ctx.config;
	const raw = ctx.headers[String(authHeader).toLowerCase()];
	if (typeof raw !== 'string') return false;
	let token = raw.trim();
	if (authScheme) {
		const m = /^(\S+)\s+(.+)$/.exec(token);
		// Auth schemes are case-insensitive (RFC 9110), tokens are not.
		if (!m || m[1].toLowerCase() !== String(authScheme).toLowerCase()) return false;
		token = m[2].trim();
	}
	return tokens.includes(token);
}

function handle(ctx) {
	const hits = ROUTES.map((r) => ({ r, m: r.re.exec(ctx.path) })).filter((x) => x.m);
	const hit = hits.find((x) => x.r.method === ctx.method);
	if (!hit) {
		if (hits.length) {
			return ctx.reply(405, { success: false, errors: ['method not allowed'] }, { allow: hits.map((x) => x.r.method).join(', ') });
		}
		return ctx.reply(404, { success: false, errors: ['not found'] });
	}
	if (!authorized(ctx)) {
		ctx.state.stats.unauthorized += 1;
		const headers = ctx.config.authScheme ? { 'www-authenticate': ctx.config.authScheme } : {};
		return ctx.reply(UNAUTHORIZED_STATUS, { success: false, errors: [UNAUTHORIZED_ERROR] }, headers);
	}
	let params;
	try {
		params = hit.m.slice(1).map(decodeURIComponent);
	} catch {
		return fail(ctx, 400, ['malformed path']);
	}
	if (!ctx.config.siteIds.includes(params[0])) return fail(ctx, 404, ['site not found']);
	return hit.r.fn(ctx, ...params);
}

module.exports = {
	name: 'hyfin',
	mount: '/hyfin',
	// Un-prefixed Hyfin paths also work: {sb.url}/api/v3.1/site/...
	match: (p) => /^\/api\/(v3\.1|v4)\/site(\/|$)/.test(p),
	defaultConfig,
	initState,
	handle,
	VALIDATION_STATUS,
	NOT_FOUND_STATUS,
	UNAUTHORIZED_STATUS,
};
