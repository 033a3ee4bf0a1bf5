import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { filtersCollection, readLimit, returnAllOrLimit } from '../../shared/descriptions';
import { paginate } from '../../shared/pagination';
import { inputError, optionalDate, requireOneOf } from '../../shared/validation';
import {
	FULFILLMENT_STATUSES,
	FULFILLMENT_STATUS_OPTIONS,
	ORDERS_MAX_PAGE_SIZE,
	simplifyOrder,
	simplifyOrderProperty,
	statusMatchProperty,
} from '../helpers';

export const description: INodeProperties[] = [
	...returnAllOrLimit({}),
	filtersCollection([
		{
			displayName: 'Changed Since',
			name: 'fromDate',
			type: 'dateTime',
			default: '',
			description: 'Only orders changed (any status change) at or after this date and time',
		},
		{
			displayName: 'Fulfillment Status',
			name: 'fulfillmentStatus',
			type: 'multiOptions',
			options: FULFILLMENT_STATUS_OPTIONS,
			default: [],
			description: 'Only orders in these statuses (how an order with mixed items counts is set by "Status Match")',
		},
		{
			displayName: 'Ordered After',
			name: 'fromOrderDate',
			type: 'dateTime',
			default: '',
			description: 'Only orders placed at or after this date and time',
		},
		{
			displayName: 'Ordered Before',
			name: 'toOrderDate',
			type: 'dateTime',
			default: '',
			description: 'Only orders placed at or before this date and time',
		},
	]),
	{
		// Sorting and how mixed orders match are settings of the list, not filters (issue 17; moved
		// before the first release, so no saved workflow has them under `filters`).
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Sort By',
				name: 'orderColumnType',
				type: 'options',
				options: [
					{ name: 'Last Status Change', value: 'ORDER_LIFECYCLE_DATE' },
					{
						name: 'Order Date (Unverified)',
						value: 'ORDER_DATE',
						description: "Sends orderColumnType=ORDER_DATE, a value OTTO's published spec does not list",
					},
				],
				default: 'ORDER_LIFECYCLE_DATE',
				description:
					"Date the list is sorted by (OTTO: orderColumnType). OTTO documents only ORDER_LIFECYCLE_DATE; ORDER_DATE is a guess that OTTO may refuse.",
			},
			{
				displayName: 'Sort Direction',
				name: 'orderDirection',
				type: 'options',
				options: [
					{ name: 'Oldest First', value: 'ASC' },
					{ name: 'Newest First', value: 'DESC' },
				],
				default: 'ASC',
			},
			statusMatchProperty('mode'),
		],
	},
	simplifyOrderProperty,
];

function statusList(this: IExecuteFunctions, value: unknown, itemIndex: number): string[] {
	const list = Array.isArray(value) ? value : typeof value === 'string' && value.trim() ? value.split(',') : [];
	return list.map((status) =>
		requireOneOf(this.getNode(), String(status).trim(), 'Fulfillment Status', itemIndex, FULFILLMENT_STATUSES),
	);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify = this.getNodeParameter('simplify', itemIndex, false) as boolean;

	const fromDate = optionalDate(node, filters.fromDate, 'Changed Since', itemIndex);
	const fromOrderDate = optionalDate(node, filters.fromOrderDate, 'Ordered After', itemIndex);
	const toOrderDate = optionalDate(node, filters.toOrderDate, 'Ordered Before', itemIndex);
	if (fromOrderDate && toOrderDate && fromOrderDate > toOrderDate) {
		throw inputError(node, 'Ordered Before', itemIndex, `${toOrderDate} is before "Ordered After" (${fromOrderDate})`);
	}
	const qs: IDataObject = {
		fromDate,
		fromOrderDate,
		toOrderDate,
		fulfillmentStatus: statusList.call(this, filters.fulfillmentStatus, itemIndex),
	};
	if (options.mode) qs.mode = requireOneOf(node, options.mode, 'Status Match', itemIndex, ['BUCKET', 'AT_LEAST_ONE']);
	if (options.orderDirection) {
		qs.orderDirection = requireOneOf(node, options.orderDirection, 'Sort Direction', itemIndex, ['ASC', 'DESC']);
	}
	if (options.orderColumnType) {
		qs.orderColumnType = requireOneOf(node, options.orderColumnType, 'Sort By', itemIndex, [
			'ORDER_LIFECYCLE_DATE',
			'ORDER_DATE',
		]);
	}

	const results: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{ path: '/v4/orders', qs, style: 'nextcursor', recordsPath: 'resources', maxPageSize: ORDERS_MAX_PAGE_SIZE },
		{ limit, itemIndex },
	)) {
		for (const order of page) {
			results.push({ json: simplify ? simplifyOrder(order) : order, pairedItem: { item: itemIndex } });
		}
	}
	return results;
}
