import type { INodeProperties } from 'n8n-workflow';

/**
 * Customer → Upsert: POST https://BASE_URL/api/VERSION/customers/reference/{id} (seed 002).
 * Field names are Valomnia's own form parameter names.
 */
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

const billingFields: INodeProperties[] = [
	{
		displayName: 'Billing Address',
		name: 'billingAddress',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Billing City',
		name: 'billingCity',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Billing Country',
		name: 'billingCountry',
		type: 'string',
		default: '',
		placeholder: 'FR',
		description: 'ISO country code or country name, such as FR or France',
	},
	{
		displayName: 'Billing Latitude',
		name: 'billingLat',
		type: 'number',
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Billing Longitude',
		name: 'billingLng',
		type: 'number',
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Billing Postal Code',
		name: 'billingPostalCode',
		type: 'string',
		default: '',
	},
];

const shippingFields: INodeProperties[] = [
	{
		displayName: 'Address',
		name: 'address',
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
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: '',
		placeholder: 'FR',
		description: 'ISO country code or country name, such as FR or France',
	},
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 7 },
		default: 0,
	},
	{
		displayName: 'Postal Code',
		name: 'postalCode',
		type: 'string',
		default: '',
	},
];

export const customerFields: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{ name: 'JSON Body', value: 'json', description: "Give Valomnia's form parameters as one JSON object" },
		],
		default: 'fields',
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
		description:
			'Your unique reference for this customer (the last part of the URL). A customer with this reference is updated; otherwise one is added.',
	},
	{
		displayName: 'Name',
		name: 'name',
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
				displayName: 'Barcode',
				name: 'barcode',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Bill With Parent',
				name: 'billWithParent',
				type: 'boolean',
				default: false,
				description: 'Whether the parent customer is billed for this sub-customer',
			},
			{
				displayName: 'Billing Address',
				name: 'billing',
				type: 'collection',
				placeholder: 'Add Billing Field',
				default: {},
				options: billingFields,
			},
			{
				displayName: 'Comment',
				name: 'comment',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
			},
			{
				displayName: 'Company Registration Number',
				name: 'companyRegistrationNumber',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Credit Limit',
				name: 'creditLimit',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'EUR',
				description: "ISO code of a currency configured in Valomnia. Empty: the organisation's currency.",
			},
			{
				displayName: 'Customer Category Name or ID',
				name: 'categoryId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCustomerCategories' },
				default: '',
				description:
					'Empty: the root customer category. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Customer Segmentation Name or ID',
				name: 'customerSegmentationId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCustomerSegmentations' },
				default: '',
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
			},
			{
				displayName: 'Due Date Days',
				name: 'dueDateConfigNumber',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 30,
				description: 'Number of days before an invoice is due. Required when Due Date Type is set.',
			},
			{
				displayName: 'Due Date Type',
				name: 'dueDateConfigType',
				type: 'options',
				options: [
					{ name: 'After the Invoice Date', value: '1' },
					{ name: 'After the End of the Invoice Month', value: '2' },
				],
				default: '1',
				description: 'What the Due Date Days count from. Needs Due Date Days.',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
			},
			{
				displayName: 'Fax',
				name: 'fax',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Image File (Binary Property)',
				name: 'imageFile',
				type: 'string',
				default: 'data',
				description:
					'Name of the input binary property holding the customer image (jpg, gif, png or bmp, at most 2 MB). It is sent as multipart/form-data.',
			},
			{
				displayName: 'Is Active',
				name: 'isActive',
				type: 'boolean',
				default: true,
				description: 'Whether the customer is active',
			},
			{
				displayName: 'Is Sub-Customer',
				name: 'isSubCustomer',
				type: 'boolean',
				default: false,
				description: 'Whether the customer belongs to a parent customer (then Parent Customer ID is required)',
			},
			{
				displayName: 'Mobile',
				name: 'mobile',
				type: 'string',
				default: '',
			},
			{
				displayName: 'On Hold',
				name: 'onHold',
				type: 'boolean',
				default: false,
				description: 'Whether the customer is on hold',
			},
			{
				displayName: 'On Hold Reason',
				name: 'onHoldReason',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Parent Customer ID',
				name: 'parentCustomerId',
				type: 'string',
				default: '',
				description: 'Valomnia ID of the parent customer. Required when Is Sub-Customer is on.',
			},
			{
				displayName: 'Payment Type Names or IDs',
				name: 'paymentTypes',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getPaymentTypes' },
				default: [],
				description: 'Payment types accepted from this customer. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Region Name or ID',
				name: 'regionId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getRegions' },
				default: '',
				description:
					'Used only when geographical locations are on in Valomnia; at the configured level of the organisation or below. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Same Shipping Address',
				name: 'isSameAddress',
				type: 'boolean',
				default: true,
				description: 'Whether the shipping address is the same as the billing address',
			},
			{
				displayName: 'Shipping Address',
				name: 'shipping',
				type: 'collection',
				placeholder: 'Add Shipping Field',
				default: {},
				description: 'Where the customer is delivered; see also Same Shipping Address',
				options: shippingFields,
			},
			{
				displayName: 'Tax Number',
				name: 'taxNumber',
				type: 'string',
				default: '',
				description: 'Tax or VAT number',
			},
			{
				displayName: 'User ID',
				name: 'userId',
				type: 'string',
				default: '',
				description: 'ID of the Valomnia user recorded as the creator of the customer',
			},
			{
				displayName: 'Website',
				name: 'website',
				type: 'string',
				default: '',
			},
		],
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'json',
		required: true,
		default: '{\n  "name": "",\n  "isActive": true\n}',
		displayOptions: { show: { ...show, inputMode: ['json'] } },
		description:
			"Valomnia's upsert parameters as one object, with Valomnia's names (name, categoryId, paymentTypes: [7, 8] …); the same rules are checked before sending",
	},
	{
		displayName: 'Image File (Binary Property)',
		name: 'jsonImageFile',
		type: 'string',
		default: '',
		displayOptions: { show: { ...show, inputMode: ['json'] } },
		description:
			'Optional: name of the input binary property holding the customer image (jpg, gif, png or bmp, at most 2 MB)',
	},
];
