import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { seedProfiles } from './profiles';

describe('OTTO Market Shipping Profiles: Get', () => {
	const world = useSimulator();
	const node = new OttoMarketShippingProfiles();

	it('returns the profile', async () => {
		const [profile] = seedProfiles(world.sim, 2);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'get', shippingProfileId: profile.shippingProfileId },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual(profile);
		expect(requestsTo(world.sim, '/v1/shipping-profiles').map((r) => r.path)).toEqual([
			`/v1/shipping-profiles/${profile.shippingProfileId}`,
		]);
	});

	it('404: names the profile', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'get', shippingProfileId: 'missing-id' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('OTTO knows no shipping profile "missing-id"');
		expect(result.error?.description).toContain('Shipping profile missing-id not found');
		expect(requestsTo(world.sim, '/v1/shipping-profiles')).toHaveLength(1);
	});

	it('an ID with a slash is refused before any request', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'get', shippingProfileId: '../orders' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('Invalid "Shipping Profile ID" in item 0: "../orders" contains /, ?, #, \\ or spaces');
		expect(world.sim.requests).toHaveLength(0);
	});
});
