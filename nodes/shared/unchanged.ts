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
 * "node", by membership only (n8n answers "seen before or not", never a value). Each record has
 * versions (see `marker` below): the item is skipped only if its request is the one accepted
 * as the record's current version, so a record changed back to an earlier value is sent. Found:
 * the item is not sent and gives `action: "unchanged"`. Not found: it is sent, and recorded as
 * the record's next version only once the vendor has accepted it.
 *
 * Store calls per run, never per item: look-ups in rounds of one look-up for all records
 * (n8n has no read-only look-up: `checkProcessedAndRecord` records what it did not know, so the
 * look-up takes back at once, with `removeProcessed`, what it recorded), usually one round;
 * then one record of the accepted items at the end (after moving their P#alive entries), and
 * one `removeProcessed` of the items the vendor did not accept, if any.
 */

/** n8n added the deduplication helpers (Remove Duplicates v2) in n8n 1.64.0 (n8n-core 1.64.0). */
export const DEDUP_SINCE = '1.64.0';
/**
 * Entries, not records: a record sent once takes 3 (P#v1, P#v1#<hash>, P#alive), each further
 * accepted change 2 more; 400,000 holds 100,000 customers and 50,000 changes.
 */
export const DEFAULT_HISTORY_SIZE = 400_000;

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
			'How many entries the store keeps for this node (3 per record sent, 2 more per accepted change); past it the oldest are forgotten, and those records are sent again (never skipped wrongly)',
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

/** One request's fingerprint: `<vendor>/<resource>/<operation>/<key>#<sha256>`. */
export interface Fingerprint {
	/** The record's key as the request gives it (the output's key). */
	recordKey: string;
	/** `<vendor>/<resource>/<operation>/<key (URL-encoded)>`: the record, the prefix of its store entries */
	base: string;
	/** SHA-256 (hex) of the request in its canonical form */
	hash: string;
	/** `<base>#<hash>` */
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
	const base = [spec.vendor, op.resource, op.operation, encodeURIComponent(request.key)].join('/');
	const hash = createHash('sha256').update(canonical).digest('hex');
	return { recordKey: request.key, base, hash, value: `${base}#${hash}` };
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
 * The store's entries for one record (`P` = `<vendor>/<resource>/<operation>/<key>`):
 *   P#v<n>          version markers, n = 1, 2, …: the record's n-th accepted change; a change is
 *                   recorded as the next version, never in place of an older one
 *   P#v<n>#<hash>   the request accepted as version n
 *   P#alive         "the store holds something of P": moved behind P's newest entries on each
 *                   record, so it is forgotten last
 * An item is skipped only if `P#v<c>#<its hash>` is present where c, the record's current
 * version, is the last marker of the unbroken run P#v1, P#v2, … (found in windows, below).
 * Changed A → B → A: A was version 1, B version 2, A again is not `P#v2#A`: sent (version 3).
 *
 * History Size (n8n forgets the oldest entries first): every entry of P is written after the
 * entries of P's earlier versions, and the markers in version order, so what survives of P is
 * always its newest entries: either P#v1 survives, and then every marker after it and the run
 * ends at the true current version, or P#v1 is gone, and then so is every `P#v<i>#…` at a
 * version the run could end at (c = 0): never a skip. P#v1 gone but P#alive present (some of
 * P's newer versions survive): sent and not recorded, so no version is ever recorded twice
 * (under surviving ones); once P#alive is forgotten too, P starts again at version 1.
 */
const marker = (base: string, version: number) => `${base}#v${version}`;
const entryOf = (base: string, version: number, hash: string) => `${base}#v${version}#${hash}`;
const aliveOf = (base: string) => `${base}#alive`;

/**
 * The look-up's windows of version markers: round 1 asks P#v1, P#v2 (with P#v1#<hash> and
 * P#alive) for every record; a record whose markers in a window are all present is asked the
 * next window (and P#v<i>#<hash> for the versions the run could end at) in the next round.
 * A record past the last window (more than 682 accepted changes within the history) is sent and
 * not recorded. Each round is one look-up and one take-back: at most 10 store calls, 2 when no
 * record changed since its first send.
 */
export const VERSION_WINDOWS: ReadonlyArray<readonly [number, number]> = [
	[1, 2],
	[3, 10],
	[11, 42],
	[43, 170],
	[171, 682],
];

/** One record (key) of this run: its items' fingerprints and what the store told about it. */
interface RecordState {
	base: string;
	recordKey: string;
	hashes: Set<string>;
	/** the record's current version, once its run of markers ended in a window */
	current?: number;
	alive?: boolean;
	/** `P#v<current>#<hash>` present for these hashes */
	accepted: Set<string>;
	/** the version an accepted send is recorded as (undefined: never recorded) */
	recordAs?: number;
	/** a marker without a request, written once any of its items is sent: the next run sends the record */
	poison?: number;
	why?: string;
}

/** How long a record's finish waits before it asks again for a version marker another run's look-up held. */
const HELD_RETRY_MS = 200;
const HELD_RETRIES = 3;

/**
 * One run's use of the store. `prepare` (once, before any item is sent) forgets the history
 * when asked and looks every record up; `skip` tells an item's fate; `accepted` notes the items
 * the vendor accepted; `finish` (once, after the items) records them.
 */
export class SkipUnchanged {
	private readonly fingerprints = new Map<number, Fingerprint>();
	private readonly records = new Map<string, RecordState>();
	/** base -> the accepted hash (one per record: a record with two different requests in one run is never recorded) */
	private readonly acceptedHashes = new Map<string, string>();
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
			if (!('value' in print)) {
				this.ctx.logger.debug(`Skip Unchanged: item ${itemIndex} is always sent (${print.none})`);
				return;
			}
			this.fingerprints.set(itemIndex, print);
			let record = this.records.get(print.base);
			if (!record) {
				record = { base: print.base, recordKey: print.recordKey, hashes: new Set(), accepted: new Set() };
				this.records.set(print.base, record);
			}
			record.hashes.add(print.hash);
		});
		const helpers = this.helpers();
		if (!helpers) {
			return this.failed(
				`Skip Unchanged needs n8n's deduplication store, which this n8n does not have (n8n ${DEDUP_SINCE} or later)`,
				'Update n8n, or turn Skip Unchanged off.',
			);
		}
		try {
			if (this.settings.forgetHistory) {
				await helpers.clearAllProcessedItems('node', { mode: 'entries' });
				for (const record of this.records.values()) record.current = 0;
			} else {
				await this.lookUp(helpers);
			}
		} catch (error) {
			// the store's own words go in the description: n8n rewrites messages it recognises (ECONNREFUSED…)
			this.failed("Skip Unchanged: n8n's deduplication store failed", `The store answered: ${(error as Error).message ?? String(error)}.`);
			return;
		}
		for (const record of this.records.values()) this.decide(record);
	}

	/**
	 * The windows of VERSION_WINDOWS, each one look-up (n8n records what it did not know) and one
	 * take-back. A later round asks the markers of the earlier windows again: a marker found only
	 * because another execution's look-up held it for a moment is gone by then, and the record's
	 * run of markers ends there (its requests were asked for every version of the earlier windows).
	 */
	private async lookUp(helpers: Helpers): Promise<void> {
		let searching = [...this.records.values()];
		const seen = new Set<string>();
		for (const [round, [low, high]] of VERSION_WINDOWS.entries()) {
			if (!searching.length) return;
			const asked: string[] = [];
			for (const record of searching) {
				if (round === 0) asked.push(aliveOf(record.base));
				for (let version = 1; version <= high; version++) asked.push(marker(record.base, version));
				// the run can end at low - 1 … high - 1 (version 0 has no entry)
				for (let version = Math.max(1, low - 1); version < high; version++) {
					for (const hash of record.hashes) asked.push(entryOf(record.base, version, hash));
				}
			}
			const present = await this.ask(helpers, asked);
			for (const value of present) seen.add(value);
			const next: RecordState[] = [];
			for (const record of searching) {
				if (round === 0) record.alive = present.has(aliveOf(record.base));
				let version = 1;
				while (version <= high && present.has(marker(record.base, version))) version++;
				if (version > high) {
					next.push(record);
					continue;
				}
				record.current = version - 1;
				for (const hash of record.hashes) {
					if (record.current > 0 && seen.has(entryOf(record.base, record.current, hash))) record.accepted.add(hash);
				}
			}
			searching = next;
		}
		for (const record of searching) record.why = `more than ${VERSION_WINDOWS[VERSION_WINDOWS.length - 1][1]} accepted changes in the history`;
	}

	/** Which of `values` the store holds; takes back at once what the look-up recorded. */
	private async ask(helpers: Helpers, values: string[]): Promise<Set<string>> {
		const unique = [...new Set(values)];
		// no maxEntries here: what the look-up records for a moment must not push old entries out
		const found = await helpers.checkProcessedAndRecord(unique, 'node', { mode: 'entries' });
		if (found.new.length) await helpers.removeProcessed(found.new, 'node', { mode: 'entries' });
		return new Set(found.processed.map(String));
	}

	/** What the look-up means for the record: which request is skipped, which version a send is recorded as. */
	private decide(record: RecordState): void {
		if (record.why) return;
		if (record.hashes.size > 1) {
			// the vendor ends with whichever of the requests arrives last: never skipped, never recorded,
			// and the version it had is no longer trusted (a marker above it, without a request)
			record.accepted.clear();
			record.why = 'two different requests for the same record in one run';
			if (record.current !== undefined && record.current > 0) record.poison = record.current + 1;
			return;
		}
		if (record.current === undefined) return;
		if (record.current === 0 && record.alive) {
			// P#v1 forgotten but newer versions of P remembered: recording version 1 again could sit under them
			record.why = 'part of its history was forgotten (History Size)';
			return;
		}
		record.recordAs = record.current + 1;
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
		if (!this.skipping || !print) return undefined;
		const record = this.records.get(print.base);
		if (record?.why) this.ctx.logger.debug(`Skip Unchanged: item ${itemIndex} is sent and not recorded (${record.why})`);
		if (!record || !record.accepted.has(print.hash)) return undefined;
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
		if (print) this.acceptedHashes.set(print.base, print.hash);
	}

	/**
	 * Records what the vendor accepted (History Size applies): per record, in one call,
	 * `P#v<n>#<hash>`, `P#v<n>` (n = current + 1), then `P#alive` (taken out first, so it is
	 * written again behind them). A record that fails is not an item's failure (the vendor has
	 * the records): those items are sent again next run.
	 */
	async finish(): Promise<void> {
		const helpers = this.helpers();
		// On Store Error "Fail": nothing was sent; "Send Without Skipping": the store may be back
		if (!helpers || this.storeError) return;
		const recording: Array<{ record: RecordState; hash: string; version: number }> = [];
		for (const [base, hash] of this.acceptedHashes) {
			const record = this.records.get(base);
			if (record?.recordAs !== undefined) recording.push({ record, hash, version: record.recordAs });
		}
		// sent but not accepted: another execution's look-up may have recorded it for a moment
		const refused = new Set<string>();
		for (const index of this.sent) {
			const print = this.fingerprints.get(index);
			const record = print && this.records.get(print.base);
			if (print && record?.recordAs !== undefined && this.acceptedHashes.get(print.base) !== print.hash) {
				refused.add(entryOf(print.base, record.recordAs, print.hash));
			}
		}
		const record = { mode: 'entries' as const, maxEntries: this.settings.historySize };
		try {
			if (recording.length) {
				const moved = recording.filter(({ record }) => record.alive).map(({ record }) => aliveOf(record.base));
				if (moved.length) await helpers.removeProcessed(moved, 'node', { mode: 'entries' });
				const values: string[] = [];
				for (const { record, hash, version } of recording) {
					// the markers the look-up found, asked again: one of them may have been another execution's look-up
					for (let earlier = 1; earlier < version; earlier++) values.push(marker(record.base, earlier));
					values.push(entryOf(record.base, version, hash), marker(record.base, version), aliveOf(record.base));
				}
				const found = await helpers.checkProcessedAndRecord(values, 'node', record);
				await this.held(helpers, recording, new Set(found.processed.map(String)));
			}
			const poisoned = new Set<string>();
			for (const index of this.sent) {
				const base = this.fingerprints.get(index)?.base;
				const poison = base === undefined ? undefined : this.records.get(base)?.poison;
				if (base !== undefined && poison !== undefined) poisoned.add(marker(base, poison));
			}
			if (poisoned.size) await helpers.checkProcessedAndRecord([...poisoned], 'node', record);
			if (refused.size) await helpers.removeProcessed([...refused], 'node', { mode: 'entries' });
		} catch (error) {
			this.ctx.logger.warn(
				`Skip Unchanged: n8n's deduplication store could not record ${recording.length} accepted item(s); they are sent again next run (${(error as Error).message})`,
			);
		}
	}

	/**
	 * Two executions at once (queue mode; n8n's store has no lock). A version marker this run
	 * records was already there although its look-up did not find it: another execution's look-up
	 * holds it for a moment (and will take it back), or another execution recorded the same
	 * version. Ask again a little later (a held marker is then gone and is recorded now). One
	 * still there after that: the other execution's look-up is slow (and may still take our marker
	 * back, which would make version n - 1 look current), or it recorded version n with another
	 * request (the vendor holds whichever came last). Either way the record's history cannot be
	 * trusted: P#v1 is taken out, so the record is sent (and not recorded) until n8n forgets it.
	 * Same marker and same request already there: the other execution sent the same change.
	 * The markers below n are asked again with the record: one gone since the look-up (it was
	 * another execution's look-up, seen for a moment, or n8n forgot it meanwhile) breaks the run
	 * of markers under version n: the record is taken out of skipping the same way.
	 */
	private async held(
		helpers: Helpers,
		recording: Array<{ record: RecordState; hash: string; version: number }>,
		present: Set<string>,
	): Promise<void> {
		const missing = (record: RecordState, version: number) => {
			const versions: number[] = [];
			for (let earlier = 1; earlier < version; earlier++) if (!present.has(marker(record.base, earlier))) versions.push(earlier);
			return versions;
		};
		// a marker the look-up found is gone (this call wrote it again): it was another look-up's, seen for a moment
		const broken = recording.filter(({ record, version }) => missing(record, version).length > 0);
		const untrusted: typeof recording = [];
		const repaired: string[] = [];
		const undone: string[] = [];
		for (const item of broken) {
			const { record, hash, version } = item;
			const gone = missing(record, version);
			const from = gone[0];
			const ours = gone.length === version - from && !present.has(marker(record.base, version)) && !present.has(entryOf(record.base, version, hash));
			if (!ours) {
				untrusted.push(item);
				continue;
			}
			// the record's true current version is from - 1: record the request as version `from`
			// (its marker is the one just written again) and take back what was written above it
			for (let above = from + 1; above <= version; above++) undone.push(marker(record.base, above));
			undone.push(entryOf(record.base, version, hash), aliveOf(record.base));
			repaired.push(entryOf(record.base, from, hash), aliveOf(record.base));
		}
		if (undone.length) {
			await helpers.removeProcessed(undone, 'node', { mode: 'entries' });
			await helpers.checkProcessedAndRecord(repaired, 'node', { mode: 'entries', maxEntries: this.settings.historySize });
		}
		let doubtful = recording.filter(
			(item) =>
				!broken.includes(item) &&
				present.has(marker(item.record.base, item.version)) &&
				!present.has(entryOf(item.record.base, item.version, item.hash)),
		);
		for (let attempt = 0; doubtful.length && attempt < HELD_RETRIES; attempt++) {
			await new Promise((resolve) => setTimeout(resolve, HELD_RETRY_MS));
			const markers = doubtful.map(({ record, version }) => marker(record.base, version));
			const found = await helpers.checkProcessedAndRecord(markers, 'node', { mode: 'entries', maxEntries: this.settings.historySize });
			const still = new Set(found.processed.map(String));
			doubtful = doubtful.filter(({ record, version }) => still.has(marker(record.base, version)));
		}
		doubtful = [...untrusted, ...doubtful];
		if (doubtful.length) {
			// P#v1 gone, P#alive there: the record is sent and not recorded until n8n forgets P#alive
			const first = doubtful.map(({ record }) => marker(record.base, 1));
			await helpers.removeProcessed(first, 'node', { mode: 'entries' });
			this.ctx.logger.warn(
				`Skip Unchanged: ${doubtful.length} record(s) were recorded at the same time by another execution; they are sent again on the next runs`,
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
