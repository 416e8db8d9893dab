'use strict';
// A user changes a Riverty or Valomnia credential between two runs, in the real n8n: the
// credential as n8n stores it (exported decrypted through n8n's CLI) holds the token or session
// the earlier runs stored and its binding; the user's change keeps them (as the editor does,
// which keeps hidden fields), and the next run must use only the new values.

const fs = require('fs');
const path = require('path');

const { CREDENTIALS } = require('./credentials');

/** The credential as n8n stores it now (decrypted through n8n's own CLI). */
async function storedCredential(session, type) {
	const { id } = CREDENTIALS[type];
	const file = path.join(session.userFolder, `export-${id}.json`);
	await session.cliOk(['export:credentials', `--id=${id}`, '--decrypted', `--output=${file}`], { name: `export-${id}` });
	const [credential] = JSON.parse(fs.readFileSync(file, 'utf8'));
	fs.rmSync(file, { force: true });
	return credential;
}

/** Saves the credential with `change` on top of what n8n stores now (hidden token fields kept). */
async function changeCredential(session, type, change) {
	const stored = await storedCredential(session, type);
	await session.importCredentials([{ id: stored.id, name: stored.name, type, data: { ...stored.data, ...change } }]);
	return stored;
}

module.exports = { storedCredential, changeCredential };
