import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { listFormSku as sku, seedListForms } from '../catalog';

describe('OTTO Market Products: Price > Get Many', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const node = new OttoMarketProducts();
	const seed = (count?: number) => seedListForms(world.sim, count);

	it('Price > Get Many reads { variationPrices } over pages, filtered', async () => {
		seed(130);
		const prices = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'price', operation: 'getManyPrices', returnAll: true, filters: { category: 'Jeans' } },
			credentials: world.sellerCredential(),
		});
		expect(prices.items).toHaveLength(65);
		expect(prices.items[0].json).toEqual({ sku: sku(1), standardPrice: { amount: 11, currency: 'EUR' } });
		expect(requestsTo(world.sim, '/v5/products/prices')[0].query).toMatchObject({ category: 'Jeans', limit: '100' });
	});
});
