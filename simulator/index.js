'use strict';
// Entry point: startSimulator(options) -> Simulator (see index.d.ts and CONTRIBUTING.md).
// Every *.js file in ./interfaces is loaded automatically: module.exports = (sim) => { sim.route(...) }.

const fs = require('node:fs');
const path = require('node:path');
const { Simulator, errors, defaultRateLimits } = require('./core');
const constants = require('./constants');
const { createRng } = require('./random');

const INTERFACES_DIR = path.join(__dirname, 'interfaces');

function interfaceFiles() {
	return fs
		.readdirSync(INTERFACES_DIR)
		.filter((f) => f.endsWith('.js'))
		.sort((a, b) => (a === 'orders.js' ? -1 : b === 'orders.js' ? 1 : a.localeCompare(b)));
}

async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	for (const file of interfaceFiles()) {
		const register = require(path.join(INTERFACES_DIR, file));
		if (typeof register !== 'function') throw new Error(`simulator/interfaces/${file} must export (sim) => void`);
		register(sim);
	}
	if (options.seedOrders) sim.seedDefaultOrders(options.seedOrders);
	await sim.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	return sim;
}

module.exports = { startSimulator, Simulator, errors, defaultRateLimits, createRng, interfaceFiles, ...constants };
