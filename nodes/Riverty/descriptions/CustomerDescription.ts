import type { INodeProperties } from 'n8n-workflow';

/** Customer → Create or Update: PUT {base}/v1/clients/{clientId}/customers/{customerNumber} (seed 003). */
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
			description: 'Create a new customer, or update the current one if it already exists (upsert)',
			action: 'Create or update a customer',
		},
	],
	default: 'upsert',
};

export const customerFields: INodeProperties[] = [
	{
		displayName: 'Customer Number',
		name: 'customerNumber',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
		description:
			'Your own reference for this customer (customerNumber in the URL). A customer with this number is updated; otherwise one is created.',
	},
	{
		displayName: 'Report Added or Updated',
		name: 'reportAction',
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			'Whether to check first (one HEAD request) if the customer exists, so the output says "added" or "updated" instead of "upserted"',
	},
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{ name: 'JSON Body', value: 'json', description: "Send Riverty's request body as JSON" },
		],
		default: 'fields',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		required: true,
		displayOptions: { show: showFields },
		options: [
			{ name: 'Person', value: 'Person' },
			{ name: 'Company', value: 'Company' },
		],
		default: 'Person',
		description: 'The type of the customer',
	},
	{
		displayName: 'Person',
		name: 'person',
		type: 'collection',
		placeholder: 'Add Person Field',
		default: {},
		displayOptions: { show: { ...showFields, type: ['Person'] } },
		description: 'Legal information of the person',
		options: [
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			{
				displayName: 'SSN',
				name: 'ssn',
				type: 'string',
				default: '',
				placeholder: '02016126007',
				description: 'National identity number (social security number); Riverty does not send it back',
			},
		],
	},
	{
		displayName: 'Company',
		name: 'company',
		type: 'collection',
		placeholder: 'Add Company Field',
		default: {},
		displayOptions: { show: { ...showFields, type: ['Company'] } },
		description: 'The organization info of the company',
		options: [
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Company name' },
			{
				displayName: 'Organization Number',
				name: 'organizationNumber',
				type: 'string',
				default: '',
				description: 'Organisation or registration number',
			},
		],
	},
	{
		displayName: 'Address Line',
		name: 'addressLine',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: showFields },
		description: 'First address line: street and number, PO box, or company name (address.addressLine)',
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
				displayName: 'Address Line 2',
				name: 'addressLine2',
				type: 'string',
				default: '',
				description: 'Apartment, suite, unit, building, floor… (address.addressLine2)',
			},
			{
				displayName: 'Address Line 3',
				name: 'addressLine3',
				type: 'string',
				default: '',
				description: 'Third address line (address.addressLine3)',
			},
			{
				displayName: 'Country Code',
				name: 'countryCode',
				type: 'string',
				default: '',
				placeholder: 'NO',
				description: 'Two-letter country code (ISO 3166-1 alpha-2), such as NO or DE (address.countryCode)',
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'The email address of the customer',
			},
			{
				displayName: 'Existing Customer',
				name: 'existingCustomer',
				type: 'boolean',
				default: false,
				description:
					'Whether the customer is already an existing customer of yours. Only for type Person: refused for a Company.',
			},
			{
				displayName: 'Individual Risk Score',
				name: 'individualRiskScore',
				type: 'string',
				default: '',
				description:
					"The customer's individual risk score, as you rate it. Only for type Person: refused for a Company.",
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+4712345678',
				description: 'The phone number of the customer, international format',
			},
			{
				displayName: 'Postal Code',
				name: 'postalCode',
				type: 'string',
				default: '',
				description: 'Zip or postal code (address.postalCode)',
			},
			{
				displayName: 'Postal Place',
				name: 'postalPlace',
				type: 'string',
				default: '',
				description: 'City or place (address.postalPlace)',
			},
		],
	},
	{
		displayName: 'JSON Body',
		name: 'jsonBody',
		type: 'json',
		required: true,
		default:
			'{\n  "type": "Person",\n  "person": { "firstName": "", "lastName": "" },\n  "address": { "addressLine": "", "postalCode": "", "postalPlace": "", "countryCode": "" }\n}',
		displayOptions: { show: { ...show, inputMode: ['json'] } },
		description:
			"Riverty's Create or Update Customer body (without customerNumber, which goes in the URL); the same rules are checked before sending",
	},
];
