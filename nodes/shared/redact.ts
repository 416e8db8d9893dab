/**
 * Secret redaction: credential values, per-item secrets and the tokens and sessions a run obtains
 * must not appear in any output item, error message, error description or error context (n8n
 * persists error bodies with the execution).
 */
export const REDACTED = '[redacted]';

/** Values shorter than this are not treated as secrets: they would match too much by accident. */
const MIN_SECRET_LENGTH = 3;

interface Secret {
	text: string;
	/**
	 * Matches the secret as it is and in every altered form a vendor may echo it in (see
	 * secretPattern); undefined for a secret too long for that (matched as it is only).
	 */
	pattern?: RegExp;
}

/**
 * Secrets longer than this (a 1 MB value typed into a secret field) are matched as they are
 * only: the every-form pattern of such a text overflows the regular expression engine's stack.
 */
const MAX_PATTERN_SECRET_LENGTH = 1000;

export class Redactor {
	private readonly own: Secret[] = [];
	/** Bumped on every addSecret, so that redactors made with with() notice new secrets of their parent. */
	private version = 0;
	private cache: { key: string; secrets: Secret[] } | undefined;

	/**
	 * @param patterns secrets known by their shape, not their value (a JWT, a session cookie): a
	 * vendor may echo a token the run never saw. A first capture group is kept ("JSESSIONID=").
	 * Redactors made with with() use the patterns of their parent.
	 */
	constructor(
		secrets: Array<string | number | boolean | null | undefined>,
		private readonly parent?: Redactor,
		private readonly patterns: RegExp[] = parent?.patterns ?? [],
	) {
		for (const value of secrets) this.addSecret(value);
	}

	/**
	 * A secret learnt during the run (an access token, a session id): redacted from now on by this
	 * redactor and by every redactor made from it with with(), also those made before.
	 */
	addSecret(value: string | number | boolean | null | undefined): void {
		if (value === null || value === undefined || typeof value === 'boolean') return;
		const text = String(value);
		if (text.length < MIN_SECRET_LENGTH || this.own.some((secret) => secret.text === text)) return;
		this.own.push({ text, pattern: text.length > MAX_PATTERN_SECRET_LENGTH ? undefined : secretPattern(text) });
		this.version++;
	}

	/** A redactor that also knows `extra` (an item's own secrets); it keeps following this one's. */
	with(extra: Array<string | number | boolean | null | undefined>): Redactor {
		return new Redactor(extra, this);
	}

	/**
	 * The text with every secret replaced. With maxLength, the text is then cut to that many
	 * characters (and "…"): cut after redaction, so a cut never leaves the start of a secret.
	 */
	text(value: string, maxLength?: number): string {
		const out = this.byShape(replaceAll(value, this.secrets()));
		return maxLength === undefined ? out : shorten(out, maxLength);
	}

	/** Deep copy with every string (and object key) redacted, however deep (no recursion). */
	value<T>(input: T): T {
		const secrets = this.secrets();
		return mapStrings(input, (text) => this.byShape(replaceAll(text, secrets)));
	}

	private byShape(text: string): string {
		let out = text;
		for (const pattern of this.patterns) {
			pattern.lastIndex = 0;
			out = out.replace(pattern, (...match: unknown[]) => `${typeof match[1] === 'string' ? match[1] : ''}${REDACTED}`);
		}
		return out;
	}

	/** Own and inherited secrets, longest first, so a secret that contains another is replaced whole. */
	private secrets(): Secret[] {
		const key = this.versionKey();
		if (this.cache?.key !== key) {
			const all = [...(this.parent?.secrets() ?? []), ...this.own];
			const unique = [...new Map(all.map((secret) => [secret.text, secret])).values()];
			this.cache = { key, secrets: unique.sort((a, b) => b.text.length - a.text.length) };
		}
		return this.cache.secrets;
	}

	private versionKey(): string {
		return `${this.version}/${this.parent?.versionKey() ?? ''}`;
	}
}

function replaceAll(value: string, secrets: Secret[]): string {
	// the patterns are costly on long texts: without an escape character in it, a text can hold
	// a secret only as it is
	const escaped = ESCAPES.test(value);
	let out = value;
	for (const secret of secrets) {
		if (!secret.pattern) {
			out = out.split(secret.text).join(REDACTED);
			continue;
		}
		if (!escaped && !out.includes(secret.text)) continue;
		secret.pattern.lastIndex = 0;
		out = out.replace(secret.pattern, REDACTED);
	}
	return out;
}

/** Cuts a redacted text to maxLength characters (and "…"), not inside a "[redacted]" either. */
export function shorten(text: string, maxLength: number): string {
	if (text.length <= maxLength) return text;
	const marker = text.lastIndexOf(REDACTED, maxLength);
	const end = marker >= 0 && marker + REDACTED.length > maxLength ? marker : maxLength;
	return `${text.slice(0, end)}…`;
}

