'use strict';
/**
 * Scans everything a user or n8n could see after a run (output items, the error's message,
 * description, context, stack) for secret values. Returns the list of leaks found.
 */
function collectVisible(result) {
	const parts = [];
	for (const output of result.outputs ?? [result.items ?? []]) {
		for (const item of output ?? []) parts.push(JSON.stringify(item.json), JSON.stringify(item.error ?? null));
	}
	const error = result.error;
	if (error) {
		parts.push(String(error.message), String(error.description ?? ''), JSON.stringify(error.context ?? {}));
		parts.push(String(error.stack ?? ''));
		try {
			parts.push(JSON.stringify(error));
		} catch {
			// circular: message/description/context above are what n8n persists
		}
	}
	return parts.join('\n');
}

function findLeaks(result, secrets) {
	const text = collectVisible(result);
	return secrets.filter((secret) => secret && text.includes(secret));
}

/**
 * A credential secret with every character an encoder changes (quotes, < > &, backslash, slash,
 * space, plus, percent, and, unless it travels in a header, non-ASCII and a character outside the
 * BMP). It starts with "Zq7-", which nothing else in a run contains: no part of it may show.
 */
function oddSecret(vendor, tail) {
	return vendor.secretInHeader ? `Zq7-tok"en'<&>\\/ +%x-${tail}` : `Zq7-s3c"r'<&>\\/ +%é😀-${tail}`;
}

module.exports = { collectVisible, findLeaks, oddSecret };
