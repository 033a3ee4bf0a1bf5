import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { withExplanations } from '../../shared/explain';
import { orderRefOf, salesOrderIdOf, salesOrderLocator } from '../../shared/lookups';
import { toItems } from '../../shared/router';
import { ottoRequest } from '../../shared/transport';
import { requireAmount, requireOneOf, requireText } from '../../shared/validation';

export const description: INodeProperties[] = [
	salesOrderLocator({ description: 'The order of the shipped position item: pick it from the list, or give its ID or order number' }),
	{
		displayName: 'Position Item ID',
		name: 'positionItemId',
		type: 'string',
		required: true,
		default: '',
		description: 'The shipped (SENT) position item to reduce the price of',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		required: true,
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: 0,
		description: 'Amount to refund to the customer, greater than 0 with at most two decimals',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: [{ name: 'EUR', value: 'EUR' }],
		default: 'EUR',
		description: 'OTTO Market settles in euros only',
	},
];

/** POST /v1/price-reductions: a partial refund on a shipped position item instead of a return. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	orderRefOf.call(this, 'salesOrderId', itemIndex, 'Sales Order'); // checked first, like every other field
	const positionItemId = requireText(node, this.getNodeParameter('positionItemId', itemIndex), 'Position Item ID', itemIndex, 100);
	const amount = requireAmount(node, this.getNodeParameter('amount', itemIndex), 'Amount', itemIndex);
	const currency = requireOneOf(node, this.getNodeParameter('currency', itemIndex, 'EUR'), 'Currency', itemIndex, ['EUR']);
	// an order number costs one GET for its sales order ID, once every field is known to be valid
	const salesOrderId = await salesOrderIdOf.call(this, 'salesOrderId', itemIndex, 'Sales Order');
	const body = await withExplanations(
		ottoRequest.call(
			this,
			{
				method: 'POST',
				path: '/v1/price-reductions',
				body: { salesOrderId, positionItemId, priceReduction: { amount, currency } },
				safeToRepeat: false,
			},
			itemIndex,
		),
		{
			404: `OTTO knows no position item "${positionItemId}" in order "${salesOrderId}"`,
			409: `OTTO refused the price reduction for position item "${positionItemId}": the item is not shipped (SENT), or an earlier price reduction of it is still being processed`,
			424: `OTTO could not book the price reduction for position item "${positionItemId}" (failed dependency): for example, the reductions would exceed the price the customer paid. Check the amount against the item's price and earlier reductions`,
		},
	);
	// OTTO answers 202 `{ results: { path, title, code, detail, logref } }` (AcceptedPriceReductionResponse
	// PriceReductionsV1): an acknowledgement, not the reduction. Older readings promised the reduction
	// summary there; both are passed through, next to what was sent.
	const answer = (body ?? {}) as IDataObject;
	const results = answer.results && typeof answer.results === 'object' && !Array.isArray(answer.results) ? (answer.results as IDataObject) : answer;
	const json: IDataObject = { salesOrderId, positionItemId, priceReduction: { amount, currency }, accepted: true, ...results };
	return toItems(json, itemIndex);
}
