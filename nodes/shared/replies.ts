import { nestingDepth } from './redact';
import type { VendorReply } from './types';

/** Reading replies: JSON that may be broken, HTML error pages from proxies, empty bodies. */
export function isSuccessStatus(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/**
 * Deeper replies are refused: no customer reply comes near, and n8n copies and serialises every
 * output item by recursion (deepCopy, JSON.stringify), which overflows the call stack a few
 * thousand levels down and would end the whole execution, not just the item.
 */
export const MAX_REPLY_DEPTH = 1000;
export const TOO_DEEP = `data nested deeper than ${MAX_REPLY_DEPTH} levels; refused`;

export type JsonRead = { ok: true; value: unknown } | { ok: false; problem: string };

export function readJson(reply: VendorReply): JsonRead {
	const text = reply.body.trim();
	if (text === '') return { ok: false, problem: 'an empty body' };
	if (text.startsWith('<')) return { ok: false, problem: `an HTML/XML page instead of JSON: "${plainText(text)}"` };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, problem: `a body that is not valid JSON: "${plainText(text)}"` };
	}
	return tooDeep(value) ? { ok: false, problem: TOO_DEEP } : { ok: true, value };
}

/** Is parsed data nested deeper than MAX_REPLY_DEPTH (measured without recursion)? */
export function tooDeep(value: unknown): boolean {
	return nestingDepth(value, MAX_REPLY_DEPTH) > MAX_REPLY_DEPTH;
}

/**
 * The words of a body, tags removed, for error messages. Never cut here: the error redacts the
 * whole message first and only then shortens it (Redactor.text with maxLength), so a cut cannot
 * leave the start of a secret.
 */
export function plainText(text: string): string {
	return text
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}
