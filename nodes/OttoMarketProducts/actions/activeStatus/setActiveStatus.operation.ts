import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { sendTaskWrites, skuOf, skuProperty, waitProperties } from '../../helpers';

export const description: INodeProperties[] = [
	skuProperty,
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		description: 'Whether OTTO may show the product variation on otto.de',
	},
	...waitProperties,
];

/**
 * POST /v5/products/active-status with the SKUs of all input items in one request (OTTO allows
 * 3600 of these requests a day), 202 with an update task.
 */
export async function executeAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendTaskWrites.call(this, items, {
		path: '/v5/products/active-status',
		wrap: (status) => ({ status }),
		entryOf(itemIndex) {
			const sku = skuOf.call(this, itemIndex);
			return { itemIndex, sku, payload: { sku, active: this.getNodeParameter('active', itemIndex, true) === true } };
		},
	});
}
