import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import {
	FULFILLMENT_STATUSES,
	FULFILLMENT_STATUS_OPTIONS,
	ORDERS_MAX_PAGE_SIZE,
	lifecycleDateOf,
	simplifyOrder,
	simplifyOrderProperty,
	statusMatchProperty,
} from '../OttoMarketOrders/helpers';
import { pollingOptions, requestOptionsProperty } from '../shared/descriptions';
import { paginate } from '../shared/pagination';
import { pollSettingsFrom, serverTimeOf } from '../shared/pollCursor';
import type { PollSource } from '../shared/pollCursor';
import { installationListProperty, pollInstallations, reportFailuresProperty } from '../shared/pollInstallations';
import { ottoRequest, ottoRequestFull } from '../shared/transport';

/** The statuses each event asks OTTO for; "anyChange" takes the optional status filter instead. */
const EVENT_STATUSES: Record<string, string[]> = {
	announced: ['ANNOUNCED'],
	cancelled: ['CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'],
	processable: ['PROCESSABLE'],
	returned: ['RETURNED'],
	sent: ['SENT'],
};

/** The events as the editor names them, for messages. */
const EVENT_LABELS: Record<string, string> = {
	announced: 'Order Announced',
	cancelled: 'Order Cancelled',
	processable: 'Order Ready to Ship',
	returned: 'Order Returned',
	sent: 'Order Sent',
};

/** How many position items are in each status: part of the event key, so a status change within the same millisecond still counts. */
function statusFingerprint(order: IDataObject): string {
	const items = Array.isArray(order.positionItems) ? (order.positionItems as IDataObject[]) : [];
	return FULFILLMENT_STATUSES.map((status) => items.filter((item) => item.fulfillmentStatus === status).length).join('.');
}

/**
 * Orders changed since a date, oldest change first, and the newest one (for a manual run), of one
 * installation (app mode) or of the credential's seller (installationId undefined).
 */
function ordersSource(ctx: IPollFunctions, filter: IDataObject, simplify: boolean, event: string, installationId?: string): PollSource {
	const newestQuery = { ...filter, orderColumnType: 'ORDER_LIFECYCLE_DATE', orderDirection: 'DESC', limit: 1 };
	return {
		// Sorted by the lifecycle change date, which is also the change date of the key. OTTO filters
		// `fromDate` by lastModifiedDate; an order modified without a status change can come back with an
		// older lifecycle date, already handled when it happened: it is skipped.
		async *changesSince(since: string) {
			const sinceMs = Date.parse(since);
			for await (const page of paginate.call(ctx, {
				path: '/v4/orders',
				qs: { ...filter, fromDate: since, orderColumnType: 'ORDER_LIFECYCLE_DATE', orderDirection: 'ASC' },
				style: 'nextcursor',
				recordsPath: 'resources',
				maxPageSize: ORDERS_MAX_PAGE_SIZE,
				installationId,
			})) {
				yield page.filter((order) => !(Date.parse(lifecycleDateOf(order)) < sinceMs));
			}
		},
		async newest() {
			const body = (await ottoRequest.call(ctx, { method: 'GET', path: '/v4/orders', qs: newestQuery, installationId })) as IDataObject;
			return Array.isArray(body.resources) ? (body.resources as IDataObject[]).slice(0, 1) : [];
		},
		async serverNow() {
			const response = await ottoRequestFull.call(ctx, { method: 'GET', path: '/v4/orders', qs: newestQuery, installationId });
			return serverTimeOf(response.headers);
		},
		emptyHint:
			`OTTO has no order ${event === 'anyChange' ? 'in the chosen statuses' : `for the event "${EVENT_LABELS[event] ?? event}"`} yet. ` +
			'To get one in the sandbox, run an OTTO Market Orders node with the operation "Create Test Orders" (or create an order by hand), ' +
			'or choose a wider event such as "Any Status Change" without a status filter, then fetch again.',
		idOf: (order) => `${String(order.salesOrderId)}~${statusFingerprint(order)}`,
		changedAt: (order) => lifecycleDateOf(order),
		toJson: (order) => (simplify ? simplifyOrder(order) : order),
	};
}

export class OttoMarketOrdersTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Orders Trigger',
		name: 'ottoMarketOrdersTrigger',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when an OTTO Market order is new, ready to ship, sent, cancelled or returned',
		defaults: { name: 'OTTO Market Orders Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ottoMarketApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Any Status Change',
						value: 'anyChange',
						description: 'Every change of an order (optionally only orders in certain statuses)',
					},
					{
						name: 'Order Announced',
						value: 'announced',
						description: 'An order was placed but cannot be shipped yet (payment pending, no address)',
					},
					{
						name: 'Order Cancelled',
						value: 'cancelled',
						description:
							'An order with at least one position item cancelled by you or by OTTO (as OTTO matches it): also a partly cancelled order, again whenever it changes',
					},
					{
						name: 'Order Ready to Ship',
						value: 'processable',
						description: 'An order can be shipped now (PROCESSABLE), or changed while it still can',
					},
					{ name: 'Order Returned', value: 'returned', description: 'An order was returned' },
					{ name: 'Order Sent', value: 'sent', description: 'An order was shipped' },
				],
				default: 'processable',
			},
			{
				displayName: 'Only Orders With Status',
				name: 'statuses',
				type: 'multiOptions',
				options: FULFILLMENT_STATUS_OPTIONS,
				default: [],
				description: 'Leave empty for changes of orders in any status',
				displayOptions: { show: { event: ['anyChange'] } },
			},
			installationListProperty,
			simplifyOrderProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					...pollingOptions('orders'),
					reportFailuresProperty,
					statusMatchProperty('statusMatch'),
				],
			},
			requestOptionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'processable') as string;
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const statuses = event === 'anyChange' ? ((this.getNodeParameter('statuses', []) as string[]) ?? []) : EVENT_STATUSES[event];
		if (!statuses) throw new NodeOperationError(this.getNode(), `Unknown event "${event}"`);
		const mode = options.statusMatch === 'AT_LEAST_ONE' ? 'AT_LEAST_ONE' : 'BUCKET';
		const filter: IDataObject = statuses.length ? { fulfillmentStatus: statuses, mode } : {};
		const settings = pollSettingsFrom.call(this, options, 'orders');
		return await pollInstallations.call(this, (installationId) => ordersSource(this, filter, simplify, event, installationId), settings, options);
	}
}
