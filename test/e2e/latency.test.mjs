// Per-item requests at OTTO's latency in a real n8n, with default settings: Orders › Get Many
// (600 orders) → Orders › Get for each of the 600 items, against the simulator answering in
// 150 ± 50 ms with its rate limit of 20 requests per second on. The rate-limit ideal is 600 / 20 =
// 30 s; one item after the other took about 100 s. Passes at most 1.2 × 30 s (first request to last
// answer, at the simulator), every order read once, no failures.
// OTTO_E2E_VERSIONS=2.41.1 limits the versions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { describeRun, isTokenRequest, log, setupWorld, versionsUnderTest } from '../../tools/demo/e2e-helpers.mjs';

const PARTNER = '1000001';
const ORDERS = 600;
const LIMIT_MS = 1.2 * (ORDERS / 20) * 1000;

for (const version of versionsUnderTest()) {
	describe(`n8n ${version}: per-item reads at 150 ms latency`, { timeout: 900_000 }, () => {
		let world;
		before(async () => {
			world = await setupWorld(version);
		});
		after(async () => {
			if (world) await world.dispose();
		});

		test(`Get Many (${ORDERS}) → Get for each item within ${LIMIT_MS / 1000} s`, { timeout: 600_000 }, async () => {
			const { sim, n8n, credential } = world;
			const created = sim.orders.create(PARTNER, { count: ORDERS, at: Date.now() - ORDERS * 1000, intervalMs: 1000 });
			const credentials = { ottoMarketApi: { id: credential.id, name: credential.name } };
			const workflow = {
				name: 'latency: get many -> get each',
				nodes: [
					{ id: 'a0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: 'a0000000-0000-4000-8000-000000000002',
						name: 'Get many orders',
						type: 'n8n-nodes-otto-market.ottoMarketOrders',
						typeVersion: 1,
						position: [240, 0],
						parameters: { operation: 'getMany', returnAll: true },
						credentials,
					},
					{
						id: 'a0000000-0000-4000-8000-000000000003',
						name: 'Get each order',
						type: 'n8n-nodes-otto-market.ottoMarketOrders',
						typeVersion: 1,
						position: [480, 0],
						parameters: { operation: 'get', order: { __rl: true, mode: 'id', value: '={{ $json.salesOrderId }}' } },
						credentials,
					},
				],
				connections: {
					Start: { main: [[{ node: 'Get many orders', type: 'main', index: 0 }]] },
					'Get many orders': { main: [[{ node: 'Get each order', type: 'main', index: 0 }]] },
				},
			};
			const id = await n8n.importWorkflow(workflow);
			sim.config.latencyMs = 150;
			sim.config.latencyJitterMs = 50;
			sim.clearRequests();
			let run;
			try {
				run = await n8n.execute(id, { timeoutMs: 400_000 });
			} finally {
				sim.config.latencyMs = 0;
				sim.config.latencyJitterMs = 0;
			}
			assert.ok(run.ok, describeRun(run));
			// Measured at the simulator (n8n's printed run of 1,200 orders is not always parseable): from the
			// first request of Get Many to the answer of the last Get (its arrival plus the latency).
			const data = sim.requests.filter((r) => !isTokenRequest(r));
			const reads = data.filter((r) => r.path.startsWith('/v4/orders/'));
			const limited = data.filter((r) => r.status === 429).length;
			const good = reads.filter((r) => r.status === 200);
			assert.equal(good.length, ORDERS, 'every order read once');
			assert.deepEqual(new Set(good.map((r) => r.path.slice('/v4/orders/'.length))), new Set(created.map((o) => o.salesOrderId)));
			const times = data.map((r) => Date.parse(r.time));
			const ms = Math.max(...times) - Math.min(...times) + 150;
			const each = run.nodeOutput('Get each order');
			if (each) {
				const listed = run.nodeOutput('Get many orders');
				assert.deepEqual(each.map((o) => o.salesOrderId), listed.map((o) => o.salesOrderId), 'one order per input item, in input order');
			}
			log(`[${version}] latency 150 ± 50 ms: ${ORDERS} orders listed and read in ${ms} ms (limit ${LIMIT_MS} ms), ${limited}× 429, ${data.length} data requests; n8n execute took ${run.ms} ms in all`);
			assert.ok(ms <= LIMIT_MS, `${ms} ms > ${LIMIT_MS} ms`);
		});
	});
}
