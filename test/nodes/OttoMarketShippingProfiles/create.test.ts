import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { profilesOf, seedProfiles } from './profiles';

describe('OTTO Market Shipping Profiles: Create', () => {
	const world = useSimulator();
	const node = new OttoMarketShippingProfiles();
	const fields = {
		operation: 'create',
		shippingProfileName: 'Standard',
		deliveryType: 'PARCEL',
		workingDays: ['MONDAY', 'FRIDAY'],
		orderCutoff: '14:30',
		defaultProcessingTime: 2,
		transportTime: 3,
	};

	it('creates a profile: one POST with the whole body, the new ID as output', async () => {
		const result = await runNode(world.helper, { type: node, parameters: fields, credentials: world.sellerCredential() });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const id = result.items[0].json.shippingProfileId as string;
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect(result.items[0].json).toMatchObject({ shippingProfileName: 'Standard', message: 'Shipping profile created' });
		const posts = requestsTo(world.sim, '/v1/shipping-profiles', 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toEqual({
			shippingProfileName: 'Standard',
			workingDays: ['MONDAY', 'FRIDAY'],
			orderCutoff: '14:30',
			deliveryType: 'PARCEL',
			defaultProcessingTime: 2,
			transportTime: 3,
		});
		expect(profilesOf(world.sim).get('1000001', id)?.orderCutoff).toBe('14:30');
	});

	it('an order cutoff off the half hour fails for its item before any request', async () => {
		const result = await runNode(
			world.helper,
			{
				type: node,
				parameters: { ...fields, shippingProfileName: '={{ $json.name }}', orderCutoff: '={{ $json.cutoff }}' },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { name: 'A', cutoff: '10:00' } }, { json: { name: 'B', cutoff: '10:15' } }],
		);
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.shippingProfileName).toBe('A');
		expect(result.items[1].json.error).toBe(
			'Invalid "Order Cutoff" in item 1: "10:15" is not a time in half-hour steps such as 14:00 or 14:30',
		);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(requestsTo(world.sim, '/v1/shipping-profiles', 'POST')).toHaveLength(1);
	});

	it('409 for a name in use: says which name, not repeated', async () => {
		seedProfiles(world.sim, 1);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { ...fields, shippingProfileName: 'Profile 0' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe(
			'A shipping profile named "Profile 0" already exists; choose another name or update that profile',
		);
		expect(result.error?.httpCode).toBe('409');
		expect(requestsTo(world.sim, '/v1/shipping-profiles', 'POST')).toHaveLength(1);
	});
});
