// n8n in queue mode for the queue-mode test (test/queue/): Redis and Postgres from the Debian packages,
// started on free loopback ports in a temporary folder, and n8n main + workers, each with its own user
// folder and this package installed there the community-package way (tools/n8n-instance.mjs).
//
//   import { createQueueStack } from './queue-stack.mjs';
//   const stack = await createQueueStack({ version: '2.41.1', workers: 2, tarball, log });
//   await stack.importCredentials([...]); await stack.importWorkflows([...]);  // CLI on main, before start
//   await stack.start();                                  // main + every worker
//   await stack.stopWorker(0); await stack.startWorker(0); await stack.restartMain();
//   stack.ranOn()      -> Map(executionId -> worker name) from "Worker started execution N" in worker logs
//   await stack.sql('select ...')  -> rows (arrays of strings), psql against the stack's Postgres
//   await stack.dispose();         // stops every process (also on failure) and removes the temp folder
//
// Every process is killed with SIGKILL when this Node process exits (also on SIGINT, SIGTERM, SIGHUP).
// Postgres refuses to run as root: as root, initdb and postgres run as `nobody`.
// Node built-ins only. Binaries: OTTO_PG_BIN (folder with initdb/postgres), OTTO_REDIS_SERVER.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { fileURLToPath } from 'node:url';

import { createInstance, freePort, randomId } from './n8n-instance.mjs';

const HOSTNAME_PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'queue-hostname.cjs');
/** Env that gives one n8n process its own host name (and so its own n8n host id), as its own container would. */
const hostEnv = (name) => ({
	OTTO_QUEUE_HOSTNAME: `otto-queue-${name}`,
	NODE_OPTIONS: `${process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : ''}--require=${HOSTNAME_PRELOAD}`,
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Finished jobs Redis keeps (N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED/FAILED): more than finish in Bull's 5-s recheck. */
export const QUEUE_KEEP_LAST = 1000;

const children = new Set();
function killChildren() {
	for (const child of children) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {}
		try {
			child.kill('SIGKILL');
		} catch {}
	}
}
process.on('exit', killChildren);

/**
 * A reaper outside this process: it gets the process group of every server we start on its stdin and,
 * when that pipe closes (this process ended, even by SIGKILL or a test runner's timeout), sends each group
 * still registered SIGTERM and, 5 s later, SIGKILL. Groups that ended normally are unregistered (`-pgid`).
 */
const REAPER = `
const groups = new Set();
let buffer = '';
process.stdin.on('data', (d) => {
	buffer += d;
	let i;
	while ((i = buffer.indexOf('\\n')) >= 0) {
		const line = buffer.slice(0, i).trim();
		buffer = buffer.slice(i + 1);
		if (line.startsWith('-')) groups.delete(line.slice(1));
		else if (line) groups.add(line);
	}
});
process.stdin.on('end', () => {
	const alive = [...groups].filter((g) => { try { process.kill(-Number(g), 'SIGTERM'); return true; } catch { return false; } });
	if (!alive.length) process.exit(0);
	setTimeout(() => {
		for (const g of alive) { try { process.kill(-Number(g), 'SIGKILL'); } catch {} }
		process.exit(0);
	}, 5000);
});
`;
let reaper;
function reap(child, on = true) {
	if (!child?.pid) return;
	if (!reaper) {
		reaper = spawn(process.execPath, ['-e', REAPER], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
		reaper.unref();
		reaper.stdin.on('error', () => {});
		// the pipe must not keep this process alive
		reaper.stdin._handle?.unref?.();
	}
	try {
		reaper.stdin.write(`${on ? '' : '-'}${child.pid}\n`);
	} catch {}
}

/** Track a server's process group: killed with this process (exit, signals) and by the reaper. */
function track(child) {
	if (!child) return;
	children.add(child);
	reap(child);
	child.once('exit', () => {
		children.delete(child);
		// the group may still hold children (task runners, Postgres backends): the group goes when they do
		try {
			process.kill(-child.pid, 0);
		} catch {
			reap(child, false);
		}
	});
}
const tempDirs = new Set();
// a signal ends the process without 'exit': take the servers down first, then their temp folders
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(signal, () => {
		killChildren();
		if (!process.env.OTTO_E2E_KEEP) {
			for (const dir of tempDirs) {
				try {
					fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
				} catch {}
			}
		}
		process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
	});
}

/** The Postgres binaries folder: OTTO_PG_BIN, else the newest /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir() {
	if (process.env.OTTO_PG_BIN) return process.env.OTTO_PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!majors.length) {
		throw new Error(
			'Postgres is not installed (no /usr/lib/postgresql/<version>/bin/postgres).\n' +
				'  What to do: apt-get install postgresql (or set OTTO_PG_BIN to a folder with initdb and postgres).',
		);
	}
	return path.join(root, majors[0], 'bin');
}

export function redisServerBin() {
	const bin = process.env.OTTO_REDIS_SERVER || '/usr/bin/redis-server';
	if (!fs.existsSync(bin)) {
		throw new Error(`redis-server not found at ${bin}.\n  What to do: apt-get install redis-server (or set OTTO_REDIS_SERVER).`);
	}
	return bin;
}

/** uid/gid to run Postgres with: the current user, or `nobody` when we are root. */
function postgresUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/** Spawn a long-running process in its own group; collects output; rejects `ready` if it exits first. */
function daemon(name, cmd, args, { env = process.env, cwd, uid, gid, readyLine, timeoutMs = 60_000, echo } = {}) {
	const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(uid !== undefined ? { uid, gid } : {}) });
	track(child);
	const proc = { name, child, logs: '', exited: null };
	proc.exit = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			proc.exited = { code, signal };
			resolve(proc.exited);
		}),
	);
	child.on('error', (e) => {
		proc.logs += `\n[spawn error] ${e.message}\n`;
	});
	const onData = (d) => {
		proc.logs += d;
		if (echo) process.stderr.write(d.toString().replace(/^(?=.)/gm, `[${name}] `));
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	proc.ready = (async () => {
		const t0 = Date.now();
		for (let i = 0; ; i++) {
			if (readyLine.test(proc.logs)) return proc;
			if (proc.exited) throw new Error(`${name} exited during start (${JSON.stringify(proc.exited)}):\n    ${tail(proc.logs)}`);
			if (Date.now() - t0 > timeoutMs) throw new Error(`${name} not ready after ${timeoutMs / 1000} s:\n    ${tail(proc.logs)}`);
			await sleep(100);
		}
	})();
	return proc;
}

