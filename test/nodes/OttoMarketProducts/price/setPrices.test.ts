import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { productsOf, seedProducts } from '../catalog';

describe('OTTO Market Products: Price > Set', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();
	beforeEach(() => {
		world.sim.config.productTaskDelayMs = 100;
	});

	it('Set: both items in one request, with a sale; visible after the task', async () => {
		seedProducts(world.sim, 2);
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: {
					resource: 'price',
					operation: 'setPrices',
					sku: '={{ $json.sku }}',
					amount: '={{ $json.price }}',
					currency: 'EUR',
					sale: { salePrice: 19.99, startDate: '2026-06-01T00:00:00Z', endDate: '2026-06-30T00:00:00Z' },
					waitForCompletion: true,
					maxWaitSeconds: 10,
				},
				credentials: world.sellerCredential(),
			},
			[{ json: { sku: 'SKU-0000', price: 29.99 } }, { json: { sku: 'SKU-0001', price: 24.5 } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => (i.json.task as { state: string }).state)).toEqual(['done', 'done']);
		const posts = requestsTo(world.sim, '/v5/products/prices', 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toEqual([
			{
				sku: 'SKU-0000',
				standardPrice: { amount: 29.99, currency: 'EUR' },
				sale: { salePrice: { amount: 19.99, currency: 'EUR' }, startDate: '2026-06-01T00:00:00.000Z', endDate: '2026-06-30T00:00:00.000Z' },
			},
			{
				sku: 'SKU-0001',
				standardPrice: { amount: 24.5, currency: 'EUR' },
				sale: { salePrice: { amount: 19.99, currency: 'EUR' }, startDate: '2026-06-01T00:00:00.000Z', endDate: '2026-06-30T00:00:00.000Z' },
			},
		]);
		expect(productsOf(world.sim).get('SKU-0000')!.prices).toMatchObject({ standardPrice: { amount: 29.99 } });
	});

	it('Set: a sale price above the standard price fails its item before any request', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'price', operation: 'setPrices', sku: 'SKU-0000', amount: 10, currency: 'EUR', sale: { salePrice: 12 } },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('Invalid "Sale → Sale Price" in item 0: must be lower than the standard price (12 ≥ 10)');
		expect(world.sim.requests).toHaveLength(0);
	});
});
