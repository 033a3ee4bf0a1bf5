import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as download from './actions/download.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';

const operations: OperationMap = { download, get, getMany };

export class OttoMarketReceipts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Receipts',
		name: 'ottoMarketReceipts',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'List OTTO Market receipts (invoices and credit notes) and download them as PDF',
		defaults: { name: 'OTTO Market Receipts' },
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
						name: 'Download PDF',
						value: 'download',
						description: 'Download the PDF of a receipt as a binary file',
						action: 'Download a receipt as PDF',
					},
					{
						name: 'Get',
						value: 'get',
						description: 'Get one receipt by its number as JSON',
						action: 'Get a receipt',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						description: 'List receipts by type, creation date and order, newest first',
						action: 'Get many receipts',
					},
				],
				default: 'getMany',
			},
			...scopedProperties(operations),
			installationIdProperty,
			requestOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, operations);
	}
}
