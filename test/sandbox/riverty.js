'use strict';
// Riverty Recurring Payments (Horizon AFS) emulation: the OAuth2 client-credentials token
// endpoint (with audience) and the customer service, following docs/vendors/riverty.md. What
// the docs leave open is marked "not documented" and is a config value, so tests can try the
// other answer.
//
//   POST /identity/oauth/token                         form client_id, client_secret, audience, grant_type
//   PUT  /customer/v1/clients/{clientId}/customers/{customerNumber}   create or update (JSON)
//   GET  /customer/v1/clients/{clientId}/customers/{customerNumber}   the customer, or 404
//   HEAD /customer/v1/clients/{clientId}/customers/{customerNumber}   200 or 404, no body
//   POST /customer/v1/clients/{clientId}/customers/search?page&perPage&sort&order
//        body { searchValue, searchColumn } → { items, total }
//
// Mounted at /riverty: sb.baseUrl('riverty', 'api') is the customer-service base,
// sb.baseUrl('riverty', 'identity') + '/oauth/token' the token URL.

const crypto = require('crypto');
const util = require('./util');

const PROBLEM_BASE = 'https://developer.horizonafs.io/errors';
const TYPES = ['Person', 'Company'];
const BODY_FIELDS = ['type', 'person', 'company', 'phoneNumber', 'email', 'address', 'existingCustomer', 'individualRiskScore'];
const ADDRESS_FIELDS = ['addressLine', 'addressLine2', 'addressLine3', 'postalCode', 'postalPlace', 'countryCode'];
const SEARCH_COLUMNS = ['clientId', 'customerNumber', 'name', 'ssn', 'organizationNumber'];

function defaultConfig() {
	return {
		// OAuth clients issued at onboarding, and the Riverty client ids each may use
		oauthClients: [{ clientId: 'riverty-oauth-client', clientSecret: 'riverty-oauth-secret', rivertyClientIds: [1234] }],
		audience: 'https://api.horizonafs.io',
		tokenLifetimeSeconds: 86400,
		// Set true to expire every token issued so far (done at the next request, then the
		// switch turns itself off). Expired and unknown tokens get 401.
		expireTokens: false,
		// The N-th, 2N-th… customer API call finds every token expired (0 = never).
		expireEvery: 0,
		// Status of a create and of an update: not documented (any 2xx is success).
		createStatus: 200,
		updateStatus: 200,
		// Which address parts the server insists on. The docs only require `address`; `addressLine`
		// "in practice". Tests add more to see the server's own 400.
		requiredAddressFields: ['addressLine'],
		// A broken server that repeats the Authorization header in its 400 bodies (redaction tests).
		echoAuthorizationInErrors: false,
		// Or the token alone, without "Bearer" (redaction of tokens issued during the run).
		echoTokenBareInErrors: false,
		// Largest perPage the search serves; bigger asks get this many rows, silently. Not
		// documented (0 = no cap).
		maxPerPage: 0,
	};
}

function initState() {
	return {
		tokens: new Map(), // access_token -> { oauthClientId, rivertyClientIds, issuedAt, expiresAt, expired }
		issued: [], // access tokens in issue order
		customers: new Map(), // `${clientId}:${customerNumber}` -> record
		stats: { tokenRequests: 0, tokensIssued: 0, tokensRefused: 0, unauthorized: 0, added: 0, updated: 0, errors: 0, heads: 0, gets: 0, searches: 0 },
	};
}

// ---------- problems ----------

class Problem extends Error {
	constructor(status, title, extra = {}) {
		super(title);
		this.status = status;
		this.body = { category: status >= 500 ? 'TechnicalError' : 'BusinessError', ...extra, title };
	}
}

function validationProblem(invalidParameters) {
	return new Problem(400, 'Request did not validate', { type: `${PROBLEM_BASE}/validation-error`, invalidParameters });
}

function sendProblem(ctx, err) {
	ctx.state.stats.errors += 1;
	const body = { ...err.body };
	if (err.status === 400 && ctx.config.echoAuthorizationInErrors) body.detail = `Request received with Authorization: ${ctx.headers.authorization}`;
	if (err.status === 400 && ctx.config.echoTokenBareInErrors) {
		body.detail = `token ${String(ctx.headers.authorization || '').replace(/^Bearer\s+/i, '')} may not do this`;
	}
	if (ctx.method === 'HEAD') return ctx.send(err.status, '', { 'content-type': 'application/problem+json' });
	return ctx.send(err.status, JSON.stringify(body), { 'content-type': 'application/problem+json; charset=utf-8' });
}

