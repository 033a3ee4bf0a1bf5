import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import { skuLocator } from '../../../shared/lookups';
import { skuOf } from '../../helpers';

export const description: INodeProperties[] = [skuLocator('searchStockSkus', { description: 'The SKU whose stock to read: pick it from the SKUs with stock, or give it' })];

/** GET /v1/availability/quantities/{sku} */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sku = skuOf.call(this, itemIndex);
	const body = await ottoRequest.call(
		this,
		{ method: 'GET', path: `/v1/availability/quantities/${encodeURIComponent(sku)}` },
		itemIndex,
	);
	return toItems(body as IDataObject, itemIndex);
}
