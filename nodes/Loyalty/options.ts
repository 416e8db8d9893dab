import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { FieldError } from '../shared/errors';
import { sharedOptions } from '../shared/options';
import { describe } from '../shared/validate';

/**
 * The Options every Client Toolbox operation shows: the shared ones plus the reply format
 * (output, callback, condensed: docs/vendors/clienttoolbox.md#reply-formats).
 */

export interface ReplyFormat {
	format: 'xml' | 'json';
	callback: string;
	condensed: boolean;
}

const replyOptions: INodeProperties[] = [
	{
		displayName: 'Callback (JSONP)',
		name: 'callback',
		type: 'string',
		default: '',
		placeholder: 'someFunctionName',
		description: 'Ask for a JSONP reply wrapped in this function name (JSON replies only). The node unwraps it.',
	},
	{
		displayName: 'Condensed',
		name: 'condensed',
		type: 'boolean',
		default: false,
		description: 'Whether to ask for JSON without white space (condensed=yes; JSON replies only)',
	},
	{
		displayName: 'Reply Format',
		name: 'replyFormat',
		type: 'options',
		options: [
			{ name: 'XML', value: 'xml', description: "Client Toolbox's default" },
			{ name: 'JSON', value: 'json', description: 'Sends output=JSON' },
		],
		default: 'xml',
		description: 'The format Client Toolbox replies in; the node reads both the same way',
	},
];

/** The shared Options plus how Client Toolbox should format its reply, in alphabetical order. */
export const loyaltyOptions: INodeProperties = {
	...sharedOptions,
	options: [...((sharedOptions.options ?? []) as INodeProperties[]), ...replyOptions].sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	),
};

export function readReplyFormat(options: IDataObject): ReplyFormat {
	const format = options.replyFormat === 'json' ? 'json' : 'xml';
	const callback = String(options.callback ?? '').trim();
	const condensed = options.condensed === true;
	if (callback && !/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(callback)) {
		throw new FieldError('callback', `must be a JavaScript function name, got ${describe(callback)}`, 'Callback (JSONP)');
	}
	if (format === 'xml' && (callback || condensed)) {
		throw new FieldError(
			callback ? 'callback' : 'condensed',
			'applies only to JSON replies (JSONP included); set Reply Format to JSON',
			callback ? 'Callback (JSONP)' : 'Condensed',
		);
	}
	return { format, callback, condensed };
}
