import type { INodeProperties } from 'n8n-workflow';

/** Customer → Upsert: POST {base_url}/api/v3.1/site/{site_id}/customer/addUpdate (seed 000). */
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
			{ name: 'JSON Body', value: 'json', description: "Send Hyfin's request body as JSON" },
		],
		default: 'fields',
	},
	{
		displayName: 'External ID',
		name: 'external_id',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: showFields },
		description:
			'Your own unique ID for this customer. A customer with the same External ID is updated; otherwise one is added.',
	},
	{
		displayName: 'First Name',
		name: 'first_name',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: showFields },
	},
	{
		displayName: 'Last Name',
		name: 'last_name',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: showFields },
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
				displayName: 'Account Name',
				name: 'account_name',
				type: 'string',
				default: '',
				description: 'Extra identifier for a business customer, for example a street address or a company name',
			},
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description: 'Whether the customer record is active and can be used',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Required when Notify by Email is on',
			},
			{
				displayName: 'Mobile Phone',
				name: 'mobile_phone',
				type: 'string',
				default: '',
				placeholder: '111-222-3333',
				description: 'Required when Notify by Phone is on',
			},
			{
				displayName: 'Notes',
				name: 'notes',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Internal notes, visible only to the merchant',
			},
			{
				displayName: 'Notification Options',
				name: 'notification_options',
				type: 'fixedCollection',
				default: {},
				description: 'How the customer wants to receive payment requests',
				options: [
					{
						displayName: 'Notification Options',
						name: 'values',
						values: [
							{
								displayName: 'Notify by Email',
								name: 'notify_email',
								type: 'boolean',
								default: false,
								description: 'Whether payment requests are sent by email (needs Email)',
							},
							{
								displayName: 'Notify by Phone',
								name: 'notify_phone',
								type: 'boolean',
								default: false,
								description: 'Whether payment requests are sent by text message (needs Mobile Phone)',
							},
						],
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
		default:
			'{\n  "external_id": "",\n  "first_name": "",\n  "last_name": "",\n  "notification_options": { "notify_phone": false, "notify_email": false }\n}',
		displayOptions: { show: { ...show, inputMode: ['json'] } },
		description: "Hyfin's Add/Update Customer body; the same rules are checked before sending",
	},
];
