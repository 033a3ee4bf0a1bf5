/**
 * Faults while writing. A shipment, a cancellation or a return acceptance that OTTO may already
 * have processed (5xx after the fact, connection reset, timeout) is never sent a second time; a
 * request OTTO refused unprocessed (429, WAF 403 page, 401 after token expiry) is repeated. Every
 * input item ends as a result or an error item paired with it; runs end within their bounds.
 */
import { sleep } from 'n8n-workflow';
import type { INodeExecutionData } from 'n8n-workflow';

import { OttoMarketAvailability } from '../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { OttoMarketOrders } from '../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { OttoMarketReturns } from '../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { OttoMarketShipments } from '../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import type { FaultSpec, Simulator } from '../../simulator';
import { runNode } from '../helpers/n8n';
import type { RunResult } from '../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../helpers/simulator';

const P = SELLER.partnerId;
const FAST = { maxRetries: 2, maxRetryWaitSeconds: 1, initialBackoffMs: 20, timeout: 300 };

function expectEveryItemAccounted(result: RunResult, count: number): INodeExecutionData[] {
	expect(result.error).toBeUndefined();
	const items = result.outputs.flat();
	expect(items).toHaveLength(count);
	expect(items.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_, item) => ({ item })));
	return items;
}

interface SimShipment {
	shipmentId: string;
	positionItems: Array<{ salesOrderId: string }>;
}
const shipmentsOf = (sim: Simulator) =>
	(sim as unknown as { shipments: { list(partnerId: string): SimShipment[] } }).shipments.list(P);
const returnsOf = (sim: Simulator) =>
	(sim as unknown as {
		returns: {
			announce(partnerId: string, opts: { count: number }): Array<{ positionItemId: string; salesOrderId: string }>;
			list(partnerId: string, status?: string): unknown[];
		};
	}).returns;

