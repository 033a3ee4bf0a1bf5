// The service partner's daily job (examples/service-partner-daily-shipments.json) in a real n8n
// (2.41.1 and 1.123.81) against the simulator: one credential in mode "Service Partner App
// (Installation per Item)", a roster of two seller installations, orders ready to ship per seller,
// one shipment per order with that seller's token, results grouped by installation. Invariant: no
// item of one seller appears under the other's installation ID, and every request carries the token
// of the seller whose data it touches. Then a seller uninstalls: its items fail, the other seller's go on.
// OTTO_E2E_VERSIONS=2.41.1 limits the versions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { loadExamples, simulatorModule } from '../../tools/demo/common.mjs';
import { describeRun, log, setupWorld, versionsUnderTest } from '../../tools/demo/e2e-helpers.mjs';

const FILE = 'service-partner-daily-shipments.json';
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
	});
}
