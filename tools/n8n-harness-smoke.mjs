#!/usr/bin/env node
// Self-test of tools/n8n-runtime.mjs + tools/n8n-instance.mjs against real n8n, with a throwaway
// community package (one trivial node `n8n-nodes-otto-market.smoke`) generated in a temp folder.
//
//   node tools/n8n-harness-smoke.mjs [2.41.1] [1.123.81]      (default: both)
//
// Prints timings per step; exits 1 on the first failure (with the n8n log tail).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createInstance, PACKAGE_NAME } from './n8n-instance.mjs';
import { ensureRuntime } from './n8n-runtime.mjs';

const versions = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (versions.length === 0) versions.push('2.41.1', '1.123.81');

const T0 = Date.now();
const log = (line) => console.log(`[${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s] ${line}`);
const assert = (cond, msg) => {
	if (!cond) throw new Error(`assertion failed: ${msg}`);
};

/** Build the throwaway package and `npm pack` it; returns the .tgz path. */
function makeSmokePackage() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otto-smoke-pkg-'));
	const pkg = {
		name: PACKAGE_NAME,
		version: '0.0.0-smoke',
		description: 'throwaway package for the harness self-test',
		keywords: ['n8n-community-node-package'],
		license: 'MIT',
		files: ['dist'],
		n8n: { n8nNodesApiVersion: 1, strict: true, credentials: [], nodes: ['dist/nodes/Smoke/Smoke.node.js'] },
		peerDependencies: { 'n8n-workflow': '*' },
		devDependencies: { typescript: '5.9.3' },
	};
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
	const nodeDir = path.join(dir, 'dist', 'nodes', 'Smoke');
	fs.mkdirSync(nodeDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodeDir, 'Smoke.node.js'),
		`'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.Smoke = void 0;
class Smoke {
	constructor() {
		this.description = {
			displayName: 'Smoke',
			name: 'smoke',
			group: ['transform'],
			version: 1,
			description: 'Harness self-test node',
			defaults: { name: 'Smoke' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Greeting', name: 'greeting', type: 'string', default: 'hello' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		return [items.map((item, i) => ({
			json: { smoke: true, greeting: this.getNodeParameter('greeting', i), node: process.version, index: i },
			pairedItem: { item: i },
		}))];
	}
}
exports.Smoke = Smoke;
`,
	);
	const r = spawnSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: dir, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`npm pack failed: ${r.stderr}`);
	return path.join(dir, r.stdout.trim().split('\n').pop());
}

const workflow = {
	name: 'smoke: manual -> smoke',
	nodes: [
		{ name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ name: 'Smoke', type: `${PACKAGE_NAME}.smoke`, typeVersion: 1, position: [220, 0], parameters: { greeting: 'hi from e2e' } },
	],
	connections: { Manual: { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] } },
};

// for the publish/start path: a real trigger (every 2 s), so the started server runs it on its own
const scheduled = {
	name: 'smoke: schedule -> smoke',
	nodes: [
		{
			name: 'Every 2s',
			type: 'n8n-nodes-base.scheduleTrigger',
			typeVersion: 1.2,
			position: [0, 0],
			parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } },
		},
		{ name: 'Smoke', type: `${PACKAGE_NAME}.smoke`, typeVersion: 1, position: [220, 0], parameters: { greeting: 'scheduled' } },
	],
	connections: { 'Every 2s': { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] } },
};

const results = {};
const tgz = makeSmokePackage();
log(`smoke package: ${tgz}`);
for (const version of versions) {
	const t = {};
	let n8n;
	try {
		let s = Date.now();
		await ensureRuntime(version, { log });
		t.ensureRuntime = Date.now() - s;

		n8n = await createInstance({ version });
		log(`[${version}] user folder ${n8n.userFolder}, port ${n8n.port}`);
		await n8n.installPackage(tgz);
		const installed = JSON.parse(fs.readFileSync(path.join(n8n.packageDir, 'package.json'), 'utf8'));
		assert(!installed.devDependencies && !installed.peerDependencies, 'dev/peer deps stripped');

		s = Date.now();
		await n8n.importCredentials([{ name: 'Smoke cred', type: 'httpHeaderAuth', data: { name: 'X-Test', value: 'secret' } }]);
		t.importCredentials = Date.now() - s;

		s = Date.now();
		const id = await n8n.importWorkflow(workflow);
		t.importWorkflow = Date.now() - s;
		log(`[${version}] imported workflow ${id} (${t.importWorkflow} ms; first CLI call runs the DB migrations)`);

		s = Date.now();
		const run = await n8n.execute(id);
		t.execute = Date.now() - s;
		if (!run.ok) throw new Error(`execute failed: ${JSON.stringify(run.error)}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
		const out = run.nodeOutput('Smoke');
		log(`[${version}] execute ok in ${t.execute} ms: ${JSON.stringify(out)}`);
		assert(out?.[0]?.smoke === true && out[0].greeting === 'hi from e2e', 'smoke node output');

		const schedId = await n8n.importWorkflow(scheduled);
		s = Date.now();
		await n8n.publish(schedId);
		t.publish = Date.now() - s;

		s = Date.now();
		await n8n.start();
		t.start = Date.now() - s;
		log(`[${version}] started in ${t.start} ms at ${n8n.baseUrl}`);

		await n8n.setupOwner({ email: 'owner@example.com', password: 'Otto-e2e-Passw0rd', firstName: 'Otto', lastName: 'Owner' });
		await n8n.login();
		const types = await n8n.packageNodeTypes();
		log(`[${version}] our node types: ${types.map((x) => x.name).join(', ')}`);
		assert(types.some((x) => x.name === `${PACKAGE_NAME}.smoke`), 'node type registered');
		const wf = await n8n.restApi(`/rest/workflows/${schedId}`);
		log(`[${version}] scheduled workflow active after publish: ${wf.data.active}`);
		assert(wf.data.active === true, 'workflow active');
		s = Date.now();
		let execs = [];
		while (Date.now() - s < 30_000) {
			execs = (await n8n.listExecutions(schedId)) || [];
			if (execs.some((e) => e.status === 'success')) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		t.firstScheduledRun = Date.now() - s;
		log(`[${version}] executions of the scheduled workflow: ${execs.map((e) => `${e.id}:${e.status}`).join(', ')}`);
		assert(execs.some((e) => e.status === 'success'), 'scheduled workflow ran');

		s = Date.now();
		await n8n.stop();
		t.stop = Date.now() - s;
		const rt = JSON.parse(fs.readFileSync(path.join(n8n.runtime.dir, '.otto-runtime.json'), 'utf8'));
		results[version] = { ok: true, ms: t, provisioning: rt.timings };
	} catch (e) {
		console.error(`\n[${version}] FAILED: ${e.stack || e}`);
		if (n8n) console.error(`--- n8n log tail ---\n${n8n.logs.split('\n').slice(-40).join('\n')}`);
		results[version] = { ok: false, error: String(e.message).split('\n')[0], ms: t };
	} finally {
		await n8n?.dispose();
	}
}
fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
console.log(JSON.stringify(results, null, 2));
process.exit(Object.values(results).every((r) => r.ok) ? 0 : 1);
