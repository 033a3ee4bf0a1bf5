import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import { RETURN_SHIPMENT_CARRIERS, lookupFields, lookupPath } from '../../helpers';

export const description: INodeProperties[] = lookupFields(
	'returnShipmentId',
	'Return Shipment ID',
	RETURN_SHIPMENT_CARRIERS,
);

/** GET /v1/return-shipments/{id} or /v1/return-shipments/carriers/{carrier}/trackingnumbers/{number} */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const path = lookupPath.call(
		this,
		itemIndex,
		'/v1/return-shipments',
		'returnShipmentId',
		'Return Shipment ID',
		RETURN_SHIPMENT_CARRIERS,
	);
	const returnShipment = await ottoRequest.call(this, { method: 'GET', path }, itemIndex);
	return toItems(returnShipment as IDataObject, itemIndex);
}
