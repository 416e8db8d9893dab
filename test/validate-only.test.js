'use strict';
/**
 * Options → Validate Only: every check runs and the exact request is built, nothing is sent.
 * Each item gives { valid, errors: [{ field, message }], request: { method, url, contentType, body } }
 * with secrets redacted; a bad item is `valid: false` naming the field, not an error, so a
 * workflow can check a whole batch before sending it. The request shown is the one a real run
 * sends: compared here with what the sandbox receives for the same items.
 */
const { VENDORS } = require('./vendors');
const { runVendor } = require('./helpers/run');
const { useSandbox } = require('./helpers/sandbox');

const sb = useSandbox({ reset: false });

/**
 * The body as the sandbox read it (JSON, or the form's fields), less what n8n adds when it applies
 * the credential (the profile's credentialFormFields): Validate Only shows the request before
 * authentication, and never the credential.
 */
function receivedBody(vendor, req) {
	if (req.json !== undefined) return req.json;
	if (!req.form) return req.rawBody;
	const form = { ...req.form };
	for (const field of vendor.credentialFormFields ?? []) delete form[field];
	return form;
}

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: Validate Only', (_name, vendor) => {
	beforeEach(() => {
		sb.reset();
		vendor.configure(sb);
	});

	test('sends nothing; each item shows the request a real run sends, or what is wrong with it', async () => {
		const good = [vendor.item(0, 'VO'), vendor.item(1, 'VO')];
		// a control character: refused by every vendor's checks (an empty key is a valid new Client Toolbox customer)
		const bad = { ...vendor.item(2, 'VO'), key: 'bad\u0000key' };
		const result = await runVendor(vendor, sb, {
			parameters: vendor.params({ validateOnly: true }),
			items: [good[0], bad, good[1]],
		});
		expect(result.error).toBeUndefined();
		expect(sb.requests).toEqual([]);
		expect(result.items.map((i) => i.json.valid)).toEqual([true, false, true]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const invalid = result.items[1].json;
		expect(invalid.request).toBeNull();
		expect(invalid.errors).toHaveLength(1);
		expect(typeof invalid.errors[0].field).toBe('string');
		expect(invalid.errors[0].message).toContain(invalid.errors[0].field);

		// the same two items for real: the requests the vendor receives are the ones shown
		const real = await runVendor(vendor, sb, { parameters: vendor.params(), items: good });
		expect(real.error).toBeUndefined();
		const sent = sb.requests.filter(vendor.isUpsert);
		expect(sent).toHaveLength(2);
		for (const [index, shown] of [result.items[0].json.request, result.items[2].json.request].entries()) {
			expect(shown.method).toBe(sent[index].method);
			expect(new URL(shown.url).pathname).toBe(sent[index].rawPath.split('?')[0]);
			expect(sent[index].headers['content-type']).toContain(shown.contentType.split(';')[0]);
			expect(shown.body).toEqual(receivedBody(vendor, sent[index]));
		}
	});

	test('the credential secrets do not appear in what it shows', async () => {
		const result = await runVendor(vendor, sb, { parameters: vendor.params({ validateOnly: true }), items: [vendor.item(0, 'VS')] });
		const text = JSON.stringify(result.items);
		for (const secret of vendor.secrets(sb)) if (secret && String(secret).length >= 3) expect(text).not.toContain(String(secret));
	});
});
