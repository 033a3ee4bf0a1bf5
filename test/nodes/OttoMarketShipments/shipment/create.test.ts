/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped */
import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../../helpers/simulator';
import { SHIP_FROM, forwarderSku, shipmentsOf } from '../sim';

const P = SELLER.partnerId;
const CREATE = /^\/v1\/shipments$/;

describe('OTTO Market Shipments: Shipment > Create', () => {
	const world = useSimulator();
	const node = () => new OttoMarketShipments();
	let tracking = 0;
	const nextTracking = () => `00340434${String(++tracking).padStart(12, '0')}`;

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
	});

	const posts = () => world.sim.requests.filter((r) => r.method === 'POST' && CREATE.test(r.path));
	const params = (extra: Record<string, unknown> = {}) => ({
		resource: 'shipment',
		operation: 'create',
		carrier: 'DHL',
		trackingNumber: nextTracking(),
		...SHIP_FROM,
		positionItemsSource: 'order',
		returnCarrier: 'DHL',
		returnTrackingNumber: `R-${tracking}`,
		...extra,
	});

	it('ships all PROCESSABLE position items of an order and marks them SENT', async () => {
		const [order] = world.sim.orders.create(P, { positions: 3 });
		const [first, second, third] = order.positionItems;
		world.sim.orders.setStatus(P, order.salesOrderId, 'CANCELLED_BY_PARTNER', { positionItemIds: third.positionItemId });
		const parameters = params({
			salesOrderId: order.salesOrderId,
			shipDate: '2026-05-02T10:00:00Z',
			returnCarrier: 'DHL',
			returnTrackingNumber: 'R-1',
		});
		const result = await runNode(world.helper, { type: node(), parameters, credentials: world.sellerCredential() });
		expect(result.error).toBeUndefined();
		expect(requestsTo(world.sim, '/v4/orders', 'GET')).toHaveLength(1);
		expect(posts()).toHaveLength(1);
		expect(posts()[0].body).toEqual({
			trackingKey: { carrier: 'DHL', trackingNumber: parameters.trackingNumber },
			shipDate: '2026-05-02T10:00:00.000Z',
			shipFromAddress: { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' },
			positionItems: [first, second].map((item) => ({
				positionItemId: item.positionItemId,
				salesOrderId: order.salesOrderId,
				returnTrackingKey: { carrier: 'DHL', trackingNumber: 'R-1' },
			})),
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[0].json).toMatchObject({ shipmentId: expect.any(String), created: true });
		expect(order.positionItems.map((item) => item.fulfillmentStatus)).toEqual(['SENT', 'SENT', 'CANCELLED_BY_PARTNER']);
		expect(first.trackingInfo).toEqual({ carrier: 'DHL', trackingNumber: parameters.trackingNumber });
	});

	it('ships an explicit list of position items; ship date defaults to now', async () => {
		const [order] = world.sim.orders.create(P, { positions: 2 });
		const item = order.positionItems[1];
		const before = Date.now();
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({
				positionItemsSource: 'list',
				positionItemsList: { item: [{ salesOrderId: order.salesOrderId, positionItemId: item.positionItemId }] },
			}),
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(requestsTo(world.sim, '/v4/orders')).toHaveLength(0);
		const body = posts()[0].body as { shipDate: string; positionItems: unknown[] };
		expect(body.positionItems).toEqual([
			{ positionItemId: item.positionItemId, salesOrderId: order.salesOrderId, returnTrackingKey: { carrier: 'DHL', trackingNumber: `R-${tracking}` } },
		]);
		expect(Date.parse(body.shipDate)).toBeGreaterThanOrEqual(before - 1000);
		expect(Date.parse(body.shipDate)).toBeLessThanOrEqual(Date.now());
		expect(order.positionItems.map((p) => p.fulfillmentStatus)).toEqual(['PROCESSABLE', 'SENT']);
	});

	it('repeats a create OTTO rejected with 429 and creates the shipment exactly once', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		world.sim.faults.add({ method: 'POST', path: CREATE, status: 429, times: 1, headers: { 'Retry-After': '0' } });
		const before = shipmentsOf(world.sim).list(P).length;
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({ salesOrderId: order.salesOrderId }),
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(posts().map((r) => r.status)).toEqual([429, 201]);
		expect(shipmentsOf(world.sim).list(P).length - before).toBe(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.shipmentId).toBe(shipmentsOf(world.sim).list(P).at(-1)?.shipmentId);
	});

	it.each([
		['before the handler', false],
		['after the handler (OTTO created it)', true],
	])('does not repeat a create that times out %s, and says so', async (_name, afterHandler) => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		world.sim.faults.add({ method: 'POST', path: CREATE, delayMs: 800, afterHandler });
		const before = shipmentsOf(world.sim).list(P).length;
		const started = Date.now();
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({ salesOrderId: order.salesOrderId, requestOptions: { timeout: 250 } }),
			credentials: world.sellerCredential(),
		});
		expect(Date.now() - started).toBeLessThan(750);
		expect(result.error?.message).toBe('OTTO did not answer within 250 ms (POST /v1/shipments)');
		expect(result.error?.description).toContain('not repeated automatically');
		expect(result.error?.context?.itemIndex).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 900));
		// One request only: OTTO processed it late, so a retry would have created a second shipment.
		expect(posts()).toHaveLength(1);
		expect(shipmentsOf(world.sim).list(P).length - before).toBe(1);
	});

	it('does not repeat a create that failed with a 5xx', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		world.sim.faults.add({ method: 'POST', path: CREATE, status: 503, times: 1 });
		const before = shipmentsOf(world.sim).list(P).length;
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({ salesOrderId: order.salesOrderId }),
			credentials: world.sellerCredential(),
		});
		expect(result.error?.httpCode).toBe('503');
		expect(posts()).toHaveLength(1);
		expect(shipmentsOf(world.sim).list(P).length).toBe(before);
	});

	it('says plainly that the tracking key exists (409), or returns the existing shipment when asked', async () => {
		const [first, second] = world.sim.orders.create(P, { count: 2, positions: 1 });
		const trackingNumber = nextTracking();
		const created = await runNode(world.helper, {
			type: node(),
			parameters: params({ trackingNumber, salesOrderId: first.salesOrderId }),
			credentials: world.sellerCredential(),
		});
		expect(created.error).toBeUndefined();

		const failed = await runNode(world.helper, {
			type: node(),
			parameters: params({ trackingNumber, salesOrderId: second.salesOrderId }),
			credentials: world.sellerCredential(),
		});
		expect(failed.error?.message).toBe(
			`OTTO already has a shipment with carrier DHL and tracking number ${trackingNumber} (DUPLICATE_TRACKING_KEY)`,
		);
		expect(failed.error?.httpCode).toBe('409');

		world.sim.clearRequests();
		const existing = await runNode(world.helper, {
			type: node(),
			parameters: params({ trackingNumber, salesOrderId: second.salesOrderId, options: { onDuplicate: 'returnExisting' } }),
			credentials: world.sellerCredential(),
		});
		expect(existing.error).toBeUndefined();
		expect(existing.items).toHaveLength(1);
		expect(existing.items[0].json).toMatchObject({
			shipmentId: created.items[0].json.shipmentId,
			created: false,
			trackingKey: { carrier: 'DHL', trackingNumber },
		});
		expect(posts()).toHaveLength(1);
		expect(requestsTo(world.sim, `/v1/shipments/carriers/DHL/trackingnumbers/${trackingNumber}`, 'GET')).toHaveLength(1);
		expect(second.positionItems[0].fulfillmentStatus).toBe('PROCESSABLE');
	});

	it('reports 409 POSITION_ITEM_INCLUDED_IN_OTHER_SHIPMENT from OTTO', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		const list = { item: [{ salesOrderId: order.salesOrderId, positionItemId: order.positionItems[0].positionItemId }] };
		const parameters = (extra: Record<string, unknown>) =>
			params({ positionItemsSource: 'list', positionItemsList: list, ...extra });
		await runNode(world.helper, { type: node(), parameters: parameters({}), credentials: world.sellerCredential() });
		const again = await runNode(world.helper, { type: node(), parameters: parameters({}), credentials: world.sellerCredential() });
		expect(again.error?.message).toBe('OTTO: POSITION_ITEM_INCLUDED_IN_OTHER_SHIPMENT (HTTP 409)');
		expect(again.error?.httpCode).toBe('409');
	});

	it('fails clearly for an order without PROCESSABLE items, without a POST', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1, status: 'SENT' });
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({ salesOrderId: order.salesOrderId }),
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe(
			`Invalid "Sales Order ID" in item 0: order ${order.salesOrderId} has no PROCESSABLE position items (their statuses: SENT)`,
		);
		expect(posts()).toHaveLength(0);
	});

	const apiRequests = () => world.sim.requests.filter((r) => r.path.startsWith('/v1/') || r.path.startsWith('/v4/'));

	it.each([
		['an unknown carrier', { carrier: 'FEDEX' }, 'Invalid "Carrier" in item 0: "FEDEX" is not one of'],
		['a parcel carrier without tracking number', { trackingNumber: '' }, 'Invalid "Tracking Number" in item 0: must not be empty for the parcel carrier DHL'],
		['a bad ship date', { shipDate: 'yesterday-ish' }, 'Invalid "Ship Date" in item 0: "yesterday-ish" is not a date'],
		['a bad country code', { shipFromCountryCode: 'DE' }, 'Invalid "Ship-From Country Code" in item 0: "DE" is not a three-letter country code'],
		['an empty ship-from city', { shipFromCity: ' ' }, 'Invalid "Ship-From City" in item 0: must not be empty'],
		['missing position items', { positionItemsSource: 'list', positionItemsList: {} }, 'Invalid "Position Items" in item 0: must contain at least one position item'],
		['an empty JSON list', { positionItemsSource: 'json', positionItemsJson: '[]' }, 'Invalid "Position Items" in item 0: must contain at least one position item'],
		['a position item without order', { positionItemsSource: 'json', positionItemsJson: '[{"positionItemId":"p-1"}]' }, 'Invalid "Position Items [1] Sales Order ID" in item 0: must not be empty'],
		['a return carrier without number', { returnCarrier: 'GLS', returnTrackingNumber: '' }, 'Invalid "Return Tracking Number" in item 0: must not be empty'],
		['a parcel without return carrier', { returnCarrier: '' }, 'Invalid "Return Carrier" in item 0: must be set for a parcel delivery (carrier DHL)'],
		['a parcel with the default return carrier and no number', { returnCarrier: undefined, returnTrackingNumber: undefined }, 'Invalid "Return Tracking Number" in item 0: must not be empty'],
		['an unknown return carrier', { returnCarrier: 'DPD' }, 'Invalid "Return Carrier" in item 0: "DPD" is not one of'],
		['an empty sales order ID (expression)', { salesOrderId: '={{ $json.salesOrderId }}' }, 'Invalid "Sales Order (Sales Order ID)" in item 0: "" is not a sales order ID'],
	])('rejects %s naming field and item, and sends no request', async (_name, bad, message) => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({ salesOrderId: order.salesOrderId, ...bad }),
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toContain(message);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(apiRequests()).toHaveLength(0);
		expect(order.positionItems[0].fulfillmentStatus).toBe('PROCESSABLE');
	});

	it('sends no return tracking key for a forwarder delivery without return carrier; OTTO accepts it for a forwarder SKU', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		forwarderSku(world.sim, P, order.positionItems[0].product.sku);
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({ carrier: 'DB_SCHENKER', trackingNumber: '', returnCarrier: '', salesOrderId: order.salesOrderId }),
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect((posts()[0].body as { positionItems: unknown[] }).positionItems).toEqual([
			{ positionItemId: order.positionItems[0].positionItemId, salesOrderId: order.salesOrderId },
		]);
		expect(order.positionItems[0].fulfillmentStatus).toBe('SENT');
	});

	it('reports OTTO\'s 400 when a forwarder carrier ships a PARCEL SKU without return tracking key', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		const result = await runNode(world.helper, {
			type: node(),
			parameters: params({ carrier: 'DB_SCHENKER', trackingNumber: '', returnCarrier: '', salesOrderId: order.salesOrderId }),
			credentials: world.sellerCredential(),
		});
		expect(result.error?.httpCode).toBe('400');
		expect(`${result.error?.message} ${result.error?.description}`).toContain('PROPERTY_IS_MANDATORY');
		expect(`${result.error?.message} ${result.error?.description}`).toContain('returnTrackingKey');
		expect(order.positionItems[0].fulfillmentStatus).toBe('PROCESSABLE');
	});

	it('with Continue On Fail ships the good items and reports the bad one on its own item', async () => {
		const orders = world.sim.orders.create(P, { count: 3, positions: 1 });
		const input = orders.map((order, i) => ({
			json: { salesOrderId: order.salesOrderId, carrier: i === 1 ? 'FEDEX' : 'HERMES', tracking: nextTracking() },
		}));
		const result = await runNode(
			world.helper,
			{
				type: node(),
				parameters: params({
					carrier: '={{ $json.carrier }}',
					trackingNumber: '={{ $json.tracking }}',
					salesOrderId: '={{ $json.salesOrderId }}',
				}),
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			input,
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(String(result.items[1].json.error)).toContain('Invalid "Carrier" in item 1: "FEDEX" is not one of');
		expect(result.items[0].json.created).toBe(true);
		expect(result.items[2].json.created).toBe(true);
		expect(posts()).toHaveLength(2);
		expect(orders.map((order) => order.positionItems[0].fulfillmentStatus)).toEqual(['SENT', 'PROCESSABLE', 'SENT']);
	});
});
