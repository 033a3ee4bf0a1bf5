import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo } from '../../../helpers/simulator';
import { availabilityOf, deliverySku, useAvailabilitySimulator } from '../sim';

const P = SELLER.partnerId;
const Q = '/v1/availability/quantities';
const skuAt = deliverySku;

describe('OTTO Market Availability: Quantity > Get Many', () => {
	const world = useAvailabilitySimulator();
	const node = () => new OttoMarketAvailability();

	it('gets many quantities with Limit and Return All', async () => {
		const store = availabilityOf(world.sim).quantities(P);
		for (let i = 0; i < 420; i++) store.set(skuAt(i), { sku: skuAt(i), quantity: i, lastModified: '2026-01-01T00:00:00.000Z' });
		world.sim.clearRequests();
		const limited = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'quantity', operation: 'getMany', limit: 3 },
			credentials: world.sellerCredential(),
		});
		expect(limited.items.map((item) => item.json.sku)).toEqual([skuAt(0), skuAt(1), skuAt(2)]);
		expect(requestsTo(world.sim, Q, 'GET').map((r) => r.query.limit)).toEqual(['3']);
		world.sim.clearRequests();
		const all = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'quantity', operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(all.items).toHaveLength(420);
		expect(new Set(all.items.map((item) => item.json.sku)).size).toBe(420);
		expect(requestsTo(world.sim, Q, 'GET')).toHaveLength(3);
	});
});
