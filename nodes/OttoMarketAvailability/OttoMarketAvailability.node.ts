import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as getDeliveryInformation from './actions/deliveryInformation/get.operation';
import * as getManyDeliveryInformation from './actions/deliveryInformation/getMany.operation';
import * as getManyQuantities from './actions/quantity/getMany.operation';
import * as getQuantity from './actions/quantity/get.operation';
import * as updateDeliveryInformation from './actions/deliveryInformation/update.operation';
import * as updateQuantities from './actions/quantity/update.operation';
import * as listSearch from './methods/listSearch';

const operations: Record<string, OperationMap> = {
	quantity: { get: getQuantity, getMany: getManyQuantities, update: updateQuantities },
	deliveryInformation: {
		get: getDeliveryInformation,
		getMany: getManyDeliveryInformation,
		update: updateDeliveryInformation,
	},
};

export class OttoMarketAvailability implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Availability',
		name: 'ottoMarketAvailability',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Set stock quantities and delivery information (shipping profile, processing time) on OTTO Market',
		defaults: { name: 'OTTO Market Availability' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Delivery Information', value: 'deliveryInformation' },
					{ name: 'Quantity', value: 'quantity' },
				],
				default: 'quantity',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['quantity'] } },
				options: [
					{
						name: 'Get',
						value: 'get',
						action: 'Get the stock quantity of a SKU',
						description: 'Read the available quantity of one SKU',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						action: 'Get many stock quantities',
						description: 'List the available quantities of all SKUs, sorted by SKU',
					},
					{
						name: 'Update',
						value: 'update',
						action: 'Update stock quantities',
						description: 'Set the available quantity of one SKU per input item, sent in batches of up to 200',
					},
				],
				default: 'update',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['deliveryInformation'] } },
				options: [
					{
						name: 'Get',
						value: 'get',
						action: 'Get the delivery information of a SKU',
						description: 'Read the shipping profile and processing time of one SKU',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						action: 'Get many delivery information records',
						description: 'List the shipping profile and processing time of all SKUs',
					},
					{
						name: 'Update',
						value: 'update',
						action: 'Update delivery information',
						description:
							'Link one SKU per input item to a shipping profile with a processing time, sent in batches of up to 200',
					},
				],
				default: 'update',
			},
			...scopedProperties(operations.quantity, { resource: ['quantity'] }),
			...scopedProperties(operations.deliveryInformation, { resource: ['deliveryInformation'] }),
			installationIdProperty,
			requestOptionsProperty,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		return await route.call(this, operations[resource] ?? {});
	}
}
