import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { productsOf, seedProducts } from '../catalog';

describe('OTTO Market Products: Get Marketplace Status', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();

	it('ONLINE for an active variation, INACTIVE for a switched-off one', async () => {
		seedProducts(world.sim, 2);
		productsOf(world.sim).get('SKU-0001')!.active = false;
		const result = await runNode(
			world.helper,
			{ type: node, parameters: { resource: 'product', operation: 'getMarketplaceStatus', sku: '={{ $json.sku }}' }, credentials: world.sellerCredential() },
			[{ json: { sku: 'SKU-0000' } }, { json: { sku: 'SKU-0001' } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => [i.json.sku, i.json.status])).toEqual([
			['SKU-0000', 'ONLINE'],
			['SKU-0001', 'INACTIVE'],
		]);
		expect(requestsTo(world.sim, '/v5/products').map((r) => r.path)).toEqual([
			'/v5/products/SKU-0000/marketplace-status',
			'/v5/products/SKU-0001/marketplace-status',
		]);
	});

	it('404 for an unknown SKU', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'product', operation: 'getMarketplaceStatus', sku: 'NOPE' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('OTTO knows no product variation with SKU "NOPE"');
		expect(result.error?.httpCode).toBe('404');
		expect(requestsTo(world.sim, '/v5/products')).toHaveLength(1);
	});
});
