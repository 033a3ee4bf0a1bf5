import type { IDataObject } from 'n8n-workflow';

import { ottoRequest } from './transport';
import type { OttoContext } from './transport';

/**
 * The four OTTO page styles (docs/otto-api.md §1.1):
 * - `nextcursor`: `{ resources, links: [{ rel: 'next', href: '...?nextcursor=...' }] }` (orders, shipments, receipts)
 * - `page`: page number with `links` rel next (returns, price reductions, products)
 * - `cursor`: `cursor` query and `links` array (availability quantities)
 * - `linksObject`: `cursor` query and a single `links: { rel, href }` object (delivery information, shipping profiles)
 * All four name the next page in a link; `page` also works when OTTO leaves the link out by counting pages.
 */
export type PageStyle = 'nextcursor' | 'page' | 'cursor' | 'linksObject';

export interface PageQuery {
	path: string;
	qs?: IDataObject;
	style: PageStyle;
	/** Where the records sit in a page body, e.g. `resources` or `resources.variations`. */
	recordsPath: string;
	/** Largest page OTTO serves for this interface. */
	maxPageSize: number;
	/** Name of the page-size parameter (`limit` everywhere so far). */
	pageSizeParam?: string;
}

const PROGRESS_EVERY_PAGES = 20;

function progress(ctx: OttoContext, path: string, pages: number, records: number) {
	const logger = (ctx as { logger?: { info: (message: string, meta?: IDataObject) => void } }).logger;
	logger?.info?.(`OTTO ${path}: ${records} records in ${pages} pages so far`, { path, pages, records });
}

/** Reads `a.b.c` from an object. */
export function pick(body: unknown, path: string): unknown {
	let value: unknown = body;
	for (const key of path.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/** The href of the next page, or undefined on the last page. Handles link arrays and the single link object. */
export function nextHref(body: unknown): string | undefined {
	const links = (body as IDataObject | undefined)?.links;
	if (Array.isArray(links)) {
		const next = (links as IDataObject[]).find((link) => String(link?.rel).toLowerCase() === 'next');
		return next?.href ? String(next.href) : undefined;
	}
	if (links && typeof links === 'object') {
		const link = links as IDataObject;
		if (link.href && (link.rel === undefined || String(link.rel).toLowerCase() === 'next')) return String(link.href);
	}
	return undefined;
}

/** Turns an absolute or relative href into a path with query, setting the page size. */
export function pathOfHref(href: string, pageSizeParam: string, pageSize: number): string {
	const url = new URL(href, 'http://otto.invalid');
	if (url.searchParams.has(pageSizeParam) || pageSize) url.searchParams.set(pageSizeParam, String(pageSize));
	return `${url.pathname}${url.search}`;
}

/**
 * Yields OTTO pages one after the other as arrays of records, asking each page for no more
 * records than are still wanted, and stops as soon as `limit` records were yielded: a Limit
 * never costs an extra request, and Return All never holds more than one page.
 */
export async function* paginate(
	this: OttoContext,
	query: PageQuery,
	options: { limit?: number; itemIndex?: number } = {},
): AsyncGenerator<IDataObject[]> {
	const sizeParam = query.pageSizeParam ?? 'limit';
	const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
	const itemIndex = options.itemIndex ?? 0;
	let remaining = limit;
	let page = Number(query.qs?.page ?? 1);
	const firstSize = Math.min(query.maxPageSize, remaining);
	let request: { path: string; qs?: IDataObject } = {
		path: query.path,
		qs: { ...(query.qs ?? {}), [sizeParam]: firstSize },
	};
	let pages = 0;
	let records = 0;
	for (;;) {
		const body = await ottoRequest.call(this, { method: 'GET', path: request.path, qs: request.qs }, itemIndex);
		const found = pick(body, query.recordsPath);
		const list = Array.isArray(found) ? (found as IDataObject[]) : [];
		const take = list.length > remaining ? list.slice(0, remaining) : list;
		pages += 1;
		records += take.length;
		// A long backfill says how far it got, in n8n's log.
		if (pages % PROGRESS_EVERY_PAGES === 0) progress(this, query.path, pages, records);
		if (take.length) yield take;
		remaining -= take.length;
		if (remaining <= 0 || list.length === 0) return;
		// Page numbers count in pages of the first size, so only cursor styles may shrink the last page.
		const size = query.style === 'page' ? firstSize : Math.min(query.maxPageSize, remaining);
		const href = nextHref(body);
		if (href) {
			request = { path: pathOfHref(href, sizeParam, size) };
		} else if (query.style === 'page' && list.length >= Number(request.qs?.[sizeParam] ?? Infinity)) {
			page += 1;
			request = { path: query.path, qs: { ...(query.qs ?? {}), page, [sizeParam]: size } };
		} else {
			return;
		}
	}
}

/** Collects up to `limit` records (or all) into one array. For small lists; large ones should stream. */
export async function collect(
	this: OttoContext,
	query: PageQuery,
	options: { limit?: number; itemIndex?: number } = {},
): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	for await (const page of paginate.call(this, query, options)) all.push(...page);
	return all;
}
