#!/usr/bin/env node
'use strict';
// `npm run simulator -- [--port 5680] [--seed-orders N] [--seed 42] [--no-rate-limits] [--latency 150] [--jitter 50]`

const { startSimulator, BUILT_IN } = require('./index');

function parseArgs(argv) {
	const args = { port: 5680, seedOrders: 0, seed: 42, rateLimits: true, latency: 0, jitter: 0 };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => (inline !== undefined ? inline : argv[++i]);
		if (flag === '--port') args.port = Number(value());
		else if (flag === '--seed-orders') args.seedOrders = Number(value());
		else if (flag === '--seed') args.seed = Number(value());
		else if (flag === '--no-rate-limits') args.rateLimits = false;
		else if (flag === '--latency') {
			// "150" or "150±50" / "150+-50": answer latency in ms, optionally with its jitter
			const [ms, jitter] = String(value()).split(/±|\+-/);
			args.latency = Number(ms);
			if (jitter !== undefined) args.jitter = Number(jitter);
		} else if (flag === '--jitter') args.jitter = Number(value());
		else if (flag === '--help' || flag === '-h') args.help = true;
		else throw new Error(`unknown flag ${argv[i]}`);
	}
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log('usage: node simulator/cli.js [--port 5680] [--seed-orders N] [--seed 42] [--no-rate-limits] [--latency 150[±50]] [--jitter 50]');
		return;
	}
	const sim = await startSimulator({ port: args.port, seed: args.seed, seedOrders: args.seedOrders, rateLimitsEnabled: args.rateLimits, latencyMs: args.latency, latencyJitterMs: args.jitter });
	const { seller, servicePartner, installation } = BUILT_IN;
	const control = sim._routes.filter((r) => r.opts.control).map((r) => `  ${r.method.padEnd(6)} ${sim.url}${r.pattern}`);
	console.log(`OTTO Market simulator listening on ${sim.url}

Token endpoint:   POST ${sim.url}/oauth2/token  (also /v1/token)
Consent page:     GET  ${sim.url}/oauth2/auth?response_type=code&client_id=${servicePartner.clientId}&redirect_uri=...&scope=installation%20partnerId

Seller app:       client id ${seller.clientId}, secret ${seller.clientSecret}, partner ${seller.partnerId}
Service partner:  app ${servicePartner.appId}, client id ${servicePartner.clientId}, secret ${servicePartner.clientSecret}
Installation:     ${installation.installationId} (partner ${installation.partnerId})
Seeded orders:    ${args.seedOrders} per partner
Answer latency:   ${args.latency} ms ± ${args.jitter} ms

Control endpoints:
${control.join('\n')}

Ctrl-C stops.`);
	const stop = async () => {
		await sim.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
