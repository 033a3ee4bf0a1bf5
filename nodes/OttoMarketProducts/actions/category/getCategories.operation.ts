import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit, returnAllOrLimit } from '../../../shared/descriptions';
import { paginate } from '../../../shared/pagination';
import { productReadPace } from '../../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'Category',
		name: 'category',
		type: 'string',
		default: '',
		description: 'Only the category group that holds this category (leave empty for all)',
	},
	...returnAllOrLimit({}),
];

/**
 * GET /v5/products/categories: category groups with their categories and attributes (up to 2000
 * per page). OTTO counts these pages from 0 ("the number (starting with 0) of the page").
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex);
	const category = String(this.getNodeParameter('category', itemIndex, '') ?? '').trim();
	const items: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{
			path: '/v5/products/categories',
			qs: { page: 0, ...(category ? { category } : {}) },
			style: 'page',
			recordsPath: 'categoryGroups',
			maxPageSize: 2000,
			...productReadPace('/v5/products/categories'),
		},
		{ limit, itemIndex },
	)) {
		for (const json of page) items.push({ json, pairedItem: { item: itemIndex } });
	}
	return items;
}
