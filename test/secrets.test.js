'use strict';
/**
 * Secrets suite: no credential value (Hyfin token, Riverty client secret and issued tokens,
 * Valomnia password and session ids, Client Toolbox API key) and no customer password or PIN
 * (Client Toolbox customer_password, customer_PIN) appears in anything a run leaves behind:
 * output items, error message, description, context, stack, and every line n8n logs.
 *
 * Runs cover success, vendor errors (with the sandboxes repeating the secrets they received in
 * their error bodies), faults, bad input, refused credentials and login renewal. The harness keeps
 * n8n's logger silent; this file turns it to debug and reads every line it writes.
 *
 * Every run of every other suite is scanned as well: the harness runs each call under its secret
 * watch (test/harness/secret-watch.js: output, error and n8n's debug log lines, against the
 * credentials' password/expirable fields and the items' customer password/PIN).
 */

// n8n's Logger reads the level when it is first built: before the harness loads n8n.
const previousLogLevel = process.env.N8N_LOG_LEVEL;
process.env.N8N_LOG_LEVEL = 'debug';

const util = require('node:util');
const Transport = require('winston-transport');
const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');

const { VENDORS } = require('./vendors');
const { newHelper, runVendor } = require('./helpers/run');
const { collectVisible, oddSecret } = require('./helpers/secrets');
const { forms, contains } = require('./harness/secret-watch');
const { useSandbox } = require('./helpers/sandbox');

/** Every line n8n's logger wrote (its own and the nodes' this.logger), as written. */
const logLines = [];
class CaptureTransport extends Transport {
	log(info, callback) {
		logLines.push(`${info.level} ${info.message} ${util.inspect(info, { depth: 20, breakLength: Infinity })}`);
		callback();
	}
}
const logger = Container.get(Logger);
logger.internalLogger.clear(); // no console output: this file reads the lines instead
logger.internalLogger.add(new CaptureTransport());

// customer-facing secrets sent in the items of vendors that take them (profile.customerSecrets)
const CUSTOMER_PASSWORD = 'Cust0mer-pa55-Secret!';
const CUSTOMER_PIN = '908172';

const sb = useSandbox({ reset: false });
/** Every secret seen so far: credential values, wrong ones tried, tokens and sessions issued. */
const secrets = new Set([CUSTOMER_PASSWORD, CUSTOMER_PIN, ...VENDORS.flatMap((v) => Object.values(v.wrongCredential))]);

afterAll(() => {
	if (previousLogLevel === undefined) delete process.env.N8N_LOG_LEVEL;
	else process.env.N8N_LOG_LEVEL = previousLogLevel;
});

function harvest(vendor) {
	for (const secret of vendor.secrets(sb)) if (secret) secrets.add(String(secret));
}

/** Everything the run left behind: output, the error (all of it, as n8n stores it), the log lines. */
function leaksOf(result, fromLine) {
	const visible = [collectVisible(result), ...logLines.slice(fromLine)].join('\n');
	return { visible, leaks: [...secrets].filter((secret) => forms(secret).some((form) => contains(visible, form))) };
}

/** The profile's parameters; where items carry a customer password and PIN, they are sent. */
function paramsFor(vendor, options = {}) {
	const params = vendor.params({ maxRetryWait: 1, ...options });
	return vendor.customerSecrets ? vendor.customerSecrets.params(params) : params;
}
const itemsFor = (vendor, n, prefix) =>
	Array.from({ length: n }, (_, i) => ({ ...vendor.item(i, prefix), pw: CUSTOMER_PASSWORD, pin: CUSTOMER_PIN }));

