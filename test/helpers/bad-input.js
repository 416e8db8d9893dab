'use strict';
/**
 * The bad-input suite's machinery (test/bad-input.test.js reads as the specification; this file
 * does the checking). Two halves:
 *
 *  1. The words a vendor profile (test/vendors/<vendor>.js) declares its fields with:
 *     `field({ base, at, good, names, wire, accept })`, where `wire` says where the value is on the
 *     wire (`wire.json`, `wire.form`, `wire.pathKey`) and `accept` which wire values are
 *     acceptable for an item value (`accept.text`, `accept.bool`, ...; an empty list = refused).
 *  2. The checks: `badInputChecks()` starts a sandbox for the test file and returns one function
 *     per kind of case. For every hostile value, one of two things must happen:
 *       - the item is refused BEFORE any HTTP call, with an error that names the vendor's field; or
 *       - the value reaches the vendor correctly encoded: a path key stays one segment under the
 *         vendor's documented prefix and decodes back to the exact value; a JSON or form body field
 *         decodes back to the exact value (numbers sent as text where the vendor wants text).
 *     Never: a crash (an error that is not NodeOperationError/NodeApiError with the item index), a
 *     request to another path, or a polluted Object.prototype. N items in give N results out, in
 *     order, and no error or output shows a secret.
 *
 * Each parameter is driven by an expression ('={{ $json.v }}'), so objects, arrays, booleans,
 * null and numbers reach the node as such, as they do from a previous node's output.
 */
const fc = require('fast-check');

const { newHelper, runVendor } = require('./run');
const { collectVisible } = require('./secrets');
const { startSandbox } = require('../sandbox');

const SEED = 20251123;
/** Runs per property: path keys and JSON bodies get the full count, other fields fewer. */
const KEY_RUNS = 50;
const FIELD_RUNS = 20;
/** The Options of every base parameter set: one item at a time, no resend. */
const OPTIONS = { concurrency: 1, maxTries: 1 };

// ---------- 1. declaring a vendor's fields ----------

/** The field is not on the wire at all. */
const ABSENT = Symbol('absent');
const isBlank = (v) => v === undefined || v === null || v === '';
const isBlankText = (v) => isBlank(v) || (typeof v === 'string' && v.trim() === '');
const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/**
 * Each helper turns an item value into the list of wire values that are acceptable when the node
 * sends it; an empty list means the value must be refused (FieldError before sending). A row's
 * `accept` may also return a predicate over the wire value (only "refused, or a valid value").
 */
const accept = {
	/**
	 * Text; numbers become their decimal text. `blank`: what an empty value may become.
	 * @param {{ required?: boolean, blank?: unknown[], trimBlank?: boolean }} [options]
	 */
	text:
		({ required = false, blank = [ABSENT], trimBlank = required } = {}) =>
		(v) => {
			if (isBlank(v) || (trimBlank && isBlankText(v))) return required ? [] : blank;
			if (typeof v === 'string') return [v];
			if (finite(v)) return [String(v)];
			return [];
		},
	/**
	 * true/false; `wire` maps it to what is sent (JSON boolean, or text in a form).
	 * @param {{ blank?: unknown[], wire?: (b: boolean) => unknown }} [options]
	 */
	bool:
		({ blank = [ABSENT, null], wire = (b) => b } = {}) =>
		(v) =>
			typeof v === 'boolean' ? [wire(v)] : isBlank(v) ? blank : [],
	/**
	 * A value the node may only pass as one of `allowed` (after `normalize`).
	 * @param {unknown[]} allowed
	 * @param {{ normalize?: (x: string) => unknown, blank?: unknown[] }} [options]
	 */
	oneOf:
		(allowed, { normalize = (x) => x, blank = [ABSENT] } = {}) =>
		(v) => {
			if (isBlank(v)) return blank;
			const n = typeof v === 'string' ? normalize(v) : finite(v) ? normalize(String(v)) : undefined;
			return allowed.includes(n) ? [n] : [];
		},
	/** A number sent as text (form fields). */
	number:
		({ min = -Infinity, max = Infinity, integer = false } = {}) =>
		(v) => {
			if (isBlank(v)) return [ABSENT];
			let n;
			if (finite(v)) n = v;
			else if (typeof v === 'string' && v.trim() !== '' && (!integer || /^\s*\d+\s*$/.test(v))) n = Number(v.trim());
			if (n === undefined || !Number.isFinite(n) || n < min || n > max) return [];
			if (integer && !Number.isSafeInteger(n)) return [];
			return [String(n)];
		},
};

