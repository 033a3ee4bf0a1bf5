/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped */
import { OttoMarketProducts } from '../../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { runNode } from '../../../helpers/n8n';
import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { variation } from '../catalog';

describe('OTTO Market Products: Get Task Status', () => {
	const world = useSimulator();
	const node = new OttoMarketProducts();

	it('pending at first, then done with the failed and succeeded lists', async () => {
		world.sim.config.productTaskDelayMs = 300;
		const credentials = world.sellerCredential();
		const sent = await runNode(world.helper, {
			type: node,
			parameters: {
				resource: 'product',
				operation: 'createOrUpdate',
				productVariations: JSON.stringify([variation(1), variation(2, { productReference: '' })]),
			},
			credentials,
		});
		const taskLink = `/v5/products/update-tasks/${String(sent.items[0].json.taskId)}`;
		const params = { resource: 'task', operation: 'getTask', taskId: taskLink, includeFailed: true, includeSucceeded: true };

		world.sim.clearRequests();
		const pending = await runNode(world.helper, { type: node, parameters: params, credentials });
		expect(pending.items[0].json).toMatchObject({ state: 'pending', failedItems: [], succeededItems: [] });
		expect(requestsTo(world.sim, '/v5/products')).toHaveLength(1);

		await new Promise((resolve) => setTimeout(resolve, 350));
		world.sim.clearRequests();
		const done = await runNode(world.helper, { type: node, parameters: params, credentials });
		expect(done.error).toBeUndefined();
		expect(done.items[0].json).toMatchObject({
			taskId: sent.items[0].json.taskId,
			state: 'done',
			succeeded: 1,
			failed: 1,
			succeededItems: [{ variation: 'SKU-0001' }],
			failedItems: [{ variation: 'SKU-0002', errors: [expect.objectContaining({ title: 'productReference is mandatory' })] }],
		});
		expect(requestsTo(world.sim, '/v5/products').map((r) => r.path.split('/').pop())).toEqual([
			sent.items[0].json.taskId,
			'failed',
			'succeeded',
		]);
	});

	it('lists the task\'s unchanged items (GET .../unchanged) when asked', async () => {
		world.sim.config.productTaskDelayMs = 0;
		const credentials = world.sellerCredential();
		const send = async () =>
			await runNode(world.helper, {
				type: node,
				parameters: { resource: 'product', operation: 'createOrUpdate', productVariations: JSON.stringify([variation(7), variation(8)]) },
				credentials,
			});
		const first = await send();
		await runNode(world.helper, { type: node, parameters: { resource: 'task', operation: 'getTask', taskId: String(first.items[0].json.taskId) }, credentials });
		const again = await send();
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'task', operation: 'getTask', taskId: String(again.items[0].json.taskId), includeUnchanged: true },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ state: 'done', unchanged: 2, unchangedItems: [{ variation: 'SKU-0007' }, { variation: 'SKU-0008' }] });
		expect(requestsTo(world.sim, '/v5/products').map((r) => r.path.split('/').pop())).toEqual([String(again.items[0].json.taskId), 'unchanged']);
	});

	it('an unknown task: 404 naming it', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'task', operation: 'getTask', taskId: 'no-such-task' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe(
			'OTTO knows no product update task "no-such-task" (tasks belong to the partner that sent them)',
		);
		expect(world.sim.requests.filter((r) => r.path.startsWith('/v5/'))).toHaveLength(1);
	});

	it('a task ID with spaces is refused before any request', async () => {
		const result = await runNode(world.helper, {
			type: node,
			parameters: { resource: 'task', operation: 'getTask', taskId: 'not a task' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toBe('Invalid "Task ID" in item 0: "not a task" is neither a task ID nor a task link');
		expect(world.sim.requests).toHaveLength(0);
	});
});
