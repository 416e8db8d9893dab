'use strict';
/**
 * Secret watch: every run the harness makes, in every suite, is scanned for secrets.
 *
 * After each runNode / testCredential / runLoadOptions / runListSearch the harness calls
 * check(): the run's output items, error (message, description, context, stack) and every
 * line n8n's logger wrote during the run (at debug level, captured in memory) must not
 * contain a secret. Secrets are
 *   - the value of every credential field marked password or expirable (tokens and sessions
 *     n8n stored after preAuthentication), before and after the run;
 *   - customer_password and customer_PIN (Client Toolbox) from the input items, and from the
 *     node's parameters (those only in output and errors: n8n's own debug lines print the
 *     node's parameters, which are part of the stored workflow anyway).
 * A hit makes the harness call throw, so the test that made the run fails, naming the field
 * the secret came from (never the secret itself).
 *
 * Values shorter than MIN_LENGTH (and numbers shorter than MIN_DIGITS) are not looked for:
 * a 3-character test password would match innocent text. Every credential in the suites is
 * longer. test/secrets.test.js adds the cases the other suites do not have (vendors that
 * repeat what they received in their error bodies, refused credentials, login renewal).
 */
const util = require('node:util');
const Transport = require('winston-transport');

const MIN_LENGTH = 6;
const MIN_DIGITS = 4;
const CUSTOMER_SECRET_FIELDS = ['customer_password', 'customer_PIN'];

/** Log records written since the watch started (trimmed after each check). */
const records = [];
class CaptureTransport extends Transport {
	log(info, callback) {
		records.push(info);
		callback();
	}
}

let installed = false;
/**
 * Adds the capture transport to n8n's logger. Unless the caller chose a log level
 * (N8N_LOG_LEVEL set before the harness loaded, see env.js), n8n logs at debug level into
 * the capture only, so nothing reaches the console.
 */
function install(logger, { keepConsole }) {
	if (installed) return;
	installed = true;
	if (!keepConsole) {
		for (const transport of [...logger.internalLogger.transports]) {
			if (transport.name === 'console') logger.internalLogger.remove(transport);
		}
	}
	logger.internalLogger.add(new CaptureTransport());
}

let active = 0;
/** Called when a run starts: where its log records begin. */
function mark() {
	active++;
	return records.length;
}

function addSecret(found, value, source) {
	if (value === undefined || value === null || typeof value === 'object') return;
	const text = String(value);
	if (/^\d+$/.test(text) ? text.length < MIN_DIGITS : text.length < MIN_LENGTH) return;
	if (!found.has(text)) found.set(text, source);
}

/** { secret -> where it came from } for the credentials a helper holds. */
function credentialSecrets(credentialsHelper, found = new Map()) {
	if (!credentialsHelper) return found;
	for (const type of credentialsHelper.storedTypes()) {
		let data;
		let properties;
		try {
			data = credentialsHelper.getStoredData(type);
			properties = credentialsHelper.credentialTypes.getByName(type)?.properties ?? [];
		} catch {
			continue; // a type the helper cannot describe: nothing known to be secret
		}
		for (const property of properties) {
			const { password, expirable } = property.typeOptions ?? {};
			if (password || expirable) addSecret(found, data?.[property.name], `credential ${type}.${property.name}`);
		}
	}
	return found;
}

/** customer_password / customer_PIN wherever a parameter or an input item carries them. */
function customerSecrets({ parameters, items }, found = new Map()) {
	const walk = (value, where, depth = 0) => {
		if (!value || typeof value !== 'object' || depth > 8) return;
		for (const [key, inner] of Object.entries(value)) {
			if (CUSTOMER_SECRET_FIELDS.includes(key) && !String(inner).startsWith('=')) {
				addSecret(found, inner, `${where} ${key}`);
			}
			walk(inner, where, depth + 1);
		}
	};
	walk(parameters, 'parameter');
	for (const item of items ?? []) {
		const json = item && typeof item === 'object' && 'json' in item ? item.json : item;
		walk(json, 'input item');
		// an item may carry the values an expression puts into those fields ({{ $json.pw }})
		for (const [key, inner] of Object.entries(json ?? {})) {
			if (/^(pw|pin|password|customer_?pin|customer_?password)$/i.test(key)) addSecret(found, inner, `input item ${key}`);
		}
	}
	return found;
}

