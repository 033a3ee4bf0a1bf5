/**
 * Lookups: the resource locators ("From List" first) for values a seller cannot know by heart -- a sales
 * order, a shipping profile, a SKU -- and their list searches. Used by every node that asks for one of them.
 *
 * Saved workflows keep working: the parameter names stay, and a value saved before a field became a
 * locator is a plain string, so every reader here takes a string as well as a locator value.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
	INodePropertyMode,
} from 'n8n-workflow';

import {
	ORDER_NUMBER_REGEX,
	SALES_ORDER_ID_REGEX,
	orderBucket,
	requireOrderNumber,
	requireSalesOrderId,
} from '../OttoMarketOrders/helpers';
import { nextHref, pathOfHref, pick } from './pagination';
import { ottoRequest } from './transport';
import { inputError, requireText } from './validation';

/** Entries per list-search page (the editor loads the next page when the user scrolls). */
const LOOKUP_PAGE_SIZE = 50;

export interface LocatorValue {
	mode: string;
	value: unknown;
}

/** A parameter value as { mode, value }: a resource locator as it is, a plain string (saved before) as mode "id". */
export function locatorValue(raw: unknown): LocatorValue {
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in (raw as IDataObject)) {
		const locator = raw as IDataObject;
		return { mode: String(locator.mode ?? 'id'), value: locator.value };
	}
	return { mode: 'id', value: raw };
}

/** The value of a locator parameter (or of a plain string saved before the field became one). */
function readLocator(this: IExecuteFunctions, name: string, itemIndex: number): LocatorValue {
	return locatorValue(this.getNodeParameter(name, itemIndex, ''));
}

/** The "From List" mode of a locator (a mode, not a parameter: it has no default of its own). */
function listMode(searchListMethod: string, placeholder: string): INodePropertyMode {
	const mode = { typeOptions: { searchListMethod, searchable: true }, placeholder } as INodePropertyMode;
	mode.displayName = 'From List';
	mode.name = 'list';
	mode.type = 'list';
	return mode;
}

/* ------------------------------------------------------------------ sales orders */

/** The "By Number" mode of the order picker: the order number the customer sees. */
function orderNumberMode(): INodePropertyMode {
	const mode = {
		placeholder: 'e.g. a1b2c3d4e5',
		validation: [{ type: 'regex', properties: { regex: ORDER_NUMBER_REGEX, errorMessage: 'An order number has 10 letters or digits' } }],
	} as unknown as INodePropertyMode;
	mode.displayName = 'By Number';
	mode.name = 'orderNumber';
	mode.type = 'string';
	return mode;
}

/**
 * The order picker of Orders › Get, for every field that asks for an order: From List (newest first,
 * searchable by order number, name, date), By ID (sales order ID), By Number (the order number the
 * customer sees; resolved to the sales order ID with one GET where OTTO needs the ID).
 */
export function salesOrderLocator(
	options: Partial<INodeProperties> & { description: string },
	{ byNumber = true }: { byNumber?: boolean } = {},
): INodeProperties {
	return {
		displayName: 'Sales Order',
		name: 'salesOrderId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			listMode('searchOrders', 'Select an order…'),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 3f1c2a9e-5b7d-4e2f-9a41-0c6d8e2b7f15',
				validation: [
					{ type: 'regex', properties: { regex: SALES_ORDER_ID_REGEX, errorMessage: 'A sales order ID is a UUID' } },
				],
			},
			...(byNumber ? [orderNumberMode()] : []),
		],
		...options,
	} as INodeProperties;
}

/**
 * The order of item i as OTTO's path segment for GET /v4/orders/{…}: the sales order ID, or the order
 * number (GET accepts both). `field` names the field in errors.
 */
export function orderRefOf(this: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	const { mode, value } = readLocator.call(this, name, itemIndex);
	const node = this.getNode();
	if (mode === 'orderNumber') return requireOrderNumber(node, value, itemIndex, `${field} (Order Number)`);
	if (mode === 'id' || mode === 'list') return requireSalesOrderId(node, value, itemIndex, `${field} (Sales Order ID)`);
	throw inputError(node, field, itemIndex, `unknown mode "${mode}"`);
}

/** The sales order ID of item i; an order number is looked up with GET /v4/orders/{orderNumber}. */
export async function salesOrderIdOf(this: IExecuteFunctions, name: string, itemIndex: number, field: string): Promise<string> {
	const { mode, value } = readLocator.call(this, name, itemIndex);
	if (mode !== 'orderNumber') return orderRefOf.call(this, name, itemIndex, field);
	const number = requireOrderNumber(this.getNode(), value, itemIndex, `${field} (Order Number)`);
	const order = (await ottoRequest.call(this, { method: 'GET', path: `/v4/orders/${encodeURIComponent(number)}` }, itemIndex)) as IDataObject;
	return requireSalesOrderId(this.getNode(), order.salesOrderId, itemIndex, `${field} (order ${number})`);
}

/**
 * Newest orders first (OTTO sorts by its documented default column, the order's lifecycle date, when
 * asked for orderDirection=DESC; no other sort column is documented), filtered by order number, ID,
 * customer name, date or status.
 */
