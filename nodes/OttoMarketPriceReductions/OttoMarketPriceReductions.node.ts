import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as create from './actions/create.operation';
import * as getMany from './actions/getMany.operation';
import * as listSearch from './methods/listSearch';

const operations: OperationMap = { create, getMany };

export class OttoMarketPriceReductions implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Price Reductions',
		name: 'ottoMarketPriceReductions',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Refund part of the price of a shipped OTTO Market item instead of taking it back',
		defaults: { name: 'OTTO Market Price Reductions' },
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
						name: 'Create',
						value: 'create',
						description: 'Refund part of the price of a shipped position item',
						action: 'Create a price reduction',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						description: 'List the price reductions of a position item',
						action: 'Get many price reductions',
					},
				],
				default: 'create',
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
