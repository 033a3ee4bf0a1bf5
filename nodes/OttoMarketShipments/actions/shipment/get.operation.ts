import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import { CARRIERS, lookupFields, lookupPath } from '../../helpers';

export const description: INodeProperties[] = lookupFields('shipmentId', 'Shipment ID', Object.keys(CARRIERS));

/** GET /v1/shipments/{id} or /v1/shipments/carriers/{carrier}/trackingnumbers/{number} */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const path = lookupPath.call(this, itemIndex, '/v1/shipments', 'shipmentId', 'Shipment ID', Object.keys(CARRIERS));
	const shipment = await ottoRequest.call(this, { method: 'GET', path }, itemIndex);
	return toItems(shipment as IDataObject, itemIndex);
}
