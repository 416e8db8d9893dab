'use strict';
// The hyfin look-up examples (Get, Search): entries of the e2e manifest (see ../manifest.js for
// the fields). `lookupNodes` lists the nodes whose items are Get/Search results; their shape
// (LOOKUP_KEYS) is checked in every run, and they are not counted as added/updated.
module.exports = [];