/**
 * The forms a secret may take in text: as is; URL- and form-encoded (upper- and lowercase hex);
 * HTML-escaped (named, decimal and hex references); JSON-escaped (as JSON.stringify writes it,
 * and with every non-ASCII character and < > & as \uXXXX, as other encoders write it).
 */
function forms(secret) {
	const out = new Set([secret, new URLSearchParams({ v: secret }).toString().slice(2)]);
	try {
		const percent = encodeURIComponent(secret);
		out.add(percent);
		out.add(percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()));
	} catch {
		// broken Unicode: it cannot be URL-encoded
	}
	const html = (quote, apos, amp = '&amp;') =>
		secret.replace(/&/g, amp).replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, quote).replace(/'/g, apos);
	out.add(html('&quot;', '&#39;'));
	out.add(html('&#34;', '&#x27;'));
	out.add(html('&#x22;', '&apos;', '&#38;'));
	const json = JSON.stringify(secret).slice(1, -1);
	out.add(json);
	out.add(json.replace(/[^\x20-\x7e]|[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
	out.add(json.replace(/[^\x20-\x7e]|[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`));
	return [...out];
}

/** A number counts only as a whole number (as the nodes redact it). */
function contains(text, secret) {
	if (/^\d+$/.test(secret)) return new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(text);
	return text.includes(secret);
}

function visibleText(result, error) {
	const parts = [];
	for (const output of result?.outputs ?? [result?.items ?? []]) {
		for (const item of output ?? []) parts.push(JSON.stringify(item?.json ?? null), JSON.stringify(item?.error ?? null));
	}
	if (result && !result.outputs && !result.items) parts.push(JSON.stringify(result));
	for (const e of [error, result?.error]) {
		if (!e) continue;
		parts.push(String(e.message), String(e.description ?? ''), String(e.stack ?? ''));
		try {
			// error.node is the workflow's node (its parameters as stored), which n8n attaches itself
			const { node: _node, ...rest } = e;
			parts.push(JSON.stringify(e.context ?? {}), JSON.stringify(rest));
		} catch {
			// circular: message, description and stack above are what n8n shows and stores
		}
	}
	return parts.join('\n');
}

function logText(fromRecord) {
	return records
		.slice(fromRecord)
		.map((info) => `${info.level} ${info.message} ${util.inspect(info, { depth: 20, breakLength: Infinity })}`)
		.join('\n');
}

/**
 * Throws when the run left a secret in its output, error or log lines.
 * @param {string} what       'runNode', 'testCredential', ...
 * @param {object} run        { result, error, fromRecord, secretsBefore, credentialsHelper, parameters, items }
 */
function check(what, { result, error, fromRecord, secretsBefore, credentialsHelper, parameters, items }) {
	const secrets = new Map(secretsBefore);
	credentialSecrets(credentialsHelper, secrets);
	customerSecrets({ items }, secrets);
	// A value typed into the node's parameters is part of the workflow: n8n stores it, and its
	// own debug lines print the node with its parameters. Those are looked for in the output
	// and the errors only; values that come from the items are looked for in the log lines too.
	const typed = customerSecrets({ parameters });
	const visible = visibleText(result, error);
	const logs = logText(fromRecord);
	active = Math.max(0, active - 1);
	if (active === 0) records.length = 0; // keep memory flat across a suite
	const found = (secret, text) => forms(secret).some((form) => contains(text, form));
	const leaks = [
		...[...secrets].filter(([secret]) => found(secret, visible) || found(secret, logs)),
		...[...typed].filter(([secret]) => !secrets.has(secret) && found(secret, visible)),
	];
	if (leaks.length) {
		throw new Error(
			`secret watch: ${what} left ${leaks.map(([, source]) => source).join(', ')} in its output, error or log lines`,
		);
	}
}

module.exports = { install, mark, check, credentialSecrets, customerSecrets, forms, contains, records };
