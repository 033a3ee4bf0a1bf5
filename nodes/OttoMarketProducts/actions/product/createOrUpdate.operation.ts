import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { chunk } from '../../../shared/batch';
import { ottoRequest } from '../../../shared/transport';
import { inputError, requireJson, requireSku } from '../../../shared/validation';
import { MAX_PER_REQUEST, readTask, taskIdOf, waitForTask, waitOptionsOf, waitProperties } from '../../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'Product Variations (JSON)',
		name: 'productVariations',
		type: 'json',
		required: true,
		default: '[\n  {\n    "sku": "",\n    "productReference": "",\n    "productDescription": { "category": "", "brandId": "" },\n    "pricing": { "standardPrice": { "amount": 0, "currency": "EUR" }, "vat": "FULL" }\n  }\n]',
		description:
			'One product variation (object) or an array of them in the OTTO Products v5 format. More than 500 are sent in several requests, one update task each.',
	},
	...waitProperties,
];

/** Reads and checks the variations of one item: objects with a usable SKU each. */
function variationsOf(this: IExecuteFunctions, itemIndex: number): IDataObject[] {
	const node = this.getNode();
	const field = 'Product Variations (JSON)';
	const value = requireJson<IDataObject | IDataObject[]>(node, this.getNodeParameter('productVariations', itemIndex), field, itemIndex);
	const list = Array.isArray(value) ? value : [value];
	if (!list.length) throw inputError(node, field, itemIndex, 'holds no product variation');
	list.forEach((variation, index) => {
		if (!variation || typeof variation !== 'object' || Array.isArray(variation)) {
			throw inputError(node, field, itemIndex, `entry ${index} is not an object`);
		}
		requireSku(node, variation.sku, itemIndex, `${field} → entry ${index} → sku`);
	});
	return list;
}

/**
 * POST /v5/products, at most 500 variations per request; OTTO answers 202 with an update task.
 * Sending the same variations again is harmless (OTTO reports them as unchanged), so the request
 * may be repeated after a timeout.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const variations = variationsOf.call(this, itemIndex);
	const { wait, maxWaitMs } = waitOptionsOf.call(this, itemIndex);
	const results: INodeExecutionData[] = [];
	for (const part of chunk(variations, MAX_PER_REQUEST)) {
		const answer = (await ottoRequest.call(
			this,
			{ method: 'POST', path: '/v5/products', body: part, safeToRepeat: true },
			itemIndex,
		)) as IDataObject;
		const taskId = taskIdOf(answer);
		let task: IDataObject = { taskId, ...(answer ?? {}) };
		if (wait && taskId) task = await waitForTask.call(this, task, maxWaitMs, itemIndex);
		else if (!answer?.state && taskId) task = await readTask.call(this, taskId, itemIndex);
		results.push({ json: { ...task, skus: part.map((variation) => variation.sku) }, pairedItem: { item: itemIndex } });
	}
	return results;
}