// ---------- tokens ----------

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');

function issueToken(ctx, client) {
	const now = Math.floor(Date.now() / 1000);
	const lifetime = Number(ctx.config.tokenLifetimeSeconds);
	const header = { alg: 'RS256', typ: 'JWT', kid: 'sandbox' };
	const payload = {
		iss: `${ctx.baseUrl}/identity/`,
		sub: `${client.clientId}@clients`,
		aud: ctx.config.audience,
		iat: now,
		exp: now + lifetime,
		gty: 'client-credentials',
		jti: crypto.randomUUID(),
	};
	const token = `${b64url(header)}.${b64url(payload)}.${crypto.randomBytes(32).toString('base64url')}`;
	ctx.state.tokens.set(token, {
		oauthClientId: client.clientId,
		rivertyClientIds: client.rivertyClientIds || [],
		issuedAt: Date.now(),
		expiresAt: Date.now() + lifetime * 1000,
		expired: false,
	});
	ctx.state.issued.push(token);
	ctx.state.stats.tokensIssued += 1;
	return { access_token: token, scope: 'fullcontrol:users', expires_in: lifetime, token_type: 'Bearer' };
}

function tokenEndpoint(ctx) {
	const stats = ctx.state.stats;
	stats.tokenRequests += 1;
	const refuse = (status, error, description) => {
		stats.tokensRefused += 1;
		return ctx.reply(status, { error, error_description: description });
	};
	if (ctx.method !== 'POST') return refuse(405, 'invalid_request', 'Use POST');
	if (!ctx.form) return refuse(400, 'invalid_request', 'Send the body as application/x-www-form-urlencoded');
	const field = (name) => (typeof ctx.form[name] === 'string' ? ctx.form[name] : undefined);
	if (field('grant_type') !== 'client_credentials') {
		return refuse(400, 'unsupported_grant_type', 'Unsupported grant type: only client_credentials is allowed');
	}
	const client = ctx.config.oauthClients.find((c) => c.clientId === field('client_id'));
	if (!client || client.clientSecret !== field('client_secret')) return refuse(401, 'access_denied', 'Unauthorized');
	if (field('audience') !== ctx.config.audience) {
		return refuse(403, 'access_denied', `Service not enabled within domain: ${field('audience') ?? '(none)'}`);
	}
	return ctx.reply(200, issueToken(ctx, client), { 'cache-control': 'no-store', pragma: 'no-cache' });
}

function applyExpirySwitch(ctx) {
	// expireEvery: N = the N-th, 2N-th… customer API call finds every token issued so far expired
	// (a token lifetime that ends mid-run, at a point tests can count on)
	const every = Number(ctx.config.expireEvery) || 0;
	if (every > 0 && ctx.path !== '/identity/oauth/token') {
		ctx.state.apiCalls = (ctx.state.apiCalls || 0) + 1;
		if (ctx.state.apiCalls % every === 0) ctx.config.expireTokens = true;
	}
	if (!ctx.config.expireTokens) return;
	for (const token of ctx.state.tokens.values()) token.expired = true;
	ctx.config.expireTokens = false;
}

function currentToken(ctx) {
	const match = /^Bearer\s+(\S+)$/i.exec(String(ctx.headers.authorization || ''));
	const token = match ? ctx.state.tokens.get(match[1]) : undefined;
	if (!token || token.expired || Date.now() >= token.expiresAt) return undefined;
	return token;
}

// ---------- customers ----------

function linksFor(ctx, clientId, customerNumber) {
	const href = `${ctx.baseUrl}/customer/v1/clients/${clientId}/customers/${encodeURIComponent(customerNumber)}`;
	return [
		{ href, rel: '_self', method: 'GET' },
		{ href, rel: 'check_customer', method: 'HEAD' },
		{ href, rel: 'update_customer', method: 'PUT' },
		{
			href: `${ctx.baseUrl}/customer/v1/clients/${clientId}/customers/search?page={Page}&perPage={PerPage}&sort={byFieldName}&order={ASC/DESC}`,
			rel: 'search_customer_by_field',
			method: 'POST',
		},
	];
}

