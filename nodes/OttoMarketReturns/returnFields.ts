import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { paginate } from '../shared/pagination';
import type { PageQuery } from '../shared/pagination';
import type { OttoContext } from '../shared/transport';

/** Returns V3 facts (otto-api.md §5). */
export const RETURNS_PATH = '/v3/returns';
/** OTTO serves at most 50 returns per page. */
export const RETURNS_MAX_PAGE_SIZE = 50;
/** OTTO accepts at most 200 position items per acceptance or rejection. */
export const RETURNS_MAX_BATCH = 200;

export const RETURN_STATUSES = ['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED'] as const;
export const CONDITIONS = ['A', 'B', 'C', 'D', 'E'] as const;

export const ACCEPT_REASONS = [
	'CANCEL_REQUEST_BY_CUSTOMER',
	'COMPLAINT',
	'REFUND_AFTER_AFFIDAVIT',
	'RETURN_LOST',
	'RETURN_RECEIVED',
	'SHIPMENT_LOST',
	'STATUS_SENT_BY_ACCIDENT',
	'UNDELIVERABLE',
] as const;

export const REJECT_REASONS = [
	'DAMAGE_TO_THE_HYGIENE_SEAL',
	'EXCHANGE',
	'ITEM_DAMAGED',
	'ITEM_NOT_IN_THE_PARCEL',
	'RETURN_PERIOD_EXCEEDED',
	'THIRD_PARTY_ITEM',
	'WRONG_ITEM',
] as const;

/** `RETURN_RECEIVED` -> `Return Received`. */
function label(value: string): string {
	return value
		.toLowerCase()
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/** Options for an enum, named after the value, sorted by name. */
export function enumOptions(values: readonly string[]): INodePropertyOptions[] {
	return values
		.map((value) => ({ name: label(value), value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** The query of the returns list of one status, newest status change first. */
export function returnsQuery(status: string): PageQuery {
	return {
		path: RETURNS_PATH,
		qs: { status },
		style: 'page',
		recordsPath: 'positionItems',
		maxPageSize: RETURNS_MAX_PAGE_SIZE,
	};
}

/**
 * Returns of one status whose status changed at or after `since`, oldest first, in pages.
 * OTTO lists returns newest first and offers no date filter, so this reads page after page
 * until the first return older than `since` and then hands them out in reverse. Returns seen
 * twice (pages shift when new returns arrive during the read) are handed out once.
 */
export async function* returnsSince(this: OttoContext, status: string, since: string): AsyncGenerator<IDataObject[]> {
	const sinceMs = Date.parse(since);
	const found: IDataObject[] = [];
	const keys = new Set<string>();
	outer: for await (const page of paginate.call(this, returnsQuery(status))) {
		for (const record of page) {
			const at = Date.parse(String(record.occurredTime));
			if (Number.isNaN(at)) continue;
			if (at < sinceMs) break outer;
			const key = `${String(record.positionItemId)}|${at}`;
			if (keys.has(key)) continue;
			keys.add(key);
			found.push(record);
		}
	}
	found.reverse();
	for (let start = 0; start < found.length; start += RETURNS_MAX_PAGE_SIZE) {
		yield found.slice(start, start + RETURNS_MAX_PAGE_SIZE);
	}
}
