import { createHash } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { UpsertOperation, VendorNodeSpec, VendorRequest } from './types';

/**
 * Options → Skip Unchanged: a scheduled sync sends only the records that changed since the
 * vendor last accepted them. Before an upsert is sent, its fingerprint (the request in a
 * canonical form, see `fingerprint`) is looked up in n8n's own deduplication store (the
 * Remove Duplicates node's store: n8n's database, shared by queue-mode workers), scope
 * "node". Found: the item is not sent and gives `action: "unchanged"`. Not found: it is sent,
 * and its fingerprint is recorded only once the vendor has accepted it.
 *
 * Store calls per run, never per item: one look-up for all items (n8n has no read-only
 * look-up: `checkProcessedAndRecord` records what it did not know, so the look-up takes back
 * at once, with `removeProcessed`, what it recorded), one record of the accepted items at the
 * end, and one `removeProcessed` of the items the vendor did not accept, if any.
 */

/** n8n added the deduplication helpers (Remove Duplicates v2) in n8n 1.64.0 (n8n-core 1.64.0). */
export const DEDUP_SINCE = '1.64.0';
/** Enough for 100,000 customers that each changed once within the history. */
export const DEFAULT_HISTORY_SIZE = 200_000;

const SHOW = { show: { '/operation': ['upsert'] } };
const SHOW_WITH_SKIP = { show: { '/operation': ['upsert'], skipUnchanged: [true] } };

/** The Options entries (shared/options.ts adds them, for upserts only). */
export const skipUnchangedOptions: INodeProperties[] = [
	{
		displayName: 'Skip Unchanged',
		name: 'skipUnchanged',
		type: 'boolean',
		default: false,
		displayOptions: SHOW,
		description:
			"Whether to send only records whose request differs from the last one the vendor accepted (n8n's deduplication store remembers a fingerprint per record). Unchanged items are not sent and give action: unchanged.",
	},
	{
		displayName: 'History Size',
		name: 'historySize',
		type: 'number',
		typeOptions: { minValue: 100 },
		default: DEFAULT_HISTORY_SIZE,
		displayOptions: SHOW_WITH_SKIP,
		description:
			'How many fingerprints the store keeps for this node; past it the oldest are forgotten, and those records are sent again (never skipped wrongly)',
	},
	{
		displayName: 'Forget History',
		name: 'forgetHistory',
		type: 'boolean',
		default: false,
		displayOptions: SHOW_WITH_SKIP,
		description:
			'Whether to forget everything earlier runs sent before this run: every item is sent and recorded afresh (a full resend). Set it for one run, or by an expression such as {{ $now.weekday === 7 }} for a weekly full resend.',
	},
	{
		displayName: 'On Store Error',
		name: 'onStoreError',
		type: 'options',
		options: [
			{
				name: 'Fail the Items',
				value: 'fail',
				description: "Each item fails with an error naming n8n's deduplication store; nothing is sent",
			},
			{
				name: 'Send Without Skipping',
				value: 'send',
				description: 'Every item is sent, as without Skip Unchanged',
			},
		],
		default: 'fail',
		displayOptions: SHOW_WITH_SKIP,
		description: "What to do when n8n's deduplication store cannot be read (database down, an n8n without it)",
	},
];

export interface SkipUnchangedSettings {
	historySize: number;
	forgetHistory: boolean;
	onStoreError: 'fail' | 'send';
}

/** The settings from the Options, or undefined when Skip Unchanged is off. */
export function readSkipUnchanged(options: IDataObject): SkipUnchangedSettings | undefined {
	if (options.skipUnchanged !== true) return undefined;
	const size = Math.floor(Number(options.historySize ?? DEFAULT_HISTORY_SIZE));
	return {
		historySize: Number.isFinite(size) && size >= 1 ? size : DEFAULT_HISTORY_SIZE,
		forgetHistory: options.forgetHistory === true,
		onStoreError: options.onStoreError === 'send' ? 'send' : 'fail',
	};
}

/** What the store remembers of one request: `<vendor>/<resource>/<operation>/<key>#<sha256>`. */
export interface Fingerprint {
	/** The record's key as the request gives it (the output's key). */
	recordKey: string;
	value: string;
}

/**
 * The request's fingerprint, or why it has none (then the item is sent and not recorded):
 *   key     vendor / resource / operation / the record's key (URL-encoded)
 *   hash    SHA-256 over, in canonical JSON (object keys sorted, form fields sorted, numbers and
 *           booleans in JSON's own form, bytes as their SHA-256): the account (the credential's
 *           non-secret fields), method, URL, query, content type and body (or, for a body built
 *           per try such as Valomnia's multipart upload, `request.canonical`: its fields and the
 *           image's bytes).
 * Never in it: the credential's secrets, its token or session, other headers. Without one:
 * a request without a key, or that adds a record each time (not idempotent: Client Toolbox
 * without code or card number, Hyfin contacts without _id), one that carries the item's own
 * secrets (a customer password or PIN: a hash of a PIN can be guessed), a body it cannot read.
 */
