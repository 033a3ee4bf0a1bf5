import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { OttoMarketReturns } from '../../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const P = '1000001';

function inputsOf(returns: Array<{ positionItemId: string; salesOrderId: string }>): INodeExecutionData[] {
	return returns.map((r) => ({ json: { positionItemId: r.positionItemId, salesOrderId: r.salesOrderId } }));
}

const fromInput = {
	operation: 'accept',
	positionItemId: '={{ $json.positionItemId }}',
	salesOrderId: '={{ $json.salesOrderId }}',
	condition: 'B',
	reason: 'RETURN_RECEIVED',
};

describe('OTTO Market Returns: Accept', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => world.sim.reset());

	it('accepts 250 returns in exactly 2 requests (200 + 50) and pairs every result with its item', async () => {
		const announced = world.sim.returns.announce(P, { count: 250 });
		const result = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters: fromInput, credentials: world.sellerCredential() },
			inputsOf(announced),
		);
		expect(result.error).toBeUndefined();
		const posts = requestsTo(world.sim, '/v3/returns/acceptance', 'POST');
		expect(posts).toHaveLength(2);
		expect(posts.map((p) => (p.body as { positionItems: unknown[] }).positionItems.length)).toEqual([200, 50]);
		expect((posts[0].body as { positionItems: IDataObject[] }).positionItems[0]).toEqual({
			positionItemId: announced[0].positionItemId,
			salesOrderId: announced[0].salesOrderId,
			condition: 'B',
			reason: 'RETURN_RECEIVED',
		});
		expect(result.items).toHaveLength(250);
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({
				positionItemId: announced[index].positionItemId,
				success: true,
				httpStatus: 200,
			});
		});
		expect(world.sim.returns.list(P, 'ACCEPTED')).toHaveLength(250);
		// OTTO's 207/200 results (AcceptedPositionItemReturnsV3): positionItemId, salesOrderId, condition, reason; no status.
		expect(result.items[0].json.status).toBeUndefined();
		// OTTO-side consequence: the position item is RETURNED.
		expect(world.sim.orders.findPositionItem(P, announced[249].positionItemId)?.item.fulfillmentStatus).toBe('RETURNED');
	});

	it('returns the items OTTO rejects in a 207 as their own errors (Continue On Fail), the others as accepted', async () => {
		const announced = world.sim.returns.announce(P, { count: 4 });
		// The return of item 1 was accepted before: OTTO refuses to accept it twice.
		const first = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters: fromInput, credentials: world.sellerCredential() },
			inputsOf([announced[1]]),
		);
		expect(first.error).toBeUndefined();
		world.sim.clearRequests();

		const input = inputsOf(announced);
		input.splice(3, 0, { json: { positionItemId: 'no-such-item', salesOrderId: announced[0].salesOrderId } });
		const result = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters: fromInput, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			input,
		);
		expect(result.error).toBeUndefined();
		const posts = requestsTo(world.sim, '/v3/returns/acceptance', 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].status).toBe(207);
		expect(result.items).toHaveLength(5);
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(result.items[0].json).toMatchObject({ positionItemId: announced[0].positionItemId, success: true, httpStatus: 207 });
		expect(result.items[1].json.error).toBe(
			`OTTO rejected positionItemId "${announced[1].positionItemId}": RETURN_ALREADY_ACCEPTED: The return of position item ${announced[1].positionItemId} was already accepted (/positionItems[1])`,
		);
		expect(result.items[2].json).toMatchObject({ positionItemId: announced[2].positionItemId, success: true });
		expect(String(result.items[3].json.error)).toContain('OTTO rejected positionItemId "no-such-item": RESOURCE_NOT_FOUND');
		expect(result.items[4].json).toMatchObject({ positionItemId: announced[3].positionItemId, success: true });
		expect(world.sim.returns.list(P, 'ACCEPTED')).toHaveLength(4);
	});

	it('stops on the first item OTTO rejects when Continue On Fail is off, naming the item', async () => {
		const announced = world.sim.returns.announce(P, { count: 2 });
		const result = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters: fromInput, credentials: world.sellerCredential() },
			[...inputsOf(announced), { json: { positionItemId: 'unknown-1', salesOrderId: announced[0].salesOrderId } }],
		);
		expect(result.error?.message).toContain('OTTO rejected positionItemId "unknown-1": RESOURCE_NOT_FOUND');
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(requestsTo(world.sim, '/v3/returns/acceptance', 'POST')).toHaveLength(1);
	});

	it('validates condition, reason and both IDs before sending: bad items get errors naming field and item, no request for them', async () => {
		const announced = world.sim.returns.announce(P, { count: 1 });
		const input: INodeExecutionData[] = [
			{ json: { positionItemId: announced[0].positionItemId, salesOrderId: announced[0].salesOrderId, condition: 'B', reason: 'RETURN_RECEIVED' } },
			{ json: { positionItemId: 'p-2', salesOrderId: 's-2', condition: 'F', reason: 'RETURN_RECEIVED' } },
			{ json: { positionItemId: 'p-3', salesOrderId: 's-3', condition: 'A', reason: 'ITEM_DAMAGED' } },
			{ json: { positionItemId: '', salesOrderId: 's-4', condition: 'A', reason: 'RETURN_RECEIVED' } },
			{ json: { positionItemId: 'p-5', salesOrderId: '', condition: 'A', reason: 'RETURN_RECEIVED' } },
		];
		const parameters = { ...fromInput, condition: '={{ $json.condition }}', reason: '={{ $json.reason }}' };
		const result = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			input,
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.error)).toEqual([
			undefined,
			'Invalid "Condition" in item 1: "F" is not one of A, B, C, D, E',
			expect.stringMatching(/^Invalid "Reason" in item 2: "ITEM_DAMAGED" is not one of CANCEL_REQUEST_BY_CUSTOMER, /),
			'Invalid "Position Item ID" in item 3: must not be empty (got "")',
			'Invalid "Sales Order ID" in item 4: must not be empty (got "")',
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		const posts = requestsTo(world.sim, '/v3/returns/acceptance', 'POST');
		expect(posts).toHaveLength(1);
		expect((posts[0].body as { positionItems: IDataObject[] }).positionItems.map((p) => p.positionItemId)).toEqual([
			announced[0].positionItemId,
		]);

		// Without Continue On Fail one bad item stops the node before anything is sent.
		world.sim.clearRequests();
		const stopped = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters, credentials: world.sellerCredential() },
			input,
		);
		expect(stopped.error?.message).toBe('Invalid "Condition" in item 1: "F" is not one of A, B, C, D, E');
		expect(stopped.error?.context?.itemIndex).toBe(1);
		expect(requestsTo(world.sim, '/v3/returns')).toHaveLength(0);
	});

	it('halves a batch OTTO answers with 413 and never repeats an acceptance after a 500', async () => {
		const announced = world.sim.returns.announce(P, { count: 10 });
		world.sim.faults.add({ method: 'POST', path: '/v3/returns/acceptance', status: 413, times: 1 });
		const split = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters: fromInput, credentials: world.sellerCredential() },
			inputsOf(announced.slice(0, 6)),
		);
		expect(split.error).toBeUndefined();
		const posts = requestsTo(world.sim, '/v3/returns/acceptance', 'POST');
		expect(posts.map((p) => [p.status, (p.body as { positionItems: unknown[] }).positionItems.length])).toEqual([
			[413, 6],
			[200, 3],
			[200, 3],
		]);
		expect(split.items.filter((item) => item.json.success === true)).toHaveLength(6);

		world.sim.clearRequests();
		world.sim.faults.add({ method: 'POST', path: '/v3/returns/acceptance', status: 500, times: 1, afterHandler: true });
		const failed = await runNode(
			world.helper,
			{ type: new OttoMarketReturns(), parameters: fromInput, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			inputsOf(announced.slice(6)),
		);
		expect(requestsTo(world.sim, '/v3/returns/acceptance', 'POST')).toHaveLength(1);
		expect(failed.items).toHaveLength(4);
		for (const item of failed.items) expect(item.json.error).toBeDefined();
		// OTTO did accept them before the 500: repeating would have produced "already accepted" errors.
		expect(world.sim.returns.list(P, 'ACCEPTED')).toHaveLength(10);
	});
});
