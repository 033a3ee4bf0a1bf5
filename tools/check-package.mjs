#!/usr/bin/env node
// Checks the package the way npm users and n8n's verification see it:
// 1. `npm pack` holds only what n8n needs (dist with nodes, credentials, icons, codex files;
//    README, LICENSE, CHANGELOG, package.json): no tests, no simulator, no tools, no source maps.
// 2. The rules of @n8n/scan-community-package run on the source (package.json,
//    nodes/ and credentials/) and on the packed tarball, without inline disables: zero findings.
// Prints a summary; `--json` prints it as JSON. Exit 1 on any problem. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const asJson = process.argv.includes('--json');

const ALLOWED = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE\.md$/,
	/^CHANGELOG\.md$/,
	/^dist\/credentials\/[A-Za-z0-9]+\.credentials\.js$/,
	/^index\.js$/,
	/^dist\/nodes\/[A-Za-z0-9]+\/[A-Za-z0-9]+\.node\.(js|json)$/,
	/^dist\/nodes\/OttoMarket[A-Za-z0-9]+\/[A-Za-z0-9]+\.js$/,
	/^dist\/nodes\/[A-Za-z0-9]+\/(actions|methods)\/([A-Za-z0-9]+\/)?[A-Za-z0-9.]+\.js$/,
	/^dist\/nodes\/shared\/[A-Za-z0-9]+\.js$/,
	/^dist\/icons\/[a-z0-9.]+\.svg$/,
];

function fail(message) {
	if (asJson) console.log(JSON.stringify({ ok: false, error: message }));
	else console.error(`check-package: ${message}`);
	process.exit(1);
}

if (!existsSync(join(root, 'dist'))) fail('dist/ is missing: run `npm run build` first.');

const work = mkdtempSync(join(tmpdir(), 'otto-pack-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	)[0];
	const files = packed.files.map((file) => file.path).sort();
	const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
	const required = [
		'package.json',
		'README.md',
		'LICENSE.md',
		'dist/icons/otto.svg',
		'dist/icons/otto.dark.svg',
		'dist/credentials/OttoMarketApi.credentials.js',
		'dist/credentials/OttoMarketOAuth2Api.credentials.js',
	];
	const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' }));
	for (const node of pkg.n8n.nodes) required.push(node, node.replace(/\.js$/, '.json'));
	const missing = required.filter((file) => !files.includes(file));

	const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')));
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', work]);

	// eslint-plugin-n8n-nodes-base treats NODE_ENV=test (set by jest) as its own test run and then
	// judges every file as a trigger node named Test.node.ts: scan as n8n's verification does.
	delete process.env.NODE_ENV;
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const source = await scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS);
	const tarballScan = await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']);

	const summary = {
		ok: unexpected.length === 0 && missing.length === 0 && source.passed && tarballScan.passed,
		name: packed.name,
		version: packed.version,
		files: files.length,
		packedBytes: packed.size,
		unpackedBytes: packed.unpackedSize,
		unexpected,
		missing,
		scanSource: source.passed ? 'passed' : source.message,
		scanTarball: tarballScan.passed ? 'passed' : tarballScan.message,
	};
	if (asJson) {
		console.log(JSON.stringify({ ...summary, fileList: files }));
	} else {
		console.log(`${packed.name}@${packed.version}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked`);
		for (const file of unexpected) console.log(`  not allowed in the tarball: ${file}`);
		for (const file of missing) console.log(`  missing from the tarball: ${file}`);
		console.log(`  scan of the source (package.json, nodes/, credentials/): ${summary.scanSource}`);
		console.log(`  scan of the tarball (**/*.js, package.json): ${summary.scanTarball}`);
	}
	if (!source.passed && source.details) console.error(source.details);
	if (!tarballScan.passed && tarballScan.details) console.error(tarballScan.details);
	process.exit(summary.ok ? 0 : 1);
} finally {
	rmSync(work, { recursive: true, force: true });
}
