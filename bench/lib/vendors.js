'use strict';
// What the benchmark sends to each vendor, written once and used three ways: as the
// parameters of our node, as the parameters of n8n's HTTP Request node, and as the raw
// client's requests. All three must put the same request on the wire (method, URL, JSON body,
// content type, auth header); run.js compares what the sandbox received from each.
//
// A vendor entry:
//   name, title            'hyfin', 'Hyfin customer upsert'
//   nodeType               our node's type in n8n
//   credentials(sb)        n8n credentials to import: { node, http } -> { id, name, type, data }
//   sandboxConfig          merged into the sandbox config after each reset (accepts those secrets)
//   nodeParameters(c)      our node, concurrency c, fields input mode (one expression per field)
//   nodeJsonParameters(c)  our node in "JSON body" mode, with the HTTP Request node's body expression
//                          (the same parameters in version 1 and 2)
//   autoRecord             (customer) => the item as version 2's Map Automatically takes it: the
//                          vendor's wire names, nested where the wire nests; an arrow function
//                          whose source is pasted into the Code node (self-contained)
//   nodeAutoParameters(c)  our node version 2, Input Mode = Map Automatically
//   httpParameters(sb)     HTTP Request 4.2 without "options"; httpCredential: which of credentials
//   httpParameters(sb)     (httpCredential null: the HTTP Request node without a credential)
//   isLogin(path)          optional: requests that fetch a token / session, left out of the request comparison
//   raw                    { login(sb, undiciRequest) -> ctx, request(customer, sb, ctx) -> { method, url, headers, body },
//                            parse(text) -> { parsed, ok } (optional; default JSON.parse) }
//   logins(state)          tokens / logins the sandbox counted (null: the vendor has none)
//   stored(state)          records the sandbox holds after the run

const { REGISTRY } = require('../../test/vendors');

/**
 * One customer, the same for every vendor and client. Its source is also pasted into the
 * workflow's Code node, so it must stay self-contained.
 */
function customer(i) {
	const n = String(i + 1).padStart(6, '0');
	return {
		id: `BENCH-${n}`,
		firstName: `Ada${n}`,
		lastName: 'Lovelace',
		email: `customer${n}@example.com`,
		phone: `+47 4${n}1`,
		street: `Benchmark Street ${i + 1}`,
		zip: String(1000 + (i % 9000)),
		city: 'Oslo',
		country: 'NO',
	};
}

const HYFIN_TOKEN = 'bench-hyfin-token-3c9e';
const HYFIN_SITE = 'site-bench';

const RIVERTY = {
	oauthClientId: 'bench-oauth-client',
	oauthClientSecret: 'bench-oauth-secret-51d2',
	audience: 'https://api.horizonafs.io',
	clientId: 1234,
};

const json = (body) => JSON.stringify(body);

// The JSON body as one n8n expression: the HTTP Request node's body, and our node's in its
// "JSON body" input mode (the same number of expressions per item as the HTTP Request node)
/** A customer as Hyfin's body (the raw client's) and as Map Automatically's record (the same names). */
const hyfinRecord = (c) => ({
	external_id: c.id,
	first_name: c.firstName,
	last_name: c.lastName,
	mobile_phone: c.phone,
	email: c.email,
	notification_options: { notify_phone: false, notify_email: true },
});

const HYFIN_BODY =
	'={{ { external_id: $json.id, first_name: $json.firstName, last_name: $json.lastName, mobile_phone: $json.phone, email: $json.email, notification_options: { notify_phone: false, notify_email: true } } }}';
const RIVERTY_BODY =
	'={{ { type: "Person", person: { firstName: $json.firstName, lastName: $json.lastName }, email: $json.email, address: { addressLine: $json.street, postalCode: $json.zip, postalPlace: $json.city, countryCode: $json.country } } }}';

