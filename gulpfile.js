const path = require('path');
const { task, src, dest } = require('gulp');

// Icons are referenced as `file:` paths relative to the compiled node and credential files,
// so they are copied next to them in dist/ (dist/icons for the shared ones).
function copyIcons() {
	return src(['icons/**/*.{png,svg}', 'nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist')));
}

task('build:icons', copyIcons);
