import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { seedProfiles } from './profiles';

describe('OTTO Market Shipping Profiles: Get Many', () => {
	const world = useSimulator();
	const node = new OttoMarketShippingProfiles();

	it('Return All follows the cursor of the links object (300 + 5)', async () => {
		seedProfiles(world.sim, 305);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(305);
		expect(new Set(result.items.map((i) => i.json.shippingProfileId)).size).toBe(305);
		const calls = requestsTo(world.sim, '/v1/shipping-profiles');
		expect(calls).toHaveLength(2);
		expect(calls[0].query).toEqual({});
		expect(typeof calls[1].query.cursor).toBe('string');
	});

	it('Limit: one page, cut to the Limit (OTTO has no page-size parameter here)', async () => {
		seedProfiles(world.sim, 10);
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'getMany', returnAll: false, limit: 4 },
			credentials: world.sellerCredential(),
		});
		expect(result.items).toHaveLength(4);
		const calls = requestsTo(world.sim, '/v1/shipping-profiles');
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toEqual({});
	});

	it('a bad cursor from OTTO: the 400 problem text reaches the user', async () => {
		world.sim.faults.add({
			path: '/v1/shipping-profiles',
			status: 400,
			body: { type: 'about:blank', title: 'Bad Request', status: 400, validationErrors: [{ detail: 'cursor: invalid' }] },
		});
		const result = await runNode(world.helper, {
			type: node,
			parameters: { operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('OTTO: Bad Request (HTTP 400)');
		expect(result.error?.description).toContain('cursor: invalid');
		expect(requestsTo(world.sim, '/v1/shipping-profiles')).toHaveLength(1);
	});
});
