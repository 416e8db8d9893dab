import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_MESSAGE_CHARS, vendorText } from '../shared/errors';
import { readJson } from '../shared/replies';
import { Redactor } from '../shared/redact';
import { DEFAULT_MAX_REPLY_BYTES, LoginSession, decryptedCredential } from '../shared/session';
import { sendOnce } from '../shared/transport';
import { VALOMNIA_LIST_MAX_PAGES, VALOMNIA_LIST_PAGE_SIZE } from './assumptions';
import { valomniaApiUrl } from './session';
import { valomniaLogin, valomniaSpec } from './spec';

/**
 * Dropdowns from Valomnia's list endpoints (docs/vendors/valomnia.md#lists). They are paged
 * (`max`, `offset`, `paging.total`): all pages are read, up to a cap.
 */
async function loadAll(ctx: ILoadOptionsFunctions, resource: string, what: string): Promise<IDataObject[]> {
	const credentials = await ctx.getCredentials(valomniaSpec.credentialType);
	// the node's own redaction: credential secrets, sessions issued here, session cookies by their shape
	const redactor = new Redactor(
		valomniaSpec.secretCredentialFields.map((field) => credentials[field] as string),
		undefined,
		valomniaSpec.secretPatterns,
	);
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), vendorText(redactor, `Could not load the ${what} from Valomnia: ${problem}`, MAX_MESSAGE_CHARS), {
			description: 'You can still give an ID with an expression.',
		});
	let url: string;
	try {
		url = valomniaApiUrl(credentials, resource);
	} catch (error) {
		throw fail((error as Error).message);
	}
	const decrypted = decryptedCredential(ctx.getNode(), valomniaSpec.credentialType, credentials);
	// the same login as the node's runs (one per expiry); a session issued here is redacted too
	const session = new LoginSession(
		decrypted,
		valomniaLogin,
		valomniaLogin.isRefused,
		(token) => redactor.addSecret(token),
		async () => await ctx.getCredentials(valomniaSpec.credentialType),
	);
	const rows: IDataObject[] = [];
	for (let page = 0, offset = 0; page < VALOMNIA_LIST_MAX_PAGES; page++) {
		let reply;
		try {
			reply = await sendOnce.call(
				ctx,
				{
					method: 'GET',
					url,
					qs: { max: VALOMNIA_LIST_PAGE_SIZE, offset },
					headers: { Accept: 'application/json' },
					key: null,
				},
				{
					credentialType: valomniaSpec.credentialType,
					timeoutMs: 30_000,
					maxReplyBytes: DEFAULT_MAX_REPLY_BYTES,
					session,
				},
			);
		} catch (error) {
			throw fail((error as Error).message);
		}
		const read = readJson(reply);
		const json = read.ok ? (read.value as IDataObject) : undefined;
		if (reply.statusCode < 200 || reply.statusCode >= 300) {
			const detail = json && typeof json.error_description === 'string' ? `: ${json.error_description}` : '';
			throw fail(`HTTP ${reply.statusCode}${detail}`);
		}
		if (!json || !Array.isArray(json.data)) {
			throw fail(read.ok ? 'the reply has no data list' : `Valomnia replied with ${read.problem}`);
		}
		// one push per row: spreading a page of 100,000+ rows into push() overflows the stack
		for (const row of json.data as IDataObject[]) rows.push(row);
		// the next page starts after what came (a server may send fewer rows than `max` asked)
		offset += json.data.length;
		const paging = (json.paging ?? {}) as IDataObject;
		const total = paging.total === undefined || paging.total === null ? NaN : Number(paging.total);
		const done =
			json.data.length === 0 ||
			(Number.isFinite(total)
				? offset >= total
				: paging.next !== undefined
					? !paging.next
					: json.data.length < VALOMNIA_LIST_PAGE_SIZE);
		if (done) break;
	}
	return rows;
}

function toOptions(rows: IDataObject[], label: (row: IDataObject) => string): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [];
	const seen = new Set<string>();
	for (const row of rows) {
		if (row.id === undefined || row.id === null) continue;
		const value = typeof row.id === 'number' ? row.id : String(row.id);
		if (seen.has(String(value))) continue;
		seen.add(String(value));
		const reference = typeof row.reference === 'string' && row.reference ? row.reference : undefined;
		options.push({ name: label(row), value, description: reference ? `Reference: ${reference}` : undefined });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

const nameOf = (row: IDataObject) => String(row.name ?? row.reference ?? row.id);

export const loadOptions = {
	async getCustomerCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const rows = await loadAll(this, 'customerCategories', 'customer categories');
		return toOptions(rows, (row) => (row.isRoot === true ? `${nameOf(row)} (root)` : nameOf(row)));
	},
	async getCustomerSegmentations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(await loadAll(this, 'customerSegmentations', 'customer segmentations'), nameOf);
	},
	async getPaymentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(await loadAll(this, 'paymentTypes', 'payment types'), nameOf);
	},
	async getRegions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(await loadAll(this, 'regions', 'regions'), nameOf);
	},
};
