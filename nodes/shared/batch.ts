import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { formatProblems, parseOttoProblems } from './errors';
import type { OttoProblem } from './errors';
import { groupByInstallation, preparedInstallations } from './installations';
import { errorItem, forItem } from './router';
import { ottoRequestFull } from './transport';

/** One input item's share of a batched write. */
export interface BatchEntry {
	itemIndex: number;
	/** What OTTO gets for this item (one element of the request array). */
	payload: IDataObject;
	/** The key OTTO uses to refer to it in 207 answers (SKU, position item ID). */
	key: string;
}

export interface BatchOptions {
	path: string;
	batchSize: number;
	/** Wraps the payloads into the request body (default: the array itself). */
	wrap?: (payloads: IDataObject[]) => unknown;
	/** Field of a payload / result entry that holds the key (e.g. `sku`, `positionItemId`). */
	keyField: string;
	/** Setting stock or delivery data twice is harmless; accepting a return twice is not. */
	safeToRepeat: boolean;
}

/** The fate of one input item. */
export interface BatchOutcome {
	itemIndex: number;
	json: IDataObject;
	error?: Error;
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	// A size below 1 (or not a number) would give empty chunks and lose items: send them one by one.
	const step = Math.max(1, Math.floor(size) || 1);
	for (let start = 0; start < list.length; start += step) chunks.push(list.slice(start, start + step));
	return chunks;
}

/** Finds which entry an OTTO problem talks about: by key in path/detail, or by `[n]` index in the path. */
export function entryOfProblem(problem: OttoProblem, batch: BatchEntry[], keyField: string): BatchEntry | undefined {
	const raw = problem as unknown as IDataObject;
	const direct = raw[keyField];
	if (typeof direct === 'string') return batch.find((entry) => entry.key === direct);
	const where = `${problem.path ?? ''}`;
	const index = /\[(\d+)\]/.exec(where);
	if (index) return batch[Number(index[1])];
	const text = `${where} ${problem.detail ?? ''}`;
	// Longest key first, so SKU "AB-1" does not claim the problem of "AB-10".
	const byLength = [...batch].sort((a, b) => b.key.length - a.key.length);
	return byLength.find((entry) => {
		const escaped = entry.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(text);
	});
}

function problemsOf(body: unknown): Array<OttoProblem & IDataObject> {
	const data = (body ?? {}) as IDataObject;
	// Availability delivery information 207: `errors` is ONE problem object with `validationErrors`
	// (ProductDeliveryInformationMultiStatusResponseAvailabilityV1), not a list.
	if (data.errors && typeof data.errors === 'object' && !Array.isArray(data.errors)) {
		return parseOttoProblems(data.errors) as Array<OttoProblem & IDataObject>;
	}
	if (!Array.isArray(data.errors)) return [];
	const parsed = parseOttoProblems({ errors: data.errors });
	return parsed.map((problem, index) => ({ ...(data.errors as IDataObject[])[index], ...problem }));
}

function mapAnswer(
	this: IExecuteFunctions,
	batch: BatchEntry[],
	statusCode: number,
	body: unknown,
	keyField: string,
): BatchOutcome[] {
	const data = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const results = Array.isArray(data.results) ? (data.results as IDataObject[]) : [];
	const problems = problemsOf(body);
	const failed = new Map<BatchEntry, OttoProblem[]>();
	const unmatched: OttoProblem[] = [];
	for (const problem of problems) {
		const entry = entryOfProblem(problem, batch, keyField);
		if (entry) failed.set(entry, [...(failed.get(entry) ?? []), problem]);
		else unmatched.push(problem);
	}
	const resultByKey = new Map<string, IDataObject>();
	for (const result of results) {
		const key = result[keyField];
		if (typeof key === 'string') resultByKey.set(key, result);
	}
	return batch.map((entry) => {
		const own = failed.get(entry) ?? (resultByKey.has(entry.key) ? undefined : unmatched.length ? unmatched : undefined);
		if (own) {
			const error = new NodeApiError(
				this.getNode(),
				{ problems: own as unknown as IDataObject[] } as unknown as IDataObject as never,
				{
					message: `OTTO rejected ${keyField} "${entry.key}": ${formatProblems(own)}`,
					description: `HTTP ${statusCode}: OTTO accepted the other items of this request, not this one.`,
					httpCode: String(statusCode),
					itemIndex: entry.itemIndex,
				},
			);
			return { itemIndex: entry.itemIndex, json: {}, error };
		}
		const result = resultByKey.get(entry.key);
		return {
			itemIndex: entry.itemIndex,
			json: { ...entry.payload, ...(result ?? {}), success: true, httpStatus: statusCode },
		};
	});
}

