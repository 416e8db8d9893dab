/**
 * Secret redaction: credential values and per-item secrets must not appear in any output item,
 * error message, error description or error context (n8n persists error bodies with the execution).
 */
export const REDACTED = '[redacted]';

/** Values shorter than this are not treated as secrets: they would match too much by accident. */
const MIN_SECRET_LENGTH = 3;

export class Redactor {
	private readonly secrets: string[];

	constructor(secrets: Array<string | number | boolean | null | undefined>) {
		const set = new Set<string>();
		for (const value of secrets) {
			if (value === null || value === undefined || typeof value === 'boolean') continue;
			const text = String(value);
			if (text.length < MIN_SECRET_LENGTH) continue;
			set.add(text);
			// the same value as it travels in a URL or a form body (text with half a surrogate pair
			// cannot be URL-encoded: it never travels that way, and must not crash the redaction)
			try {
				set.add(encodeURIComponent(text));
			} catch {
				// URIError: nothing to add
			}
			set.add(new URLSearchParams({ v: text }).toString().slice(2));
		}
		// longest first, so a secret that contains another is replaced whole
		this.secrets = [...set].sort((a, b) => b.length - a.length);
	}

	with(extra: Array<string | undefined>): Redactor {
		return new Redactor([...this.secrets, ...extra]);
	}

	text(value: string): string {
		let out = value;
		for (const secret of this.secrets) {
			if (!out.includes(secret)) continue;
			// a numeric secret (a PIN such as 1234) is replaced only as a whole number, so it does
			// not blank part of a longer id or card number that happens to contain its digits
			out = /^\d+$/.test(secret)
				? out.replace(new RegExp(`(?<!\\d)${secret}(?!\\d)`, 'g'), REDACTED)
				: out.split(secret).join(REDACTED);
		}
		return out;
	}

	/** Deep copy with every string (and object key) redacted. */
	value<T>(input: T): T {
		return this.walk(input, 0) as T;
	}

	private walk(input: unknown, depth: number): unknown {
		if (typeof input === 'string') return this.text(input);
		if (input === null || typeof input !== 'object' || depth > 50) return input;
		if (Buffer.isBuffer(input)) return input;
		if (Array.isArray(input)) return input.map((v) => this.walk(v, depth + 1));
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
			out[this.text(k)] = this.walk(v, depth + 1);
		}
		return out;
	}
}
