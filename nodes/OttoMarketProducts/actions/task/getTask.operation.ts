import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { readTask, requireTaskId, taskList } from '../../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.taskId }}',
		description: 'The ID of the update task (or its link, /v5/products/update-tasks/…) that Create or Update, Set Prices or Set Active Status returned',
	},
	{
		displayName: 'Include Failed Items',
		name: 'includeFailed',
		type: 'boolean',
		default: true,
		description: 'Whether to add the items OTTO could not process, with its reasons (field failedItems)',
	},
	{
		displayName: 'Include Succeeded Items',
		name: 'includeSucceeded',
		type: 'boolean',
		default: false,
		description: 'Whether to add the items OTTO processed (field succeededItems)',
	},
	{
		displayName: 'Include Unchanged Items',
		name: 'includeUnchanged',
		type: 'boolean',
		default: false,
		description: 'Whether to add the items OTTO left as they were because nothing changed (field unchangedItems)',
	},
];

/** GET /v5/products/update-tasks/{id} (+ /failed, /succeeded, /unchanged once the task has such items). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requireTaskId.call(this, this.getNodeParameter('taskId', itemIndex), itemIndex);
	const task = await readTask.call(this, id, itemIndex);
	const json: IDataObject = { ...task };
	if (this.getNodeParameter('includeFailed', itemIndex, true) as boolean) {
		json.failedItems = Number(task.failed ?? 0) > 0 ? await taskList.call(this, id, 'failed', itemIndex) : [];
	}
	if (this.getNodeParameter('includeSucceeded', itemIndex, false) as boolean) {
		json.succeededItems = Number(task.succeeded ?? 0) > 0 ? await taskList.call(this, id, 'succeeded', itemIndex) : [];
	}
	if (this.getNodeParameter('includeUnchanged', itemIndex, false) as boolean) {
		json.unchangedItems = Number(task.unchanged ?? 0) > 0 ? await taskList.call(this, id, 'unchanged', itemIndex) : [];
	}
	return toItems(json, itemIndex);
}
