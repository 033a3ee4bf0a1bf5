import { OttoMarketShipments } from '../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../helpers/simulator';
import { SHIP_FROM, forwarderSku, returnShipmentsOf, shipmentsOf } from './sim';

const P = SELLER.partnerId;

describe('OTTO Market Shipments: multiparcel, add items, get, get many, return shipments', () => {
	const world = useSimulator();
	const node = () => new OttoMarketShipments();

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
	});

	const create = async (trackingNumber: string, salesOrderId: string, carrier = 'GLS') =>
		await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'create', carrier, trackingNumber, ...SHIP_FROM, salesOrderId, returnTrackingNumber: `R-${trackingNumber}` },
			credentials: world.sellerCredential(),
		});

	it('creates a multiparcel shipment: one parcel per tracking number, same position items', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		const item = order.positionItems[0];
		const result = await runNode(world.helper, {
			type: node(),
			parameters: {
				resource: 'shipment',
				operation: 'createMultiparcel',
				carrier: 'DPD',
				trackingNumbers: 'MP-1, MP-2\nMP-3',
				...SHIP_FROM,
				positionItemsSource: 'order',
				salesOrderId: order.salesOrderId,
				returnCarrier: 'HERMES',
				returnTrackingNumbers: 'R-1,R-2,R-3',
			},
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		const posts = requestsTo(world.sim, '/v1/multiparcel-shipments', 'POST');
		expect(posts).toHaveLength(1);
		const body = posts[0].body as Array<{ trackingKey: { trackingNumber: string }; positionItems: Array<{ returnTrackingKey: { trackingNumber: string } }> }>;
		expect(body.map((parcel) => parcel.trackingKey.trackingNumber)).toEqual(['MP-1', 'MP-2', 'MP-3']);
		expect(body.map((parcel) => parcel.positionItems[0].returnTrackingKey.trackingNumber)).toEqual(['R-1', 'R-2', 'R-3']);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.multiParcelShipmentId).toEqual(expect.any(String));
		const parcels = shipmentsOf(world.sim)
			.list(P)
			.filter((s) => s.multiParcelShipmentId === result.items[0].json.multiParcelShipmentId);
		expect(parcels).toHaveLength(3);
		expect(item.fulfillmentStatus).toBe('SENT');
	});

	it.each([
		['a parcel multiparcel without return carrier', 'createMultiparcel', { carrier: 'DPD', trackingNumbers: 'A-1,A-2', returnCarrier: '' }, 'Invalid "Return Carrier" in item 0: must be set for a parcel delivery (carrier DPD)'],
		['a parcel multiparcel with too few return numbers', 'createMultiparcel', { carrier: 'DPD', trackingNumbers: 'A-1,A-2', returnTrackingNumbers: 'R-1' }, 'Invalid "Return Tracking Numbers" in item 0: needs one number per parcel'],
		['a parcel multiparcel with the default return carrier and no numbers', 'createMultiparcel', { carrier: 'DPD', trackingNumbers: 'A-1,A-2' }, 'Invalid "Return Tracking Numbers" in item 0: needs one number per parcel: 2 tracking numbers, 0 return'],
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

	it('checks the multiparcel tracking numbers before sending', async () => {
		const result = await runNode(world.helper, {
			type: node(),
			parameters: {
				resource: 'shipment',
				operation: 'createMultiparcel',
				carrier: 'DPD',
				trackingNumbers: 'ONLY-ONE',
				...SHIP_FROM,
				salesOrderId: 'x',
			},
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toContain('Invalid "Tracking Numbers" in item 0: needs at least two tracking numbers');
		expect(world.sim.requests.filter((r) => r.path.startsWith('/v'))).toHaveLength(0);
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

	it('gets a shipment by ID and by carrier + tracking number, and says when it does not exist', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		const created = await create('GET-1', order.salesOrderId, 'UPS');
		const shipmentId = String(created.items[0].json.shipmentId);
		const byId = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'get', findBy: 'id', shipmentId },
			credentials: world.sellerCredential(),
		});
		const byKey = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'get', findBy: 'trackingKey', carrier: 'UPS', trackingNumber: 'GET-1' },
			credentials: world.sellerCredential(),
		});
		expect(byId.items[0].json).toMatchObject({ shipmentId, trackingKey: { carrier: 'UPS', trackingNumber: 'GET-1' } });
		expect(byKey.items[0].json).toEqual(byId.items[0].json);
		const missing = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'get', findBy: 'id', shipmentId: '999' },
			credentials: world.sellerCredential(),
		});
		expect(missing.error?.message).toBe('OTTO: RESOURCE_NOT_FOUND (HTTP 404)');
	});

	it('gets many shipments since a date: Limit and Return All over several pages', async () => {
		world.sim.clock.set('2030-01-01T00:00:00Z');
		const orders = world.sim.orders.create(P, { count: 130, positions: 1 });
		const token = world.sim.tokens.issue({ partnerId: P, scopes: ['shipments'] }).token;
		for (const [i, order] of orders.entries()) {
			world.sim.clock.set(new Date(Date.parse('2030-01-01T00:00:00Z') + i * 1000));
			const response = await fetch(`${world.sim.url}/v1/shipments`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({
					trackingKey: { carrier: 'GLS', trackingNumber: `MANY-${i}` },
					shipDate: '2030-01-01T00:00:00Z',
					shipFromAddress: { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' },
					positionItems: [
						{ positionItemId: order.positionItems[0].positionItemId, salesOrderId: order.salesOrderId, returnTrackingKey: { carrier: 'GLS', trackingNumber: `R-${i}` } },
					],
				}),
			});
			expect(response.status).toBe(201);
		}
		world.sim.clock.reset();
		world.sim.clearRequests();
		const limited = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'getMany', dateFrom: '2030-01-01T00:00:00Z', limit: 5 },
			credentials: world.sellerCredential(),
		});
		expect(limited.items.map((item) => item.json.trackingKey)).toEqual(
			[0, 1, 2, 3, 4].map((i) => ({ carrier: 'GLS', trackingNumber: `MANY-${i}` })),
		);
		expect(requestsTo(world.sim, '/v1/shipments', 'GET').map((r) => r.query)).toEqual([{ datefrom: '2030-01-01T00:00:00.000Z', limit: '5' }]);
		world.sim.clearRequests();
		const all = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'getMany', dateFrom: '2030-01-01T00:00:10Z', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(all.items).toHaveLength(120);
		expect(new Set(all.items.map((item) => item.json.shipmentId)).size).toBe(120);
		expect(requestsTo(world.sim, '/v1/shipments', 'GET')).toHaveLength(2);
		expect(all.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('gets return shipments by ID, by carrier + tracking number, and many since a date', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1, status: 'SENT' });
		const returns = returnShipmentsOf(world.sim);
		const announced = returns.create(P, { carrier: 'HERMES', trackingNumber: 'RET-1', salesOrderId: order.salesOrderId, at: '2031-02-01T00:00:00Z' });
		returns.create(P, { carrier: 'DHL', trackingNumber: 'RET-2', salesOrderId: order.salesOrderId, at: '2031-02-02T00:00:00Z' });
		const byId = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'returnShipment', operation: 'get', findBy: 'id', returnShipmentId: announced.returnShipmentId },
			credentials: world.sellerCredential(),
		});
		expect(byId.items[0].json).toMatchObject({
			returnShipmentId: announced.returnShipmentId,
			returnPositionItems: [{ salesOrderId: order.salesOrderId, salesOrderPositionItemId: order.positionItems[0].positionItemId }],
		});
		const byKey = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'returnShipment', operation: 'get', findBy: 'trackingKey', carrier: 'HERMES', trackingNumber: 'RET-1' },
			credentials: world.sellerCredential(),
		});
		expect(byKey.items[0].json.returnShipmentId).toBe(announced.returnShipmentId);
		const badCarrier = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'returnShipment', operation: 'get', findBy: 'trackingKey', carrier: 'UPS', trackingNumber: 'RET-1' },
			credentials: world.sellerCredential(),
		});
		expect(badCarrier.error?.message).toContain('Invalid "Carrier" in item 0: "UPS" is not one of DHL, GLS, HERMES, HES');
		const many = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'returnShipment', operation: 'getMany', dateFrom: '2031-02-01T12:00:00Z', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(many.items.map((item) => item.json.trackingKey)).toEqual([{ carrier: 'DHL', trackingNumber: 'RET-2' }]);
	});

	it('rejects a missing From Date before sending', async () => {
		const result = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'shipment', operation: 'getMany', dateFrom: '={{ $json.since }}', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toContain('Invalid "From Date" in item 0');
		expect(requestsTo(world.sim, '/v1/shipments')).toHaveLength(0);
	});
});
