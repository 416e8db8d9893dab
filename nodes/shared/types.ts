import type { IDataObject, IExecuteFunctions, ICredentialDataDecryptedObject } from 'n8n-workflow';

/** What every vendor node reports downstream, whatever the vendor (see normalize.ts). */
export type UpsertAction = 'added' | 'updated' | 'upserted';

/** A request as the vendor documents it, built from one item's parameters (pure data). */
export interface VendorRequest {
	method: 'GET' | 'HEAD' | 'POST' | 'PUT';
	url: string;
	headers?: IDataObject;
	qs?: IDataObject;
	/** JSON object, URLSearchParams (form-urlencoded), FormData (multipart) or undefined. */
	body?: unknown;
	/** The upsert key that was sent (external_id, _id, customerNumber, reference, code…). */
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
}

/** The vendor's reply as received, before interpretation. */
export interface VendorReply {
	statusCode: number;
	headers: IDataObject;
	/** The body as text (empty for HEAD). */
	body: string;
}

export type ParsedReply =
	| { ok: true; action: UpsertAction; id: string | number | null; raw: unknown; extra?: IDataObject }
	| { ok: false; message: string; description?: string; raw: unknown };

/**
 * Parameters that cannot differ between items (noDataExpression: resource, operation, input
 * mode) and the run-wide Options: read once per run, not once per item (each read evaluates).
 */
export interface RunParameters {
	resource: string;
	operation: string;
	inputMode: 'fields' | 'json';
	options: IDataObject;
}

/** Everything the shared core needs to know about one vendor operation. */
export interface UpsertOperation {
	vendor: string;
	resource: string;
	operation: string;
	/** Builds the wire request for item `itemIndex`; throws FieldError on bad input (before any HTTP call). */
	build(
		this: IExecuteFunctions,
		itemIndex: number,
		credentials: ICredentialDataDecryptedObject,
		run: RunParameters,
	): Promise<VendorRequest> | VendorRequest;
	/** Turns the reply into success/failure; never throws for a reply it can read. */
	parse(reply: VendorReply, request: VendorRequest): ParsedReply;
	/**
	 * Optional step before the upsert (Riverty's HEAD to tell added from updated). Its own
	 * failures are reported like the upsert's.
	 */
	before?(
		this: IExecuteFunctions,
		request: VendorRequest,
		send: (request: VendorRequest) => Promise<VendorReply>,
	): Promise<IDataObject | undefined>;
	/** Derives the action from what `before` learned (when the vendor cannot tell by itself). */
	after?(parsed: ParsedReply & { ok: true }, learned: IDataObject | undefined): ParsedReply;
}

export interface VendorNodeSpec {
	/** Display name of the vendor, used in error messages ("Hyfin replied 400: …"). */
	vendorName: string;
	credentialType: string;
	/** Credential fields whose values must never leave the node (password fields, tokens, session ids). */
	secretCredentialFields: string[];
	/**
	 * Vendors that log in (token or session cookie through n8n's preAuthentication): the
	 * credential's expirable field, and which replies mean "no longer accepted" (401 when not
	 * given). One login per expiry is shared by all items of a run (shared/session.ts).
	 */
	login?: { field: string; isRefused?: (reply: VendorReply) => boolean };
	/** `${resource}:${operation}` → operation. */
	operations: Record<string, UpsertOperation>;
}
