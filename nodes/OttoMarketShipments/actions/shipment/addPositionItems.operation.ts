import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import {
	CARRIERS,
	lookupFields,
	lookupPath,
	positionItemsFields,
	positionItemsOf,
	returnTrackingKeyOf,
	withReturnKey,
} from '../../helpers';

export const description: INodeProperties[] = [
	...lookupFields('shipmentId', 'Shipment ID', Object.keys(CARRIERS)),
	...positionItemsFields,
];

/**
 * POST /v1/shipments/{id}/positionitems (or by carrier and tracking number): adds position items
 * that were forgotten when the shipment was created. Not safe to repeat.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const path = lookupPath.call(this, itemIndex, '/v1/shipments', 'shipmentId', 'Shipment ID', Object.keys(CARRIERS));
	const returnTrackingKey = returnTrackingKeyOf.call(this, itemIndex);
	const positionItems = withReturnKey(await positionItemsOf.call(this, itemIndex), returnTrackingKey);
	await ottoRequest.call(
		this,
		{ method: 'POST', path: `${path}/positionitems`, body: positionItems, safeToRepeat: false },
		itemIndex,
	);
	const shipment = decodeURIComponent(path.slice('/v1/shipments/'.length));
	return toItems({ shipment, addedPositionItems: positionItems, success: true }, itemIndex);
}
