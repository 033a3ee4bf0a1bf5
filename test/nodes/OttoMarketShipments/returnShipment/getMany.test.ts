import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, useSimulator } from '../../../helpers/simulator';
import { returnShipmentsOf } from '../sim';

const P = SELLER.partnerId;

describe('OTTO Market Shipments: Return Shipment > Get Many', () => {
	const world = useSimulator();
	const node = () => new OttoMarketShipments();

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
	});

	it('gets many return shipments since a date', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1, status: 'SENT' });
		const returns = returnShipmentsOf(world.sim);
		returns.create(P, { carrier: 'HERMES', trackingNumber: 'RET-1', salesOrderId: order.salesOrderId, at: '2031-02-01T00:00:00Z' });
		returns.create(P, { carrier: 'DHL', trackingNumber: 'RET-2', salesOrderId: order.salesOrderId, at: '2031-02-02T00:00:00Z' });
		const many = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'returnShipment', operation: 'getMany', dateFrom: '2031-02-01T12:00:00Z', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(many.items.map((item) => item.json.trackingKey)).toEqual([{ carrier: 'DHL', trackingNumber: 'RET-2' }]);
	});
});
