import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, useSimulator } from '../../../helpers/simulator';
import { SHIP_FROM } from '../sim';

const P = SELLER.partnerId;

describe('OTTO Market Shipments: Shipment > Get', () => {
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
});
