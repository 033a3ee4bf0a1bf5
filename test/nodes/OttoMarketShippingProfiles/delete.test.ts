import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { profilesOf, seedProfiles } from './profiles';

describe('OTTO Market Shipping Profiles: Delete', () => {
	const world = useSimulator();
	const node = new OttoMarketShippingProfiles();

	it('deletes an unused profile', async () => {
		const [profile] = seedProfiles(world.sim, 1);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'delete', shippingProfileId: profile.shippingProfileId },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ shippingProfileId: profile.shippingProfileId, deleted: true }]);
		expect(requestsTo(world.sim, '/v1/shipping-profiles', 'DELETE')).toHaveLength(1);
		expect(profilesOf(world.sim).get('1000001', profile.shippingProfileId)).toBeUndefined();
	});

	it('412 while SKUs use it: says so plainly, the profile stays', async () => {
		const [profile] = seedProfiles(world.sim, 1);
		profilesOf(world.sim).linkSku('1000001', profile.shippingProfileId, 'SKU-1');
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'delete', shippingProfileId: profile.shippingProfileId },
			credentials: world.sellerCredential(),
			onError: 'continueRegularOutput',
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			`Shipping profile "${profile.shippingProfileId}" is still used by SKUs; move them to another profile first (OTTO Market Availability node) and delete it then`,
		);
		expect(String((result.items[0].error as { description?: string } | undefined)?.description ?? result.items[0].json.details)).toContain('still assigned to 1 SKU(s)');
		expect(requestsTo(world.sim, '/v1/shipping-profiles', 'DELETE')).toHaveLength(1);
		expect(profilesOf(world.sim).get('1000001', profile.shippingProfileId)).toBeDefined();
	});
});
