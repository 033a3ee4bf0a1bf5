import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { seedProducts } from '../catalog';

describe('OTTO Market Products: Get Many', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();

	it('Return All walks the pages (100 + 50)', async () => {
		seedProducts(world.sim, 150);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'product', operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(150);
		expect(new Set(result.items.map((i) => i.json.sku)).size).toBe(150);
		const calls = requestsTo(world.sim, '/v5/products');
		expect(calls.map((c) => [c.query.page ?? '1', c.query.limit])).toEqual([
			['1', '100'],
			['2', '100'],
		]);
	});

	it('filters go to OTTO; Limit asks for no more than needed', async () => {
		seedProducts(world.sim, 20);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'product', operation: 'getMany', returnAll: false, limit: 3, filters: { category: 'Jeans', brandId: 'b-0001' } },
			credentials: world.sellerCredential(),
		});
		expect(result.items).toHaveLength(3);
		for (const item of result.items) expect(item.json.productDescription).toEqual({ category: 'Jeans', brandId: 'b-0001' });
		const calls = requestsTo(world.sim, '/v5/products');
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toEqual({ category: 'Jeans', brandId: 'b-0001', limit: '3' });
	});

	it('OTTO’s rate limit for product reads: waits and repeats (429 then 200)', async () => {
		seedProducts(world.sim, 2);
		world.sim.faults.add({ path: '/v5/products', status: 429, headers: { 'retry-after': '0' } });
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'product', operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.items).toHaveLength(2);
		expect(requestsTo(world.sim, '/v5/products').map((r) => r.status)).toEqual([429, 200]);
	});
});
