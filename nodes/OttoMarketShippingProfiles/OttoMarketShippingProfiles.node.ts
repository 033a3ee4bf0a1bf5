import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as create from './actions/create.operation';
import * as deleteOperation from './actions/delete.operation';
import * as get from './actions/get.operation';
import * as getMany from './actions/getMany.operation';
import * as update from './actions/update.operation';
import * as listSearch from './methods/listSearch';

const operations: OperationMap = { create, delete: deleteOperation, get, getMany, update };

export class OttoMarketShippingProfiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Shipping Profiles',
		name: 'ottoMarketShippingProfiles',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Create and manage the shipping profiles (delivery times) of an OTTO Market seller',
		defaults: { name: 'OTTO Market Shipping Profiles' },
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
					{ name: 'Create', value: 'create', description: 'Create a shipping profile', action: 'Create a shipping profile' },
					{ name: 'Delete', value: 'delete', description: 'Delete a shipping profile no SKU uses', action: 'Delete a shipping profile' },
					{ name: 'Get', value: 'get', description: 'Get a shipping profile', action: 'Get a shipping profile' },
					{ name: 'Get Many', value: 'getMany', description: 'List the shipping profiles', action: 'Get many shipping profiles' },
					{ name: 'Update', value: 'update', description: 'Change fields of a shipping profile', action: 'Update a shipping profile' },
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
