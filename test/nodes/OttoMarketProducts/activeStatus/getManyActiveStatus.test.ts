import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { seedListForms } from '../catalog';

describe('OTTO Market Products: Active Status > Get Many', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const node = new OttoMarketProducts();
	const seed = (count?: number) => seedListForms(world.sim, count);

	it('Active Status > Get Many reads { status } over pages', async () => {
		seed(130);
		const active = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'activeStatus', operation: 'getManyActiveStatus', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(active.items).toHaveLength(130);
		expect(active.items.filter((item) => item.json.active === false)).toHaveLength(Math.ceil(130 / 7));
		expect(requestsTo(world.sim, '/v5/products/active-status')).toHaveLength(2);
	});
});
