import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { seedProducts } from '../catalog';

describe('OTTO Market Products: Price > Get', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();
	beforeEach(() => {
		world.sim.config.productTaskDelayMs = 100;
	});

	it('Get: standard price of a SKU', async () => {
		seedProducts(world.sim, 2);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'price', operation: 'getPrices', sku: 'SKU-0001' },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ sku: 'SKU-0001', standardPrice: { amount: 11, currency: 'EUR' } });
		expect(requestsTo(world.sim, '/v5/products').map((r) => r.path)).toEqual(['/v5/products/SKU-0001/prices']);
	});
});