export function fingerprint(
	spec: Pick<VendorNodeSpec, 'vendor' | 'secretCredentialFields' | 'login'>,
	op: Pick<UpsertOperation, 'resource' | 'operation'>,
	credentials: ICredentialDataDecryptedObject,
	request: VendorRequest,
): Fingerprint | { none: string } {
	if (request.key === null || request.key === '') return { none: 'no record key' };
	if (request.idempotent === false) return { none: 'adds a record each time' };
	if (request.secrets?.some((secret) => secret !== '')) return { none: 'carries a secret' };
	const body = request.canonical !== undefined ? request.canonical : request.body;
	if (typeof body === 'function') return { none: 'a body built per try' };
	let canonical: string;
	try {
		canonical = canonicalJson({
			account: accountOf(spec, credentials),
			method: request.method,
			url: request.url,
			qs: request.qs ?? {},
			contentType: contentTypeOf(request.headers),
			body: body ?? null,
		});
	} catch (error) {
		return { none: (error as Error).message };
	}
	const key = [spec.vendor, op.resource, op.operation, encodeURIComponent(request.key)].join('/');
	return { recordKey: request.key, value: `${key}#${createHash('sha256').update(canonical).digest('hex')}` };
}

/** The credential's fields but its secrets, its token or session and their binding. */
function accountOf(
	spec: Pick<VendorNodeSpec, 'secretCredentialFields' | 'login'>,
	credentials: ICredentialDataDecryptedObject,
): IDataObject {
	const hidden = new Set([...spec.secretCredentialFields, spec.login?.field, spec.login?.bindingField]);
	const account: IDataObject = {};
	for (const [name, value] of Object.entries(credentials)) if (!hidden.has(name)) account[name] = value as IDataObject[string];
	return account;
}

function contentTypeOf(headers: IDataObject | undefined): string | null {
	for (const [name, value] of Object.entries(headers ?? {})) if (name.toLowerCase() === 'content-type') return String(value);
	return null;
}

/** JSON with object keys sorted, form fields sorted, bytes as their SHA-256. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(canonicalValue(value));
}

function canonicalValue(value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`a number that JSON cannot hold (${String(value)})`);
		return Object.is(value, -0) ? 0 : value;
	}
	if (typeof value === 'string' || typeof value === 'boolean') return value;
	if (typeof value === 'bigint') return { $bigint: value.toString() };
	if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
		return { $bytes: createHash('sha256').update(value).digest('hex') };
	}
	if (value instanceof URLSearchParams) {
		const fields = [...value.entries()];
		fields.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
		return { $form: fields };
	}
	if (Array.isArray(value)) return value.map(canonicalValue);
	if (typeof value === 'object') {
		const proto = Object.getPrototypeOf(value);
		if (proto !== Object.prototype && proto !== null) throw new Error('a body it cannot read');
		const sorted: Record<string, unknown> = {};
		for (const name of Object.keys(value).sort()) {
			const entry = (value as Record<string, unknown>)[name];
			if (entry !== undefined) sorted[name] = canonicalValue(entry);
		}
		return sorted;
	}
	throw new Error(`a value it cannot read (${typeof value})`);
}

/** The output of an item that was not sent. */
export function unchangedResult(args: { vendor: string; resource: string; operation: string; key: string }): IDataObject {
	return {
		vendor: args.vendor,
		resource: args.resource,
		operation: args.operation,
		success: true,
		action: 'unchanged',
		// n8n's store keeps only a hash: the id the vendor gave is not kept
		id: null,
		key: args.key,
		raw: null,
	};
}

type Helpers = Pick<
	IExecuteFunctions['helpers'],
	'checkProcessedAndRecord' | 'removeProcessed' | 'clearAllProcessedItems'
>;

/**
 * One run's use of the store. `prepare` (once, before any item is sent) forgets the history
 * when asked and looks every fingerprint up; `skip` tells an item's fate; `accepted` notes the
 * items the vendor accepted; `finish` (once, after the items) records them.
 */
