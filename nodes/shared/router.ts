import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { prepareInstallations, tagWithInstallation } from './installations';
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
 * The error item that "Continue On Fail" emits for an input item: `{ error, details }`, paired with
 * the input item (n8n routes items with only these keys to the error output). The error object is
 * not attached on purpose: n8n would then replace the JSON with the bare message, and OTTO's
 * detail (which items, which status) would not reach the next node.
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: messageOf(error) };
	const description = (error as { description?: unknown }).description;
	if (typeof description === 'string' && description) json.details = description;
	return { json, pairedItem: { item: itemIndex } };
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
export function scopedProperties(
	operations: OperationMap,
	operationParameter = 'operation',
	extraShow: IDisplayOptions['show'] = {},
): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const [value, operation] of Object.entries(operations)) {
		for (const property of operation.description) {
			const show = { ...(property.displayOptions?.show ?? {}), ...extraShow, [operationParameter]: [value] };
			properties.push({ ...property, displayOptions: { ...(property.displayOptions ?? {}), show } });
		}
	}
	return properties;
}

/**
 * The item loop every OTTO node shares: picks the operation, runs it for each input item, pairs
 * each result with its item, and turns failures into error items under "Continue On Fail".
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
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const prepared = installations.get(itemIndex);
			if (prepared?.error) throw prepared.error;
			const results = await operation.execute!.call(this, itemIndex);
			for (const result of results) {
				returnData.push({ ...result, pairedItem: result.pairedItem ?? { item: itemIndex } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push(errorItem(error, itemIndex));
				continue;
			}
			throw forItem.call(this, error, itemIndex);
		}
	}
	return [tagWithInstallation(returnData, installations)];
}
