import type { INodeProperties } from 'n8n-workflow';

/** Contact → Upsert: POST {base_url}/api/v4/site/{site_id}/contact/addUpdate (seed 001). */
const show = { resource: ['contact'], operation: ['upsert'] };
const showFields = { ...show, inputMode: ['fields'] };

const labelSuggestion = (examples: string) =>
	`Free text; Hyfin's examples use ${examples}. The allowed values are not documented.`;

export const contactOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['contact'] } },
	options: [
		{
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: 'Create or update a contact',
		},
	],
	default: 'upsert',
};

export const contactFields: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{ name: 'JSON Body', value: 'json', description: "Send Hyfin's request body as JSON" },
		],
		default: 'fields',
	},
	{
		displayName: 'Contact ID',
		name: '_id',
		type: 'string',
		default: '',
		displayOptions: { show: showFields },
		description:
			"Hyfin's ID of the contact to update (the _id of an earlier result). Leave empty to add a new contact: sending the same data twice without an ID adds two contacts.",
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
				displayName: 'Display Name',
				name: 'display_name',
				type: 'string',
				default: '',
				description: 'Shown for the contact; Hyfin uses "first last" when empty',
			},
			{
				displayName: 'First Name',
				name: 'first_name',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: 'en',
				placeholder: 'en',
				description: 'Preferred language as an ISO 639-1 code (two letters, such as en, fr, es)',
			},
			{
				displayName: 'Last Name',
				name: 'last_name',
				type: 'string',
				default: '',
			},
		],
	},
	{
		displayName: 'Emails',
		name: 'emails',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Email',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{
				displayName: 'Email',
				name: 'email',
				values: [
					{
						displayName: 'Address',
						name: 'address',
						type: 'string',
						placeholder: 'name@email.com',
						default: '',
					},
					{
						displayName: 'Is Primary',
						name: 'is_primary',
						type: 'boolean',
						default: false,
						description: 'Whether this is the primary email address',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: 'work',
						description: labelSuggestion('"work"'),
					},
				],
			},
		],
	},
	{
		displayName: 'Phone Numbers',
		name: 'phone_numbers',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Phone Number',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{
				displayName: 'Phone Number',
				name: 'phone_number',
				values: [
					{
						displayName: 'Is Primary',
						name: 'is_primary',
						type: 'boolean',
						default: false,
						description: 'Whether this is the primary phone number',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: 'mobile',
						description: labelSuggestion('"mobile"'),
					},
					{
						displayName: 'Number',
						name: 'number',
						type: 'string',
						placeholder: '333-444-5555',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Addresses',
		name: 'addresses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Address',
		default: {},
		displayOptions: { show: showFields },
		options: [
			{
				displayName: 'Address',
				name: 'address',
				values: [
					{
						displayName: 'Address Line 1',
						name: 'address_line1',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Address Line 2',
						name: 'address_line2',
						type: 'string',
						default: '',
					},
					{
						displayName: 'City',
						name: 'city',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Is Primary',
						name: 'is_primary',
						type: 'boolean',
						default: false,
						description: 'Whether this is the primary address',
					},
					{
						displayName: 'Label',
						name: 'label',
						type: 'string',
						default: 'billing',
						description: labelSuggestion('"billing"'),
					},
					{
						displayName: 'State Code',
						name: 'state_code',
						type: 'string',
						default: '',
						placeholder: 'FL',
					},
					{
						displayName: 'Zip Code',
						name: 'zip_code',
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
		default: '{\n  "first_name": "",\n  "last_name": "",\n  "language": "en",\n  "emails": []\n}',
		displayOptions: { show: { ...show, inputMode: ['json'] } },
		description: "Hyfin's Add/Update Contact body (with _id to update); the same rules are checked before sending",
	},
];
