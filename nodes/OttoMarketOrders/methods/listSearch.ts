import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { nextHref } from '../../shared/pagination';
import { ottoRequest } from '../../shared/transport';
import { orderBucket } from '../helpers';

/**
 * Most recently changed orders first, for the "From List" mode of the order locator; the filter
 * matches order number, ID or name. Sorted by ORDER_LIFECYCLE_DATE, the only orderColumnType value
 * OTTO documents (OrdersV4Api.md), so the picker never depends on the unverified ORDER_DATE.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = paginationToken
		? { nextcursor: paginationToken, limit: 50 }
		: { orderDirection: 'DESC', orderColumnType: 'ORDER_LIFECYCLE_DATE', limit: 50 };
	const body = (await ottoRequest.call(this, { method: 'GET', path: '/v4/orders', qs })) as IDataObject;
	const orders = Array.isArray(body.resources) ? (body.resources as IDataObject[]) : [];
	const needle = (filter ?? '').trim().toLowerCase();
	const results = orders
		.map((order) => {
			const address = (order.deliveryAddress ?? {}) as IDataObject;
			const who = [address.firstName, address.lastName].filter(Boolean).join(' ');
			const date = String(order.orderDate ?? '').slice(0, 10);
			const name = [order.orderNumber, date, who, orderBucket(order)].filter(Boolean).join(' · ');
			return { name, value: String(order.salesOrderId), haystack: `${name} ${order.salesOrderId}`.toLowerCase() };
		})
		.filter((entry) => !needle || entry.haystack.includes(needle))
		.map(({ name, value }) => ({ name, value }));
	const href = nextHref(body);
	const next = href ? new URL(href, 'http://otto.invalid').searchParams.get('nextcursor') ?? undefined : undefined;
	return { results, paginationToken: next };
}
