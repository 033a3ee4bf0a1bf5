import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { dateFromField, listSince } from '../../helpers';

export const description: INodeProperties[] = [
	dateFromField('Return shipments announced or updated at or after this date and time'),
	...returnAllOrLimit({}),
];

/** GET /v1/return-shipments?datefrom=..., pages of up to 100 with a `next` link. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await listSince.call(this, itemIndex, '/v1/return-shipments');
}
