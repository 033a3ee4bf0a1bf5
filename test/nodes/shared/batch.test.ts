import type { IDataObject } from 'n8n-workflow';

import { OttoMarketAvailability } from '../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { chunk, entryOfProblem } from '../../../nodes/shared/batch';
import type { BatchEntry } from '../../../nodes/shared/batch';
import type { OttoProblem } from '../../../nodes/shared/errors';
import { runNode } from '../../helpers/n8n';
import { SELLER, useSimulator } from '../../helpers/simulator';

describe('chunk', () => {
	it('splits into chunks of at most the size, keeping order', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
		expect(chunk([1, 2], 10)).toEqual([[1, 2]]);
		expect(chunk([], 5)).toEqual([]);
	});

	it('treats a size below 1 as 1 instead of looping forever', () => {
		expect(chunk(['a', 'b'], 0)).toEqual([['a'], ['b']]);
		expect(chunk(['a', 'b'], -3)).toEqual([['a'], ['b']]);
		expect(chunk(['a', 'b', 'c'], 2.5)).toEqual([['a', 'b'], ['c']]);
		expect(chunk(['a', 'b'], Number.NaN)).toEqual([['a'], ['b']]);
	});
});

describe('entryOfProblem', () => {
	const batch: BatchEntry[] = ['AB-1', 'AB-10', 'X.1', 'sku with space'].map((key, index) => ({
		itemIndex: index + 10,
		key,
		payload: { sku: key },
	}));
	const problem = (fields: Partial<OttoProblem> & Record<string, unknown>) => ({ title: 'T', detail: '', ...fields }) as OttoProblem;

	it('uses the key field of the problem when OTTO names it', () => {
		expect(entryOfProblem(problem({ sku: 'AB-10' }), batch, 'sku')?.itemIndex).toBe(11);
		expect(entryOfProblem(problem({ sku: 'unknown' }), batch, 'sku')).toBeUndefined();
	});

	it('uses an [n] index in the path', () => {
		expect(entryOfProblem(problem({ path: '/quantities[2].quantity' }), batch, 'sku')?.itemIndex).toBe(12);
		expect(entryOfProblem(problem({ path: '[0]' }), batch, 'sku')?.itemIndex).toBe(10);
	});

	it('finds the key in path or detail, whole words only, longest key first', () => {
		expect(entryOfProblem(problem({ detail: 'Quantity for AB-10 must not be negative' }), batch, 'sku')?.itemIndex).toBe(11);
		expect(entryOfProblem(problem({ detail: 'Quantity for AB-1 must not be negative' }), batch, 'sku')?.itemIndex).toBe(10);
		expect(entryOfProblem(problem({ detail: 'SKU X.1 unknown' }), batch, 'sku')?.itemIndex).toBe(12);
		// "X.1" as a regex would match "XZ1"; keys are escaped.
		expect(entryOfProblem(problem({ detail: 'SKU XZ1 unknown' }), batch, 'sku')).toBeUndefined();
		expect(entryOfProblem(problem({ path: 'sku with space' }), batch, 'sku')?.itemIndex).toBe(13);
		// AB-100 is not AB-10.
		expect(entryOfProblem(problem({ detail: 'AB-100 unknown' }), batch, 'sku')).toBeUndefined();
	});

	it('gives undefined when the problem names no entry', () => {
		expect(entryOfProblem(problem({ detail: 'Something went wrong' }), batch, 'sku')).toBeUndefined();
	});
});

describe('error items of a batched write (through n8n-core against the simulator)', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const node = new OttoMarketAvailability();
	const SKUS = ['ERR-1', 'ERR-2', 'ERR-3'];

	beforeAll(() => {
		(world.sim as unknown as { availability: { addSkus(partnerId: string, skus: string[]): void } }).availability.addSkus(SELLER.partnerId, SKUS);
	});

	it('have the shape of every error item (router.ts errorItem): the input fields, then error and details', async () => {
		const input = [
			{ json: { sku: 'ERR-1', quantity: 1, note: 'ok' } },
			{ json: { sku: 'ERR-2', quantity: -1, note: 'invalid' } },
			{ json: { sku: 'UNKNOWN', quantity: 2, note: 'rejected' } },
		];
		const writes = await runNode(
			world.helper,
			{ type: node, parameters: { resource: 'quantity', operation: 'update' }, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			input,
		);
		// The same node's per-item read (router.ts) failing for an unknown SKU, for comparison.
		const read = await runNode(
			world.helper,
			{ type: node, parameters: { resource: 'quantity', operation: 'get', sku: '={{ $json.sku }}' }, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
			[{ json: { sku: 'UNKNOWN', quantity: 2, note: 'rejected' } }],
		);
		const shape = (json: IDataObject) => Object.keys(json).filter((key) => key !== 'details');
		expect(writes.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(writes.items[0].json.success).toBe(true);
		for (const index of [1, 2]) {
			const json = writes.items[index].json;
			expect(shape(json)).toEqual(['sku', 'quantity', 'note', 'error']);
			expect(json).toMatchObject(input[index].json);
			expect(typeof json.error).toBe('string');
		}
		expect(shape(read.items[0].json)).toEqual(shape(writes.items[2].json));
	});
});
