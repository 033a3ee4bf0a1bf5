import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { CONDITION_OPTIONS, REJECT_REASONS, decideReturns, enumOptions, returnedItemFields } from '../helpers';

export const description: INodeProperties[] = [
	...returnedItemFields,
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		required: true,
		options: enumOptions(REJECT_REASONS),
		default: 'ITEM_DAMAGED',
		description: 'Why you reject the return (OTTO requires one)',
	},
	{
		displayName: 'Condition',
		name: 'condition',
		type: 'options',
		options: [{ name: 'Not Given', value: '' }, ...CONDITION_OPTIONS],
		default: '',
		description: "Condition of the returned item on OTTO's scale A to E (optional for a rejection)",
	},
];

/** Rejects the returns of all input items (at most 200 per request to OTTO). */
export async function executeAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await decideReturns.call(this, items, 'reject');
}
