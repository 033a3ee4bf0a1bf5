import { OttoMarketPriceReductions } from '../../../nodes/OttoMarketPriceReductions/OttoMarketPriceReductions.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

describe('OTTO Market Price Reductions: Create', () => {
	const world = useSimulator();
	const node = new OttoMarketPriceReductions();

	function shippedItem(status = 'SENT') {
		const [order] = world.sim.orders.create('1000001', { status: status as 'SENT' });
		const item = order.positionItems[0];
		return { salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, price: item.itemValueReducedGrossPrice?.amount ?? 0 };
	}

	it('reduces the price of a shipped item: one POST; output = what was sent plus OTTO\'s 202 acknowledgement', async () => {
		const { salesOrderId, positionItemId } = shippedItem();
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'create', salesOrderId, positionItemId, amount: 5.5, currency: 'EUR' },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		// OTTO's 202 body is `{ results: { path, title, code, detail, logref } }` (AcceptedPriceReductionResponsePriceReductionsV1).
		expect(result.items[0].json).toEqual({
			salesOrderId,
			positionItemId,
			priceReduction: { amount: 5.5, currency: 'EUR' },
			accepted: true,
			path: '/v1/price-reductions',
			title: 'ACCEPTED',
			code: 202,
			detail: expect.stringContaining(positionItemId),
			logref: expect.any(String),
		});
		const posts = requestsTo(world.sim, '/v1/price-reductions', 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].status).toBe(202);
		expect(posts[0].body).toEqual({ salesOrderId, positionItemId, priceReduction: { amount: 5.5, currency: 'EUR' } });
	});

	it('an amount with three decimals fails for its item only, before any request', async () => {
		const first = shippedItem();
		const second = shippedItem();
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: {
					operation: 'create',
					salesOrderId: '={{ $json.salesOrderId }}',
					positionItemId: '={{ $json.positionItemId }}',
					amount: '={{ $json.amount }}',
					currency: 'EUR',
				},
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { ...first, amount: 2 } }, { json: { ...second, amount: 5.555 } }],
		);
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.positionItemId).toBe(first.positionItemId);
		expect(result.items[1].json.error).toBe('Invalid "Amount" in item 1: must have at most two decimals (got 5.555)');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		const posts = requestsTo(world.sim, '/v1/price-reductions', 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body.positionItemId).toBe(first.positionItemId);
	});

	it('409 for an item not shipped yet: says so, and is not repeated', async () => {
		const { salesOrderId, positionItemId } = shippedItem('PROCESSABLE');
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'create', salesOrderId, positionItemId, amount: 1, currency: 'EUR' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe(
			`OTTO refused the price reduction for position item "${positionItemId}": the item is not shipped (SENT), or an earlier price reduction of it is still being processed`,
		);
		expect(result.error?.description).toContain('is PROCESSABLE; price reductions are possible only for SENT items');
		expect(result.error?.httpCode).toBe('409');
		expect(requestsTo(world.sim, '/v1/price-reductions', 'POST')).toHaveLength(1);
	});

	it('424 when the reduction exceeds the price: explains the failed dependency', async () => {
		const { salesOrderId, positionItemId, price } = shippedItem();
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'create', salesOrderId, positionItemId, amount: price + 1, currency: 'EUR' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe(
			`OTTO could not book the price reduction for position item "${positionItemId}" (failed dependency): for example, the reductions would exceed the price the customer paid. Check the amount against the item's price and earlier reductions`,
		);
		expect(result.error?.description).toContain('FAILED_DEPENDENCY');
		// OTTO nests the list: { errors: { errors: [...] } } (APIErrorResponsePriceReductionsV1); the detail still shows.
		expect(result.error?.description).toContain('would exceed the item price');
		expect(requestsTo(world.sim, '/v1/price-reductions', 'POST')).toHaveLength(1);
	});
});
