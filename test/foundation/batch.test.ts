/**
 * Batched writes (nodes/shared/batch.ts) through n8n-core: chunking, 207 answers mapped back to the
 * items they came from, 413 splitting, validation without a request. Uses a test-only node.
 */
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { batchedWrite } from '../../nodes/shared/batch';
import { requestOptionsProperty } from '../../nodes/shared/descriptions';
import { runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/simulator';

class BatchProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Batch Probe',
		name: 'batchProbe',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		subtitle: '={{$parameter["path"]}}',
		usableAsTool: true,
		group: ['transform'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Batch Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/test/quantities' },
			{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 10 },
			{ displayName: 'SKU', name: 'sku', type: 'string', default: '={{ $json.sku }}' },
			{ displayName: 'Quantity', name: 'quantity', type: 'number', default: '={{ $json.quantity }}' },
			requestOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [
			await batchedWrite.call(this, this.getInputData(), {
				path: this.getNodeParameter('path', 0) as string,
				batchSize: this.getNodeParameter('batchSize', 0) as number,
				keyField: 'sku',
				safeToRepeat: true,
				entryOf(this: IExecuteFunctions, itemIndex: number) {
					const sku = String(this.getNodeParameter('sku', itemIndex) ?? '').trim();
					if (!sku) throw new NodeOperationError(this.getNode(), `SKU is empty in item ${itemIndex}`, { itemIndex });
					return { itemIndex, key: sku, payload: { sku, quantity: this.getNodeParameter('quantity', itemIndex) as number } };
				},
			}),
		];
	}
}

