'use strict';
/**
 * Bad-input suite: hostile item values for every parameter of every vendor node, as a fixed
 * corpus (table) and as fast-check properties with a fixed seed.
 *
 * For every value, one of two things must happen:
 *   - the item is refused BEFORE any HTTP call, with an error that names the vendor's field; or
 *   - the value reaches the vendor correctly encoded: a path key stays one segment under the
 *     vendor's documented prefix and decodes back to the exact value; a JSON or form body field
 *     decodes back to the exact value (numbers sent as text where the vendor wants text).
 * Never: a crash (an error that is not NodeOperationError/NodeApiError with the item index), a
 * request to another path, or a polluted Object.prototype.
 *
 * Each parameter is driven by an expression ('={{ $json.v }}'), so objects, arrays, booleans,
 * null and numbers reach the node as such, as they do from a previous node's output.
 */
const fc = require('fast-check');

const { VENDORS, newHelper, runVendor } = require('./helpers/vendor-table');
const { collectVisible } = require('./helpers/secrets');
const { startSandbox } = require('./sandbox');

const SEED = 20251123;
/** Runs per property: path keys and JSON bodies get the full count, other fields fewer. */
const KEY_RUNS = 50;
const FIELD_RUNS = 20;
const byId = Object.fromEntries(VENDORS.map((v) => [v.id, v]));

let sb;
beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sb.close();
});

// ---------- what may arrive on the wire ----------

/** The field is not on the wire at all. */
const ABSENT = Symbol('absent');
const isBlank = (v) => v === undefined || v === null || v === '';
const isBlankText = (v) => isBlank(v) || (typeof v === 'string' && v.trim() === '');
const finite = (v) => typeof v === 'number' && Number.isFinite(v);

/**
 * Each helper turns an item value into the list of wire values that are acceptable when the node
 * sends it; an empty list means the value must be refused (FieldError before sending).
 */
const accept = {
	/** Text; numbers become their decimal text. `blank`: what an empty value may become. */
	text:
		({ required = false, blank = [ABSENT], trimBlank = required } = {}) =>
		(v) => {
			if (isBlank(v) || (trimBlank && isBlankText(v))) return required ? [] : blank;
			if (typeof v === 'string') return [v];
			if (finite(v)) return [String(v)];
			return [];
		},
	/** true/false; `wire` maps it to what is sent (JSON boolean, or text in a form). */
	bool:
		({ blank = [ABSENT, null], wire = (b) => b } = {}) =>
		(v) =>
			typeof v === 'boolean' ? [wire(v)] : isBlank(v) ? blank : [],
	/** A value the node may only pass as one of `allowed` (after `normalize`). */
	oneOf:
		(allowed, { normalize = (x) => x, blank = [ABSENT] } = {}) =>
		(v) => {
			if (isBlank(v)) return blank;
			const n = typeof v === 'string' ? normalize(v) : finite(v) ? normalize(String(v)) : undefined;
			return allowed.includes(n) ? [n] : [];
		},
	/** A number sent as text (Valomnia's numeric form fields). */
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
	/** Anything the node may refuse, or send as it likes: only "no crash, field named" is checked. */
	any: () => () => null,
};

/** Valomnia reads an empty list as "not set", like an empty text (multiOptions fields). */
const emptyListBlank = (inner) => (v) => (Array.isArray(v) && v.length === 0 ? [ABSENT] : inner(v));

// ---------- where a value is on the wire ----------

const getPath = (obj, path) =>
	path.split('.').reduce((cur, part) => (cur === null || cur === undefined ? undefined : cur[part]), obj);

