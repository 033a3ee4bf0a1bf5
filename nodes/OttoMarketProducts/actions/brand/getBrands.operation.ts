import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { listProducts } from '../../helpers';

export const description: INodeProperties[] = [...returnAllOrLimit({})];

/**
 * GET /v5/products/brands: `{ brands: [{ id, name, logo, usable }], links }`, paged (OTTO: default
 * 100, at most 1000 per page, next links); Return All follows the pages.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await listProducts.call(this, itemIndex, { path: '/v5/products/brands', recordsKey: 'brands', maxPageSize: 1000 });
}
