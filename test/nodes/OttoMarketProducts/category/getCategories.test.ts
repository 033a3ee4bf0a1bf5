import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';

describe('OTTO Market Products: Category > Get Categories', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();

	it('categories: all groups, or the group of one category; pages count from 0 as OTTO says', async () => {
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
			{ page: '0', limit: '2000' },
			{ page: '0', category: 'Jeans', limit: '2000' },
		]);
	});

	it('categories page by page from page 0, every group once (Limit 5 of 12)', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'category', operation: 'getCategories', returnAll: false, limit: 5 },
			credentials: world.sellerCredential(),
		});
		expect(result.items).toHaveLength(5);
		const sim = await fetch(`${world.sim.url}/v5/products/categories?limit=5`, {
			headers: { authorization: `Bearer ${world.sim.tokens.issue({ partnerId: '1000001', scopes: ['products'] }).token}` },
		});
		const first = (await sim.json()) as { categoryGroups: Array<{ categoryGroup: string }>; links: Array<{ rel: string; href: string }> };
		expect(result.items.map((i) => i.json.categoryGroup)).toEqual(first.categoryGroups.map((g) => g.categoryGroup));
		expect(first.links.find((l) => l.rel === 'next')?.href).toContain('page=1');
	});
});