const hyfin = {
	name: 'hyfin',
	title: 'Hyfin customer upsert',
	nodeType: 'n8n-nodes-customer-sync.hyfin',
	credentials: (sb) => ({
		node: {
			id: 'benchHyfin01',
			name: 'Hyfin (bench)',
			type: 'hyfinApi',
			data: { baseUrl: sb.baseUrl('hyfin'), siteId: HYFIN_SITE, accessToken: HYFIN_TOKEN, headerName: 'Authorization', headerPrefix: 'Bearer' },
		},
		// the HTTP Request node with n8n's generic Header Auth: the same header, the same token
		http: {
			id: 'benchHyfinHeader01',
			name: 'Hyfin header (bench)',
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${HYFIN_TOKEN}` },
		},
	}),
	sandboxConfig: { hyfin: { tokens: [HYFIN_TOKEN], siteIds: [HYFIN_SITE] } },
	nodeParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: 'fields',
		external_id: '={{ $json.id }}',
		first_name: '={{ $json.firstName }}',
		last_name: '={{ $json.lastName }}',
		additionalFields: {
			mobile_phone: '={{ $json.phone }}',
			email: '={{ $json.email }}',
			notification_options: { values: { notify_email: true, notify_phone: false } },
		},
		options: { concurrency },
	}),
	nodeJsonParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: 'json',
		jsonBody: HYFIN_BODY,
		options: { concurrency },
	}),
	autoRecord: hyfinRecord,
	nodeAutoParameters: (concurrency) => ({ resource: 'customer', operation: 'upsert', inputMode: 'auto', options: { concurrency } }),
	httpParameters: (sb) => ({
		method: 'POST',
		url: `${sb.baseUrl('hyfin')}/api/v3.1/site/${HYFIN_SITE}/customer/addUpdate`,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpHeaderAuth',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Accept', value: 'application/json' }] },
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody: HYFIN_BODY,
	}),
	httpCredential: 'http',
	raw: {
		async login() {
			return { authorization: `Bearer ${HYFIN_TOKEN}` };
		},
		request: (c, sb, ctx) => ({
			method: 'POST',
			url: `${sb.baseUrl('hyfin')}/api/v3.1/site/${HYFIN_SITE}/customer/addUpdate`,
			headers: { 'content-type': 'application/json', accept: 'application/json', authorization: ctx.authorization },
			body: json(hyfinRecord(c)),
		}),
	},
	logins: () => null,
	stored: (state) => Object.keys(state.customers || {}).length,
};

const riverty = {
	name: 'riverty',
	title: 'Riverty customer upsert',
	nodeType: 'n8n-nodes-customer-sync.riverty',
	credentials: (sb) => {
		const data = {
			environment: 'custom',
			baseUrl: sb.baseUrl('riverty', 'api'),
			tokenUrl: `${sb.baseUrl('riverty', 'identity')}/oauth/token`,
			audience: RIVERTY.audience,
			oauthClientId: RIVERTY.oauthClientId,
			oauthClientSecret: RIVERTY.oauthClientSecret,
			clientId: RIVERTY.clientId,
		};
		return {
			node: { id: 'benchRiverty01', name: 'Riverty (bench)', type: 'rivertyApi', data },
			// the HTTP Request node uses the same credential type (n8n fetches the token through
			// its preAuthentication), a separate copy so each keeps its own stored token
			http: { id: 'benchRivertyHttp01', name: 'Riverty for HTTP Request (bench)', type: 'rivertyApi', data },
		};
	},
	sandboxConfig: {
		riverty: {
			oauthClients: [{ clientId: RIVERTY.oauthClientId, clientSecret: RIVERTY.oauthClientSecret, rivertyClientIds: [RIVERTY.clientId] }],
			audience: RIVERTY.audience,
		},
	},
	nodeParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		customerNumber: '={{ $json.id }}',
		reportAction: false,
		inputMode: 'fields',
		type: 'Person',
		person: { firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
		addressLine: '={{ $json.street }}',
		additionalFields: { email: '={{ $json.email }}', postalCode: '={{ $json.zip }}', postalPlace: '={{ $json.city }}', countryCode: '={{ $json.country }}' },
		options: { concurrency },
	}),
	nodeJsonParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		customerNumber: '={{ $json.id }}',
		reportAction: false,
		inputMode: 'json',
		jsonBody: RIVERTY_BODY,
		options: { concurrency },
	}),
	autoRecord: (c) => ({
		customerNumber: c.id,
		type: 'Person',
		person: { firstName: c.firstName, lastName: c.lastName },
		email: c.email,
		address: { addressLine: c.street, postalCode: c.zip, postalPlace: c.city, countryCode: c.country },
	}),
	nodeAutoParameters: (concurrency) => ({ resource: 'customer', operation: 'upsert', reportAction: false, inputMode: 'auto', options: { concurrency } }),
	httpParameters: (sb) => ({
		method: 'PUT',
		url: `=${sb.baseUrl('riverty', 'api')}/v1/clients/${RIVERTY.clientId}/customers/{{ encodeURIComponent($json.id) }}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'rivertyApi',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Accept', value: 'application/json' }] },
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody: RIVERTY_BODY,
	}),
	httpCredential: 'http',
	raw: {
		async login(sb) {
			const res = await fetch(`${sb.baseUrl('riverty', 'identity')}/oauth/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
				body: new URLSearchParams({
					client_id: RIVERTY.oauthClientId,
					client_secret: RIVERTY.oauthClientSecret,
					audience: RIVERTY.audience,
					grant_type: 'client_credentials',
				}).toString(),
			});
			const body = await res.json();
			if (!res.ok || !body.access_token) throw new Error(`riverty token: HTTP ${res.status}`);
			return { authorization: `Bearer ${body.access_token}` };
		},
		request: (c, sb, ctx) => ({
			method: 'PUT',
			url: `${sb.baseUrl('riverty', 'api')}/v1/clients/${RIVERTY.clientId}/customers/${encodeURIComponent(c.id)}`,
			headers: { 'content-type': 'application/json', accept: 'application/json', authorization: ctx.authorization },
			body: json({
				type: 'Person',
				person: { firstName: c.firstName, lastName: c.lastName },
				email: c.email,
				address: { addressLine: c.street, postalCode: c.zip, postalPlace: c.city, countryCode: c.country },
			}),
		}),
	},
	isLogin: (p) => p.startsWith('/identity'),
	logins: (state) => state.stats.tokensIssued,
	stored: (state) => Object.keys(state.customers || {}).length,
};

// ---------- Valomnia (our ReferenceCustomers node): session login, urlencoded form ----------

const VALOMNIA = { email: 'sales@valomnia.test', password: 'valomnia-pass', version: 'v2.1' };
const VALOMNIA_AJAX = { 'x-requested-with': 'XMLHttpRequest' };
// the form parameters in the node's (the doc's) order: name … country, city, postalCode, address, email, phone
const VALOMNIA_FORM = [
	['name', '$json.firstName + " " + $json.lastName', (c) => `${c.firstName} ${c.lastName}`],
	['country', '$json.country', (c) => c.country],
	['city', '$json.city', (c) => c.city],
	['postalCode', '$json.zip', (c) => c.zip],
	['address', '$json.street', (c) => c.street],
	['email', '$json.email', (c) => c.email],
	['phone', '$json.phone', (c) => c.phone],
];
const VALOMNIA_BODY = `={{ { ${VALOMNIA_FORM.map(([k, e]) => `${k}: ${e}`).join(', ')} } }}`;

const valomnia = {
	name: 'valomnia',
	title: 'Valomnia customer upsert by reference',
	nodeType: 'n8n-nodes-customer-sync.referenceCustomers',
	credentials: (sb) => {
		const data = { baseUrl: sb.baseUrl('valomnia'), apiVersion: VALOMNIA.version, email: VALOMNIA.email, password: VALOMNIA.password };
		return {
			node: { id: 'benchValomnia01', name: 'Valomnia (bench)', type: 'referenceCustomersApi', data },
			// the HTTP Request node with the same credential type (n8n runs its session login), own copy
			http: { id: 'benchValomniaHttp01', name: 'Valomnia for HTTP Request (bench)', type: 'referenceCustomersApi', data },
		};
	},
	sandboxConfig: { valomnia: { users: [{ email: VALOMNIA.email, password: VALOMNIA.password, firstName: 'Bench', lastName: 'User' }] } },
	isLogin: (p) => p.startsWith('/j_spring_security_check') || p.startsWith('/login/'),
	nodeParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: 'fields',
		reference: '={{ $json.id }}',
		name: '={{ $json.firstName + " " + $json.lastName }}',
		additionalFields: {
			email: '={{ $json.email }}',
			phone: '={{ $json.phone }}',
			shipping: { country: '={{ $json.country }}', city: '={{ $json.city }}', postalCode: '={{ $json.zip }}', address: '={{ $json.street }}' },
		},
		options: { concurrency },
	}),
	nodeJsonParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: 'json',
		reference: '={{ $json.id }}',
		jsonBody: VALOMNIA_BODY,
		options: { concurrency },
	}),
	autoRecord: (c) => ({
		reference: c.id,
		name: c.firstName + ' ' + c.lastName,
		country: c.country,
		city: c.city,
		postalCode: c.zip,
		address: c.street,
		email: c.email,
		phone: c.phone,
	}),
	nodeAutoParameters: (concurrency) => ({ resource: 'customer', operation: 'upsert', inputMode: 'auto', options: { concurrency } }),
	httpParameters: (sb) => ({
		method: 'POST',
		url: `=${sb.baseUrl('valomnia')}/api/${VALOMNIA.version}/customers/reference/{{ encodeURIComponent($json.id) }}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'referenceCustomersApi',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Accept', value: 'application/json' }] },
		sendBody: true,
		contentType: 'form-urlencoded',
		bodyParameters: { parameters: VALOMNIA_FORM.map(([name, e]) => ({ name, value: `={{ ${e} }}` })) },
	}),
	httpCredential: 'http',
	raw: {
		async login(sb, http) {
			const res = await http(`${sb.baseUrl('valomnia')}/j_spring_security_check`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...VALOMNIA_AJAX },
				body: new URLSearchParams({ j_username: VALOMNIA.email, j_password: VALOMNIA.password, ajax: 'true' }).toString(),
			});
			await res.body.text();
			const setCookie = [].concat(res.headers['set-cookie'] || []).join(', ');
			const m = /JSESSIONID=([^;,\s]+)/.exec(setCookie);
			if (!m) throw new Error(`valomnia login: HTTP ${res.statusCode} without JSESSIONID`);
			return { cookie: `JSESSIONID=${m[1]}` };
		},
		request: (c, sb, ctx) => ({
			method: 'POST',
			url: `${sb.baseUrl('valomnia')}/api/${VALOMNIA.version}/customers/reference/${encodeURIComponent(c.id)}`,
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
				cookie: ctx.cookie,
				...VALOMNIA_AJAX,
			},
			body: new URLSearchParams(VALOMNIA_FORM.map(([k, , v]) => [k, v(c)])).toString(),
		}),
	},
	logins: (state) => state.stats.logins,
	stored: (state) => Object.keys(state.customers || {}).length,
};