export class SkipUnchanged {
	private readonly fingerprints = new Map<number, Fingerprint>();
	private readonly known = new Set<string>();
	private readonly acceptedValues = new Set<string>();
	private readonly sent = new Set<number>();
	private storeError: NodeOperationError | undefined;
	private skipping = true;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly spec: VendorNodeSpec,
		private readonly op: UpsertOperation,
		private readonly settings: SkipUnchangedSettings,
	) {}

	/** Looks up the fingerprints of the requests built (undefined: the item could not be built). */
	async prepare(
		requests: Array<VendorRequest | undefined>,
		credentials: ICredentialDataDecryptedObject,
	): Promise<void> {
		requests.forEach((request, itemIndex) => {
			if (!request) return;
			const print = fingerprint(this.spec, this.op, credentials, request);
			if ('value' in print) this.fingerprints.set(itemIndex, print);
			else this.ctx.logger.debug(`Skip Unchanged: item ${itemIndex} is always sent (${print.none})`);
		});
		const helpers = this.helpers();
		if (!helpers) {
			return this.failed(
				`Skip Unchanged needs n8n's deduplication store, which this n8n does not have (n8n ${DEDUP_SINCE} or later)`,
				'Update n8n, or turn Skip Unchanged off.',
			);
		}
		const values = [...new Set([...this.fingerprints.values()].map((print) => print.value))];
		try {
			if (this.settings.forgetHistory) {
				await helpers.clearAllProcessedItems('node', { mode: 'entries' });
				return;
			}
			if (!values.length) return;
			// no maxEntries here: what the look-up records for a moment must not push old entries out
			const found = await helpers.checkProcessedAndRecord(values, 'node', { mode: 'entries' });
			for (const value of found.processed) this.known.add(String(value));
			if (found.new.length) await helpers.removeProcessed(found.new, 'node', { mode: 'entries' });
		} catch (error) {
			// the store's own words go in the description: n8n rewrites messages it recognises (ECONNREFUSED…)
			this.failed("Skip Unchanged: n8n's deduplication store failed", `The store answered: ${(error as Error).message ?? String(error)}.`);
		}
	}

	/** The item's output when it is not to be sent; throws when the store failed (On Store Error: Fail). */
	skip(itemIndex: number): IDataObject | undefined {
		if (this.storeError) {
			throw new NodeOperationError(this.ctx.getNode(), this.storeError.message, {
				itemIndex,
				description: this.storeError.description ?? undefined,
			});
		}
		const print = this.fingerprints.get(itemIndex);
		if (!this.skipping || !print || !this.known.has(print.value)) return undefined;
		return unchangedResult({
			vendor: this.spec.vendor,
			resource: this.op.resource,
			operation: this.op.operation,
			key: print.recordKey,
		});
	}

	/** The item's request goes to the vendor. */
	sending(itemIndex: number): void {
		this.sent.add(itemIndex);
	}

	/** The vendor accepted the item's request. */
	accepted(itemIndex: number): void {
		const print = this.fingerprints.get(itemIndex);
		if (print) this.acceptedValues.add(print.value);
	}

	/**
	 * Records what the vendor accepted (History Size applies). A record that fails is not an
	 * item's failure (the vendor has the records): those items are sent again next run.
	 */
	async finish(): Promise<void> {
		const helpers = this.helpers();
		// On Store Error "Fail": nothing was sent; "Send Without Skipping": the store may be back
		if (!helpers || this.storeError) return;
		const accepted = [...this.acceptedValues];
		// sent but not accepted: another execution's look-up may have recorded it for a moment
		const refused = new Set<string>();
		for (const index of this.sent) {
			const value = this.fingerprints.get(index)?.value;
			if (value && !this.acceptedValues.has(value)) refused.add(value);
		}
		try {
			if (accepted.length) {
				await helpers.checkProcessedAndRecord(accepted, 'node', { mode: 'entries', maxEntries: this.settings.historySize });
			}
			if (refused.size) await helpers.removeProcessed([...refused], 'node', { mode: 'entries' });
		} catch (error) {
			this.ctx.logger.warn(
				`Skip Unchanged: n8n's deduplication store could not record ${accepted.length} accepted item(s); they are sent again next run (${(error as Error).message})`,
			);
		}
	}

	private helpers(): Helpers | undefined {
		const helpers = this.ctx.helpers as Partial<Helpers>;
		return typeof helpers.checkProcessedAndRecord === 'function' &&
			typeof helpers.removeProcessed === 'function' &&
			typeof helpers.clearAllProcessedItems === 'function'
			? (helpers as Helpers)
			: undefined;
	}

	private failed(message: string, detail: string): void {
		this.skipping = false;
		if (this.settings.onStoreError === 'send') {
			this.ctx.logger.warn(`${message} (${detail}); every item is sent`);
			return;
		}
		this.storeError = new NodeOperationError(this.ctx.getNode(), message, {
			description: `${detail} Nothing was sent for this item. Set Options → On Store Error to "Send Without Skipping" to send every item when the store cannot be read.`,
		});
	}
}
