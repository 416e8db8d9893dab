'use strict';
// Small helpers shared by the sandbox core and the vendor modules.
// Node standard library only: the sandbox must run without extra deps.

const crypto = require('crypto');

// Default request body cap. Bigger bodies get 413 (the vendors' own limits,
// e.g. Valomnia's 2 MB image, are checked by the vendor module itself).
const MAX_BODY_BYTES = 10 * 1024 * 1024;

class HttpError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

// Read the whole body into a Buffer. Rejects with HttpError(413) past the cap.
function readBody(req, maxBytes = MAX_BODY_BYTES) {
	return new Promise((resolve, reject) => {
		const declared = Number(req.headers['content-length']);
		if (Number.isFinite(declared) && declared > maxBytes) {
			reject(new HttpError(413, `body larger than ${maxBytes} bytes`));
			return;
		}
		const chunks = [];
		let size = 0;
		let failed = false;
		req.on('data', (chunk) => {
			if (failed) return;
			size += chunk.length;
			if (size > maxBytes) {
				failed = true;
				reject(new HttpError(413, `body larger than ${maxBytes} bytes`));
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			if (!failed) resolve(Buffer.concat(chunks));
		});
		req.on('error', (err) => {
			if (!failed) {
				failed = true;
				reject(err);
			}
		});
	});
}

// Media type without parameters, lowercased: 'application/json'.
function mediaType(headers) {
	return String(headers['content-type'] || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
}

function isJsonType(headers) {
	const t = mediaType(headers);
	return t === 'application/json' || t.endsWith('+json');
}

function sendJson(res, status, obj, headers = {}) {
	const body = JSON.stringify(obj);
	send(res, status, body, { 'content-type': 'application/json; charset=utf-8', ...headers });
}

function send(res, status, body, headers = {}) {
	if (res.headersSent || res.destroyed) return;
	const buf = Buffer.isBuffer(body) ? body : Buffer.from(body == null ? '' : String(body), 'utf8');
	res.writeHead(status, { 'content-length': buf.length, ...headers });
	res.end(buf);
}

// Repeated keys become arrays (a=1&a=2 -> { a: ['1','2'] }), the way
// form-based PHP/Java backends see them.
function addField(obj, key, value) {
	if (!Object.prototype.hasOwnProperty.call(obj, key)) obj[key] = value;
	else if (Array.isArray(obj[key])) obj[key].push(value);
	else obj[key] = [obj[key], value];
}

// application/x-www-form-urlencoded -> plain object (null prototype, so a
// field named __proto__ is just a field).
function parseForm(text) {
	const out = Object.create(null);
	for (const [k, v] of new URLSearchParams(String(text || ''))) addField(out, k, v);
	return out;
}

// Value of one parameter of a header like `multipart/form-data; boundary=x`.
function headerParam(value, name) {
	const re = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
	const m = re.exec(String(value || ''));
	if (!m) return undefined;
	return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

// Minimal multipart/form-data parser (RFC 7578). Returns
// { fields: {name: string|string[]}, files: [{field, filename, contentType, data}] }.
// Throws HttpError(400) on a malformed body so vendors can answer 400.
function parseMultipart(buf, contentType) {
	const boundary = headerParam(contentType, 'boundary');
	if (!boundary) throw new HttpError(400, 'multipart body without boundary');
	const delim = Buffer.from(`--${boundary}`);
	const fields = Object.create(null);
	const files = [];
	let pos = buf.indexOf(delim);
	if (pos < 0) throw new HttpError(400, 'multipart boundary not found');
	for (;;) {
		pos += delim.length;
		// `--` right after a delimiter marks the end of the body.
		if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) break;
		if (buf[pos] === 0x0d && buf[pos + 1] === 0x0a) pos += 2;
		const headEnd = buf.indexOf('\r\n\r\n', pos);
		if (headEnd < 0) throw new HttpError(400, 'multipart part without header end');
		const headers = Object.create(null);
		for (const line of buf.subarray(pos, headEnd).toString('utf8').split('\r\n')) {
			const i = line.indexOf(':');
			if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
		}
		const dataStart = headEnd + 4;
		// Part data ends at CRLF + next delimiter.
		const next = buf.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), dataStart);
		if (next < 0) throw new HttpError(400, 'multipart part not terminated');
		const data = buf.subarray(dataStart, next);
		const disp = headers['content-disposition'] || '';
		const name = headerParam(disp, 'name');
		if (name === undefined) throw new HttpError(400, 'multipart part without name');
		const filename = headerParam(disp, 'filename');
		if (filename !== undefined) {
			files.push({
				field: name,
				filename,
				contentType: headers['content-type'] || 'application/octet-stream',
				data,
			});
		} else {
			addField(fields, name, data.toString('utf8'));
		}
		pos = next + 2;
	}
	return { fields, files };
}

