import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { salesOrderIdOf, salesOrderLocator } from '../../shared/lookups';
import { ottoRequest } from '../../shared/transport';
import { cancellationError, requirePositionItemIds } from '../helpers';

export const description: INodeProperties[] = [
	salesOrderLocator({ description: 'The order the position items belong to' }),
	{
		displayName: 'Position Item IDs',
		name: 'positionItemIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1b2c…, 4d5e…',
		description:
			'The position items to cancel, separated by commas (or a list from an expression). All must be PROCESSABLE (already cancelled ones are ignored); otherwise OTTO cancels none of them.',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const salesOrderId = await salesOrderIdOf.call(this, 'salesOrderId', itemIndex, 'Sales Order');
	const positionItemIds = requirePositionItemIds(node, this.getNodeParameter('positionItemIds', itemIndex), itemIndex);
	try {
		await ottoRequest.call(
			this,
			{ method: 'POST', path: `/v4/orders/${salesOrderId}/positionItems/${positionItemIds.join(',')}/cancellation` },
			itemIndex,
		);
	} catch (error) {
		throw cancellationError(
			node,
			error,
			`not every position item of order ${salesOrderId} given can be cancelled, so none was`,
			itemIndex,
		);
	}
	return [{ json: { salesOrderId, positionItemIds, cancelled: true }, pairedItem: { item: itemIndex } }];
}