/** Stop a daemon: `signal`, then SIGKILL to its group after timeoutMs. */
async function stopDaemon(proc, { signal = 'SIGTERM', timeoutMs = 20_000 } = {}) {
	if (!proc || proc.exited) return;
	try {
		process.kill(proc.child.pid, signal);
	} catch {}
	const timedOut = await Promise.race([proc.exit.then(() => false), sleep(timeoutMs).then(() => true)]);
	try {
		process.kill(-proc.child.pid, 'SIGKILL');
	} catch {}
	if (timedOut) await proc.exit;
}

const tail = (text, n = 25) => String(text).trim().split('\n').slice(-n).join('\n    ');

/** redis-server on 127.0.0.1:<free port>, no persistence, working dir `dir`. */
export async function startRedis({ dir, echo } = {}) {
	const port = await freePort();
	fs.mkdirSync(dir, { recursive: true });
	const proc = daemon(
		'redis',
		redisServerBin(),
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
		{ readyLine: /Ready to accept connections/, echo },
	);
	await proc.ready;
	return { port, proc, stop: () => stopDaemon(proc) };
}

/**
 * A throwaway Postgres cluster in `dir` (initdb, trust auth, user `postgres`), listening on 127.0.0.1:<free port>
 * only (its unix socket in `dir` too). Durability off (fsync, synchronous_commit): test data only.
 */
