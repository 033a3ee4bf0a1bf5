import { OttoMarketProducts } from '../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

describe('OTTO Market Products: Get Categories, Get Brands', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();

	it('categories: all groups, or the group of one category', async () => {
		const all = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'category', operation: 'getCategories', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(all.items).toHaveLength(12);
		const one = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'category', operation: 'getCategories', category: 'Jeans', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(one.items.map((i) => i.json.categoryGroup)).toEqual(['Hosen']);
		expect(requestsTo(world.sim, '/v5/products/categories').map((r) => r.query)).toEqual([
			{ limit: '2000' },
			{ category: 'Jeans', limit: '2000' },
		]);
	});

	it('brands: the list, cut by Limit', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'brand', operation: 'getBrands', returnAll: false, limit: 2 },
			credentials: world.sellerCredential(),
		});
		expect(result.items.map((i) => i.json)).toEqual([
			{ id: 'b-0001', name: 'Barista Pro', usedForBrand: true },
			{ id: 'b-0002', name: 'CycloneX', usedForBrand: true },
		]);
		expect(requestsTo(world.sim, '/v5/products/brands')).toHaveLength(1);
	});

	it('without the products scope: 403 naming the scope', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'brand', operation: 'getBrands', returnAll: true },
			credentials: world.sellerCredential({ scopes: ['orders'] }),
		});
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain("lacks the scope 'products'");
	});
});
