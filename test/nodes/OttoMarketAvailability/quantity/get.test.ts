import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER } from '../../../helpers/simulator';
import { availabilityOf, deliverySku, useAvailabilitySimulator } from '../sim';

const P = SELLER.partnerId;
const skuAt = deliverySku;

describe('OTTO Market Availability: Quantity > Get', () => {
	const world = useAvailabilitySimulator();
	const node = () => new OttoMarketAvailability();

	it('gets the quantity of one SKU, and a 404 for an unknown SKU', async () => {
		const store = availabilityOf(world.sim).quantities(P);
		for (let i = 0; i < 420; i++) store.set(skuAt(i), { sku: skuAt(i), quantity: i, lastModified: '2026-01-01T00:00:00.000Z' });
		const one = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'quantity', operation: 'get', sku: skuAt(42) },
			credentials: world.sellerCredential(),
		});
		expect(one.items[0].json).toEqual({ sku: skuAt(42), quantity: 42, lastModified: '2026-01-01T00:00:00.000Z' });
		const missing = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'quantity', operation: 'get', sku: 'NOT-THERE' },
			credentials: world.sellerCredential(),
		});
		expect(missing.error?.httpCode).toBe('404');
	});
});
