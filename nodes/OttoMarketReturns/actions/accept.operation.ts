import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ACCEPT_REASONS, CONDITION_OPTIONS, decideReturns, enumOptions, returnedItemFields } from '../helpers';

export const description: INodeProperties[] = [
	...returnedItemFields,
	{
		displayName: 'Condition',
		name: 'condition',
		type: 'options',
		options: CONDITION_OPTIONS,
		default: 'A',
		description: "Condition of the returned item on OTTO's scale A to E",
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'options',
		options: enumOptions(ACCEPT_REASONS),
		default: 'RETURN_RECEIVED',
		description: 'Why you accept the return',
	},
];

/** Accepts the returns of all input items (at most 200 per request to OTTO). */
export async function executeAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await decideReturns.call(this, items, 'accept');
}
