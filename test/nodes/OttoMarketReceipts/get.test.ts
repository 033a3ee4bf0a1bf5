import { OttoMarketReceipts } from '../../../nodes/OttoMarketReceipts/OttoMarketReceipts.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const P = '1000001';

describe('OTTO Market Receipts: Get', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => {
		world.sim.reset();
		world.sim.clock.set('2026-03-10T08:00:00.000Z');
	});

	it('gets one receipt as JSON tied to its order; a trailing .pdf in the number is ignored', async () => {
		const [order] = world.sim.orders.create(P, { count: 1, status: 'SENT', positions: 2 });
		const [receipt] = world.sim.receipts.list(P);
		const result = await runNode(
			world.helper,
			{
				type: new OttoMarketReceipts(),
				parameters: { operation: 'get', receiptNumber: '={{ $json.n }}' },
				credentials: world.sellerCredential(),
			},
			[{ json: { n: receipt.receiptNumber } }, { json: { n: `${receipt.receiptNumber}.pdf` } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		for (const [index, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				receiptType: 'PURCHASE',
				receiptNumber: receipt.receiptNumber,
				salesOrderId: order.salesOrderId,
				orderNumber: order.orderNumber,
			});
			expect((item.json.lineItems as { itemPositions: unknown[] }).itemPositions).toHaveLength(2);
		}
		expect(requestsTo(world.sim, '/v3/receipts', 'GET').map((r) => [r.path, r.headers.accept])).toEqual([
			[`/v3/receipts/${receipt.receiptNumber}`, 'application/json'],
			[`/v3/receipts/${receipt.receiptNumber}`, 'application/json'],
		]);
	});

	it('an unknown receipt stops the node with OTTO\'s 404 for that item; an empty number is refused before sending', async () => {
		const missing = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'get', receiptNumber: 'R-DE-1-2026-9' },
			credentials: world.sellerCredential(),
		});
		expect(missing.error?.message).toContain('RESOURCE_NOT_FOUND');
		expect(missing.error?.httpCode).toBe('404');
		world.sim.clearRequests();
		const empty = await runNode(
			world.helper,
			{
				type: new OttoMarketReceipts(),
				parameters: { operation: 'get', receiptNumber: '={{ $json.n }}' },
				credentials: world.sellerCredential(),
			},
			[{ json: { n: ' ' } }],
		);
		expect(empty.error?.message).toBe('Invalid "Receipt Number" in item 0: must not be empty (got " ")');
		expect(requestsTo(world.sim, '/v3/receipts')).toHaveLength(0);
	});
});
