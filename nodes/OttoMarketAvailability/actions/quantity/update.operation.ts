import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchedWrite } from '../../../shared/batch';
import { requireInteger } from '../../../shared/validation';
import { batchSizeField, batchSizeOf, skuField, skuOf } from '../../helpers';

export const description: INodeProperties[] = [
	{
		...skuField('The SKU whose stock to set. Map it from the input, e.g. {{ $json.sku }}.'),
		default: '={{ $json.sku }}',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'string',
		required: true,
		default: '={{ $json.quantity }}',
		placeholder: 'e.g. 12',
		description:
			'The available stock of the SKU: a whole number, 0 or more (a number or a text such as "12"). OTTO replaces the current value.',
	},
	batchSizeField,
];

/** Sets stock for all input items, up to Batch Size SKUs per request (POST /v1/availability/quantities). */
export async function executeAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await batchedWrite.call(this, items, {
		path: '/v1/availability/quantities',
		batchSize: batchSizeOf.call(this),
		keyField: 'sku',
		// Setting an absolute stock value twice is harmless.
		safeToRepeat: true,
		entryOf(itemIndex) {
			const sku = skuOf.call(this, itemIndex);
			const quantity = requireInteger(this.getNode(), this.getNodeParameter('quantity', itemIndex, undefined), 'Quantity', itemIndex, {
				min: 0,
			});
			return { itemIndex, key: sku, payload: { sku, quantity } };
		},
	});
}
