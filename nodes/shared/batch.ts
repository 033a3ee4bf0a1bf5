import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { formatProblems, parseOttoProblems } from './errors';
import type { OttoProblem } from './errors';
import { groupByInstallation, preparedInstallations } from './installations';
import { errorItemFor, forItem } from './router';
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

/**
 * The problem entries of a 200/207 answer. OTTO sends `errors` as a list (most interfaces) or as ONE
 * object (delivery information: `ProductDeliveryInformationMultiStatusResponseAvailabilityV1`, whose
 * `errors` is `{ type, title, status, validationErrors: [{ detail, logref }] }`), and some error bodies
 * nest a list once more (`{ errors: { errors: [...] } }`). All of them become one flat list.
 */
export function problemEntries(errors: unknown): IDataObject[] {
	if (Array.isArray(errors)) return errors.flatMap((entry) => problemEntries(entry));
	if (!errors || typeof errors !== 'object') return [];
	const entry = errors as IDataObject;
	if (Array.isArray(entry.validationErrors) && entry.validationErrors.length) {
		const title = entry.title;
		return (entry.validationErrors as unknown[]).flatMap((inner) =>
			problemEntries(inner).map((problem) => ({ ...(title !== undefined && problem.title === undefined ? { title } : {}), ...problem })),
		);
	}
	if (Array.isArray(entry.errors) || (entry.errors && typeof entry.errors === 'object')) return problemEntries(entry.errors);
	return [entry];
}