const wire = {
	/** A JSON body field (dotted path; list entries by index). */
	json: (path) => (req) => {
		if (req.jsonError) throw new Error(`the body is not valid JSON: ${req.jsonError}`);
		const value = getPath(req.json, path);
		return value === undefined ? ABSENT : value;
	},
	/** A form field (urlencoded); repeated fields are a failure. */
	form: (name) => (req) => {
		if (!req.form) throw new Error(`not a form body: ${req.headers['content-type']}`);
		const value = req.form[name];
		if (Array.isArray(value)) throw new Error(`form field ${name} sent ${value.length} times`);
		return value === undefined ? ABSENT : value;
	},
	/** The last path segment under the vendor's documented prefix, decoded. */
	pathKey: (vendor) => (req) => {
		const raw = req.rawPath;
		if (!raw.startsWith(vendor.pathPrefix)) throw new Error(`request outside ${vendor.pathPrefix}: ${raw}`);
		const segment = raw.slice(vendor.pathPrefix.length);
		if (/[/?#]/.test(segment)) throw new Error(`the key is not one path segment: ${segment}`);
		return decodeURIComponent(segment);
	},
};

// ---------- the vendors' parameters ----------

const setPath = (obj, path, value) => {
	const parts = path.split('.');
	let cur = obj;
	for (const part of parts.slice(0, -1)) cur = cur[part];
	cur[parts[parts.length - 1]] = value;
	return obj;
};
const clone = (v) => JSON.parse(JSON.stringify(v));
const OPTIONS = { concurrency: 1, maxTries: 1 };

const hyfinCustomer = () => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	external_id: 'H-good',
	first_name: 'Ann',
	last_name: 'Lee',
	additionalFields: {
		account_name: 'Acme',
		mobile_phone: '111-222-3333',
		email: 'ann@example.com',
		notes: 'Best customer',
		active: true,
		notification_options: { values: { notify_phone: true, notify_email: true } },
	},
	options: OPTIONS,
});
const hyfinContact = () => ({
	resource: 'contact',
	operation: 'upsert',
	inputMode: 'fields',
	_id: '',
	additionalFields: { first_name: 'Ann', last_name: 'Lee', display_name: 'Ann Lee', language: 'en' },
	emails: { email: [{ label: 'work', address: 'ann@example.com', is_primary: true }] },
	phone_numbers: { phone_number: [{ label: 'mobile', number: '333-444-5555', is_primary: true }] },
	addresses: {
		address: [
			{ label: 'billing', is_primary: true, address_line1: '1 Main St', address_line2: 'Suite 1', city: 'Naples', state_code: 'FL', zip_code: '34102' },
		],
	},
	options: OPTIONS,
});
const rivertyPerson = (extra = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	customerNumber: 'R-good',
	reportAction: false,
	inputMode: 'fields',
	type: 'Person',
	person: { ssn: '02016126007', firstName: 'Tom', lastName: 'Customer' },
	company: {},
	addressLine: 'Customer Street 1',
	additionalFields: {
		addressLine2: 'c/o Kari',
		addressLine3: 'Floor 2',
		postalCode: '0002',
		postalPlace: 'CSTM',
		countryCode: 'NO',
		phoneNumber: '+4712345678',
		email: 'tom@example.no',
		existingCustomer: true,
		individualRiskScore: '3',
		...extra,
	},
	options: OPTIONS,
});
const rivertyCompany = () => ({
	...rivertyPerson(),
	type: 'Company',
	person: {},
	company: { name: 'Acme AS', organizationNumber: '987654321' },
	additionalFields: { postalCode: '0150', countryCode: 'NO' },
});
const valomniaBase = () => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	reference: 'V-good',
	name: "Marie's Jewelry",
	additionalFields: {
		barcode: '3760000000017',
		isActive: true,
		categoryId: '2',
		isSubCustomer: false,
		parentCustomerId: '',
		billWithParent: false,
		customerSegmentationId: '1',
		userId: '2',
		isSameAddress: false,
		billing: { billingCountry: 'FR', billingCity: 'Nice', billingPostalCode: '06000', billingAddress: '1 Promenade', billingLat: 43.695, billingLng: 7.2654 },
		shipping: { country: 'France', city: 'Cannes', postalCode: '06400', address: '2 La Croisette', latitude: 43.5513, longitude: 7.0128 },
		email: 'contact@marie.test',
		phone: '+33400000000',
		mobile: '+33600000000',
		fax: '+33400000001',
		comment: 'Mornings',
		website: 'https://marie.test',
		creditLimit: 5000,
		dueDateConfigNumber: 7,
		dueDateConfigType: '1',
		taxNumber: 'FR40303265045',
		companyRegistrationNumber: '303265045',
		currency: 'EUR',
		paymentTypes: [7, 8],
		regionId: 3,
		onHold: true,
		onHoldReason: 'Unpaid invoice',
	},
	options: OPTIONS,
});
const loyaltyBase = (options = {}) => ({
	resource: 'customer',
	operation: 'upsert',
	inputMode: 'fields',
	code: 'L-good',
	card_number: '',
	additionalFields: {
		first_name: 'John',
		last_name: 'Doe',
		phone: '555-555-2455',
		email: 'john@example.com',
		custom_date: '1970-07-14',
		street1: '123 Main St.',
		street2: 'Apt 3G',
		city: 'Anytown',
		state: 'ZZ',
		postal_code: '55555',
		country: 'NZ',
		custom_field: 'note',
		customer_username: 'jdoe1970',
		customer_password: 'ilovecheese',
		customer_PIN: '1234',
	},
	customFields: { field: [{ number: 2, value: 'Single' }] },
	options: { ...OPTIONS, ...options },
});

/**
 * One row per parameter: its base parameters, where the expression goes (`at`), the good value
 * of item 0, the vendor field name an error must contain (`names`), where it is on the wire and
 * which wire values are acceptable. `key: true` marks the upsert key (more runs).
 */
function field(row) {
	return { names: [row.at.split('.').pop()], ...row };
}

/** A good value for item 0 (the sandboxes check e-mail addresses). */
const goodText = (at) => (/email/i.test(at) ? 'ok@example.com' : 'ok');
const HYFIN_TEXT = (at, path, opts) => field({ base: hyfinCustomer, at, good: goodText(at), wire: wire.json(path), accept: accept.text(opts) });
/** Hyfin names list entries as emails[0].address, or emails.0.address in its control-character check. */
const listNames = (bracket) => [bracket, bracket.replace(/\[(\d+)\]/g, '.$1'), bracket.replace(/\[(\d+)\]\./, '[$1].address.'), bracket.replace(/\[(\d+)\]\./, '.$1.address.')];
const HYFIN_CONTACT_TEXT = (at, path, names, opts) =>
	field({ base: hyfinContact, at, good: goodText(at), names: names.flatMap(listNames), wire: wire.json(path), accept: accept.text(opts) });

