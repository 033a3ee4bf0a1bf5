import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { profilesOf, seedProfiles } from './profiles';

describe('OTTO Market Shipping Profiles: Update', () => {
	const world = useSimulator();
	const node = new OttoMarketShippingProfiles();

	it('changes the given fields and keeps the rest: GET then PUT of the whole profile', async () => {
		const [profile] = seedProfiles(world.sim, 1);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'update', shippingProfileId: profile.shippingProfileId, updateFields: { transportTime: 5, orderCutoff: '16:00' } },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ transportTime: 5, orderCutoff: '16:00', shippingProfileName: 'Profile 0' });
		const calls = requestsTo(world.sim, '/v1/shipping-profiles');
		expect(calls.map((c) => c.method)).toEqual(['GET', 'PUT']);
		expect(calls[1].body).toEqual({
			shippingProfileName: 'Profile 0',
			workingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
			orderCutoff: '16:00',
			deliveryType: 'PARCEL',
			defaultProcessingTime: 1,
			transportTime: 5,
		});
		expect(profilesOf(world.sim).get('1000001', profile.shippingProfileId)?.transportTime).toBe(5);
	});

	it('a transport time over 99 is refused before any request', async () => {
		const [profile] = seedProfiles(world.sim, 1);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'update', shippingProfileId: profile.shippingProfileId, updateFields: { transportTime: 120 } },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('Invalid "Transport Time (Days)" in item 0: must be 99 or less (got 120)');
		expect(world.sim.requests).toHaveLength(0);
	});

	it('404 for an unknown profile: names it, no PUT', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'update', shippingProfileId: 'gone', updateFields: { transportTime: 4 } },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('OTTO knows no shipping profile "gone"');
		expect(requestsTo(world.sim, '/v1/shipping-profiles').map((c) => c.method)).toEqual(['GET']);
	});
});
