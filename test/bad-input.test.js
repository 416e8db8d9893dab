'use strict';
/**
 * Bad input, for every parameter of every vendor node (the rows of each profile's `fields`,
 * test/vendors/<vendor>.js): hostile item values as a fixed corpus and as fast-check properties
 * with a fixed seed; JSON-body mode with prototype-pollution keys and arbitrary JSON; the
 * documented rules between fields; the credential secret inside values; hostile shared Options.
 *
 * For every value: refused BEFORE any HTTP call with an error naming the vendor's field, or sent
 * to the vendor exactly (a path key as one segment under the documented prefix). Never a crash, a
 * request elsewhere, a polluted prototype or a secret in the output; N items in, N results out.
 * How each of these is checked: test/helpers/bad-input.js.
 */
const { VENDORS } = require('./vendors');
const { badInputChecks, forbiddenKeyCases, rowLabel } = require('./helpers/bad-input');
const { oddSecret } = require('./helpers/secrets');

const check = badInputChecks();
const eachVendor = (title, body) => describe.each(VENDORS.map((v) => [v.vendorName, v]))(title, body);
const rowsOf = (vendor) => vendor.fields.map((row) => [rowLabel(row), row]);

eachVendor('%s: hostile values in every parameter', (_name, vendor) => {
	check.useVendor(vendor);

	test.each(rowsOf(vendor))(
		'%s: the fixed corpus (wrong types, empty, 1 MB, unicode, control characters, path tricks) is refused by name or sent exactly',
		(_label, row) => check.corpus(vendor, row),
		60000,
	);

	test.each(rowsOf(vendor))(
		'%s: generated hostile values (fast-check, fixed seed) are refused by name or sent exactly',
		(_label, row) => check.generated(vendor, row),
		60000,
	);
});

describe.each(VENDORS.filter((v) => v.pathPrefix).map((v) => [v.vendorName, v]))('%s: the upsert key in the URL path', (_name, vendor) => {
	const row = vendor.fields.find((r) => r.key);
	check.useVendor(vendor);

	test.each([
		['../', '../'],
		['..%2F', '..%2F'],
		['../../admin', '../../admin'],
		['a query', '?x=1'],
		['a fragment', '#top'],
		['a slash', 'A/B'],
		['%2F', '%2F'],
		['spaces', ' A B '],
		['a backslash', 'a\\b'],
		['an encoded dot pair', '%2e%2e'],
		['a plus and an ampersand', 'a+b&c=d'],
	])('%s is sent percent-encoded as one path segment and stored under exactly that key', (_label, key) => check.pathKeyWhole(vendor, row, key));

	test.each([
		['..', '..'],
		['.', '.'],
		['half a surrogate pair', 'A\ud800'],
		['2,001 characters once encoded', '/'.repeat(667)],
	])('%s is refused by name before anything is sent', (_label, key) => check.pathKeyRefused(vendor, row, key));

	test('any printable text (fast-check, fixed seed) reaches the vendor whole, under the documented prefix', () => check.pathKeyPrintable(vendor, row));
});

eachVendor('%s: JSON-body mode', (_name, vendor) => {
	check.useVendor(vendor);

	test('the valid base body is sent as given (the cases below differ from it by one key)', () => check.jsonSampleSent(vendor));

	test.each(forbiddenKeyCases(vendor.jsonMode))(
		'%s is refused by name before sending, as text and as an object from an expression',
		(_label, at, wrap, key, payload) => check.jsonForbiddenKey(vendor, at, wrap, key, payload),
	);

	test("an item object with __proto__ loses the key in n8n's own item copy: nothing is polluted", () => check.jsonItemWithProto(vendor));

	test('a forbidden key anywhere (fast-check, fixed seed) is refused by name, never sent, never pollutes', () => check.jsonForbiddenAnywhere(vendor));

	test('any JSON text or value (fast-check, fixed seed) is refused before sending, or sent as given; never a crash', () => check.jsonAnything(vendor));
});

eachVendor('%s: documented conditional rules', (_name, vendor) => {
	check.useVendor(vendor);

	test.each(vendor.conditional)('%s is refused before sending, naming %s', (_label, name, parameters) => check.conditional(vendor, name, parameters));
});

eachVendor('%s: a value that carries the credential secret', (_name, vendor) => {
	const secretInEveryParameter = check.useSecret(vendor, oddSecret(vendor, 'bad-input'));

	test('in any parameter, refused or sent, no error or output shows the secret or its start, wherever a cut falls', () => secretInEveryParameter(), 120000);
});

eachVendor('%s: hostile values in the Options', (_name, vendor) => {
	check.useVendor(vendor);

	test.each(['concurrency', 'maxRetryWait', 'output', 'timeout', 'maxTries'])(
		'%s: any value falls back to a default or is clamped; the items still go through',
		(option) => check.hostileOption(vendor, option),
	);
});
