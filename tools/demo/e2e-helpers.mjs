// Helpers for test/e2e/*.test.mjs (kept out of test/ so node --test does not run them as tests).
// Node built-ins only.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { createInstance } from '../n8n-instance.mjs';
import { cacheRoot, SUPPORTED_VERSIONS } from '../n8n-runtime.mjs';
import { demoCredential, simulatorModule } from './common.mjs';
import { buildAndPack, REPO_ROOT } from './pack.mjs';

export const SKRIPTFABRIK_SPEC = '@skriptfabrik/n8n-nodes-otto-market@0.2.0';

/** n8n versions under test: all supported, or a comma list in OTTO_E2E_VERSIONS. */
export function versionsUnderTest() {
	const env = (process.env.OTTO_E2E_VERSIONS || '').trim();
	if (!env) return [...SUPPORTED_VERSIONS];
	const list = env.split(',').map((v) => v.trim()).filter(Boolean);
	for (const v of list) {
		if (!SUPPORTED_VERSIONS.includes(v)) throw new Error(`OTTO_E2E_VERSIONS: ${v} is not one of ${SUPPORTED_VERSIONS.join(', ')}`);
	}
	return list;
}

export const log = (line) => process.stderr.write(`# [e2e ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

function newestMtime(paths) {
	let newest = 0;
	const visit = (p) => {
		if (!fs.existsSync(p)) return;
		const st = fs.statSync(p);
		if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
		else newest = Math.max(newest, st.mtimeMs);
	};
	for (const p of paths) visit(p);
	return newest;
}

/**
 * The packed package for the e2e runs (.e2e/pkg/*.tgz), built in a staging folder (the repo's dist/ is
 * not touched). Rebuilt when any source file is newer than the tarball, so the test files of one
 * `npm run test:e2e` share one build.
 */
export async function ensurePackage() {
	const outDir = path.join(REPO_ROOT, '.e2e', 'pkg');
	const sources = ['nodes', 'credentials', 'icons', 'package.json', 'tsconfig.json', 'README.md'].map((p) => path.join(REPO_ROOT, p));
	const existing = fs.existsSync(outDir) ? fs.readdirSync(outDir).find((f) => f.endsWith('.tgz')) : undefined;
	if (existing && fs.statSync(path.join(outDir, existing)).mtimeMs > newestMtime(sources)) {
		return path.join(outDir, existing);
	}
	log('building and packing the package (staged build, dist/ untouched)');
	const r = await buildAndPack({ mode: 'stage', outDir, log });
	log(`packed ${path.basename(r.tarball)}: ${r.files.length} files, ${r.size} bytes, ${r.ms} ms`);
	return r.tarball;
}

/** skriptfabrik's package (same credential name `ottoMarketApi`), fetched once with `npm pack` into the cache. */
export function ensureSkriptfabrikPackage() {
	const dir = path.join(cacheRoot(), 'e2e-packages');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, 'skriptfabrik-n8n-nodes-otto-market-0.2.0.tgz');
	if (fs.existsSync(file)) return file;
	log(`npm pack ${SKRIPTFABRIK_SPEC}`);
	const r = spawnSync('npm', ['pack', SKRIPTFABRIK_SPEC, '--pack-destination', dir, '--silent'], { encoding: 'utf8' });
	if (r.status !== 0 || !fs.existsSync(file)) {
		throw new Error(
			`npm pack ${SKRIPTFABRIK_SPEC} failed (exit ${r.status}): ${r.stderr || r.stdout}\n` +
				'  What to do: check registry access (npm view @skriptfabrik/n8n-nodes-otto-market versions).',
		);
	}
	return file;
}

/**
 * A simulator in this process plus one n8n instance of `version` with the package installed and the
 * demo credential imported. `packages`: extra community packages installed next to ours (first).
 */
export async function setupWorld(version, { packages = [] } = {}) {
	const tarball = await ensurePackage();
	const { startSimulator } = simulatorModule();
	const sim = await startSimulator({ port: 0, logErrors: true });
	const n8n = await createInstance({ version, log });
	// the receipts example writes into n8n's working directory (the user folder); 2.x restricts file access
	n8n.extraEnv.N8N_RESTRICT_FILE_ACCESS_TO = n8n.userFolder;
	for (const p of packages) await n8n.installPackage(p);
	await n8n.installPackage(tarball);
	const credential = demoCredential(sim.url);
	await n8n.importCredentials([credential]);
	return {
		sim,
		n8n,
		credential,
		async dispose() {
			await n8n.dispose().catch(() => {});
			await sim.close().catch(() => {});
		},
	};
}

/** `${method} ${path}` of every logged request, optionally without the token endpoint. */
export function requestLines(sim, { tokens = true } = {}) {
	return sim.requests.filter((r) => tokens || !isTokenRequest(r)).map((r) => `${r.method} ${r.path}`);
}

export const isTokenRequest = (r) => r.method === 'POST' && (r.path === '/oauth2/token' || r.path === '/v1/token');

/** A failed n8n run in words, for assertion messages. */
export function describeRun(run) {
	if (run.ok) return 'ok';
	return `n8n run failed: ${JSON.stringify(run.error)?.slice(0, 1500)}\n${(run.stderr || '').slice(-1500)}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` every `everyMs` until it returns a truthy value or `timeoutMs` passes (then throws `what`). */
export async function waitFor(what, fn, { timeoutMs = 90_000, everyMs = 500 } = {}) {
	const t0 = Date.now();
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
		await sleep(everyMs);
	}
}
