'use strict';
// Hyfin's sample requests, copied from Hyfin's pages (docs/vendors/hyfin.md#customer-upsert, #contact-upsert).
const SEED_CUSTOMER = {
	external_id: '39772634',
	first_name: 'John',
	last_name: 'Doe',
	account_name: '',
	mobile_phone: '111-222-3333',
	email: 'johndoe@abc.com',
	notes: "World's best customer",
	active: true,
	notification_options: { notify_phone: true, notify_email: true },
};
const SEED_CONTACT = {
	first_name: 'John',
	last_name: 'Doe',
	display_name: 'John Doe',
	language: 'en',
	emails: [{ label: 'work', address: 'johndoe@abc.com', is_primary: true }],
	phone_numbers: [{ label: 'mobile', number: '333-444-5555', is_primary: true }],
	addresses: [
		{
			label: 'billing',
			is_primary: true,
			address: { address_line1: '123 Main Street', address_line2: 'Suite 123', city: 'Naples', state_code: 'FL', zip_code: '34102' },
		},
	],
};

module.exports = { SEED_CUSTOMER, SEED_CONTACT };
