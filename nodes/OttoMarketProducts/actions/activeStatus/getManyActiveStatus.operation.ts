import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { filteredListFields, listFilteredProducts } from '../../helpers';

export const description: INodeProperties[] = filteredListFields;

/** GET /v5/products/active-status: `{ status: [{ sku, active, lastModified }], links }`, at most 100 per page. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await listFilteredProducts.call(this, itemIndex, { path: '/v5/products/active-status', recordsKey: 'status', maxPageSize: 100 });
}
