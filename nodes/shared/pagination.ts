import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { ottoRequest, withQuery } from './transport';
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
	/** Name of the page-size parameter (default `limit`); null where OTTO has none (shipping profiles). */
	pageSizeParam?: string | null;
	/** The seller installation every page is read for (app mode; triggers pass each of their list). */
	installationId?: string;
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
export function pathOfHref(href: string, pageSizeParam: string | null, pageSize: number): string {
	const url = new URL(href, 'http://otto.invalid');
	if (pageSizeParam !== null && (url.searchParams.has(pageSizeParam) || pageSize)) url.searchParams.set(pageSizeParam, String(pageSize));
	return `${url.pathname}${url.search}`;
}

/** A page request without its page size, to see whether a link leads back to a page already read. */
function pageKey(pathWithQuery: string, pageSizeParam: string | null): string {
	const url = new URL(pathWithQuery, 'http://otto.invalid');
	if (pageSizeParam !== null) url.searchParams.delete(pageSizeParam);
	url.searchParams.sort();
	return `${url.pathname}?${url.searchParams.toString()}`;
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
	const sizeParam = query.pageSizeParam === undefined ? 'limit' : query.pageSizeParam;
	const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
	const itemIndex = options.itemIndex ?? 0;
	let remaining = limit;
	let page = Number(query.qs?.page ?? 1);
	const firstSize = Math.min(query.maxPageSize, remaining);
	const sized = (qs: IDataObject, size: number): IDataObject => (sizeParam === null ? qs : { ...qs, [sizeParam]: size });
	let request: { path: string; qs?: IDataObject } = {
		path: query.path,
		qs: sized({ ...(query.qs ?? {}) }, firstSize),
	};
	let pages = 0;
	let records = 0;
	const visited = new Set<string>([pageKey(withQuery(request.path, request.qs), sizeParam)]);
	for (;;) {
		const body = await ottoRequest.call(this, { method: 'GET', path: request.path, qs: request.qs, installationId: query.installationId }, itemIndex);
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
			// A next link (or cursor) that was already read would loop forever, repeating records.
			const key = pageKey(request.path, sizeParam);
			if (visited.has(key)) {
				throw new NodeOperationError((this as { getNode: () => INode }).getNode(), `OTTO sent a next-page link that was already read (${query.path}, after ${pages} pages and ${records} records)`, {
					itemIndex,
					description: `The list was stopped here instead of reading the same page again and again. The link was ${href}. Try again later; if it persists, report it to OTTO's partner support with this link.`,
				});
			}
			visited.add(key);
		} else if (query.style === 'page' && sizeParam !== null && list.length >= Number(request.qs?.[sizeParam] ?? Infinity)) {
			page += 1;
			request = { path: query.path, qs: sized({ ...(query.qs ?? {}), page }, size) };
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

/** A newest-first list that OTTO pages by page number only (returns): `page` and a page size. */
export interface NewestFirstQuery {
	path: string;
	qs?: IDataObject;
	recordsPath: string;
	maxPageSize: number;
	pageSizeParam?: string;
	/** The seller installation every page is read for (app mode; triggers pass each of their list). */
	installationId?: string;
}

/** How many records each window re-reads from the one before, to see whether the list moved. */
const WINDOW_OVERLAP = 2;
/** How often one read may step back because the list moved under it, before the poll gives up. */
const MAX_STEP_BACKS = 25;

/**
 * The page number and size of the next window after `covered` records were read: it starts at
 * least `WINDOW_OVERLAP` records before the end of what was read (page numbers count in pages of
 * the chosen size, so a smaller size lets a window start earlier) and reaches as far as possible.
 */
export function nextWindow(covered: number, maxPageSize: number): { page: number; size: number } | undefined {
	const latestStart = covered - WINDOW_OVERLAP;
	if (latestStart <= 0) return { page: 1, size: maxPageSize };
	let best: { page: number; size: number; end: number } | undefined;
	for (let size = maxPageSize; size > WINDOW_OVERLAP; size--) {
		const page = Math.floor(latestStart / size) + 1;
		const end = page * size;
		if (end > covered && (!best || end > best.end)) best = { page, size, end };
	}
	return best && { page: best.page, size: best.size };
}

/**
 * Reads a newest-first, page-numbered list back to the first record older than `since` and gives
 * the records found, oldest first. Such a list moves while it is read: a record that changes status
 * leaves it, and every record behind it moves up one place, so a plain page-by-page read skips the
 * record at the page boundary. Here every window overlaps the previous one; when its first record
 * is older than the last one read and was not read (so the list moved up by more than the overlap),
 * the read steps back a window and goes on from there. Records read twice are handed out once.
 * Needs a stable order among records with the same date (OTTO's list is; the simulator's too).
 */
export async function readNewestFirstSince(
	this: OttoContext,
	query: NewestFirstQuery,
	since: number,
	record: { timeOf: (record: IDataObject) => number; keyOf: (record: IDataObject) => string },
): Promise<IDataObject[]> {
	const sizeParam = query.pageSizeParam ?? 'limit';
	const found: Array<{ at: number; order: number; record: IDataObject }> = [];
	const keys = new Set<string>();
	let covered = 0;
	let last: { at: number; key: string } | undefined;
	let stepBacks = 0;
	let pages = 0;
	for (;;) {
		if (stepBacks > MAX_STEP_BACKS) {
			throw new NodeOperationError(
				(this as { getNode: () => INode }).getNode(),
				`OTTO's list ${query.path} kept changing while it was read (stepped back ${stepBacks} times)`,
				{ description: 'Nothing was handed out or marked as handled: the next poll reads the list again, so nothing is lost.' },
			);
		}
		const window = covered === 0 ? { page: 1, size: query.maxPageSize } : nextWindow(covered, query.maxPageSize);
		if (!window) {
			// No page size reaches past what was read while overlapping it: read on from the top.
			stepBacks += 1;
			covered = 0;
			continue;
		}
		const { page, size } = window;
		const body = await ottoRequest.call(this, {
			method: 'GET',
			path: query.path,
			qs: { ...(query.qs ?? {}), page, [sizeParam]: size },
			installationId: query.installationId,
		});
		pages += 1;
		if (pages % PROGRESS_EVERY_PAGES === 0) progress(this, query.path, pages, found.length);
		const picked = pick(body, query.recordsPath);
		const raw = Array.isArray(picked) ? (picked as IDataObject[]) : [];
		// Entries without a readable date cannot be placed in time: skipped (they still count as places).
		const list = raw.filter((entry) => entry && typeof entry === 'object' && !Number.isNaN(record.timeOf(entry)));
		const start = (page - 1) * size;
		if (start > 0 && last) {
			const first = list[0];
			const joined = first !== undefined && (record.timeOf(first) > last.at || keys.has(record.keyOf(first)));
			if (!joined) {
				// The list moved up by more than the overlap (or shrank below it): step back a window.
				stepBacks += 1;
				covered = Math.max(0, start - query.maxPageSize);
				continue;
			}
		}
		let older = false;
		for (const entry of list) {
			const at = record.timeOf(entry);
			const key = record.keyOf(entry);
			last = { at, key };
			if (at < since) {
				older = true;
				break;
			}
			if (keys.has(key)) continue;
			keys.add(key);
			found.push({ at, order: found.length, record: entry });
		}
		covered = start + raw.length;
		if (older || raw.length < size) break;
	}
	// Oldest first; among equal dates the one further down the newest-first list first.
	found.sort((a, b) => a.at - b.at || b.order - a.order);
	return found.map((entry) => entry.record);
}
