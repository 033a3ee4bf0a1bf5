import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { seedProducts } from '../catalog';

describe('OTTO Market Products: Active Status > Get', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();
	beforeEach(() => {
		world.sim.config.productTaskDelayMs = 100;
	});

	it('Get: the active flag of a SKU; 404 for an unknown one', async () => {
		seedProducts(world.sim, 1);
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: { resource: 'activeStatus', operation: 'getActiveStatus', sku: '={{ $json.sku }}' },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { sku: 'SKU-0000' } }, { json: { sku: 'NOPE' } }],
		);
		expect(result.items[0].json).toMatchObject({ sku: 'SKU-0000', active: true });
		expect(result.items[1].json.error).toBe('OTTO knows no product variation with SKU "NOPE"');
		expect(requestsTo(world.sim, '/v5/products').map((r) => r.path)).toEqual([
			'/v5/products/SKU-0000/active-status',
			'/v5/products/NOPE/active-status',
		]);
	});
});
