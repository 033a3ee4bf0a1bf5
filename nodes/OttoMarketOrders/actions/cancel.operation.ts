import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ottoRequest } from '../../shared/transport';
import { cancellationError, requireSalesOrderId } from '../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'Sales Order ID',
		name: 'salesOrderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3f1c2a9e-5b7d-4e2f-9a41-0c6d8e2b7f15',
		description:
			'The order to cancel. OTTO cancels every position item that is still PROCESSABLE and leaves the others alone.',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const salesOrderId = requireSalesOrderId(node, this.getNodeParameter('salesOrderId', itemIndex), itemIndex);
	try {
		await ottoRequest.call(this, { method: 'POST', path: `/v4/orders/${salesOrderId}/cancellation` }, itemIndex);
	} catch (error) {
		throw cancellationError(node, error, `order ${salesOrderId} has no position item that can be cancelled`, itemIndex);
	}
	return [{ json: { salesOrderId, cancelled: true }, pairedItem: { item: itemIndex } }];
}