/** An empty list read as "not set", like an empty text (multiOptions fields). */
const emptyListBlank = (inner) => (v) => (Array.isArray(v) && v.length === 0 ? [ABSENT] : inner(v));

const getPath = (obj, path) =>
	path.split('.').reduce((cur, part) => (cur === null || cur === undefined ? undefined : cur[part]), obj);

/** Where a value is on the wire: each reads it back from the sandbox's record of the request. */
const wire = {
	/** A JSON body field (dotted path; list entries by index). */
	json: (path) =>
		Object.assign(
			(req) => {
				if (req.jsonError) throw new Error(`the body is not valid JSON: ${req.jsonError}`);
				const value = getPath(req.json, path);
				return value === undefined ? ABSENT : value;
			},
			{ path },
		),
	/** A form field (urlencoded); repeated fields are a failure. */
	form: (name) =>
		Object.assign(
			(req) => {
				if (!req.form) throw new Error(`not a form body: ${req.headers['content-type']}`);
				const value = req.form[name];
				if (Array.isArray(value)) throw new Error(`form field ${name} sent ${value.length} times`);
				return value === undefined ? ABSENT : value;
			},
			{ path: name },
		),
	/** The last path segment under the vendor's documented `prefix`, decoded. */
	pathKey: (prefix) =>
		Object.assign(
			(req) => {
				const raw = req.rawPath;
				if (!raw.startsWith(prefix)) throw new Error(`request outside ${prefix}: ${raw}`);
				const segment = raw.slice(prefix.length);
				if (/[/?#]/.test(segment)) throw new Error(`the key is not one path segment: ${segment}`);
				return decodeURIComponent(segment);
			},
			{ pathKey: true },
		),
};

/**
 * One row per parameter: its base parameters (`base()`, valid as they are), where the expression
 * goes (`at`), the good value of item 0, the vendor field names an error may contain to name it
 * (`names`, default: the last part of `at`), where it is on the wire and which wire values are
 * acceptable. `key: true` marks the upsert key (more runs; the path-key cases use it).
 */
function field(row) {
	return { names: [row.at.split('.').pop()], ...row };
}

/** A good value for item 0 (the sandboxes check e-mail addresses). */
const goodText = (at) => (/email/i.test(at) ? 'ok@example.com' : 'ok');

const setPath = (obj, path, value) => {
	const parts = path.split('.');
	let cur = obj;
	for (const part of parts.slice(0, -1)) cur = cur[part];
	cur[parts[parts.length - 1]] = value;
	return obj;
};
const clone = (v) => JSON.parse(JSON.stringify(v));

// ---------- 2. the hostile values ----------

const MB = 1024 * 1024;
/** The fixed corpus, [label, value]: every row of every vendor gets all of it, as one run. */
const CORPUS = [
	['an object', { a: 1, nested: { b: [1, 2] } }],
	['an empty object', {}],
	['an array', ['a', 'b']],
	['an empty array', []],
	['true', true],
	['false', false],
	['null', null],
	['undefined', undefined],
	['an empty string', ''],
	['only spaces', '   '],
	['a 1 MB string', 'x'.repeat(MB)],
	['emoji and a ZWJ family', '😀👩‍👩‍👧‍👦🇳🇴'],
	['right-to-left text with an override', '\u202Eעברית العربية\u202C'],
	['combining marks', 'Z\u0351\u0362a\u0301\u0308l\u0334g\u035co'],
	['a NUL byte', 'a\u0000b'],
	['terminal escapes', '\u001b[31mred\u007f'],
	['CR LF (header injection)', 'a\r\nX-Injected: 1'],
	['tab and newline', 'a\tb\nc'],
	['a lone high surrogate', 'a\ud800b'],
	['a lone low surrogate', '\udc00'],
	['an integer', 42],
	['zero', 0],
	['a negative float', -1.5],
	['a huge number', 1e21],
	['NaN', NaN],
	['Infinity', Infinity],
	['a number as text', '0042'],
	['a float as text', ' 3.14 '],
	['../', '../'],
	['..', '..'],
	['.', '.'],
	['../../admin?x=1#y', '../../admin?x=1#y'],
	['a query', '?a=1&b=2'],
	['a fragment', '#frag'],
	['a slash', 'a/b'],
	['%2F', 'a%2Fb'],
	['%2e%2e', '%2e%2e'],
	['a percent sign', '100%'],
	['a backslash', 'a\\..\\b'],
	['spaces inside', 'a b  c'],
	['form metacharacters', 'a&b=c+d%20;e'],
	['__proto__', '__proto__'],
	['constructor', 'constructor'],
	['an n8n expression', '={{ $credentials.accessToken }}'],
	['HTML', '<script>alert(1)</script>'],
	['SQL', "'; DROP TABLE customers; --"],
	['an XML entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;'],
	['a JSON-looking string', '{"__proto__":{"polluted":true}}'],
];

const injection = fc.constantFrom('../', '..', '.', '?', '#', '/', '%2F', '%2f', '%', ' ', '\\', '%00', '&', '=', '+', ';', ':', '@', '%2e%2e');
const pathLike = fc.array(fc.oneof(injection, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
const controlText = fc
	.tuple(fc.string({ maxLength: 4 }), fc.integer({ min: 0, max: 0x1f }), fc.string({ maxLength: 4 }))
	.map(([a, code, b]) => `${a}${String.fromCharCode(code)}${b}`);
const wrongType = fc.oneof(
	fc.boolean(),
	fc.constant(null),
	fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const numberish = fc.oneof(fc.integer(), fc.double(), fc.integer().map(String), fc.double().map(String));
/** Generated hostile values (fast-check). */
const hostile = fc.oneof(
	fc.string({ maxLength: 20 }),
	fc.fullUnicodeString({ maxLength: 12 }),
	fc.string16bits({ maxLength: 6 }),
	pathLike,
	controlText,
	numberish,
	wrongType,
	fc.constantFrom('', ' ', '\u202E', 'e\u0301', '😀', '__proto__'),
);
/** Any printable text a path key may be: it must arrive whole. */
const printableKey = fc
	.oneof(fc.fullUnicodeString({ minLength: 1, maxLength: 40 }), pathLike)
	.filter((s) => s.trim() !== '' && s !== '.' && s !== '..' && !/[\u0000-\u001f\u007f]/.test(s));

/** Keys that must never reach a JSON body: they could reach an object's prototype. */
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

/** The forbidden-key cases of a JSON-mode sample: [label, at, wrap, key, payload]. */
function forbiddenKeyCases(mode) {
	const cases = [];
	for (const at of mode.inside) {
		for (const key of FORBIDDEN) {
			cases.push([`${key} in ${at || 'the body'}`, at, [], key, { polluted: 'yes' }]);
		}
		cases.push([`constructor.prototype in ${at || 'the body'}`, at, [], 'constructor', { prototype: { polluted: 'yes' } }]);
		cases.push([`__proto__ three objects deep in ${at || 'the body'}`, at, ['a', 'b', 'c'], '__proto__', { polluted: 'yes' }]);
	}
	return cases;
}

/** Hostile values for the shared Options (concurrency, timeout, ...). */
const OPTION_VALUES = [{ a: 1 }, ['x'], 'abc', '', -5, 0, 0.5, 1e12, NaN, null, true];

// ---------- 3. checking one run ----------

const NODE_ERRORS = ['NodeOperationError', 'NodeApiError'];
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
function expectCleanPrototypes() {
	expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
	expect({}.polluted).toBeUndefined();
	expect([].polluted).toBeUndefined();
}

const show = (v) => {
	if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v);
	if (typeof v === 'number') return String(v);
	try {
		return JSON.stringify(v) ?? String(v);
	} catch {
		return String(v);
	}
};

function deepEqual(a, b) {
	if (a === ABSENT || b === ABSENT) return a === b;
	return JSON.stringify(a) === JSON.stringify(b) && typeof a === typeof b;
}

/** The value reached the vendor: its wire form is one of the acceptable ones. */
function expectOnWire(row, value, req) {
	const sent = row.wire(req);
	const verdict = row.accept(value);
	if (typeof verdict === 'function') {
		if (!verdict(sent)) throw new Error(`${show(value)} was sent as ${show(sent)}, which is not acceptable`);
		return;
	}
	if (!verdict.some((ok) => deepEqual(ok, sent))) {
		throw new Error(
			`${show(value)} was sent as ${sent === ABSENT ? '(absent)' : show(sent)}; expected ${
				verdict.length ? verdict.map((v) => (v === ABSENT ? '(absent)' : show(v))).join(' or ') : 'a refusal before sending'
			}`,
		);
	}
}

/** The item was refused before sending: the message names the field. */
function expectRefusal(row, value, message) {
	if (!row.names.some((name) => message.includes(name))) {
		throw new Error(`${show(value)} was refused with "${message.slice(0, 300)}", which does not name ${row.names.join(' / ')}`);
	}
}

/** The body with `key` (an own, enumerable property, as JSON.parse makes it) inside `at`. */
function withKey(body, at, wrap, key, payload) {
	const copy = clone(body);
	let target = at ? getPath(copy, at) : copy;
	for (const step of wrap) {
		target[step] = {};
		target = target[step];
	}
	Object.defineProperty(target, key, { value: payload, enumerable: true, writable: true, configurable: true });
	return copy;
}

/** A row's label in test names: the resource and where the value goes. */
const rowLabel = (row) => `${row.base().resource ?? ''} ${row.at}`;

// ---------- 4. the checks, against one sandbox per test file ----------

/**
 * Starts a sandbox for the test file (beforeAll/afterAll) and returns the checks. Each describe
 * calls `useVendor(vendor)` first: a clean sandbox configured for the vendor, and one credentials
 * helper kept for its runs (one n8n instance keeps one stored token or session).
 */
function badInputChecks({ typeVersion } = {}) {
	let sb;
	beforeAll(async () => {
		sb = await startSandbox({ port: 0 });
	});
	afterAll(async () => {
		await sb.close();
	});
	const helpers = new Map();

	function useVendor(vendor) {
		beforeAll(() => {
			sb.reset();
			vendor.configure(sb);
			helpers.set(vendor, newHelper(vendor, sb));
		});
	}

	/** Every request of this run went to the vendor's upsert or login, nowhere else. */
	function checkedRequests(vendor) {
		for (const req of sb.requests) {
			if (req.vendor !== vendor.id || !(vendor.isUpsert(req) || vendor.isLogin(req))) {
				throw new Error(`a request to another path: ${req.method} ${req.rawPath.slice(0, 200)}`);
			}
		}
		return sb.requests.filter(vendor.isUpsert);
	}

	/**
	 * One run of the hostile item alone, without Continue On Fail. Checks the error's type and item
	 * index, the requests, the wire value or the refusal, and the prototypes.
	 */
	async function checkOne(vendor, row, value) {
		// the vendor's state and the stored login are kept between runs (faster); the log is not
		sb.requests.length = 0;
		const parameters = setPath(clone(row.base()), row.at, '={{ $json.v }}');
		const result = await runVendor(vendor, sb, { typeVersion,
			parameters,
			items: [{ v: value }],
			credentialsHelper: helpers.get(vendor),
			limitMs: 30000,
		});
		expectCleanPrototypes();
		const upserts = checkedRequests(vendor);
		if (result.error) {
			// n8n stores the node's error as its toJSON(): the class shows in `name`
			const { error } = result;
			if (!NODE_ERRORS.includes(error.name)) {
				throw new Error(`${show(value)} crashed the node: ${error.name ?? 'no name'}: ${error.message}`);
			}
			if (error.context?.itemIndex !== 0) {
				throw new Error(`${show(value)}: the error has item index ${error.context?.itemIndex}, not 0: ${error.message}`);
			}
		}
		if (upserts.length === 0) {
			if (!result.error) throw new Error(`${show(value)}: the item was neither sent nor refused`);
			expectRefusal(row, value, result.error.message);
		} else if (upserts.length === 1) {
			expectOnWire(row, value, upserts[0]);
			// sent, and refused by the vendor: that is the vendor's answer, with its name
			if (result.error && (result.error.name !== 'NodeApiError' || !result.error.message.startsWith(vendor.vendorName))) {
				throw new Error(`${show(value)} was sent, then failed unclearly: ${result.error.message}`);
			}
		} else {
			throw new Error(`${upserts.length} upserts for one item`);
		}
	}

	/**
	 * The whole corpus as one run with Continue On Fail: N items in, N results out, in order; the
	 * sent items map onto the upsert requests in order (concurrency 1, no retries).
	 */
	async function corpus(vendor, row) {
		sb.requests.length = 0;
		const parameters = setPath(clone(row.base()), row.at, '={{ $json.v }}');
		const values = CORPUS.map(([, v]) => v);
		const result = await runVendor(vendor, sb, { typeVersion,
			parameters,
			items: values.map((v) => ({ v })),
			continueOnFail: true,
			credentialsHelper: helpers.get(vendor),
			limitMs: 60000,
		});
		expectCorpusOutcome(vendor, row, row, values, result);
	}

	/**
	 * One corpus run's outcome: no run error, N results in order, each value refused by name
	 * before sending or on the wire as `sentRow` accepts it, one request per value sent.
	 */
	function expectCorpusOutcome(vendor, row, sentRow, values, result) {
		expectCleanPrototypes();
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(values.length);
		expect(result.items.map((i) => i.pairedItem.item)).toEqual(values.map((_, i) => i));
		const upserts = checkedRequests(vendor);
		const problems = [];
		let next = 0;
		result.items.forEach((item, i) => {
			const { json } = item;
			const label = CORPUS[i][0];
			try {
				if (json.success === true || json.httpCode) {
					const req = upserts[next++];
					if (!req) throw new Error('counted as sent, but no request is left');
					expectOnWire(sentRow, values[i], req);
					if (!json.success && !String(json.error).startsWith(vendor.vendorName)) {
						throw new Error(`sent, then failed unclearly: ${json.error}`);
					}
				} else {
					expect(typeof json.error).toBe('string');
					expectRefusal(row, values[i], json.error);
				}
			} catch (error) {
				problems.push(`${label}: ${error.message}`);
			}
		});
		if (next !== upserts.length) problems.push(`${upserts.length} upserts for ${next} items counted as sent`);
		expect(problems).toEqual([]);
	}

	/** Generated hostile values, each run alone. */
	async function generated(vendor, row) {
		await fc.assert(
			fc.asyncProperty(hostile, async (value) => {
				await checkOne(vendor, row, value);
			}),
			{ seed: SEED, numRuns: row.key ? KEY_RUNS : FIELD_RUNS },
		);
	}

	// ----- the upsert key in the URL path -----

	/** Sent percent-encoded as one path segment and stored under exactly that key. */
	async function pathKeyWhole(vendor, row, key) {
		await checkOne(vendor, row, key);
		const [req] = sb.requests.filter(vendor.isUpsert);
		expect(req.rawPath).toBe(`${vendor.pathPrefix}${encodeURIComponent(key)}`);
		expect(vendor.recordKeys(sb)).toContain(key);
	}

	/** Refused by name, nothing sent. */
	async function pathKeyRefused(vendor, row, key) {
		await checkOne(vendor, row, key);
		expect(sb.requests.filter(vendor.isUpsert)).toHaveLength(0);
	}

	/** Any printable key reaches the vendor whole. */
	async function pathKeyPrintable(vendor, row) {
		await fc.assert(
			fc.asyncProperty(printableKey, async (key) => {
				await checkOne(vendor, row, key);
				const upserts = sb.requests.filter(vendor.isUpsert);
				if (upserts.length !== 1) throw new Error(`${show(key)} was not sent`);
				if (row.wire(upserts[0]) !== key) throw new Error(`${show(key)} arrived as ${show(row.wire(upserts[0]))}`);
			}),
			{ seed: SEED, numRuns: KEY_RUNS },
		);
	}

	// ----- JSON-body mode -----

	async function runJson(vendor, jsonBody, item = {}) {
		sb.requests.length = 0;
		const result = await runVendor(vendor, sb, { typeVersion,
			parameters: vendor.jsonMode.params(jsonBody),
			items: [item],
			credentialsHelper: helpers.get(vendor),
			limitMs: 30000,
		});
		expectCleanPrototypes();
		return { result, upserts: checkedRequests(vendor) };
	}

	/** The profile's valid sample is sent: the cases differ from it by one key. */
	async function jsonSampleSent(vendor) {
		const { result, upserts } = await runJson(vendor, JSON.stringify(vendor.jsonMode.body));
		expect(result.error).toBeUndefined();
		expect(upserts).toHaveLength(1);
	}

	/** Refused by name before sending, as text and as an object from an expression. */
	async function jsonForbiddenKey(vendor, at, wrap, key, payload) {
		const text = JSON.stringify(withKey(vendor.jsonMode.body, at, wrap, key, payload));
		expect(text).toContain(`"${key}"`);
		for (const [jsonBody, item] of [
			[text, {}],
			['={{ JSON.parse($json.text) }}', { text }],
		]) {
			const { result, upserts } = await runJson(vendor, jsonBody, item);
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error.message).toMatch(/jsonBody\./);
			expect(result.error.message).toContain(`.${key}`);
			expect(result.error.context.itemIndex).toBe(0);
			expect(upserts).toHaveLength(0);
		}
	}

	/** An item object with __proto__ (n8n's own item copy drops it): nothing is polluted. */
	async function jsonItemWithProto(vendor) {
		const body = JSON.parse(JSON.stringify(withKey(vendor.jsonMode.body, '', [], '__proto__', { polluted: 'yes' })));
		expect(Object.keys(body)).toContain('__proto__');
		const { result } = await runJson(vendor, '={{ $json.body }}', { body });
		// refused, or sent without the key; either way Object.prototype is clean (checked in runJson)
		if (result.error) expect(result.error.name).toBe('NodeOperationError');
	}

	/** A forbidden key anywhere (generated) is refused by name, never sent, never pollutes. */
	async function jsonForbiddenAnywhere(vendor) {
		const mode = vendor.jsonMode;
		const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));
		const payload = fc.oneof(
			fc.constant({ polluted: 'yes' }),
			fc.constant({ prototype: { polluted: 'yes' } }),
			fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }),
			fc.array(scalar, { maxLength: 3 }),
			scalar,
		);
		const step = fc.string({ minLength: 1, maxLength: 5 }).filter((k) => !FORBIDDEN.includes(k));
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					at: fc.constantFrom(...mode.inside),
					wrap: fc.array(step, { maxLength: 3 }),
					key: fc.constantFrom(...FORBIDDEN),
					payload,
					viaExpression: fc.boolean(),
				}),
				async ({ at, wrap, key, payload: value, viaExpression }) => {
					const text = JSON.stringify(withKey(mode.body, at, wrap, key, value));
					const { result, upserts } = viaExpression
						? await runJson(vendor, '={{ JSON.parse($json.text) }}', { text })
						: await runJson(vendor, text);
					if (upserts.length) throw new Error(`sent: ${text}`);
					if (result.error?.name !== 'NodeOperationError' || !result.error.message.includes(`.${key}`)) {
						throw new Error(`${text} gave ${result.error?.name}: ${result.error?.message}`);
					}
				},
			),
			{ seed: SEED, numRuns: KEY_RUNS },
		);
	}

	/** Any JSON text or value (generated) is refused before sending, or sent (as given where the profile says so). */
	async function jsonAnything(vendor) {
		const mode = vendor.jsonMode;
		const bodies = fc.oneof(
			fc.json({ maxDepth: 3 }),
			fc.string({ maxLength: 30 }),
			fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ ...mode.body, extra: v })),
			fc.dictionary(fc.constantFrom(...Object.keys(mode.body)), fc.jsonValue({ maxDepth: 2 })).map((patch) => JSON.stringify({ ...mode.body, ...patch })),
		);
		await fc.assert(
			fc.asyncProperty(bodies, async (text) => {
				const { result, upserts } = await runJson(vendor, text);
				if (result.error) {
					if (!NODE_ERRORS.includes(result.error.name) || result.error.context?.itemIndex !== 0) {
						throw new Error(`${show(text)} crashed the node: ${result.error.name}: ${result.error.message}`);
					}
				}
				if (upserts.length === 0) {
					if (!result.error || result.error.name !== 'NodeOperationError') throw new Error(`${show(text)}: neither sent nor refused`);
					return;
				}
				if (upserts.length > 1) throw new Error(`${upserts.length} upserts`);
				if (mode.sentAsGiven && upserts[0].json) {
					if (!deepEqual(upserts[0].json, JSON.parse(text))) throw new Error(`${show(text)} arrived as ${upserts[0].rawBody}`);
				}
			}),
			{ seed: SEED, numRuns: KEY_RUNS },
		);
	}

	// ----- conditional rules, secrets, Options -----

	/** Refused before sending, naming `name`. */
	async function conditional(vendor, name, parameters) {
		sb.requests.length = 0;
		const result = await runVendor(vendor, sb, { typeVersion, parameters, items: [{}], credentialsHelper: helpers.get(vendor) });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error.message).toContain(name);
		expect(result.error.context.itemIndex).toBe(0);
		expect(checkedRequests(vendor)).toHaveLength(0);
	}

	/**
	 * The credential secret is `secret` (which nothing else in a run contains: its first three
	 * characters are the marker); every row gets it with several paddings in front, so that every
	 * cut of a message falls somewhere inside it. Nothing visible shows the marker.
	 */
	function useSecret(vendor, secret) {
		let helper;
		beforeAll(() => {
			sb.reset();
			vendor.configure(sb);
			vendor.acceptSecret(sb, secret);
			helper = newHelper(vendor, sb, { [vendor.secretField]: secret });
		});
		return async function secretInEveryParameter() {
			const marker = secret.slice(0, 3);
			const values = [0, 20, 33, 38, 45].map((n) => `${'w'.repeat(n)}${secret} tail`);
			for (const row of vendor.fields) {
				const parameters = setPath(clone(row.base()), row.at, '={{ $json.v }}');
				const result = await runVendor(vendor, sb, { typeVersion,
					parameters,
					items: values.map((v) => ({ v })),
					continueOnFail: true,
					credentialsHelper: helper,
					limitMs: 30000,
				});
				expect(result.items).toHaveLength(values.length);
				const visible = collectVisible(result);
				if (visible.includes(marker)) throw new Error(`${row.at}: ${visible.slice(visible.indexOf(marker) - 80, visible.indexOf(marker) + 40)}`);
			}
		};
	}

	/** Every hostile value of one shared option falls back or is clamped; two items still go through. */
	async function hostileOption(vendor, option) {
		for (const value of OPTION_VALUES) {
			sb.requests.length = 0;
			const result = await runVendor(vendor, sb, { typeVersion,
				parameters: vendor.params({ [option]: '={{ $json.v }}' }),
				items: [{ ...vendor.item(0, 'OPT'), v: value }, { ...vendor.item(1, 'OPT'), v: value }],
			});
			expectCleanPrototypes();
			if (result.error) throw new Error(`${option} = ${show(value)}: ${result.error.message}`);
			expect(result.items).toHaveLength(2);
			// the raw output is the vendor's reply; the normalized one says success
			if (option !== 'output') expect(result.items.map((i) => i.json.success)).toEqual([true, true]);
		}
	}

	// ----- version 2: Map Automatically and Map Each Field -----

	/**
	 * The record a row's base parameters stand for: the body version 1 builds from them (Validate
	 * Only; a form's fields without what the node and credential add), with the URL key by its
	 * name. Version 2's item (or mapper value) is that record with the row's field replaced.
	 */
	async function baseRecord(vendor, row) {
		const params = clone(row.base());
		const result = await runVendor(vendor, sb, {
			parameters: { ...params, options: { ...params.options, validateOnly: true } },
			items: [{}],
			credentialsHelper: helpers.get(vendor),
		});
		const shown = result.items[0]?.json;
		if (!shown?.valid) throw new Error(`the base parameters of ${rowLabel(row)} are not valid: ${JSON.stringify(shown?.errors)}`);
		const record = clone(shown.request.body);
		for (const name of [...(vendor.credentialFormFields ?? []), 'type', 'customer_action']) {
			if (shown.request.contentType?.includes('form')) delete record[name];
		}
		const keyRow = vendor.fields.find((r) => r.wire.pathKey);
		if (keyRow) record[keyRow.at] = getPath(params, keyRow.at);
		return record;
	}

	/** Where a row's value goes in the record (its wire name or path); none for list entries and computed names. */
	const recordPath = (row) => {
		const path = row.wire.pathKey ? row.at : row.wire.path;
		if (row.at.startsWith('options.')) return undefined; // a node option, not a field of the record
		return path && !path.split('.').some((part) => /^\d+$/.test(part)) ? path : undefined;
	};

	/**
	 * Version 2 reads a present-but-empty value (only spaces too) as absent (Empty Values: Leave
	 * Out), and true/false given as text (a CSV column) as the boolean: acceptable on the wire is
	 * what the row accepts for the value or for that reading of it.
	 */
	const v2Reading = (v) => (isBlankText(v) ? undefined : typeof v === 'string' && /^\s*(true|false)\s*$/i.test(v) ? v.trim().toLowerCase() === 'true' : v);
	const v2Row = (row) => ({
		...row,
		accept: (v) => {
			const [a, b] = [row.accept(v), row.accept(v2Reading(v))];
			// an empty value is left out in version 2, whatever version 1 made of it
			if (isBlankText(v)) b.push?.(ABSENT);
			if (typeof a !== 'function' && typeof b !== 'function') return [...a, ...b];
			const ok = (verdict, sent) => (typeof verdict === 'function' ? verdict(sent) : verdict.some((x) => deepEqual(x, sent)));
			return (sent) => ok(a, sent) || ok(b, sent);
		},
	});

	/** The nested record with `value` at `path` (undefined: the field left out of the item). */
	const recordWith = (record, path, value) => {
		const copy = clone(record);
		const parts = path.split('.');
		let cur = copy;
		for (const part of parts.slice(0, -1)) cur = cur[part] && typeof cur[part] === 'object' ? cur[part] : (cur[part] = {});
		if (value === undefined) delete cur[parts[parts.length - 1]];
		else cur[parts[parts.length - 1]] = value;
		return copy;
	};

	/** A record as Map Each Field holds it: one entry per field, by its dotted path. */
	const flatten = (record, prefix = '', out = {}) => {
		for (const [key, value] of Object.entries(record)) {
			if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value, `${prefix}${key}.`, out);
			else out[`${prefix}${key}`] = value;
		}
		return out;
	};

	/**
	 * The fixed corpus in version 2 (`mode`: 'auto' = the item is the record, 'map' = the mapper's
	 * value box holds the expression): every value refused by name before sending, or sent as the
	 * row accepts it; N items in, N results out, in order.
	 */
	async function corpusV2(vendor, row, mode) {
		const path = recordPath(row);
		if (!path) return;
		const record = await baseRecord(vendor, row);
		sb.requests.length = 0;
		const values = CORPUS.map(([, v]) => v);
		const base = row.base();
		const parameters = { resource: base.resource, operation: 'upsert', inputMode: mode, options: { ...OPTIONS } };
		let items;
		if (mode === 'auto') {
			items = values.map((v) => recordWith(record, path, v));
		} else {
			const value = { ...flatten(record), [path]: '={{ $json.v }}' };
			parameters.mapping = { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [] };
			items = values.map((v) => ({ v }));
		}
		const result = await runVendor(vendor, sb, {
			typeVersion: 2,
			parameters,
			items,
			continueOnFail: true,
			credentialsHelper: helpers.get(vendor),
			limitMs: 60000,
		});
		expectCorpusOutcome(vendor, row, v2Row(row), values, result);
	}

	return {
		useVendor,
		corpus,
		corpusV2,
		recordPath,
		generated,
		pathKeyWhole,
		pathKeyRefused,
		pathKeyPrintable,
		jsonSampleSent,
		jsonForbiddenKey,
		jsonItemWithProto,
		jsonForbiddenAnywhere,
		jsonAnything,
		conditional,
		useSecret,
		hostileOption,
	};
}

module.exports = {
	// declaring a profile's fields
	ABSENT,
	OPTIONS,
	accept,
	wire,
	field,
	goodText,
	emptyListBlank,
	isBlank,
	isBlankText,
	finite,
	setPath,
	// the suite
	badInputChecks,
	forbiddenKeyCases,
	rowLabel,
};
