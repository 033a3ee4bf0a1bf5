import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo } from '../../../helpers/simulator';
import { availabilityOf, deliverySku, SHIPPING_PROFILE_ID, useAvailabilitySimulator } from '../sim';

const P = SELLER.partnerId;
const D = '/v1/availability/product-delivery-information';
const PROFILE = SHIPPING_PROFILE_ID;
const skuAt = deliverySku;

describe('OTTO Market Availability: Delivery Information > Get Many', () => {
	const world = useAvailabilitySimulator();
	const node = () => new OttoMarketAvailability();

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
