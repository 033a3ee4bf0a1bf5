import { PARTNER, useCancelWorld } from './cancellations';

describe('OTTO Market Orders: Cancel', () => {
	const { world, run, statuses, cancellations } = useCancelWorld();

	it('cancels an order: its PROCESSABLE items only; a second cancel is "Nothing cancellable"', async () => {
		const [order] = world.sim.orders.create(PARTNER, {
			positions: [{ status: 'PROCESSABLE' }, { status: 'SENT' }, { status: 'PROCESSABLE' }],
		});
		const first = await run({ operation: 'cancel', salesOrderId: order.salesOrderId });
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toEqual({ salesOrderId: order.salesOrderId, cancelled: true });
		expect(statuses(order.salesOrderId)).toEqual(['CANCELLED_BY_PARTNER', 'SENT', 'CANCELLED_BY_PARTNER']);
		const second = await run({ operation: 'cancel', salesOrderId: order.salesOrderId });
		expect(second.error?.message).toBe(
			`Nothing cancellable: order ${order.salesOrderId} has no position item that can be cancelled (only position items in status PROCESSABLE can be cancelled)`,
		);
		expect(cancellations().map((r) => [r.path, r.status])).toEqual([
			[`/v4/orders/${order.salesOrderId}/cancellation`, 200],
			[`/v4/orders/${order.salesOrderId}/cancellation`, 409],
		]);
	});

	it('refuses a malformed sales order ID naming field and item, and sends nothing', async () => {
		const result = await run({ operation: 'cancel', salesOrderId: 'abc' }, undefined, 'continueRegularOutput');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toContain('Invalid "Sales Order (Sales Order ID)" in item 0: "abc" is not a sales order ID');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(cancellations()).toHaveLength(0);
	});
});
