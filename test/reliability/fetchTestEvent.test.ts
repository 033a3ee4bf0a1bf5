/**
 * Issue 17 point 4: "Fetch Test Event" (a manual run) of both triggers with nothing matching says so
 * and what to do, instead of n8n's silent "No trigger output"; with a match it returns it.
 */
import type { INodeParameters, INodeType } from 'n8n-workflow';

import { OttoMarketOrdersTrigger } from '../../nodes/OttoMarketOrdersTrigger/OttoMarketOrdersTrigger.node';
import { OttoMarketReturnsTrigger } from '../../nodes/OttoMarketReturnsTrigger/OttoMarketReturnsTrigger.node';
import { pollOnce } from '../helpers/n8n';
import { useSimulator } from '../helpers/simulator';

const P = '1000001';

describe('Fetch Test Event with nothing matching', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => world.sim.reset());

	const fetchTestEvent = (type: INodeType, parameters: INodeParameters) =>
		pollOnce(world.helper, { type, parameters, credentials: world.sellerCredential() }, { mode: 'manual' });

	it('Orders Trigger: an error that says what to do (create test orders, widen the event)', async () => {
		world.sim.orders.create(P, { count: 2, status: 'SENT' });
		const error = (await fetchTestEvent(new OttoMarketOrdersTrigger(), { event: 'processable' }).catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toMatch(/No event found/);
		expect(error.description).toMatch(/"Order Ready to Ship"/);
		expect(error.description).toMatch(/Create Test Orders/);
		expect(error.description).toMatch(/wider event/);
	});

	it('Orders Trigger: with a matching order it returns it', async () => {
		const [order] = world.sim.orders.create(P, { count: 1, status: 'PROCESSABLE' });
		const result = await fetchTestEvent(new OttoMarketOrdersTrigger(), { event: 'processable' });
		expect(result.items?.map((item) => item.json.salesOrderId)).toEqual([order.salesOrderId]);
	});

	it('Returns Trigger: an error that says what to do', async () => {
		const error = (await fetchTestEvent(new OttoMarketReturnsTrigger(), { event: 'misdirectedReturn' }).catch((e: unknown) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toMatch(/No event found/);
		expect(error.description).toMatch(/MISDIRECTED/);
		expect(error.description).toMatch(/other event/);
	});
});
