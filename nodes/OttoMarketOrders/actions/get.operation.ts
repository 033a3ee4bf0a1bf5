import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ottoRequest } from '../../shared/transport';
import { inputError } from '../../shared/validation';
import {
	ORDER_NUMBER_REGEX,
	SALES_ORDER_ID_REGEX,
	requireOrderNumber,
	requireSalesOrderId,
	simplifyOrder,
	simplifyOrderProperty,
} from '../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'Order',
		name: 'order',
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		required: true,
		description: 'The order to get, by sales order ID or by the order number the customer sees',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an order…',
				typeOptions: { searchListMethod: 'searchOrders', searchable: true },
			},
			{
				displayName: 'Sales Order ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3f1c2a9e-5b7d-4e2f-9a41-0c6d8e2b7f15',
				validation: [
					{
						type: 'regex',
						properties: { regex: SALES_ORDER_ID_REGEX, errorMessage: 'A sales order ID is a UUID' },
					},
				],
			},
			{
				displayName: 'Order Number',
				name: 'orderNumber',
				type: 'string',
				placeholder: 'e.g. a1b2c3d4e5',
				validation: [
					{
						type: 'regex',
						properties: { regex: ORDER_NUMBER_REGEX, errorMessage: 'An order number has 10 letters or digits' },
					},
				],
			},
		],
	},
	simplifyOrderProperty,
];

/** The order locator of item i as the path segment OTTO expects (sales order ID or order number). */
export function orderRef(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('order', itemIndex) as unknown;
	const locator = (raw && typeof raw === 'object' ? raw : { mode: 'id', value: raw }) as IDataObject;
	const node = this.getNode();
	if (locator.mode === 'orderNumber') return requireOrderNumber(node, locator.value, itemIndex, 'Order (Order Number)');
	if (locator.mode === 'id' || locator.mode === 'list') {
		return requireSalesOrderId(node, locator.value, itemIndex, 'Order (Sales Order ID)');
	}
	throw inputError(node, 'Order', itemIndex, `unknown mode "${String(locator.mode)}"`);
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
