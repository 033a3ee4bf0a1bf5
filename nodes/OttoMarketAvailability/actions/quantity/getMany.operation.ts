import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { listRecords } from '../../helpers';

export const description: INodeProperties[] = [...returnAllOrLimit({})];

/** GET /v1/availability/quantities, sorted by SKU, cursor pages of up to 200. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await listRecords.call(this, itemIndex, {
		path: '/v1/availability/quantities',
		style: 'cursor',
		recordsPath: 'resources.variations',
	});
}
