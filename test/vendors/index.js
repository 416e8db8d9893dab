'use strict';
/**
 * The vendor profiles the shared suites iterate (bad input, validate only, secrets, error output,
 * faults, hostile faults, pacing). A fifth vendor = its sandbox module (test/sandbox), one profile
 * file here and one line below; vendor-specific behaviour tests stay in test/<vendor>*.test.js.
 *
 * A profile (see hyfin.js for a complete one) has:
 *
 *  identity         id (the sandbox's vendor name), vendorName (how errors start), format ('json'
 *                   or 'xml': the default reply format), Node, Credential, credentialType
 *  sandbox and      configure(sb), credentialData(sb, extra), secretField + acceptSecret(sb, secret)
 *  credential       (the credential field holding the secret; make the sandbox accept another),
 *                   wrongCredential (fields the sandbox refuses), secrets(sb) (every secret a run
 *                   may handle, issued tokens/sessions included), credentialTestScope (the fault
 *                   scope of n8n's credential Test request); optional: secretInHeader (the secret
 *                   travels in a header: test secrets are ASCII), expireLogin(sb) (login vendors),
 *                   credentialFormFields (form fields n8n adds when applying the credential)
 *  valid parameters params(options) (an upsert whose values all come from the item) and
 *                   item(i, prefix) ({ key, ... }: item i with a distinct key)
 *  the requests     isUpsert(req), isLogin(req), upsertScope and loginScope (fault scopes; loginScope
 *                   null without a login), loginRetried, keyOf(req), recordKeys(sb) (the keys the
 *                   sandbox stored); pathPrefix when the key is the last path segment
 *  replies          malformedFault, problems.badBody / problems.htmlBody (how the node names them),
 *                   successReply(key, extra), errorReply(text) (one-shot sandbox faults)
 *  bad input        fields (one row per parameter, declared with test/helpers/bad-input.js: where
 *                   the hostile value goes, where it is on the wire, what is acceptable there),
 *                   jsonMode { params(jsonBody, options), body, inside, sentAsGiven } (JSON-body
 *                   samples), conditional ([what, the field the error names, parameters]: the
 *                   documented rules between fields); optional customerSecrets (secrets the items
 *                   carry: params(p), names, jsonBodies(pw, pin))
 *  error            echoSecrets(sb) (the vendor repeats what it received in its errors),
 *  provocations     provokeRefusal { configure(sb, items), params?(p) } (a 4xx for the next
 *                   upserts), errorOutput { configure?(sb), parameters, items, refused, invalid }
 *                   (a success, a vendor refusal, a refusal before sending, a success); optional
 *                   bareEcho (the vendor repeats an issued token/session alone), createWithoutKey
 *                   (a create that must not be resent: what, params(options), scope, isRequest,
 *                   createdNames)
 *  lookups          get { field, params(options), lookupOf(upserted result), unknown, isRequest(req) }
 *                   and, for vendors with a search / list call, search { params(prefix, paging,
 *                   options), isRequest(req) }: the look-up contract suite (test/lookups.test.js)
 *  cases            optional { faults, redirects, logins }: tests only this vendor has, run by the
 *                   shared fault suites with a context (sb, the runners, the suite's constants)
 */
const hyfin = require('./hyfin');
const riverty = require('./riverty');
const valomnia = require('./valomnia');
const clienttoolbox = require('./clienttoolbox');

const VENDORS = [hyfin, riverty, valomnia, clienttoolbox];

const byId = Object.fromEntries(VENDORS.map((v) => [v.id, v]));

module.exports = { VENDORS, byId };
