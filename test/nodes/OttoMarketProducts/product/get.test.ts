import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { productsOf, seedProducts } from '../catalog';

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

	it('an unknown SKU: 404 naming it, for the path and the ?sku= form', async () => {
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: { resource: 'product', operation: 'get', sku: '={{ $json.sku }}' },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { sku: 'NOPE' } }, { json: { sku: 'NO/PE' } }],
		);
		expect(result.items.map((i) => i.json.error)).toEqual([
			'OTTO knows no product variation with SKU "NOPE"',
			'OTTO knows no product variation with SKU "NO/PE"',
		]);
		expect(requestsTo(world.sim, '/v5/products')).toHaveLength(2);
	});

	// OTTO (ProductsV5Api.md, parameter sku of the list endpoints): "Use this if your sku values contain slash ('/')
	// or dot ('.') characters." The simulator does not find such SKUs in the path form, as OTTO warns.
	it.each([
		['get', 'Get', '', '/v5/products', 'productVariations'],
		['getMarketplaceStatus', 'Get Marketplace Status', 'product', '/v5/products/marketplace-status', 'marketPlaceStatus'],
		['getPrices', 'Get Prices', 'price', '/v5/products/prices', 'variationPrices'],
		['getActiveStatus', 'Get Active Status', 'activeStatus', '/v5/products/active-status', 'status'],
	])('%s reads SKUs with "/" or "." with the ?sku= form, others by path', async (operation, _name, resource, listPath) => {
		const map = productsOf(world.sim);
		map.clear();
		for (const sku of ['shirt/red.M', 'v1.2', 'plain-1']) {
			map.set(sku, {
				variation: { sku, productReference: 'R', productDescription: { category: 'Jeans' } },
				active: true,
				prices: { standardPrice: { amount: 9.99, currency: 'EUR' } },
				marketplaceStatus: 'ONLINE',
				lastModified: '2026-01-01T00:00:00.000Z',
			});
		}
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: { resource: resource || 'product', operation, sku: '={{ $json.sku }}' },
				credentials: world.sellerCredential(),
			},
			[{ json: { sku: 'shirt/red.M' } }, { json: { sku: 'v1.2' } }, { json: { sku: 'plain-1' } }],
		);
		expect(result.error).toBeUndefined();
		const skuOfItem = (json: Record<string, unknown>) => (json.sku ?? (json.variation as { sku?: string } | undefined)?.sku) as string;
		expect(result.items.map((i) => skuOfItem(i.json))).toEqual(['shirt/red.M', 'v1.2', 'plain-1']);
		const calls = world.sim.requests.filter((r) => r.path.startsWith('/v5/products'));
		expect(calls.map((r) => [r.path, r.query.sku])).toEqual([
			[listPath, 'shirt/red.M'],
			[listPath, 'v1.2'],
			[operation === 'get' ? '/v5/products/plain-1' : `/v5/products/plain-1${listPath.slice('/v5/products'.length)}`, undefined],
		]);
		expect(calls.every((r) => r.status === 200)).toBe(true);
	});
});
