import { chunk, entryOfProblem } from '../../../nodes/shared/batch';
import type { BatchEntry } from '../../../nodes/shared/batch';
import type { OttoProblem } from '../../../nodes/shared/errors';

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