async function sendBatch(this: IExecuteFunctions, batch: BatchEntry[], options: BatchOptions): Promise<BatchOutcome[]> {
	const payloads = batch.map((entry) => entry.payload);
	try {
		const response = await ottoRequestFull.call(
			this,
			{
				method: 'POST',
				path: options.path,
				body: options.wrap ? options.wrap(payloads) : payloads,
				safeToRepeat: options.safeToRepeat,
			},
			batch[0].itemIndex,
		);
		return mapAnswer.call(this, batch, response.statusCode, response.body, options.keyField);
	} catch (error) {
		const status = Number((error as NodeApiError).httpCode);
		if (status === 413 && batch.length > 1) {
			// OTTO found the request too large: send each half on its own.
			const middle = Math.ceil(batch.length / 2);
			return [
				...(await sendBatch.call(this, batch.slice(0, middle), options)),
				...(await sendBatch.call(this, batch.slice(middle), options)),
			];
		}
		return batch.map((entry) => ({ itemIndex: entry.itemIndex, json: {}, error: error as Error }));
	}
}

/**
 * Sends the entries in batches of `batchSize`, halving a batch OTTO answers with 413, and maps
 * 200 and 207 answers back to the items they came from. Items whose batch failed as a whole
 * get that batch's error.
 */
export async function sendInBatches(
	this: IExecuteFunctions,
	entries: BatchEntry[],
	options: BatchOptions,
): Promise<BatchOutcome[]> {
	const outcomes: BatchOutcome[] = [];
	// One request never mixes sellers: items of different installations go in separate batches.
	for (const group of groupByInstallation(entries, preparedInstallations(this))) {
		for (const batch of chunk(group, options.batchSize)) {
			outcomes.push(...(await sendBatch.call(this, batch, options)));
		}
	}
	return outcomes;
}

/**
 * Turns outcomes (including validation failures) into output items in input order. Under
 * "Continue On Fail" failures become error items; otherwise the first failure is thrown.
 */
export function outcomesToItems(this: IExecuteFunctions, outcomes: BatchOutcome[]): INodeExecutionData[] {
	const ordered = [...outcomes].sort((a, b) => a.itemIndex - b.itemIndex);
	const continueOnFail = this.continueOnFail();
	const items: INodeExecutionData[] = [];
	for (const outcome of ordered) {
		if (outcome.error) {
			if (!continueOnFail) throw forItem.call(this, outcome.error, outcome.itemIndex);
			items.push(errorItem(outcome.error, outcome.itemIndex));
		} else {
			items.push({ json: outcome.json, pairedItem: { item: outcome.itemIndex } });
		}
	}
	return items;
}

/**
 * The whole batched write for a node: validates every item first (no request for a bad one;
 * without "Continue On Fail" nothing is sent at all if any item is bad), then sends the rest.
 */
export async function batchedWrite(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	options: BatchOptions & { entryOf: (this: IExecuteFunctions, itemIndex: number) => BatchEntry },
): Promise<INodeExecutionData[]> {
	const entries: BatchEntry[] = [];
	const outcomes: BatchOutcome[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const installation = preparedInstallations(this).get(itemIndex);
			if (installation?.error) throw installation.error;
			entries.push(options.entryOf.call(this, itemIndex));
		} catch (error) {
			if (!this.continueOnFail()) throw forItem.call(this, error, itemIndex);
			outcomes.push({ itemIndex, json: {}, error: error as Error });
		}
	}
	if (entries.length) outcomes.push(...(await sendInBatches.call(this, entries, options)));
	return outcomesToItems.call(this, outcomes);
}
