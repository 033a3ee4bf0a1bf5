// Harness for one isolated, offline real n8n (CLI commands + a running server), for e2e tests and the demo.
//
//   import { createInstance } from './n8n-instance.mjs';
//   const n8n = await createInstance({ version: '2.41.1' });
//   await n8n.installPackage('.e2e/n8n-nodes-otto-market-0.1.0.tgz');
//   await n8n.importCredentials([{ name: 'OTTO', type: 'ottoMarketApi', data: { ... } }]);
//   const id = await n8n.importWorkflow(workflowJson);
//   const run = await n8n.execute(id);            // { ok, data, error, nodeOutput(name) , ... }
//   await n8n.start(); ...; await n8n.stop();
//   await n8n.dispose();                         // stop + remove the temp user folder
//
// Plain Node ESM, Node built-ins only (plus the system `tar` for installPackage). See tools/README.md.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ensureRuntime } from './n8n-runtime.mjs';

export const PACKAGE_NAME = 'n8n-nodes-otto-market';
export const TEST_ENCRYPTION_KEY = 'otto-e2e-test-encryption-key-0123456789';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const major = (v) => Number(String(v).split('.')[0]);

/** A free TCP port on 127.0.0.1 (bind to 0, read, close). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** n8n-style random id (16 alphanumerics), used for workflow and credential ids. */
export function randomId(len = 16) {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(len);
	let s = '';
	for (let i = 0; i < len; i++) s += abc[bytes[i] % abc.length];
	return s;
}

/**
 * Parse JSON printed by a CLI after arbitrary log lines: tries every line that starts with `{` or `[`
 * (from the first), taking the text up to the last matching closing bracket.
 */
export function parseJsonFromOutput(text) {
	const lines = text.split('\n');
	let offset = 0;
	const starts = [];
	for (const line of lines) {
		const t = line.trimStart();
		if (t.startsWith('{') || t.startsWith('[')) starts.push(offset + (line.length - t.length));
		offset += line.length + 1;
	}
	for (const s of starts) {
		const open = text[s];
		const close = open === '{' ? '}' : ']';
		let end = text.lastIndexOf(close);
		while (end > s) {
			try {
				return JSON.parse(text.slice(s, end + 1));
			} catch {
				end = text.lastIndexOf(close, end - 1);
			}
		}
	}
	return undefined;
}

class N8nInstance {
	constructor(opts) {
		Object.assign(this, opts);
		this.logs = ''; // stdout+stderr of the server process (all start() calls) and of every CLI command
		this.process = undefined;
		this.cookie = undefined;
		this.browserId = `otto-e2e-${randomId(8)}`;
		this.owner = undefined;
		/** Called with every n8n process spawned (server and CLI), e.g. to make sure it ends with the caller. */
		this.onSpawn = undefined;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}

