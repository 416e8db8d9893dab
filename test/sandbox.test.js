'use strict';
// The vendor sandbox itself: framework, Hyfin emulation, faults, control API.
// Run: npx jest test/sandbox.test.js --detectOpenHandles

const path = require('path');
const { spawn } = require('child_process');
const { startSandbox } = require('./sandbox');
const { useSandbox } = require('./helpers/sandbox');
const { buildMultipart, parseMultipart } = require('./sandbox/util');

const TOKEN = 'hyfin-test-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

// Sample requests copied from Hyfin's pages (docs/vendors/hyfin.md#customer-upsert and #contact-upsert).
const { SEED_CUSTOMER, SEED_CONTACT } = require('./helpers/hyfin-seeds');

const sb = useSandbox({ host: '127.0.0.1', quiet: true });

const customerPath = (site = 'site-1') => `/api/v3.1/site/${site}/customer/addUpdate`;
const contactPath = (site = 'site-1') => `/api/v4/site/${site}/contact/addUpdate`;

async function call(method, p, body, headers = AUTH, extra = {}) {
	const init = { method, headers: { ...headers }, ...extra };
	if (body !== undefined) {
		init.body = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
		if (!init.headers['content-type']) init.headers['content-type'] = 'application/json';
	}
	const res = await fetch(sb.baseUrl('hyfin') + p, init);
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

const upsertCustomer = (body, headers) => call('POST', customerPath(), body, headers);
const upsertContact = (body, headers) => call('POST', contactPath(), body, headers);

describe('framework', () => {
	test('binds to loopback only and exposes base URLs', async () => {
		expect(sb.url).toBe(`http://127.0.0.1:${sb.port}`);
		expect(sb.baseUrl('hyfin')).toBe(`${sb.url}/hyfin`);
		expect(() => sb.baseUrl('nope')).toThrow(/unknown vendor/);
		await expect(startSandbox({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
		await expect(startSandbox({ host: '192.168.1.10' })).rejects.toThrow(/loopback/);
	});

	test('Hyfin paths also work without the /hyfin prefix', async () => {
		const res = await fetch(`${sb.url}${customerPath()}`, {
			method: 'POST',
			headers: { ...AUTH, 'content-type': 'application/json' },
			body: JSON.stringify(SEED_CUSTOMER),
		});
		expect((await res.json()).action).toBe('added');
		expect(sb.requests[0]).toMatchObject({ vendor: 'hyfin', path: customerPath(), rawPath: customerPath() });
	});

	test('records every request with vendor-relative path, headers, body', async () => {
		await call('POST', `${customerPath()}?x=1`, SEED_CUSTOMER, { ...AUTH, 'X-Trace': 'abc' });
		expect(sb.requests).toHaveLength(1);
		const r = sb.requests[0];
		expect(r).toMatchObject({ vendor: 'hyfin', method: 'POST', path: `${customerPath()}?x=1`, status: 200 });
		expect(r.rawPath).toBe(`/hyfin${customerPath()}?x=1`);
		expect(r.headers['x-trace']).toBe('abc');
		expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(r.json).toEqual(SEED_CUSTOMER);
		expect(r.rawBody).toBe(JSON.stringify(SEED_CUSTOMER));
		expect(typeof r.time).toBe('number');
	});

	test('unknown paths give 404 and are recorded with vendor null', async () => {
		const res = await fetch(`${sb.url}/nothing/here`);
		expect(res.status).toBe(404);
		await res.text();
		expect(sb.requests[0]).toMatchObject({ vendor: null, status: 404 });
	});

	test('multipart bodies: parsed into fields and files, raw Buffer kept', async () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
		const mp = buildMultipart({ name: 'Zoé', tag: ['a', 'b'] }, [{ field: 'imageFile', filename: 'x.png', contentType: 'image/png', data: png }]);
		const direct = parseMultipart(mp.body, mp.contentType);
		expect(direct.fields).toEqual({ name: 'Zoé', tag: ['a', 'b'] });
		expect(direct.files[0]).toMatchObject({ field: 'imageFile', filename: 'x.png', contentType: 'image/png' });
		expect(direct.files[0].data.equals(png)).toBe(true);

		const res = await fetch(`${sb.url}/nothing`, { method: 'POST', headers: { 'content-type': mp.contentType }, body: mp.body });
		await res.text();
		const r = sb.requests[0];
		expect(Buffer.isBuffer(r.rawBodyBuffer)).toBe(true);
		expect(r.rawBodyBuffer.equals(mp.body)).toBe(true);
		expect(r.multipart.files[0].data.equals(png)).toBe(true);
		expect(r.multipart.fields.name).toBe('Zoé');
		expect(() => parseMultipart(Buffer.from('garbage'), 'multipart/form-data; boundary=zz')).toThrow();
	});

	test('form-urlencoded bodies are parsed', async () => {
		const res = await fetch(`${sb.url}/nothing`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'a=1&b=x+y&a=2',
		});
		await res.text();
		expect({ ...sb.requests[0].form }).toEqual({ a: ['1', '2'], b: 'x y' });
	});

	test('bodies over the size cap get 413', async () => {
		const small = await startSandbox({ quiet: true, maxBodyBytes: 1000 });
		try {
			const res = await fetch(`${small.baseUrl('hyfin')}${customerPath()}`, {
				method: 'POST',
				headers: { ...AUTH, 'content-type': 'application/json' },
				body: JSON.stringify({ ...SEED_CUSTOMER, notes: 'x'.repeat(5000) }),
			});
			expect(res.status).toBe(413);
			await res.text();
			expect(small.state.hyfin.customers.size).toBe(0);
		} finally {
			await small.close();
		}
	});
});

describe('hyfin customer v3.1', () => {
	test('seed sample gives added, same external_id again gives updated with the same _id', async () => {
		const a = await upsertCustomer(SEED_CUSTOMER);
		expect(a.status).toBe(200);
		expect(a.json).toEqual({ success: true, action: 'added', _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
		const b = await upsertCustomer({ ...SEED_CUSTOMER, notes: 'changed' });
		expect(b.json).toEqual({ success: true, action: 'updated', _id: a.json._id });
		const rec = sb.state.hyfin.customers.get('site-1:39772634');
		expect(rec).toMatchObject({ _id: a.json._id, notes: 'changed', first_name: 'John', version: 2 });
		expect(sb.state.hyfin.stats).toMatchObject({ added: 1, updated: 1, errors: 0 });
	});

	test('update merges: omitted fields stay, active defaults to true', async () => {
		await upsertCustomer({ external_id: 'e1', first_name: 'A', last_name: 'B', email: 'a@b.co' });
		await upsertCustomer({ external_id: 'e1', first_name: 'A2', last_name: 'B' });
		const rec = sb.state.hyfin.customers.get('site-1:e1');
		expect(rec).toMatchObject({ first_name: 'A2', email: 'a@b.co', active: true });
	});

	test('notify_phone without mobile_phone -> 400 with the message', async () => {
		const { mobile_phone, ...body } = SEED_CUSTOMER;
		const r = await upsertCustomer(body);
		expect(r.status).toBe(400);
		expect(r.json).toEqual({
			success: false,
			errors: ['missing mobile_phone: required when notification_options.notify_phone is true'],
		});
		expect(sb.state.hyfin.customers.size).toBe(0);
	});

	test('collects all validation errors', async () => {
		const r = await upsertCustomer({
			external_id: 5,
			last_name: '',
			active: 'yes',
			colour: 'red',
			email: 'nope',
			notification_options: { notify_email: 'true', sms: true },
		});
		expect(r.status).toBe(400);
		expect(r.json.success).toBe(false);
		expect(r.json.errors).toEqual(
			expect.arrayContaining([
				'invalid external_id: must be a string',
				'missing first_name',
				'missing last_name',
				'invalid active: must be a boolean',
				'unknown field colour',
				'invalid email: not an email address',
				'invalid notification_options.notify_email: must be a boolean',
				'unknown field notification_options.sms',
			]),
		);
	});

	test('non-JSON bodies -> 400 success:false', async () => {
		const r1 = await upsertCustomer('external_id=1', { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' });
		expect(r1.status).toBe(400);
		expect(r1.json.success).toBe(false);
		const r2 = await upsertCustomer('{"external_id":', AUTH);
		expect(r2.status).toBe(400);
		expect(r2.json.errors[0]).toMatch(/invalid JSON/);
		const r3 = await upsertCustomer([SEED_CUSTOMER]);
		expect(r3.json.errors).toEqual(['body must be a JSON object']);
	});

	test('validationStatus is configurable (200 + success:false)', async () => {
		sb.configure({ hyfin: { validationStatus: 200 } });
		const r = await upsertCustomer({ external_id: 'x' });
		expect(r.status).toBe(200);
		expect(r.json.success).toBe(false);
	});

	test('bad or missing token -> 401; unknown site -> 404', async () => {
		for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: TOKEN }, { authorization: `Basic ${TOKEN}` }]) {
			const r = await upsertCustomer(SEED_CUSTOMER, headers);
			expect(r.status).toBe(401);
			expect(r.json).toEqual({ success: false, errors: ['invalid or missing access token'] });
		}
		const r = await call('POST', customerPath('site-9'), SEED_CUSTOMER);
		expect(r.status).toBe(404);
		expect(r.json).toEqual({ success: false, errors: ['site not found'] });
		expect(sb.state.hyfin.customers.size).toBe(0);
		expect(sb.state.hyfin.stats.unauthorized).toBe(4);
	});

	test('auth header name and scheme are configurable', async () => {
		sb.configure({ hyfin: { authHeader: 'x-access-token', authScheme: '', tokens: ['raw-1'] } });
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(401);
		expect((await upsertCustomer(SEED_CUSTOMER, { 'x-access-token': 'raw-1' })).json.action).toBe('added');
		sb.reset();
		expect(sb.config.hyfin.authHeader).toBe('authorization');
	});

	test('GET site (credential test) and GET customer by _id', async () => {
		expect((await call('GET', '/api/v4/site/site-1')).json).toEqual({ _id: 'site-1', name: 'Sandbox site' });
		expect((await call('GET', '/api/v4/site/site-1', undefined, {})).status).toBe(401);
		const { json } = await upsertCustomer(SEED_CUSTOMER);
		const got = await call('GET', `/api/v4/site/site-1/customer/${json._id}`);
		expect(got.json).toMatchObject({ _id: json._id, external_id: '39772634', created_at: expect.any(String) });
		expect((await call('GET', '/api/v4/site/site-1/customer/000000000000000000000000')).status).toBe(404);
		expect((await call('GET', customerPath())).status).toBe(405);
	});
});

describe('hyfin contact v4', () => {
	test('seed sample gives added; update by _id; unknown _id -> 404', async () => {
		const a = await upsertContact(SEED_CONTACT);
		expect(a.json).toEqual({ success: true, action: 'added', _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
		const b = await upsertContact({ _id: a.json._id, last_name: 'Smith', display_name: '' });
		expect(b.json).toEqual({ success: true, action: 'updated', _id: a.json._id });
		const rec = sb.state.hyfin.contacts.get(a.json._id);
		expect(rec).toMatchObject({ last_name: 'Smith', display_name: 'John Smith', language: 'en', emails: SEED_CONTACT.emails });
		const c = await upsertContact({ _id: 'ffffffffffffffffffffffff', first_name: 'X' });
		expect(c.status).toBe(404);
		expect(c.json).toEqual({ success: false, errors: ['contact _id ffffffffffffffffffffffff not found'] });
		const got = await call('GET', `/api/v4/site/site-1/contact/${a.json._id}`);
		expect(got.json).toMatchObject({ _id: a.json._id, last_name: 'Smith', updated_at: expect.any(String) });
		expect((await call('GET', '/api/v4/site/site-1/contact/nope')).status).toBe(404);
	});

	test('same body twice without _id creates two contacts (no natural key)', async () => {
		const a = await upsertContact({ first_name: 'Ann' });
		const b = await upsertContact({ first_name: 'Ann' });
		expect(a.json._id).not.toBe(b.json._id);
		expect(sb.state.hyfin.contacts.size).toBe(2);
		expect(sb.state.hyfin.contacts.get(a.json._id)).toMatchObject({ display_name: 'Ann', language: 'en' });
	});

	test('validation: language, list items, one primary per list', async () => {
		const r = await upsertContact({
			language: 'EN',
			emails: [
				{ label: 'work', address: 'no-at', is_primary: true },
				{ address: 'b@c.d', is_primary: true },
			],
			phone_numbers: [{ label: 'mobile', is_primary: 'yes' }],
			addresses: [{ label: 'billing', address: { city: 'Naples', country: 'US' } }, 'x'],
			nickname: 'J',
		});
		expect(r.status).toBe(400);
		expect(r.json.errors).toEqual(
			expect.arrayContaining([
				'invalid language: must be an ISO 639-1 code (two lowercase letters)',
				'invalid emails[0].address: not an email address',
				'invalid emails: at most one item can have is_primary true',
				'invalid phone_numbers[0].is_primary: must be a boolean',
				'missing phone_numbers[0].number',
				'unknown field addresses[0].address.country',
				'invalid addresses[1]: must be an object',
				'unknown field nickname',
			]),
		);
		expect(sb.state.hyfin.contacts.size).toBe(0);
	});
});

describe('faults', () => {
	test('429 with Retry-After (seconds and HTTP-date), then normal again', async () => {
		const date = new Date(Date.now() + 2000).toUTCString();
		sb.faults.set({ vendor: 'hyfin', next: [{ status: 429, retryAfter: '1' }, { status: 429, retryAfter: date }, { status: 429 }] });
		const r1 = await upsertCustomer(SEED_CUSTOMER);
		expect(r1.status).toBe(429);
		expect(r1.headers.get('retry-after')).toBe('1');
		expect((await upsertCustomer(SEED_CUSTOMER)).headers.get('retry-after')).toBe(date);
		const r3 = await upsertCustomer(SEED_CUSTOMER);
		expect(r3.status).toBe(429);
		expect(r3.headers.get('retry-after')).toBeNull();
		expect((await upsertCustomer(SEED_CUSTOMER)).json.action).toBe('added');
		expect(sb.faults.pending()).toBe(0);
	});

	test('500 with custom body; faulted requests are recorded and do not change state', async () => {
		sb.faults.set({ path: '/customer/addUpdate', next: [{ status: 500, body: 'boom', contentType: 'text/plain' }] });
		const r = await upsertCustomer(SEED_CUSTOMER);
		expect(r.status).toBe(500);
		expect(r.text).toBe('boom');
		expect(sb.state.hyfin.customers.size).toBe(0);
		expect(sb.state.hyfin.stats).toMatchObject({ added: 0, updated: 0 });
		expect(sb.requests[0].fault).toMatchObject({ status: 500 });
		expect(sb.requests[0].json).toEqual(SEED_CUSTOMER);
	});

	test('path and vendor filters: non-matching requests are untouched', async () => {
		sb.faults.set([
			{ vendor: 'riverty', next: [{ status: 500 }] },
			{ path: /contact/, next: [{ status: 503 }] },
		]);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
		expect((await upsertContact(SEED_CONTACT)).status).toBe(503);
	});

	test('drop destroys the socket without a reply', async () => {
		sb.faults.set({ next: [{ drop: true }] });
		await expect(upsertCustomer(SEED_CUSTOMER)).rejects.toThrow();
		expect(sb.state.hyfin.customers.size).toBe(0);
		expect(sb.requests[0]).toMatchObject({ fault: { drop: true }, status: null });
	});

	test('malformed gives 200 JSON that does not parse', async () => {
		sb.faults.set({ next: [{ malformed: true }] });
		const r = await upsertCustomer(SEED_CUSTOMER);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/application\/json/);
		expect(() => JSON.parse(r.text)).toThrow();
		expect(sb.state.hyfin.customers.size).toBe(0);
	});

	test('html error page', async () => {
		sb.faults.set({ next: [{ html: true, status: 502 }] });
		const r = await upsertCustomer(SEED_CUSTOMER);
		expect(r.status).toBe(502);
		expect(r.headers.get('content-type')).toMatch(/text\/html/);
		expect(r.text).toMatch(/<html>/);
	});

	test('truncate: content-length larger than the body, then close', async () => {
		sb.faults.set({ next: [{ truncate: true }] });
		const res = await fetch(sb.baseUrl('hyfin') + customerPath(), {
			method: 'POST',
			headers: { ...AUTH, 'content-type': 'application/json' },
			body: JSON.stringify(SEED_CUSTOMER),
		});
		expect(res.status).toBe(200);
		await expect(res.text()).rejects.toThrow();
		expect(sb.state.hyfin.customers.size).toBe(0);
	});

	test('delay beyond a client timeout, then the handler still runs', async () => {
		sb.faults.set({ next: [{ delayMs: 300 }] });
		const t0 = Date.now();
		await expect(call('POST', customerPath(), SEED_CUSTOMER, AUTH, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
		expect(Date.now() - t0).toBeLessThan(290);
		expect(sb.state.hyfin.customers.size).toBe(0);
		await new Promise((r) => setTimeout(r, 400));
		// The server applied the write although the client gave up: a retry
		// must then see "updated", which is what idempotency tests need.
		expect(sb.state.hyfin.customers.size).toBe(1);
		expect((await upsertCustomer(SEED_CUSTOMER)).json.action).toBe('updated');
	});

	test('latency applies to every matching request', async () => {
		sb.faults.set({ vendor: 'hyfin', latencyMs: 80 });
		for (let i = 0; i < 2; i++) {
			const t0 = Date.now();
			expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(75);
		}
	});

	test('rate faults are repeatable with a seed', async () => {
		const spec = { vendor: 'hyfin', rate: { 429: 0.2, 500: 0.2, malformed: 0.1, drop: 0.1 }, seed: 42 };
		const run = async (s) => {
			sb.reset();
			sb.faults.set(s);
			const out = [];
			for (let i = 0; i < 40; i++) {
				try {
					const r = await upsertCustomer({ ...SEED_CUSTOMER, external_id: `c${i}` });
					out.push(r.json ? r.status : `${r.status}-bad`);
				} catch {
					out.push('drop');
				}
			}
			return out;
		};
		const a = await run(spec);
		const b = await run(spec);
		expect(a).toEqual(b);
		expect(new Set(a)).toEqual(new Set([200, 429, 500, '200-bad', 'drop']));
		// Only the requests that got through changed state.
		expect(sb.state.hyfin.customers.size).toBe(a.filter((x) => x === 200).length);
		const c = await run({ ...spec, seed: 7 });
		expect(c).not.toEqual(a);
	});

	test('bad specs are refused', () => {
		expect(() => sb.faults.set({ next: [{ explode: true }] })).toThrow(/unknown fault key/);
		expect(() => sb.faults.set({ rate: { 418: 0.5 } })).toThrow(/unknown rate kind/);
		expect(() => sb.faults.set({ rate: { 500: 0.7, 429: 0.7 } })).toThrow(/more than 1/);
	});
});

describe('control API over HTTP', () => {
	const ctl = async (method, p, body) => {
		const res = await fetch(`${sb.url}/__sandbox${p}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
		});
		return { status: res.status, json: await res.json() };
	};

	test('state, requests, faults, config, reset; control calls are never logged nor faulted', async () => {
		await upsertCustomer(SEED_CUSTOMER);
		const st = await ctl('GET', '/state');
		expect(st.json.hyfin.customers['site-1:39772634'].first_name).toBe('John');
		expect((await ctl('GET', '/state?vendor=hyfin')).json.stats.added).toBe(1);

		expect((await ctl('POST', '/faults', { pathRegex: '^/api/v3\\.1/', next: [{ status: 503 }] })).status).toBe(200);
		expect((await ctl('GET', '/state')).status).toBe(200);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(503);
		await ctl('POST', '/faults', { latencyMs: 1, next: [{ status: 500 }] });
		await ctl('DELETE', '/faults');
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
		expect((await ctl('POST', '/faults', { next: [{ bogus: 1 }] })).status).toBe(400);

		await ctl('POST', '/config', { hyfin: { tokens: ['other'] } });
		expect(sb.config.hyfin.tokens).toEqual(['other']);
		expect(sb.config.hyfin.siteIds).toEqual(['site-1']);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(401);
		expect((await upsertCustomer(SEED_CUSTOMER, { authorization: 'Bearer other' })).status).toBe(200);
		expect((await ctl('POST', '/config', { nobody: {} })).status).toBe(400);

		const reqs = await ctl('GET', '/requests');
		expect(reqs.json.map((r) => r.status)).toEqual([200, 503, 200, 401, 200]);
		expect(reqs.json.every((r) => !r.path.startsWith('/__sandbox'))).toBe(true);

		expect((await ctl('POST', '/reset')).json).toEqual({ ok: true });
		expect(sb.requests).toHaveLength(0);
		expect(sb.state.hyfin.customers.size).toBe(0);
		expect(sb.config.hyfin.tokens).toEqual([TOKEN]);
		expect((await ctl('GET', '/')).json.vendors.hyfin).toBe(sb.baseUrl('hyfin'));
		expect((await ctl('GET', '/nope')).status).toBe(404);
	});
});

/**
 * Runs the sandbox CLI (test/sandbox/cli.js --port 0 and `args`) until `use(url)` is done, then
 * stops it with SIGTERM: resolves to how it exited.
 */
async function withCli(args, use) {
	const child = spawn(process.execPath, [path.join(__dirname, 'sandbox', 'cli.js'), '--port', '0', ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	try {
		const url = await new Promise((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (d) => {
				out += d;
				const m = /^SANDBOX_URL=(\S+)\n/.exec(out);
				if (m) resolve(m[1]);
			});
			child.on('exit', () => reject(new Error(`cli exited early: ${out}`)));
		});
		await use(url);
	} finally {
		child.kill('SIGTERM');
	}
	return await exited;
}

describe('cli', () => {
	test('prints SANDBOX_URL, serves, stops on SIGTERM', async () => {
		const exit = await withCli([], async (url) => {
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			const res = await fetch(`${url}/hyfin/api/v4/site/site-1`, { headers: AUTH });
			expect(await res.json()).toEqual({ _id: 'site-1', name: 'Sandbox site' });
		});
		expect(exit).toEqual({ code: 0, signal: null });
	});
});

describe('rate limits (token bucket per vendor)', () => {
	const { createRateLimits } = require('./sandbox/ratelimit');

	// the bucket on a clock the test moves: exact values, no waiting
	const fakeClock = () => {
		const c = { t: 1000, now: () => c.t };
		return c;
	};

	test('bucket: burst at once, then one token per 1/rate s, never more than burst', () => {
		const clock = fakeClock();
		const rl = createRateLimits(['hyfin', 'riverty'], { clock: clock.now });
		expect(rl.take('hyfin')).toBeNull(); // no limit set
		rl.set('hyfin', { rate: 50, burst: 10 });
		const pass = (n) => Array.from({ length: n }, () => rl.take('hyfin').limited);
		expect(pass(10)).toEqual(Array(10).fill(false));
		expect(rl.take('hyfin').limited).toBe(true);
		clock.t += 19; // 0.95 token
		expect(rl.take('hyfin').limited).toBe(true);
		clock.t += 1; // 1 token
		expect(rl.take('hyfin').limited).toBe(false);
		expect(rl.take('hyfin').limited).toBe(true);
		clock.t += 60_000; // a minute idle refills to burst, not to 3,000
		expect(pass(11)).toEqual([...Array(10).fill(false), true]);
		expect(rl.stats('hyfin')).toEqual({ passed: 21, limited: 4 });
		expect(rl.stats('riverty')).toEqual({ passed: 0, limited: 0 });
		expect(rl.set('riverty', { rate: 2 })).toEqual({ rate: 2, burst: 10, headers: 'retry-after' });
		rl.clear('hyfin');
		expect(rl.take('hyfin')).toBeNull();
		expect(rl.take('riverty').limited).toBe(false);
		rl.clear();
		expect(rl.take('riverty')).toBeNull();
		rl.set('hyfin', { rate: 1 });
		rl.reset();
		expect(rl.take('hyfin')).toBeNull();
		expect(rl.stats('hyfin')).toEqual({ passed: 0, limited: 0 });
	});

	test('Retry-After: seconds until a token is free, rounded up, at least 1; only on the 429', () => {
		const clock = fakeClock();
		const rl = createRateLimits(['hyfin'], { clock: clock.now });
		rl.set('hyfin', { rate: 0.25, burst: 2 }); // one token per 4 s
		expect(rl.take('hyfin')).toEqual({ limited: false, headers: {} });
		rl.take('hyfin');
		expect(rl.take('hyfin')).toEqual({ limited: true, headers: { 'retry-after': '4' } });
		clock.t += 2500; // 0.625 token: 1.5 s to go
		expect(rl.take('hyfin').headers).toEqual({ 'retry-after': '2' });
		rl.set('hyfin', { rate: 50, burst: 1 });
		rl.take('hyfin');
		expect(rl.take('hyfin').headers).toEqual({ 'retry-after': '1' }); // 20 ms -> 1
		rl.set('hyfin', { rate: 50, burst: 1, headers: 'none' });
		rl.take('hyfin');
		expect(rl.take('hyfin')).toEqual({ limited: true, headers: {} });
	});

	test('RateLimit-* (seconds) and X-RateLimit-* (epoch) on every reply', () => {
		const clock = fakeClock();
		const rl = createRateLimits(['hyfin'], { clock: clock.now });
		rl.set('hyfin', { rate: 1, burst: 3, headers: 'ratelimit' });
		expect(rl.take('hyfin').headers).toEqual({ 'ratelimit-limit': '3', 'ratelimit-remaining': '2', 'ratelimit-reset': '1' });
		expect(rl.take('hyfin').headers).toEqual({ 'ratelimit-limit': '3', 'ratelimit-remaining': '1', 'ratelimit-reset': '2' });
		expect(rl.take('hyfin').headers).toEqual({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': '3' });
		expect(rl.take('hyfin')).toEqual({ limited: true, headers: { 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-reset': '3' } });
		clock.t += 10_000;
		rl.set('hyfin', { rate: 100, burst: 3, headers: 'ratelimit' });
		rl.take('hyfin');
		rl.take('hyfin');
		// 30 ms to full, but Remaining 0: Reset at least 1
		expect(rl.take('hyfin').headers['ratelimit-reset']).toBe('1');

		rl.set('hyfin', { rate: 0.5, burst: 2, headers: 'x-ratelimit' });
		const before = Date.now();
		const a = rl.take('hyfin').headers;
		const b = rl.take('hyfin').headers;
		const c = rl.take('hyfin');
		const after = Date.now();
		expect([a['x-ratelimit-limit'], a['x-ratelimit-remaining'], b['x-ratelimit-remaining']]).toEqual(['2', '1', '0']);
		expect(c.limited).toBe(true);
		expect(Object.keys(c.headers).sort()).toEqual(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
		// full again in 4 s: an epoch second, rounded up
		const reset = Number(c.headers['x-ratelimit-reset']);
		expect(reset).toBeGreaterThanOrEqual(Math.ceil((before + 4000) / 1000));
		expect(reset).toBeLessThanOrEqual(Math.ceil((after + 4000) / 1000));
	});

	test('bad limits are refused', () => {
		const rl = createRateLimits(['hyfin']);
		expect(() => rl.set('nobody', { rate: 1 })).toThrow(/unknown vendor/);
		expect(() => rl.set('hyfin', { rate: 0 })).toThrow(/rate/);
		expect(() => rl.set('hyfin', { rate: 1, burst: 0.5 })).toThrow(/burst/);
		expect(() => rl.set('hyfin', { rate: 1, headers: 'github' })).toThrow(/headers/);
		expect(() => rl.set('hyfin', { rate: 1, window: 1 })).toThrow(/unknown key/);
	});

	test('in the sandbox: 429 { error: rate_limited } before faults and the handler, state untouched, stats', async () => {
		// 0.01 req/s: no token comes back during the test
		sb.rateLimit.set('hyfin', { rate: 0.01, burst: 2 });
		sb.faults.set({ vendor: 'hyfin', next: [{ status: 503 }] });
		const a = await upsertCustomer(SEED_CUSTOMER);
		const b = await upsertCustomer(SEED_CUSTOMER);
		const c = await upsertCustomer(SEED_CUSTOMER);
		expect([a.status, b.status, c.status]).toEqual([503, 200, 429]);
		expect(c.json).toEqual({ error: 'rate_limited' });
		expect(Number(c.headers.get('retry-after'))).toBeGreaterThanOrEqual(99);
		expect(Number(c.headers.get('retry-after'))).toBeLessThanOrEqual(100);
		expect(b.headers.get('retry-after')).toBeNull();
		expect(sb.state.hyfin.stats.updated + sb.state.hyfin.stats.added).toBe(1);
		expect(sb.requests.map((r) => [r.status, !!r.rateLimited])).toEqual([
			[503, false],
			[200, false],
			[429, true],
		]);
		expect(sb.rateLimit.stats('hyfin')).toEqual({ passed: 2, limited: 1 });
		// other vendors are not limited
		expect(sb.rateLimit.stats('riverty')).toEqual({ passed: 0, limited: 0 });
		sb.reset();
		expect(sb.rateLimit.stats('hyfin')).toEqual({ passed: 0, limited: 0 });
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
	});

	test('in the sandbox: the header styles on the vendor reply and on the 429', async () => {
		sb.rateLimit.set('hyfin', { rate: 0.01, burst: 1, headers: 'ratelimit' });
		const ok = await upsertCustomer(SEED_CUSTOMER);
		expect(ok.status).toBe(200);
		expect(ok.json.success).toBe(true);
		expect([ok.headers.get('ratelimit-limit'), ok.headers.get('ratelimit-remaining'), ok.headers.get('ratelimit-reset')]).toEqual(['1', '0', '100']);
		const no = await upsertCustomer(SEED_CUSTOMER);
		expect(no.status).toBe(429);
		expect(no.headers.get('ratelimit-remaining')).toBe('0');
		expect(no.headers.get('retry-after')).toBeNull();
		sb.rateLimit.set('hyfin', { rate: 0.01, burst: 1, headers: 'x-ratelimit' });
		const x = await upsertCustomer(SEED_CUSTOMER);
		expect(x.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(Number(x.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 + 90);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(429);
		sb.rateLimit.set('hyfin', { rate: 0.01, burst: 1, headers: 'none' });
		await upsertCustomer(SEED_CUSTOMER);
		const none = await upsertCustomer(SEED_CUSTOMER);
		expect(none.status).toBe(429);
		expect([...none.headers.keys()].filter((k) => /retry|ratelimit/.test(k))).toEqual([]);
	});

	test('token and login calls are exempt (Riverty /identity/oauth/token, Valomnia /j_spring_security_check, /login/*)', async () => {
		sb.rateLimit.set('riverty', { rate: 0.01, burst: 1 });
		sb.rateLimit.set('valomnia', { rate: 0.01, burst: 1 });
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		const post = (url, body) => fetch(url, { method: 'POST', headers: form, body, redirect: 'manual' });
		for (let i = 0; i < 3; i++) {
			const t = await post(`${sb.baseUrl('riverty', 'identity')}/oauth/token`, 'grant_type=client_credentials&client_id=x&client_secret=y');
			expect(t.status).not.toBe(429);
			const l = await post(`${sb.baseUrl('valomnia')}/j_spring_security_check`, 'j_username=a&j_password=b&ajax=true');
			expect(l.status).not.toBe(429);
			const f = await fetch(`${sb.baseUrl('valomnia')}/login/authfail?ajax=true`, { redirect: 'manual' });
			expect(f.status).not.toBe(429);
		}
		expect(sb.rateLimit.stats('riverty')).toEqual({ passed: 0, limited: 0 });
		expect(sb.rateLimit.stats('valomnia')).toEqual({ passed: 0, limited: 0 });
		// their API calls are limited: the first takes the token, the second gets 429
		const api = (v, p) => fetch(sb.baseUrl(v) + p, { method: 'POST', headers: form, body: 'name=x' });
		expect((await api('valomnia', '/api/v2.1/customers/reference/R1')).status).not.toBe(429);
		expect((await api('valomnia', '/api/v2.1/customers/reference/R1')).status).toBe(429);
		const put = () => fetch(`${sb.baseUrl('riverty', 'api')}/v1/clients/1/customers/C1`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect((await put()).status).not.toBe(429);
		expect((await put()).status).toBe(429);
		expect(sb.rateLimit.stats('valomnia')).toEqual({ passed: 1, limited: 1 });
		expect(sb.rateLimit.stats('riverty')).toEqual({ passed: 1, limited: 1 });
	});

	test('over HTTP: POST/GET/DELETE /__sandbox/ratelimit; reset clears', async () => {
		const ctl = async (method, p, body) => {
			const res = await fetch(`${sb.url}/__sandbox${p}`, {
				method,
				headers: body ? { 'content-type': 'application/json' } : {},
				body: body ? JSON.stringify(body) : undefined,
			});
			return { status: res.status, json: await res.json() };
		};
		expect((await ctl('POST', '/ratelimit', { vendor: 'hyfin', rate: 0.01, burst: 1, headers: 'none' })).status).toBe(200);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(429);
		expect((await ctl('GET', '/ratelimit?vendor=hyfin')).json).toMatchObject({ rate: 0.01, burst: 1, headers: 'none', passed: 1, limited: 1 });
		await ctl('DELETE', '/ratelimit?vendor=hyfin');
		expect((await upsertCustomer(SEED_CUSTOMER)).status).toBe(200);
		expect((await ctl('GET', '/ratelimit?vendor=hyfin')).json).toEqual({ limit: null, passed: 1, limited: 1 });
		// no vendor: every vendor
		await ctl('POST', '/ratelimit', { rate: 5 });
		expect(Object.keys((await ctl('GET', '/ratelimit')).json).sort()).toEqual([...sb.vendors].sort());
		expect((await ctl('POST', '/ratelimit', { vendor: 'hyfin', rate: -1 })).status).toBe(400);
		await ctl('POST', '/reset');
		expect((await ctl('GET', '/ratelimit')).json).toEqual({});
	});

	test('startSandbox({ rateLimit }) and the CLI --rate limit every vendor, also after reset', async () => {
		const own = await startSandbox({ port: 0, quiet: true, rateLimit: { rate: 0.01, burst: 1, headers: 'none' } });
		try {
			own.reset();
			expect(Object.keys(own.rateLimit.list()).sort()).toEqual([...own.vendors].sort());
			expect(own.rateLimit.list().hyfin).toMatchObject({ rate: 0.01, burst: 1, headers: 'none' });
		} finally {
			await own.close();
		}
		const exit = await withCli(['--rate', '0.01', '--burst', '1', '--rate-headers', 'ratelimit'], async (url) => {
			const limits = await (await fetch(`${url}/__sandbox/ratelimit`)).json();
			expect(limits.clienttoolbox).toMatchObject({ rate: 0.01, burst: 1, headers: 'ratelimit' });
			const site = () => fetch(`${url}/hyfin/api/v4/site/site-1`, { headers: AUTH });
			const first = await site();
			expect(first.status).toBe(200);
			expect(first.headers.get('ratelimit-limit')).toBe('1');
			expect((await site()).status).toBe(429);
		});
		expect(exit).toEqual({ code: 0, signal: null });
	});
});