// Build a multipart body (for tests and for vendor modules that need one).
function buildMultipart(fields = {}, files = []) {
	const boundary = `----sandbox${crypto.randomBytes(12).toString('hex')}`;
	const parts = [];
	for (const [k, v] of Object.entries(fields)) {
		for (const one of Array.isArray(v) ? v : [v]) {
			parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${one}\r\n`));
		}
	}
	for (const f of files) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\ncontent-disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\n` +
					`content-type: ${f.contentType || 'application/octet-stream'}\r\n\r\n`,
			),
			Buffer.isBuffer(f.data) ? f.data : Buffer.from(String(f.data)),
			Buffer.from('\r\n'),
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function parseCookies(header) {
	const out = Object.create(null);
	for (const piece of String(header || '').split(';')) {
		const i = piece.indexOf('=');
		if (i <= 0) continue;
		const k = piece.slice(0, i).trim();
		if (!(k in out)) out[k] = decodeURIComponent(piece.slice(i + 1).trim());
	}
	return out;
}

// 24 hex chars shaped like a MongoDB ObjectId (Hyfin's _id): 4 bytes of
// seconds, 5 random bytes, 3-byte counter, so ids also sort by creation.
let oidCounter = crypto.randomBytes(3).readUIntBE(0, 3);
function objectId() {
	const b = Buffer.alloc(12);
	b.writeUInt32BE(Math.floor(Date.now() / 1000), 0);
	crypto.randomBytes(5).copy(b, 4);
	oidCounter = (oidCounter + 1) % 0x1000000;
	b.writeUIntBE(oidCounter, 9, 3);
	return b.toString('hex');
}

function uuid() {
	return crypto.randomUUID();
}

// n random decimal digits, first digit non-zero (e.g. a 16-digit code).
function digits(n) {
	let s = String(1 + crypto.randomInt(9));
	while (s.length < n) s += String(crypto.randomInt(10));
	return s;
}

function isPlainObject(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
}

// Objects merge key by key; arrays and everything else are replaced.
function deepMerge(target, src) {
	for (const [k, v] of Object.entries(src || {})) {
		if (k === '__proto__' || k === 'constructor') continue;
		if (isPlainObject(v) && isPlainObject(target[k])) deepMerge(target[k], v);
		else target[k] = v;
	}
	return target;
}

// JSON-safe copy: Maps -> objects, Buffers -> { base64 }, RegExps -> source.
function toPlain(v) {
	if (v instanceof Map) {
		const o = {};
		for (const [k, x] of v) o[k] = toPlain(x);
		return o;
	}
	if (Buffer.isBuffer(v)) return { base64: v.toString('base64') };
	if (v instanceof RegExp) return { regex: v.source, flags: v.flags };
	if (Array.isArray(v)) return v.map(toPlain);
	if (v !== null && typeof v === 'object') {
		const o = {};
		for (const [k, x] of Object.entries(v)) o[k] = toPlain(x);
		return o;
	}
	return v;
}

module.exports = {
	MAX_BODY_BYTES,
	HttpError,
	readBody,
	mediaType,
	isJsonType,
	sendJson,
	send,
	parseForm,
	parseMultipart,
	buildMultipart,
	headerParam,
	parseCookies,
	objectId,
	uuid,
	digits,
	isPlainObject,
	deepMerge,
	toPlain,
};
