import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit } from '../shared/descriptions';
import { locatorValue } from '../shared/lookups';
import { paginate } from '../shared/pagination';
import type { PageStyle } from '../shared/pagination';
import { requireSku } from '../shared/validation';

/** OTTO accepts at most 200 SKUs per availability write (docs/otto-api.md §7.1). */
const MAX_BATCH_SIZE = 200;

export const batchSizeField: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
	default: MAX_BATCH_SIZE,
	description:
		'How many input items go into one request to OTTO (at most 200). If OTTO answers "413 Payload Too Large", the batch is split in halves and sent again.',
};

export function skuField(description: string): INodeProperties {
	return {
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4006381333931-blue-42',
		description,
	};
}

/** Reads the batch size (node-wide, from the first item). */
export function batchSizeOf(this: IExecuteFunctions): number {
	const value = Number(this.getNodeParameter('batchSize', 0, MAX_BATCH_SIZE));
	if (!Number.isFinite(value) || value < 1) return MAX_BATCH_SIZE;
	return Math.min(MAX_BATCH_SIZE, Math.floor(value));
}

/** Reads and checks the SKU of one item. */
export function skuOf(this: IExecuteFunctions, itemIndex: number): string {
	// a SKU locator (reads) or a plain string (updates, and reads saved before the field became a locator)
	return requireSku(this.getNode(), locatorValue(this.getNodeParameter('sku', itemIndex, '')).value, itemIndex);
}

/** Emits the records of a paginated availability list for one input item. */
export async function listRecords(
	this: IExecuteFunctions,
	itemIndex: number,
	query: { path: string; style: PageStyle; recordsPath: string },
): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex);
	const out: INodeExecutionData[] = [];
	for await (const page of paginate.call(this, { ...query, maxPageSize: MAX_BATCH_SIZE }, { limit, itemIndex })) {
		for (const json of page) out.push({ json: json as IDataObject, pairedItem: { item: itemIndex } });
	}
	return out;
}
