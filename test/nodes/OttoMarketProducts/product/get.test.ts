import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { seedProducts } from '../catalog';

describe('OTTO Market Products: Get', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();

	it('returns the variation of each item’s SKU', async () => {
		const list = seedProducts(world.sim, 3);
		const result = await runNode(
			world.helper,
			{ type: node, parameters: { resource: 'product', operation: 'get', sku: '={{ $json.sku }}' }, credentials: world.sellerCredential() },
			[{ json: { sku: list[0].sku } }, { json: { sku: list[2].sku } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([list[0], list[2]]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(requestsTo(world.sim, '/v5/products').map((r) => r.path)).toEqual(['/v5/products/SKU-0000', '/v5/products/SKU-0002']);
	});

	it('an unknown SKU: 404 naming it; a SKU with a slash: refused before sending', async () => {
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: { resource: 'product', operation: 'get', sku: '={{ $json.sku }}' },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { sku: 'NOPE' } }, { json: { sku: 'A/B' } }],
		);
		expect(result.items.map((i) => i.json.error)).toEqual([
			'OTTO knows no product variation with SKU "NOPE"',
			'Invalid "SKU" in item 1: "A/B" contains characters a SKU cannot have (/, \\, ?, # or control characters)',
		]);
		expect(requestsTo(world.sim, '/v5/products')).toHaveLength(1);
	});
});
