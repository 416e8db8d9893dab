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
	if (text.startsWith('<')) return { ok: false, problem: `an HTML/XML page instead of JSON: "${text}"` };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, problem: `a body that is not valid JSON: "${text}"` };
	}
	return tooDeep(value) ? { ok: false, problem: TOO_DEEP } : { ok: true, value };
}

/** Is parsed data nested deeper than MAX_REPLY_DEPTH (measured without recursion)? */
export function tooDeep(value: unknown): boolean {
	return nestingDepth(value, MAX_REPLY_DEPTH) > MAX_REPLY_DEPTH;
}

/**
 * The words of a body, tags removed, for error messages. Only for text already redacted
 * (errors.ts): removing a tag or a line break could change a secret so that it is no longer
 * recognised. Parsers quote the vendor's body as it came.
 */
export function plainText(text: string): string {
	return (
		text
			.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
			// a run of tags is a word break, except next to a quote or at either end
			.replace(/(?:\s*<\/?[A-Za-z!?][^<>]*>\s*)+/g, (run: string, at: number, all: string) => {
				const before = all[at - 1];
				const after = all[at + run.length];
				return before === undefined || after === undefined || before === '"' || after === '"' ? '' : ' ';
			})
			.replace(/\s+/g, ' ')
			.trim()
	);
}