function problemsOf(body: unknown): Array<OttoProblem & IDataObject> {
	const data = (body ?? {}) as IDataObject;
	const entries = problemEntries(data.errors);
	if (!entries.length) return [];
	const parsed = parseOttoProblems({ errors: entries });
	return parsed.map((problem, index) => ({ ...entries[index], ...problem }));
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
	// Problems that name no item concern the items OTTO gave no result for; if OTTO gave a result for
	// none, it did not say which item failed (it may have applied none, some or all of them).
	const withoutResult = batch.filter((entry) => !failed.has(entry) && !resultByKey.has(entry.key));
	return batch.map((entry) => {
		const named = failed.get(entry);
		const unnamed = !named && unmatched.length && !resultByKey.has(entry.key) ? unmatched : undefined;
		const own = named ?? unnamed;
		if (own) {
			const keys = withoutResult.map((other) => other.key);
			const alone = !named && withoutResult.length === 1;
			const message = named || alone
				? `OTTO rejected ${keyField} "${entry.key}": ${formatProblems(own)}`
				: `OTTO reported a problem with this request without naming the item (${keyField} "${entry.key}" may or may not be affected): ${formatProblems(own)}`;
			const description = named || alone
				? batch.length > 1
					? `HTTP ${statusCode}: OTTO refused this item; each of the other ${batch.length - 1} items of this request has its own result.`
					: `HTTP ${statusCode}.`
				: `HTTP ${statusCode}: the problem names none of the ${keys.length} items sent together without a result (${listKeys(keys)}); OTTO may have applied none, some or all of them. Check these at OTTO before sending them again.`;
			const error = new NodeApiError(
				this.getNode(),
				{ problems: own as unknown as IDataObject[] } as unknown as IDataObject as never,
				{ message, description, httpCode: String(statusCode), itemIndex: entry.itemIndex },
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

/** Up to ten keys for a message, then how many more. */
function listKeys(keys: string[]): string {
	const shown = keys.slice(0, 10).map((key) => `"${key}"`).join(', ');
	return keys.length > 10 ? `${shown} and ${keys.length - 10} more` : shown;
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
 * Splits entries into batches of at most `size` in which no key occurs twice: OTTO answers per key,
 * so two items with the same SKU in one request cannot be told apart (its rejection would land on the
 * first, the result of the last on both). A repeated key goes into a later batch than the one before
 * it, so OTTO still receives the items of one key in input order (the last one wins, as sent).
 */
export function batchesWithUniqueKeys(entries: BatchEntry[], size: number): BatchEntry[][] {
	const step = Math.max(1, Math.floor(size) || 1);
	const batches: Array<{ entries: BatchEntry[]; keys: Set<string> }> = [];
	const lastBatchOf = new Map<string, number>();
	let open = 0;
	for (const entry of entries) {
		let index = Math.max(open, (lastBatchOf.get(entry.key) ?? -1) + 1);
		while (batches[index] && batches[index].entries.length >= step) index += 1;
		if (!batches[index]) batches[index] = { entries: [], keys: new Set() };
		batches[index].entries.push(entry);
		batches[index].keys.add(entry.key);
		lastBatchOf.set(entry.key, index);
		while (batches[open] && batches[open].entries.length >= step) open += 1;
	}
	return batches.filter(Boolean).map((batch) => batch.entries);
}

/**
 * Sends the entries in batches of `batchSize` (no key twice in one batch), halving a batch OTTO
 * answers with 413, and maps 200 and 207 answers back to the items they came from. Items whose batch
 * failed as a whole get that batch's error. With `stopOnFailure` (no "Continue On Fail") nothing is
 * sent after the first batch with a failed item; the entries not sent are returned in `notSent`.
 */
async function sendInBatches(
	this: IExecuteFunctions,
	entries: BatchEntry[],
	options: BatchOptions & { stopOnFailure?: boolean },
): Promise<BatchOutcome[] & { notSent?: BatchEntry[] }> {
	const outcomes: BatchOutcome[] & { notSent?: BatchEntry[] } = [];
	// One request never mixes sellers: items of different installations go in separate batches.
	const batches = groupByInstallation(entries, preparedInstallations(this)).flatMap((group) =>
		batchesWithUniqueKeys(group, options.batchSize),
	);
	for (let index = 0; index < batches.length; index++) {
		const answered = await sendBatch.call(this, batches[index], options);
		outcomes.push(...answered);
		if (options.stopOnFailure && answered.some((outcome) => outcome.error)) {
			outcomes.notSent = batches.slice(index + 1).flat();
			break;
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
			items.push(errorItemFor.call(this, outcome.error, outcome.itemIndex));
		} else {
			items.push({ json: outcome.json, pairedItem: { item: outcome.itemIndex } });
		}
	}
	return items;
}

/**
 * Every item's share of a batched write, checked before anything is sent: an item whose check
 * fails (or whose installation is unknown) stops the run naming it, or under "Continue On Fail"
 * becomes a failed outcome and is not sent.
 */
export function collectEntries<E extends { itemIndex: number }>(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	entryOf: (this: IExecuteFunctions, itemIndex: number) => E,
): { entries: E[]; outcomes: BatchOutcome[] } {
	const entries: E[] = [];
	const outcomes: BatchOutcome[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const installation = preparedInstallations(this).get(itemIndex);
			if (installation?.error) throw installation.error;
			entries.push(entryOf.call(this, itemIndex));
		} catch (error) {
			if (!this.continueOnFail()) throw forItem.call(this, error, itemIndex);
			outcomes.push({ itemIndex, json: {}, error: error as Error });
		}
	}
	return { entries, outcomes };
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
	const { entries, outcomes } = (collectEntries<BatchEntry>).call(this, items, options.entryOf);
	if (!entries.length) return outcomesToItems.call(this, outcomes);
	const continueOnFail = this.continueOnFail();
	const sent = await sendInBatches.call(this, entries, { ...options, stopOnFailure: !continueOnFail });
	outcomes.push(...sent);
	const failure = continueOnFail ? undefined : [...sent].sort((a, b) => a.itemIndex - b.itemIndex).find((outcome) => outcome.error);
	if (failure?.error) {
		// Without "Continue On Fail" the node fails at the first failed batch: say what OTTO already applied.
		const applied = sent.filter((outcome) => !outcome.error);
		const notSent = sent.notSent ?? [];
		const error = forItem.call(this, failure.error, failure.itemIndex) as Error & { description?: string };
		const appliedText = applied.length
			? `Already applied at OTTO: ${applied.length} item${applied.length === 1 ? '' : 's'} (${listItems(applied.map((outcome) => outcome.itemIndex))}); do not send them again.`
			: 'Nothing of this run was applied at OTTO.';
		const notSentText = notSent.length
			? ` Not sent, because the run stopped here: ${notSent.length} item${notSent.length === 1 ? '' : 's'} (${listItems(notSent.map((entry) => entry.itemIndex))}).`
			: '';
		error.description = [error.description, `${appliedText}${notSentText} Turn on "Continue On Fail" to get one result per item.`]
			.filter(Boolean)
			.join(' ');
		throw error;
	}
	return outcomesToItems.call(this, outcomes);
}

/** Item numbers for a message (up to 20, then how many more). */
function listItems(indexes: number[]): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const shown = sorted.slice(0, 20).join(', ');
	return `item${sorted.length === 1 ? '' : 's'} ${sorted.length > 20 ? `${shown} and ${sorted.length - 20} more` : shown}`;
}