const FIELDS = {
	hyfin: [
		{ ...HYFIN_TEXT('external_id', 'external_id', { required: true }), key: true },
		HYFIN_TEXT('first_name', 'first_name', { required: true }),
		HYFIN_TEXT('last_name', 'last_name', { required: true }),
		...['account_name', 'mobile_phone', 'email', 'notes'].map((name) =>
			HYFIN_TEXT(`additionalFields.${name}`, name, { blank: [ABSENT, ''] }),
		),
		field({ base: hyfinCustomer, at: 'additionalFields.active', good: true, wire: wire.json('active'), accept: accept.bool() }),
		...['notify_phone', 'notify_email'].map((name) =>
			field({
				base: hyfinCustomer,
				at: `additionalFields.notification_options.values.${name}`,
				good: false,
				wire: wire.json(`notification_options.${name}`),
				accept: accept.bool({ blank: [false] }),
			}),
		),
		// contact: _id is the key of an update (body, not path); whitespace around it is trimmed
		{
			...field({
				base: hyfinContact,
				at: '_id',
				good: '',
				wire: wire.json('_id'),
				accept: (v) => (typeof v === 'string' ? (v.trim() === '' ? [ABSENT] : [v.trim()]) : accept.text()(v)),
			}),
			key: true,
		},
		...['first_name', 'last_name', 'display_name'].map((name) =>
			HYFIN_CONTACT_TEXT(`additionalFields.${name}`, name, [name], { blank: [ABSENT, ''] }),
		),
		HYFIN_CONTACT_TEXT('additionalFields.language', 'language', ['language'], { blank: [ABSENT, ''] }),
		HYFIN_CONTACT_TEXT('emails.email.0.address', 'emails.0.address', ['emails[0].address'], { required: true }),
		HYFIN_CONTACT_TEXT('emails.email.0.label', 'emails.0.label', ['emails[0].label'], { blank: [ABSENT, null] }),
		field({ base: hyfinContact, at: 'emails.email.0.is_primary', good: true, names: listNames('emails[0].is_primary'), wire: wire.json('emails.0.is_primary'), accept: accept.bool({ blank: [false, ABSENT] }) }),
		HYFIN_CONTACT_TEXT('phone_numbers.phone_number.0.number', 'phone_numbers.0.number', ['phone_numbers[0].number'], { required: true }),
		HYFIN_CONTACT_TEXT('phone_numbers.phone_number.0.label', 'phone_numbers.0.label', ['phone_numbers[0].label'], { blank: [ABSENT, null] }),
		field({ base: hyfinContact, at: 'phone_numbers.phone_number.0.is_primary', good: true, names: listNames('phone_numbers[0].is_primary'), wire: wire.json('phone_numbers.0.is_primary'), accept: accept.bool({ blank: [false, ABSENT] }) }),
		HYFIN_CONTACT_TEXT('addresses.address.0.label', 'addresses.0.label', ['addresses[0].label'], { blank: [ABSENT, null] }),
		field({ base: hyfinContact, at: 'addresses.address.0.is_primary', good: true, names: listNames('addresses[0].is_primary'), wire: wire.json('addresses.0.is_primary'), accept: accept.bool({ blank: [false, ABSENT] }) }),
		...['address_line1', 'address_line2', 'city', 'state_code', 'zip_code'].map((name) =>
			HYFIN_CONTACT_TEXT(`addresses.address.0.${name}`, `addresses.0.address.${name}`, [`addresses[0].${name}`], {}),
		),
	],
	riverty: [
		{
			...field({ base: rivertyPerson, at: 'customerNumber', good: 'R-good', wire: wire.pathKey(byId.riverty), accept: accept.text({ required: true }) }),
			key: true,
		},
		// "Company" is a valid type: the base then has no Person-only fields
		field({
			base: () => rivertyPerson({ existingCustomer: undefined, individualRiskScore: undefined }),
			at: 'type',
			good: 'Person',
			wire: wire.json('type'),
			accept: accept.oneOf(['Person', 'Company'], { blank: [] }),
		}),
		...['ssn', 'firstName', 'lastName'].map((name) =>
			field({ base: rivertyPerson, at: `person.${name}`, good: 'ok', names: [`person.${name}`], wire: wire.json(`person.${name}`), accept: accept.text() }),
		),
		...['name', 'organizationNumber'].map((name) =>
			field({ base: rivertyCompany, at: `company.${name}`, good: 'ok', names: [`company.${name}`], wire: wire.json(`company.${name}`), accept: accept.text() }),
		),
		field({ base: rivertyPerson, at: 'addressLine', good: 'ok', names: ['address.addressLine'], wire: wire.json('address.addressLine'), accept: accept.text({ required: true }) }),
		...['addressLine2', 'addressLine3', 'postalCode', 'postalPlace'].map((name) =>
			field({ base: rivertyPerson, at: `additionalFields.${name}`, good: 'ok', names: [`address.${name}`], wire: wire.json(`address.${name}`), accept: accept.text() }),
		),
		field({
			base: rivertyPerson,
			at: 'additionalFields.countryCode',
			good: 'NO',
			names: ['address.countryCode'],
			wire: wire.json('address.countryCode'),
			accept: (v) => {
				if (isBlankText(v)) return [ABSENT];
				const code = typeof v === 'string' ? v.trim().toUpperCase() : undefined;
				return code !== undefined && /^[A-Z]{2}$/.test(code) ? [code] : [];
			},
		}),
		...['phoneNumber', 'email', 'individualRiskScore'].map((name) =>
			field({ base: rivertyPerson, at: `additionalFields.${name}`, good: goodText(name), wire: wire.json(name), accept: accept.text() }),
		),
		field({ base: rivertyPerson, at: 'additionalFields.existingCustomer', good: true, wire: wire.json('existingCustomer'), accept: accept.bool() }),
	],
	valomnia: [
		{
			...field({ base: valomniaBase, at: 'reference', good: 'V-good', wire: wire.pathKey(byId.valomnia), accept: accept.text({ required: true }) }),
			key: true,
		},
		field({ base: valomniaBase, at: 'name', good: 'ok', wire: wire.form('name'), accept: accept.text({ required: true }) }),
		...[
			'barcode',
			'email',
			'phone',
			'mobile',
			'fax',
			'comment',
			'website',
			'taxNumber',
			'companyRegistrationNumber',
			'onHoldReason',
		].map((name) => field({ base: valomniaBase, at: `additionalFields.${name}`, good: goodText(name), wire: wire.form(name), accept: emptyListBlank(accept.text()) })),
		...['billingCountry', 'billingCity', 'billingPostalCode', 'billingAddress'].map((name) =>
			field({ base: valomniaBase, at: `additionalFields.billing.${name}`, good: 'ok', wire: wire.form(name), accept: emptyListBlank(accept.text()) }),
		),
		...['country', 'city', 'postalCode', 'address'].map((name) =>
			field({ base: valomniaBase, at: `additionalFields.shipping.${name}`, good: 'ok', wire: wire.form(name), accept: emptyListBlank(accept.text()) }),
		),
		...['isActive', 'isSubCustomer', 'billWithParent', 'isSameAddress', 'onHold'].map((name) =>
			field({
				base: valomniaBase,
				at: `additionalFields.${name}`,
				good: false,
				// isSubCustomer true needs a parent customer: refused naming both
				wire: wire.form(name),
				accept: emptyListBlank((v) => (name === 'isSubCustomer' && v === true ? [] : accept.bool({ blank: [ABSENT], wire: String })(v))),
			}),
		),
		...['categoryId', 'customerSegmentationId', 'userId', 'parentCustomerId'].map((name) =>
			field({
				base: valomniaBase,
				at: `additionalFields.${name}`,
				// the sandbox knows category 2, segmentation 1, user 2 and no parent customer
				good: { categoryId: '2', customerSegmentationId: '1', userId: '2', parentCustomerId: '' }[name],
				wire: wire.form(name),
				accept: emptyListBlank((v) =>
					isBlank(v) ? [ABSENT] : Number.isInteger(v) ? [String(v)] : typeof v === 'string' && v.trim() !== '' ? [v.trim()] : [],
				),
			}),
		),
		field({ base: valomniaBase, at: 'additionalFields.billing.billingLat', good: 1, wire: wire.form('billingLat'), accept: emptyListBlank(accept.number({ min: -90, max: 90 })) }),
		field({ base: valomniaBase, at: 'additionalFields.billing.billingLng', good: 1, wire: wire.form('billingLng'), accept: emptyListBlank(accept.number({ min: -180, max: 180 })) }),
		field({ base: valomniaBase, at: 'additionalFields.shipping.latitude', good: 1, wire: wire.form('latitude'), accept: emptyListBlank(accept.number({ min: -90, max: 90 })) }),
		field({ base: valomniaBase, at: 'additionalFields.shipping.longitude', good: 1, wire: wire.form('longitude'), accept: emptyListBlank(accept.number({ min: -180, max: 180 })) }),
		field({ base: valomniaBase, at: 'additionalFields.creditLimit', good: 10, wire: wire.form('creditLimit'), accept: emptyListBlank(accept.number()) }),
		field({
			base: valomniaBase,
			at: 'additionalFields.dueDateConfigNumber',
			good: 7,
			wire: wire.form('dueDateConfigNumber'),
			accept: (v) => (isBlank(v) ? [] : accept.number({ min: 0, integer: true })(v)), // required: the base sets a due date type
		}),
		field({ base: valomniaBase, at: 'additionalFields.regionId', good: 3, wire: wire.form('regionId'), accept: emptyListBlank(accept.number({ min: 1, integer: true })) }),
		field({
			base: valomniaBase,
			at: 'additionalFields.dueDateConfigType',
			good: '1',
			wire: wire.form('dueDateConfigType'),
			accept: emptyListBlank(accept.oneOf(['1', '2'], { normalize: (s) => s.trim() })),
		}),
		field({
			base: valomniaBase,
			at: 'additionalFields.currency',
			good: 'EUR',
			wire: wire.form('currency'),
			accept: emptyListBlank((v) =>
				isBlank(v) ? [ABSENT] : typeof v === 'string' && /^[A-Za-z]{3}$/.test(v.trim()) ? [v.trim().toUpperCase()] : [],
			),
		}),
		// ids in several shapes, sent as Valomnia's [{"id":7}]: only "refused or a valid list" is checked
		field({
			base: valomniaBase,
			at: 'additionalFields.paymentTypes',
			good: [7],
			wire: wire.form('paymentTypes'),
			accept: () => (sent) =>
				sent === ABSENT ||
				(() => {
					const list = JSON.parse(sent);
					return Array.isArray(list) && list.every((e) => Number.isSafeInteger(e.id) && e.id >= 1);
				})(),
		}),
	],
	clienttoolbox: [
		{
			...field({ base: loyaltyBase, at: 'code', good: 'L-good', wire: wire.form('code'), accept: accept.text({ trimBlank: true }) }),
			key: true,
		},
		field({ base: loyaltyBase, at: 'card_number', good: '1212', wire: wire.form('card_number'), accept: accept.text({ trimBlank: true }) }),
		...[
			'first_name',
			'last_name',
			'phone',
			'email',
			'street1',
			'street2',
			'city',
			'state',
			'postal_code',
			'country',
			'custom_field',
			'customer_username',
			'customer_password',
			'customer_PIN',
			'custom_date',
			'auto_add',
		].map((name) =>
			field({ base: loyaltyBase, at: `additionalFields.${name}`, good: name === 'custom_date' ? '1970-07-14' : goodText(name), wire: wire.form(name), accept: accept.text({ trimBlank: true }) }),
		),
		field({
			base: loyaltyBase,
			at: 'additionalFields.card_number_generate',
			good: 8,
			wire: wire.form('card_number_generate'),
			accept: (v) => {
				if (isBlankText(v)) return [ABSENT];
				const text = typeof v === 'string' ? v : finite(v) ? String(v) : undefined;
				return text !== undefined && /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 32 ? [text] : [];
			},
		}),
		field({ base: loyaltyBase, at: 'additionalFields.new_code', good: false, wire: wire.form('new_code'), accept: (v) => (v === true ? ['Yes'] : [ABSENT]) }),
		field({ base: loyaltyBase, at: 'additionalFields.send_no_email', good: false, wire: wire.form('send_no_email'), accept: (v) => (v === true ? ['true'] : [ABSENT]) }),
		field({ base: loyaltyBase, at: 'customFields.field.0.value', good: 'Single', names: ['custom_field_2'], wire: wire.form('custom_field_2'), accept: accept.text() }),
		// the number picks the field name: custom_field_<n>, n ≥ 2
		field({
			base: loyaltyBase,
			at: 'customFields.field.0.number',
			good: 2,
			names: ['custom_field_'],
			wire: (req) => Object.keys(req.form).find((k) => /^custom_field_\d+$/.test(k)) ?? ABSENT,
			accept: (v) => {
				const n = Number(v);
				return typeof v !== 'symbol' && Number.isInteger(n) && n >= 2 ? [`custom_field_${n}`] : [];
			},
		}),
		field({
			base: () => loyaltyBase({ replyFormat: 'json' }),
			at: 'options.callback',
			good: 'cb',
			wire: wire.form('callback'),
			accept: (v) => {
				const text = String(v ?? '').trim();
				if (text === '') return [ABSENT];
				return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(text) ? [text] : [];
			},
		}),
	],
};

