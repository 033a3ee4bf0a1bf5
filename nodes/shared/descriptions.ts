import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError, show } from './validation';

/** Return All + Limit for a list operation. */
export function returnAllOrLimit(show: IDisplayOptions['show'], maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** The Filters collection of a list operation, holding the given fields. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}

/** The Options collection of an operation, holding the given fields. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options };
}

/**
 * Reads Return All / Limit of a list operation for one item: `undefined` for all records, or the
 * Limit. A Limit that is not a whole number of 1 or more (0, negative, text, an expression that gave
 * nothing) is refused naming the field and the item, before anything is sent: taken as "no limit"
 * it would read everything.
 */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false)) return undefined;
	const raw = this.getNodeParameter('limit', itemIndex, 50) as unknown;
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw inputError(
			this.getNode(),
			'Limit',
			itemIndex,
			`must be a whole number of 1 or more (got ${show(raw)})`,
			`Set "Limit" of item ${itemIndex} to how many records you want, or turn on "Return All" to get every record.`,
		);
	}
	return limit;
}

/** Retry, pacing and timeout settings every OTTO node offers: defined next to the policy that reads them. */
export { requestOptionsProperty } from './retry';

/**
 * The options every OTTO polling trigger offers (read by `pollSettingsFrom` in pollCursor.ts).
 * `noun` is what the trigger emits, in the plural ("orders", "returns").
 */
export function pollingOptions(noun: string): INodeProperties[] {
	const title = noun.charAt(0).toUpperCase() + noun.slice(1);
	return [
		{
			displayName: `Max ${title} per Poll`,
			name: `max${title}PerPoll`,
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 500,
			description: `At most this many ${noun} per run, oldest first; the rest come with the next poll`,
		},
		{
			displayName: 'Overlap (Seconds)',
			name: 'overlapSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: `How far back each poll looks again before the newest change it has seen, so changes OTTO stores late are not missed. ${title} already emitted are not emitted again.`,
		},
		{
			displayName: 'Start From (Hours Back)',
			name: 'startHoursBack',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: `On first activation, also emit ${noun} changed this many hours before. 0 starts from now and emits nothing on activation.`,
		},
	];
}
