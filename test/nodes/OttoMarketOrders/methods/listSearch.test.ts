import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { INode, INodeType } from 'n8n-workflow';

import { OttoMarketOrders } from '../../../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { PACKAGE, additionalDataFor } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';

const PARTNER = '1000001';

describe('OTTO Market Orders: order list search (resource locator "From List")', () => {
	const world = useSimulator({ seed: 13, rateLimitsEnabled: false }); // exact request counts; the 20/s limit is tested with the transport

	function context() {
		const type: INodeType = new OttoMarketOrders();
		const node: INode = {
			id: 'orders',
			name: 'OTTO Market Orders',
			type: `${PACKAGE}.ottoMarketOrders`,
			typeVersion: 1,
			position: [0, 0],
			parameters: { operation: 'get' },
			credentials: world.sellerCredential(),
		};
		const workflow = new Workflow({
			id: 'wf',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: {
				getByName: () => type,
				getByNameAndVersion: () => type,
				getKnownTypes: () => ({}),
			},
		});
		return new LoadOptionsContext(workflow, node, additionalDataFor(world.helper), 'parameters.order');
	}

	it('lists the newest orders first, filters by text, and pages with the OTTO cursor', async () => {
		world.sim.orders.create(PARTNER, { count: 60, at: '2026-04-01T10:00:00Z', intervalMs: 60_000 });
		const search = new OttoMarketOrders().methods.listSearch.searchOrders;
		const ctx = context();
		const first = await search.call(ctx);
		const orders = world.sim.orders.list(PARTNER);
		expect(first.results).toHaveLength(50);
		expect(first.results[0].value).toBe(orders[59].salesOrderId);
		expect(first.results[0].name).toMatch(new RegExp(`^${orders[59].orderNumber} · 2026-04-01 · `));
		expect(first.paginationToken).toBeDefined();
		const second = await search.call(ctx, undefined, first.paginationToken as string);
		expect(second.results.map((r) => r.value)).toEqual(orders.slice(0, 10).reverse().map((o) => o.salesOrderId));
		expect(second.paginationToken).toBeUndefined();
		const filtered = await search.call(ctx, orders[55].orderNumber.toUpperCase());
		expect(filtered.results).toEqual([expect.objectContaining({ value: orders[55].salesOrderId })]);
		expect(requestsTo(world.sim, '/v4/orders', 'GET').map((r) => r.query.limit)).toEqual(['50', '50', '50']);
		// Only values OTTO documents: orderColumnType ORDER_LIFECYCLE_DATE (OrdersV4Api.md), never the unverified ORDER_DATE.
		expect(requestsTo(world.sim, '/v4/orders', 'GET').map((r) => r.query.orderColumnType)).toEqual(['ORDER_LIFECYCLE_DATE', undefined, 'ORDER_LIFECYCLE_DATE']);
	});
});