// ---------- hostile values ----------

const MB = 1024 * 1024;
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

// ---------- running one value ----------

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

/** Every request of this run went to the vendor's upsert or login, nowhere else. */
function checkedRequests(vendor) {
	for (const req of sb.requests) {
		if (req.vendor !== vendor.id || !(vendor.isUpsert(req) || vendor.isLogin(req))) {
			throw new Error(`a request to another path: ${req.method} ${req.rawPath.slice(0, 200)}`);
		}
	}
	return sb.requests.filter(vendor.isUpsert);
}

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

/**
 * One run of the hostile item alone, without Continue On Fail. Checks the error's type and item
 * index, the requests, the wire value or the refusal, and the prototypes.
 */
async function checkOne(vendor, row, value) {
	// the vendor's state and the stored login are kept between runs (faster); the log is not
	sb.requests.length = 0;
	const parameters = setPath(clone(row.base()), row.at, '={{ $json.v }}');
	const result = await runVendor(vendor, sb, {
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
async function checkCorpus(vendor, row) {
	sb.requests.length = 0;
	const parameters = setPath(clone(row.base()), row.at, '={{ $json.v }}');
	const values = CORPUS.map(([, v]) => v);
	const result = await runVendor(vendor, sb, {
		parameters,
		items: values.map((v) => ({ v })),
		continueOnFail: true,
		credentialsHelper: helpers.get(vendor),
		limitMs: 60000,
	});
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
				expectOnWire(row, values[i], req);
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

// ---------- the suites ----------

/** One credentials helper per vendor, as one n8n instance keeps one stored token or session. */
const helpers = new Map();

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: hostile values in every parameter', (_name, vendor) => {
	const rows = FIELDS[vendor.id];
	beforeAll(() => {
		sb.reset();
		vendor.configure(sb);
		helpers.set(vendor, newHelper(vendor, sb));
	});

	test.each(rows.map((row) => [`${row.base().resource ?? ''} ${row.at}`, row]))(
		'%s: the fixed corpus (wrong types, empty, 1 MB, unicode, control characters, path tricks) is refused by name or sent exactly',
		async (_label, row) => {
			await checkCorpus(vendor, row);
		},
		60000,
	);

	test.each(rows.map((row) => [`${row.base().resource ?? ''} ${row.at}`, row]))(
		'%s: generated hostile values (fast-check, fixed seed) are refused by name or sent exactly',
		async (_label, row) => {
			await fc.assert(
				fc.asyncProperty(hostile, async (value) => {
					await checkOne(vendor, row, value);
				}),
				{ seed: SEED, numRuns: row.key ? KEY_RUNS : FIELD_RUNS },
			);
		},
		60000,
	);
});

// ---------- path keys: everything printable arrives whole, under the documented prefix ----------

describe.each(VENDORS.filter((v) => v.pathPrefix).map((v) => [v.vendorName, v]))('%s: the upsert key in the URL path', (_name, vendor) => {
	const row = FIELDS[vendor.id].find((r) => r.key);
	beforeAll(() => {
		sb.reset();
		vendor.configure(sb);
		helpers.set(vendor, newHelper(vendor, sb));
	});

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
	])('%s is sent percent-encoded as one path segment and stored under exactly that key', async (_label, key) => {
		await checkOne(vendor, row, key);
		const [req] = sb.requests.filter(vendor.isUpsert);
		expect(req.rawPath).toBe(`${vendor.pathPrefix}${encodeURIComponent(key)}`);
		expect(vendor.recordKeys(sb)).toContain(key);
	});

	test.each([
		['..', '..'],
		['.', '.'],
		['half a surrogate pair', 'A\ud800'],
		['2,001 characters once encoded', '/'.repeat(667)],
	])('%s is refused by name before anything is sent', async (_label, key) => {
		await checkOne(vendor, row, key);
		expect(sb.requests.filter(vendor.isUpsert)).toHaveLength(0);
	});

	test('any printable text (fast-check, fixed seed) reaches the vendor whole, under the documented prefix', async () => {
		const printable = fc
			.oneof(fc.fullUnicodeString({ minLength: 1, maxLength: 40 }), pathLike)
			.filter((s) => s.trim() !== '' && s !== '.' && s !== '..' && !/[\u0000-\u001f\u007f]/.test(s));
		await fc.assert(
			fc.asyncProperty(printable, async (key) => {
				await checkOne(vendor, row, key);
				const upserts = sb.requests.filter(vendor.isUpsert);
				if (upserts.length !== 1) throw new Error(`${show(key)} was not sent`);
				if (row.wire(upserts[0]) !== key) throw new Error(`${show(key)} arrived as ${show(row.wire(upserts[0]))}`);
			}),
			{ seed: SEED, numRuns: KEY_RUNS },
		);
	});
});