// What the API shows: the stored customer plus links; ssn is not echoed (docs/vendors/riverty.md#replies).
function publicView(ctx, rec) {
	const view = { _links: linksFor(ctx, rec.clientId, rec.customerNumber), customerNumber: rec.customerNumber, type: rec.type };
	if (rec.person) {
		const { ssn, ...person } = rec.person;
		view.person = person;
	}
	if (rec.company) view.company = rec.company;
	if (rec.phoneNumber !== undefined) view.phoneNumber = rec.phoneNumber;
	if (rec.email !== undefined) view.email = rec.email;
	view.paymentMeans = rec.paymentMeans;
	view.address = rec.address;
	if (rec.existingCustomer !== undefined) view.existingCustomer = rec.existingCustomer;
	if (rec.individualRiskScore !== undefined) view.individualRiskScore = rec.individualRiskScore;
	return view;
}

function isText(v) {
	return typeof v === 'string';
}

function validate(ctx, body) {
	const invalid = [];
	const add = (name, reason) => invalid.push({ name, reason });
	for (const key of Object.keys(body)) if (!BODY_FIELDS.includes(key)) add(key, 'Unknown field.');
	if (body.type === undefined || body.type === null || body.type === '') add('type', 'The type field is required.');
	else if (!TYPES.includes(body.type)) add('type', `Must be one of ${TYPES.join(', ')}.`);
	for (const part of ['person', 'company']) {
		if (body[part] !== undefined && (body[part] === null || typeof body[part] !== 'object' || Array.isArray(body[part]))) {
			add(part, 'Must be an object.');
		}
	}
	if (body.type === 'Company') {
		if (body.existingCustomer !== undefined) add('existingCustomer', 'Only applicable for Person customer type.');
		if (body.individualRiskScore !== undefined) add('individualRiskScore', 'Only applicable for Person customer type.');
	}
	const address = body.address;
	if (address === undefined || address === null) add('address', 'The address field is required.');
	else if (typeof address !== 'object' || Array.isArray(address)) add('address', 'Must be an object.');
	else {
		for (const name of ctx.config.requiredAddressFields) {
			if (!isText(address[name]) || address[name].trim() === '') add(`address.${name}`, `The ${name} field is required.`);
		}
		for (const name of Object.keys(address)) {
			if (!ADDRESS_FIELDS.includes(name)) add(`address.${name}`, 'Unknown field.');
			else if (!isText(address[name])) add(`address.${name}`, 'Must be a string.');
		}
		if (isText(address.countryCode) && !/^[A-Z]{2}$/.test(address.countryCode)) {
			add('address.countryCode', 'Must be a two-letter ISO 3166-1 country code.');
		}
	}
	for (const name of ['phoneNumber', 'email', 'individualRiskScore']) {
		if (body[name] !== undefined && !isText(body[name])) add(name, 'Must be a string.');
	}
	if (body.existingCustomer !== undefined && typeof body.existingCustomer !== 'boolean') add('existingCustomer', 'Must be a boolean.');
	if (invalid.length) throw validationProblem(invalid);
}

function upsert(ctx, clientId, customerNumber) {
	if (!util.isJsonType(ctx.headers)) throw new Problem(415, 'Unsupported Media Type', { type: `${PROBLEM_BASE}/unsupported-media-type` });
	if (ctx.jsonError || !util.isPlainObject(ctx.json)) {
		throw new Problem(400, 'The request body is not a JSON object', { type: `${PROBLEM_BASE}/invalid-json` });
	}
	const body = ctx.json;
	validate(ctx, body);
	const key = `${clientId}:${customerNumber}`;
	const existing = ctx.state.customers.get(key);
	const now = new Date().toISOString();
	// PUT replaces the customer (not documented; the usual meaning of PUT). paymentMeans stays.
	const rec = {
		clientId,
		customerNumber,
		type: body.type,
		person: body.person,
		company: body.company,
		phoneNumber: body.phoneNumber,
		email: body.email,
		address: body.address,
		existingCustomer: body.existingCustomer,
		individualRiskScore: body.individualRiskScore,
		paymentMeans: existing ? existing.paymentMeans : { paymentId: util.digits(21) },
		createdAt: existing ? existing.createdAt : now,
		updatedAt: now,
		version: existing ? existing.version + 1 : 1,
	};
	ctx.state.customers.set(key, rec);
	ctx.state.stats[existing ? 'updated' : 'added'] += 1;
	return ctx.reply(existing ? ctx.config.updateStatus : ctx.config.createStatus, publicView(ctx, rec));
}

