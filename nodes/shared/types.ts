import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodePropertyOptions,
	INodeProperties,
} from 'n8n-workflow';

import type { FieldSchema } from './schema';
import type { LoginFields } from './session';

/** What every vendor node reports downstream for an upsert, whatever the vendor (see normalize.ts). */
export type UpsertAction = 'added' | 'updated' | 'upserted';

/** The kinds of operation the shared core runs (router.ts): each has its own normalized shape. */
export type OperationKind = 'upsert' | 'get' | 'search';

/**
 * A request as the vendor documents it, built from one item's parameters (pure data). `Carry` is
 * what an operation keeps from its build to its parse (and from page to page): see `carry`.
 */
export interface VendorRequest<Carry = unknown> {
	method: 'GET' | 'HEAD' | 'POST' | 'PUT';
	url: string;
	headers?: IDataObject;
	qs?: IDataObject;
	/** JSON object, URLSearchParams (form-urlencoded), FormData (multipart) or undefined. */
	body?: unknown;
	/** The key that identifies the record (external_id, _id, customerNumber, reference, code…), or what was searched. */
	key: string | null;
	/** Item values that must never appear in output or errors (customer passwords, PINs…). */
	secrets?: string[];
	/**
	 * false when sending twice could create two records (Hyfin contact without _id). Such a
	 * request is retried only when the vendor surely did not process it (429, connection refused).
	 */
	idempotent?: boolean;
	/**
	 * How Validate Only shows a body that cannot be shown as it is (a multipart stream built per
	 * try): its content type and its fields, files as name, type and size.
	 */
	preview?: { contentType: string; body: IDataObject };
	/**
	 * Skip Unchanged (unchanged.ts) reads the body to tell an unchanged request; a body built per
	 * try (a multipart stream) cannot be read: this gives what it sends, file bytes included.
	 */
	canonical?: unknown;
	/**
	 * The operation's own state, typed by the operation (Riverty's "Report Added or Updated",
	 * the customers a search has received). Never sent, never shown; the core hands it back to
	 * the same operation's parse, before and nextPage untouched.
	 */
	carry?: Carry;
}

/** The vendor's reply as received, before interpretation. */
export interface VendorReply {
	statusCode: number;
	headers: IDataObject;
	/** The body as text (empty for HEAD). */
	body: string;
}

/** A reply the vendor meant as a refusal: becomes the item's NodeApiError. */
export interface ParsedFailure {
	ok: false;
	message: string;
	description?: string;
	raw: unknown;
}

export type ParsedReply =
	| { ok: true; action: UpsertAction; id: string | number | null; raw: unknown; extra?: IDataObject }
	| ParsedFailure;

/** A Get's reply: the record, "no such record" (On Not Found decides), or a failure. */
export type ParsedGet =
	| { ok: true; found: true; id: string | number | null; record: IDataObject; raw: unknown }
	| { ok: true; found: false; raw: unknown }
	| ParsedFailure;

/** One page of a Search: its records, and what the vendor says about the rest. */
export type ParsedPage =
	| {
			ok: true;
			records: Array<{ id: string | number | null; record: IDataObject }>;
			/** Total matches when the vendor tells. */
			total?: number;
			raw: unknown;
	  }
	| ParsedFailure;

/**
 * Parameters that cannot differ between items (noDataExpression: resource, operation, input
 * mode) and the run-wide Options: read once per run, not once per item (each read evaluates).
 */
export interface RunParameters {
	resource: string;
	operation: string;
	/** Version 1: Fields Below or JSON Body; version 2: Map Automatically, Map Each Field or JSON Body. */
	inputMode: 'fields' | 'json' | 'auto' | 'map';
	options: IDataObject;
	/** The node's version (typeVersion of the node in the workflow). */
	version: number;
}

/** What the core has read for one item before the operation builds its request. */
export interface ItemInput {
	itemIndex: number;
	credentials: ICredentialDataDecryptedObject;
	run: RunParameters;
	/**
	 * The JSON Body parameter, parsed and checked (upserts with a JSON Body, Input Mode "JSON Body");
	 * in version 2's Map Automatically and Map Each Field, the record mapped by the operation's schema.
	 */
	jsonBody?: IDataObject;
	/** Version 2, mapped modes: the schema's fields that go in the URL (the record's key), from the record. */
	urlValues?: IDataObject;
	/** Search: Return All, and Limit when it is off (records wanted for this item). */
	paging?: { returnAll: boolean; limit: number };
}

/** The Operation dropdown entry: `action` and `description` are what n8n's AI agents read. */
export type OperationOption = INodePropertyOptions & { value: string; action: string; description: string };

