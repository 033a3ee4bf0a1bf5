// The service partner's daily job (examples/service-partner-daily-shipments.json) in a real n8n
// (2.41.1 and 1.123.81) against the simulator: one credential in mode "Service Partner App
// (Installation per Item)", a roster of two seller installations, orders ready to ship per seller,
// one shipment per order with that seller's token, results grouped by installation. Invariant: no
// item of one seller appears under the other's installation ID, and every request carries the token
// of the seller whose data it touches. Then a seller uninstalls: its items fail, the other seller's go on.
// Last, an Orders Trigger over both installations runs published on n8n's minute ticks: every order once under
// its own installation; while one seller is uninstalled the other's orders still come, the failed one is
// reported (n8n's log and an item) and its orders of that time come once it is installed again.
// OTTO_E2E_VERSIONS=2.41.1 limits the versions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { loadExamples, simulatorModule } from '../../tools/demo/common.mjs';
import { describeRun, log, setupWorld, sleep, versionsUnderTest, waitFor } from '../../tools/demo/e2e-helpers.mjs';

const FILE = 'service-partner-daily-shipments.json';
const PKG = 'n8n-nodes-otto-market';
const CREDENTIAL = { id: 'ottoDemoSpAppCrd', name: 'OTTO Market service partner app (simulator)' };

/** The example's credential: the built-in service-partner app of the simulator, no installation. */
function partnerAppCredential(baseUrl) {
	const { BUILT_IN } = simulatorModule();
	return {
		...CREDENTIAL,
		type: 'ottoMarketApi',
		data: {
			environment: 'custom',
			baseUrl,
			authMode: 'servicePartnerApp',
			appId: BUILT_IN.servicePartner.appId,
			clientId: BUILT_IN.servicePartner.clientId,
			clientSecret: BUILT_IN.servicePartner.clientSecret,
		},
	};
}

const example = () => {
	const found = loadExamples().find((e) => e.file === FILE);
	assert.ok(found, `examples/${FILE} is missing`);
	return found.json;
};

