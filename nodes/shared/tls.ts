/**
 * TLS failures (an untrusted, expired or misnamed certificate; a handshake that cannot start),
 * recognised wherever a request fails: the upsert and every other call through the transport,
 * the token request and the session login. They are never temporary (the same certificate
 * comes back on every try), so they are never retried, and the message says what is wrong with
 * the certificate instead of "the request failed".
 *
 * n8n's request helper hands the cause over as Node's error code (DEPTH_ZERO_SELF_SIGNED_CERT,
 * CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID…), as the `httpCode` of the NodeApiError it
 * wraps the error in, or only as Node's message ("self-signed certificate"), depending on the
 * n8n line: all three are read.
 */

/** What the user reads after "the certificate of <host> ". */
const BY_CODE: Record<string, string> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'is not trusted (self-signed certificate)',
	SELF_SIGNED_CERT_IN_CHAIN: 'is not trusted (self-signed certificate in the chain)',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'is not trusted (issued by an unknown certificate authority)',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is not trusted (issued by an unknown certificate authority)',
	UNABLE_TO_GET_ISSUER_CERT: 'is not trusted (issued by an unknown certificate authority)',
	CERT_UNTRUSTED: 'is not trusted',
	CERT_SIGNATURE_FAILURE: 'is not trusted (its signature does not verify)',
	CERT_REVOKED: 'is not trusted (revoked)',
	CERT_REJECTED: 'is not trusted (rejected)',
	INVALID_CA: 'is not trusted (invalid certificate authority)',
	CERT_HAS_EXPIRED: 'has expired',
	CERT_NOT_YET_VALID: 'is not valid yet',
	ERR_TLS_CERT_ALTNAME_INVALID: 'does not match the host name',
	HOSTNAME_MISMATCH: 'does not match the host name',
};

/** The same causes as Node words them, for a line whose error keeps only the message. */
const BY_MESSAGE: Array<[RegExp, string]> = [
	[/self[- ]signed certificate in certificate chain/i, 'SELF_SIGNED_CERT_IN_CHAIN'],
	[/self[- ]signed certificate/i, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
	[/unable to verify the first certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
	[/unable to get local issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
	[/certificate has expired/i, 'CERT_HAS_EXPIRED'],
	[/certificate is not yet valid/i, 'CERT_NOT_YET_VALID'],
	[/does not match certificate's altnames|Hostname\/IP does not match/i, 'ERR_TLS_CERT_ALTNAME_INVALID'],
	[/wrong version number|packet length too long|http request/i, 'ERR_SSL_WRONG_VERSION_NUMBER'],
	[/certificate required/i, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'],
	[/alert protocol version|unsupported protocol|no protocols available/i, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'],
	[/alert handshake failure|handshake failure|no shared cipher/i, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'],
];

/** The handshake itself failed, and why: after "<host> " in the message. */
const HANDSHAKE: Record<string, { words: string; hint: string }> = {
	ERR_SSL_WRONG_VERSION_NUMBER: {
		words: 'does not answer as an https server',
		hint: 'Is the address http:// rather than https://, or the port right?',
	},
	ERR_SSL_PACKET_LENGTH_TOO_LONG: {
		words: 'does not answer as an https server',
		hint: 'Is the address http:// rather than https://, or the port right?',
	},
	ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: {
		words: 'asks for a client certificate, which the node cannot send',
		hint: 'The server (or a gateway in front of it) requires mutual TLS; ask the vendor for an address without it.',
	},
	ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: {
		words: 'offers no TLS version Node.js accepts (an old TLS 1.0 or 1.1 server?)',
		hint: 'Node.js refuses outdated TLS versions; the server must offer TLS 1.2 or newer.',
	},
	ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: {
		words: 'refused the TLS handshake (a client certificate, or a cipher Node.js does not offer, may be required)',
		hint: 'Check with the vendor which TLS set-up the address needs.',
	},
};

export interface TlsFailure {
	/** Node's code, for the description (never in the message: n8n rewrites messages with codes). */
	code: string;
	/** "the certificate of api.example.com is not trusted (self-signed certificate)" */
	message: string;
	/** What to do about it. */
	hint: string;
}

export const TLS_HINT =
	'If the server uses a certificate of your own certificate authority (a private CA, or a proxy that inspects TLS), ' +
	'give n8n that CA with the NODE_EXTRA_CA_CERTS environment variable (on every worker too) and restart it; ' +
	'otherwise ask the vendor, or check the address in the credential.';

function knownCode(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	return BY_CODE[value] !== undefined || HANDSHAKE[value] !== undefined ? value : undefined;
}

/** Node's TLS code anywhere in the error (code, httpCode, cause chain, or message). */
export function tlsErrorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; httpCode?: unknown; cause?: unknown; message?: unknown } | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
		const code = knownCode(current.code) ?? knownCode(current.httpCode);
		if (code) return code;
		if (typeof current.message === 'string') {
			const match = BY_MESSAGE.find(([pattern]) => pattern.test(current!.message as string));
			if (match) return match[1];
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/** Host (and port) of a URL, for messages; never the user:password@ part. */
function hostOf(url: string): string {
	try {
		return new URL(url).host || 'the server';
	} catch {
		return 'the server';
	}
}

/** A TLS failure of a request to `url`, worded for the user; undefined for any other failure. */
export function tlsFailure(error: unknown, url: string): TlsFailure | undefined {
	const code = tlsErrorCode(error);
	if (!code) return undefined;
	const host = hostOf(url);
	const handshake = HANDSHAKE[code];
	if (handshake) {
		return {
			code,
			message: `could not open a secure (TLS) connection to ${host}: it ${handshake.words}`,
			hint: `TLS error code: ${code}. ${handshake.hint}`,
		};
	}
	return {
		code,
		message: `the certificate of ${host} ${BY_CODE[code]}`,
		hint: `TLS error code: ${code}. ${TLS_HINT}`,
	};
}
