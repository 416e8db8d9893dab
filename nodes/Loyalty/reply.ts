import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { IDataObject } from 'n8n-workflow';

import { TOO_DEEP, isSuccessStatus, tooDeep } from '../shared/replies';
import type { ParsedFailure, VendorReply } from '../shared/types';
import { isObject } from '../shared/validate';
import { LOYALTY_SECRET_RECORD_KEYS } from './assumptions';

/**
 * Reading Client Toolbox's replies (docs/vendors/clienttoolbox.md#reply-formats): XML (the
 * default), JSON or JSONP, with `status="error"` in the body on HTTP 200. What a reply means for
 * one call is its operation's parse; this module turns any of the formats into one object.
 */

/**
 * Client Toolbox's reply in any of its formats, as one object:
 *   XML (the default)  <response status="…">…</response>: attributes become keys, no wrapper
 *   JSON               the same, attributes as keys (assumptions.ts)
 *   JSONP              callbackName({ … });
 * The format is read from the body itself, not from what was asked for. Whether it says
 * success or error is for the caller (loyaltyFailure).
 */
export function readLoyaltyReply(reply: VendorReply, maxBytes?: number): { ok: true; json: IDataObject } | ParsedFailure {
	if (maxBytes !== undefined) {
		const bytes = Buffer.byteLength(reply.body);
		if (bytes > maxBytes) {
			return fail(
				`unusable reply: ${bytes} bytes, more than the ${maxBytes} bytes a customer reply can need; it was not parsed`,
				null,
			);
		}
	}
	const text = reply.body.replace(/^\uFEFF/, '').trim();
	if (text === '') return fail('unusable reply: an empty body', '');
	const read = text.startsWith('<') ? readXml(text) : readJsonText(text);
	// the whole text: the error redacts it, then shortens it (errors.ts)
	if (!read.ok) return fail(`unusable reply: ${read.problem}`, text);
	return { ok: true, json: read.value };
}

/** "success", "error" or what else the body says (lower case). */
export function replyStatus(json: IDataObject): string {
	return typeof json.status === 'string' ? json.status.toLowerCase() : '';
}

/**
 * The failure a reply means, or null when it is a success: `status="error"` (Client Toolbox's
 * message), no status at all, or "success" with a non-2xx HTTP status.
 */
export function loyaltyFailure(json: IDataObject, statusCode: number): ParsedFailure | null {
	const status = replyStatus(json);
	if (status === 'error') return fail(errorText(json.error) || 'an error without a message', json);
	if (status !== 'success') return fail(`unusable reply: no status "success" or "error" in ${JSON.stringify(json)}`, json);
	if (!isSuccessStatus(statusCode)) return fail(`status "success" but HTTP ${statusCode}`, json);
	return null;
}

export function errorText(error: unknown): string {
	if (typeof error === 'string' || typeof error === 'number') return String(error).trim();
	if (Array.isArray(error)) return error.map(errorText).filter(Boolean).join('; ');
	if (isObject(error)) {
		const text = error['#text'] ?? error.message;
		return text === undefined ? JSON.stringify(error) : errorText(text);
	}
	return '';
}

/**
 * A customer as Client Toolbox shows it, without the customer's password and PIN should a
 * reply carry them (LOYALTY_SECRET_RECORD_KEYS): they never reach the output.
 */
export function withoutSecrets<T>(value: T): T {
	if (Array.isArray(value)) return value.map(withoutSecrets) as T;
	if (!isObject(value)) return value;
	const out: IDataObject = {};
	for (const [key, inner] of Object.entries(value)) {
		if (LOYALTY_SECRET_RECORD_KEYS.test(key)) continue;
		setOwn(out, key, withoutSecrets(inner));
	}
	return out as T;
}

/** The customer's code (Client Toolbox's ID of the customer), as text. */
export function scalar(value: unknown): string | null {
	if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

export function fail(message: string, raw: unknown, description?: string): ParsedFailure {
	return description ? { ok: false, message, description, raw } : { ok: false, message, raw };
}

type Read = { ok: true; value: IDataObject } | { ok: false; problem: string };

// ---------- XML ----------

/** A customer reply is three levels deep, a search four; the parser refuses deeper XML (and tags named __proto__). */
const MAX_XML_DEPTH = 20;

const xmlParser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	// codes are 16 digits and card numbers may start with 0: keep every value as text
	parseTagValue: false,
	parseAttributeValue: false,
	// entities are decoded below, the five predefined ones and character references only
	processEntities: false,
	htmlEntities: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	trimValues: true,
	maxNestedTags: MAX_XML_DEPTH,
});

