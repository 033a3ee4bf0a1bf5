import type { INodeExecutionData } from 'n8n-workflow';

import { OttoMarketOrders } from '../../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const PARTNER = '1000001';

describe('OTTO Market Orders: Get', () => {
	const world = useSimulator({ seed: 11, rateLimitsEnabled: false }); // exact request counts; the 20/s limit is tested with the transport
	const run = (order: { mode: string; value: string }, extra = {}, input?: INodeExecutionData[]) =>
		runNode(
			world.helper,
			{
				type: new OttoMarketOrders(),
				parameters: { operation: 'get', order: { __rl: true, ...order }, ...extra },
				credentials: world.sellerCredential(),
			},
			input,
		);
	const orderRequests = () => requestsTo(world.sim, '/v4/orders/', 'GET');

	it('gets an order by sales order ID', async () => {
		const [order] = world.sim.orders.create(PARTNER, { positions: 2 });
		const result = await run({ mode: 'id', value: order.salesOrderId });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual(JSON.parse(JSON.stringify(world.sim.orders.toJson(order))));
		expect(orderRequests().map((r) => r.path)).toEqual([`/v4/orders/${order.salesOrderId}`]);
	});

	it('gets an order by order number, simplified', async () => {
		const [order] = world.sim.orders.create(PARTNER, { positions: 1 });
		const result = await run({ mode: 'orderNumber', value: order.orderNumber }, { simplify: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			salesOrderId: order.salesOrderId,
			orderNumber: order.orderNumber,
			orderStatus: 'PROCESSABLE',
			positionItems: [{ positionItemId: order.positionItems[0].positionItemId, sku: order.positionItems[0].product.sku }],
		});
		expect(orderRequests().map((r) => r.path)).toEqual([`/v4/orders/${order.orderNumber}`]);
	});

	it('an announced order comes without delivery address', async () => {
		const [order] = world.sim.orders.create(PARTNER, { status: 'ANNOUNCED' });
		const result = await run({ mode: 'id', value: order.salesOrderId }, { simplify: true });
		expect(result.items[0].json.orderStatus).toBe('ANNOUNCED');
		expect(result.items[0].json.deliveryAddress).toBeNull();
	});

	it.each([
		['id', 'not-a-uuid', 'Order (Sales Order ID)', '"not-a-uuid" is not a sales order ID'],
		['id', '', 'Order (Sales Order ID)', '"" is not a sales order ID'],
		['orderNumber', 'abc', 'Order (Order Number)', '"abc" is not an order number'],
		['orderNumber', 'abc/def/gh', 'Order (Order Number)', '"abc/def/gh" is not an order number'],
	])('mode %s with %j: error names field and item, no request', async (mode, value, field, problem) => {
		const [order] = world.sim.orders.create(PARTNER);
		const result = await run(
			{ mode, value: '={{ $json.ref }}' },
			{},
			[{ json: { ref: mode === 'id' ? order.salesOrderId : order.orderNumber } }, { json: { ref: value } }],
		);
		expect(result.error?.message).toContain(`Invalid "${field}" in item 1: ${problem}`);
		// Every item is checked before anything is sent (issue 12 defect 13): item 0 was not read either.
		expect(orderRequests()).toHaveLength(0);
	});

	it('an unknown order gives OTTO\'s 404, and an error item under Continue On Fail', async () => {
		const missing = '00000000-0000-4000-8000-000000000000';
		const failed = await run({ mode: 'id', value: missing });
		expect(failed.error?.message).toBe('OTTO: RESOURCE_NOT_FOUND (HTTP 404)');
		const result = await runNode(world.helper, {
			type: new OttoMarketOrders(),
			parameters: { operation: 'get', order: { __rl: true, mode: 'id', value: missing } },
			credentials: world.sellerCredential(),
			onError: 'continueRegularOutput',
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe('OTTO: RESOURCE_NOT_FOUND (HTTP 404)');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});
});
