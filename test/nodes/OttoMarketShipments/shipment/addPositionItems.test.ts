import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../../helpers/simulator';
import { SHIP_FROM, forwarderSku, shipmentsOf } from '../sim';

const P = SELLER.partnerId;

describe('OTTO Market Shipments: Shipment > Add Position Items', () => {
	const world = useSimulator();
	const node = () => new OttoMarketShipments();

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
	});

	it.each([
		['adding items by ID to a parcel shipment without return carrier', 'addPositionItems', { findBy: 'id', shipmentId: '1', returnCarrier: '' }, 'Invalid "Return Carrier" in item 0: must be set for a parcel delivery (Delivery is Parcel)'],
		['adding items by parcel carrier without return number', 'addPositionItems', { findBy: 'trackingKey', carrier: 'HERMES', trackingNumber: 'T', returnCarrier: 'HERMES' }, 'Invalid "Return Tracking Number" in item 0: must not be empty'],
	])('refuses %s naming field and item, before sending', async (_name, operation, extra, message) => {
		const result = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation, ...SHIP_FROM, positionItemsSource: 'json', positionItemsJson: '[{"positionItemId":"p","salesOrderId":"o"}]', ...extra },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toContain(message);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(world.sim.requests.filter((r) => r.path.startsWith('/v'))).toHaveLength(0);
	});

	it('adds items to a forwarder shipment without return tracking key (Delivery: Forwarder)', async () => {
		const [order] = world.sim.orders.create(P, { positions: 2 });
		const [first, forgotten] = order.positionItems;
		forwarderSku(world.sim, P, first.product.sku);
		forwarderSku(world.sim, P, forgotten.product.sku);
		const created = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'create', carrier: 'DACHSER', trackingNumber: 'FW-1', ...SHIP_FROM, returnCarrier: '', positionItemsSource: 'json', positionItemsJson: JSON.stringify([{ salesOrderId: order.salesOrderId, positionItemId: first.positionItemId }]) },
			credentials: world.sellerCredential(),
		});
		expect(created.error).toBeUndefined();
		const result = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'addPositionItems', findBy: 'id', shipmentId: String(created.items[0].json.shipmentId), delivery: 'forwarder', returnCarrier: '', positionItemsSource: 'json', positionItemsJson: JSON.stringify([{ salesOrderId: order.salesOrderId, positionItemId: forgotten.positionItemId }]) },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(world.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/positionitems'))[0].body).toEqual([{ salesOrderId: order.salesOrderId, positionItemId: forgotten.positionItemId }]);
		expect(forgotten.fulfillmentStatus).toBe('SENT');
	});

	it.each([
		['by shipment ID', 'id'],
		['by carrier and tracking number', 'trackingKey'],
	])('adds forgotten position items %s', async (_name, findBy) => {
		const [order] = world.sim.orders.create(P, { positions: 2 });
		const [first, forgotten] = order.positionItems;
		const created = await runNode(world.helper, {
			type: node(),
			parameters: {
				resource: 'shipment',
				operation: 'create',
				carrier: 'GLS',
				trackingNumber: `ADD-${findBy}`,
				...SHIP_FROM,
				positionItemsSource: 'list',
				positionItemsList: { item: [{ salesOrderId: order.salesOrderId, positionItemId: first.positionItemId }] },
				returnCarrier: 'GLS',
				returnTrackingNumber: 'R-first',
			},
			credentials: world.sellerCredential(),
		});
		const shipmentId = String(created.items[0].json.shipmentId);
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: node(),
			parameters: {
				resource: 'shipment',
				operation: 'addPositionItems',
				findBy,
				shipmentId,
				carrier: 'GLS',
				trackingNumber: `ADD-${findBy}`,
				positionItemsSource: 'json',
				positionItemsJson: JSON.stringify([{ salesOrderId: order.salesOrderId, positionItemId: forgotten.positionItemId }]),
				returnCarrier: 'GLS',
				returnTrackingNumber: 'R-forgotten',
			},
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect((world.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/positionitems'))[0].body as Array<{ returnTrackingKey: unknown }>)[0].returnTrackingKey).toEqual({
			carrier: 'GLS',
			trackingNumber: 'R-forgotten',
		});
		const path = findBy === 'id' ? `/v1/shipments/${shipmentId}/positionitems` : `/v1/shipments/carriers/GLS/trackingnumbers/ADD-${findBy}/positionitems`;
		expect(requestsTo(world.sim, path, 'POST').map((r) => r.status)).toEqual([200]);
		expect(result.items[0].json).toMatchObject({ success: true });
		expect(forgotten.fulfillmentStatus).toBe('SENT');
		const shipment = shipmentsOf(world.sim).list(P).find((s) => s.shipmentId === shipmentId);
		expect(shipment?.positionItems.map((p) => p.positionItemId)).toEqual([first.positionItemId, forgotten.positionItemId]);
	});
});
