'use strict';
/**
 * test/vendors is the one list of vendors: REGISTRY names each vendor once, and everything else
 * (the sandbox, the profiles, the e2e fixtures, the queue scenario, the bench, package.json's
 * `n8n` block, which n8n reads) follows it. The profiles are typed (VendorProfile in
 * test/vendors/index.js) and type-checked here.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { REGISTRY, VENDORS } = require('./vendors');
const { VENDORS: SANDBOX_VENDORS } = require('./sandbox');
const pkg = require('../package.json');

const ROOT = path.join(__dirname, '..');
const exists = (file) => fs.existsSync(path.join(ROOT, file));

describe('the vendor registry (test/vendors)', () => {
	test("package.json's n8n block loads exactly the registered nodes and credentials, in the registry's order", () => {
		expect(pkg.n8n.nodes).toEqual(REGISTRY.map((v) => `dist/nodes/${v.node}/${v.node}.node.js`));
		expect(pkg.n8n.credentials).toEqual(REGISTRY.map((v) => `dist/credentials/${v.credential}.credentials.js`));
	});

	test.each(REGISTRY.map((v) => [v.id, v]))('%s has its node folder, credential, sandbox module and profile', (id, entry) => {
		expect(exists(`nodes/${entry.node}/${entry.node}.node.ts`)).toBe(true);
		expect(exists(`credentials/${entry.credential}.credentials.ts`)).toBe(true);
		expect(exists(`test/sandbox/${id}.js`)).toBe(true);
		expect(exists(`test/vendors/${id}.js`)).toBe(true);
	});

	test('the sandbox serves the registered vendors, and the profiles are theirs', () => {
		expect(SANDBOX_VENDORS.map((v) => v.name)).toEqual(REGISTRY.map((v) => v.id));
		expect(VENDORS.map((v) => ({ id: v.id, vendorName: v.vendorName, credentialType: v.credentialType }))).toEqual(
			REGISTRY.map(({ id, vendorName, credentialType }) => ({ id, vendorName, credentialType })),
		);
		for (const v of VENDORS) expect(new v.Credential().name).toBe(v.credentialType);
	});

	test('every profile has the fields of VendorProfile, with their types (tsc on test/vendors)', () => {
		const tsc = require.resolve('typescript/bin/tsc');
		expect(() => execFileSync(process.execPath, [tsc, '-p', 'test/vendors/tsconfig.json'], { cwd: ROOT, encoding: 'utf8' })).not.toThrow();
	});
});
