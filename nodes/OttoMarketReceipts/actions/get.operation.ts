import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../shared/router';
import { ottoRequest } from '../../shared/transport';
import { RECEIPTS_PATH, receiptNumberProperty, requireReceiptNumber } from '../helpers';

export const description: INodeProperties[] = [receiptNumberProperty];

/** One receipt as JSON (`GET /v3/receipts/{receiptNumber}`). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const receiptNumber = requireReceiptNumber.call(this, this.getNodeParameter('receiptNumber', itemIndex, ''), itemIndex);
	const receipt = await ottoRequest.call(
		this,
		{ method: 'GET', path: `${RECEIPTS_PATH}/${encodeURIComponent(receiptNumber)}` },
		itemIndex,
	);
	return toItems(receipt as IDataObject, itemIndex);
}
