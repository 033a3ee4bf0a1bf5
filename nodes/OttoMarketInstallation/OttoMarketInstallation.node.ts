import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as get from './actions/get.operation';
import * as getPartnerId from './actions/getPartnerId.operation';

const operations: OperationMap = { get, getPartnerId };

export class OttoMarketInstallation implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Installation',
		name: 'ottoMarketInstallation',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Read the installation of your service partner app and the partner ID of the consenting OTTO partner',
		defaults: { name: 'OTTO Market Installation' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Get Installation',
						value: 'get',
						description: 'Get the installation ID of your app for the partner who gave consent',
						action: 'Get the installation of the app',
					},
					{
						name: 'Get Partner ID',
						value: 'getPartnerId',
						description: 'Get the OTTO partner ID of the partner who gave consent',
						action: 'Get the partner ID of the consenting partner',
					},
				],
				default: 'get',
			},
			...scopedProperties(operations),
			requestOptionsProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, operations);
	}
}
