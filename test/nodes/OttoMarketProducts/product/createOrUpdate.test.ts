import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { productsOf, variation } from '../catalog';

describe('OTTO Market Products: Create or Update', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();
	beforeEach(() => {
		world.sim.config.productTaskDelayMs = 150;
	});
	const params = (variations: unknown, extra = {}) => ({
		resource: 'product',
		operation: 'createOrUpdate',
		productVariations: JSON.stringify(variations),
		...extra,
	});

	it('waits for the task and reports the failed variation with its reason', async () => {
		const good = variation(1);
		const bad = variation(2, { productDescription: { brandId: 'b-0001' } });
		const result = await runNode(world.helper, {
			type: node,
			parameters: params([good, bad], { waitForCompletion: true, maxWaitSeconds: 10 }),
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const task = result.items[0].json;
		expect(task).toMatchObject({ state: 'done', total: 2, succeeded: 1, failed: 1, unchanged: 0, skus: [good.sku, bad.sku] });
		expect(task.failedItems).toEqual([
			{ variation: bad.sku, errors: [expect.objectContaining({ title: 'productDescription.category is mandatory' })] },
		]);
		expect(requestsTo(world.sim, '/v5/products', 'POST')).toHaveLength(1);
		const polls = requestsTo(world.sim, '/v5/products/update-tasks/', 'GET').map((r) => r.path);
		expect(polls.length).toBeGreaterThanOrEqual(2);
		expect(polls[polls.length - 1]).toBe(`/v5/products/update-tasks/${String(task.taskId)}/failed`);
		expect(productsOf(world.sim).has(String(good.sku))).toBe(true);
		expect(productsOf(world.sim).has(String(bad.sku))).toBe(false);
	});

	it('501 variations go out as 500 + 1, one task each, both paired with the item', async () => {
		const list = Array.from({ length: 501 }, (_v, i) => variation(i));
		const result = await runNode(world.helper, {
			type: node,
			parameters: params(list),
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(result.items.map((i) => i.json.state)).toEqual(['pending', 'pending']);
		const posts = requestsTo(world.sim, '/v5/products', 'POST').filter((r) => r.path === '/v5/products');
		expect(posts.map((p) => (p.body as unknown[]).length)).toEqual([500, 1]);
		expect(posts.every((p) => p.status === 202)).toBe(true);
	});

	it('a variation without SKU fails the item before any request, naming entry and field', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: params([variation(1), { productReference: 'X' }]),
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe(
			'Invalid "Product Variations (JSON) → entry 1 → sku" in item 0: must not be empty (got nothing)',
		);
		expect(world.sim.requests).toHaveLength(0);
	});
});
