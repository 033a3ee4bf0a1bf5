import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { readLimit, returnAllOrLimit } from '../../shared/descriptions';
import { paginate } from '../../shared/pagination';
import { requireOneOf } from '../../shared/validation';
import { RETURN_STATUSES, returnsQuery } from '../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Accepted', value: 'ACCEPTED', description: 'Returns you accepted' },
			{ name: 'Announced', value: 'ANNOUNCED', description: 'Returns the customer announced and you have not decided on yet' },
			{ name: 'Misdirected', value: 'MISDIRECTED', description: 'Returns that arrived at an OTTO warehouse instead of yours' },
			{ name: 'Rejected', value: 'REJECTED', description: 'Returns you rejected' },
		],
		default: 'ANNOUNCED',
		description: 'Which returns to list; OTTO lists them newest status change first',
	},
	...returnAllOrLimit({}),
];

/** Returns of one status, newest status change first, one item per returned position item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const status = requireOneOf(this.getNode(), this.getNodeParameter('status', itemIndex), 'Status', itemIndex, RETURN_STATUSES);
	const limit = readLimit.call(this, itemIndex);
	const items: INodeExecutionData[] = [];
	for await (const page of paginate.call(this, returnsQuery(status), { limit, itemIndex })) {
		for (const json of page) items.push({ json, pairedItem: { item: itemIndex } });
	}
	return items;
}
