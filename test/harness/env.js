'use strict';
/**
 * Process environment for running n8n-core inside tests. Must be required before
 * n8n-core / n8n-workflow / @n8n/* are loaded, because n8n's config classes
 * (@n8n/config) read these variables when the DI container first builds them.
 *
 * Every value is only a default: a variable already set by the caller wins.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function setDefault(name, value) {
	if (process.env[name] === undefined || process.env[name] === '') process.env[name] = value;
}

// Keep n8n away from ~/.n8n: InstanceSettings creates <N8N_USER_FOLDER>/.n8n/config
// (encryption key) on first use. We use one fixed folder per OS user under the temp
// dir and write that config file ourselves, atomically and with the mode n8n wants
// (0600), so concurrent jest workers never race on creating it and nothing is left
// behind per run.
const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
setDefault('N8N_USER_FOLDER', path.join(os.tmpdir(), `n8n-nodes-customer-sync-harness-${uid}`));
setDefault('N8N_ENCRYPTION_KEY', 'n8n-harness-test-encryption-key');

const n8nFolder = path.join(process.env.N8N_USER_FOLDER, '.n8n');
const settingsFile = path.join(n8nFolder, 'config');
if (!fs.existsSync(settingsFile)) {
	fs.mkdirSync(n8nFolder, { recursive: true });
	const tmp = `${settingsFile}.${process.pid}.${Date.now()}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify({ encryptionKey: process.env.N8N_ENCRYPTION_KEY }, null, '\t'), {
		mode: 0o600,
	});
	fs.renameSync(tmp, settingsFile);
}
// We wrote the file with 0600 ourselves; don't let n8n warn/chmod about it.
setDefault('N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS', 'false');

// Binary data: n8n's "default" mode keeps binary data in memory as base64 on the item.
setDefault('N8N_DEFAULT_BINARY_DATA_MODE', 'default');

// Expressions: the legacy (tmpl/tournament) evaluator. The "vm" engine needs the native
// isolated-vm addon, which is not built here (install scripts are off). n8n-workflow's
// Expression class defaults to 'legacy' and only the n8n CLI switches it to 'vm'; the
// harness also pins it explicitly after loading n8n-workflow (see index.js).
setDefault('N8N_EXPRESSION_ENGINE', 'legacy');

// n8n's backend Logger (winston). At debug level into memory only, where the secret watch
// (secret-watch.js) scans every line of every run. A level chosen by the caller, e.g.
// N8N_LOG_LEVEL=debug npx jest ..., also keeps n8n's console output.
const logLevelChosen = Boolean(process.env.N8N_LOG_LEVEL);
setDefault('N8N_LOG_LEVEL', 'debug');

// No telemetry / version checks / diagnostics from anything that might look.
setDefault('N8N_DIAGNOSTICS_ENABLED', 'false');
setDefault('N8N_VERSION_NOTIFICATIONS_ENABLED', 'false');

module.exports = { n8nFolder, logLevelChosen };