/** Makes the vendor refuse the next upserts with a 4xx that (with echoSecrets) repeats what it got. */
const provoke = (vendor, items) => vendor.provokeRefusal.configure(sb, items);
const provokeParams = (vendor, params) => (vendor.provokeRefusal.params ? vendor.provokeRefusal.params(params) : params);

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: no secret in output, errors or logs', (_name, vendor) => {
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});

	/** Runs, then checks this run's output, error and log lines against every secret known so far. */
	async function runAndScan(args, { helper = newHelper(vendor, sb), expectRedacted = false } = {}) {
		const fromLine = logLines.length;
		const result = await runVendor(vendor, sb, { credentialsHelper: helper, limitMs: 30000, ...args });
		harvest(vendor);
		const { visible, leaks } = leaksOf(result, fromLine);
		expect(leaks).toEqual([]);
		if (expectRedacted) expect(visible).toContain('[redacted]');
		return result;
	}

	test('a successful run, in Normalized and in Raw output', async () => {
		const items = itemsFor(vendor, 3, 'OK');
		const normalized = await runAndScan({ parameters: paramsFor(vendor), items });
		expect(normalized.items.map((i) => i.json.success)).toEqual([true, true, true]);
		const raw = await runAndScan({ parameters: paramsFor(vendor, { output: 'raw' }), items });
		expect(raw.error).toBeUndefined();
	});

	test('vendor errors that repeat the secrets the vendor received, with and without Continue On Fail', async () => {
		const items = itemsFor(vendor, 2, 'EC');
		const params = provokeParams(vendor, paramsFor(vendor));
		for (const continueOnFail of [true, false]) {
			sb.reset();
			vendor.configure(sb);
			vendor.echoSecrets(sb);
			provoke(vendor, items);
			const result = await runAndScan({ parameters: params, items, continueOnFail }, { expectRedacted: true });
			if (continueOnFail) expect(result.items[0].json.success).toBe(false);
			else expect(result.error).toBeDefined();
		}
		// and in Raw output, where the vendor's error body is shown as it came
		sb.reset();
		vendor.configure(sb);
		vendor.echoSecrets(sb);
		provoke(vendor, items);
		await runAndScan({ parameters: provokeParams(vendor, paramsFor(vendor, { output: 'raw' })), items, continueOnFail: true }, { expectRedacted: true });
	});

	test('faults (429, 503, a dropped connection, 500, a malformed and an HTML reply), retried and logged', async () => {
		const faults = [{ status: 429, retryAfter: '0' }, { status: 503, retryAfter: '0' }, { drop: true }, { status: 500 }, vendor.malformedFault, { html: true, status: 502 }];
		for (const continueOnFail of [true, false]) {
			sb.reset();
			vendor.configure(sb);
			vendor.echoSecrets(sb);
			sb.faults.add({ ...vendor.upsertScope, next: faults });
			await runAndScan({ parameters: paramsFor(vendor, { concurrency: 1, maxTries: 2 }), items: itemsFor(vendor, 5, 'FA'), continueOnFail });
		}
		// the retries were logged (this suite reads debug lines), and the lines are clean
		expect(logLines.some((line) => line.includes(`${vendor.vendorName}: item `) && line.includes('try 1 failed'))).toBe(true);
	});

	test('bad input: wrong types, control characters and broken Unicode in the key and the secrets', async () => {
		const hostile = [{ a: CUSTOMER_PASSWORD }, [CUSTOMER_PASSWORD], true, '', `${CUSTOMER_PASSWORD}\u0000`, 'a\ud800', NaN];
		const items = hostile.map((key, i) => ({ ...vendor.item(i, 'BI'), key, pw: CUSTOMER_PASSWORD, pin: CUSTOMER_PIN }));
		await runAndScan({ parameters: paramsFor(vendor), items, continueOnFail: true });
		await runAndScan({ parameters: paramsFor(vendor), items: [items[0]] });
		if (vendor.customerSecrets) {
			// the secrets themselves with the wrong type or broken: the error names the field, not the value
			const bad = [{ pw: { secret: CUSTOMER_PASSWORD } }, { pw: `${CUSTOMER_PASSWORD}\u0007` }, { pin: [CUSTOMER_PIN] }, { pin: `${CUSTOMER_PIN}\ud800` }];
			for (const patch of bad) {
				const result = await runAndScan({ parameters: paramsFor(vendor), items: [{ ...vendor.item(0, 'BS'), pw: CUSTOMER_PASSWORD, pin: CUSTOMER_PIN, ...patch }] });
				expect(result.error.message).toMatch(vendor.customerSecrets.names);
			}
		}
	});

	test('a refused credential (wrong token, client secret, password or API key)', async () => {
		const helper = newHelper(vendor, sb, vendor.wrongCredential);
		const result = await runAndScan({ parameters: paramsFor(vendor), items: itemsFor(vendor, 2, 'WR') }, { helper });
		expect(result.error).toBeDefined();
	});

	/**
	 * A credential secret (and, where items carry them, a customer password) with every character
	 * an encoder changes (oddSecret). All start with "Zq7-", which nothing else in a run contains.
	 */
	const ODD = oddSecret(vendor, vendor.id);
	const ODD_CUSTOMER_PASSWORD = `Zq7-cust"'<&>\\/ +%é😀-pw`;
	const oddHelper = () => {
		vendor.acceptSecret(sb, ODD);
		secrets.add(ODD);
		secrets.add(ODD_CUSTOMER_PASSWORD);
		return newHelper(vendor, sb, { [vendor.secretField]: ODD });
	};
	const oddItems = (n, prefix) => itemsFor(vendor, n, prefix).map((item) => ({ ...item, pw: ODD_CUSTOMER_PASSWORD }));
	const oddSecrets = () => (vendor.customerSecrets ? [ODD, ODD_CUSTOMER_PASSWORD, CUSTOMER_PIN] : [ODD]);

	test('a vendor that repeats the secrets HTML-escaped, percent-encoded (upper and lower hex), form-encoded or JSON-escaped, in a reply and in an error', async () => {
		const helper = oddHelper();
		// every form of every secret the run knows, as a vendor might write it back
		const echoed = oddSecrets().flatMap((secret) => forms(secret));
		expect(forms(ODD).length).toBeGreaterThanOrEqual(9);
		const text = echoed.join(' | ');
		const items = oddItems(2, 'ALT');
		for (const output of ['normalized', 'raw']) {
			sb.faults.set({ ...vendor.upsertScope, next: [vendor.successReply(items[0].key, { echo: text, list: echoed }), vendor.errorReply(text)] });
			const result = await runAndScan(
				{ parameters: paramsFor(vendor, { output, concurrency: 1 }), items, continueOnFail: true },
				{ helper, expectRedacted: true },
			);
			const [ok, failed] = result.items.map((i) => i.json);
			const raw = output === 'raw' ? ok : ok.raw;
			expect(raw.list).toEqual(echoed.map(() => '[redacted]'));
			expect(raw.echo).toBe(echoed.map(() => '[redacted]').join(' | '));
			expect(failed.success).toBe(false);
			expect(failed.error).toMatch(new RegExp(`^${vendor.vendorName} refused the request \\(HTTP (200|400)\\): .*\\[redacted\\] \\| \\[redacted\\]`));
		}
	});

	test('an error text cut short shows no part of a secret, wherever the cut falls', async () => {
		const helper = oddHelper();
		// the vendor's words repeat the secret with different paddings, so that the cuts of the
		// message, the description and the error body fall inside one occurrence or another
		const words = (pad) => Array.from({ length: 120 }, (_, i) => `${'w'.repeat((pad + i) % 11)} ${oddSecrets()[i % oddSecrets().length]}`).join(' ');
		const pages = [0, 3, 7].map((pad) => ({ status: 200, contentType: 'text/html', body: `<html><body><p>${words(pad)}</p></body></html>` }));
		const errors = [1, 5, 9].map((pad) => vendor.errorReply(words(pad)));
		const faults = [...pages, ...errors];
		sb.faults.set({ ...vendor.upsertScope, next: faults });
		const result = await runAndScan(
			{ parameters: paramsFor(vendor, { concurrency: 1, maxTries: 1 }), items: oddItems(faults.length, 'CUT'), continueOnFail: true },
			{ helper, expectRedacted: true },
		);
		expect(result.items.map((i) => i.json.success)).toEqual(faults.map(() => false));
		for (const item of result.items) expect(item.json.error.length).toBeLessThanOrEqual(501);
		// every secret starts with "Zq7-", in every form: no message, description or body shows it
		expect(collectVisible(result)).not.toContain('Zq7');
		// the same without Continue On Fail: the error n8n stores
		sb.faults.set({ ...vendor.upsertScope, next: [pages[1]] });
		const stopped = await runAndScan({ parameters: paramsFor(vendor, { maxTries: 1 }), items: oddItems(1, 'CUT1') }, { helper });
		expect(stopped.error).toBeDefined();
		expect(collectVisible(stopped)).not.toContain('Zq7');
	});

	if (vendor.customerSecrets) {
		test('a JSON body with the customer password that is not valid JSON, has an unknown field or a wrong type', async () => {
			// the body comes from the item: a value typed into the node's own parameters is part of the
			// workflow, which n8n stores and logs with any error as it is
			for (const body of vendor.customerSecrets.jsonBodies(CUSTOMER_PASSWORD, CUSTOMER_PIN)) {
				const result = await runAndScan({ parameters: vendor.jsonMode.params('={{ $json.body }}', {}), items: [{ body }] });
				expect(result.error.name).toBe('NodeOperationError');
			}
		});
	}

	if (vendor.loginScope) {
		test('an expired login is renewed mid-run; neither the old nor the new token/session shows', async () => {
			const helper = newHelper(vendor, sb);
			await runAndScan({ parameters: paramsFor(vendor), items: itemsFor(vendor, 2, 'RN') }, { helper });
			vendor.expireLogin(sb);
			vendor.echoSecrets(sb);
			const result = await runAndScan({ parameters: paramsFor(vendor), items: itemsFor(vendor, 3, 'RN2'), continueOnFail: true }, { helper });
			expect(result.items.map((i) => i.json.success)).toEqual([true, true, true]);
			// a second login happened: two tokens/sessions were issued and both are checked
			expect(vendor.secrets(sb).length).toBeGreaterThanOrEqual(3);
		});
	}
});

