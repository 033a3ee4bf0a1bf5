import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit, returnAllOrLimit } from '../../shared/descriptions';
import { paginate } from '../../shared/pagination';
import { normaliseProfile, spellingOf, spellingOptionsProperty } from '../helpers';

export const description: INodeProperties[] = [...returnAllOrLimit({}), spellingOptionsProperty];

/**
 * GET /v1/shipping-profiles: pages of 300, the next one named in a single `links` object; OTTO has no
 * page-size parameter here (only `cursor`; docs/otto-api.md), so a Limit is cut from the first page.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex);
	const spelling = spellingOf.call(this, itemIndex);
	const items: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{ path: '/v1/shipping-profiles', style: 'linksObject', recordsPath: 'results', maxPageSize: 300, pageSizeParam: null },
		{ limit, itemIndex },
	)) {
		for (const json of page) items.push({ json: normaliseProfile(json, spelling), pairedItem: { item: itemIndex } });
	}
	return items;
}