/** A character that starts an escaped form: percent, HTML entity, JSON escape, form-encoded space. */
const ESCAPES = /[%&\\+]/;

/**
 * One regular expression for a secret in every form a vendor may echo it in, each character
 * independently: as is; percent-encoded (UTF-8, upper- or lowercase hex; "+" for a space in a
 * form body); HTML-escaped (&amp; &lt; &gt; &quot; &apos;, decimal and hex references, leading
 * zeros); JSON-escaped (\" \\ \/ \n…, and \uXXXX for any character, surrogate pairs included).
 * A numeric secret (a PIN such as 1234) matches only as a whole number, so it does not blank part
 * of a longer id or card number that happens to contain its digits.
 */
export function secretPattern(secret: string): RegExp {
	const body = [...secret].map(characterForms).join('');
	const source = /^\d+$/.test(secret) ? `(?<!\\d)${body}(?!\\d)` : body;
	return new RegExp(source, 'g');
}

const JSON_SHORT: Record<string, string> = {
	'"': '\\\\"',
	'\\': '\\\\\\\\',
	'/': '\\\\/',
	'\b': '\\\\b',
	'\f': '\\\\f',
	'\n': '\\\\n',
	'\r': '\\\\r',
	'\t': '\\\\t',
};
const HTML_NAMED: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };

function characterForms(character: string): string {
	const codePoint = character.codePointAt(0) as number;
	const units = Array.from({ length: character.length }, (_, i) => character.charCodeAt(i));
	const forms = [
		units.map((unit) => `\\u${hex(unit, 4)}`).join(''),
		units.map((unit) => `\\\\u${anyCase(hex(unit, 4))}`).join(''),
		`&#0*${codePoint};`,
		`&#[xX]0*${anyCase(hex(codePoint, 1))};`,
	];
	if (JSON_SHORT[character]) forms.push(JSON_SHORT[character]);
	if (HTML_NAMED[character]) forms.push(`&${anyCase(HTML_NAMED[character])};`);
	if (character === ' ') forms.push('\\+');
	const bytes = utf8(character);
	if (bytes) forms.push(bytes.map((byte) => `%${anyCase(hex(byte, 2))}`).join(''));
	return `(?:${forms.join('|')})`;
}

function hex(value: number, width: number): string {
	return value.toString(16).toUpperCase().padStart(width, '0');
}

/** Hex digits and entity names in either case: [aA] for a, digits as they are. */
function anyCase(text: string): string {
	return [...text].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
}

/** The UTF-8 bytes of one character; none for half a surrogate pair (it cannot travel URL-encoded). */
function utf8(character: string): number[] | undefined {
	try {
		return [...Buffer.from(decodeURIComponent(encodeURIComponent(character)), 'utf8')];
	} catch {
		return undefined;
	}
}

/**
 * A deep copy of JSON-like data with `map` applied to every string, keys included. It walks with
 * its own stack, not by recursion, so no depth of nesting overflows the call stack. A `__proto__`
 * key stays an own property of the copy (plain assignment would make its value the copy's
 * prototype). Shared and circular references are copied once. Buffers are kept as they are.
 */
export function mapStrings<T>(input: T, map: (text: string) => string): T {
	const copies = new Map<object, unknown>();
	const stack: Array<{ from: object; to: Record<string, unknown> | unknown[] }> = [];
	const copyOf = (value: unknown): unknown => {
		if (typeof value === 'string') return map(value);
		if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
		const known = copies.get(value);
		if (known !== undefined) return known;
		const to = Array.isArray(value) ? [] : {};
		copies.set(value, to);
		stack.push({ from: value, to });
		return to;
	};
	const root = copyOf(input);
	for (let next = stack.pop(); next; next = stack.pop()) {
		const { from, to } = next;
		if (Array.isArray(from)) {
			const list = to as unknown[];
			for (let i = 0; i < from.length; i++) list[i] = copyOf(from[i]);
			continue;
		}
		for (const [key, inner] of Object.entries(from)) {
			Object.defineProperty(to, map(key), { value: copyOf(inner), enumerable: true, writable: true, configurable: true });
		}
	}
	return root as T;
}

/** How deeply arrays and objects are nested (a scalar is 0, `[]` is 1), measured without recursion; stops past `limit`. */
export function nestingDepth(input: unknown, limit = Infinity): number {
	let deepest = 0;
	const stack: Array<[unknown, number]> = [[input, 0]];
	for (let next = stack.pop(); next; next = stack.pop()) {
		const [value, depth] = next;
		if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
		const here = depth + 1;
		if (here > deepest) deepest = here;
		if (deepest > limit) return deepest;
		for (const inner of Array.isArray(value) ? value : Object.values(value)) {
			if (inner !== null && typeof inner === 'object') stack.push([inner, here]);
		}
	}
	return deepest;
}
