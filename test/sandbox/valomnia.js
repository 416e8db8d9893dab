'use strict';
// Valomnia emulation: Spring Security session login and the customer upsert by reference,
// following docs/vendors/valomnia.md. Things the docs leave open are
// marked "not documented" and are config values, so tests can try the other answer.
//
//   POST /j_spring_security_check            form j_username, j_password, ajax=true
//   GET  /login/ajaxSuccess                  { success, token, user }   (needs the cookie)
//   GET  /login/authfail                     { error }                   (bad login)
//   GET  /login/authAjax                     401                         (ajax, no session)
//   GET  /login/auth                         the HTML login page         (no session)
//   POST /api/{v}/customers/reference/{id}   upsert, urlencoded or multipart (imageFile)
//   GET  /api/{v}/customers/reference/{id}, /api/{v}/customers/{id}
//   GET  /api/{v}/customers                  Get Many: the list below, rows = customers
//   GET  /api/{v}/customerCategories | customerSegmentations | paymentTypes | regions
//        paged: max (default 100), offset, sort, order, filters reference / name (wildcard *),
//        dateCreated_* / lastUpdated_* → { paging: { total, max, offset, previous, next }, data }

const crypto = require('crypto');

const MAX_IMAGE_BYTES = 2 * 1024 * 1024; // "2Mo"
const IMAGE_TYPES = {
	jpg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	bmp: 'image/bmp',
};

// Form parameters of docs/vendors/valomnia.md#customer-upsert and how the server reads them.
const FIELDS = {
	name: 'string',
	barcode: 'string',
	isActive: 'boolean',
	categoryId: 'string',
	isSubCustomer: 'boolean',
	parentCustomerId: 'string',
	billWithParent: 'boolean',
	customerSegmentationId: 'string',
	userId: 'string',
	isSameAddress: 'boolean',
	billingCountry: 'string',
	billingCity: 'string',
	billingPostalCode: 'string',
	billingAddress: 'string',
	billingLat: 'double',
	billingLng: 'double',
	country: 'string',
	city: 'string',
	postalCode: 'string',
	address: 'string',
	latitude: 'double',
	longitude: 'double',
	email: 'string',
	phone: 'string',
	mobile: 'string',
	fax: 'string',
	comment: 'string',
	website: 'string',
	creditLimit: 'double',
	dueDateConfigNumber: 'integer',
	dueDateConfigType: 'string',
	taxNumber: 'string',
	companyRegistrationNumber: 'string',
	currency: 'string',
	paymentTypes: 'json',
	regionId: 'long',
	onHold: 'boolean',
	onHoldReason: 'string',
};

const DEFAULTS = { isActive: true, isSubCustomer: false, billWithParent: false, isSameAddress: true, onHold: false };

function defaultConfig() {
	return {
		// apiAccess: false = the login works but every API call is refused (401)
		users: [{ email: 'sales@valomnia.test', password: 'valomnia-pass', firstName: 'Sam', lastName: 'Seller' }],
		versions: ['v2.1', 'v2.0', 'v1.0'],
		// Login answer: 'redirect' = 302 to /login/ajaxSuccess with Set-Cookie (Spring's usual),
		// 'json' = 200 with the ajaxSuccess JSON right away.
		loginStyle: 'redirect',
		// Set true to expire every session that exists now (done at the next request, then
		// the switch turns itself off). Expired and unknown sessions are refused.
		expireSessions: false,
		// The N-th, 2N-th… API call finds every session expired (0 = never).
		expireEvery: 0,
		// One session per user: a login ends the user's other sessions (as some servers do).
		singleSession: false,
		// How a refused session is answered. Not documented. '401' = JSON 401 right away;
		// 'redirect' = Grails Spring Security: 302 to /login/authAjax (→ 401) for ajax requests
		// (X-Requested-With: XMLHttpRequest), else 302 to /login/auth (the HTML login page).
		unauthorizedStyle: '401',
		// Status of an update. Not documented (the doc shows only 201 for the insert).
		updateStatus: 200,
		createStatus: 201,
		maxImageBytes: MAX_IMAGE_BYTES,
		// References the API may not take (used by records it cannot update): 400 not_unique.
		reservedReferences: [],
		// References whose save fails: 400 save_failed. References that crash: 500 server_error.
		saveFailsFor: [],
		serverErrorFor: [],
		maxPageSize: 100,
		// A broken server that repeats the request's Cookie header in its 4xx error descriptions
		// (to prove the node masks session ids it learnt during the run).
		echoCookieInErrors: false,
		// Or the session id alone (redaction of sessions issued during the run).
		echoSessionBareInErrors: false,
	};
}

