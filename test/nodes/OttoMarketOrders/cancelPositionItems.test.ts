import { PARTNER, useCancelWorld } from './cancellations';

describe('OTTO Market Orders: Cancel Position Items', () => {
	const { world, run, statuses, cancellations } = useCancelWorld();

	it('cancels only the selected position items', async () => {
		const [order] = world.sim.orders.create(PARTNER, { positions: 4 });
		const ids = order.positionItems.map((p) => p.positionItemId);
		const result = await run({
			operation: 'cancelPositionItems',
			salesOrderId: order.salesOrderId,
			positionItemIds: ` ${ids[1]}, ${ids[3]},${ids[1]} `,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { salesOrderId: order.salesOrderId, positionItemIds: [ids[1], ids[3]], cancelled: true }, pairedItem: { item: 0 } },
		]);
		expect(statuses(order.salesOrderId)).toEqual(['PROCESSABLE', 'CANCELLED_BY_PARTNER', 'PROCESSABLE', 'CANCELLED_BY_PARTNER']);
		expect(cancellations().map((r) => r.path)).toEqual([
			`/v4/orders/${order.salesOrderId}/positionItems/${ids[1]},${ids[3]}/cancellation`,
		]);
	});

	it('takes the IDs as a list from an expression', async () => {
		const [order] = world.sim.orders.create(PARTNER, { positions: 3 });
		const ids = order.positionItems.map((p) => p.positionItemId);
		const result = await run(
			{ operation: 'cancelPositionItems', salesOrderId: '={{ $json.id }}', positionItemIds: '={{ $json.items }}' },
			[{ json: { id: order.salesOrderId, items: [ids[0], ids[2]] } }],
		);
		expect(result.error).toBeUndefined();
		expect(statuses(order.salesOrderId)).toEqual(['CANCELLED_BY_PARTNER', 'PROCESSABLE', 'CANCELLED_BY_PARTNER']);
	});

	it('a 409 becomes "Nothing cancellable" and, under Continue On Fail, an error item paired with its input', async () => {
		const [good] = world.sim.orders.create(PARTNER, { positions: 2 });
		const [shipped] = world.sim.orders.create(PARTNER, { positions: [{ status: 'PROCESSABLE' }, { status: 'SENT' }] });
		const input = [
			{ json: { id: good.salesOrderId, items: good.positionItems[0].positionItemId } },
			{ json: { id: shipped.salesOrderId, items: shipped.positionItems.map((p) => p.positionItemId).join(',') } },
		];
		const parameters = { operation: 'cancelPositionItems', salesOrderId: '={{ $json.id }}', positionItemIds: '={{ $json.items }}' };
		const result = await run(parameters, input, 'continueErrorOutput');
		expect(result.outputs[0]).toHaveLength(1);
		expect(result.outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(result.outputs[1]).toHaveLength(1);
		const error = result.outputs[1][0];
		expect(error.pairedItem).toEqual({ item: 1 });
		expect(error.json.error).toBe(
			`Nothing cancellable: not every position item of order ${shipped.salesOrderId} given can be cancelled, so none was (only position items in status PROCESSABLE can be cancelled)`,
		);
		// OTTO's detail (which item is in which status) reaches the next node as `details`
		const details = String(error.json.details);
		expect(details).toContain('Position items cannot be cancelled');
		expect(details).toContain(`${shipped.positionItems[1].positionItemId} (SENT)`);
		// nothing of the refused order changed; the first order lost only its first item
		expect(statuses(shipped.salesOrderId)).toEqual(['PROCESSABLE', 'SENT']);
		expect(statuses(good.salesOrderId)).toEqual(['CANCELLED_BY_PARTNER', 'PROCESSABLE']);
		expect(cancellations()).toHaveLength(2);
		expect(cancellations().map((r) => r.status)).toEqual([200, 409]);

		// without Continue On Fail the execution stops with the same message
		const stopped = await run(parameters, [input[1]]);
		expect(stopped.error?.message).toMatch(/^Nothing cancellable: /);
		expect(stopped.error?.httpCode).toBe('409');
	});

	it.each([
		[{ salesOrderId: 'abc' }, 'Sales Order (Sales Order ID)', '"abc" is not a sales order ID'],
		[{ positionItemIds: ' , ' }, 'Position Item IDs', 'must name at least one position item ID'],
		[{ positionItemIds: 'a1,b/2' }, 'Position Item IDs', '"b/2" is not a position item ID'],
	])('bad input %j names field and item, sends nothing', async (bad, field, problem) => {
		const [order] = world.sim.orders.create(PARTNER, { positions: 1 });
		const result = await run(
			{ operation: 'cancelPositionItems', salesOrderId: order.salesOrderId, positionItemIds: order.positionItems[0].positionItemId, ...bad },
			undefined,
			'continueRegularOutput',
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toContain(`Invalid "${field}" in item 0: ${problem}`);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(cancellations()).toHaveLength(0);
		expect(statuses(order.salesOrderId)).toEqual(['PROCESSABLE']);
	});
});