// POST …/customers/search?page&perPage&sort&order, body { searchValue, searchColumn }
// (docs/vendors/riverty.md#customer-search). Documented: page (default 1), perPage (default 100),
// sort (default customerNumber; clientId, customerNumber, name, ssn, organizationNumber), order
// (asc/desc, default desc), searchColumn (the same five names), 200 → { items, total } with
// total = every match, and a 200 "Customer Not Found" example.
// Not documented, our choices (each one marked "assumption" below):
// - "Customer Not Found" = 200 { items: [], total: 0 }.
// - The match is a case-insensitive substring ("contains") on the column; an empty searchValue
//   matches every customer of the client.
// - searchColumn and searchValue are required (400 naming the field); searchValue is a string.
// - page/perPage that are not whole numbers ≥ 1, an unknown sort or order: 400 naming the field.
// - A page past the end is 200 { items: [], total }.
// - No maximum perPage is documented: config.maxPerPage (0 = none) cuts pages silently, the way
//   many servers do, so a client must walk by `total`, not by the page size it asked for.
// - Ties in the sort column are broken by customerNumber ascending, so pages never overlap.
const SORT_COLUMNS = SEARCH_COLUMNS;

function positiveInt(ctx, name, fallback) {
	const raw = ctx.query.get(name);
	if (raw === null) return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
		// assumption: the refusal of a bad paging value is not documented
		throw validationProblem([{ name, reason: 'Must be a whole number of at least 1.' }]);
	}
	return Number(raw);
}

// The value a search column (and a sort) sees on a stored customer.
function columnValue(rec, column) {
	switch (column) {
		case 'clientId':
			return String(rec.clientId);
		case 'customerNumber':
			return rec.customerNumber;
		case 'name':
			// assumption: a Company's name is company.name, a Person's "firstName lastName"
			if (rec.company && rec.company.name !== undefined) return String(rec.company.name);
			return rec.person ? `${rec.person.firstName || ''} ${rec.person.lastName || ''}`.trim() : '';
		case 'ssn':
			return rec.person && rec.person.ssn !== undefined ? String(rec.person.ssn) : '';
		case 'organizationNumber':
			return rec.company && rec.company.organizationNumber !== undefined ? String(rec.company.organizationNumber) : '';
		default:
			return '';
	}
}

function search(ctx, clientId) {
	ctx.state.stats.searches += 1;
	const page = positiveInt(ctx, 'page', 1);
	let perPage = positiveInt(ctx, 'perPage', 100);
	const cap = Number(ctx.config.maxPerPage) || 0;
	if (cap > 0) perPage = Math.min(perPage, cap);
	const sort = ctx.query.get('sort') ?? 'customerNumber';
	if (!SORT_COLUMNS.includes(sort)) {
		throw validationProblem([{ name: 'sort', reason: `Must be one of ${SORT_COLUMNS.join(', ')}.` }]);
	}
	const orderText = (ctx.query.get('order') ?? 'desc').toLowerCase();
	if (orderText !== 'asc' && orderText !== 'desc') throw validationProblem([{ name: 'order', reason: 'Must be asc or desc.' }]);
	const order = orderText === 'asc' ? 1 : -1;
	if (!util.isJsonType(ctx.headers)) throw new Problem(415, 'Unsupported Media Type', { type: `${PROBLEM_BASE}/unsupported-media-type` });
	if (ctx.jsonError || !util.isPlainObject(ctx.json)) {
		throw new Problem(400, 'The request body is not a JSON object', { type: `${PROBLEM_BASE}/invalid-json` });
	}
	const body = ctx.json;
	const invalid = [];
	if (body.searchColumn === undefined || body.searchColumn === null || body.searchColumn === '') {
		invalid.push({ name: 'searchColumn', reason: 'The searchColumn field is required.' });
	} else if (!SEARCH_COLUMNS.includes(body.searchColumn)) {
		invalid.push({ name: 'searchColumn', reason: `Must be one of ${SEARCH_COLUMNS.join(', ')}.` });
	}
	if (body.searchValue === undefined || body.searchValue === null) invalid.push({ name: 'searchValue', reason: 'The searchValue field is required.' });
	else if (!isText(body.searchValue)) invalid.push({ name: 'searchValue', reason: 'Must be a string.' });
	for (const key of Object.keys(body)) if (key !== 'searchColumn' && key !== 'searchValue') invalid.push({ name: key, reason: 'Unknown field.' });
	if (invalid.length) throw validationProblem(invalid);
	const column = body.searchColumn;
	const value = body.searchValue.toLowerCase();
	const compare = (a, b) => {
		const x = columnValue(a, sort);
		const y = columnValue(b, sort);
		const byColumn = sort === 'clientId' ? Number(x) - Number(y) : x.localeCompare(y);
		return order * byColumn || a.customerNumber.localeCompare(b.customerNumber);
	};
	const rows = [...ctx.state.customers.values()]
		.filter((rec) => rec.clientId === clientId)
		.filter((rec) => columnValue(rec, column).toLowerCase().includes(value))
		.sort(compare);
	const items = rows.slice((page - 1) * perPage, page * perPage).map((rec) => publicView(ctx, rec));
	return ctx.reply(200, { items, total: rows.length });
}

