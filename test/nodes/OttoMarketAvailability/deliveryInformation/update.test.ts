import { OttoMarketAvailability } from '../../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo } from '../../../helpers/simulator';
import { availabilityOf, deliverySku, postedSkus, SHIPPING_PROFILE_ID, useAvailabilitySimulator } from '../sim';

const P = SELLER.partnerId;
const D = '/v1/availability/product-delivery-information';
const PROFILE = SHIPPING_PROFILE_ID;
const skuAt = deliverySku;

describe('OTTO Market Availability: Delivery Information > Update', () => {
	const world = useAvailabilitySimulator();
	const node = () => new OttoMarketAvailability();

	const deliveryParams = {
		resource: 'deliveryInformation',
		operation: 'update',
		shippingProfileId: '={{ $json.profile }}',
		processingTime: '={{ $json.days }}',
	};

	it('links 450 SKUs to a shipping profile in 3 requests; 202 and 207 map back to items', async () => {
		const input = Array.from({ length: 450 }, (_, i) => ({
			json: { sku: skuAt(i), profile: PROFILE, days: i % 3 === 0 ? 'DEFAULT' : String((i % 99) + 1) },
		}));
		input[300] = { json: { sku: 'UNKNOWN-SKU', profile: PROFILE, days: '2' } };
		const result = await runNode(
			world.helper,
			{ type: node(), parameters: deliveryParams, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			input,
		);
		expect(result.error).toBeUndefined();
		expect(postedSkus(world.sim, D).map((p) => [p.status, p.skus.length])).toEqual([
			[202, 200],
			[207, 200],
			[202, 50],
		]);
		expect(result.items).toHaveLength(450);
		result.items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		expect(result.items[1].json).toMatchObject({ sku: skuAt(1), shippingProfileId: PROFILE, processingTime: '2', success: true, httpStatus: 202 });
		expect(result.items[0].json.processingTime).toBe('DEFAULT');
		// OTTO's 207 carries `errors` as one object with validationErrors (ProductDeliveryInformationMultiStatusResponseAvailabilityV1).
		expect(String(result.items[300].json.error)).toContain('OTTO rejected sku "UNKNOWN-SKU"');
		expect(String(result.items[300].json.error)).toContain('SKU UNKNOWN-SKU is not known');
		expect(result.items[300].json.success).toBeUndefined();
		expect(result.items.filter((item) => item.json.error !== undefined)).toHaveLength(1);
		expect(availabilityOf(world.sim).deliveryInformation(P).size).toBe(449);
	});

	it.each([
		['0', 'must be a whole number from 1 to 99 or DEFAULT (got "0")'],
		['100', 'must be a whole number from 1 to 99 or DEFAULT (got "100")'],
		['2.5', 'must be a whole number from 1 to 99 or DEFAULT (got "2.5")'],
		['soon', 'must be a whole number from 1 to 99 or DEFAULT (got "soon")'],
	])('rejects processing time %s naming field and item, and sends nothing', async (days, message) => {
		const input = [{ json: { sku: skuAt(0), profile: PROFILE, days: '3' } }, { json: { sku: skuAt(1), profile: PROFILE, days } }];
		const result = await runNode(world.helper, { type: node(), parameters: deliveryParams, credentials: world.sellerCredential() }, input);
		expect(result.error?.message).toBe(`Invalid "Processing Time (Working Days)" in item 1: ${message}`);
		expect(requestsTo(world.sim, D)).toHaveLength(0);
	});

	it('rejects an empty shipping profile ID naming field and item', async () => {
		const input = [{ json: { sku: skuAt(0), profile: '', days: '3' } }];
		const result = await runNode(world.helper, { type: node(), parameters: deliveryParams, credentials: world.sellerCredential() }, input);
		expect(result.error?.message).toContain('Invalid "Shipping Profile ID" in item 0: must not be empty');
		expect(requestsTo(world.sim, D)).toHaveLength(0);
	});
});
