import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit, returnAllOrLimit } from '../../../shared/descriptions';
import { ottoRequest } from '../../../shared/transport';

export const description: INodeProperties[] = [...returnAllOrLimit({})];

/** GET /v5/products/brands: OTTO sends the whole list at once; Limit cuts it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex);
	const body = (await ottoRequest.call(this, { method: 'GET', path: '/v5/products/brands' }, itemIndex)) as unknown;
	const list = Array.isArray(body) ? body : Array.isArray((body as IDataObject)?.brands) ? ((body as IDataObject).brands as unknown[]) : [];
	return (list as IDataObject[]).slice(0, limit ?? Infinity).map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
