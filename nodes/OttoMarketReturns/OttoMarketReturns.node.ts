import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as accept from './actions/accept.operation';
import * as getMany from './actions/getMany.operation';
import * as reject from './actions/reject.operation';
import * as listSearch from './methods/listSearch';

const operations: OperationMap = { accept, getMany, reject };

export class OttoMarketReturns implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Returns',
		name: 'ottoMarketReturns',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'List, accept and reject customer returns on the OTTO Market',
		defaults: { name: 'OTTO Market Returns' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Accept',
						value: 'accept',
						description: 'Accept returned position items (many items, up to 200 per request)',
						action: 'Accept returns',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						description: 'List returns by status, newest status change first',
						action: 'Get many returns',
					},
					{
						name: 'Reject',
						value: 'reject',
						description: 'Reject returned position items with a reason (many items, up to 200 per request)',
						action: 'Reject returns',
					},
				],
				default: 'getMany',
			},
			...scopedProperties(operations),
			installationIdProperty,
			requestOptionsProperty,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, operations);
	}
}
