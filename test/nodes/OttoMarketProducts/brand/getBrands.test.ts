import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { pagesUpTo, requestsTo, useSimulator } from '../../../helpers/simulator';

describe('OTTO Market Products: Brand > Get Brands', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();

	it('brands: OTTO\'s { brands, links } shape, cut by Limit', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'brand', operation: 'getBrands', returnAll: false, limit: 2 },
			credentials: world.sellerCredential(),
		});
		expect(result.items.map((i) => i.json)).toEqual([
			{ id: 'b-0001', name: 'Barista Pro', logo: expect.any(String), usable: true },
			{ id: 'b-0002', name: 'CycloneX', logo: expect.any(String), usable: true },
		]);
		expect(requestsTo(world.sim, '/v5/products/brands')).toHaveLength(1);
	});

	it('brands: Return All follows OTTO\'s pages (at most 1000 each), every brand exactly once', async () => {
		world.sim.config.productBrandCount = 2345;
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'brand', operation: 'getBrands', returnAll: true },
			credentials: world.sellerCredential(),
		});
		const ids = result.items.map((i) => String(i.json.id));
		expect(ids).toHaveLength(2345);
		expect(new Set(ids).size).toBe(2345);
		// Pages are read ahead (pagination.ts): at most Max Concurrent Requests − 1 asked for beyond the last one.
		const { read, beyond } = pagesUpTo(requestsTo(world.sim, '/v5/products/brands'), 3);
		expect(read.map((r) => [r.query.page ?? '1', r.query.limit])).toEqual([
			['1', '1000'],
			['2', '1000'],
			['3', '1000'],
		]);
		expect(beyond).toBeLessThanOrEqual(7);
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
