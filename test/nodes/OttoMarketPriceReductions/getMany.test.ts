import { OttoMarketPriceReductions } from '../../../nodes/OttoMarketPriceReductions/OttoMarketPriceReductions.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

describe('OTTO Market Price Reductions: Get Many', () => {
	const world = useSimulator();
	const node = new OttoMarketPriceReductions();

	/** Puts `count` processed reductions (one per shipped position item) into the simulator. */
	function seed(count: number): string[] {
		const orders = world.sim.orders.create('1000001', { count, status: 'SENT' });
		const partner = world.sim.partner('1000001');
		partner.priceReductions = orders.map((order, i) => ({
			salesOrderId: order.salesOrderId,
			positionItemId: order.positionItems[0].positionItemId,
			status: 'PROCESSED',
			receiptNumber: `PR-${i}`,
			creationDateTime: new Date().toISOString(),
			priceReduction: { amount: 1, currency: 'EUR' },
		}));
		return orders.map((order) => order.positionItems[0].positionItemId);
	}

	it('by position item: its one record', async () => {
		const ids = seed(3);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'getMany', positionItemId: ids[1], returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			positionItemId: ids[1],
			totalPriceReduction: { amount: 1, currency: 'EUR' },
			priceReductions: [{ status: 'PROCESSED', receiptNumber: 'PR-1' }],
		});
		const calls = requestsTo(world.sim, '/v1/price-reductions', 'GET');
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toEqual({ positionItemId: ids[1], limit: '128' });
	});

	it('Return All follows the pages (128 + 2), Limit asks for no more than needed', async () => {
		seed(130);
		const all = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(all.items).toHaveLength(130);
		expect(new Set(all.items.map((i) => i.json.positionItemId)).size).toBe(130);
		expect(requestsTo(world.sim, '/v1/price-reductions', 'GET').map((r) => r.query.page ?? '1')).toEqual(['1', '2']);

		world.sim.clearRequests();
		const some = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'getMany', returnAll: false, limit: 5 },
			credentials: world.sellerCredential(),
		});
		expect(some.items).toHaveLength(5);
		const calls = requestsTo(world.sim, '/v1/price-reductions', 'GET');
		expect(calls).toHaveLength(1);
		expect(calls[0].query.limit).toBe('5');
	});

	it('a credential without the price-reduction scope: 403 with the scope named', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential({ scopes: ['orders'] }),
		});
		expect(result.error?.httpCode).toBe('403');
		expect(result.error?.description).toContain("lacks the scope 'price-reduction'");
		expect(requestsTo(world.sim, '/v1/price-reductions')).toHaveLength(1);
	});
});
