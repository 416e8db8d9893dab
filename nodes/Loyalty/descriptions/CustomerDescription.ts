import type { INodeProperties } from 'n8n-workflow';

import { sharedOptions } from '../../shared/options';
import { LOYALTY_MAX_GENERATED_DIGITS } from '../assumptions';

/** Customer → Create or Update: POST type=record_customer, customer_action=edit (seed 004). */
const show = { resource: ['customer'], operation: ['upsert'] };
const showFields = { ...show, inputMode: ['fields'] };

export const customerOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['customer'] } },
	options: [
		{
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: 'Create or update a customer',
		},
	],
	default: 'upsert',
};

export const customerFields: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{
				name: 'JSON Body',
				value: 'json',
				description: "Give Client Toolbox's form fields as one JSON object",
			},
		],
		default: 'fields',
	},
	{
		displayName:
			'At least one customer field must be filled in. Without a Customer Code or Card Number, every run creates a new customer.',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Customer Code',
		name: 'code',
		type: 'string',
		default: '',
		displayOptions: { show: showFields },
		description:
			"Client Toolbox's ID of the customer (code). A customer with this code is updated; if none has it, one is created. Leave empty to create a customer with a new 16-digit code (or to match by Card Number).",
	},
	{
		displayName: 'Card Number',
		name: 'card_number',
		type: 'string',
		default: '',
		displayOptions: { show: showFields },
		description:
			"Without a Customer Code, the customer with this card number is updated (several matches are an error), then one whose code equals it; otherwise one is created. On update it replaces the customer's card number.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{
				displayName: 'Auto Add',
				name: 'auto_add',
				type: 'string',
				default: '',
				placeholder: '25',
				description:
					'Amount of points, visits or dollars (or the name of a product or service) to add to the customer\'s balance, depending on the campaign type. Described in the notes of the update call but not in its field list.',
			},
			{
				displayName: 'City',
				name: 'city',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Country',
				name: 'country',
				type: 'string',
				default: '',
				placeholder: 'NZ',
			},
			{
				displayName: 'Custom Date',
				name: 'custom_date',
				type: 'string',
				default: '',
				placeholder: '1970-07-14',
				description: 'A date as YYYY-MM-DD; any other format is refused before sending',
			},
			{
				displayName: 'Custom Field',
				name: 'custom_field',
				type: 'string',
				default: '',
				description: 'The built-in free-text custom field',
			},
			{
				displayName: 'Customer Password',
				name: 'customer_password',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: "The customer's password for customer-facing apps. Never shown in output or errors.",
			},
			{
				displayName: 'Customer PIN',
				name: 'customer_PIN',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'API-only PIN, for example for a physical terminal. Never shown in output or errors.',
			},
			{
				displayName: 'Customer Username',
				name: 'customer_username',
				type: 'string',
				default: '',
				description: 'API-only username for custom applications (cannot be set in the web interface)',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'First Name',
				name: 'first_name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Generate Card Number (Digits)',
				name: 'card_number_generate',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: LOYALTY_MAX_GENERATED_DIGITS },
				default: 10,
				description:
					'Let Client Toolbox generate a random unique card number with this many digits; it is returned as card_number. Not together with Card Number.',
			},
			{
				displayName: 'Last Name',
				name: 'last_name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'New Code',
				name: 'new_code',
				type: 'boolean',
				default: false,
				description:
					'Whether to send new_code=Yes. Client Toolbox lists it without explaining it; it presumably asks for a freshly generated code.',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: '555-555-2455',
			},
			{
				displayName: 'Postal Code',
				name: 'postal_code',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Send No Email',
				name: 'send_no_email',
				type: 'boolean',
				default: false,
				description:
					'Whether to suppress the e-mail that tells the account owner about a new customer (sends send_no_email=true)',
			},
			{
				displayName: 'State',
				name: 'state',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Street 1',
				name: 'street1',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Street 2',
				name: 'street2',
				type: 'string',
				default: '',
			},
		],
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		displayOptions: { show: showFields },
		description:
			'Numbered custom fields (custom_field_##) defined in the account. The value must match the field type: text, a date/time such as 2012.07.28 22:59:59, or comma-separated choices such as Gouda,Emental,Swiss.',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Number',
						name: 'number',
						type: 'number',
						typeOptions: { minValue: 2 },
						default: 2,
						description: 'The ## of custom_field_## (2 or more; 1 is the built-in Custom Field)',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'json',
		required: true,
		default: '{\n  "code": "",\n  "first_name": "",\n  "last_name": "",\n  "email": ""\n}',
		displayOptions: { show: { ...show, inputMode: ['json'] } },
		description:
			"Client Toolbox's customer fields (code, card_number, first_name, custom_field_2, …) as one object; the same rules are checked before sending. Empty values are left out. user_id, the key, account_id, type and customer_action are added by the node.",
	},
];

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
