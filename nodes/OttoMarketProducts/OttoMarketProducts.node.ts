import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/descriptions';
import { installationIdProperty } from '../shared/installations';
import { route, scopedProperties } from '../shared/router';
import type { OperationMap } from '../shared/router';
import * as createOrUpdate from './actions/product/createOrUpdate.operation';
import * as get from './actions/product/get.operation';
import * as getActiveStatus from './actions/activeStatus/getActiveStatus.operation';
import * as getContentChanges from './actions/product/getContentChanges.operation';
import * as getManyActiveStatus from './actions/activeStatus/getManyActiveStatus.operation';
import * as getManyMarketplaceStatus from './actions/product/getManyMarketplaceStatus.operation';
import * as getManyPrices from './actions/price/getManyPrices.operation';
import * as getBrands from './actions/brand/getBrands.operation';
import * as getCategories from './actions/category/getCategories.operation';
import * as getMany from './actions/product/getMany.operation';
import * as getMarketplaceStatus from './actions/product/getMarketplaceStatus.operation';
import * as getPrices from './actions/price/getPrices.operation';
import * as getTask from './actions/task/getTask.operation';
import * as setActiveStatus from './actions/activeStatus/setActiveStatus.operation';
import * as setPrices from './actions/price/setPrices.operation';
import * as listSearch from './methods/listSearch';
import * as loadOptions from './methods/loadOptions';

/** The operation selector of one resource; operation values are unique across resources, so one router serves all. */
function operationProperty(resource: string, defaultValue: string, options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultValue,
	};
}

const operations: OperationMap = {
	createOrUpdate,
	get,
	getActiveStatus,
	getBrands,
	getCategories,
	getContentChanges,
	getMany,
	getManyActiveStatus,
	getManyMarketplaceStatus,
	getManyPrices,
	getMarketplaceStatus,
	getPrices,
	getTask,
	setActiveStatus,
	setPrices,
};

export class OttoMarketProducts implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Products',
		name: 'ottoMarketProducts',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Send product data, prices and visibility to OTTO Market (Products v5) and read them back',
		defaults: { name: 'OTTO Market Products' },
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
					{ name: 'Active Status', value: 'activeStatus' },
					{ name: 'Brand', value: 'brand' },
					{ name: 'Category', value: 'category' },
					{ name: 'Price', value: 'price' },
					{ name: 'Product', value: 'product' },
					{ name: 'Update Task', value: 'task' },
				],
				default: 'product',
			},
			operationProperty('product', 'get', [
				{
					name: 'Create or Update',
					value: 'createOrUpdate',
					description: 'Send product variations (up to 500 per request); OTTO processes them in an update task',
					action: 'Create or update product variations',
				},
				{ name: 'Get', value: 'get', description: 'Get a product variation by SKU', action: 'Get a product variation' },
				{
					name: 'Get Content Changes',
					value: 'getContentChanges',
					description: 'List when OTTO changed the content of product variations (last 28 days at most)',
					action: 'Get content changes of product variations',
				},
				{ name: 'Get Many', value: 'getMany', description: 'List product variations', action: 'Get many product variations' },
				{
					name: 'Get Many Marketplace Statuses',
					value: 'getManyMarketplaceStatus',
					description: 'List marketplace statuses, by change date, status and sort order',
					action: 'Get many marketplace statuses',
				},
				{
					name: 'Get Marketplace Status',
					value: 'getMarketplaceStatus',
					description: 'Get whether a product variation is online, pending, restricted or rejected',
					action: 'Get the marketplace status of a product variation',
				},
			]),
			operationProperty('activeStatus', 'getActiveStatus', [
				{
					name: 'Get',
					value: 'getActiveStatus',
					description: 'Get whether a product variation may be shown on otto.de',
					action: 'Get the active status of a product variation',
				},
				{
					name: 'Get Many',
					value: 'getManyActiveStatus',
					description: 'List the active status of product variations',
					action: 'Get many active statuses',
				},
				{
					name: 'Set',
					value: 'setActiveStatus',
					description: 'Switch product variations on or off on otto.de',
					action: 'Set the active status of product variations',
				},
			]),
			operationProperty('brand', 'getBrands', [
				{ name: 'Get Many', value: 'getBrands', description: 'List the brands OTTO knows', action: 'Get many brands' },
			]),
			operationProperty('category', 'getCategories', [
				{
					name: 'Get Many',
					value: 'getCategories',
					description: 'List category groups with their categories and attributes',
					action: 'Get many categories',
				},
			]),
			operationProperty('price', 'getPrices', [
				{ name: 'Get', value: 'getPrices', description: 'Get the prices of a product variation', action: 'Get the prices of a product variation' },
				{ name: 'Get Many', value: 'getManyPrices', description: 'List the prices of product variations', action: 'Get many prices' },
				{ name: 'Set', value: 'setPrices', description: 'Set standard and sale prices', action: 'Set the prices of product variations' },
			]),
			operationProperty('task', 'getTask', [
				{
					name: 'Get Status',
					value: 'getTask',
					description: 'Get the state of an update task and the items that failed, succeeded or stayed unchanged',
					action: 'Get the status of an update task',
				},
			]),
			...scopedProperties(operations),
			installationIdProperty,
			requestOptionsProperty,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this, operations);
	}
}