interface OperationBase<Carry> {
	resource: string;
	/** The operation's value in the Operation dropdown ('upsert', 'get', 'search', 'getAll'…). */
	operation: string;
	option: OperationOption;
	/**
	 * Version 2's action (version 1 keeps `option.action`, frozen): short enough that the name n8n
	 * gives a node added from the actions list, and the AI tool name made from it ("<action> in
	 * <tool default name>"), stays within 64 characters, OpenAI's and Anthropic's limit for a tool
	 * name: n8n 1.x sends a longer one whole (the model refuses the call), 2.x cuts it mid-word
	 * (test/tool-mode.test.js, test/ai).
	 */
	actionV2: string;
	/**
	 * The operation's fields, in UI order. The core shows them for this resource and operation
	 * only (vendorProperties in describe.ts); field labels in error messages come from here.
	 */
	properties: INodeProperties[];
	/** Builds the wire request for one item; throws FieldError on bad input (before any HTTP call). */
	build(this: IExecuteFunctions, input: ItemInput): Promise<VendorRequest<Carry>> | VendorRequest<Carry>;
}

/** Create or update one record per item. */
export interface UpsertOperation<Carry = unknown> extends OperationBase<Carry> {
	kind: 'upsert';
	/**
	 * Two input modes (the core adds "Input Mode" after `properties`, which both modes show):
	 * `fields` are shown in "Fields Below" only; "JSON Body" shows the JSON Body field (its
	 * default text and description) and then `jsonProperties`. The core reads and checks the
	 * JSON Body (ItemInput.jsonBody).
	 */
	inputModes?: {
		fields: INodeProperties[];
		jsonBody: { default: string; description: string };
		jsonProperties?: INodeProperties[];
	};
	/**
	 * The documented fields of the call (schema.ts): version 2's Map Automatically and Map Each
	 * Field map the record by it and hand the body to `build` as `jsonBody`.
	 */
	schema?: FieldSchema;
	/** Turns the reply into success/failure; never throws for a reply it can read. */
	parse(reply: VendorReply, request: VendorRequest<Carry>): ParsedReply;
	/**
	 * Optional step before the upsert (Riverty's HEAD to tell added from updated). Its own
	 * failures are reported like the upsert's.
	 */
	before?(
		this: IExecuteFunctions,
		request: VendorRequest<Carry>,
		send: (request: VendorRequest) => Promise<VendorReply>,
	): Promise<IDataObject | undefined>;
	/** Derives the action from what `before` learned (when the vendor cannot tell by itself). */
	after?(parsed: ParsedReply & { ok: true }, learned: IDataObject | undefined): ParsedReply;
}

/** Read one record by its key. The core adds "On Not Found". */
export interface GetOperation<Carry = unknown> extends OperationBase<Carry> {
	kind: 'get';
	parse(reply: VendorReply, request: VendorRequest<Carry>): ParsedGet;
}

/** Read the records that match; one output item per record. The core adds "Return All" and "Limit". */
export interface SearchOperation<Carry = unknown> extends OperationBase<Carry> {
	kind: 'search';
	parse(reply: VendorReply, request: VendorRequest<Carry>): ParsedPage;
	/**
	 * The request for the page after `page`, or undefined when there is none. `received` counts
	 * the records of every page so far. Vendors without paging leave it out (one request).
	 */
	nextPage?(request: VendorRequest<Carry>, page: ParsedPage & { ok: true }, received: number): VendorRequest<Carry> | undefined;
}

export type VendorOperation = UpsertOperation | GetOperation | SearchOperation;

export interface VendorNodeSpec {
	/** `vendor` in every output item ('hyfin', 'riverty', 'valomnia', 'clienttoolbox'). */
	vendor: string;
	/** Display name of the vendor, used in error messages ("Hyfin replied 400: …"). */
	vendorName: string;
	credentialType: string;
	/** Credential fields whose values must never leave the node (password fields, tokens, session ids). */
	secretCredentialFields: string[];
	/**
	 * Secrets recognised by their shape (a JWT, a session cookie) rather than by value: tokens a
	 * vendor may echo that the run does not know. A first capture group is kept ("JSESSIONID=").
	 */
	secretPatterns?: RegExp[];
	/**
	 * Vendors that log in (token or session cookie through n8n's preAuthentication): the
	 * credential's expirable field, and which replies mean "no longer accepted" (401 when not
	 * given). One login per expiry is shared by all items of a run (shared/session.ts).
	 */
	login?: LoginFields & { isRefused?: (reply: VendorReply) => boolean };
	/** The Resource dropdown (sorted by name); the first is the default unless `defaultResource`. */
	resources: Array<{ name: string; value: string }>;
	defaultResource?: string;
	/** The router table: adding an operation is one module and one line here. */
	operations: VendorOperation[];
}