export async function searchOrders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = paginationToken
		? { nextcursor: paginationToken, limit: LOOKUP_PAGE_SIZE }
		: { orderDirection: 'DESC', orderColumnType: 'ORDER_LIFECYCLE_DATE', limit: LOOKUP_PAGE_SIZE };
	const body = (await ottoRequest.call(this, { method: 'GET', path: '/v4/orders', qs })) as IDataObject;
	const orders = Array.isArray(body.resources) ? (body.resources as IDataObject[]) : [];
	const results = matching(
		orders.map((order) => {
			const address = (order.deliveryAddress ?? {}) as IDataObject;
			const who = [address.firstName, address.lastName].filter(Boolean).join(' ');
			const date = String(order.orderDate ?? '').slice(0, 10);
			const name = [order.orderNumber, date, who, orderBucket(order)].filter(Boolean).join(' · ');
			return { name, value: String(order.salesOrderId) };
		}),
		filter,
	);
	const href = nextHref(body);
	const next = href ? new URL(href, 'http://otto.invalid').searchParams.get('nextcursor') ?? undefined : undefined;
	return { results, paginationToken: next };
}

/* ------------------------------------------------------------------ shipping profiles */

export function shippingProfileLocator(options: Partial<INodeProperties> & { description: string }): INodeProperties {
	return {
		displayName: 'Shipping Profile',
		name: 'shippingProfileId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			listMode('searchShippingProfiles', 'Select a shipping profile…'),
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 0c1f1a0e-8c4f-4d0e-9d55-2f7b1e0e4a11',
			},
		],
		...options,
	} as INodeProperties;
}

/** The shipping profile ID of item i (locator or plain string). */
export function shippingProfileIdOf(this: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	const { value } = readLocator.call(this, name, itemIndex);
	return requireText(this.getNode(), value, field, itemIndex, 100);
}

const days = (n: unknown) => (n === undefined || n === null ? '?' : String(n));

/** The seller's shipping profiles from GET /v1/shipping-profiles: name, delivery type and days. */
export async function searchShippingProfiles(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	// OTTO has no page-size parameter here (only `cursor`, pages of 300)
	const { records, next } = await lookupPage.call(this, '/v1/shipping-profiles', 'results', paginationToken, null);
	const results = matching(
		records.map((profile) => ({
			name:
				`${String(profile.shippingProfileName ?? profile.shippingProfileId)} · ${String(profile.deliveryType ?? '')} · ` +
				`${days(profile.defaultProcessingTime)} + ${days(profile.transportTime)} days`,
			value: String(profile.shippingProfileId),
		})),
		filter,
	);
	return { results, paginationToken: next };
}

/* ------------------------------------------------------------------ SKUs */

export function skuLocator(searchListMethod: string, options: Partial<INodeProperties> & { description: string }): INodeProperties {
	return {
		displayName: 'SKU',
		name: 'sku',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			listMode(searchListMethod, 'Select a SKU…'),
			{ displayName: 'By SKU', name: 'id', type: 'string', placeholder: 'e.g. 4006381333931-blue-42' },
		],
		...options,
	} as INodeProperties;
}

/** SKUs with a stock entry (GET /v1/availability/quantities, sorted by SKU), with their quantity. */
export async function searchStockSkus(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { records, next } = await lookupPage.call(this, '/v1/availability/quantities', 'resources.variations', paginationToken, 200);
	const results = matching(
		records.map((v) => ({
			name: `${String(v.sku)}${v.quantity === undefined ? '' : ` · ${String(v.quantity)} in stock`}`,
			value: String(v.sku),
		})),
		filter,
	);
	return { results, paginationToken: next };
}

/** The seller's product variations (GET /v5/products): SKU, product reference, EAN. */
export async function searchProductSkus(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { records, next } = await lookupPage.call(this, '/v5/products', 'productVariations', paginationToken, 100, 'page');
	const results = matching(
		records.map((v) => ({
			name: [v.sku, v.productReference, v.ean].filter((part) => part !== undefined && part !== '').map(String).join(' · '),
			value: String(v.sku),
		})),
		filter,
	);
	return { results, paginationToken: next };
}

/* ------------------------------------------------------------------ helpers */

/** Entries whose name or value contains the filter text (case-insensitive). OTTO's lists take no text filter. */
function matching(entries: INodeListSearchItems[], filter?: string): INodeListSearchItems[] {
	const needle = (filter ?? '').trim().toLowerCase();
	if (!needle) return entries;
	return entries.filter((e) => `${e.name} ${String(e.value)}`.toLowerCase().includes(needle));
}

/**
 * One page of a list for a list search. The pagination token is the path of the next page as OTTO's
 * link names it; for page-numbered lists without a link, the next page number.
 */
async function lookupPage(
	this: ILoadOptionsFunctions,
	path: string,
	recordsPath: string,
	token: string | undefined,
	/** Largest page OTTO serves; null where OTTO has no page-size parameter (its own page size applies). */
	maxPageSize: number | null,
	style: 'link' | 'page' = 'link',
): Promise<{ records: IDataObject[]; next?: string }> {
	const size = maxPageSize === null ? Infinity : Math.min(LOOKUP_PAGE_SIZE, maxPageSize);
	const sized: IDataObject = maxPageSize === null ? {} : { limit: size };
	let request: { path: string; qs?: IDataObject };
	if (!token) request = { path, qs: sized };
	else if (/^\d+$/.test(token)) request = { path, qs: { ...sized, page: Number(token) } };
	else request = { path: pathOfHref(token, maxPageSize === null ? null : 'limit', size) };
	const body = await ottoRequest.call(this, { method: 'GET', path: request.path, qs: request.qs });
	const found = pick(body, recordsPath);
	const records = Array.isArray(found) ? (found as IDataObject[]) : [];
	const href = nextHref(body);
	if (href) {
		// only a path on the same API: never follow a link elsewhere with the seller's token
		const url = new URL(href, 'http://otto.invalid');
		return { records, next: `${url.pathname}${url.search}` };
	}
	if (style === 'page' && records.length >= size) {
		const current = token && /^\d+$/.test(token) ? Number(token) : 1;
		return { records, next: String(current + 1) };
	}
	return { records };
}
