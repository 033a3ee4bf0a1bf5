import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, useSimulator } from '../../../helpers/simulator';
import { availabilityOf } from '../sim';

const P = SELLER.partnerId;
const PROFILE = '0c1f1a0e-8c4f-4d0e-9d55-2f7b1e0e4a11';
const skuAt = (i: number) => `DLV-${String(i).padStart(4, '0')}`;

describe('OTTO Market Availability: Delivery Information > Get', () => {
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
