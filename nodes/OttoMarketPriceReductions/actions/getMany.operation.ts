import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit, returnAllOrLimit } from '../../shared/descriptions';
import { paginate } from '../../shared/pagination';
import { requireText } from '../../shared/validation';

export const description: INodeProperties[] = [
	{
		displayName: 'Position Item ID',
		name: 'positionItemId',
		type: 'string',
		default: '',
		description:
			'The position item whose price reductions to list. Leave empty to list every position item that has price reductions.',
	},
	...returnAllOrLimit({}),
];

/**
 * GET /v1/price-reductions[?positionItemId=…], page by page (page + limit, at most 128 per page).
 * One record per position item: its total reduction, invoice price and the single reductions.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const raw = this.getNodeParameter('positionItemId', itemIndex, '') as string;
	const positionItemId = raw === '' ? undefined : requireText(this.getNode(), raw, 'Position Item ID', itemIndex, 100);
	const limit = readLimit.call(this, itemIndex);
	const items: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{ path: '/v1/price-reductions', qs: { positionItemId }, style: 'page', recordsPath: 'results', maxPageSize: 128 },
		{ limit, itemIndex },
	)) {
		for (const json of page) items.push({ json, pairedItem: { item: itemIndex } });
	}
	return items;
}
