import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../../helpers/simulator';

const P = SELLER.partnerId;

describe('OTTO Market Shipments: Shipment > Get Many', () => {
	const world = useSimulator();
	const node = () => new OttoMarketShipments();

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
	});

	it('gets many shipments since a date: Limit and Return All over several pages', async () => {
		world.sim.clock.set('2030-01-01T00:00:00Z');
		const orders = world.sim.orders.create(P, { count: 130, positions: 1 });
		const token = world.sim.tokens.issue({ partnerId: P, scopes: ['shipments'] }).token;
		for (const [i, order] of orders.entries()) {
			world.sim.clock.set(new Date(Date.parse('2030-01-01T00:00:00Z') + i * 1000));
			const response = await fetch(`${world.sim.url}/v1/shipments`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					trackingKey: { carrier: 'GLS', trackingNumber: `MANY-${i}` },
					shipDate: '2030-01-01T00:00:00Z',
					shipFromAddress: { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' },
					positionItems: [
						{ positionItemId: order.positionItems[0].positionItemId, salesOrderId: order.salesOrderId, returnTrackingKey: { carrier: 'GLS', trackingNumber: `R-${i}` } },
					],
				}),
			});
			expect(response.status).toBe(201);
		}
		world.sim.clock.reset();
		world.sim.clearRequests();
		const limited = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'getMany', dateFrom: '2030-01-01T00:00:00Z', limit: 5 },
			credentials: world.sellerCredential(),
		});
		expect(limited.items.map((item) => item.json.trackingKey)).toEqual(
			[0, 1, 2, 3, 4].map((i) => ({ carrier: 'GLS', trackingNumber: `MANY-${i}` })),
		);
		expect(requestsTo(world.sim, '/v1/shipments', 'GET').map((r) => r.query)).toEqual([{ datefrom: '2030-01-01T00:00:00.000Z', limit: '5' }]);
		world.sim.clearRequests();
		const all = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'getMany', dateFrom: '2030-01-01T00:00:10Z', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(all.items).toHaveLength(120);
		expect(new Set(all.items.map((item) => item.json.shipmentId)).size).toBe(120);
		expect(requestsTo(world.sim, '/v1/shipments', 'GET')).toHaveLength(2);
		expect(all.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('rejects a missing From Date before sending', async () => {
		const result = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'getMany', dateFrom: '={{ $json.since }}', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toContain('Invalid "From Date" in item 0');
		expect(requestsTo(world.sim, '/v1/shipments')).toHaveLength(0);
	});
});