describe('batched writes', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	beforeAll(() => {
		const opts = { scope: 'orders', limitKey: null };
		// 200 when every entry is fine, 207 with results + errors otherwise (three ways OTTO names the entry).
		world.sim.route('POST', '/test/quantities', opts, (ctx) => {
			const entries = ctx.body as Array<{ sku: string; quantity: number }>;
			const results: IDataObject[] = [];
			const errors: IDataObject[] = [];
			entries.forEach((entry, index) => {
				if (entry.quantity < 0) errors.push({ title: 'INVALID_QUANTITY', detail: `Quantity for ${entry.sku} must not be negative` });
				else if (entry.sku.startsWith('UNKNOWN')) errors.push({ title: 'SKU_NOT_FOUND', detail: 'SKU not found', sku: entry.sku });
				else if (entry.quantity > 9999) errors.push({ title: 'TOO_LARGE', detail: 'Quantity too large', path: `/quantities[${index}].quantity` });
				else results.push({ sku: entry.sku, status: 'UPDATED' });
			});
			return { status: errors.length ? 207 : 200, body: errors.length ? { results, errors } : { results } };
		});
		// Accepts at most two entries per request.
		world.sim.route('POST', '/test/small', opts, (ctx) => {
			const entries = ctx.body as Array<{ sku: string }>;
			if (entries.length > 2) return world.sim.errors.otto(413, 'PAYLOAD_TOO_LARGE', 'At most 2 entries per request');
			return { body: { results: entries.map((entry) => ({ sku: entry.sku, status: 'UPDATED' })) } };
		});
	});

	function write(path: string, batchSize: number, input: IDataObject[], onError?: 'continueRegularOutput') {
		return runNode(
			world.helper,
			{ type: new BatchProbe(), parameters: { path, batchSize }, credentials: world.sellerCredential(), onError },
			input.map((json) => ({ json })),
		);
	}

	it('sends chunks of Batch Size and gives one result per item, in input order, paired', async () => {
		const input = Array.from({ length: 5 }, (_, i) => ({ sku: `SKU-${i}`, quantity: i }));
		const result = await write('/test/quantities', 2, input);
		expect(result.error).toBeUndefined();
		const posts = world.sim.requests.filter((r) => r.path === '/test/quantities');
		expect(posts.map((r) => (r.body as IDataObject[]).map((entry) => entry.sku))).toEqual([
			['SKU-0', 'SKU-1'],
			['SKU-2', 'SKU-3'],
			['SKU-4'],
		]);
		expect(result.items.map((item) => [item.json.sku, item.json.status, item.json.success, item.pairedItem])).toEqual(
			input.map((entry, i) => [entry.sku, 'UPDATED', true, { item: i }]),
		);
	});

	it('maps a 207 back to the items: errors by message key, key field and [n] path; the rest succeed', async () => {
		const input = [
			{ sku: 'A-1', quantity: 1 },
			{ sku: 'A-10', quantity: -1 },
			{ sku: 'UNKNOWN-7', quantity: 3 },
			{ sku: 'A-2', quantity: 10_000 },
			{ sku: 'A-3', quantity: 4 },
		];
		const result = await write('/test/quantities', 10, input, 'continueRegularOutput');
		expect(world.sim.requests.filter((r) => r.path === '/test/quantities')).toHaveLength(1);
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(result.items[0].json).toMatchObject({ sku: 'A-1', success: true, httpStatus: 207 });
		expect(result.items[4].json).toMatchObject({ sku: 'A-3', success: true, httpStatus: 207 });
		expect(result.items[1].json.error).toBe('OTTO rejected sku "A-10": INVALID_QUANTITY: Quantity for A-10 must not be negative');
		expect(result.items[2].json.error).toBe('OTTO rejected sku "UNKNOWN-7": SKU_NOT_FOUND: SKU not found');
		expect(result.items[3].json.error).toBe('OTTO rejected sku "A-2": TOO_LARGE: Quantity too large (/quantities[3].quantity)');
		for (const index of [1, 2, 3]) {
			expect(result.items[index].json.details).toBe('HTTP 207: OTTO refused this item; each of the other 4 items of this request has its own result.');
			expect(result.items[index].pairedItem).toEqual({ item: index });
		}
	});

	it('without Continue On Fail a 207 with an error stops with that item\'s error', async () => {
		const result = await write('/test/quantities', 10, [
			{ sku: 'B-1', quantity: 1 },
			{ sku: 'B-2', quantity: -5 },
		]);
		expect(result.error?.message).toBe('OTTO rejected sku "B-2": INVALID_QUANTITY: Quantity for B-2 must not be negative');
		expect(result.error?.context?.itemIndex).toBe(1);
	});

	it('halves a batch OTTO answers with 413 until it fits', async () => {
		const input = Array.from({ length: 5 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 }));
		const result = await write('/test/small', 5, input);
		expect(result.error).toBeUndefined();
		const sizes = world.sim.requests.filter((r) => r.path === '/test/small').map((r) => [(r.body as IDataObject[]).length, r.status]);
		// 5 -> 413; 3 -> 413; 2 ok, 1 ok; 2 ok
		expect(sizes).toEqual([
			[5, 413],
			[3, 413],
			[2, 200],
			[1, 200],
			[2, 200],
		]);
		expect(result.items.map((item) => [item.json.sku, item.pairedItem])).toEqual(input.map((entry, i) => [entry.sku, { item: i }]));
	});

	it('a bad item gets a validation error and no request; the others are sent (Continue On Fail)', async () => {
		const result = await write('/test/quantities', 10, [{ sku: 'C-1', quantity: 1 }, { sku: '', quantity: 2 }, { sku: 'C-3', quantity: 3 }], 'continueRegularOutput');
		const posts = world.sim.requests.filter((r) => r.path === '/test/quantities');
		expect(posts.map((r) => (r.body as IDataObject[]).map((entry) => entry.sku))).toEqual([['C-1', 'C-3']]);
		expect(result.items.map((item) => [item.json.error ?? item.json.sku, item.pairedItem])).toEqual([
			['C-1', { item: 0 }],
			['SKU is empty in item 1', { item: 1 }],
			['C-3', { item: 2 }],
		]);
	});

	it('a bad item without Continue On Fail stops before anything is sent', async () => {
		const result = await write('/test/quantities', 10, [{ sku: 'D-1', quantity: 1 }, { sku: ' ', quantity: 2 }]);
		expect(result.error?.message).toBe('SKU is empty in item 1');
		expect(world.sim.requests.filter((r) => r.path === '/test/quantities')).toHaveLength(0);
	});
});
