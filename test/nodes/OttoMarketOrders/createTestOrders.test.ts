import { OttoMarketOrders } from '../../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { runNode } from '../../helpers/n8n';
import { useSimulator } from '../../helpers/simulator';

const PARTNER = '1000001';

describe('OTTO Market Orders: Create Test Orders', () => {
	const world = useSimulator({ seed: 3, rateLimitsEnabled: false }); // exact request counts; the 20/s limit is tested with the transport
	const run = (scenario: number, extra = {}) =>
		runNode(world.helper, {
			type: new OttoMarketOrders(),
			parameters: { operation: 'createTestOrders', scenario },
			credentials: world.sellerCredential(extra),
		});

	it('creates all eight scenarios, one item per created order', async () => {
		const result = await run(0);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(8);
		expect(world.sim.orders.list(PARTNER)).toHaveLength(8);
		expect(world.sim.requests.filter((r) => r.path === '/v4/orders/testorders')).toHaveLength(1);
		expect(result.items.map((item) => item.json.salesOrderId)).toEqual(world.sim.orders.list(PARTNER).map((o) => o.salesOrderId));
	});

	it('creates one scenario', async () => {
		const result = await run(8);
		expect(result.items).toHaveLength(1);
		expect((result.items[0].json.positionItems as Array<{ fulfillmentStatus: string }>)[0].fulfillmentStatus).toBe(
			'CANCELLED_BY_MARKETPLACE',
		);
		expect(world.sim.requests.map((r) => r.path).filter((p) => p.startsWith('/v4/'))).toEqual(['/v4/orders/testorders/scenario8']);
	});

	it.each([
		[{ environment: 'production' }],
		[{ environment: 'custom', baseUrl: 'https://api.otto.market/' }],
	])('refuses a production credential %j before any request', async (credential) => {
		const result = await run(0, credential);
		expect(result.error?.message).toBe('Test orders can only be created in the OTTO sandbox');
		expect(world.sim.requests).toHaveLength(0);
	});
});