// ---------- routing ----------

function handle(ctx) {
	applyExpirySwitch(ctx);
	if (ctx.path === '/identity/oauth/token') return tokenEndpoint(ctx);
	try {
		const api = /^\/customer\/v1\/clients\/([^/]+)\/customers(?:\/([^/]*))?$/.exec(ctx.path);
		if (!api) throw new Problem(404, 'Not Found', { type: `${PROBLEM_BASE}/not-found`, detail: `No resource at ${ctx.path}` });
		const token = currentToken(ctx);
		if (!token) {
			ctx.state.stats.unauthorized += 1;
			const status = 401;
			const body = { type: `${PROBLEM_BASE}/unauthorized`, title: 'Unauthorized', detail: 'The access token is missing, invalid or expired.' };
			if (ctx.method === 'HEAD') return ctx.send(status, '', { 'www-authenticate': 'Bearer error="invalid_token"' });
			return ctx.send(status, JSON.stringify(body), {
				'content-type': 'application/problem+json; charset=utf-8',
				'www-authenticate': 'Bearer error="invalid_token"',
			});
		}
		const [, rawClientId, rawCustomer] = api;
		if (!/^\d+$/.test(rawClientId)) {
			throw validationProblem([{ name: 'clientId', reason: 'The value is not a valid integer.' }]);
		}
		const clientId = Number(rawClientId);
		if (!token.rivertyClientIds.includes(clientId)) {
			throw new Problem(403, 'Forbidden', { type: `${PROBLEM_BASE}/forbidden`, detail: `Client ${clientId} is not accessible with this token.` });
		}
		if (rawCustomer === 'search' && ctx.method === 'POST') return search(ctx, clientId);
		if (rawCustomer === undefined || rawCustomer === '') {
			throw new Problem(404, 'Not Found', { type: `${PROBLEM_BASE}/not-found`, detail: 'No customer number in the path.' });
		}
		let customerNumber;
		try {
			customerNumber = decodeURIComponent(rawCustomer);
		} catch {
			throw validationProblem([{ name: 'customerNumber', reason: 'The path segment is not valid percent-encoding.' }]);
		}
		const rec = ctx.state.customers.get(`${clientId}:${customerNumber}`);
		switch (ctx.method) {
			case 'PUT':
				return upsert(ctx, clientId, customerNumber);
			case 'HEAD':
				ctx.state.stats.heads += 1;
				return ctx.send(rec ? 200 : 404, '', {});
			case 'GET':
				// Documented: GET returns the customer (same shape as the PUT reply). Not documented,
				// assumption: an unknown customerNumber is 404 with a problem body.
				ctx.state.stats.gets += 1;
				if (!rec) throw new Problem(404, 'Customer not found', { type: `${PROBLEM_BASE}/not-found`, detail: `No customer ${customerNumber}.` });
				return ctx.reply(200, publicView(ctx, rec));
			default:
				throw new Problem(405, 'Method Not Allowed', { type: `${PROBLEM_BASE}/method-not-allowed` });
		}
	} catch (err) {
		if (!(err instanceof Problem)) throw err;
		return sendProblem(ctx, err);
	}
}

module.exports = {
	name: 'riverty',
	baseUrls: { api: '/customer', identity: '/identity' },
	// the token call: exempt from sb.rateLimit
	isLogin: (path) => path === '/identity/oauth/token',
	defaultConfig,
	initState,
	handle,
};
