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
		const result = await run(6);
		expect(result.items).toHaveLength(1);
		expect((result.items[0].json.positionItems as Array<{ fulfillmentStatus: string }>)[0].fulfillmentStatus).toBe(
			'CANCELLED_BY_MARKETPLACE',
		);
		expect(world.sim.requests.map((r) => r.path).filter((p) => p.startsWith('/v4/'))).toEqual(['/v4/orders/testorders/scenario6']);
	});

	// OTTO's guide (Sandbox > Order Generator): 1, 2, 3, 4, 7, 8 PROCESSABLE (4 with discount),
	// 5 ANNOUNCED prepayment with WEEE pickup, 6 CANCELLED_BY_MARKETPLACE.
	it.each([
		[1, 'PROCESSABLE', /^1: Processable/],
		[2, 'PROCESSABLE', /^2: Processable/],
		[3, 'PROCESSABLE', /^3: Processable/],
		[4, 'PROCESSABLE', /^4: Processable With Discount/],
		[5, 'ANNOUNCED', /^5: Announced \(Prepayment, WEEE Pickup\)/],
		[6, 'CANCELLED_BY_MARKETPLACE', /^6: Cancelled by Marketplace/],
		[7, 'PROCESSABLE', /^7: Processable/],
		[8, 'PROCESSABLE', /^8: Processable/],
	])('scenario %i is %s, and its label says so', async (scenario, status, label) => {
		const options = (new OttoMarketOrders().description.properties.find((p) => p.name === 'scenario')?.options ?? []) as Array<{ name: string; value: number }>;
		expect(options.find((option) => option.value === scenario)?.name).toMatch(label);
		const result = await run(scenario);
		const order = result.items[0].json as { positionItems: Array<{ fulfillmentStatus: string; weeePickup?: boolean; itemValueDiscount?: unknown }>; payment: { paymentMethod: string } };
		expect(order.positionItems.every((item) => item.fulfillmentStatus === status)).toBe(true);
		if (scenario === 5) {
			expect(order.payment.paymentMethod).toBe('PREPAYMENT');
			expect(order.positionItems.every((item) => item.weeePickup === true)).toBe(true);
		}
		if (scenario === 6) expect(order.payment.paymentMethod).toBe('PREPAYMENT');
		if (scenario === 4) expect(order.positionItems.every((item) => item.itemValueDiscount !== undefined)).toBe(true);
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
