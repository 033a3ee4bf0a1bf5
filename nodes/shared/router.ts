import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { prepareInstallations, tagWithInstallation } from './installations';
import { closeGate, isNotSent, itemDone, openGate, refuseAll, release, stopAfter, writesSentAfter } from './itemGate';
import { concurrencyOf } from './transport';
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

/** What every `actions/<op>.operation.ts` exports. */
export interface OttoOperation {
	/** The operation's fields (the router adds the operation's displayOptions). */
	description: INodeProperties[];
	/** Runs the operation for one input item; results get `pairedItem` from the router. */
	execute?: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
	/**
	 * Runs the operation for all input items at once (batched writes). Must return results with
	 * `pairedItem`, and error items (see `errorItem`) or a thrown error for failures.
	 */
	executeAll?: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;
}

export type OperationMap = Record<string, OttoOperation>;

/** JSON records as items of one input item. */
export function toItems(data: IDataObject | IDataObject[], itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(data) ? data : [data];
	return list.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * The error item that "Continue On Fail" emits for an input item: `{ error, details }` after the
 * input item's fields (when given), paired with the input item, so a table still shows which SKU
 * or order failed. The error object is not attached on purpose: n8n would then replace the JSON
 * with the bare message, and OTTO's detail (which items, which status) would not reach the next node.
 */
export function errorItem(error: unknown, itemIndex: number, input?: INodeExecutionData): INodeExecutionData {
	const json: IDataObject = { ...(input?.json ?? {}), error: messageOf(error) };
	delete json.details;
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.details = description;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * The error item for input item `itemIndex` under this node's On Error setting. With "Continue
 * (using error output)" n8n sends only items whose JSON is `{ error, details }` to the error
 * output and adds the input item's fields there itself; with "Continue" (regular output) we add them.
 */
export function errorItemFor(this: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	if (this.getNode().onError === 'continueErrorOutput') return errorItem(error, itemIndex);
	const input = this.getInputData()[itemIndex];
	return errorItem(error, itemIndex, input);
}

/** Makes sure an error thrown for an item says which item it was. */
export function forItem(this: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/** Adds the operation's `show` condition to each of its fields. */
export function scopedProperties(operations: OperationMap, extraShow: IDisplayOptions['show'] = {}): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const [value, operation] of Object.entries(operations)) {
		for (const property of operation.description) {
			const show = { ...(property.displayOptions?.show ?? {}), ...extraShow, operation: [value] };
			properties.push({ ...property, displayOptions: { ...(property.displayOptions ?? {}), show } });
		}
	}
	return properties;
}

/** At most this many invalid items are named in the error without Continue On Fail. */
const NAMED_INVALID_ITEMS = 10;

type Outcome = { results: INodeExecutionData[] } | { error: unknown };

/** The error without Continue On Fail when items were invalid: the first one's, naming the others. */
function invalidItemsError(this: IExecuteFunctions, invalid: Array<{ itemIndex: number; error: unknown }>, total: number): Error {
	const [first, ...others] = invalid;
	const error = forItem.call(this, first.error, first.itemIndex) as NodeOperationError;
	if (!others.length) return error;
	const named = others
		.slice(0, NAMED_INVALID_ITEMS - 1)
		.map(({ itemIndex, error: other }) => `item ${itemIndex + 1}: ${messageOf(other)}`);
	const more = invalid.length > NAMED_INVALID_ITEMS ? `; and ${invalid.length - NAMED_INVALID_ITEMS} more` : '';
	const description = (error as { description?: unknown }).description;
	error.description = [
		typeof description === 'string' ? description : '',
		`${invalid.length} of ${total} items are invalid, nothing was sent to OTTO. Also invalid: ${named.join('; ')}${more}.`,
	]
		.filter(Boolean)
		.join(' ');
	return error;
}

/**
 * The item loop every OTTO node shares: picks the operation, runs it for every input item, pairs
 * each result with its item, and turns failures into error items under "Continue On Fail".
 *
 * Items run at the same time (their requests at most "Max Concurrent Requests" at once, paced;
 * see itemGate.ts): every item first runs up to its first request, so that all items are checked
 * before anything is sent. Without Continue On Fail one invalid item stops the run with nothing
 * sent, naming every invalid item; with it, invalid items become error items and the valid ones
 * are sent. Output order is input order; a failure after sending stops later items as a
 * one-by-one loop would.
 */
export async function route(this: IExecuteFunctions, operations: OperationMap): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[operationName];
	if (!operation) {
		const hint =
			operationName === '__CUSTOM_API_CALL__'
				? 'Use the HTTP Request node with the OTTO Market API credential for calls this node does not offer.'
				: undefined;
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported`, {
			description: hint,
		});
	}
	// Service partner app mode: every item's installation checked (and its token fetched) first.
	const installations = await prepareInstallations.call(this, items.length);
	if (operation.executeAll) {
		return [tagWithInstallation(await operation.executeAll.call(this, items), installations)];
	}
	if (!this.continueOnFail()) {
		for (const [itemIndex, prepared] of installations) if (prepared.error) throw forItem.call(this, prepared.error, itemIndex);
	}
	const execute = operation.execute!;
	const continueOnFail = this.continueOnFail();
	const outcomes: Array<Outcome | undefined> = new Array(items.length);
	/** Items that failed before the gate opened: nothing of theirs was sent. */
	const invalid: Array<{ itemIndex: number; error: unknown }> = [];
	let holding = true;
	let refused = false;
	openGate(this, items.length, concurrencyOf(this), !continueOnFail, () => {
		holding = false;
		if (invalid.length && !continueOnFail) {
			refused = true;
			refuseAll(this);
		} else {
			release(this);
		}
	});
	/** Writes of items after the first failed one that were already sent (read before the gate goes). */
	let alsoSent: number[] = [];
	try {
		await Promise.all(
			items.map(async (_item, itemIndex) => {
				try {
					const prepared = installations.get(itemIndex);
					if (prepared?.error) throw prepared.error;
					const results = await execute.call(this, itemIndex);
					outcomes[itemIndex] = { results };
				} catch (error) {
					outcomes[itemIndex] = { error };
					if (holding && !isNotSent(error)) invalid.push({ itemIndex, error });
					else if (!continueOnFail && !isNotSent(error)) stopAfter(this, itemIndex);
				} finally {
					itemDone(this, itemIndex);
				}
			}),
		);
		const failed = outcomes.findIndex((outcome) => !!outcome && 'error' in outcome && !isNotSent(outcome.error));
		if (failed >= 0) alsoSent = writesSentAfter(this, failed);
	} finally {
		closeGate(this);
	}
	if (refused) {
		invalid.sort((a, b) => a.itemIndex - b.itemIndex);
		throw invalidItemsError.call(this, invalid, items.length);
	}
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = outcomes[itemIndex] as Outcome;
		if ('results' in outcome) {
			for (const result of outcome.results) {
				returnData.push({ ...result, pairedItem: result.pairedItem ?? { item: itemIndex } });
			}
			continue;
		}
		if (continueOnFail) {
			returnData.push(errorItemFor.call(this, outcome.error, itemIndex));
			continue;
		}
		// The first failed item stops the run; later items not yet under way were not sent.
		if (!isNotSent(outcome.error)) {
			const error = forItem.call(this, outcome.error, itemIndex) as NodeOperationError;
			if (alsoSent.length) {
				const description = (error as { description?: unknown }).description;
				error.description = [
					typeof description === 'string' ? description : '',
					`The writes of item${alsoSent.length === 1 ? '' : 's'} ${alsoSent.map((index) => index + 1).join(', ')} were already under way (Max Concurrent Requests) and were sent to OTTO: check them at OTTO before running the workflow again.`,
				]
					.filter(Boolean)
					.join(' ');
			}
			throw error;
		}
	}
	return [tagWithInstallation(returnData, installations)];
}