// ---------- JSON-body mode: prototype pollution and arbitrary JSON ----------

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

/** Per vendor: JSON-mode parameters, a valid body, and the objects inside it a key can hide in. */
const JSON_MODE = {
	hyfin: {
		params: (jsonBody) => ({ resource: 'customer', operation: 'upsert', inputMode: 'json', jsonBody, options: OPTIONS }),
		body: { external_id: 'J-1', first_name: 'Ann', last_name: 'Lee', notification_options: { notify_phone: false, notify_email: false } },
		inside: ['', 'notification_options'],
	},
	riverty: {
		params: (jsonBody) => ({ resource: 'customer', operation: 'upsert', customerNumber: 'J-1', inputMode: 'json', jsonBody, options: OPTIONS }),
		body: { type: 'Person', person: { firstName: 'Tom' }, address: { addressLine: 'Customer Street 1', countryCode: 'NO' } },
		inside: ['', 'person', 'address'],
	},
	valomnia: {
		params: (jsonBody) => ({ resource: 'customer', operation: 'upsert', inputMode: 'json', reference: 'J-1', jsonBody, options: OPTIONS }),
		body: { name: 'Shop', paymentTypes: [{ id: 7 }] },
		inside: ['', 'paymentTypes.0'],
	},
	clienttoolbox: {
		params: (jsonBody) => ({ resource: 'customer', operation: 'upsert', inputMode: 'json', code: '', card_number: '', jsonBody, options: OPTIONS }),
		body: { code: 'J-1', first_name: 'John' },
		inside: [''],
	},
};

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

