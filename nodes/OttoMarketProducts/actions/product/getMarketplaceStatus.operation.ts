import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { withExplanations } from '../../../shared/explain';
import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import { skuOf, skuPath, skuProperty } from '../../helpers';

export const description: INodeProperties[] = [skuProperty];

/** GET /v5/products/{sku}/marketplace-status. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sku = skuOf.call(this, itemIndex);
	const body = await withExplanations(ottoRequest.call(this, { method: 'GET', path: skuPath(sku, '/marketplace-status') }, itemIndex), {
		404: `OTTO knows no product variation with SKU "${sku}"`,
	});
	return toItems((body ?? {}) as IDataObject, itemIndex);
}
