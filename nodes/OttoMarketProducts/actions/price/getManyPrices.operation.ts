import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { cleanFilters, listFilters, listProducts } from '../../helpers';

export const description: INodeProperties[] = [
	...returnAllOrLimit({}),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: listFilters,
	},
];

/** GET /v5/products/prices: `{ variationPrices: [{ sku, standardPrice, sale }], links }`, at most 100 per page. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = cleanFilters((this.getNodeParameter('filters', itemIndex, {}) ?? {}) as IDataObject);
	return await listProducts.call(this, itemIndex, { path: '/v5/products/prices', recordsKey: 'variationPrices', maxPageSize: 100, qs: filters });
}