async function runJson(vendor, jsonBody, item = {}) {
	sb.requests.length = 0;
	const result = await runVendor(vendor, sb, {
		parameters: JSON_MODE[vendor.id].params(jsonBody),
		items: [item],
		credentialsHelper: helpers.get(vendor),
		limitMs: 30000,
	});
	expectCleanPrototypes();
	return { result, upserts: checkedRequests(vendor) };
}

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: JSON-body mode', (_name, vendor) => {
	const mode = JSON_MODE[vendor.id];
	beforeAll(() => {
		sb.reset();
		vendor.configure(sb);
		helpers.set(vendor, newHelper(vendor, sb));
	});

	test('the valid base body is sent as given (the cases below differ from it by one key)', async () => {
		const { result, upserts } = await runJson(vendor, JSON.stringify(mode.body));
		expect(result.error).toBeUndefined();
		expect(upserts).toHaveLength(1);
	});

	const cases = [];
	for (const at of mode.inside) {
		for (const key of FORBIDDEN) {
			cases.push([`${key} in ${at || 'the body'}`, at, [], key, { polluted: 'yes' }]);
		}
		cases.push([`constructor.prototype in ${at || 'the body'}`, at, [], 'constructor', { prototype: { polluted: 'yes' } }]);
		cases.push([`__proto__ three objects deep in ${at || 'the body'}`, at, ['a', 'b', 'c'], '__proto__', { polluted: 'yes' }]);
	}

	test.each(cases)('%s is refused by name before sending, as text and as an object from an expression', async (_label, at, wrap, key, payload) => {
		const text = JSON.stringify(withKey(mode.body, at, wrap, key, payload));
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
	});

	test("an item object with __proto__ loses the key in n8n's own item copy: nothing is polluted", async () => {
		const body = JSON.parse(JSON.stringify(withKey(mode.body, '', [], '__proto__', { polluted: 'yes' })));
		expect(Object.keys(body)).toContain('__proto__');
		const { result } = await runJson(vendor, '={{ $json.body }}', { body });
		// refused, or sent without the key; either way Object.prototype is clean (checked in runJson)
		if (result.error) expect(result.error.name).toBe('NodeOperationError');
	});

	test('a forbidden key anywhere (fast-check, fixed seed) is refused by name, never sent, never pollutes', async () => {
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
	});

	test('any JSON text or value (fast-check, fixed seed) is refused before sending, or sent as given; never a crash', async () => {
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
				// JSON vendors: the body arrives as given
				if (vendor.format === 'json' && upserts[0].json && vendor.id !== 'valomnia') {
					if (!deepEqual(upserts[0].json, JSON.parse(text))) throw new Error(`${show(text)} arrived as ${upserts[0].rawBody}`);
				}
			}),
			{ seed: SEED, numRuns: KEY_RUNS },
		);
	});
});

