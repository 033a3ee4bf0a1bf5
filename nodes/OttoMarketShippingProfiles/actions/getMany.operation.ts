import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit, returnAllOrLimit } from '../../shared/descriptions';
import { paginate } from '../../shared/pagination';

export const description: INodeProperties[] = [...returnAllOrLimit({})];

/** GET /v1/shipping-profiles: cursor pages (at most 300), the next page named in a single `links` object. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex);
	const items: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{ path: '/v1/shipping-profiles', style: 'linksObject', recordsPath: 'results', maxPageSize: 300 },
		{ limit, itemIndex },
	)) {
		for (const json of page) items.push({ json, pairedItem: { item: itemIndex } });
	}
	return items;
}
