'use strict';
/**
 * Kept for test files written against it: the vendor table is now one profile per vendor
 * (test/vendors/<vendor>.js, listed in test/vendors/index.js) and the runners are in ./run.js.
 */
const { VENDORS } = require('../vendors');
const { within, sleep, newHelper, runVendor } = require('./run');

module.exports = { VENDORS, within, sleep, newHelper, runVendor };