	get packageDir() {
		return path.join(this.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	}

	/** Environment for every n8n process of this instance. */
	envFor(extra = {}) {
		const v1 = major(this.version) < 2;
		const env = {
			...process.env,
			...this.runtime.env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			DB_TYPE: 'sqlite',
			N8N_PORT: String(this.port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.port}`,
			N8N_SECURE_COOKIE: 'false',
			// quiet + offline: no telemetry, no version check, no templates, no banners, no community-package registry
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			N8N_AI_ENABLED: 'false',
			EXTERNAL_FRONTEND_HOOKS_URLS: '',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_MCP_COMMUNITY_NODE_DISCOVERY_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			// task runners: internal mode, per-instance broker port (default 5679 would clash between instances)
			N8N_RUNNERS_MODE: 'internal',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_LOG_LEVEL: this.logLevel,
			NODE_ENV: 'production',
			...this.extraEnv,
			...extra,
		};
		if (!v1) {
			env.N8N_WEBHOOK_URL = `http://127.0.0.1:${this.port}/`; // 2.x deprecates WEBHOOK_URL
			// the mcp-registry module fetches https://api.n8n.io/api/mcp-servers at boot (ENOTFOUND offline -> stack trace)
			env.N8N_DISABLED_MODULES = env.N8N_DISABLED_MODULES || 'mcp-registry';
			// explicit values silence "default will change" deprecation notices
			env.N8N_RUNNERS_TASK_TIMEOUT = env.N8N_RUNNERS_TASK_TIMEOUT || '300';
			env.N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES = env.N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES || '2147483648';
			env.N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES = env.N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES || '5000';
		}
		if (v1) {
			env.WEBHOOK_URL = `http://127.0.0.1:${this.port}/`;
			env.N8N_EXPRESSION_ENGINE = 'legacy';
			// 1.x prints a deprecation warning for each of these when unset (2.x warns when N8N_RUNNERS_ENABLED is set)
			env.DB_SQLITE_POOL_SIZE = env.DB_SQLITE_POOL_SIZE || '1';
			env.N8N_RUNNERS_ENABLED = env.N8N_RUNNERS_ENABLED || 'true';
			env.N8N_BLOCK_ENV_ACCESS_IN_NODE = env.N8N_BLOCK_ENV_ACCESS_IN_NODE || 'false';
			env.N8N_GIT_NODE_DISABLE_BARE_REPOS = env.N8N_GIT_NODE_DISABLE_BARE_REPOS || 'true';
		}
		return env;
	}

	_log(prefix, text) {
		this.logs += text;
		if (this.echo) process.stderr.write(text.replace(/^(?=.)/gm, prefix));
	}

	/** Run `n8n <args>` as a one-off CLI process; resolves { code, stdout, stderr, ms }. */
	async cli(args, { timeoutMs = 300_000, env = {} } = {}) {
		// a fresh broker port, so a CLI command never collides with a running server's task broker
		const brokerPort = await freePort();
		const t0 = Date.now();
		return new Promise((resolve, reject) => {
			const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.envFor({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...env }),
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: true,
			});
			this.onSpawn?.(child);
			let stdout = '';
			let stderr = '';
			this._log('', `\n$ n8n ${args.join(' ')}\n`);
			child.stdout.on('data', (d) => {
				stdout += d;
				this._log(`[n8n ${args[0]}] `, d.toString());
			});
			child.stderr.on('data', (d) => {
				stderr += d;
				this._log(`[n8n ${args[0]} !] `, d.toString());
			});
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {}
			}, timeoutMs);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr, ms: Date.now() - t0 });
			});
		});
	}

	async _cliOk(args, what, opts) {
		const r = await this.cli(args, opts);
		if (r.code !== 0) {
			const out = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-20).join('\n    ');
			throw new Error(`n8n ${this.version}: ${what} failed (n8n ${args.join(' ')} exited ${r.code}):\n    ${out}`);
		}
		return r;
	}

	/**
	 * Install a community package the way n8n does (untar into ~/.n8n/nodes/node_modules/<name>, strip
	 * dev/peer/optional deps), without npm install. `source`: a .tgz from `npm pack`, or a package directory.
	 * Call while the server is stopped (n8n scans packages at boot). Returns the package.json written.
	 */
	async installPackage(source) {
		const src = path.resolve(source);
		if (!fs.existsSync(src)) throw new Error(`installPackage: ${src} does not exist (run npm run build && npm pack first)`);
		// Unpack into a staging folder first: the package's name (and so its folder) is known only then,
		// and installing another package must never touch ours.
		const modules = path.join(this.userFolder, '.n8n', 'nodes', 'node_modules');
		fs.mkdirSync(modules, { recursive: true });
		const staging = fs.mkdtempSync(path.join(path.dirname(modules), '.staging-'));
		try {
			if (fs.statSync(src).isDirectory()) {
				fs.cpSync(src, staging, { recursive: true, filter: (p) => !/[\\/](node_modules|\.git)$/.test(p) });
			} else {
				await new Promise((resolve, reject) => {
					const child = spawn('tar', ['-xzf', src, '-C', staging, '--strip-components=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
					let err = '';
					child.stderr.on('data', (d) => (err += d));
					child.on('error', reject);
					child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar -xzf ${src} failed (${code}): ${err}`))));
				});
			}
			const pkg = JSON.parse(fs.readFileSync(path.join(staging, 'package.json'), 'utf8'));
			if (!String(pkg.name).match(/^(@[^/]+\/)?n8n-nodes-/)) {
				throw new Error(`installPackage: package name "${pkg.name}" is not an n8n community package name`);
			}
			// The folder name equals the package name, as n8n installs it.
			const dest = path.join(modules, pkg.name);
			fs.rmSync(dest, { recursive: true, force: true });
			fs.mkdirSync(path.dirname(dest), { recursive: true });
			fs.renameSync(staging, dest);
			return this._finishInstall(path.join(dest, 'package.json'), pkg);
		} finally {
			fs.rmSync(staging, { recursive: true, force: true });
		}
	}

	_finishInstall(pkgFile, pkg) {
		delete pkg.devDependencies;
		delete pkg.peerDependencies;
		delete pkg.optionalDependencies;
		fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
		// n8n's own install also has a nodes/package.json listing the package
		const nodesPkg = path.join(this.userFolder, '.n8n', 'nodes', 'package.json');
		const np = fs.existsSync(nodesPkg) ? JSON.parse(fs.readFileSync(nodesPkg, 'utf8')) : { name: 'installed-nodes', private: true };
		np.dependencies = { ...(np.dependencies || {}), [pkg.name]: pkg.version };
		fs.writeFileSync(nodesPkg, JSON.stringify(np, null, 2) + '\n');
		return pkg;
	}

	_writeTemp(name, data) {
		const dir = path.join(this.userFolder, 'e2e-import');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${Date.now()}-${randomId(6)}-${name}`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	/**
	 * `n8n import:credentials`. creds: [{ id?, name, type, data: {plain object} }] (data is encrypted on import).
	 * Returns the credentials with their ids (generated when missing).
	 */
	async importCredentials(creds) {
		const list = (Array.isArray(creds) ? creds : [creds]).map((c) => ({
			id: c.id || randomId(),
			name: c.name || c.type,
			type: c.type,
			data: c.data || {},
			...(c.isManaged !== undefined ? { isManaged: c.isManaged } : {}),
		}));
		await this._cliOk(['import:credentials', `--input=${this._writeTemp('credentials.json', list)}`], 'import:credentials');
		return list;
	}

	/** `n8n import:workflow` (imported inactive). Fills in id/name/settings when missing. Returns the workflow id. */
	async importWorkflow(workflow) {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/**
	 * Several workflows with ONE `n8n import:workflow --separate` (each n8n CLI start takes seconds).
	 * Same filling-in as importWorkflow. Returns the workflow ids in order.
	 */
	async importWorkflows(workflows) {
		const list = workflows.map((w) => this._completeWorkflow(w));
		if (list.length === 1) {
			await this._cliOk(['import:workflow', `--input=${this._writeTemp('workflow.json', list[0])}`], 'import:workflow');
			return [list[0].id];
		}
		const dir = path.join(this.userFolder, 'e2e-import', `${Date.now()}-${randomId(6)}-workflows`);
		fs.mkdirSync(dir, { recursive: true });
		list.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(wf, null, 2)));
		await this._cliOk(['import:workflow', '--separate', `--input=${dir}`], `import:workflow --separate (${list.length} workflows)`);
		return list.map((wf) => wf.id);
	}

	_completeWorkflow(workflow) {
		const wf = {
			name: 'e2e workflow',
			settings: { executionOrder: 'v1' },
			connections: {},
			pinData: {},
			...workflow,
			active: false,
		};
		wf.id = workflow.id || randomId();
		wf.nodes = (wf.nodes || []).map((n) => ({ id: n.id || crypto.randomUUID(), parameters: {}, ...n }));
		return wf;
	}

	/**
	 * `n8n execute --id <id> --rawOutput`. The workflow must start with a Manual Trigger.
	 * Resolves (never throws for a failed run) to
	 *   { ok, code, data, error, lastNodeExecuted, nodeOutput(name, { runIndex, output }) -> json[], stdout, stderr, ms }
	 * `data` is what n8n prints: the run's `data` ({ resultData: { runData, lastNodeExecuted, error? } }).
	 */
	async execute(workflowId, { timeoutMs = 300_000 } = {}) {
		const r = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
		const data = parseJsonFromOutput(r.stdout);
		const resultData = data?.resultData ?? data?.data?.resultData;
		// a complete, successful run printed before the process died of a signal still counts as a successful run
		const printedSuccess = !!data && !resultData?.error && (data.status === 'success' || data.finished === true);
		const ok = !!data && !resultData?.error && (r.code === 0 || (!!r.signal && printedSuccess));
		let error = resultData?.error;
		if (!error && !ok) {
			error = {
				message: r.signal ? `n8n execute was killed by ${r.signal}` : `n8n execute exited ${r.code}${data ? '' : ' without printing a run'}`,
				output: `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n'),
			};
		}
		const runData = resultData?.runData ?? {};
		return {
			ok,
			code: r.code,
			signal: r.signal,
			data,
			runData,
			error,
			lastNodeExecuted: resultData?.lastNodeExecuted,
			nodeOutput(name, { runIndex = 0, output = 0 } = {}) {
				const run = runData[name]?.[runIndex];
				if (!run) return undefined;
				return (run.data?.main?.[output] ?? []).map((i) => i.json);
			},
			stdout: r.stdout,
			stderr: r.stderr,
			ms: r.ms,
		};
	}

	/** Activate a workflow in the DB (server must be stopped; it takes effect at the next start()). */
	async publish(workflowId) {
		if (major(this.version) >= 2) {
			await this._cliOk(['publish:workflow', `--id=${workflowId}`], 'publish:workflow');
		} else {
			await this._cliOk(['update:workflow', `--id=${workflowId}`, '--active=true'], 'update:workflow --active=true');
		}
	}

	/** Deactivate (2.x unpublish:workflow, 1.x update:workflow --active=false). */
	async unpublish(workflowId) {
		if (major(this.version) >= 2) {
			await this._cliOk(['unpublish:workflow', `--id=${workflowId}`], 'unpublish:workflow');
		} else {
			await this._cliOk(['update:workflow', `--id=${workflowId}`, '--active=false'], 'update:workflow --active=false');
		}
	}

	/** `n8n start`; resolves (to this) once "Editor is now accessible" is logged or /healthz/readiness and /rest/settings answer 200. */
	async start({ timeoutMs = 240_000 } = {}) {
		if (this.process) throw new Error('start(): already running');
		const t0 = Date.now();
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.envFor(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group: stop() can take the task-runner children down too
		});
		this.onSpawn?.(child);
		this.process = child;
		this.cookie = undefined;
		let startLog = '';
		let exited = null;
		const onData = (prefix) => (d) => {
			startLog += d;
			this._log(prefix, d.toString());
		};
		child.stdout.on('data', onData('[n8n] '));
		child.stderr.on('data', onData('[n8n !] '));
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			if (this.process === child) this.process = undefined;
		});
		this._exitPromise = new Promise((r) => child.on('exit', r));
		for (;;) {
			if (exited) {
				throw new Error(
					`n8n ${this.version} exited during start (code ${exited.code}, signal ${exited.signal}):\n    ` +
						startLog.trim().split('\n').slice(-25).join('\n    '),
				);
			}
			// "Editor is now accessible" is logged after all routes are mounted; the HTTP probe covers log-level changes
			if ((/Editor is now accessible/.test(startLog) && (await this._ready(false))) || (await this._ready())) break;
			if (Date.now() - t0 > timeoutMs) {
				await this.stop();
				throw new Error(
					`n8n ${this.version} not ready after ${Math.round(timeoutMs / 1000)}s:\n    ` +
						startLog.trim().split('\n').slice(-25).join('\n    '),
				);
			}
			await sleep(500);
		}
		this.startMs = Date.now() - t0;
		return this;
	}

	/**
	 * Ready = /healthz/readiness is 200 (DB up, migrated) AND the REST API is mounted: n8n answers
	 * /healthz before its controllers are registered (1.x answered `Cannot POST /rest/owner/setup` then).
	 */
	async _ready(checkRest = true) {
		try {
			const res = await fetch(`${this.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.status !== 200) return false;
			if (!checkRest) return true;
			const s = await fetch(`${this.baseUrl}/rest/settings`, {
				headers: { 'browser-id': this.browserId },
				signal: AbortSignal.timeout(5000),
			});
			return s.status === 200;
		} catch {
			return false;
		}
	}

	get running() {
		return !!this.process;
	}

	/** SIGTERM to the server, SIGKILL to its process group after timeoutMs. */
	async stop({ timeoutMs = 20_000 } = {}) {
		const child = this.process;
		if (!child) return;
		const done = this._exitPromise;
		try {
			process.kill(child.pid, 'SIGTERM');
		} catch {}
		const timedOut = await Promise.race([done.then(() => false), sleep(timeoutMs).then(() => true)]);
		if (timedOut) {
			this._log('', `\n[harness] n8n did not exit ${timeoutMs} ms after SIGTERM; SIGKILL\n`);
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
			await done;
		} else {
			// task runner children normally exit with the parent; make sure of it
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {}
		}
		this.process = undefined;
		this.cookie = undefined;
	}

	/** fetch() against the running instance, JSON in/out, with the login cookie. Returns { status, headers, body, data }. */
	async restApi(p, { method = 'GET', body, headers = {}, auth = true, raw = false } = {}) {
		const h = { 'browser-id': this.browserId, accept: 'application/json', ...headers };
		if (auth && this.cookie) h.cookie = this.cookie;
		if (body !== undefined && !(typeof body === 'string')) h['content-type'] = 'application/json';
		const res = await fetch(new URL(p, this.baseUrl), {
			method,
			headers: h,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await res.text();
		let parsed;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = text;
		}
		const out = { status: res.status, headers: res.headers, body: parsed, data: parsed?.data !== undefined ? parsed.data : parsed };
		if (!raw && res.status >= 400) {
			const e = new Error(`${method} ${p} -> ${res.status}: ${text.slice(0, 500)}`);
			e.response = out;
			throw e;
		}
		return out;
	}

	_takeCookie(res) {
		const set = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [res.headers.get('set-cookie')];
		const auth = set.filter(Boolean).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		return auth;
	}

	/** POST /rest/owner/setup (once per user folder). Also logs in. Returns the owner user. */
	async setupOwner({ email = 'owner@example.com', password = 'Otto-e2e-Passw0rd', firstName = 'Otto', lastName = 'Owner' } = {}) {
		this.owner = { email, password, firstName, lastName };
		const res = await this.restApi('/rest/owner/setup', { method: 'POST', body: { email, password, firstName, lastName }, auth: false, raw: true });
		if (res.status >= 400) {
			const msg = JSON.stringify(res.body);
			if (!/already setup|Instance owner already/i.test(msg)) throw new Error(`owner setup failed: ${res.status} ${msg}`);
			await this.login();
			return res.data;
		}
		this._takeCookie(res);
		if (!this.cookie) await this.login();
		return res.data;
	}

	/** POST /rest/login with the owner's credentials; returns the cookie string `n8n-auth=...`. */
	async login({ email, password } = this.owner || {}) {
		if (!email) throw new Error('login(): call setupOwner() first or pass { email, password }');
		const res = await this.restApi('/rest/login', {
			method: 'POST',
			body: { emailOrLdapLoginId: email, email, password },
			auth: false,
			raw: true,
		});
		if (res.status >= 400) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
		if (!this._takeCookie(res)) throw new Error('login: no n8n-auth cookie in the response');
		return this.cookie;
	}

	/**
	 * All node types the running server knows (needs login): GET /types/nodes.json.
	 * Returns [{ name, displayName, version, ... }]; our nodes are named `n8n-nodes-otto-market.<name>`.
	 */
	async listNodeTypes() {
		if (!this.cookie) {
			if (!this.owner) await this.setupOwner();
			else await this.login();
		}
		const res = await this.restApi('/types/nodes.json');
		if (!Array.isArray(res.body)) throw new Error(`/types/nodes.json did not return an array: ${String(res.body).slice(0, 200)}`);
		return res.body;
	}

	/** Node types of a package (default ours): names like `n8n-nodes-otto-market.ottoMarket`. */
	async packageNodeTypes(pkg = PACKAGE_NAME) {
		return (await this.listNodeTypes()).filter((t) => t.name.startsWith(`${pkg}.`));
	}

	/** GET /rest/executions?filter={workflowId} (needs login) */
	async listExecutions(workflowId) {
		const filter = workflowId ? `?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}` : '';
		const res = await this.restApi(`/rest/executions${filter}`);
		return res.data?.results ?? res.data;
	}

	/** Stop the server and delete the user folder (if the harness created it). */
	async dispose() {
		await this.stop();
		if (this.ownsUserFolder && !process.env.OTTO_E2E_KEEP) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * Create one isolated n8n instance (does not start it).
 * @param {object} o
 * @param {string} o.version         n8n version, e.g. '2.41.1' or '1.123.81' (provisioned on demand via ensureRuntime)
 * @param {string} [o.userFolder]    N8N_USER_FOLDER; default a fresh temp folder (removed by dispose())
 * @param {number} [o.port]          N8N_PORT; default a free port
 * @param {Record<string,string>} [o.env] extra env for every n8n process
 * @param {boolean} [o.echo]         mirror n8n output to stderr (default: env OTTO_E2E_ECHO=1)
 * @param {string} [o.logLevel]      N8N_LOG_LEVEL (default 'info')
 * @param {(line:string)=>void} [o.log] progress log for runtime provisioning
 */
export async function createInstance({
	version,
	userFolder,
	port,
	env = {},
	echo = process.env.OTTO_E2E_ECHO === '1',
	logLevel = 'info',
	encryptionKey = TEST_ENCRYPTION_KEY,
	log = () => {},
} = {}) {
	if (!version) throw new Error('createInstance: version is required (e.g. "2.41.1" or "1.123.81")');
	const runtime = await ensureRuntime(version, { log });
	const ownsUserFolder = !userFolder;
	userFolder = path.resolve(userFolder || fs.mkdtempSync(path.join(os.tmpdir(), `n8n-${version}-`)));
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	return new N8nInstance({
		version,
		runtime,
		userFolder,
		ownsUserFolder,
		port: port || (await freePort()),
		brokerPort: await freePort(),
		extraEnv: env,
		echo,
		logLevel,
		encryptionKey,
	});
}