/**
 * No DOCTYPE is ever parsed: a document type can declare entities that expand to gigabytes
 * ("billion laughs") or read local files, and Client Toolbox's replies have none.
 */
function readXml(text: string): Read {
	if (/^<!doctype\s+html\b/i.test(text) || /^<html[\s>]/i.test(text)) {
		return { ok: false, problem: `an HTML page instead of the API reply (is the Endpoint URL right?): "${text}"` };
	}
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
		return {
			ok: false,
			problem:
				'XML with a document type (DOCTYPE/ENTITY) declaration, which its API never sends; it was refused unparsed, because such declarations can expand to huge sizes or read local files',
		};
	}
	const valid = XMLValidator.validate(text);
	if (valid !== true) return { ok: false, problem: `XML that is not well-formed (${valid.err.msg}): "${text}"` };
	let tree: IDataObject;
	try {
		tree = xmlParser.parse(text) as IDataObject;
	} catch (error) {
		const message = (error as Error).message;
		if (/maximum nested tags/i.test(message)) return { ok: false, problem: `XML nested deeper than ${MAX_XML_DEPTH} levels; refused` };
		return { ok: false, problem: `XML that could not be read (${message})` };
	}
	const root = tree.response;
	if (!isObject(root)) {
		return { ok: false, problem: `XML without a <response> element: "${text}"` };
	}
	return { ok: true, value: fromXml(root) as IDataObject };
}

/** Attributes become plain keys (as in the JSON reply) unless a child element has the same name. */
function fromXml(node: unknown): unknown {
	if (typeof node === 'string') return decodeEntities(node);
	if (Array.isArray(node)) return node.map(fromXml);
	if (!isObject(node)) return node;
	const children = Object.keys(node).filter((name) => !name.startsWith('@_'));
	const out: IDataObject = {};
	for (const [name, value] of Object.entries(node)) {
		if (!name.startsWith('@_')) continue;
		const plain = name.slice(2);
		setOwn(out, children.includes(plain) ? name : plain, fromXml(value));
	}
	for (const name of children) setOwn(out, name, fromXml(node[name]));
	return out;
}

/** An attribute named __proto__ stays a key (plain assignment would try to set the prototype). */
function setOwn(target: IDataObject, key: string, value: unknown): void {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** One pass, so "&amp;lt;" stays "&lt;": nothing is ever expanded twice. */
export function decodeEntities(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(ENTITY, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
		if (name) return PREDEFINED[name];
		const code = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
		const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff));
		return allowed ? String.fromCodePoint(code) : whole;
	});
}

// ---------- JSON and JSONP ----------

const JSONP = /^(?:\/\*\*\/\s*)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(([\s\S]*)\)\s*;?$/;

function readJsonText(text: string): Read {
	const jsonp = JSONP.exec(text);
	const json = jsonp ? jsonp[1].trim() : text;
	let value: unknown;
	try {
		value = JSON.parse(keepLongIntegersAsText(json));
	} catch {
		return { ok: false, problem: `a body that is neither XML nor JSON(P): "${text}"` };
	}
	if (!isObject(value)) return { ok: false, problem: `JSON that is not an object: "${text}"` };
	// MAX_REPLY_DEPTH (shared with the other vendors): deeper data would overflow n8n's copies
	if (tooDeep(value)) return { ok: false, problem: TOO_DEEP };
	return { ok: true, value };
}

/**
 * A 16-digit code does not fit in a JavaScript number (2^53 has 16 digits): should Client
 * Toolbox send one unquoted, it is turned into a string before JSON.parse rounds it.
 */
export function keepLongIntegersAsText(json: string): string {
	return json.replace(/"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?![.\deE])/g, (token) => (token.startsWith('"') ? token : `"${token}"`));
}
