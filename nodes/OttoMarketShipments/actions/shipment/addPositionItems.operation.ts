import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import {
	CARRIERS,
	isParcelCarrier,
	lookupFields,
	lookupPath,
	positionItemsFields,
	positionItemsOf,
	returnTrackingKeyOf,
	returnAddressCarrierIdOf,
	withReturnKey,
} from '../../helpers';

export const description: INodeProperties[] = [
	...lookupFields('shipmentId', 'Shipment ID', Object.keys(CARRIERS)),
	{
		displayName: 'Delivery',
		name: 'delivery',
		type: 'options',
		options: [
			{ name: 'Parcel', value: 'parcel', description: 'The items need a return tracking key (OTTO requires one for parcel deliveries)' },
			{ name: 'Forwarder', value: 'forwarder', description: 'A forwarder delivery; a return tracking key is optional' },
		],
		default: 'parcel',
		description: 'How the shipment is delivered. When the shipment is found by carrier, the carrier tells.',
		displayOptions: { show: { findBy: ['id'] } },
	},
	...positionItemsFields,
];

/**
 * POST /v1/shipments/{id}/positionitems (or by carrier and tracking number): adds position items
 * that were forgotten when the shipment was created. Not safe to repeat.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const path = lookupPath.call(this, itemIndex, '/v1/shipments', 'shipmentId', 'Shipment ID', Object.keys(CARRIERS));
	const byCarrier = this.getNodeParameter('findBy', itemIndex, 'id') === 'trackingKey';
	const carrier = byCarrier ? String(this.getNodeParameter('carrier', itemIndex, '')) : '';
	const parcel = byCarrier ? isParcelCarrier(carrier) : this.getNodeParameter('delivery', itemIndex, 'parcel') !== 'forwarder';
	const returnTrackingKey = returnTrackingKeyOf.call(this, itemIndex, parcel, byCarrier ? `carrier ${carrier}` : 'Delivery is Parcel');
	const returnAddressCarrierId = returnAddressCarrierIdOf.call(this, itemIndex);
	const positionItems = withReturnKey(await positionItemsOf.call(this, itemIndex), returnTrackingKey, returnAddressCarrierId);
	await ottoRequest.call(
		this,
		{ method: 'POST', path: `${path}/positionitems`, body: positionItems, safeToRepeat: false },
		itemIndex,
	);
	const shipment = decodeURIComponent(path.slice('/v1/shipments/'.length));
	return toItems({ shipment, addedPositionItems: positionItems, success: true }, itemIndex);
}
