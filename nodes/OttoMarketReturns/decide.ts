import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { batchedWrite } from '../shared/batch';
import type { BatchEntry } from '../shared/batch';
import { inputError, requireOneOf, requireText } from '../shared/validation';
import { ACCEPT_REASONS, CONDITIONS, REJECT_REASONS, RETURNS_MAX_BATCH, RETURNS_PATH } from './returnFields';

function requireId(this: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	const id = requireText(this.getNode(), this.getNodeParameter(name, itemIndex, ''), field, itemIndex, 100);
	if (/[\s/\\?#]/.test(id)) throw inputError(this.getNode(), field, itemIndex, `"${id}" contains spaces or characters an ID cannot have`);
	return id;
}

/**
 * Accepts or rejects the returns of all input items, at most 200 per request (OTTO's limit),
 * and maps OTTO's 200/207 answer back to the items. Nothing is sent for an item that fails
 * validation. Deciding twice is an error at OTTO, so a request is repeated only after a
 * rate-limit answer, never after a timeout or a 5xx.
 */
export async function decideReturns(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	kind: 'accept' | 'reject',
): Promise<INodeExecutionData[]> {
	return await batchedWrite.call(this, items, {
		path: `${RETURNS_PATH}/${kind === 'accept' ? 'acceptance' : 'rejection'}`,
		batchSize: RETURNS_MAX_BATCH,
		wrap: (payloads) => ({ positionItems: payloads }),
		keyField: 'positionItemId',
		safeToRepeat: false,
		entryOf(this: IExecuteFunctions, itemIndex: number): BatchEntry {
			const node = this.getNode();
			const positionItemId = requireId.call(this, 'positionItemId', 'Position Item ID', itemIndex);
			const salesOrderId = requireId.call(this, 'salesOrderId', 'Sales Order ID', itemIndex);
			const payload: IDataObject = { positionItemId, salesOrderId };
			const condition = this.getNodeParameter('condition', itemIndex, '') as string;
			if (kind === 'accept' || (condition !== '' && condition !== undefined && condition !== null)) {
				payload.condition = requireOneOf(node, condition, 'Condition', itemIndex, CONDITIONS);
			}
			const reason = this.getNodeParameter('reason', itemIndex, '');
			if (kind === 'reject' && (reason === '' || reason === undefined || reason === null)) {
				throw inputError(node, 'Reason', itemIndex, 'must not be empty: OTTO needs a reason to reject a return');
			}
			payload.reason = requireOneOf(node, reason, 'Reason', itemIndex, kind === 'accept' ? ACCEPT_REASONS : REJECT_REASONS);
			return { itemIndex, key: positionItemId, payload };
		},
	});
}
