import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { salesOrderIdOf, salesOrderLocator } from '../../shared/lookups';
import { ottoRequest } from '../../shared/transport';
import { cancellationError } from '../helpers';

export const description: INodeProperties[] = [
	salesOrderLocator({
		description:
			'The order to cancel. OTTO cancels every position item that is still PROCESSABLE and leaves the others alone.',
	}),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const salesOrderId = await salesOrderIdOf.call(this, 'salesOrderId', itemIndex, 'Sales Order');
	try {
		await ottoRequest.call(this, { method: 'POST', path: `/v4/orders/${salesOrderId}/cancellation` }, itemIndex);
	} catch (error) {
		throw cancellationError(node, error, `order ${salesOrderId} has no position item that can be cancelled`, itemIndex);
	}
	return [{ json: { salesOrderId, cancelled: true }, pairedItem: { item: itemIndex } }];
}
