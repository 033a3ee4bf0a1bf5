import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit, returnAllOrLimit } from '../../../shared/descriptions';
import { paginate } from '../../../shared/pagination';

export const description: INodeProperties[] = [
	...returnAllOrLimit({}),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Brand Name or ID',
				name: 'brandId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getBrands' },
				default: '',
				description:
					'Only variations of this brand. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Category Name or ID',
				name: 'category',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCategories' },
				default: '',
				description:
					'Only variations of this category. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Product Reference',
				name: 'productReference',
				type: 'string',
				default: '',
				description: 'Only the variations of this product',
			},
			{
				displayName: 'SKU',
				name: 'sku',
				type: 'string',
				default: '',
				description: 'Only the variation with this SKU',
			},
		],
	},
];

/** GET /v5/products: page + limit (at most 100 per page), records in `productVariations`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex);
	const filters = (this.getNodeParameter('filters', itemIndex, {}) ?? {}) as IDataObject;
	const items: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{ path: '/v5/products', qs: filters, style: 'page', recordsPath: 'productVariations', maxPageSize: 100 },
		{ limit, itemIndex },
	)) {
		for (const json of page) items.push({ json, pairedItem: { item: itemIndex } });
	}
	return items;
}