describe('faults while writing', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	let tracking = 0;

	const timedRun = async (node: Parameters<typeof runNode>[1], input: INodeExecutionData[]) => {
		const started = Date.now();
		const result = await runNode(world.helper, { ...node, credentials: world.sellerCredential(), onError: 'continueRegularOutput' }, input);
		return { result, elapsed: Date.now() - started };
	};

	it('shipments: a 503, a reset and a timeout after OTTO created the shipment are not repeated; 429, WAF page and 401 are', async () => {
		const orders = world.sim.orders.create(P, { count: 6, positions: 1 });
		const post = { method: 'POST', path: '/v1/shipments' };
		// What happens to the POST of each order; armed when the node reads that order just before.
		const fate: Array<FaultSpec | 'expire tokens'> = [
			{ ...post, status: 503, afterHandler: true }, // created, answer lost
			{ ...post, reset: true, afterHandler: true }, // created, socket reset
			'expire tokens', // 401 before anything happened: new token, sent again
			{ ...post, status: 429, headers: { 'retry-after': '0' } }, // refused unprocessed
			{ ...post, status: 403, html: true }, // WAF page, unprocessed
			{ ...post, delayMs: 700 }, // created after the client gave up waiting
		];
		const armed = new Set<string>();
		const get = world.sim.orders.get.bind(world.sim.orders);
		const spy = jest.spyOn(world.sim.orders, 'get').mockImplementation((partnerId, id) => {
			const index = orders.findIndex((order) => order.salesOrderId === id);
			if (index >= 0 && !armed.has(id)) {
				armed.add(id);
				const what = fate[index];
				if (what === 'expire tokens') world.sim.expireTokens();
				else world.sim.faults.add(what);
			}
			return get(partnerId, id);
		});
		try {
			const { result, elapsed } = await timedRun(
				{
					type: new OttoMarketShipments(),
					parameters: {
						resource: 'shipment',
						operation: 'create',
						carrier: 'DHL',
						trackingNumber: '={{ $json.tracking }}',
						shipFromCity: 'Hamburg',
						shipFromZipCode: '22179',
						shipFromCountryCode: 'DEU',
						positionItemsSource: 'order',
						salesOrderId: '={{ $json.id }}',
						returnCarrier: 'DHL',
						returnTrackingNumber: '={{ "R-" + $json.tracking }}',
						// The fate of each POST is armed by the read just before it: one item after the other.
						requestOptions: { ...FAST, maxConcurrentRequests: 1 },
					},
				},
				orders.map((order) => ({ json: { id: order.salesOrderId, tracking: `00340434${String(++tracking).padStart(12, '0')}` } })),
			);
			const items = expectEveryItemAccounted(result, 6);
			expect(items.map((item) => (item.json.error ? 'error' : 'ok'))).toEqual(['error', 'error', 'ok', 'ok', 'ok', 'error']);
			expect(String(items[5].json.error)).toMatch(/did not answer within 300 ms/);
			for (const index of [0, 1, 5]) {
				const description = (items[index].error as { description?: string } | undefined)?.description ?? items[index].json.details;
				expect(String(description)).toMatch(/not repeated automatically, because OTTO may already have processed it/);
			}
			await sleep(800); // let the simulator finish the slow request
			const posts = requestsTo(world.sim, '/v1/shipments', 'POST');
			// 3 unsafe failures sent once each; 429, WAF and 401 repeated once each
			expect(posts).toHaveLength(3 + 2 * 3);
			const shipments = shipmentsOf(world.sim);
			expect(posts.map((p) => p.status)).toEqual([503, 0, 401, 201, 429, 201, 403, 201, expect.any(Number)]);
			for (const order of orders) {
				expect(shipments.filter((s) => s.positionItems.some((p) => p.salesOrderId === order.salesOrderId))).toHaveLength(1);
			}
			expect(elapsed).toBeLessThan(300 + 6 * 2 * 80 + 2500);
		} finally {
			spy.mockRestore();
		}
	});

	it('order cancellations: a 502 or a reset after OTTO cancelled is not repeated, a 429 is', async () => {
		const orders = world.sim.orders.create(P, { count: 3, positions: 1 });
		world.sim.faults.add({ method: 'POST', path: /\/cancellation$/, status: 502, afterHandler: true });
		world.sim.faults.add({ method: 'POST', path: /\/cancellation$/, reset: true, afterHandler: true });
		world.sim.faults.add({ method: 'POST', path: /\/cancellation$/, status: 429, headers: { 'retry-after': '0' } });
		const { result, elapsed } = await timedRun(
			{ type: new OttoMarketOrders(), parameters: { operation: 'cancel', salesOrderId: '={{ $json.id }}', requestOptions: FAST } },
			orders.map((order) => ({ json: { id: order.salesOrderId } })),
		);
		const items = expectEveryItemAccounted(result, 3);
		expect(items.map((item) => (item.json.error ? 'error' : 'ok'))).toEqual(['error', 'error', 'ok']);
		const per = (id: string) => requestsTo(world.sim, `/v4/orders/${id}/cancellation`, 'POST').length;
		expect(orders.map((order) => per(order.salesOrderId))).toEqual([1, 1, 2]);
		for (const order of orders) expect(order.positionItems[0].fulfillmentStatus).toBe('CANCELLED_BY_PARTNER');
		expect(elapsed).toBeLessThan(2000);
	});

	it('return acceptance (one batch of 3): a reset after OTTO accepted gives 3 error items and one POST', async () => {
		const announced = returnsOf(world.sim).announce(P, { count: 3 });
		world.sim.faults.add({ method: 'POST', path: '/v3/returns/acceptance', reset: true, afterHandler: true });
		const { result, elapsed } = await timedRun(
			{
				type: new OttoMarketReturns(),
				parameters: {
					operation: 'accept',
					positionItemId: '={{ $json.positionItemId }}',
					salesOrderId: '={{ $json.salesOrderId }}',
					condition: 'A',
					reason: 'RETURN_RECEIVED',
					requestOptions: FAST,
				},
			},
			announced.map((r) => ({ json: { positionItemId: r.positionItemId, salesOrderId: r.salesOrderId } })),
		);
		const items = expectEveryItemAccounted(result, 3);
		for (const item of items) expect(item.json.error).toBeDefined();
		expect(requestsTo(world.sim, '/v3/returns/acceptance', 'POST')).toHaveLength(1);
		expect(returnsOf(world.sim).list(P, 'ACCEPTED')).toHaveLength(3); // OTTO did accept them, exactly once
		expect(elapsed).toBeLessThan(2000);
	});

	it('stock updates are safe to repeat: a 503 and a reset are retried and every SKU ends as a result', async () => {
		world.sim.config.availabilityAcceptAnySku = true;
		world.sim.faults.add({ method: 'POST', path: '/v1/availability/quantities', status: 503 });
		world.sim.faults.add({ method: 'POST', path: '/v1/availability/quantities', reset: true });
		const input = Array.from({ length: 250 }, (_, i) => ({ json: { sku: `FAULT-${i}`, quantity: i } }));
		const { result, elapsed } = await timedRun(
			{
				type: new OttoMarketAvailability(),
				parameters: { resource: 'quantity', operation: 'update', sku: '={{ $json.sku }}', quantity: '={{ $json.quantity }}', requestOptions: FAST },
			},
			input,
		);
		const items = expectEveryItemAccounted(result, 250);
		expect(items.filter((item) => item.json.error)).toHaveLength(0);
		// batch 1: 503 then reset then OK; batch 2: OK
		expect(requestsTo(world.sim, '/v1/availability/quantities', 'POST')).toHaveLength(4);
		world.sim.config.availabilityAcceptAnySku = false;
		expect(elapsed).toBeLessThan(3000);
	});

	it('a write under a 429 storm that never ends gives one error item per item after Max Retries, nothing processed', async () => {
		const orders = world.sim.orders.create(P, { count: 2, positions: 1 });
		world.sim.faults.add({ method: 'POST', path: /\/cancellation$/, status: 429, times: Infinity, headers: { 'retry-after': '0' } });
		const { result, elapsed } = await timedRun(
			{ type: new OttoMarketOrders(), parameters: { operation: 'cancel', salesOrderId: '={{ $json.id }}', requestOptions: FAST } },
			orders.map((order) => ({ json: { id: order.salesOrderId } })),
		);
		const items = expectEveryItemAccounted(result, 2);
		for (const item of items) expect(String(item.json.error)).toMatch(/rate limit \(HTTP 429\) after 2 retries/);
		expect(requestsTo(world.sim, '/v4/orders/', 'POST')).toHaveLength(2 * 3);
		for (const order of orders) expect(order.positionItems[0].fulfillmentStatus).toBe('PROCESSABLE');
		expect(elapsed).toBeLessThan(2000);
	});
});
