import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../../helpers/simulator';
import { availabilityOf, postedSkus } from '../sim';

const PATH = '/v1/availability/quantities';
const skuAt = (i: number) => `STOCK-${String(i).padStart(4, '0')}`;
const stockItems = (n: number, quantity = (i: number) => i % 50) =>
	Array.from({ length: n }, (_, i) => ({ json: { sku: skuAt(i), quantity: quantity(i) } }));

describe('OTTO Market Availability: Quantity > Update', () => {
	const world = useSimulator();
	const node = () => new OttoMarketAvailability();
	const params = (extra: Record<string, unknown> = {}) => ({ resource: 'quantity', operation: 'update', ...extra });

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
		availabilityOf(world.sim).addSkus(SELLER.partnerId, Array.from({ length: 1000 }, (_, i) => skuAt(i)));
	});
	beforeEach(() => {
		delete world.sim.config.availabilityMaxItems;
		availabilityOf(world.sim).quantities(SELLER.partnerId).clear();
	});

	it('sends 1,000 stock updates in exactly 5 requests and puts each result on its own item', async () => {
		const input = stockItems(1000);
		const result = await runNode(
			world.helper,
			{ type: node(), parameters: params(), credentials: world.sellerCredential() },
			input,
		);
		expect(result.error).toBeUndefined();
		const posts = postedSkus(world.sim, PATH);
		expect(posts).toHaveLength(5);
		expect(posts.map((p) => p.skus.length)).toEqual([200, 200, 200, 200, 200]);
		expect(posts.every((p) => p.status === 200)).toBe(true);
		expect(result.items).toHaveLength(1000);
		result.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ sku: skuAt(i), quantity: i % 50, success: true, httpStatus: 200 });
			expect(typeof item.json.lastModified).toBe('string');
		});
		const stored = availabilityOf(world.sim).quantities(SELLER.partnerId);
		expect(stored.size).toBe(1000);
		expect(stored.get(skuAt(777))?.quantity).toBe(777 % 50);
	});

	it('turns 3 SKUs OTTO rejects (207) into exactly 3 error items; the others succeed', async () => {
		const input = stockItems(250);
		const bad = [3, 120, 249];
		for (const i of bad) input[i] = { json: { sku: `UNKNOWN-${i}`, quantity: 1 } };
		const result = await runNode(
			world.helper,
			{ type: node(), parameters: params(), credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			input,
		);
		expect(result.error).toBeUndefined();
		expect(requestsTo(world.sim, PATH, 'POST').map((r) => r.status)).toEqual([207, 207]);
		expect(result.items).toHaveLength(250);
		const errors = result.items.filter((item) => item.json.error !== undefined);
		expect(errors).toHaveLength(3);
		expect(errors.map((item) => item.pairedItem)).toEqual(bad.map((item) => ({ item })));
		expect(String(errors[0].json.error)).toBe(
			'OTTO rejected sku "UNKNOWN-3": Unknown SKU: SKU UNKNOWN-3 is not known for this partner (/v1/availability/quantities/UNKNOWN-3)',
		);
		const good = result.items.filter((item) => item.json.success === true);
		expect(good).toHaveLength(247);
		expect(good.every((item) => item.json.sku === input[(item.pairedItem as { item: number }).item].json.sku)).toBe(true);
		expect(availabilityOf(world.sim).quantities(SELLER.partnerId).size).toBe(247);
	});

	it('routes the rejected SKUs to the error output with "On Error: Continue (using error output)"', async () => {
		const input = stockItems(5);
		input[2] = { json: { sku: 'NOPE', quantity: 1 } };
		const result = await runNode(
			world.helper,
			{ type: node(), parameters: params(), credentials: world.sellerCredential(), onError: 'continueErrorOutput' },
			input,
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(4);
		expect(result.outputs[1]).toHaveLength(1);
		expect(result.outputs[1][0].pairedItem).toEqual({ item: 2 });
	});

	it('stops with OTTO\'s message for the rejected SKU when Continue On Fail is off', async () => {
		const input = stockItems(4);
		input[1] = { json: { sku: 'NOPE', quantity: 1 } };
		const result = await runNode(world.helper, { type: node(), parameters: params(), credentials: world.sellerCredential() }, input);
		expect(result.error?.message).toContain('OTTO rejected sku "NOPE": Unknown SKU');
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(requestsTo(world.sim, PATH, 'POST')).toHaveLength(1);
	});

	it('splits a batch OTTO answers with 413 and completes with no SKU lost or sent twice', async () => {
		world.sim.config.availabilityMaxItems = 199; // OTTO now refuses 200 items
		const input = stockItems(450);
		const result = await runNode(
			world.helper,
			{ type: node(), parameters: params(), credentials: world.sellerCredential() },
			input,
		);
		expect(result.error).toBeUndefined();
		const posts = postedSkus(world.sim, PATH);
		// 200 -> 413 -> 100 + 100, 200 -> 413 -> 100 + 100, 50
		expect(posts.map((p) => [p.status, p.skus.length])).toEqual([
			[413, 200],
			[200, 100],
			[200, 100],
			[413, 200],
			[200, 100],
			[200, 100],
			[200, 50],
		]);
		const accepted = posts.filter((p) => p.status === 200).flatMap((p) => p.skus);
		expect(accepted).toHaveLength(450);
		expect(new Set(accepted).size).toBe(450);
		expect([...accepted].sort()).toEqual(input.map((item) => item.json.sku).sort());
		expect(result.items).toHaveLength(450);
		result.items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.sku).toBe(skuAt(i));
		});
		expect(availabilityOf(world.sim).quantities(SELLER.partnerId).size).toBe(450);
	});

	it('honours a smaller Batch Size', async () => {
		const result = await runNode(
			world.helper,
			{ type: node(), parameters: params({ batchSize: 40 }), credentials: world.sellerCredential() },
			stockItems(100),
		);
		expect(result.error).toBeUndefined();
		expect(postedSkus(world.sim, PATH).map((p) => p.skus.length)).toEqual([40, 40, 20]);
	});

	it.each([
		['an empty SKU', { sku: '', quantity: 1 }, 'Invalid "SKU" in item 1: must not be empty (got "")'],
		['a negative quantity', { sku: skuAt(1), quantity: -1 }, 'Invalid "Quantity" in item 1: must be 0 or more (got -1)'],
		['a fractional quantity', { sku: skuAt(1), quantity: 2.5 }, 'Invalid "Quantity" in item 1: must be a whole number (got 2.5)'],
		['a missing quantity', { sku: skuAt(1) }, 'Invalid "Quantity" in item 1: must be a whole number'],
	])('rejects %s naming field and item, and sends nothing', async (_name, json, message) => {
		const input = [{ json: { sku: skuAt(0), quantity: 1 } }, { json }, { json: { sku: skuAt(2), quantity: 1 } }];
		const result = await runNode(world.helper, { type: node(), parameters: params(), credentials: world.sellerCredential() }, input);
		expect(result.error?.message).toContain(message);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(requestsTo(world.sim, PATH)).toHaveLength(0);
	});

	it('with Continue On Fail sends the valid items only and reports the invalid one as an error item', async () => {
		const input = [{ json: { sku: skuAt(0), quantity: 1 } }, { json: { sku: skuAt(1), quantity: -4 } }, { json: { sku: skuAt(2), quantity: 3 } }];
		const result = await runNode(
			world.helper,
			{ type: node(), parameters: params(), credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			input,
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[1].json.error).toContain('Invalid "Quantity" in item 1');
		expect(postedSkus(world.sim, PATH)).toEqual([{ status: 200, skus: [skuAt(0), skuAt(2)] }]);
	});
});
