/** What the Cancel and Cancel Position Items tests share: their simulator, a runner and what OTTO recorded. */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OttoMarketOrders } from '../../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { runNode } from '../../helpers/n8n';
import type { NodeUnderTest, RunResult } from '../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../helpers/simulator';
import type { TestWorld } from '../../helpers/simulator';

export const PARTNER = SELLER.partnerId;

export interface CancelWorld {
	world: TestWorld;
	/** Runs the Orders node with the seller credential. */
	run: (parameters: INodeParameters, input?: INodeExecutionData[], onError?: NodeUnderTest['onError']) => Promise<RunResult>;
	/** The fulfillment status of each position item of an order, as the simulator holds it. */
	statuses: (salesOrderId: string) => string[];
	/** The cancellation requests OTTO received. */
	cancellations: () => ReturnType<typeof requestsTo>;
}

export function useCancelWorld(): CancelWorld {
	const world = useSimulator({ seed: 5, rateLimitsEnabled: false }); // exact request counts; the 20/s limit is tested with the transport
	return {
		world,
		run: async (parameters, input, onError) =>
			await runNode(world.helper, { type: new OttoMarketOrders(), parameters, credentials: world.sellerCredential(), onError }, input),
		statuses: (id) => world.sim.orders.get(PARTNER, id)!.positionItems.map((p) => p.fulfillmentStatus),
		cancellations: () => requestsTo(world.sim, '/v4/orders/', 'POST'),
	};
}
