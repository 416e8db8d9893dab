'use strict';
/** Vendor replies a profile hands to the sandbox as one-shot faults (they replace the vendor's own). */

/** A reply with this status and JSON body. */
const jsonReply = (status, json) => ({ status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(json) });

/** Text escaped for an XML element or attribute. */
const xmlEscape = (text) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

module.exports = { jsonReply, xmlEscape };
