import type { INodeProperties } from 'n8n-workflow';

import { FieldError } from '../../../shared/errors';
import type { FieldSpec } from '../../../shared/schema';
import { fieldError } from '../../../shared/schema';
import type { V1Shape } from '../../../shared/v1';
import { v1Field } from '../../../shared/v1';
import { describe } from '../../../shared/validate';
import { LOYALTY_MAX_GENERATED_DIGITS, LOYALTY_NEW_CODE_VALUE, LOYALTY_SEND_NO_EMAIL_VALUE } from '../../assumptions';

/**
 * Client Toolbox's customer fields, each declared once, as "Update Customer Information"
 * documents them (docs/vendors/clienttoolbox.md#customer-upsert): the one place in this folder
 * where a field's wire name is written. Create or Update's schema gathers them (in the order of
 * the doc's example); Get and Search name their key and filters by the same fields.
 */

/** Client Toolbox reads an empty value as "not set" (docs/vendors/clienttoolbox.md#customer-upsert). */
export const NOT_SET = 'Client Toolbox reads an empty value as "not set" and documents no way to clear a field';

type Fail = (what: string) => FieldError;

/** A value as form text: text as given, a number as text (expressions give numbers). */
function formText(value: unknown, fail: Fail): string {
	if (typeof value === 'string') return value;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	throw fail('text or a number');
}

/**
 * A documented switch: on sends the documented value, off leaves the field out (Client Toolbox
 * reads any value as on); text is sent as given. `offText`: the text "false" is off too.
 */
function documentedSwitch(on: string, offText: boolean): FieldSpec['check'] {
	return (value, fail) => {
		if (value === true) return on;
		if (value === false || (offText && String(value).toLowerCase() === 'false')) return undefined;
		return formText(value, fail);
	};
}

const field = (spec: FieldSpec): FieldSpec => ({ noEmpty: NOT_SET, ...spec });
/** A text field, as most of them are. */
const text = (path: string, label: string, description: string, more: Partial<FieldSpec> = {}): FieldSpec =>
	field({ path, label, type: 'string', description, ...more });

export const code = text(
	'code',
	'Customer Code',
	"Client Toolbox's ID of the customer: a customer with this code is updated, otherwise one is created",
);
export const newCode = field({
	path: 'new_code',
	label: 'New Code',
	type: 'boolean',
	description: 'Whether to send new_code=Yes (listed without explanation; presumably asks for a freshly generated code)',
	check: documentedSwitch(LOYALTY_NEW_CODE_VALUE, false),
});
export const cardNumber = text(
	'card_number',
	'Card Number',
	'Without a Customer Code, the customer with this card number is updated; on update it replaces the card number',
);
export const cardNumberGenerate: FieldSpec = field({
	path: 'card_number_generate',
	label: 'Generate Card Number (Digits)',
	type: 'integer',
	rule: 'not together with Card Number',
	description: 'Let Client Toolbox generate a random unique card number with this many digits, e.g. 10',
	check: (value, fail) => {
		const text = formText(value, fail);
		const digits = Number(text);
		if (!/^\d+$/.test(text) || digits < 1 || digits > LOYALTY_MAX_GENERATED_DIGITS) {
			throw fieldError(cardNumberGenerate, `must be a number of digits from 1 to ${LOYALTY_MAX_GENERATED_DIGITS}, got ${describe(text)}`);
		}
		return text;
	},
});
export const firstName = text('first_name', 'First Name', "The customer's first name");
export const lastName = text('last_name', 'Last Name', "The customer's last name");
export const phone = text('phone', 'Phone', 'Phone number, e.g. 555-555-2455');
export const email = text('email', 'Email', 'Email address, e.g. name@email.com');
export const customDate: FieldSpec = field({
	path: 'custom_date',
	label: 'Custom Date',
	type: 'date',
	description: 'A date as YYYY-MM-DD, e.g. 1970-07-14',
	check: (value, fail) => checkDate(formText(value, fail)),
});
export const street1 = text('street1', 'Street 1', 'First street line');
export const street2 = text('street2', 'Street 2', 'Second street line');
export const city = text('city', 'City', 'City');
export const state = text('state', 'State', 'State or region');
export const postalCode = text('postal_code', 'Postal Code', 'Postal code');
export const country = text('country', 'Country', 'Country, e.g. NZ');
export const customField = text('custom_field', 'Custom Field', 'The built-in free-text custom field');
export const customerUsername = text('customer_username', 'Customer Username', 'API-only username for custom applications');
export const customerPassword = text(
	'customer_password',
	'Customer Password',
	"The customer's password for customer-facing apps; never shown in output or errors",
	{ secret: true },
);
export const customerPin = text(
	'customer_PIN',
	'Customer PIN',
	'API-only PIN, e.g. for a physical terminal; never shown in output or errors',
	{ secret: true },
);
export const sendNoEmail = field({
	path: 'send_no_email',
	label: 'Send No Email',
	type: 'boolean',
	description: 'Whether to suppress the email that tells the account owner about a new customer',
	// any value suppresses the e-mail, so "false" must mean "leave it out"
	check: documentedSwitch(LOYALTY_SEND_NO_EMAIL_VALUE, true),
});
export const autoAdd = text(
	'auto_add',
	'Auto Add',
	"Points, visits or dollars (or a product or service name) to add to the customer's balance, e.g. 25",
);

/** A version-1 parameter of a customer field (v1.ts); a secret one hides what is typed. */
export function v1CustomerField(field: FieldSpec, shape: V1Shape = {}): INodeProperties {
	return v1Field(field, field.secret ? { typeOptions: { password: true }, ...shape } : shape);
}

/**
 * Customer Info's and Customer Search's balances switch (docs/vendors/clienttoolbox.md#customer-get
 * and #customer-search), sent as assumptions.ts says when on.
 */
export const INCLUDE_BALANCES = 'include_balances';

export function includeBalances(description: string): INodeProperties {
	return { displayName: 'Include Balances', name: INCLUDE_BALANCES, type: 'boolean', default: false, description };
}

/** custom_date: "must be in YYYY-MM-DD format" (docs/vendors/clienttoolbox.md#customer-upsert), and a date that exists. */
function checkDate(value: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	const hint =
		'Client Toolbox only accepts YYYY-MM-DD (such as 1970-07-14). From a date in n8n use {{ $json.date.toDateTime().toFormat("yyyy-MM-dd") }}. Nothing was sent for this item.';
	const refuse = (problem: string) => new FieldError(customDate.path, problem, customDate.label, hint);
	if (!match) throw refuse(`must be a date as YYYY-MM-DD, got ${describe(value)}`);
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw refuse(`is not a real date: ${describe(value)}`);
	}
	return value;
}
