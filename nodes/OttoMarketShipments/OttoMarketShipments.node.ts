import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as addPositionItems from './actions/shipment/addPositionItems.operation';
import * as create from './actions/shipment/create.operation';
import * as createMultiparcel from './actions/shipment/createMultiparcel.operation';
import * as get from './actions/shipment/get.operation';
import * as getMany from './actions/shipment/getMany.operation';
import * as getManyReturnShipments from './actions/returnShipment/getMany.operation';
import * as getReturnShipment from './actions/returnShipment/get.operation';
import * as listSearch from './methods/listSearch';

const operations: Record<string, OperationMap> = {
	shipment: { addPositionItems, create, createMultiparcel, get, getMany },
	returnShipment: { get: getReturnShipment, getMany: getManyReturnShipments },
};

export class OttoMarketShipments implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Shipments',
		name: 'ottoMarketShipments',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Report shipments of OTTO Market orders and track shipments and return shipments',
		defaults: { name: 'OTTO Market Shipments' },
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
					{ name: 'Return Shipment', value: 'returnShipment' },
					{ name: 'Shipment', value: 'shipment' },
				],
				default: 'shipment',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['shipment'] } },
				options: [
					{
						name: 'Add Position Items',
						value: 'addPositionItems',
						action: 'Add forgotten position items to a shipment',
						description: 'Add position items to an existing shipment, found by ID or by carrier and tracking number',
					},
					{
						name: 'Create',
						value: 'create',
						action: 'Create a shipment',
						description: 'Report a parcel with its tracking number; its position items become SENT',
					},
					{
						name: 'Create Multiparcel',
						value: 'createMultiparcel',
						action: 'Create a multiparcel shipment',
						description: 'Report position items shipped in several parcels, one tracking number per parcel',
					},
					{
						name: 'Get',
						value: 'get',
						action: 'Get a shipment',
						description: 'Get a shipment by ID or by carrier and tracking number',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						action: 'Get many shipments',
						description: 'List shipments created since a date',
					},
				],
				default: 'create',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['returnShipment'] } },
				options: [
					{
						name: 'Get',
						value: 'get',
						action: 'Get a return shipment',
						description: 'Get a return shipment by ID or by carrier and tracking number',
					},
					{
						name: 'Get Many',
						value: 'getMany',
						action: 'Get many return shipments',
						description: 'List return shipments announced or updated since a date',
					},
				],
				default: 'getMany',
			},
			...scopedProperties(operations.shipment, { resource: ['shipment'] }),
			...scopedProperties(operations.returnShipment, { resource: ['returnShipment'] }),
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