function rows(prefix, names, firstId) {
	return names.map((name, i) => ({
		id: firstId + i,
		reference: `${prefix}-${i + 1}`,
		name,
		organization: 'entity1',
		dateCreated: '2015-12-17T23:00:00Z',
		lastUpdated: '2015-12-17T23:00:00Z',
	}));
}

function initState() {
	return {
		sessions: new Map(), // JSESSIONID -> { email, expired, createdAt }
		customers: new Map(), // reference -> record
		nextId: 256,
		customerCategories: [
			{ ...rows('root', ['All customers'], 1)[0], isRoot: true, parentId: null },
			{ ...rows('jewelry', ['Jewelry and accessories'], 2)[0], reference: 'jewelry', isRoot: false, parentId: 1 },
			{ ...rows('retail', ['Retail'], 3)[0], reference: 'retail', isRoot: false, parentId: 1 },
		],
		customerSegmentations: [
			{ ...rows('seg', ['Segmentation A'], 1)[0], reference: 'seg_a' },
			{ ...rows('seg', ['Segmentation B'], 2)[0], reference: 'seg_b' },
		],
		paymentTypes: [
			{ ...rows('pt', ['cash'], 7)[0], reference: 'cash' },
			{ ...rows('pt', ['cheque'], 8)[0], reference: 'cheque' },
			{ ...rows('pt', ['bank transfer'], 9)[0], reference: 'transfer' },
		],
		regions: [
			{ ...rows('region', ['New York'], 3)[0] },
			{ ...rows('region', ['Rhône'], 4)[0] },
		],
		stats: { logins: 0, failedLogins: 0, unauthorized: 0, added: 0, updated: 0, errors: 0, gets: 0, lists: 0 },
	};
}

// ---------- session ----------

function newSessionId() {
	return crypto.randomBytes(16).toString('hex').toUpperCase(); // Tomcat-like: 32 hex chars
}

function applyExpirySwitch(ctx) {
	// expireEvery: N = the N-th, 2N-th… API call (not the login pages) finds every session expired
	const every = Number(ctx.config.expireEvery) || 0;
	if (every > 0 && ctx.path.startsWith('/api/')) {
		ctx.state.apiCalls = (ctx.state.apiCalls || 0) + 1;
		if (ctx.state.apiCalls % every === 0) ctx.config.expireSessions = true;
	}
	if (!ctx.config.expireSessions) return;
	for (const session of ctx.state.sessions.values()) session.expired = true;
	ctx.config.expireSessions = false;
}

function currentSession(ctx) {
	const id = ctx.cookies.JSESSIONID;
	const session = id ? ctx.state.sessions.get(id) : undefined;
	return session && !session.expired ? session : undefined;
}

function isAjax(ctx) {
	return String(ctx.headers['x-requested-with'] || '').toLowerCase() === 'xmlhttprequest';
}

function refuseSession(ctx) {
	ctx.state.stats.unauthorized += 1;
	if (ctx.config.unauthorizedStyle === 'redirect') {
		const to = isAjax(ctx) ? '/login/authAjax' : '/login/auth';
		return ctx.send(302, '', { location: `${ctx.baseUrl}${to}` });
	}
	return ctx.reply(401, { error: 'unauthorized', error_description: 'Full authentication is required to access this resource' });
}

