import type { IDataObject } from 'n8n-workflow';

import { OttoMarketOrders } from '../../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const PARTNER = '1000001';

describe('OTTO Market Orders: Get Many', () => {
	const world = useSimulator({ seed: 7, rateLimitsEnabled: false }); // exact request counts; the 20/s limit is tested with the transport
	const run = (parameters: IDataObject, input = [{ json: {} }]) =>
		runNode(
			world.helper,
			{ type: new OttoMarketOrders(), parameters: { operation: 'getMany', ...parameters }, credentials: world.sellerCredential() },
			input,
		);
	const listRequests = () => requestsTo(world.sim, '/v4/orders', 'GET');

	beforeAll(() => {
		world.sim.orders.create(PARTNER, { count: 1000, at: '2026-03-01T08:00:00.000Z', intervalMs: 1000 });
	});

	it('Return All returns each of 1,000 orders exactly once in ceil(1000/128) = 8 requests of 128', async () => {
		const result = await run({ returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1000);
		const ids = new Set(result.items.map((item) => item.json.salesOrderId));
		expect(ids.size).toBe(1000);
		expect(ids).toEqual(new Set(world.sim.orders.list(PARTNER).map((order) => order.salesOrderId)));
		expect(listRequests()).toHaveLength(Math.ceil(1000 / 128));
		expect(listRequests().map((r) => r.query.limit)).toEqual(Array(8).fill('128'));
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it.each([
		[50, ['50']],
		[300, ['128', '128', '44']],
		[128, ['128']],
	])('Limit %i stops early: limits sent %j, no extra request', async (limit, sent) => {
		const result = await run({ returnAll: false, limit });
		expect(result.items).toHaveLength(limit);
		expect(new Set(result.items.map((item) => item.json.salesOrderId)).size).toBe(limit);
		expect(listRequests().map((r) => r.query.limit)).toEqual(sent);
		// the first `limit` orders, oldest change first
		const expected = world.sim.orders.list(PARTNER).slice(0, limit).map((order) => order.salesOrderId);
		expect(result.items.map((item) => item.json.salesOrderId)).toEqual(expected);
	});

	it('sends every filter as OTTO names it and simplifies each order', async () => {
		const result = await run({
			returnAll: false,
			limit: 5,
			simplify: true,
			filters: {
				fulfillmentStatus: ['PROCESSABLE', 'SENT'],
				fromDate: '2026-03-01T08:05:00+01:00',
				fromOrderDate: '2026-03-01T07:00:00Z',
				toOrderDate: '2026-03-01T09:00:00Z',
			},
			// sorting and status match are Options, not Filters (issue 17)
			options: { orderDirection: 'DESC', orderColumnType: 'ORDER_DATE', mode: 'AT_LEAST_ONE' },
		});
		expect(result.error).toBeUndefined();
		expect(listRequests()).toHaveLength(1);
		expect(listRequests()[0].query).toEqual({
			fromDate: '2026-03-01T07:05:00.000Z',
			fromOrderDate: '2026-03-01T07:00:00.000Z',
			toOrderDate: '2026-03-01T09:00:00.000Z',
			fulfillmentStatus: ['PROCESSABLE', 'SENT'],
			mode: 'AT_LEAST_ONE',
			orderDirection: 'DESC',
			orderColumnType: 'ORDER_DATE',
			limit: '5',
		});
		expect(result.items).toHaveLength(5);
		const newest = world.sim.orders.list(PARTNER)[999];
		const first = result.items[0].json;
		expect(first.salesOrderId).toBe(newest.salesOrderId);
		expect(Object.keys(first).sort()).toEqual(
			['deliveryAddress', 'lastModifiedDate', 'orderDate', 'orderNumber', 'orderStatus', 'positionItems', 'salesOrderId'].sort(),
		);
		expect(first.orderNumber).toBe(newest.orderNumber);
		expect(first.orderStatus).toBe('PROCESSABLE');
		expect(first.deliveryAddress).toEqual(newest.deliveryAddress);
		const items = first.positionItems as IDataObject[];
		expect(items).toHaveLength(newest.positionItems.length);
		expect(items[0]).toEqual({
			positionItemId: newest.positionItems[0].positionItemId,
			fulfillmentStatus: 'PROCESSABLE',
			sku: newest.positionItems[0].product.sku,
			productTitle: newest.positionItems[0].product.productTitle,
			ean: newest.positionItems[0].product.ean,
			price: newest.positionItems[0].itemValueReducedGrossPrice?.amount,
			currency: 'EUR',
		});
	});

	it('one list per input item, each paired with its item', async () => {
		const result = await run({ returnAll: false, limit: 2 }, [{ json: {} }, { json: {} }]);
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1]);
		expect(listRequests()).toHaveLength(2);
	});

	it.each([
		['fromDate', 'Changed Since', 'yesterday-ish'],
		['fromOrderDate', 'Ordered After', '2026-13-45'],
		['toOrderDate', 'Ordered Before', 'not a date'],
	])('an unparseable %s names the field and the item and sends nothing', async (name, label, value) => {
		const result = await run({ returnAll: true, filters: { [name]: `={{ $json.bad ? ${JSON.stringify(value)} : "" }}` } }, [
			{ json: { bad: false } },
			{ json: { bad: true } },
		]);
		expect(result.error?.message).toBe(
			`Invalid "${label}" in item 1: "${value}" is not a date; use ISO 8601 such as 2026-05-02T10:00:00Z`,
		);
		// Every item is checked before anything is sent (issue 12 defect 13): item 0 was not listed either.
		expect(listRequests()).toHaveLength(0);
	});

	it('rejects "Ordered After" later than "Ordered Before" before sending', async () => {
		const result = await run({
			returnAll: true,
			filters: { fromOrderDate: '2026-03-02T00:00:00Z', toOrderDate: '2026-03-01T00:00:00Z' },
		});
		expect(result.error?.message).toMatch(/^Invalid "Ordered Before" in item 0: 2026-03-01T00:00:00.000Z is before "Ordered After"/);
		expect(listRequests()).toHaveLength(0);
	});
});