// ---------- Client Toolbox (our Loyalty node): one form POST, credentials in the form, XML reply ----------

const CTB = { user_id: 'bench-user', key: 'bench-ctb-key-7a1f', account_id: 'benchaccount' };
const CTB_ACCEPT = 'application/xml, text/xml, */*';
// the customer fields in the node's (the doc's) order: code, first_name, last_name, phone, email, street1, city, postal_code, country
const CTB_FORM = [
	['code', '$json.id', (c) => c.id],
	['first_name', '$json.firstName', (c) => c.firstName],
	['last_name', '$json.lastName', (c) => c.lastName],
	['phone', '$json.phone', (c) => c.phone],
	['email', '$json.email', (c) => c.email],
	['street1', '$json.street', (c) => c.street],
	['city', '$json.city', (c) => c.city],
	['postal_code', '$json.zip', (c) => c.zip],
	['country', '$json.country', (c) => c.country],
];
// what the credential puts around the node's fields (nodes/Loyalty/auth.ts)
const CTB_HEAD = [
	['user_id', CTB.user_id],
	['user_password', CTB.key],
	['type', 'record_customer'],
	['customer_action', 'edit'],
	['account_id', CTB.account_id],
];
let xmlParser = null;
const CTB_BODY = `={{ { ${CTB_FORM.map(([k, e]) => `${k}: ${e}`).join(', ')} } }}`;

