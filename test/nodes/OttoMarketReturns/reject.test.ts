import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { OttoMarketReturns } from '../../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const P = '1000001';

describe('OTTO Market Returns: Reject', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => world.sim.reset());

	const parameters = {
		operation: 'reject',
		positionItemId: '={{ $json.positionItemId }}',
		salesOrderId: '={{ $json.salesOrderId }}',
		reason: '={{ $json.reason }}',
		condition: '={{ $json.condition ?? "" }}',
	};

	it('rejects returns with a reason and an optional condition, one request, results paired', async () => {
		const announced = world.sim.returns.announce(P, { count: 3 });
		const input: INodeExecutionData[] = [
			{ json: { ...announced[0], reason: 'ITEM_DAMAGED', condition: 'D' } },
			{ json: { ...announced[1], reason: 'WRONG_ITEM' } },
			{ json: { ...announced[2], reason: 'RETURN_PERIOD_EXCEEDED' } },
		];
		const result = await runNode(world.helper, { type: new OttoMarketReturns(), parameters, credentials: world.sellerCredential() }, input);
		expect(result.error).toBeUndefined();
		const posts = requestsTo(world.sim, '/v3/returns/rejection', 'POST');
		expect(posts).toHaveLength(1);
		expect((posts[0].body as { positionItems: IDataObject[] }).positionItems).toEqual([
			{ positionItemId: announced[0].positionItemId, salesOrderId: announced[0].salesOrderId, condition: 'D', reason: 'ITEM_DAMAGED' },
			{ positionItemId: announced[1].positionItemId, salesOrderId: announced[1].salesOrderId, reason: 'WRONG_ITEM' },
			{ positionItemId: announced[2].positionItemId, salesOrderId: announced[2].salesOrderId, reason: 'RETURN_PERIOD_EXCEEDED' },
		]);
		expect(result.items.map((item) => [item.pairedItem, item.json.success])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
			[{ item: 2 }, true],
		]);
		expect(world.sim.returns.get(P, announced[0].positionItemId)?.details).toEqual({ condition: 'D', reason: 'ITEM_DAMAGED' });
		// A rejected item stays SENT at OTTO.
		expect(world.sim.orders.findPositionItem(P, announced[0].positionItemId)?.item.fulfillmentStatus).toBe('SENT');
	});

	it('requires a reason from OTTO\'s list: a missing or accept-only reason fails that item, nothing sent for it', async () => {
		const announced = world.sim.returns.announce(P, { count: 2 });
		const input: INodeExecutionData[] = [
			{ json: { ...announced[0], reason: '' } },
			{ json: { ...announced[1], reason: 'RETURN_RECEIVED' } },
		];
		const result = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			input,
		);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Invalid "Reason" in item 0: must not be empty: OTTO needs a reason to reject a return',
			expect.stringMatching(/^Invalid "Reason" in item 1: "RETURN_RECEIVED" is not one of DAMAGE_TO_THE_HYGIENE_SEAL, /),
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(requestsTo(world.sim, '/v3/returns')).toHaveLength(0);
	});

	it('maps a 207 (already rejected, already accepted) back to the items', async () => {
		const announced = world.sim.returns.announce(P, { count: 3 });
		const once = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters, credentials: world.sellerCredential() },
			[{ json: { ...announced[0], reason: 'WRONG_ITEM' } }],
		);
		expect(once.error).toBeUndefined();
		const accepted = await runNode(
			world.helper,
			{
				type: new OttoMarketReturns(),
				parameters: { operation: 'accept', positionItemId: announced[1].positionItemId, salesOrderId: announced[1].salesOrderId, condition: 'A', reason: 'RETURN_RECEIVED' },
				credentials: world.sellerCredential(),
			},
		);
		expect(accepted.error).toBeUndefined();
		world.sim.clearRequests();
		const result = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			announced.map((r) => ({ json: { ...r, reason: 'WRONG_ITEM' } })),
		);
		expect(requestsTo(world.sim, '/v3/returns/rejection', 'POST').map((r) => r.status)).toEqual([207]);
		expect(String(result.items[0].json.error)).toContain('RETURN_ALREADY_REJECTED');
		expect(String(result.items[1].json.error)).toContain('RETURN_ALREADY_ACCEPTED');
		expect(result.items[2].json).toMatchObject({ positionItemId: announced[2].positionItemId, success: true, httpStatus: 207 });
	});
});
