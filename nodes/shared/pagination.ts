import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { book, release as releasePacer, waitOf } from './pacer';
import type { PacingMode } from './pacer';
import { cancelSignalOf as signalOf } from './retry';
import { credentialTypeOf, ottoRequest, pacingKeyOf, retrySettingsOf, withQuery } from './transport';
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
	/** OTTO's limit for this interface where it is lower than the general 20 per second (Products V5 reads: 10). */
	perSecond?: number;
	/** Lists that share that lower limit (default: the path). */
	rateGroup?: string;
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

/** Options of `paginate` and `collect`. */
export interface PageOptions {
	/** At most this many records (Return All: leave out). */
	limit?: number;
	itemIndex?: number;
	/**
	 * Page-number lists: read one page after the other instead of reading pages ahead (a reader
	 * that needs the exact sequence of requests, such as the Returns Trigger's newest-first read).
	 */
	sequential?: boolean;
}

/** A page request; `page` is set when it is the page-number request of that page. */
interface PageRequest {
	path: string;
	qs?: IDataObject;
	page?: number;
}

/** A page request on its way: its answer is awaited in page order. */
interface Pending {
	request: PageRequest;
	key: string;
	body: Promise<unknown>;
	/** Not needed any more (the list ended before it): not sent if it still waits for its slot. */
	dropped: boolean;
}

/**
 * Page-number requests of one list in flight at once: enough to keep the pace busy (the requests
 * per second it allows times the mean answer time, rounded down, plus two, for answers slower than
 * the mean), at most Max Concurrent Requests. More would not read faster, only wait in the pacer
 * and read more pages beyond the end of the list.
 */
export function readAheadWidth(perSecond: number, answerMs: number, maxConcurrent: number): number {
	const cap = Math.max(1, Math.floor(maxConcurrent));
	if (perSecond === Infinity || !(perSecond > 0)) return cap;
	if (!Number.isFinite(answerMs)) return Math.min(cap, 2);
	return Math.min(cap, Math.floor((perSecond * Math.max(0, answerMs)) / 1000) + 2);
}

const noop = () => {};

/**
 * The pace of an OTTO interface with a lower limit than the general one (Products V5 reads: 10
 * per second, docs/otto-api.md §8.1), for the pages of one list read ahead: booked with the shared
 * pacer (pacer.ts) under the seller's key and the interface, so every list of that seller in this
 * n8n instance shares it. The general pace (20 per second) still applies to each request.
 */
async function interfaceSlot(ctx: OttoContext, query: PageQuery, itemIndex: number, pacing: PacingMode): Promise<() => void> {
	const perSecond = query.perSecond;
	if (!perSecond || perSecond <= 0 || pacing === 'off') return noop;
	const seller = pacingKeyOf(ctx, credentialTypeOf(ctx)) ?? 'anonymous';
	const key = `${seller}#${query.rateGroup ?? query.path}`;
	const slot = book(key, perSecond, 'parallel');
	let released = false;
	const done = () => {
		if (released) return;
		released = true;
		// Counted as sent when answered: the general pace and a busy machine may send it later than
		// booked here, and the interface's window must hold anyway (it costs a little of its rate).
		slot.sent();
		releasePacer(key);
	};
	try {
		if (slot.delayMs > 0) await sleep(slot.delayMs, signalOf(ctx));
	} catch {
		done();
		throw new NodeOperationError((ctx as { getNode: () => INode }).getNode(), 'The execution was cancelled while waiting for OTTO', { itemIndex });
	}
	return done;
}

/**
 * Yields OTTO pages in order as arrays of records, asking each page for no more records than are
 * still wanted, and stops as soon as `limit` records were yielded: a Limit never costs a request
 * for records it does not need.
 *
 * Cursor lists (`nextcursor`, `cursor`, `linksObject`) are read one page after the other: each
 * page names the next. Page-number lists (`page`) read pages ahead: OTTO gives no total for them
 * (their models hold the records and `links` only), but a page can be asked for by its number, so
 * once a full page says there is a next one, the following page numbers are asked for at once:
 * as many in flight as keep the pace busy (see readAheadWidth; the width doubles with every full
 * page read until then), at most Max Concurrent Requests, never past the pages the Limit still
 * needs, each paced by the shared pacer. Answers are
 * handed out in page order; the list ends at the first empty page, or a short page without a next
 * link, and pages asked for beyond it are dropped unread (at most the read-ahead width minus one).
 * A next link that is not the following page number ends the read-ahead; the list goes on one page
 * after the other from that link. A failure of the page being handed out ends the list with its
 * error; failures of pages beyond the end of the list do not count.
 */
