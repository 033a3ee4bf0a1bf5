import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../../helpers/simulator';
import { availabilityOf } from '../sim';

const P = SELLER.partnerId;
const D = '/v1/availability/product-delivery-information';
const PROFILE = '0c1f1a0e-8c4f-4d0e-9d55-2f7b1e0e4a11';
const skuAt = (i: number) => `DLV-${String(i).padStart(4, '0')}`;

describe('OTTO Market Availability: Delivery Information > Get Many', () => {
	const world = useSimulator();
	const node = () => new OttoMarketAvailability();

	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
		availabilityOf(world.sim).addSkus(P, Array.from({ length: 500 }, (_, i) => skuAt(i)));
	});
	beforeEach(() => {
		availabilityOf(world.sim).deliveryInformation(P).clear();
		availabilityOf(world.sim).quantities(P).clear();
	});

	it('gets many delivery information records (links object pages)', async () => {
		const store = availabilityOf(world.sim).deliveryInformation(P);
		for (let i = 0; i < 250; i++) store.set(skuAt(i), { sku: skuAt(i), shippingProfileId: PROFILE, processingTime: '1' });
		world.sim.clearRequests();
		const all = await runNode(world.helper, {
			type: node(),
			parameters: { resource: 'deliveryInformation', operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(all.items).toHaveLength(250);
		expect(all.items[249].json.sku).toBe(skuAt(249));
		expect(requestsTo(world.sim, D, 'GET')).toHaveLength(2);
	});
});
