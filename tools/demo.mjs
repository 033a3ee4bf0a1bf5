#!/usr/bin/env node
// `npm run demo`: the package in a real n8n, against the OTTO Market simulator, with example workflows.
//
//   npm run demo                         build, pack, provision n8n 2.41.1, start simulator + n8n
//   npm run demo -- --fresh              forget the demo's n8n data (owner, workflows, executions) first
//   npm run demo -- --port 5678 --sim-port 5680 --n8n-version 1.123.81
//
// Everything it downloads or keeps lives in the cache folder (see tools/README.md), never in the repo:
//   <cache>/demo/pack/            the packed tarball
//   <cache>/demo/n8n-<version>/   the demo's n8n user folder (kept between runs, so a second start is fast)
// Ctrl-C stops n8n and the simulator. Plain Node ESM, built-ins only.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { demoCredential, DEMO_CREDENTIAL_NAME, loadExamples, simulatorModule } from './demo/common.mjs';
import { buildAndPack } from './demo/pack.mjs';
import { createInstance } from './n8n-instance.mjs';
import { cacheRoot, ensureRuntime, SUPPORTED_VERSIONS } from './n8n-runtime.mjs';

const OWNER = { email: 'demo@example.com', password: 'Otto-Demo-2026', firstName: 'Otto', lastName: 'Demo' };

function usage() {
	return `usage: npm run demo -- [options]

  --port <n>            n8n port (default 5678, env OTTO_DEMO_PORT)
  --sim-port <n>        simulator port (default 5680, env OTTO_DEMO_SIM_PORT)
  --n8n-version <v>     ${SUPPORTED_VERSIONS.join(' or ')} (default ${SUPPORTED_VERSIONS[0]})
  --fresh               delete the demo's n8n data (owner, workflows, executions) and start over
  --help                this text`;
}

