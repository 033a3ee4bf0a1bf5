/**
 * Issue 12 defects 5, 8, 11 and issue 18 point 3, in nodes/shared/batch.ts, through n8n-core against
 * the simulator (test routes that answer as OTTO does: a list of `errors` naming the SKU in the
 * detail, and the delivery-information shape with `errors` as ONE object).
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { batchedWrite, batchesWithUniqueKeys, problemEntries } from '../../nodes/shared/batch';
import { requestOptionsProperty } from '../../nodes/shared/descriptions';
import { runNode } from '../helpers/n8n';
import { requestsTo, useSimulator } from '../helpers/simulator';

class WriteProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Write Probe',
		name: 'writeProbe',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		usableAsTool: true,
		group: ['transform'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Write Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketApi', required: true }],
		properties: [
			{ displayName: 'Path', name: 'path', type: 'string', default: '/rel/quantities' },
			{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 200 },
			requestOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [
			await batchedWrite.call(this, items, {
				path: this.getNodeParameter('path', 0) as string,
				batchSize: this.getNodeParameter('batchSize', 0) as number,
				keyField: 'sku',
				safeToRepeat: true,
				entryOf(this: IExecuteFunctions, itemIndex: number) {
					const json = items[itemIndex].json;
					return { itemIndex, key: String(json.sku), payload: { sku: String(json.sku), quantity: json.quantity as number } };
				},
			}),
		];
	}
}

describe('batched writes (issue 12 defects 5, 8, 11; issue 18 point 3)', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	/** What "OTTO" applied, per SKU, in the order it applied it. */
	const applied = new Map<string, number>();
	let appliedCount = 0;

	beforeAll(() => {
		const opts = { scope: 'availability', limitKey: null };
		// Like OTTO's quantities: each entry on its own; a refused entry is named by SKU in the detail.
		world.sim.route('POST', '/rel/quantities', opts, (ctx) => {
			const results: IDataObject[] = [];
			const errors: IDataObject[] = [];
			for (const entry of ctx.body as Array<{ sku: string; quantity: number }>) {
				if (entry.quantity > 100) {
					errors.push({ title: 'INVALID_QUANTITY', detail: `quantity of SKU ${entry.sku} must be 100 or less`, logref: 'x' });
					continue;
				}
				applied.set(entry.sku, entry.quantity);
				appliedCount += 1;
				results.push({ sku: entry.sku, quantity: entry.quantity });
			}
			return errors.length ? { status: 207, body: { results, errors } } : { status: 200, body: { results } };
		});
		// OTTO's delivery-information 207 (ProductDeliveryInformationMultiStatusResponseAvailabilityV1):
		// `errors` is one object whose validationErrors carry { detail, logref }.
		world.sim.route('POST', '/rel/delivery', opts, (ctx) => {
			const entries = ctx.body as Array<{ sku: string; quantity: number }>;
			const good = entries.filter((entry) => entry.quantity <= 100);
			const bad = entries.filter((entry) => entry.quantity > 100);
			const body: IDataObject = { results: good.map((entry) => ({ sku: entry.sku, shippingProfileId: 'p', processingTime: '1' })) };
			if (bad.length) {
				body.errors = {
					type: '/v1/availability/delivery-information',
					title: 'UNKNOWN_SKU',
					status: 207,
					validationErrors: bad.map((entry) => ({ detail: `SKU ${entry.sku} is not known`, logref: 'l' })),
				};
			}
			return { status: bad.length ? 207 : 200, body };
		});
		// A 207 whose error names no item, with results for the items OTTO took.
		world.sim.route('POST', '/rel/unnamed', opts, (ctx) => {
			const entries = ctx.body as Array<{ sku: string; quantity: number }>;
			const results = entries.filter((entry) => entry.quantity <= 100).map((entry) => ({ sku: entry.sku, quantity: entry.quantity }));
			return { status: 207, body: { results, errors: [{ title: 'PARTIAL_FAILURE', detail: 'Some entries could not be stored', logref: 'z' }] } };
		});
	});
	beforeEach(() => {
		applied.clear();
		appliedCount = 0;
	});

	const run = (path: string, input: IDataObject[], extra: { batchSize?: number; continueOnFail?: boolean } = {}) =>
		runNode(
			world.helper,
			{
				type: new WriteProbe(),
				parameters: { path, batchSize: extra.batchSize ?? 200 },
				credentials: world.sellerCredential(),
				onError: extra.continueOnFail === false ? undefined : 'continueRegularOutput',
			},
			input.map((json) => ({ json })),
		);

	describe('defect 5: the same SKU twice in one run', () => {
		it('each item keeps its own result: the refused one fails, the other succeeds with its own quantity', async () => {
			const result = await run('/rel/quantities', [
				{ sku: 'A', quantity: 5 },
				{ sku: 'B', quantity: 1 },
				{ sku: 'A', quantity: 500 },
				{ sku: 'A', quantity: 7 },
			]);
			expect(result.items.map((item) => [item.pairedItem, item.json.quantity, item.json.success ?? false, item.json.error !== undefined])).toEqual([
				[{ item: 0 }, 5, true, false],
				[{ item: 1 }, 1, true, false],
				// The error item keeps its input's fields (router.ts errorItemFor, as every node's error items).
				[{ item: 2 }, 500, false, true],
				[{ item: 3 }, 7, true, false],
			]);
			expect(String(result.items[2].json.error)).toMatch(/"A".*100 or less/);
			// OTTO got the items of SKU A in input order, never two in one request: the last one wins.
			const posts = requestsTo(world.sim, '/rel/quantities', 'POST').map((request) => (request.body as IDataObject[]).map((entry) => `${String(entry.sku)}=${String(entry.quantity)}`));
			expect(posts).toEqual([['A=5', 'B=1'], ['A=500'], ['A=7']]);
			expect(applied.get('A')).toBe(7);
		});

		it('batches never hold a key twice and keep the order per key', () => {
			const entries = ['a', 'b', 'a', 'c', 'a', 'b', 'd', 'e'].map((key, itemIndex) => ({ itemIndex, key, payload: {} }));
			const batches = batchesWithUniqueKeys(entries, 3);
			for (const batch of batches) expect(new Set(batch.map((entry) => entry.key)).size).toBe(batch.length);
			expect(batches.every((batch) => batch.length <= 3)).toBe(true);
			expect(batches.flat().map((entry) => entry.itemIndex).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
			const batchOf = new Map(batches.flatMap((batch, index) => batch.map((entry) => [entry.itemIndex, index] as const)));
			expect(batchOf.get(0)! < batchOf.get(2)! && batchOf.get(2)! < batchOf.get(4)!).toBe(true);
			expect(batchOf.get(1)! < batchOf.get(5)!).toBe(true);
		});
	});

	describe('defect 8: without Continue On Fail, nothing is sent after the first failed batch', () => {
		it('250 items in batches of 50, item 60 refused: 2 requests, the error says what OTTO already applied', async () => {
			const input = Array.from({ length: 250 }, (_, i) => ({ sku: `S${i}`, quantity: i === 60 ? 500 : 1 }));
			const result = await run('/rel/quantities', input, { batchSize: 50, continueOnFail: false });
			expect(requestsTo(world.sim, '/rel/quantities', 'POST')).toHaveLength(2);
			expect(appliedCount).toBe(99);
			expect(result.error?.message).toMatch(/"S60"/);
			expect(result.error?.description).toMatch(/Already applied at OTTO: 99 items \(items 0, 1, 2,.* and 79 more\)/);
			expect(result.error?.description).toMatch(/Not sent, because the run stopped here: 150 items/);
		});

		it('with Continue On Fail every batch is sent and every item has its result', async () => {
			const input = Array.from({ length: 250 }, (_, i) => ({ sku: `S${i}`, quantity: i === 60 ? 500 : 1 }));
			const result = await run('/rel/quantities', input, { batchSize: 50 });
			expect(requestsTo(world.sim, '/rel/quantities', 'POST')).toHaveLength(5);
			expect(result.items).toHaveLength(250);
			expect(result.items.filter((item) => item.json.error !== undefined).map((item) => item.pairedItem)).toEqual([{ item: 60 }]);
		});
	});

	describe('defect 11: a 207 whose error names no item', () => {
		it('items with a result succeed; the one without takes the error', async () => {
			const result = await run('/rel/unnamed', [
				{ sku: 'A', quantity: 1 },
				{ sku: 'B', quantity: 500 },
				{ sku: 'C', quantity: 2 },
			]);
			expect(result.items.map((item) => item.json.success ?? String(item.json.error))).toEqual([true, expect.stringMatching(/"B".*could not be stored/), true]);
		});

		it('when OTTO gives no result to several items, none is told that OTTO accepted the others', async () => {
			const result = await run('/rel/unnamed', [
				{ sku: 'A', quantity: 500 },
				{ sku: 'B', quantity: 500 },
				{ sku: 'C', quantity: 1 },
			]);
			expect(result.items[2].json.success).toBe(true);
			for (const item of result.items.slice(0, 2)) {
				expect(String(item.json.error)).toMatch(/without naming the item/);
				expect(String(item.json.details)).not.toMatch(/accepted the other/);
				expect(String(item.json.details)).toMatch(/"A", "B".*none, some or all/);
			}
		});
	});

	describe('issue 18 point 3: delivery information 207 with `errors` as one object', () => {
		it('the refused SKU fails, the others succeed', async () => {
			const result = await run('/rel/delivery', [
				{ sku: 'D1', quantity: 1 },
				{ sku: 'D2', quantity: 500 },
				{ sku: 'D3', quantity: 1 },
			]);
			expect(result.items.map((item) => item.json.success ?? String(item.json.error))).toEqual([true, expect.stringMatching(/"D2".*UNKNOWN_SKU.*not known/), true]);
		});

		it('reads every shape of `errors` OTTO uses into one list', () => {
			expect(problemEntries(undefined)).toEqual([]);
			expect(problemEntries([{ title: 'a' }, { title: 'b' }])).toEqual([{ title: 'a' }, { title: 'b' }]);
			expect(problemEntries({ title: 'T', validationErrors: [{ detail: 'd1' }, { detail: 'd2' }] })).toEqual([
				{ title: 'T', detail: 'd1' },
				{ title: 'T', detail: 'd2' },
			]);
			expect(problemEntries({ errors: [{ title: 'nested' }] })).toEqual([{ title: 'nested' }]);
			expect(problemEntries({ title: 'single', detail: 'x' })).toEqual([{ title: 'single', detail: 'x' }]);
		});
	});
});
