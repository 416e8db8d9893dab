'use strict';
/**
 * The vendor profiles of test/vendors as version 2 runs them: one per vendor and upsert Input Mode
 * (Map Automatically, Map Each Field, JSON Body). A profile is the vendor's own (scopes, sandbox
 * set-up, secrets, own cases) with version-2 parameters and items, `typeVersion: 2` (runVendor
 * runs it at that version) and a `label` ("Hyfin auto"). The fault suites run them beside
 * version 1's profiles.
 */
const { VENDORS } = require('../vendors');

/** Per vendor and mode: version-2 parameters, and items carrying the v1 `key` (for recordKeys). */
const RECORD = {
	hyfin: (key, first) => ({
		external_id: key,
		first_name: first,
		last_name: 'Fault',
	}),
	riverty: (key, first) => ({
		customerNumber: key,
		type: 'Person',
		person: { firstName: first, lastName: 'Fault' },
		address: {
			addressLine: 'Customer Street 1',
			countryCode: 'NO',
			postalCode: '0002',
		},
	}),
	valomnia: (key, first) => ({ reference: key, name: first }),
	clienttoolbox: (key, first) => ({ code: key, first_name: first }),
};
const dotted = (obj, prefix = '', out = {}) => {
	for (const [k, v] of Object.entries(obj)) {
		if (v && typeof v === 'object' && !Array.isArray(v)) dotted(v, `${prefix}${k}.`, out);
		else out[`${prefix}${k}`] = v;
	}
	return out;
};
const KEY_FIELD = {
	hyfin: 'external_id',
	riverty: 'customerNumber',
	valomnia: 'reference',
	clienttoolbox: 'code',
};

function v2Profile(vendor, mode) {
	const record = RECORD[vendor.id];
	const keyField = KEY_FIELD[vendor.id];
	const base = (options, extra) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: mode,
		...extra,
		options,
	});
	let params;
	let item;
	if (mode === 'auto') {
		params = (options = {}) => base(options);
		item = (i, prefix = 'K') => ({
			key: `${prefix}-${i}`,
			...record(`${prefix}-${i}`, `First ${i}`),
		});
	} else if (mode === 'map') {
		const value = dotted(record('={{ $json.key }}', '={{ $json.first }}'));
		params = (options = {}) =>
			base(options, {
				mapping: {
					mappingMode: 'defineBelow',
					value,
					matchingColumns: [],
					schema: [],
				},
			});
		item = vendor.item;
	} else {
		// JSON Body: the key outside the body where the vendor has a Key parameter
		const body = record('KEY', 'FIRST');
		const extra = {};
		if (vendor.id === 'riverty' || vendor.id === 'valomnia') {
			delete body[keyField];
			extra[keyField] = '={{ $json.key }}';
		}
		if (vendor.id === 'clienttoolbox') Object.assign(extra, { code: '', card_number: '' });
		const text = JSON.stringify(body).replace(/}/g, ' }').replace('"KEY"', '$json.key').replace('"FIRST"', '$json.first');
		params = (options = {}) => base(options, { ...extra, jsonBody: `={{ JSON.stringify(${text}) }}` });
		item = vendor.item;
	}
	return { ...vendor, params, item, typeVersion: 2, label: `${vendor.vendorName} ${mode}` };
}

const MODES = ['auto', 'map', 'json'];
/** Every vendor's upsert in every mode of version 2, as [label, profile] rows for describe.each / test.each. */
const MATRIX = VENDORS.flatMap((v) => MODES.map((m) => v2Profile(v, m))).map((p) => [p.label, p]);

module.exports = { v2Profile, MODES, MATRIX };
