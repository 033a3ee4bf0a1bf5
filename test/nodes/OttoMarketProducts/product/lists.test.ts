/**
 * The list forms of Products V5 (marketplace status, active status, prices, content changes), as
 * OTTO's spec names them: records in `marketPlaceStatus`, `status`, `variationPrices`,
 * `contentChanges`, each with `links` (ProductsV5Api.md / *ProductsV5.md models).
 */
import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { productsOf, variation } from '../catalog';

const STATUSES = ['ONLINE', 'PENDING', 'RESTRICTED', 'REJECTED'];

describe('OTTO Market Products: list forms', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const node = new OttoMarketProducts();
	const DAY = 86_400_000;

	/** 150 variations; variation i changed i hours ago, status STATUSES[i % 4], every 7th inactive, content changed i days ago. */
	function seed(count = 150) {
		const map = productsOf(world.sim);
		map.clear();
		const now = world.sim.clock.now().getTime();
		for (let i = 0; i < count; i++) {
			const v = variation(i);
			map.set(String(v.sku), {
				variation: v,
				active: i % 7 !== 0,
				prices: { standardPrice: { amount: 10 + i, currency: 'EUR' } },
				marketplaceStatus: STATUSES[i % 4],
				lastModified: new Date(now - i * 3_600_000).toISOString(),
				lastContentChange: new Date(now - i * DAY + 60_000).toISOString(),
			} as never);
		}
		return { now, map };
	}
	const statusOf = (i: number) => (i % 7 === 0 ? 'INACTIVE' : STATUSES[i % 4]);
	const sku = (i: number) => `SKU-${String(i).padStart(4, '0')}`;

	it('Get Many Marketplace Statuses: fromDate, marketPlaceStatus and sortOrder go to OTTO, every match once over several pages', async () => {
		const { now } = seed();
		const since = new Date(now - 120 * 3_600_000).toISOString(); // variations 0..120
		const result = await runNode(world.helper, {
			type: node,
			parameters: {
				resource: 'product',
				operation: 'getManyMarketplaceStatus',
				returnAll: true,
				filters: { fromDate: since, marketPlaceStatus: ['ONLINE', 'INACTIVE'], sortOrder: 'asc' },
			},
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		const expected = Array.from({ length: 121 }, (_, i) => i).filter((i) => ['ONLINE', 'INACTIVE'].includes(statusOf(i)));
		// asc = oldest lastModified first = highest i first
		expect(result.items.map((item) => item.json.sku)).toEqual(expected.reverse().map(sku));
		expect(result.items.every((item) => ['ONLINE', 'INACTIVE'].includes(String(item.json.status)))).toBe(true);
		const calls = requestsTo(world.sim, '/v5/products/marketplace-status');
		expect(calls.length).toBe(Math.ceil(expected.length / 100));
		expect(calls[0].query).toMatchObject({ fromDate: since, marketPlaceStatus: ['ONLINE', 'INACTIVE'], 'sort-order': 'asc', limit: '100' });
	});

	it('Get Many Marketplace Statuses: newest change first by default, Limit costs one request', async () => {
		seed();
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'product', operation: 'getManyMarketplaceStatus', returnAll: false, limit: 3 },
			credentials: world.sellerCredential(),
		});
		expect(result.items.map((item) => item.json.sku)).toEqual([sku(0), sku(1), sku(2)]);
		expect(Object.keys(result.items[0].json).sort()).toEqual(['lastModified', 'links', 'sku', 'status']);
		expect(requestsTo(world.sim, '/v5/products/marketplace-status').map((r) => r.query.limit)).toEqual(['3']);
	});

	it('Get Many Marketplace Statuses: a bad Changed Since is refused before sending', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'product', operation: 'getManyMarketplaceStatus', returnAll: true, filters: { fromDate: 'last tuesday' } },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toContain('Invalid "Changed Since" in item 0');
		expect(requestsTo(world.sim, '/v5/products')).toHaveLength(0);
	});

	it('Active Status > Get Many and Price > Get Many read { status } and { variationPrices } over pages, filtered', async () => {
		seed(130);
		const active = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'activeStatus', operation: 'getManyActiveStatus', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(active.items).toHaveLength(130);
		expect(active.items.filter((item) => item.json.active === false)).toHaveLength(Math.ceil(130 / 7));
		expect(requestsTo(world.sim, '/v5/products/active-status')).toHaveLength(2);
		const prices = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'price', operation: 'getManyPrices', returnAll: true, filters: { category: 'Jeans' } },
			credentials: world.sellerCredential(),
		});
		expect(prices.items).toHaveLength(65);
		expect(prices.items[0].json).toEqual({ sku: sku(1), standardPrice: { amount: 11, currency: 'EUR' } });
		expect(requestsTo(world.sim, '/v5/products/prices')[0].query).toMatchObject({ category: 'Jeans', limit: '100' });
	});

	it('Get Content Changes: one plain SKU by path, several (or dotted) SKUs by ?sku=, all variations without SKUs; at most 28 days back', async () => {
		seed(40);
		const run = async (skus: string, fromDate = '') =>
			await runNode(world.helper, {
				type: node,
				parameters: { resource: 'product', operation: 'getContentChanges', skus, fromDate, returnAll: true },
				credentials: world.sellerCredential(),
			});
		const one = await run(sku(3));
		expect(one.items.map((item) => item.json.sku)).toEqual([sku(3)]);
		expect(Object.keys(one.items[0].json).sort()).toEqual(['lastContentChange', 'productReference', 'shopLink', 'sku']);
		const several = await run(`${sku(1)}, ${sku(2)}\n${sku(30)}`);
		expect(several.items.map((item) => item.json.sku).sort()).toEqual([sku(1), sku(2)]); // sku 30 changed 30 days ago
		const all = await run('');
		expect(all.items).toHaveLength(29); // 0..28 days ago
		const since = await run('', new Date(world.sim.clock.now().getTime() - 5.5 * DAY).toISOString());
		expect(since.items).toHaveLength(6);
		const calls = requestsTo(world.sim, '/v5/products').map((r) => [r.path, r.query.sku]);
		expect(calls.slice(0, 3)).toEqual([
			[`/v5/products/${sku(3)}/content-changes`, undefined],
			['/v5/products/content-changes', `${sku(1)},${sku(2)},${sku(30)}`],
			['/v5/products/content-changes', undefined],
		]);
	});

	it('Get Content Changes: a SKU with a dot uses the ?sku= form', async () => {
		const map = productsOf(world.sim);
		map.clear();
		const at = world.sim.clock.now().toISOString();
		map.set('v1.2', { variation: { sku: 'v1.2', productReference: 'R' }, active: true, marketplaceStatus: 'ONLINE', lastModified: at, lastContentChange: at } as never);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'product', operation: 'getContentChanges', skus: 'v1.2', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.items.map((item) => item.json.sku)).toEqual(['v1.2']);
		expect(requestsTo(world.sim, '/v5/products').map((r) => [r.path, r.query.sku])).toEqual([['/v5/products/content-changes', 'v1.2']]);
	});
});
