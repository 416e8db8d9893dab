import type { VendorReply } from './types';

/** Reading replies: JSON that may be broken, HTML error pages from proxies, empty bodies. */
export function isSuccessStatus(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; problem: string };

export function readJson(reply: VendorReply): JsonRead {
	const text = reply.body.trim();
	if (text === '') return { ok: false, problem: 'an empty body' };
	if (text.startsWith('<')) return { ok: false, problem: `an HTML/XML page instead of JSON: "${snippet(text)}"` };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false, problem: `a body that is not valid JSON: "${snippet(text)}"` };
	}
}

/** The first words of a body, tags removed, for error messages. */
export function snippet(text: string, max = 160): string {
	const plain = text
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain.length > max ? `${plain.slice(0, max)}…` : plain;
}
