// Build the package and `npm pack` it, for the demo and the e2e tests.
//
//   import { buildAndPack } from './demo/pack.mjs';
//   const { tarball, files, ms } = await buildAndPack({ mode: 'stage', outDir: '.e2e', log });
//
// mode 'npm'   : `npm run build` in the repo (writes dist/), then `npm pack` the repo (what `npm publish` would ship).
// mode 'stage' : compile with the repo's tsconfig into <outDir>/stage/dist (icons copied the way gulpfile.js
//                does), then `npm pack` that folder. Never touches the repo's dist/, so it is safe while
//                other builds run; the tarball has the same layout as the published one.
// Node built-ins only.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function run(cmd, args, { cwd, log = () => {}, label = `${cmd} ${args.join(' ')}` }) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('error', (e) => reject(new Error(`${label}: could not start ${cmd} (${e.message}). Is it on PATH?`)));
		child.on('close', (code) => {
			if (code === 0) return resolve(out);
			log(out);
			reject(
				new Error(
					`${label} failed (exit ${code}):\n    ${out.trim().split('\n').slice(-25).join('\n    ')}\n` +
						'  What to do: fix the errors above (run `npm ci` first if modules are missing), then run again.',
				),
			);
		});
	});
}

/** Files under `dir` matching one of the extensions, relative to REPO_ROOT. */
function walk(dir, exts, acc = []) {
	if (!fs.existsSync(dir)) return acc;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') walk(p, exts, acc);
		} else if (exts.some((e) => entry.name.endsWith(e))) acc.push(path.relative(REPO_ROOT, p));
	}
	return acc;
}

async function npmPack(cwd, outDir, log) {
	fs.mkdirSync(outDir, { recursive: true });
	const out = await run('npm', ['pack', '--json', '--pack-destination', outDir], { cwd, log, label: 'npm pack' });
	const json = JSON.parse(out.slice(out.indexOf('[')));
	return { tarball: path.join(outDir, json[0].filename), files: json[0].files.map((f) => f.path), size: json[0].size };
}

/**
 * @param {{ mode?: 'npm'|'stage', outDir: string, log?: (line: string) => void }} o
 * @returns {Promise<{ tarball: string, files: string[], size: number, ms: number }>}
 */
export async function buildAndPack({ mode = 'stage', outDir, log = () => {} }) {
	const t0 = Date.now();
	outDir = path.resolve(outDir);
	fs.mkdirSync(outDir, { recursive: true });
	for (const f of fs.readdirSync(outDir)) if (f.endsWith('.tgz')) fs.rmSync(path.join(outDir, f));
	if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', 'typescript'))) {
		throw new Error('node_modules is missing.\n  What to do: run `npm ci` in the repository first.');
	}
	if (mode === 'npm') {
		log('building: npm run build');
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT, log });
		log('packing: npm pack');
		return { ...(await npmPack(REPO_ROOT, outDir, log)), ms: Date.now() - t0 };
	}
	const stage = path.join(outDir, 'stage');
	fs.rmSync(stage, { recursive: true, force: true });
	fs.mkdirSync(stage, { recursive: true });
	log(`building: tsc -p tsconfig.json --outDir ${path.relative(REPO_ROOT, stage)}/dist`);
	const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', path.join(stage, 'dist')], {
		cwd: REPO_ROOT,
		log,
		label: 'tsc (package build)',
	});
	// same globs as gulpfile.js (build:icons): icons/**, nodes/**, credentials/** png/svg, base '.'
	for (const rel of [
		...walk(path.join(REPO_ROOT, 'icons'), ['.png', '.svg']),
		...walk(path.join(REPO_ROOT, 'nodes'), ['.png', '.svg']),
		...walk(path.join(REPO_ROOT, 'credentials'), ['.png', '.svg']),
	]) {
		const dest = path.join(stage, 'dist', rel);
		fs.mkdirSync(path.dirname(dest), { recursive: true });
		fs.copyFileSync(path.join(REPO_ROOT, rel), dest);
	}
	for (const f of ['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md']) {
		if (fs.existsSync(path.join(REPO_ROOT, f))) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(stage, f));
	}
	log('packing: npm pack');
	return { ...(await npmPack(stage, outDir, log)), ms: Date.now() - t0 };
}
