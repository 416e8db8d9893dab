const fs = require('fs');
const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles the TypeScript; icons (and nothing else) are copied beside the built files,
// where n8n looks for the `icon: 'file:…'` of each node and credential (light and dark: x.svg, x.dark.svg).
task('build:icons', copyIcons);

// `npm run build` starts from an empty dist/: nothing left from an earlier build ends up in the npm tarball.
task('clean', async () => fs.promises.rm(path.resolve('dist'), { recursive: true, force: true }));

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	return src(credSource, { encoding: false }).pipe(dest(credDestination));
}