test('the log capture worked: n8n wrote debug lines for these runs', () => {
	expect(logLines.length).toBeGreaterThan(100);
	expect(logLines.some((line) => line.includes('Workflow execution finished with error'))).toBe(true);
	expect(secrets.size).toBeGreaterThan(10);
});

test('no line of the whole suite holds any secret found during it', () => {
	const all = logLines.join('\n');
	expect([...secrets].filter((secret) => forms(secret).some((form) => contains(all, form)))).toEqual([]);
});

describe('the redaction itself (the built module every node uses)', () => {
	const { Redactor } = require('../dist/nodes/shared/redact.js');

	test('walks any depth without recursion: a secret 100,000 levels deep is redacted, keys included', () => {
		const secret = 'deep-secret-Zq7"<&>';
		let root = {};
		let node = root;
		for (let i = 0; i < 100000; i++) node = node[i % 2 ? 'a' : `k${secret}`] = {};
		node.leaf = `x ${encodeURIComponent(secret)} y`;
		let copy = new Redactor([secret]).value(root);
		let depth = 0;
		const keys = new Set();
		while (copy && typeof copy === 'object' && !('leaf' in copy)) {
			const [key] = Object.keys(copy);
			if (depth % 2 === 0) keys.add(key);
			copy = copy[key];
			depth++;
		}
		expect(depth).toBe(100000);
		expect([...keys]).toEqual(['k[redacted]']);
		expect(copy.leaf).toBe('x [redacted] y');
		root = undefined;
	});

	test('a secret learnt mid-run (addSecret) is redacted by every redactor made before with with()', () => {
		const run = new Redactor(['credential-secret']);
		const item = run.with(['customer-password']);
		run.addSecret('token-issued-later');
		expect(item.text('credential-secret customer-password token-issued-later')).toBe('[redacted] [redacted] [redacted]');
		expect(run.text('customer-password')).toBe('customer-password');
	});

	test('a 1 MB secret (typed into a secret field) is redacted as it is, without overflowing the regex engine', () => {
		const huge = 'x'.repeat(1024 * 1024);
		const redactor = new Redactor(['short-secret']).with([huge]);
		expect(redactor.text(`a ${huge} b short-secret`)).toBe('a [redacted] b [redacted]');
		expect(redactor.value({ [huge]: [huge] })).toEqual({ '[redacted]': ['[redacted]'] });
	});

	test('secret shapes (a vendor secretPatterns) are redacted whatever their value; a first group is kept', () => {
		const redactor = new Redactor([], undefined, [/(JSESSIONID=)[A-Z0-9]+/g, /eyJ[\w-]+\.[\w-]+\.[\w-]*/g]).with(['item-secret']);
		expect(redactor.text('Cookie: JSESSIONID=ABC123; token eyJhbGc.eyJzdWI.sig item-secret')).toBe(
			'Cookie: JSESSIONID=[redacted]; token [redacted] [redacted]',
		);
	});

	test('a PIN is redacted only as a whole number, in any form', () => {
		const redactor = new Redactor(['908172']);
		expect(redactor.text('pin 908172, card 19081723, "\\u0039\\u0030\\u0038\\u0031\\u0037\\u0032"')).toBe('pin [redacted], card 19081723, "[redacted]"');
	});

	test('a cut never shows the start of a secret, nor half a "[redacted]"', () => {
		const redactor = new Redactor(['abcdefgh-secret']);
		const text = `${'w'.repeat(10)} abcdefgh-secret tail`;
		for (let max = 1; max < text.length; max++) {
			const cut = redactor.text(text, max);
			expect(cut).not.toMatch(/abc|\[re(?!dacted\])/);
		}
	});
});

describe('tokens and sessions issued during the run', () => {
	// the vendor repeats the token or session id alone: not as a cookie, a Bearer header or a JWT
	test.each(VENDORS.filter((v) => v.bareEcho).map((v) => [v.id, v]))('%s: a token or session id echoed bare is redacted in output and errors', async (_id, vendor) => {
		sb.reset();
		vendor.configure(sb);
		vendor.bareEcho.configure(sb);
		const items = itemsFor(vendor, 2, 'BR');
		provoke(vendor, items);
		const fromLine = logLines.length;
		const result = await runVendor(vendor, sb, { parameters: paramsFor(vendor), items, continueOnFail: true, limitMs: 30000 });
		harvest(vendor);
		expect(vendor.bareEcho.issued(sb)).toHaveLength(1);
		const { visible, leaks } = leaksOf(result, fromLine);
		// the vendor did repeat it, and what the run left behind shows it redacted
		expect(visible).toMatch(vendor.bareEcho.shows);
		expect(leaks).toEqual([]);
	});
});
