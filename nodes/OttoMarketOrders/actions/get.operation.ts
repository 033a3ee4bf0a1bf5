import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { orderRefOf, salesOrderLocator } from '../../shared/lookups';
import { ottoRequest } from '../../shared/transport';
import { simplifyOrder, simplifyOrderProperty } from '../helpers';

export const description: INodeProperties[] = [
	salesOrderLocator({
		displayName: 'Order',
		name: 'order',
		description: 'The order to get: pick it from the list (newest first), or give its sales order ID or the order number the customer sees',
	}),
	simplifyOrderProperty,
];

/** The order locator of item i as the path segment OTTO expects (sales order ID or order number). */
function orderRef(this: IExecuteFunctions, itemIndex: number): string {
	return orderRefOf.call(this, 'order', itemIndex, 'Order');
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const ref = orderRef.call(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;
	const order = (await ottoRequest.call(
		this,
		{ method: 'GET', path: `/v4/orders/${encodeURIComponent(ref)}` },
		itemIndex,
	)) as IDataObject;
	return [{ json: simplify ? simplifyOrder(order) : order, pairedItem: { item: itemIndex } }];
}
