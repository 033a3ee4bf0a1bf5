#!/usr/bin/env node
// `npm run demo`: the package in a real n8n, against the OTTO Market simulator, with example workflows.
//
//   npm run demo                         build, pack, provision n8n 2.41.1, start simulator + n8n
//   npm run demo -- --fresh              forget the demo's n8n data (owner, workflows, executions) first
//   npm run demo -- --port 5678 --sim-port 5680 --n8n-version 1.123.81
//   npm run demo -- --smoke              all of the above in a throwaway n8n data folder on free ports, then run
//                                        one example workflow through n8n, check the editor, stop, exit 0
//                                        (or non-zero with what to do). CI runs this.
//
// Everything it downloads or keeps lives in the cache folder (see tools/README.md), never in the repo:
//   <cache>/demo/pack/            the packed tarball
//   <cache>/demo/n8n-<version>/   the demo's n8n user folder (kept between runs, so a second start is fast)
// Ctrl-C stops n8n and the simulator. Plain Node ESM, built-ins only.

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { demoCredential, DEMO_CREDENTIAL_NAME, loadExamples, packageContents, simulatorModule } from './demo/common.mjs';
import { buildAndPack } from './demo/pack.mjs';
import { createInstance, freePort, PACKAGE_NAME } from './n8n-instance.mjs';
import { cacheRoot, ensureRuntime, SUPPORTED_VERSIONS } from './n8n-runtime.mjs';

// the example the smoke run executes: orders of the simulator's demo data -> one shipment each
const SMOKE_EXAMPLE = 'orders-to-shipments.json';

const OWNER = { email: 'demo@example.com', password: 'Otto-Demo-2026', firstName: 'Otto', lastName: 'Demo' };

function usage() {
	return `usage: npm run demo -- [options]

  --port <n>            n8n port (default 5678, env OTTO_DEMO_PORT)
  --sim-port <n>        simulator port (default 5680, env OTTO_DEMO_SIM_PORT)
  --n8n-version <v>     ${SUPPORTED_VERSIONS.join(' or ')} (default ${SUPPORTED_VERSIONS[0]})
  --fresh               delete the demo's n8n data (owner, workflows, executions) and start over
  --smoke               check and exit: everything above in a throwaway n8n data folder (free ports unless
                        given), then run "${SMOKE_EXAMPLE}" through n8n, print its result and the
                        editor check (every OTTO node and credential registered, icons served), stop, exit 0
  --help                this text`;
}

