import type { IExecuteFunctions } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { VALOMNIA_MAX_IMAGE_BYTES } from './assumptions';

/**
 * The customer image (`imageFile`, docs/vendors/valomnia.md#customer-upsert): jpg, gif, png or bmp, at most 2 MB. Checked here,
 * before anything is sent, by the file's first bytes: a name or MIME type can be wrong.
 */
export interface ImageKind {
	extension: 'jpg' | 'gif' | 'png' | 'bmp';
	mimeType: string;
}

export interface ImageFile extends ImageKind {
	data: Buffer;
	fileName: string;
}

/** The image's multipart part (also the name of version 1's Image File field). */
export const IMAGE_PART = 'imageFile';

const LABEL = 'Image File';

export function sniffImage(data: Buffer): ImageKind | undefined {
	const starts = (bytes: number[]) => data.length >= bytes.length && bytes.every((b, i) => data[i] === b);
	if (starts([0xff, 0xd8, 0xff])) return { extension: 'jpg', mimeType: 'image/jpeg' };
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { extension: 'png', mimeType: 'image/png' };
	const head = data.subarray(0, 6).toString('latin1');
	if (head === 'GIF87a' || head === 'GIF89a') return { extension: 'gif', mimeType: 'image/gif' };
	// "BM", then the file size (little endian) and a header of at least 26 bytes
	if (starts([0x42, 0x4d]) && data.length >= 26) return { extension: 'bmp', mimeType: 'image/bmp' };
	return undefined;
}

/** Keeps the user's file name, with an extension that matches what the bytes are. */
export function imageFileName(original: string | undefined, kind: ImageKind): string {
	const name = (original ?? '').replace(/[\\/\r\n"]/g, '_').trim() || 'image';
	const dot = name.lastIndexOf('.');
	const stem = dot > 0 ? name.slice(0, dot) : name;
	const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
	const same = ext === kind.extension || (kind.extension === 'jpg' && ext === 'jpeg');
	return same ? name : `${stem}.${kind.extension}`;
}

export function checkImage(data: Buffer, described: string): ImageKind {
	if (data.length === 0) throw new FieldError(IMAGE_PART, `is empty (${described})`, LABEL);
	if (data.length > VALOMNIA_MAX_IMAGE_BYTES) throw tooLarge(data.length, described);
	const kind = sniffImage(data);
	if (!kind) {
		throw new FieldError(
			IMAGE_PART,
			`is not a jpg, gif, png or bmp image (${described}); Valomnia accepts only these formats`,
			LABEL,
			'Convert the image to jpg, png, gif or bmp; nothing was sent for this item.',
		);
	}
	return kind;
}

/** Reads the image from the item's binary property (works in every binary data mode). */
export async function readImage(ctx: IExecuteFunctions, itemIndex: number, property: string): Promise<ImageFile> {
	let binary: { fileName?: string; mimeType?: string; bytes?: number };
	try {
		binary = ctx.helpers.assertBinaryData(itemIndex, property);
	} catch {
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- FieldError is internal: the item loop (nodes/shared/router.ts) turns it into a NodeOperationError naming the field and the item
		throw new FieldError(
			IMAGE_PART,
			`names the binary property "${property}", which input item ${itemIndex} does not have`,
			LABEL,
			'Give the name of a binary property of the input item (often "data"), or remove the Image File field.',
		);
	}
	const described = `"${binary.fileName ?? property}"${binary.mimeType ? `, ${binary.mimeType}` : ''}`;
	// refuse a huge file without loading it when n8n knows its size
	if (typeof binary.bytes === 'number' && binary.bytes > VALOMNIA_MAX_IMAGE_BYTES) {
		throw tooLarge(binary.bytes, described);
	}
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	const kind = checkImage(data, described);
	return { ...kind, data, fileName: imageFileName(binary.fileName, kind) };
}

function tooLarge(bytes: number, described: string): FieldError {
	return new FieldError(
		IMAGE_PART,
		`is ${(bytes / (1024 * 1024)).toFixed(2)} MB (${bytes} bytes, ${described}); Valomnia accepts images of at most 2 MB`,
		LABEL,
		'Resize or compress the image below 2 MB; nothing was sent for this item.',
	);
}
