// One lint, two rule sets (`npm run lint`, and what `n8n-node lint` runs):
// - n8n's official community-node configuration from @n8n/node-cli, in its non-Cloud form
//   (`configWithoutCloudSupport`: @n8n/eslint-plugin-community-nodes' recommendedWithoutN8nCloudSupport,
//   ESLint's and typescript-eslint's recommended rules, import-x). Not the Cloud form: the package has
//   runtime dependencies by design (README, "Install").
// - eslint-plugin-n8n-nodes-base's community, credentials and nodes rules. The official configuration
//   already applies them, from the copy @n8n/node-cli bundles; this package's own devDependency (the
//   same rules, a newer release) is put in its place.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

let swapped = 0;
const official = configWithoutCloudSupport.map((block) => {
	if (!block.plugins?.['n8n-nodes-base']) return block;
	swapped += 1;
	return { ...block, plugins: { ...block.plugins, 'n8n-nodes-base': n8nNodesBase } };
});
if (swapped !== 1) throw new Error(`eslint.config.mjs: expected one block registering n8n-nodes-base in @n8n/node-cli's config, found ${swapped}`);

export default [
	{ ignores: ['dist/**', 'test/**', 'scripts/**', 'bench/**', 'test-output/**', '*.js', '*.mjs'] },
	...official,
	{
		files: ['package.json'],
		rules: {
			// design-mandated: fast-xml-parser (Client Toolbox's XML replies) and form-data (Valomnia's
			// multipart image upload) are the package's two runtime dependencies (README, "Lint")
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
];