function parseArgs(argv) {
	const args = {
		port: Number(process.env.OTTO_DEMO_PORT || 5678),
		simPort: Number(process.env.OTTO_DEMO_SIM_PORT || 5680),
		version: SUPPORTED_VERSIONS[0],
		fresh: false,
		smoke: false,
	};
	const given = new Set();
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => {
			const v = inline !== undefined ? inline : argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		if (flag === '--port') (args.port = Number(value())), given.add('port');
		else if (flag === '--sim-port') (args.simPort = Number(value())), given.add('simPort');
		else if (flag === '--n8n-version') args.version = value();
		else if (flag === '--fresh') args.fresh = true;
		else if (flag === '--smoke') args.smoke = true;
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
	// a smoke run must not collide with a running demo (or another smoke run): free ports unless given
	if (args.smoke) {
		if (!given.has('port') && !process.env.OTTO_DEMO_PORT) args.randomPort = true;
		if (!given.has('simPort') && !process.env.OTTO_DEMO_SIM_PORT) args.randomSimPort = true;
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
		// undici says only "fetch failed"; the reason (ECONNREFUSED, a reset, a timeout) is in `cause`
		const cause = error?.cause ? ` (${error.cause.code ?? ''} ${error.cause.message ?? error.cause})` : '';
		const text = String(error?.message ?? error) + cause;
		throw new DemoError(`${what} failed: ${text}`, /What to do:/.test(text) ? undefined : whatToDo);
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log(usage());
		return;
	}
	if (args.randomPort) args.port = await freePort();
	if (args.randomSimPort) {
		do args.simPort = await freePort();
		while (args.simPort === args.port);
	}
	const smoke = args.smoke;
	const demoDir = path.join(cacheRoot(), 'demo');
	// the smoke run never touches the demo's own data folder
	const userFolder = path.join(demoDir, smoke ? `smoke-n8n-${args.version}` : `n8n-${args.version}`);
	const marker = path.join(userFolder, '.otto-demo.json');
	const total = smoke ? 8 : 6;

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

	log(`step 1/${total}: building and packing the package (npm run build, npm pack)`);
	const pack = await step('building the package', 'run `npm ci`, then fix the build errors shown above and run `npm run demo` again.', () =>
		buildAndPack({ mode: 'npm', outDir: path.join(demoDir, 'pack'), log: (l) => log(`  ${l.trim().split('\n').join('\n    ')}`) }),
	);
	log(`  packed ${path.basename(pack.tarball)} (${pack.files.length} files, ${(pack.size / 1024).toFixed(0)} kB)`);

	log(`step 2/${total}: n8n ${args.version} runtime (cached in ${cacheRoot()}; the first time takes ~5 min)`);
	await step(
		`provisioning n8n ${args.version}`,
		`check registry access (npm ping), then run \`node tools/n8n-runtime.mjs ${args.version}\` for the full output (add --force to reinstall).`,
		() => ensureRuntime(args.version, { log: (l) => log(`  ${l}`) }),
	);

	if ((args.fresh || smoke) && fs.existsSync(userFolder)) {
		log(`  ${smoke ? '--smoke' : '--fresh'}: removing ${userFolder}`);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	const firstRun = !fs.existsSync(marker);
	const n8n = await createInstance({ version: args.version, userFolder, port: args.port });
	// the receipts example writes <receiptNumber>.pdf into n8n's working directory (the user folder);
	// n8n 2.x only writes inside N8N_RESTRICT_FILE_ACCESS_TO
	n8n.extraEnv.N8N_RESTRICT_FILE_ACCESS_TO = userFolder;

	log(`step 3/${total}: installing the package into n8n (as n8n installs community packages)`);
	await step('installing the package', `delete ${userFolder} (or pass --fresh) and run again.`, () => n8n.installPackage(pack.tarball));

	log(`step 4/${total}: starting the OTTO Market simulator on port ${args.simPort} with demo data`);
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
		fs.mkdirSync(demoDir, { recursive: true });
		const logFile = path.join(demoDir, smoke ? 'smoke-n8n.log' : 'n8n.log');
		fs.writeFileSync(logFile, n8n.logs);
		log(`stopped. n8n's output of this run: ${logFile}`);
		if (smoke && code === 0) fs.rmSync(userFolder, { recursive: true, force: true });
		else if (smoke) log(`  the smoke run's n8n data is kept for a look: ${userFolder}`);
		process.exit(code);
	};
	process.on('SIGINT', () => stopAll(smoke ? 130 : 0));
	process.on('SIGTERM', () => stopAll(smoke ? 143 : 0));

	try {
		log(`step 5/${total}: importing the demo credential` + (firstRun ? ' and the example workflows' : ''));
		await step('importing the demo credential', `run again with --fresh (the demo's n8n data in ${userFolder} may be damaged).`, () =>
			n8n.importCredentials([demoCredential(sim.url)]),
		);
		let workflows = [];
		if (firstRun) {
			const examples = loadExamples();
			const ids = await step(
				`importing the examples (${examples.map((e) => e.file).join(', ')})`,
				'check that the files are valid JSON (git diff examples/), then run again with --fresh.',
				() => n8n.importWorkflows(examples.map((e) => e.json)),
			);
			examples.forEach(({ file, json }, i) => {
				workflows.push({ name: json.name, id: ids[i], file });
				log(`  imported ${json.name}`);
			});
		} else {
			workflows = JSON.parse(fs.readFileSync(marker, 'utf8')).workflows ?? [];
			log('  example workflows kept from the last run (--fresh imports them again)');
		}

		let smokeResult;
		if (smoke) {
			log(`step 6/${total}: running examples/${SMOKE_EXAMPLE} through n8n (n8n execute)`);
			smokeResult = await step(`running examples/${SMOKE_EXAMPLE}`, undefined, () => runSmokeExample(n8n, sim, seeded, workflows));
			for (const line of smokeResult.lines) log(`  ${line}`);
		}

		const startStep = smoke ? 7 : 6;
		log(`step ${startStep}/${total}: starting n8n ${args.version} on port ${args.port}`);
		await step('starting n8n', `look at the n8n output above; run again with --fresh if the data folder ${userFolder} is damaged.`, () =>
			n8n.start(),
		);
		await step('creating the owner account', 'run again with --fresh to create the owner anew.', () => n8n.setupOwner(OWNER));
		if (firstRun && !smoke) {
			fs.writeFileSync(marker, JSON.stringify({ version: args.version, owner: OWNER.email, workflows, createdAt: new Date().toISOString() }, null, 2));
		}

		const url = n8n.baseUrl;
		if (smoke) {
			log(`step 8/${total}: editor check (what the nodes panel and the credential list are built from)`);
			const editor = await step('the editor check', undefined, () => editorCheck(n8n, workflows));
			for (const line of editor.lines) log(`  ${line}`);
			console.log(`
OTTO Market demo smoke run passed (n8n ${args.version}, ${((Date.now() - T0) / 1000).toFixed(0)} s):
  example   ${smokeResult.summary}
  editor    ${editor.summary}
  Start the demo itself with \`npm run demo\`.`);
			await stopAll(0);
			return;
		}
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
		if (smoke) console.error(`\nThe smoke run failed. Fix what is named above, then run \`npm run demo -- --smoke\` again.`);
		await stopAll(1);
	}
}

/**
 * The smoke run's example, through `n8n execute`: every order ready to ship gets exactly one shipment,
 * and the simulator saw exactly one POST /v1/shipments per order. Returns printable lines.
 */
async function runSmokeExample(n8n, sim, seeded, workflows) {
	const wf = workflows.find((w) => w.file === SMOKE_EXAMPLE);
	if (!wf) throw new DemoError(`examples/${SMOKE_EXAMPLE} was not imported.`, `restore it (git checkout examples/${SMOKE_EXAMPLE}) and run again.`);
	sim.clearRequests();
	const run = await n8n.execute(wf.id);
	if (!run.ok) {
		throw new DemoError(
			`n8n could not run "${wf.name}": ${String(run.error?.message ?? JSON.stringify(run.error)).slice(0, 800)}` +
				(run.error?.description ? `\n  ${run.error.description}` : '') +
				(run.lastNodeExecuted ? `\n  (last node executed: ${run.lastNodeExecuted})` : ''),
			'open the error above: a node error names the field; "Unrecognized node type" means the package did not load (see n8n\'s output below).',
		);
	}
	const orders = run.nodeOutput('Orders ready to ship') ?? [];
	const shipments = run.nodeOutput('Create shipment') ?? [];
	const posts = sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/shipments');
	const problems = [];
	if (orders.length !== seeded.processableOrders.length)
		problems.push(`the Orders node returned ${orders.length} orders, the simulator holds ${seeded.processableOrders.length} ready to ship`);
	if (shipments.length !== orders.length) problems.push(`${shipments.length} shipments for ${orders.length} orders`);
	if (posts.length !== orders.length || posts.some((p) => p.status !== 201))
		problems.push(`the simulator saw ${posts.length} POST /v1/shipments (statuses ${posts.map((p) => p.status).join(', ')}) for ${orders.length} orders`);
	const shipped = new Set(shipments.flatMap((s) => (s.positionItems ?? []).map((p) => p.salesOrderId)));
	const missing = orders.filter((o) => !shipped.has(o.salesOrderId)).map((o) => o.salesOrderId);
	if (missing.length) problems.push(`no shipment for order(s) ${missing.join(', ')}`);
	if (problems.length) {
		throw new DemoError(
			`"${wf.name}" ran but its result is wrong: ${problems.join('; ')}.`,
			'this is a bug in the package or the simulator: run `npm test` and `npm run test:e2e` to find it.',
		);
	}
	const lines = [`"${wf.name}" (${run.ms} ms): ${orders.length} orders ready to ship -> ${shipments.length} shipments`];
	for (let i = 0; i < shipments.length; i++) {
		const s = shipments[i];
		lines.push(
			`  order ${orders[i].orderNumber} (${orders[i].salesOrderId}) -> shipment ${s.shipmentId}, ${s.trackingKey?.carrier} ${s.trackingKey?.trackingNumber}, ${s.positionItems.length} position item(s)`,
		);
	}
	return { lines, summary: `"${wf.name}": ${orders.length} orders -> ${shipments.length} shipments (POST /v1/shipments 201 x${posts.length})` };
}

/**
 * What the editor shows, read from the running n8n: the editor page, the node types of the nodes panel
 * (every node of package.json, each with an icon n8n serves), the credential types, the imported examples.
 */
/** GET with a timeout, retried a few times on a network error (a busy machine resets connections now and then). */
async function get(url, headers = {}) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
		} catch (error) {
			if (attempt >= 3) throw new Error(`GET ${url} failed ${attempt} times: ${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message})` : ''}`);
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
}

async function editorCheck(n8n, workflows) {
	const { nodeFiles, credentialFiles } = packageContents();
	const typeName = (file, suffix) => {
		const base = path.basename(file).replace(suffix, '');
		return `${base[0].toLowerCase()}${base.slice(1)}`;
	};
	const problems = [];
	const page = await get(`${n8n.baseUrl}/`);
	const html = await page.text();
	if (page.status !== 200 || !/<html/i.test(html)) problems.push(`the editor page ${n8n.baseUrl}/ answered ${page.status}`);
	const types = await n8n.packageNodeTypes();
	const expected = nodeFiles.map((f) => `${PACKAGE_NAME}.${typeName(f, '.node.js')}`);
	const registered = new Set(types.map((t) => t.name));
	const missing = expected.filter((n) => !registered.has(n));
	if (missing.length) problems.push(`node types missing from the nodes panel: ${missing.join(', ')}`);
	let icons = 0;
	for (const t of types.filter((x) => expected.includes(x.name))) {
		const url = typeof t.iconUrl === 'string' ? t.iconUrl : t.iconUrl?.light;
		if (!url) {
			problems.push(`${t.displayName} has no icon`);
			continue;
		}
		const res = await get(new URL(url, n8n.baseUrl), { cookie: n8n.cookie });
		if (res.status === 200 && /<svg/.test(await res.text())) icons++;
		else problems.push(`${t.displayName}: icon ${url} answered ${res.status}`);
	}
	const credTypes = (await n8n.restApi('/types/credentials.json')).body;
	const credNames = new Set((Array.isArray(credTypes) ? credTypes : []).map((c) => c.name));
	const credMissing = credentialFiles.map((f) => typeName(f, '.credentials.js')).filter((n) => !credNames.has(n));
	if (credMissing.length) problems.push(`credential types missing: ${credMissing.join(', ')}`);
	const listed = await n8n.restApi('/rest/workflows');
	const ids = new Set((listed.data?.data ?? listed.data ?? []).map((w) => w.id));
	const notListed = workflows.filter((w) => !ids.has(w.id)).map((w) => w.name);
	if (notListed.length) problems.push(`example workflows not in the workflow list: ${notListed.join(', ')}`);
	if (problems.length) {
		throw new DemoError(
			`the editor does not show the package as expected: ${problems.join('; ')}.`,
			"look at n8n's output below for \"Error loading package\" or a node that failed to load; run `npm run build` and `npm run check:package`.",
		);
	}
	const nodeCount = expected.length;
	return {
		lines: [
			`editor page ${n8n.baseUrl}/ 200`,
			`nodes panel: ${nodeCount}/${nodeCount} OTTO nodes registered (${types.length} entries with the AI-tool variants), ${icons} icons served`,
			`credentials: ${credentialFiles.length}/${credentialFiles.length} credential types (${credentialFiles.map((f) => typeName(f, '.credentials.js')).join(', ')})`,
			`workflows: ${workflows.length}/${workflows.length} examples listed`,
		],
		summary: `${nodeCount}/${nodeCount} nodes with icons, ${credentialFiles.length}/${credentialFiles.length} credential types, ${workflows.length} example workflows listed`,
	};
}

main().catch((error) => {
	console.error(`\n${error.message}`);
	if (process.argv.includes('--smoke')) console.error('\nThe smoke run failed. Fix what is named above, then run `npm run demo -- --smoke` again.');
	process.exit(1);
});
