'use strict';
/**
 * The suites that name no typeVersion run the package's nodes at version 1: they are the
 * workflows saved before version 2 existed, and must keep working unchanged. Version 2's suites
 * (test/v2*.test.js) name typeVersion: 2.
 */
require('../harness').setDefaultTypeVersion(1);
