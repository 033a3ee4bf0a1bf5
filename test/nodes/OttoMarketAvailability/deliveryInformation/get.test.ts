import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER } from '../../../helpers/simulator';
import { availabilityOf, deliverySku, SHIPPING_PROFILE_ID, useAvailabilitySimulator } from '../sim';

const P = SELLER.partnerId;
const PROFILE = SHIPPING_PROFILE_ID;
const skuAt = deliverySku;

describe('OTTO Market Availability: Delivery Information > Get', () => {
	const world = useAvailabilitySimulator();
	const node = () => new OttoMarketAvailability();

	it('gets the delivery information of one SKU per item', async () => {
		const store = availabilityOf(world.sim).deliveryInformation(P);
		for (let i = 0; i < 250; i++) store.set(skuAt(i), { sku: skuAt(i), shippingProfileId: PROFILE, processingTime: '1' });
		const one = await runNode(
			world.helper,
			{ type: node(), parameters: { resource: 'deliveryInformation', operation: 'get', sku: '={{ $json.sku }}' }, credentials: world.sellerCredential() },
			[{ json: { sku: skuAt(7) } }, { json: { sku: skuAt(8) } }],
		);
		expect(one.items.map((item) => [item.json.sku, item.pairedItem])).toEqual([
			[skuAt(7), { item: 0 }],
			[skuAt(8), { item: 1 }],
		]);
	});
});
