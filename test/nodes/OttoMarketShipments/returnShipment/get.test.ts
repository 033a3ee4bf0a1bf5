import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, useSimulator } from '../../../helpers/simulator';
import { returnShipmentsOf } from '../sim';

const P = SELLER.partnerId;

describe('OTTO Market Shipments: Return Shipment > Get', () => {
	const world = useSimulator();
	const node = () => new OttoMarketShipments();

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
	});

	it('gets return shipments by ID and by carrier + tracking number; refuses a carrier OTTO has no returns for', async () => {
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
	});
});
