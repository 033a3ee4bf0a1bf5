import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { listFormSku as sku, listFormStatusOf as statusOf, seedListForms } from '../catalog';

describe('OTTO Market Products: Product > Get Many Marketplace Statuses', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const node = new OttoMarketProducts();
	const seed = (count?: number) => seedListForms(world.sim, count);

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
});