export async function startPostgres({ dir, echo } = {}) {
	const bin = postgresBinDir();
	const user = postgresUser();
	fs.mkdirSync(dir, { recursive: true });
	if (user.uid !== undefined) {
		fs.chownSync(dir, user.uid, user.gid);
		// `nobody` must be able to reach `dir`: let everyone traverse (not list) its parent, a temp folder of ours
		const parent = path.dirname(dir);
		fs.chmodSync(parent, fs.statSync(parent).mode | 0o111);
	}
	const data = path.join(dir, 'data');
	const version = execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
	const init = daemon(
		'initdb',
		path.join(bin, 'initdb'),
		['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C'],
		{ cwd: dir, ...user, readyLine: /$^/, timeoutMs: 120_000, echo },
	);
	init.ready.catch(() => {}); // initdb is a command, not a daemon: we wait for its exit below
	const done = await Promise.race([init.exit, sleep(120_000).then(() => null)]);
	if (!done || done.code !== 0) {
		await stopDaemon(init, { signal: 'SIGKILL', timeoutMs: 1000 });
		throw new Error(`initdb failed (${JSON.stringify(done)}):\n    ${tail(init.logs)}`);
	}
	const port = await freePort();
	const proc = daemon(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D', data,
			'-p', String(port),
			'-k', dir,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=100',
		],
		{ cwd: dir, ...user, readyLine: /database system is ready to accept connections/, echo },
	);
	await proc.ready;
	const psql = fs.existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : 'psql';
	return {
		port,
		proc,
		version,
		/** Rows of `query` (each an array of column strings), via psql. */
		sql(query) {
			const out = execFileSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query], {
				encoding: 'utf8',
				timeout: 30_000,
				env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
			});
			return out.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
		},
		// SIGINT = Postgres "fast" shutdown (SIGTERM would wait for n8n's pooled connections)
		stop: () => stopDaemon(proc, { signal: 'SIGINT' }),
	};
}

/**
 * Redis + Postgres + n8n main + `workers` workers (not started: import first, then start()).
 * Every n8n process has its own user folder with the package installed from `tarball`.
 */
