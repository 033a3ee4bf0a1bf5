import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { inputError, optionalDate, requireAmount, requireOneOf } from '../../../shared/validation';
import { sendTaskWrites, skuOf, skuProperty, waitProperties } from '../../helpers';

export const description: INodeProperties[] = [
	skuProperty,
	{
		displayName: 'Standard Price',
		name: 'amount',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		description: 'Gross price in euros, greater than 0 with at most two decimals',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: [{ name: 'EUR', value: 'EUR' }],
		default: 'EUR',
	},
	{
		displayName: 'Sale',
		name: 'sale',
		type: 'collection',
		placeholder: 'Add Sale Field',
		default: {},
		description: 'A reduced price for a period (OTTO shows the standard price struck through)',
		options: [
			{ displayName: 'End Date', name: 'endDate', type: 'dateTime', default: '' },
			{
				displayName: 'Sale Price',
				name: 'salePrice',
				type: 'number',
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				default: 0,
			},
			{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '' },
		],
	},
	...waitProperties,
];

/** POST /v5/products/prices with the prices of all input items (at most 500 per request), 202 with a task. */
export async function executeAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendTaskWrites.call(this, items, {
		path: '/v5/products/prices',
		wrap: (prices) => prices,
		entryOf(itemIndex) {
			const node = this.getNode();
			const sku = skuOf.call(this, itemIndex);
			const amount = requireAmount(node, this.getNodeParameter('amount', itemIndex), 'Standard Price', itemIndex);
			const currency = requireOneOf(node, this.getNodeParameter('currency', itemIndex, 'EUR'), 'Currency', itemIndex, ['EUR']);
			const payload: IDataObject = { sku, standardPrice: { amount, currency } };
			const sale = (this.getNodeParameter('sale', itemIndex, {}) ?? {}) as IDataObject;
			if (Object.keys(sale).length) {
				const salePrice = requireAmount(node, sale.salePrice, 'Sale → Sale Price', itemIndex);
				if (salePrice >= amount) {
					throw inputError(node, 'Sale → Sale Price', itemIndex, `must be lower than the standard price (${salePrice} ≥ ${amount})`);
				}
				payload.sale = {
					salePrice: { amount: salePrice, currency },
					startDate: optionalDate(node, sale.startDate, 'Sale → Start Date', itemIndex),
					endDate: optionalDate(node, sale.endDate, 'Sale → End Date', itemIndex),
				};
			}
			return { itemIndex, sku, payload };
		},
	});
}
