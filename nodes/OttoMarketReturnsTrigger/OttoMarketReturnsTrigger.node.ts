import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { returnsQuery, returnsSince } from '../OttoMarketReturns/returnFields';
import { requestOptionsProperty } from '../shared/descriptions';
import { collect } from '../shared/pagination';
import { pollWithCursor } from '../shared/pollCursor';
import type { PollSource } from '../shared/pollCursor';

/** The return status each event watches. */
const EVENT_STATUS: Record<string, string> = {
	announcedReturn: 'ANNOUNCED',
	misdirectedReturn: 'MISDIRECTED',
};

function numberOption(
	this: IPollFunctions,
	options: IDataObject,
	name: string,
	label: string,
	fallback: number,
	min: number,
): number {
	const value = options[name] ?? fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
		throw new NodeOperationError(this.getNode(), `Invalid option "${label}": must be a number of at least ${min} (got ${String(value)})`);
	}
	return value;
}

export class OttoMarketReturnsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OTTO Market Returns Trigger',
		name: 'ottoMarketReturnsTrigger',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when a customer announces a return or a misdirected return turns up at OTTO',
		defaults: { name: 'OTTO Market Returns Trigger' },
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
						name: 'Return Announced',
						value: 'announcedReturn',
						description: 'A customer announced the return of a position item',
					},
					{
						name: 'Return Misdirected',
						value: 'misdirectedReturn',
						description: 'A return of your item arrived at an OTTO warehouse instead of yours',
					},
				],
				default: 'announcedReturn',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Max Returns per Poll',
						name: 'maxReturnsPerPoll',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 500,
						description: 'At most this many returns per run, oldest first; the rest come with the next poll',
					},
					{
						displayName: 'Overlap (Seconds)',
						name: 'overlapSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 120,
						description:
							'How far back each poll looks again before the newest return it has seen, so returns OTTO stores late are not missed. Returns already emitted are not emitted again.',
					},
					{
						displayName: 'Start From (Hours Back)',
						name: 'startHoursBack',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description:
							'On first activation, also emit returns from this many hours before. 0 starts from now and emits nothing on activation.',
					},
				],
			},
			requestOptionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'announcedReturn') as string;
		const status = EVENT_STATUS[event];
		if (!status) throw new NodeOperationError(this.getNode(), `Unknown event "${event}"`);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const overlapMs = numberOption.call(this, options, 'overlapSeconds', 'Overlap (Seconds)', 120, 0) * 1000;
		const startHoursBack = numberOption.call(this, options, 'startHoursBack', 'Start From (Hours Back)', 0, 0);
		const maxItems = Math.floor(numberOption.call(this, options, 'maxReturnsPerPoll', 'Max Returns per Poll', 500, 1));

		// eslint-disable-next-line @typescript-eslint/no-this-alias -- the source below runs in this poll's context
		const context = this;
		const source: PollSource = {
			// OTTO lists returns newest first without a date filter: read back to `since`, hand out oldest first.
			changesSince: (since: string) => returnsSince.call(context, status, since),
			newest: async () => await collect.call(context, returnsQuery(status), { limit: 1 }),
			idOf: (record) => String(record.positionItemId),
			changedAt: (record) => String(record.occurredTime),
		};
		return await pollWithCursor.call(this, source, { overlapMs, maxItems, startHoursBack });
	}
}