export async function createQueueStack({ version, workers = 2, tarball, log = () => {}, env = {}, concurrency = 10, echo = process.env.OTTO_E2E_ECHO === '1' } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otto-queue-'));
	tempDirs.add(dir);
	const stack = { dir, redis: undefined, postgres: undefined, main: undefined, workers: [], timings: {} };
	const t0 = Date.now();
	try {
		const [redis, postgres] = await Promise.all([startRedis({ dir: path.join(dir, 'redis'), echo }), startPostgres({ dir: path.join(dir, 'pg'), echo })]);
		stack.redis = redis;
		stack.postgres = postgres;
		stack.timings.servicesMs = Date.now() - t0;
		log(`redis on 127.0.0.1:${redis.port}, ${postgres.version} on 127.0.0.1:${postgres.port} (${stack.timings.servicesMs} ms)`);
		const shared = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			DB_POSTGRESDB_DATABASE: 'postgres',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			// Keep finished jobs in Redis a while (n8n's default: removed at once). main waits for a job with
			// Bull's job.finished(), which misses a job that finished before main started waiting, and whose
			// 5-s recheck never finds a removed job: main never answers that webhook call (README, Compatibility).
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: String(QUEUE_KEEP_LAST),
			N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: String(QUEUE_KEEP_LAST),
			...env,
		};
		stack.main = await createInstance({ version, userFolder: path.join(dir, 'main'), env: { ...shared, ...hostEnv('main') }, echo, log });
		// every n8n process of main (server and CLI imports) ends with this process
		stack.main.onSpawn = track;
		await stack.main.installPackage(tarball);
		for (let i = 0; i < workers; i++) {
			const inst = await createInstance({ version, userFolder: path.join(dir, `worker${i + 1}`), env: { ...shared, ...hostEnv(`worker${i + 1}`) }, echo, log });
			inst.onSpawn = track;
			await inst.installPackage(tarball);
			stack.workers.push({ name: `worker${i + 1}`, inst, proc: undefined, logs: '', starts: 0 });
		}
	} catch (error) {
		await disposeStack(stack);
		throw error;
	}

	Object.assign(stack, {
		/** `n8n import:credentials` on main (also runs the Postgres migrations the first time). */
		importCredentials: (creds) => stack.main.importCredentials(creds),
		/** `n8n import:workflow --separate`: one CLI call for all workflows (imported inactive). Returns the ids. */
		async importWorkflows(workflows) {
			const folder = path.join(dir, `import-${randomId(6)}`);
			fs.mkdirSync(folder);
			const ids = workflows.map((wf, i) => {
				const full = {
					settings: { executionOrder: 'v1' },
					connections: {},
					pinData: {},
					...wf,
					id: wf.id || randomId(),
					nodes: wf.nodes.map((n) => ({ id: n.id || randomId(), parameters: {}, ...n })),
					active: false,
				};
				fs.writeFileSync(path.join(folder, `${i}.json`), JSON.stringify(full, null, 2));
				return full.id;
			});
			await stack.main._cliOk(['import:workflow', '--separate', `--input=${folder}`], 'import:workflow');
			return ids;
		},
		/**
		 * Publish workflows through main's REST API (main must be running; sets up the owner the first time).
		 * `import:workflow --activeState=fromJson` cannot: its CLI user may not activate before an owner exists.
		 */
		async activate(ids) {
			if (!stack.main.cookie) await stack.main.setupOwner();
			for (const id of ids) {
				const wf = await stack.main.restApi(`/rest/workflows/${id}`);
				const res = await stack.main.restApi(`/rest/workflows/${id}/activate`, { method: 'POST', body: { versionId: wf.data.versionId } });
				if (!res.data?.activeVersionId && res.data?.active !== true) throw new Error(`workflow ${id} not active after activation: ${JSON.stringify(res.data).slice(0, 300)}`);
			}
		},
		/** Logs of every process: { main, worker1, ..., redis, postgres }. */
		logs() {
			return {
				main: stack.main?.logs ?? '',
				...Object.fromEntries(stack.workers.map((w) => [w.name, w.logs])),
				redis: stack.redis?.proc.logs ?? '',
				postgres: stack.postgres?.proc.logs ?? '',
			};
		},
		async startMain() {
			const t = Date.now();
			await stack.main.start(); // tracked from its spawn (onSpawn)
			log(`main ready in ${Date.now() - t} ms`);
		},
		stopMain: () => stack.main.stop(),
		async restartMain() {
			await stack.main.stop();
			await stack.startMain();
		},
		async startWorker(i) {
			const w = stack.workers[i];
			if (w.proc && !w.proc.exited) throw new Error(`${w.name} is already running`);
			const t = Date.now();
			w.proc = daemon(w.name, w.inst.runtime.nodeBin, [w.inst.runtime.n8nBin, 'worker', `--concurrency=${concurrency}`], {
				cwd: w.inst.userFolder,
				env: w.inst.envFor(),
				readyLine: /n8n worker is now ready/,
				timeoutMs: 240_000,
				echo,
			});
			w.starts++;
			// keep the logs of every run of this worker in one string
			const proc = w.proc;
			proc.child.stdout.on('data', (d) => (w.logs += d));
			proc.child.stderr.on('data', (d) => (w.logs += d));
			try {
				await proc.ready;
			} catch (error) {
				await stopDaemon(proc, { signal: 'SIGKILL', timeoutMs: 1000 });
				throw error;
			}
			log(`${w.name} ready in ${Date.now() - t} ms`);
		},
		async stopWorker(i) {
			await stopDaemon(stack.workers[i].proc, { signal: 'SIGTERM', timeoutMs: 30_000 });
		},
		async start() {
			// all at once (the database is migrated by the imports before); jobs wait in Redis for a worker
			await Promise.all([...stack.workers.map((_, i) => stack.startWorker(i)), stack.startMain()]);
		},
		/** executionId -> worker name, from "Worker started execution <id>" in the worker logs. Throws if one id is on two workers. */
		ranOn() {
			const map = new Map();
			for (const w of stack.workers) {
				for (const m of w.logs.matchAll(/Worker started execution (\d+)/g)) {
					if (map.has(m[1]) && map.get(m[1]) !== w.name) throw new Error(`execution ${m[1]} started on ${map.get(m[1])} and ${w.name}`);
					map.set(m[1], w.name);
				}
			}
			return map;
		},
		sql: (query) => stack.postgres.sql(query),
		dispose: () => disposeStack(stack),
	});
	return stack;
}

async function disposeStack(stack) {
	const errors = [];
	const attempt = async (fn) => {
		try {
			await fn();
		} catch (e) {
			errors.push(e);
		}
	};
	await Promise.all([
		attempt(() => stack.main?.stop()),
		...stack.workers.map((w) => attempt(() => stopDaemon(w.proc, { timeoutMs: 15_000 }))),
	]);
	await attempt(() => stack.postgres?.stop());
	await attempt(() => stack.redis?.stop());
	if (!process.env.OTTO_E2E_KEEP) fs.rmSync(stack.dir, { recursive: true, force: true });
	tempDirs.delete(stack.dir);
	if (errors.length) throw errors[0];
}