// ---------- conditional rules: the field that is missing is named, nothing is sent ----------

const CONDITIONAL = {
	hyfin: [
		['Notify by Phone without a mobile phone', 'mobile_phone', { ...hyfinCustomer(), additionalFields: { notification_options: { values: { notify_phone: true } } } }],
		['Notify by Email without an email', 'email', { ...hyfinCustomer(), additionalFields: { notification_options: { values: { notify_email: true } } } }],
		['a contact e-mail entry without an address', 'emails[0].address', { ...hyfinContact(), emails: { email: [{ label: 'work', is_primary: true }] } }],
		['a contact phone entry without a number', 'phone_numbers[0].number', { ...hyfinContact(), phone_numbers: { phone_number: [{ label: 'mobile' }] } }],
		['a JSON contact with an empty _id', '_id', { resource: 'contact', operation: 'upsert', inputMode: 'json', jsonBody: '{"_id":"","first_name":"A"}', options: OPTIONS }],
		['a JSON customer without external_id', 'external_id', { resource: 'customer', operation: 'upsert', inputMode: 'json', jsonBody: '{"first_name":"A","last_name":"B"}', options: OPTIONS }],
	],
	riverty: [
		['a Company with Existing Customer', 'existingCustomer', { ...rivertyCompany(), additionalFields: { existingCustomer: false } }],
		['a Company with an Individual Risk Score', 'individualRiskScore', { ...rivertyCompany(), additionalFields: { individualRiskScore: '2' } }],
		['a JSON Person with a company', 'company', JSON_MODE.riverty.params('{"type":"Person","company":{"name":"A"},"address":{"addressLine":"x"}}')],
		['a JSON Company with a person', 'person', JSON_MODE.riverty.params('{"type":"Company","person":{"firstName":"A"},"address":{"addressLine":"x"}}')],
		['a JSON body without address', 'address', JSON_MODE.riverty.params('{"type":"Person"}')],
		['a JSON body without type', 'type', JSON_MODE.riverty.params('{"address":{"addressLine":"x"}}')],
		['a JSON address without addressLine', 'address.addressLine', JSON_MODE.riverty.params('{"type":"Person","address":{"postalCode":"1"}}')],
	],
	valomnia: [
		['Is Sub-Customer without a parent customer', 'parentCustomerId', setPath(valomniaBase(), 'additionalFields.isSubCustomer', true)],
		['a due date type without due date days', 'dueDateConfigNumber', setPath(valomniaBase(), 'additionalFields.dueDateConfigNumber', '')],
		['a JSON body with the reference in it', 'reference', JSON_MODE.valomnia.params('{"name":"A","reference":"X"}')],
		['a JSON body without name', 'name', JSON_MODE.valomnia.params('{"email":"a@b.c"}')],
	],
	clienttoolbox: [
		['no customer field at all', 'customer fields', { ...loyaltyBase(), code: '', additionalFields: {}, customFields: {} }],
		['Generate Card Number with a card number', 'card_number_generate', { ...loyaltyBase(), card_number: '1212', additionalFields: { card_number_generate: 8 } }],
		['a callback with XML replies', 'callback', loyaltyBase({ callback: 'cb' })],
		['Condensed with XML replies', 'condensed', loyaltyBase({ condensed: true })],
		['custom field number 1', 'custom_field_##[0]', { ...loyaltyBase(), customFields: { field: [{ number: 1, value: 'x' }] } }],
		['a JSON body with the API key in it', 'user_password', JSON_MODE.clienttoolbox.params('{"code":"A","user_password":"x"}')],
	],
};

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: documented conditional rules', (_name, vendor) => {
	beforeAll(() => {
		sb.reset();
		vendor.configure(sb);
		helpers.set(vendor, newHelper(vendor, sb));
	});

	test.each(CONDITIONAL[vendor.id])('%s is refused before sending, naming %s', async (_label, name, parameters) => {
		sb.requests.length = 0;
		const result = await runVendor(vendor, sb, { parameters, items: [{}], credentialsHelper: helpers.get(vendor) });
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error.message).toContain(name);
		expect(result.error.context.itemIndex).toBe(0);
		expect(checkedRequests(vendor)).toHaveLength(0);
	});
});

