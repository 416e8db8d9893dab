'use strict';
/**
 * The bad-input suite against version 2 (typeVersion: 2), in its three input modes, with the same
 * field rows (test/vendors/<vendor>.js, written from the vendor documents):
 *  - Map Automatically: the item is the record (the body version 1 builds from the row's base
 *    parameters) with the row's field set to each value of the fixed corpus;
 *  - Map Each Field: the mapper's value box for the row's field holds the expression;
 *  - JSON Body: as in version 1.
 * Every value is refused before any request with an error naming the vendor's field, or reaches
 * the vendor as the row accepts it (version 2 reads an empty value, only spaces too, as left out,
 * and true/false text as the boolean). List entries (Hyfin's contact lists) and computed names
 * have no place of their own in a record: test/v2.test.js covers them.
 */
const { VENDORS } = require('./vendors');
const { badInputChecks, forbiddenKeyCases, rowLabel } = require('./helpers/bad-input');

const check = badInputChecks({ typeVersion: 2 });
const eachVendor = (title, body) => describe.each(VENDORS.map((v) => [v.vendorName, v]))(title, body);
const recordRows = (vendor) => vendor.fields.filter((row) => check.recordPath(row)).map((row) => [rowLabel(row), row]);

eachVendor('%s version 2: hostile values in every field of the record', (_name, vendor) => {
	check.useVendor(vendor);

	test('most rows have a place in the record', () => {
		expect(recordRows(vendor).length).toBeGreaterThan(vendor.fields.length / 2);
	});

	test.each(recordRows(vendor))(
		'%s, Map Automatically: the fixed corpus is refused by name before any request, or sent as documented',
		(_label, row) => check.corpusV2(vendor, row, 'auto'),
		60000,
	);

	test.each(recordRows(vendor))(
		'%s, Map Each Field: the fixed corpus is refused by name before any request, or sent as documented',
		(_label, row) => check.corpusV2(vendor, row, 'map'),
		60000,
	);
});

eachVendor('%s version 2: JSON Body', (_name, vendor) => {
	check.useVendor(vendor);

	test('the valid base body is sent as given', () => check.jsonSampleSent(vendor));

	test.each(forbiddenKeyCases(vendor.jsonMode))(
		'%s is refused by name before sending, as text and as an object from an expression',
		(_label, at, wrap, key, payload) => check.jsonForbiddenKey(vendor, at, wrap, key, payload),
	);

	test('any JSON text or value (fast-check, fixed seed) is refused before sending, or sent as given; never a crash', () => check.jsonAnything(vendor));
});

eachVendor('%s version 2: documented conditional rules (JSON Body and the fields of version 1 saved as version 2)', (_name, vendor) => {
	check.useVendor(vendor);

	test.each(vendor.conditional.filter(([, , parameters]) => parameters.inputMode === 'json'))(
		'%s is refused before sending, naming %s',
		(_label, name, parameters) => check.conditional(vendor, name, parameters),
	);
});
