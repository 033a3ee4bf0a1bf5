import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { DAY, listFormSku as sku, productsOf, seedListForms } from '../catalog';

describe('OTTO Market Products: Product > Get Content Changes', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const node = new OttoMarketProducts();
	const seed = (count?: number) => seedListForms(world.sim, count);

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