// ---------- a bad value that carries a secret ----------

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: a value that carries the credential secret', (_name, vendor) => {
	// a secret whose characters encoders change (Hyfin's travels in a header: ASCII only there);
	// nothing else in a run contains "Zq7"
	const SECRET = vendor.id === 'hyfin' ? `Zq7-tok"en'<&>\\/ +%x-bad-input` : `Zq7-s3c"r'<&>\\/ +%é😀-bad-input`;
	let helper;
	beforeAll(() => {
		sb.reset();
		vendor.configure(sb);
		vendor.acceptSecret(sb, SECRET);
		helper = newHelper(vendor, sb, { [vendor.secretField]: SECRET });
	});

	test('in any parameter, refused or sent, no error or output shows the secret or its start, wherever a cut falls', async () => {
		const values = [0, 20, 33, 38, 45].map((n) => `${'w'.repeat(n)}${SECRET} tail`);
		for (const row of FIELDS[vendor.id]) {
			const parameters = setPath(clone(row.base()), row.at, '={{ $json.v }}');
			const result = await runVendor(vendor, sb, {
				parameters,
				items: values.map((v) => ({ v })),
				continueOnFail: true,
				credentialsHelper: helper,
				limitMs: 30000,
			});
			expect(result.items).toHaveLength(values.length);
			const visible = collectVisible(result);
			if (visible.includes('Zq7')) throw new Error(`${row.at}: ${visible.slice(visible.indexOf('Zq7') - 80, visible.indexOf('Zq7') + 40)}`);
		}
	}, 120000);
});

// ---------- the shared Options with hostile values ----------

describe.each(VENDORS.map((v) => [v.vendorName, v]))('%s: hostile values in the Options', (_name, vendor) => {
	beforeAll(() => {
		sb.reset();
		vendor.configure(sb);
	});

	const OPTION_VALUES = [{ a: 1 }, ['x'], 'abc', '', -5, 0, 0.5, 1e12, NaN, null, true];
	test.each(['concurrency', 'maxRetryWait', 'output', 'timeout', 'maxTries'])(
		'%s: any value falls back to a default or is clamped; the items still go through',
		async (option) => {
			for (const value of OPTION_VALUES) {
				sb.requests.length = 0;
				const result = await runVendor(vendor, sb, {
					parameters: vendor.params({ [option]: '={{ $json.v }}' }),
					items: [{ ...vendor.item(0, 'OPT'), v: value }, { ...vendor.item(1, 'OPT'), v: value }],
				});
				expectCleanPrototypes();
				if (result.error) throw new Error(`${option} = ${show(value)}: ${result.error.message}`);
				expect(result.items).toHaveLength(2);
				// the raw output is the vendor's reply; the normalized one says success
				if (option !== 'output') expect(result.items.map((i) => i.json.success)).toEqual([true, true]);
			}
		},
	);
});
