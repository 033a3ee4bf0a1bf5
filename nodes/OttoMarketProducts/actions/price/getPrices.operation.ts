import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { readSku, skuOf, skuLookupProperty } from '../../helpers';

export const description: INodeProperties[] = [skuLookupProperty];

/** GET /v5/products/{sku}/prices; SKUs with '/' or '.' via GET /v5/products/prices?sku=. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sku = skuOf.call(this, itemIndex);
	const record = await readSku.call(this, itemIndex, sku, { suffix: '/prices', listPath: '/v5/products/prices', recordsKey: 'variationPrices' });
	return toItems(record, itemIndex);
}