function login(ctx) {
	if (ctx.method !== 'POST') return ctx.reply(405, { error: 'method_not_allowed', error_description: 'POST only' });
	const form = ctx.form || {};
	const user = ctx.config.users.find((u) => u.email === form.j_username && u.password === form.j_password);
	if (!user) {
		ctx.state.stats.failedLogins += 1;
		return ctx.send(302, '', { location: `${ctx.baseUrl}/login/authfail?ajax=${form.ajax === 'true'}` });
	}
	const id = newSessionId();
	if (ctx.config.singleSession) {
		for (const session of ctx.state.sessions.values()) if (session.email === user.email) session.expired = true;
	}
	ctx.state.sessions.set(id, { email: user.email, expired: false, createdAt: Date.now() });
	ctx.state.stats.logins += 1;
	const cookie = `JSESSIONID=${id}; Path=/; HttpOnly`;
	if (ctx.config.loginStyle === 'json') {
		return ctx.reply(200, ajaxSuccess(user, id), { 'set-cookie': cookie });
	}
	return ctx.send(302, '', { location: `${ctx.baseUrl}/login/ajaxSuccess`, 'set-cookie': cookie });
}

function ajaxSuccess(user, id) {
	return {
		success: true,
		token: id,
		user: {
			firstName: user.firstName,
			lastName: user.lastName,
			email: user.email,
			companyName: 'Sandbox Foods',
			companyCity: 'Nice',
			companyCountry: 'FR',
			isGeoLocationActivated: true,
			role: ['ROLE_ADMIN'],
		},
	};
}

const LOGIN_PAGE =
	'<!DOCTYPE html><html><head><title>Login</title></head><body><form action="/j_spring_security_check" method="POST">' +
	'<input type="text" name="j_username"/><input type="password" name="j_password"/><button>Login</button></form></body></html>';

function loginPages(ctx, page) {
	switch (page) {
		case 'ajaxSuccess': {
			const session = currentSession(ctx);
			if (!session) return ctx.send(401, 'Unauthorized', { 'content-type': 'text/plain' });
			const user = ctx.config.users.find((u) => u.email === session.email) || { email: session.email };
			return ctx.reply(200, ajaxSuccess(user, ctx.cookies.JSESSIONID));
		}
		case 'authfail':
			return ctx.reply(200, { error: 'Sorry, we were not able to find a user with that username and password.' });
		case 'authAjax':
			return ctx.send(401, 'Unauthorized', { 'content-type': 'text/plain', location: `${ctx.baseUrl}/login/auth` });
		case 'auth':
			return ctx.send(200, LOGIN_PAGE, { 'content-type': 'text/html;charset=UTF-8' });
		default:
			return ctx.reply(404, { error: 'not_found', error_description: 'Page not found' });
	}
}

// ---------- errors ----------

class ApiError extends Error {
	constructor(status, error, description) {
		super(description);
		this.status = status;
		this.error = error;
	}
}

const missing = (name) => new ApiError(400, 'missing_param', `${name} parameter is missing`);
const invalidType = (name) =>
	new ApiError(400, 'invalid_param_type', `The type of parameter ${name} you provided is not valid for this request.`);
const notFound = (what, id) => new ApiError(404, 'not_found', `The ${what} with the id ${id} doesn't exist.`);

// ---------- upsert ----------

