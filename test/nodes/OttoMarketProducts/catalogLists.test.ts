import { OttoMarketProducts } from '../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { loadOptions } from './catalog';

describe('OTTO Market Products: Get Categories, Get Brands', () => {
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
		expect(requestsTo(world.sim, '/v5/products/brands').map((r) => r.query.limit)).toEqual(['1000', '1000', '1000']);
	});

	it('the brand dropdown reads every page of { brands, links } and leaves out brands that are not usable', async () => {
		world.sim.config.productBrandCount = 1500;
		const options = await loadOptions(world, 'getBrands');
		// 1500 brands, every 10th not usable (simulator), so 150 left out.
		expect(options).toHaveLength(1350);
		expect(options.find((o) => o.value === 'b-0001')).toEqual({ name: 'Barista Pro', value: 'b-0001' });
		expect(options.find((o) => o.value === 'b-0010')).toBeUndefined();
		expect(options.find((o) => o.value === 'b-1499')).toBeDefined();
		expect(requestsTo(world.sim, '/v5/products/brands')).toHaveLength(2);
	});

	it('the category dropdown lists every category of every group', async () => {
		const options = await loadOptions(world, 'getCategories');
		expect(options.map((o) => o.value)).toContain('Jeans');
		expect(options).toHaveLength(new Set(options.map((o) => o.value)).size);
		expect(requestsTo(world.sim, '/v5/products/categories')[0].query.page).toBe('0');
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
