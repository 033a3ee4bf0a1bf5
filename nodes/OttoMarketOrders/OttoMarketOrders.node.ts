import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as cancel from './actions/cancel.operation';
import * as cancelPositionItems from './actions/cancelPositionItems.operation';
import * as createTestOrders from './actions/createTestOrders.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';
import { searchOrders } from './methods/listSearch';

const operations: OperationMap = { cancel, cancelPositionItems, createTestOrders, get, getMany };

export class OttoMarketOrders implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Orders',
		name: 'ottoMarketOrders',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Get, list and cancel orders on OTTO Market',
		defaults: { name: 'OTTO Market Orders' },
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
						name: 'Cancel',
						value: 'cancel',
						action: 'Cancel an order',
						description: 'Cancel every position item of an order that is still ready to ship (PROCESSABLE)',
					},
					{
						name: 'Cancel Position Items',
						value: 'cancelPositionItems',
						action: 'Cancel position items of an order',
						description: 'Cancel selected position items of an order; all must be ready to ship (PROCESSABLE)',
					},
					{
						name: 'Create Test Orders',
						value: 'createTestOrders',
						action: 'Create test orders in the sandbox',
						description: 'Create OTTO sandbox test orders (sandbox credential only)',
					},
					{
						name: 'Get',
						value: 'get',
						action: 'Get an order',
						description: 'Get one order by sales order ID or order number',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						action: 'Get many orders',
						description: 'List orders, filtered by status, change date or order date',
					},
				],
				default: 'getMany',
			},
			...scopedProperties(operations),
			installationIdProperty,
			requestOptionsProperty,
		],
	};

	methods = { listSearch: { searchOrders } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, operations);
	}
}