const clienttoolbox = {
	name: 'clienttoolbox',
	title: 'Client Toolbox record_customer (edit)',
	nodeType: 'n8n-nodes-customer-sync.loyalty',
	credentials: (sb) => ({
		node: {
			id: 'benchLoyalty01',
			name: 'Client Toolbox (bench)',
			type: 'loyaltyApi',
			data: { endpoint: sb.baseUrl('clienttoolbox'), user_id: CTB.user_id, user_password: CTB.key, account_id: CTB.account_id, keyPlacement: 'body' },
		},
		// the HTTP Request node needs no credential: the API key is a form field like the others
		http: null,
	}),
	sandboxConfig: { clienttoolbox: { users: [{ user_id: CTB.user_id, key: CTB.key, accounts: [CTB.account_id] }] } },
	nodeParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: 'fields',
		code: '={{ $json.id }}',
		additionalFields: {
			first_name: '={{ $json.firstName }}',
			last_name: '={{ $json.lastName }}',
			phone: '={{ $json.phone }}',
			email: '={{ $json.email }}',
			street1: '={{ $json.street }}',
			city: '={{ $json.city }}',
			postal_code: '={{ $json.zip }}',
			country: '={{ $json.country }}',
		},
		options: { concurrency },
	}),
	nodeJsonParameters: (concurrency) => ({
		resource: 'customer',
		operation: 'upsert',
		inputMode: 'json',
		jsonBody: CTB_BODY,
		options: { concurrency },
	}),
	autoRecord: (c) => ({
		code: c.id,
		first_name: c.firstName,
		last_name: c.lastName,
		phone: c.phone,
		email: c.email,
		street1: c.street,
		city: c.city,
		postal_code: c.zip,
		country: c.country,
	}),
	nodeAutoParameters: (concurrency) => ({ resource: 'customer', operation: 'upsert', inputMode: 'auto', options: { concurrency } }),
	httpParameters: (sb) => ({
		method: 'POST',
		url: sb.baseUrl('clienttoolbox'),
		authentication: 'none',
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Accept', value: CTB_ACCEPT }] },
		sendBody: true,
		contentType: 'form-urlencoded',
		bodyParameters: {
			parameters: [
				...CTB_HEAD.map(([name, value]) => ({ name, value })),
				...CTB_FORM.map(([name, e]) => ({ name, value: `={{ ${e} }}` })),
			],
		},
	}),
	httpCredential: null,
	raw: {
		async login() {
			return {};
		},
		request: (c, sb) => ({
			method: 'POST',
			url: sb.baseUrl('clienttoolbox'),
			headers: { 'content-type': 'application/x-www-form-urlencoded', accept: CTB_ACCEPT },
			body: new URLSearchParams([...CTB_HEAD, ...CTB_FORM.map(([k, , v]) => [k, v(c)])]).toString(),
		}),
		// the reply is XML, like the node's default Reply Format: parsed with the node's own parser library
		parse: (text) => {
			xmlParser = xmlParser || new (require('fast-xml-parser').XMLParser)({ ignoreAttributes: false });
			const parsed = xmlParser.parse(text);
			return { parsed, ok: !!parsed.response && parsed.response['@_status'] === 'success' };
		},
	},
	logins: () => null,
	stored: (state) => Object.keys(state.customers || {}).length,
};

// the registered vendors (test/vendors/index.js), in its order: each needs its entry above
const ENTRIES = new Map([hyfin, riverty, valomnia, clienttoolbox].map((entry) => [entry.name, entry]));
const VENDORS = Object.fromEntries(
	REGISTRY.map(({ id }) => {
		if (!ENTRIES.has(id)) throw new Error(`bench/lib/vendors.js has no entry for the registered vendor ${id}`);
		return [id, ENTRIES.get(id)];
	}),
);

module.exports = { VENDORS, customer };
