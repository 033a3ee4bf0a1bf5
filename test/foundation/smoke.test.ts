import { TransportProbe } from '../fixtures/TransportProbe.node';
import { runNode } from '../helpers/n8n';
import { tokenRequests, useSimulator } from '../helpers/simulator';

describe('the road of one request', () => {
	const world = useSimulator();

	it('lists orders through n8n-core with a seller token', async () => {
		world.sim.orders.create('1000001', { count: 3 });
		const result = await runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'list', path: '/v4/orders', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(tokenRequests(world.sim)).toHaveLength(1);
	});
});
