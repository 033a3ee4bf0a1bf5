import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

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

/** Retry, pacing and timeout settings every OTTO node offers; read by the transport (defaults as in retry.ts). */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Initial Backoff (Ms)',
			name: 'initialBackoffMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1000,
			description:
				'First wait after a rate-limit answer without Retry-After; it doubles with every retry (with random jitter)',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Spread requests so this node stays under OTTO\'s rate limit (20 per second per partner). 0 sends as fast as OTTO answers.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description: 'How often a request rejected by OTTO\'s rate limit (or a failed read) is repeated',
		},
		{
			displayName: 'Max Total Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'Upper bound for all waits of one request together; past it the request fails with an error',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for OTTO to answer one request',
		},
	],
};

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