function parseArgs(argv) {
	const args = {
		port: Number(process.env.OTTO_DEMO_PORT || 5678),
		simPort: Number(process.env.OTTO_DEMO_SIM_PORT || 5680),
		version: SUPPORTED_VERSIONS[0],
		fresh: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => {
			const v = inline !== undefined ? inline : argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		if (flag === '--port') args.port = Number(value());
		else if (flag === '--sim-port') args.simPort = Number(value());
		else if (flag === '--n8n-version') args.version = value();
		else if (flag === '--fresh') args.fresh = true;
		else if (flag === '--help' || flag === '-h') args.help = true;
		else throw new Error(`unknown option ${argv[i]}\n\n${usage()}`);
	}
	for (const [name, port] of [
		['--port', args.port],
		['--sim-port', args.simPort],
	]) {
		if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number (got ${port})`);
	}
	if (args.port === args.simPort) throw new Error('--port and --sim-port must differ');
	if (!SUPPORTED_VERSIONS.includes(args.version)) {
		throw new Error(`--n8n-version must be one of ${SUPPORTED_VERSIONS.join(', ')} (got ${args.version})`);
	}
	return args;
}

const T0 = Date.now();
const log = (line) => console.log(`[demo ${((Date.now() - T0) / 1000).toFixed(0).padStart(3)}s] ${line}`);

class DemoError extends Error {
	constructor(message, whatToDo) {
		super(whatToDo ? `${message}\n  What to do: ${whatToDo}` : message);
	}
}

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function step(what, whatToDo, fn) {
	try {
		return await fn();
	} catch (error) {
		if (error instanceof DemoError) throw error;
		const text = String(error?.message ?? error);
		throw new DemoError(`${what} failed: ${text}`, /What to do:/.test(text) ? undefined : whatToDo);
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log(usage());
		return;
	}
	const demoDir = path.join(cacheRoot(), 'demo');
	const userFolder = path.join(demoDir, `n8n-${args.version}`);
	const marker = path.join(userFolder, '.otto-demo.json');

	for (const [name, port, flag] of [
		['n8n', args.port, '--port'],
		['the simulator', args.simPort, '--sim-port'],
	]) {
		if (!(await portFree(port))) {
			throw new DemoError(
				`port ${port} (for ${name}) is already in use.`,
				`stop whatever listens there (is another demo or n8n running? \`ss -ltnp | grep :${port}\`), or choose another port with ${flag} <n>.`,
			);
		}
	}

	log('step 1/6: building and packing the package (npm run build, npm pack)');
	const pack = await step('building the package', 'run `npm ci`, then fix the build errors shown above and run `npm run demo` again.', () =>
		buildAndPack({ mode: 'npm', outDir: path.join(demoDir, 'pack'), log: (l) => log(`  ${l.trim().split('\n').join('\n    ')}`) }),
	);
	log(`  packed ${path.basename(pack.tarball)} (${pack.files.length} files, ${(pack.size / 1024).toFixed(0)} kB)`);

	log(`step 2/6: n8n ${args.version} runtime (cached in ${cacheRoot()}; the first time takes ~5 min)`);
	await step(
		`provisioning n8n ${args.version}`,
		`check registry access (npm ping), then run \`node tools/n8n-runtime.mjs ${args.version}\` for the full output (add --force to reinstall).`,
		() => ensureRuntime(args.version, { log: (l) => log(`  ${l}`) }),
	);

	if (args.fresh && fs.existsSync(userFolder)) {
		log(`  --fresh: removing ${userFolder}`);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	const firstRun = !fs.existsSync(marker);
	const n8n = await createInstance({ version: args.version, userFolder, port: args.port });
	// the receipts example writes <receiptNumber>.pdf into n8n's working directory (the user folder);
	// n8n 2.x only writes inside N8N_RESTRICT_FILE_ACCESS_TO
	n8n.extraEnv.N8N_RESTRICT_FILE_ACCESS_TO = userFolder;

	log('step 3/6: installing the package into n8n (as n8n installs community packages)');
	await step('installing the package', `delete ${userFolder} (or pass --fresh) and run again.`, () => n8n.installPackage(pack.tarball));

	log(`step 4/6: starting the OTTO Market simulator on port ${args.simPort} with demo data`);
	const { startSimulator, BUILT_IN } = simulatorModule();
	const sim = await step('starting the simulator', `free port ${args.simPort} or pass --sim-port <n>.`, () =>
		startSimulator({ port: args.simPort, logErrors: true }),
	);
	const seeded = sim.demo.seed(BUILT_IN.seller.partnerId);
	log(
		`  partner ${seeded.partnerId}: ${seeded.processableOrders.length} orders ready to ship, ${seeded.sentOrders.length} sent orders, ` +
			`${seeded.returns.length} announced returns, ${seeded.receipts.length} receipts, SKUs ${seeded.skus.join(', ')}`,
	);

	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		console.log('');
		log('stopping n8n and the simulator ...');
		await n8n.stop().catch(() => {});
		await sim.close().catch(() => {});
		fs.writeFileSync(path.join(demoDir, 'n8n.log'), n8n.logs);
		log(`stopped. n8n's output of this run: ${path.join(demoDir, 'n8n.log')}`);
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(0));
	process.on('SIGTERM', () => stopAll(0));

	try {
		log('step 5/6: importing the demo credential' + (firstRun ? ' and the example workflows' : ''));
		await step('importing the demo credential', `run again with --fresh (the demo's n8n data in ${userFolder} may be damaged).`, () =>
			n8n.importCredentials([demoCredential(sim.url)]),
		);
		let workflows = [];
		if (firstRun) {
			for (const { file, json } of loadExamples()) {
				const id = await step(`importing examples/${file}`, 'check that the file is valid JSON (git diff examples/), then run again with --fresh.', () =>
					n8n.importWorkflow(json),
				);
				workflows.push({ name: json.name, id });
				log(`  imported ${json.name}`);
			}
		} else {
			workflows = JSON.parse(fs.readFileSync(marker, 'utf8')).workflows ?? [];
			log('  example workflows kept from the last run (--fresh imports them again)');
		}

		log(`step 6/6: starting n8n ${args.version} on port ${args.port}`);
		await step('starting n8n', `look at the n8n output above; run again with --fresh if the data folder ${userFolder} is damaged.`, () =>
			n8n.start(),
		);
		await step('creating the owner account', 'run again with --fresh to create the owner anew.', () => n8n.setupOwner(OWNER));
		if (firstRun) {
			fs.writeFileSync(marker, JSON.stringify({ version: args.version, owner: OWNER.email, workflows, createdAt: new Date().toISOString() }, null, 2));
		}

		const url = n8n.baseUrl;
		console.log(`
OTTO Market demo is running (n8n ${args.version}, ready in ${((Date.now() - T0) / 1000).toFixed(0)} s)

  n8n editor:   ${url}
  login:        ${OWNER.email} / ${OWNER.password}
  credential:   "${DEMO_CREDENTIAL_NAME}" (Environment Custom, base URL ${sim.url}, seller app ${BUILT_IN.seller.clientId})
  simulator:    ${sim.url}  (request log: ${sim.url}/__control/requests, more orders: POST ${sim.url}/__control/orders {"count":2})

  example workflows (open one, then "Execute workflow"):
${workflows.map((w) => `    ${w.name}\n      ${url}/workflow/${w.id}`).join('\n')}

  The simulator keeps its data in memory: every start begins with fresh demo data.
  Ctrl-C stops n8n and the simulator.`);

		n8n.process?.on('exit', (code, signal) => {
			if (stopping) return;
			console.error(`\nn8n exited unexpectedly (code ${code}, signal ${signal}). Last output:\n  ${n8n.logs.trim().split('\n').slice(-20).join('\n  ')}`);
			console.error('  What to do: run `npm run demo` again; if it keeps failing, run `npm run demo -- --fresh`.');
			stopAll(1);
		});
	} catch (error) {
		console.error(`\n${error.message}`);
		if (n8n.logs.trim()) console.error(`\nLast n8n output:\n  ${n8n.logs.trim().split('\n').slice(-15).join('\n  ')}`);
		await stopAll(1);
	}
}

main().catch((error) => {
	console.error(`\n${error.message}`);
	process.exit(1);
});
