import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { readSku, skuOf, skuLookupProperty } from '../../helpers';

export const description: INodeProperties[] = [skuLookupProperty];

/** GET /v5/products/{sku}; SKUs with '/' or '.' via GET /v5/products?sku= (OTTO's advice). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sku = skuOf.call(this, itemIndex);
	const record = await readSku.call(this, itemIndex, sku, { suffix: '', listPath: '/v5/products', recordsKey: 'productVariations' });
	return toItems(record, itemIndex);
}
