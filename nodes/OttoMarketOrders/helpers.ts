import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode, INodeProperties, INodePropertyOptions, JsonObject } from 'n8n-workflow';

import { inputError, show } from '../shared/validation';

/** OTTO's fulfillment statuses in bucket order (docs/otto-api.md §3.1). */
export const FULFILLMENT_STATUSES = [
	'ANNOUNCED',
	'PROCESSABLE',
	'SENT',
	'RETURNED',
	'CANCELLED_BY_PARTNER',
	'CANCELLED_BY_MARKETPLACE',
] as const;

export type FulfillmentStatus = (typeof FULFILLMENT_STATUSES)[number];

export const FULFILLMENT_STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Announced', value: 'ANNOUNCED', description: 'Ordered, payment not yet confirmed; do not ship yet' },
	{ name: 'Cancelled by Marketplace', value: 'CANCELLED_BY_MARKETPLACE' },
	{ name: 'Cancelled by Partner', value: 'CANCELLED_BY_PARTNER' },
	{ name: 'Processable', value: 'PROCESSABLE', description: 'Ready to ship' },
	{ name: 'Returned', value: 'RETURNED' },
	{ name: 'Sent', value: 'SENT' },
];

/** OTTO lists at most this many orders per page. Its docs say 128 in one place and 256 in another; 128 is safe. */
export const ORDERS_MAX_PAGE_SIZE = 128;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ORDER_NUMBER = /^[A-Za-z0-9]{10}$/;
const POSITION_ITEM_ID = /^[A-Za-z0-9-]{1,64}$/;

export const SALES_ORDER_ID_REGEX = UUID.source;
export const ORDER_NUMBER_REGEX = ORDER_NUMBER.source;

/** A sales order ID (UUID) as OTTO gives it. */
export function requireSalesOrderId(node: INode, value: unknown, itemIndex: number, field = 'Sales Order ID'): string {
	const text = typeof value === 'string' ? value.trim() : value;
	if (typeof text !== 'string' || !UUID.test(text)) {
		throw inputError(
			node,
			field,
			itemIndex,
			`${show(value ?? '')} is not a sales order ID (a UUID such as 3f1c2a9e-5b7d-4e2f-9a41-0c6d8e2b7f15)`,
		);
	}
	return text.toLowerCase();
}

/** An order number: 10 letters or digits, as shown to the customer. */
export function requireOrderNumber(node: INode, value: unknown, itemIndex: number, field = 'Order Number'): string {
	const text = typeof value === 'string' ? value.trim() : value;
	if (typeof text !== 'string' || !ORDER_NUMBER.test(text)) {
		throw inputError(node, field, itemIndex, `${show(value ?? '')} is not an order number (10 letters or digits such as a1b2c3d4e5)`);
	}
	return text;
}

/** Position item IDs from a comma-separated text or a list; de-duplicated, in input order. */
export function requirePositionItemIds(node: INode, value: unknown, itemIndex: number, field = 'Position Item IDs'): string[] {
	if (Array.isArray(value)) {
		// A null, an object or an empty entry in a list is a mistake upstream, not the ID "null".
		const bad = value.findIndex((entry) => !((typeof entry === 'string' && entry.trim()) || (typeof entry === 'number' && Number.isFinite(entry))));
		if (bad >= 0) throw inputError(node, field, itemIndex, `entry ${bad + 1} of the list is ${show(value[bad] ?? null)}, not a position item ID`);
	}
	const parts = Array.isArray(value)
		? value.map((entry) => String(entry))
		: typeof value === 'string'
			? value.split(',')
			: typeof value === 'number'
				? [String(value)]
				: [];
	const ids = [...new Set(parts.map((part) => part.trim()).filter(Boolean))];
	if (!ids.length) throw inputError(node, field, itemIndex, 'must name at least one position item ID');
	const bad = ids.filter((id) => !POSITION_ITEM_ID.test(id));
	if (bad.length) {
		throw inputError(node, field, itemIndex, `${bad.map((id) => show(id)).join(', ')} ${bad.length === 1 ? 'is not a position item ID' : 'are not position item IDs'} (letters, digits and dashes)`);
	}
	return ids;
}

