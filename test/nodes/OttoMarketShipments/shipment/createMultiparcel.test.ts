import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../../helpers/simulator';
import { SHIP_FROM, shipmentsOf } from '../sim';

const P = SELLER.partnerId;

describe('OTTO Market Shipments: Shipment > Create Multiparcel', () => {
	const world = useSimulator();
	const node = () => new OttoMarketShipments();

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
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
});