export async function* paginate(this: OttoContext, query: PageQuery, options: PageOptions = {}): AsyncGenerator<IDataObject[]> {
	const sizeParam = query.pageSizeParam === undefined ? 'limit' : query.pageSizeParam;
	const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
	const itemIndex = options.itemIndex ?? 0;
	let remaining = limit;
	const firstSize = Math.min(query.maxPageSize, remaining);
	const sized = (qs: IDataObject, size: number): IDataObject => (sizeParam === null ? qs : { ...qs, [sizeParam]: size });
	const numbered = (page: number): PageRequest => ({ path: query.path, qs: sized({ ...(query.qs ?? {}), page }, firstSize), page });
	const keyOf = (request: PageRequest) => pageKey(withQuery(request.path, request.qs), sizeParam);
	const readsAhead = query.style === 'page' && sizeParam !== null && !options.sequential;
	const settings = retrySettingsOf(this, itemIndex);
	// The pace these pages get: the node's (off: as many as Max Concurrent Requests), or the interface's when lower.
	const perSecond =
		settings.pacing === 'off' ? Infinity : Math.min(settings.maxRequestsPerSecond, query.perSecond && query.perSecond > 0 ? query.perSecond : Infinity);
	/** OTTO's answer time of this list's pages without their pacing wait (moving average). */
	let answerMs = Infinity;
	const pacing = pacingKeyOf(this, credentialTypeOf(this));
	/** Page-number requests in flight at once (the page handed out next and those read ahead). */
	let width = 0;

	const send = (request: PageRequest, early = false): Pending => {
		const pending = { request, key: keyOf(request), dropped: false } as Pending;
		pending.body = (async () => {
			if (early && pacing) {
				// A page read ahead waits for its pacing slot here, so that it is not sent at all when the
				// list ends meanwhile; booked by the transport once the slot is free.
				for (let wait = waitOf(pacing, settings.maxRequestsPerSecond, settings.pacing); wait > 0 && !pending.dropped; wait = waitOf(pacing, settings.maxRequestsPerSecond, settings.pacing)) {
					await sleep(wait, signalOf(this));
				}
			}
			if (pending.dropped) return undefined;
			const done = await interfaceSlot(this, query, itemIndex, settings.pacing);
			if (pending.dropped) {
				done();
				return undefined;
			}
			const started = Date.now();
			const wait = pacing ? waitOf(pacing, settings.maxRequestsPerSecond, settings.pacing, started) : 0;
			try {
				const answer = await ottoRequest.call(this, { method: 'GET', path: request.path, qs: request.qs, installationId: query.installationId }, itemIndex);
				const took = Math.max(0, Date.now() - started - wait);
				answerMs = answerMs === Infinity ? took : 0.8 * answerMs + 0.2 * took;
				return answer;
			} finally {
				done();
			}
		})();
		// A page read ahead may be dropped unread (the list ended before it): its failure is nobody's.
		const body = pending.body;
		outstanding.add(body);
		body.then(
			() => outstanding.delete(body),
			() => outstanding.delete(body),
		);
		return pending;
	};
	const drop = (pages: Pending[]) => {
		for (const pending of pages) pending.dropped = true;
		return [];
	};
	/** Requests not answered yet; the list waits for them before it ends, so none outlives the node. */
	const outstanding = new Set<Promise<unknown>>();

	const firstPage = query.style === 'page' ? Number(query.qs?.page ?? 1) : undefined;
	let current = send({ path: query.path, qs: sized({ ...(query.qs ?? {}) }, firstSize), page: firstPage });
	/** Page-number requests sent ahead of `current`, in page order. */
	let ahead: Pending[] = [];
	/** The requests whose answers were read (pages sent ahead count once they are handed out). */
	const visited = new Set<string>([current.key]);
	let pages = 0;
	let records = 0;
	try {
		yield* pagesInOrder.call(this);
	} finally {
		ahead = drop(ahead);
		await Promise.allSettled([...outstanding]);
	}

	async function* pagesInOrder(this: OttoContext): AsyncGenerator<IDataObject[]> {
		for (;;) {
			const body = await current.body;
			const request = current.request;
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
			let next: PageRequest;
			if (href) {
				next = { path: pathOfHref(href, sizeParam, size) };
				if (request.page !== undefined && keyOf(next) === keyOf(numbered(request.page + 1))) next = numbered(request.page + 1);
			} else if (query.style === 'page' && sizeParam !== null && list.length >= Number(request.qs?.[sizeParam] ?? Infinity)) {
				next = numbered((request.page ?? (firstPage ?? 1) + pages - 1) + 1);
			} else {
				return;
			}
			const key = keyOf(next);
			if (ahead.length && ahead[0].key === key) {
				current = ahead.shift() as Pending;
				visited.add(key);
			} else {
				// A link elsewhere than the next page number: what was read ahead is not this list's next pages.
				ahead = drop(ahead);
				// A next link (or cursor) that was already read would loop forever, repeating records.
				if (visited.has(key)) {
					throw new NodeOperationError((this as { getNode: () => INode }).getNode(), `OTTO sent a next-page link that was already read (${query.path}, after ${pages} pages and ${records} records)`, {
						itemIndex,
						description: `The list was stopped here instead of reading the same page again and again. The link was ${href}. Try again later; if it persists, report it to OTTO's partner support with this link.`,
					});
				}
				visited.add(key);
				current = send(next);
			}
			if (!readsAhead || next.page === undefined) continue;
			// Read ahead: the page numbers after `next`, as far as the Limit still needs and the width allows.
			// The width opens as the list shows it is long (at most one more page per full page read), so a
			// list of two or three pages costs no or one request beyond its end.
			if (list.length >= firstSize) width = Math.min(readAheadWidth(perSecond, answerMs, settings.maxConcurrentRequests), Math.max(1, width * 2));
			const lastWanted = remaining === Infinity ? Infinity : next.page + Math.ceil(remaining / firstSize) - 1;
			let page = (ahead.length ? (ahead[ahead.length - 1].request.page as number) : next.page) + 1;
			while (1 + ahead.length < width && page <= lastWanted) {
				ahead.push(send(numbered(page), true));
				page += 1;
			}
		}
	}
}

/** Collects up to `limit` records (or all) into one array. For small lists; large ones should stream. */
export async function collect(this: OttoContext, query: PageQuery, options: PageOptions = {}): Promise<IDataObject[]> {
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
	// OTTO names the page size `limit` on every newest-first list (returns)
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
			qs: { ...(query.qs ?? {}), page, limit: size },
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