/** The order's status as OTTO's list filter buckets it (docs/otto-api.md §3.1). */
export function orderBucket(order: IDataObject): FulfillmentStatus | undefined {
	const items = Array.isArray(order.positionItems) ? (order.positionItems as IDataObject[]) : [];
	const present = new Set(items.map((item) => item.fulfillmentStatus));
	return FULFILLMENT_STATUSES.find((status) => present.has(status));
}

/** The date OTTO sorts orders by when listing by lifecycle: the last status change. */
export function lifecycleDateOf(order: IDataObject): string {
	const lifecycle = order.orderLifecycleInformation as IDataObject | undefined;
	return String(lifecycle?.lifecycleChangeDate ?? order.lastModifiedDate ?? order.orderDate ?? '');
}

/** The fields a workflow needs most: numbers, IDs, dates, status per position item, SKU, price, delivery address. */
export function simplifyOrder(order: IDataObject): IDataObject {
	const items = Array.isArray(order.positionItems) ? (order.positionItems as IDataObject[]) : [];
	return {
		orderNumber: order.orderNumber,
		salesOrderId: order.salesOrderId,
		orderDate: order.orderDate,
		lastModifiedDate: order.lastModifiedDate,
		orderStatus: orderBucket(order) ?? null,
		positionItems: items.map((item) => {
			const product = (item.product ?? {}) as IDataObject;
			const price = (item.itemValueReducedGrossPrice ?? item.itemValueGrossPrice ?? {}) as IDataObject;
			return {
				positionItemId: item.positionItemId,
				fulfillmentStatus: item.fulfillmentStatus,
				sku: product.sku,
				productTitle: product.productTitle,
				ean: product.ean,
				price: price.amount,
				currency: price.currency,
			};
		}),
		deliveryAddress: order.deliveryAddress ?? null,
	};
}

/**
 * OTTO answers 409 when nothing in the request can be cancelled (only PROCESSABLE position
 * items can be). Turns that answer into a message that says so; other errors pass unchanged.
 */
export function cancellationError(node: INode, error: unknown, what: string, itemIndex: number): unknown {
	if (!(error instanceof NodeApiError) || error.httpCode !== '409') return error;
	const otto = error.description ? ` OTTO: ${error.description}` : '';
	return new NodeApiError(node, (error.errorResponse ?? {}) as JsonObject, {
		message: `Nothing cancellable: ${what} (only position items in status PROCESSABLE can be cancelled)`,
		description: `OTTO refused the cancellation with 409 Conflict and changed nothing.${otto}`,
		httpCode: '409',
		itemIndex,
	});
}

/** Simplify, as Orders Get, Orders Get Many and the Orders Trigger offer it (read by `simplifyOrder`). */
export const simplifyOrderProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return only order number, IDs, dates, status per position item, SKU, price and delivery address instead of the full order',
};

/**
 * OTTO's `mode` of the order list: how an order whose position items are in different statuses
 * matches a status filter. One field for both places that offer it; the parameter keeps the name
 * it was saved under (`mode` in Get Many's filters, `statusMatch` in the trigger's options), so
 * saved workflows keep working.
 */
export function statusMatchProperty(name: 'mode' | 'statusMatch'): INodeProperties {
	return {
		displayName: 'Status Match',
		name,
		type: 'options',
		options: [
			{
				name: 'Any Position Item',
				value: 'AT_LEAST_ONE',
				description: 'An order matches when at least one of its position items has one of the statuses',
			},
			{
				name: 'Order Status (Bucket)',
				value: 'BUCKET',
				description:
					"OTTO's buckets (default): Announced before Processable before Sent before Returned; Cancelled by Partner / by Marketplace match an order with at least one item cancelled, so a partly cancelled order matches its bucket and the cancelled one",
			},
		],
		default: 'BUCKET',
		description: 'How orders whose position items are in different statuses are matched (OTTO: mode)',
	};
}