function readFields(ctx) {
	const type = String(ctx.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
	if (type === 'application/x-www-form-urlencoded') return { fields: ctx.form || {}, files: [] };
	if (type === 'multipart/form-data') {
		if (ctx.multipartError) throw new ApiError(400, 'invalid_param_type', `Malformed multipart body: ${ctx.multipartError}`);
		return ctx.multipart;
	}
	throw new ApiError(
		400,
		'invalid_param_type',
		'The request content type must be application/x-www-form-urlencoded or multipart/form-data.',
	);
}

function parseValue(name, type, raw) {
	if (Array.isArray(raw)) throw invalidType(name); // the same parameter twice
	const text = String(raw);
	switch (type) {
		case 'boolean':
			if (text !== 'true' && text !== 'false') throw invalidType(name);
			return text === 'true';
		case 'double':
			if (!/^-?\d+(\.\d+)?$/.test(text)) throw invalidType(name);
			return Number(text);
		case 'integer':
		case 'long':
			if (!/^\d+$/.test(text)) throw invalidType(name);
			return Number(text);
		case 'json':
			return parsePaymentTypes(text);
		default:
			return text;
	}
}

// paymentTypes=[{"id":7},{"id":8}]; the doc's own sample writes [{"id"=7}], accepted too.
function parsePaymentTypes(text) {
	let list;
	try {
		list = JSON.parse(text.replace(/"\s*=\s*/g, '":'));
	} catch {
		throw invalidType('payment type id');
	}
	if (!Array.isArray(list)) throw invalidType('payment type id');
	return list.map((entry) => {
		const id = entry && typeof entry === 'object' ? entry.id : undefined;
		if (!Number.isSafeInteger(id) || id < 1) throw invalidType('payment type id');
		return id;
	});
}

function sniffImage(data) {
	const starts = (bytes) => data.length >= bytes.length && bytes.every((b, i) => data[i] === b);
	if (starts([0xff, 0xd8, 0xff])) return 'jpg';
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	const head = data.subarray(0, 6).toString('latin1');
	if (head === 'GIF87a' || head === 'GIF89a') return 'gif';
	if (starts([0x42, 0x4d])) return 'bmp';
	return null;
}

function checkImage(ctx, files) {
	const file = files.find((f) => f.field === 'imageFile');
	if (!file) return null;
	if (file.data.length > ctx.config.maxImageBytes) throw new ApiError(400, 'exceeded_file_size', 'image size should not exceed 2Mo');
	const ext = String(file.filename || '').split('.').pop().toLowerCase();
	const kind = sniffImage(file.data);
	const extOk = ext === kind || (kind === 'jpg' && ext === 'jpeg');
	if (!kind || !extOk) throw new ApiError(400, 'unsupported_file_type', 'image format not supported.');
	return { filename: file.filename, contentType: file.contentType, kind, mimeType: IMAGE_TYPES[kind], data: Buffer.from(file.data) };
}

function byId(list, id) {
	return list.find((row) => String(row.id) === String(id));
}

function findCustomer(ctx, idOrReference) {
	for (const rec of ctx.state.customers.values()) if (String(rec.id) === String(idOrReference)) return rec;
	return ctx.state.customers.get(String(idOrReference));
}

function upsert(ctx, reference) {
	if (!reference) throw missing('reference');
	const { fields, files } = readFields(ctx);
	const values = {};
	for (const [name, type] of Object.entries(FIELDS)) {
		if (fields[name] === undefined) continue;
		values[name] = parseValue(name, type, fields[name]);
	}
	const existing = ctx.state.customers.get(reference);
	if (ctx.config.reservedReferences.includes(reference)) throw new ApiError(400, 'not_unique', 'reference already used');
	if (!existing && (values.name === undefined || values.name.trim() === '')) throw missing('name');
	if (existing && values.name !== undefined && values.name.trim() === '') throw missing('name');

	const merged = { ...DEFAULTS, ...(existing ? existing.fields : {}), ...values };
	if (merged.isSubCustomer === true && (merged.parentCustomerId === undefined || merged.parentCustomerId === '')) {
		throw missing('parentCustomerId');
	}
	if (values.dueDateConfigType !== undefined) {
		if (!['1', '2'].includes(values.dueDateConfigType)) throw invalidType('dueDateConfigType');
		if (values.dueDateConfigNumber === undefined) throw missing('dueDateConfigNumber');
	}
	if (values.categoryId !== undefined && !byId(ctx.state.customerCategories, values.categoryId)) {
		throw notFound('customer category', values.categoryId);
	}
	if (values.customerSegmentationId !== undefined && !byId(ctx.state.customerSegmentations, values.customerSegmentationId)) {
		throw notFound('customer segmentation', values.customerSegmentationId);
	}
	if (values.regionId !== undefined && !byId(ctx.state.regions, values.regionId)) throw notFound('region', values.regionId);
	for (const id of values.paymentTypes || []) {
		if (!byId(ctx.state.paymentTypes, id)) throw notFound('payment type', id);
	}
	if (values.parentCustomerId !== undefined) {
		const parent = findCustomer(ctx, values.parentCustomerId);
		if (!parent || parent.reference === reference) throw notFound('customer', values.parentCustomerId);
	}
	const image = checkImage(ctx, files);
	if (ctx.config.saveFailsFor.includes(reference)) throw new ApiError(400, 'save_failed', 'Failed to save instance.');
	if (ctx.config.serverErrorFor.includes(reference)) throw new ApiError(500, 'server_error', 'Oops! Something went wrong...');

	const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const session = currentSession(ctx);
	const rec = existing
		? { ...existing, fields: merged, lastUpdated: now, version: existing.version + 1 }
		: { id: ctx.state.nextId++, reference, fields: merged, createdBy: session.email, dateCreated: now, lastUpdated: now, version: 0 };
	if (image) rec.image = image;
	ctx.state.customers.set(reference, rec);
	ctx.state.stats[existing ? 'updated' : 'added'] += 1;
	return ctx.reply(existing ? ctx.config.updateStatus : ctx.config.createStatus, publicView(ctx, rec));
}

// The customer as the doc's success output shows it.
function publicView(ctx, rec) {
	const f = rec.fields;
	const link = (list, id, path) => {
		const row = id === undefined ? undefined : byId(list, id);
		return row ? { id: row.id, reference: row.reference, name: row.name, href: `/api/v1.0/${path}/${row.id}` } : null;
	};
	const category = link(ctx.state.customerCategories, f.categoryId, 'customerCategories');
	const segmentation = link(ctx.state.customerSegmentations, f.customerSegmentationId, 'customerSegmentations');
	const region = f.regionId === undefined ? undefined : byId(ctx.state.regions, f.regionId);
	const parent = f.parentCustomerId === undefined ? undefined : findCustomer(ctx, f.parentCustomerId);
	const pick = (name) => (f[name] === undefined ? null : f[name]);
	return {
		id: rec.id,
		reference: rec.reference,
		reference2: null,
		name: f.name,
		categoryReference: category ? category.reference : null,
		customerCategory: category,
		isSubCustomer: f.isSubCustomer,
		parentCustomer: parent ? { id: parent.id, reference: parent.reference, href: `/api/v1.0/customers/${parent.id}` } : null,
		billWithParent: f.billWithParent,
		customerSegmentationReference: segmentation ? segmentation.reference : null,
		customerSegmentation: segmentation,
		pocTenus: null,
		email: pick('email'),
		logo: rec.image ? `${ctx.baseUrl}/entity1-1450169988465/photoCustomer/${rec.id}_${rec.image.filename}` : null,
		phone: pick('phone'),
		mobile: pick('mobile'),
		fax: pick('fax'),
		comment: pick('comment'),
		barcode: pick('barcode'),
		isSameAddress: f.isSameAddress,
		billingCountry: pick('billingCountry'),
		billingCity: pick('billingCity'),
		billingPostalCode: pick('billingPostalCode'),
		billingAddress: pick('billingAddress'),
		billingLat: pick('billingLat'),
		billingLng: pick('billingLng'),
		country: f.isSameAddress && f.country === undefined ? pick('billingCountry') : pick('country'),
		city: f.isSameAddress && f.city === undefined ? pick('billingCity') : pick('city'),
		postalCode: pick('postalCode'),
		address: pick('address'),
		latitude: pick('latitude'),
		longitude: pick('longitude'),
		isCredit: null,
		creditLimit: pick('creditLimit'),
		balance: null,
		isActive: f.isActive,
		onHold: f.onHold,
		onHoldReason: pick('onHoldReason'),
		paymentTerm: null,
		createdBy: { userId: 2, reference: 'emp-002', href: '/api/v1.0/users/2' },
		dueDateConfigNumber: pick('dueDateConfigNumber'),
		dueDateConfigType:
			f.dueDateConfigType === '1' ? 'daysAfterInvoiceDate' : f.dueDateConfigType === '2' ? 'daysAfterEndOfInvoiceMonth' : null,
		paymentTypes: (f.paymentTypes || []).map((id) => link(ctx.state.paymentTypes, id, 'paymentTypes')),
		website: pick('website'),
		taxNumber: pick('taxNumber'),
		companyRegistrationNumber: pick('companyRegistrationNumber'),
		contacts: [],
		currency: f.currency === undefined ? 'EUR' : f.currency,
		organization: 'entity1',
		dateCreated: rec.dateCreated,
		lastUpdated: rec.lastUpdated,
		region: region ? { id: region.id, name: region.name, href: `/api/v1.0/regions/${region.id}` } : null,
	};
}

// ---------- lists ----------

// Every list call (customers, customerCategories, customerSegmentations, paymentTypes, regions).
// Documented for the list pages (docs/vendors/valomnia.md#lists): GET, `max` (default 100), `offset`, `sort`,
// `order` (asc/desc), filters dateCreated_gt|gte|lt|lte and lastUpdated_gt|gte|lt|lte
// (YYYY-MM-DDTHH:MM:SSZ), wildcard `reference` / `name` (e.g. reference=Ref-6*), and the reply
// { paging: { total, max, offset, previous, next }, data }.
// Not documented, our choices (assumptions):
// - GET /customers is such a list too (our reading, docs/vendors/valomnia.md#assumed-not-documented); its
//   data rows are the customers as GET …/customers/reference/{id} shows them.
// - The largest `max` is config.maxPageSize (100); a bigger ask is served with that many rows and
//   paging.max says so. total counts every row that passes the filters.
// - previous / next are absolute URLs that keep the other query parameters (filters, sort,
//   order) and change only max and offset; null at either end.
// - Default order: id ascending (sort=id, order=asc); ties broken by id, so pages never overlap.
// - `*` matches any run of characters, the match is case-insensitive, and a value without `*`
//   must match the whole field.
// - max/offset that are not whole numbers (max at least 1), an unknown sort field, an order
//   other than asc/desc, or a date filter not in the documented format: 400 invalid_param_type.
const DATE_FILTER = /^(dateCreated|lastUpdated)_(gt|gte|lt|lte)$/;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function wholeNumber(ctx, name, fallback, min) {
	const raw = ctx.query.get(name);
	if (raw === null) return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) throw invalidType(name);
	return Number(raw);
}

function wildcard(pattern) {
	const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`, 'is');
}

function compareValues(a, b) {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b));
}

function list(ctx, rowsOfList, path) {
	const requested = wholeNumber(ctx, 'max', 100, 1);
	const max = Math.min(ctx.config.maxPageSize, requested);
	const offset = wholeNumber(ctx, 'offset', 0, 0);
	const sort = ctx.query.get('sort') ?? 'id';
	const orderText = (ctx.query.get('order') ?? 'asc').toLowerCase();
	if (orderText !== 'asc' && orderText !== 'desc') throw invalidType('order');
	if (rowsOfList.length && !rowsOfList.every((row) => Object.prototype.hasOwnProperty.call(row, sort))) throw invalidType('sort');
	const filters = [];
	for (const [name, value] of ctx.query) {
		const date = DATE_FILTER.exec(name);
		if (date) {
			if (!ISO_SECONDS.test(value) || Number.isNaN(Date.parse(value))) throw invalidType(name);
			const limit = Date.parse(value);
			const test = { gt: (t) => t > limit, gte: (t) => t >= limit, lt: (t) => t < limit, lte: (t) => t <= limit }[date[2]];
			filters.push((row) => row[date[1]] != null && test(Date.parse(row[date[1]])));
		} else if (name === 'reference' || name === 'name') {
			const re = wildcard(value);
			filters.push((row) => row[name] != null && re.test(String(row[name])));
		}
	}
	const order = orderText === 'asc' ? 1 : -1;
	const rows = rowsOfList
		.filter((row) => filters.every((keep) => keep(row)))
		.sort((a, b) => order * compareValues(a[sort], b[sort]) || compareValues(a.id, b.id));
	const data = rows.slice(offset, offset + max);
	const at = (o) => {
		const q = new URLSearchParams(ctx.query);
		q.set('max', String(max));
		q.set('offset', String(o));
		return `${ctx.baseUrl}${path}?${q}`;
	};
	return ctx.reply(200, {
		paging: {
			total: rows.length,
			max,
			offset,
			previous: offset > 0 ? at(Math.max(0, offset - max)) : null,
			next: offset + max < rows.length ? at(offset + max) : null,
		},
		data,
	});
}

const LISTS = ['customerCategories', 'customerSegmentations', 'paymentTypes', 'regions'];

// ---------- routing ----------

async function handle(ctx) {
	applyExpirySwitch(ctx);
	const path = ctx.path;
	if (path === '/j_spring_security_check') return login(ctx);
	const loginPage = /^\/login\/([A-Za-z]+)$/.exec(path);
	if (loginPage) return loginPages(ctx, loginPage[1]);

	const api = /^\/api\/([^/]+)(\/.*)$/.exec(path);
	if (!api) return ctx.reply(404, { error: 'not_found', error_description: `No page at ${path}` });
	const session = currentSession(ctx);
	if (!session) return refuseSession(ctx);
	// a user without API rights: the login works, every API call is refused
	const user = ctx.config.users.find((u) => u.email === session.email);
	if (user && user.apiAccess === false) return refuseSession(ctx);
	const [, version, rest] = api;
	if (!ctx.config.versions.includes(version)) {
		return ctx.reply(404, { error: 'not_found', error_description: `Unknown API version ${version}` });
	}
	try {
		const byReference = /^\/customers\/reference\/([^/]*)$/.exec(rest);
		if (byReference) {
			const reference = decodeURIComponent(byReference[1]);
			if (ctx.method === 'POST') return upsert(ctx, reference);
			if (ctx.method === 'GET') {
				// Documented (Customers/show.html): 200 with the customer, same shape as the upsert's
				// reply. Not documented, assumption: an unknown reference is 404 not_found worded like
				// the doc's payment-type example, an empty one 400 missing_param.
				ctx.state.stats.gets += 1;
				if (!reference) throw missing('reference');
				const rec = ctx.state.customers.get(reference);
				if (!rec) throw notFound('customer', reference);
				return ctx.reply(200, publicView(ctx, rec));
			}
			return ctx.reply(405, { error: 'method_not_allowed', error_description: `${ctx.method} is not allowed here` });
		}
		const byId_ = /^\/customers\/(\d+)$/.exec(rest);
		if (byId_ && ctx.method === 'GET') {
			const rec = findCustomer(ctx, byId_[1]);
			if (!rec) throw notFound('customer', byId_[1]);
			return ctx.reply(200, publicView(ctx, rec));
		}
		if (rest === '/customers' && ctx.method === 'GET') {
			ctx.state.stats.lists += 1;
			return list(ctx, [...ctx.state.customers.values()].map((rec) => publicView(ctx, rec)), path);
		}
		const listName = rest.slice(1);
		if (LISTS.includes(listName) && ctx.method === 'GET') return list(ctx, ctx.state[listName], path);
		return ctx.reply(404, { error: 'not_found', error_description: `No API at ${rest}` });
	} catch (err) {
		if (!(err instanceof ApiError)) throw err;
		ctx.state.stats.errors += 1;
		const echo =
			ctx.config.echoCookieInErrors && err.status < 500
				? ` (request received with Cookie: ${ctx.headers.cookie})`
				: ctx.config.echoSessionBareInErrors && err.status < 500
					? ` (session ${ctx.cookies.JSESSIONID})`
					: '';
		return ctx.reply(err.status, { error: err.error, error_description: `${err.message}${echo}` });
	}
}

module.exports = {
	name: 'valomnia',
	// the login calls: exempt from sb.rateLimit
	isLogin: (path) => path === '/j_spring_security_check' || path.startsWith('/login/'),
	defaultConfig,
	initState,
	handle,
	// for tests
	FIELDS,
	MAX_IMAGE_BYTES,
	sniffImage,
};
