import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { productsOf, seedProducts } from '../catalog';

describe('OTTO Market Products: Active Status > Set', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();
	beforeEach(() => {
		world.sim.config.productTaskDelayMs = 100;
	});

	it('Set: all items in one request; with waiting, an unknown SKU fails only its item', async () => {
		seedProducts(world.sim, 2);
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: {
					resource: 'activeStatus',
					operation: 'setActiveStatus',
					sku: '={{ $json.sku }}',
					active: '={{ $json.active }}',
					waitForCompletion: true,
					maxWaitSeconds: 10,
				},
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { sku: 'SKU-0000', active: false } }, { json: { sku: 'GHOST', active: false } }, { json: { sku: 'SKU-0001', active: true } }],
		);
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json).toMatchObject({ sku: 'SKU-0000', active: false, task: { state: 'done', succeeded: 1, failed: 1, unchanged: 1 } });
		expect(result.items[1].json.error).toBe('OTTO rejected SKU "GHOST": Unknown SKU GHOST');
		expect(result.items[2].json).toMatchObject({ sku: 'SKU-0001', active: true });
		const posts = requestsTo(world.sim, '/v5/products/active-status', 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toEqual({
			status: [
				{ sku: 'SKU-0000', active: false },
				{ sku: 'GHOST', active: false },
				{ sku: 'SKU-0001', active: true },
			],
		});
		expect(productsOf(world.sim).get('SKU-0000')!.active).toBe(false);
	});

	it('Set: a bad SKU is refused before sending; the others still go out', async () => {
		seedProducts(world.sim, 1);
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: { resource: 'activeStatus', operation: 'setActiveStatus', sku: '={{ $json.sku }}', active: true },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { sku: '' } }, { json: { sku: 'SKU-0000' } }],
		);
		expect(result.items[0].json.error).toBe('Invalid "SKU" in item 0: must not be empty (got "")');
		expect(result.items[1].json).toMatchObject({ sku: 'SKU-0000', active: true, task: { state: 'pending', total: 1 } });
		const posts = requestsTo(world.sim, '/v5/products/active-status', 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toEqual({ status: [{ sku: 'SKU-0000', active: true }] });
	});
});