for (const version of versionsUnderTest()) {
	describe(`n8n ${version}: service partner, many installations`, { timeout: 900_000 }, () => {
		let world;
		let sim;
		let n8n;
		let sellers;

		before(async () => {
			world = await setupWorld(version);
			({ sim, n8n } = world);
			await n8n.importCredentials([partnerAppCredential(sim.url)]);
			const { BUILT_IN } = simulatorModule();
			sellers = [BUILT_IN.installation, BUILT_IN.secondInstallation];
			sellers.forEach((seller, i) => sim.orders.create(seller.partnerId, { count: 2 + i, status: 'PROCESSABLE' }));
		});
		after(async () => {
			if (world) await world.dispose();
		});

		/** The installation whose token a logged request carried (null: none / not an installation token). */
		const installationOf = (request) => sim.tokens.validate(String(request.headers.authorization ?? '').replace(/^Bearer /, ''))?.installationId ?? null;

		test('the daily job: orders ready to ship -> shipments, per seller, never mixed', { timeout: 300_000 }, async () => {
			const expected = new Map(
				sellers.map((s) => [s.installationId, new Set(sim.orders.list(s.partnerId).filter((o) => o.positionItems.every((p) => p.fulfillmentStatus === 'PROCESSABLE')).map((o) => o.salesOrderId))]),
			);
			const id = await n8n.importWorkflow(example());
			sim.clearRequests();
			const run = await n8n.execute(id);
			assert.ok(run.ok, describeRun(run));

			const orders = run.nodeOutput('Orders ready to ship');
			assert.equal(orders.length, [...expected.values()].reduce((n, set) => n + set.size, 0));
			for (const order of orders) {
				assert.ok(expected.get(order.installationId)?.has(order.salesOrderId), `order ${order.salesOrderId} under ${order.installationId}`);
			}
			const shipments = run.nodeOutput('Create shipment');
			assert.equal(shipments.length, orders.length);
			shipments.forEach((s, i) => {
				assert.equal(s.installationId, orders[i].installationId);
				assert.equal(s.created, true);
			});
			const perSeller = run.nodeOutput('Shipments per seller');
			assert.deepEqual(
				perSeller.map((row) => [row.installationId, row.count_shipmentId]).sort(),
				sellers.map((s) => [s.installationId, expected.get(s.installationId).size]).sort(),
			);
			// Every data request used the token of the seller whose order it touched; one exchange per seller.
			for (const request of sim.requests.filter((r) => r.partnerId)) {
				const seller = sellers.find((s) => s.partnerId === request.partnerId);
				assert.equal(installationOf(request), seller?.installationId, `${request.method} ${request.path}`);
			}
			const exchanges = sim.requests.filter((r) => r.path.endsWith('/accessToken'));
			assert.deepEqual(exchanges.map((r) => r.path.split('/')[5]).sort(), sellers.map((s) => s.installationId).sort());
			for (const s of sellers) {
				for (const orderId of expected.get(s.installationId)) {
					const order = sim.orders.get(s.partnerId, orderId);
					assert.ok(order.positionItems.every((p) => p.fulfillmentStatus === 'SENT'), `${orderId} shipped at its own seller`);
				}
			}
			log(`[${version}] service partner daily job: ${shipments.length} shipments for ${sellers.length} sellers in ${run.ms} ms`);
		});

		test('a seller uninstalls: its item fails with what to do, the other seller goes on', { timeout: 300_000 }, async () => {
			const [gone, stays] = sellers;
			sim.orders.create(stays.partnerId, { count: 1, status: 'PROCESSABLE' });
			sim.apps.setInstallationState(gone.installationId, 'DISABLED', sim.tokens);
			const id = await n8n.importWorkflow(example());
			sim.clearRequests();
			const run = await n8n.execute(id);
			assert.ok(run.ok, describeRun(run));
			const orders = run.nodeOutput('Orders ready to ship');
			const failed = orders.filter((o) => o.error !== undefined);
			assert.equal(failed.length, 1);
			assert.match(String(failed[0].error), new RegExp(`installation "${gone.installationId}".*HTTP 403`));
			assert.equal(failed[0].installationId, gone.installationId);
			const fine = orders.filter((o) => o.error === undefined);
			assert.ok(fine.length >= 1);
			assert.ok(fine.every((o) => o.installationId === stays.installationId));
			assert.ok(sim.requests.filter((r) => r.partnerId === gone.partnerId).length === 0, 'nothing read or written for the uninstalled seller');
			sim.apps.setInstallationState(gone.installationId, 'ENABLED');
		});

		test('Orders Trigger over both installations, published: each order once under its seller; an uninstalled seller is reported and catches up', { timeout: 600_000 }, async () => {
			const [first, second] = sellers;
			const id = await n8n.importWorkflow({
				name: 'e2e: orders trigger over installations -> sink',
				nodes: [
					{
						name: 'Orders of every seller',
						type: `${PKG}.ottoMarketOrdersTrigger`,
						typeVersion: 1,
						position: [0, 0],
						parameters: {
							pollTimes: { item: [{ mode: 'everyMinute' }] },
							event: 'processable',
							// an expression giving a list, as from a variable or a roster
							installationIds: `={{ ${JSON.stringify(sellers.map((s) => s.installationId))} }}`,
							options: { reportFailedInstallations: true },
						},
						credentials: { ottoMarketApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
					},
					{
						name: 'Post to sink',
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						position: [240, 0],
						parameters: {
							method: 'POST',
							url: `${sim.url}/__control/sink/orders`,
							sendBody: true,
							specifyBody: 'json',
							jsonBody:
								'={{ JSON.stringify({ installationId: $json.installationId, salesOrderId: $json.salesOrderId, failed: $json._ottoInstallationError === true, httpCode: $json.httpCode }) }}',
							options: {},
						},
					},
				],
				connections: { 'Orders of every seller': { main: [[{ node: 'Post to sink', type: 'main', index: 0 }]] } },
			});
			await n8n.publish(id);
			sim.demo.clearSink();
			const sunk = () => sim.demo.sink.filter((e) => e.tag === 'orders').map((e) => e.body);
			const events = () => sunk().filter((e) => !e.failed);
			const reports = () => sunk().filter((e) => e.failed);
			const create = (seller) => sim.orders.create(seller.partnerId, { count: 1, status: 'PROCESSABLE', positions: 1 })[0].salesOrderId;

			// 1. the activation poll starts a cursor for each installation; one order per seller comes with the next tick
			await n8n.start();
			await sleep(5000);
			const a = [create(first), create(second)];
			await waitFor('the first tick to emit one order per seller', () => events().length >= 2, { timeoutMs: 95_000 });
			await sleep(2000);
			assert.deepEqual(
				events().map((e) => [e.installationId, e.salesOrderId]).sort(),
				[[first.installationId, a[0]], [second.installationId, a[1]]].sort(),
			);

			// 2. the first seller uninstalls: the second seller's order still comes, the first is reported, its cursor kept
			sim.apps.setInstallationState(first.installationId, 'DISABLED', sim.tokens);
			const b = [create(first), create(second)];
			await waitFor('a tick with the second seller\'s order and a report for the first', () => events().length >= 3 && reports().length >= 1, { timeoutMs: 95_000 });
			await sleep(2000);
			assert.deepEqual(events().slice(2).map((e) => [e.installationId, e.salesOrderId]), [[second.installationId, b[1]]]);
			assert.equal(reports()[0].installationId, first.installationId);
			assert.equal(reports()[0].httpCode, '403');
			assert.match(n8n.logs, new RegExp(`installation "${first.installationId}" failed \\(1 poll in a row`));

			// 3. installed again: its order of the outage comes with the next tick, once
			sim.apps.setInstallationState(first.installationId, 'ENABLED');
			await waitFor('the first seller\'s order of the outage', () => events().some((e) => e.salesOrderId === b[0]), { timeoutMs: 130_000 });
			await sleep(3000);
			const all = events().map((e) => [e.installationId, e.salesOrderId]);
			assert.deepEqual(
				all.sort(),
				[
					[first.installationId, a[0]],
					[second.installationId, a[1]],
					[first.installationId, b[0]],
					[second.installationId, b[1]],
				].sort(),
				'every order exactly once, under its own installation',
			);
			log(`[${version}] trigger over ${sellers.length} installations: ${all.length} orders, ${reports().length} failure report(s)`);
			await n8n.stop();
		});
	});
}
