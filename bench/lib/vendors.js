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
//   httpParameters(sb)     HTTP Request 4.2 without "options"; httpCredential: which of credentials
//   raw                    { login(sb, fetchLike) -> ctx, request(customer, sb, ctx) -> { method, url, headers, body } }
//   logins(state)          tokens / logins the sandbox counted (null: the vendor has none)
//   stored(state)          records the sandbox holds after the run

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
			body: json({
				external_id: c.id,
				first_name: c.firstName,
				last_name: c.lastName,
				mobile_phone: c.phone,
				email: c.email,
				notification_options: { notify_phone: false, notify_email: true },
			}),
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
	logins: (state) => state.stats.tokensIssued,
	stored: (state) => Object.keys(state.customers || {}).length,
};

const VENDORS = { hyfin, riverty };

module.exports = { VENDORS, customer };
