import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { RETURNS_MAX_PAGE_SIZE, RETURNS_PATH, returnsQuery } from '../OttoMarketReturns/helpers';
import { pollingOptions, requestOptionsProperty } from '../shared/descriptions';
import { collect, readNewestFirstSince } from '../shared/pagination';
import { pollSettingsFrom, serverTimeOf } from '../shared/pollCursor';
import type { PollSource } from '../shared/pollCursor';
import { installationListProperty, pollInstallations, reportFailuresProperty } from '../shared/pollInstallations';
import { ottoRequestFull } from '../shared/transport';

/** The return status each event watches. */
const EVENT_STATUS: Record<string, string> = {
	announcedReturn: 'ANNOUNCED',
	misdirectedReturn: 'MISDIRECTED',
};

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
			installationListProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [...pollingOptions('returns'), reportFailuresProperty],
			},
			requestOptionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'announcedReturn') as string;
		const status = EVENT_STATUS[event];
		if (!status) throw new NodeOperationError(this.getNode(), `Unknown event "${event}"`);
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const settings = pollSettingsFrom.call(this, options, 'returns');
		return await pollInstallations.call(this, (installationId) => returnsSource(this, status, installationId), settings, options);
	}
}

/**
 * Returns of one status, oldest first since a date, and the newest one (for a manual run), of one
 * installation (app mode) or of the credential's seller (installationId undefined).
 */
function returnsSource(context: IPollFunctions, status: string, installationId?: string): PollSource {
	const timeOf = (record: IDataObject) => Date.parse(String(record.occurredTime));
	return {
		// OTTO lists returns newest first without a date filter: read back to `since` (the list may move
		// while it is read, see readNewestFirstSince), hand them out oldest first.
		async *changesSince(since: string) {
			const found = await readNewestFirstSince.call(
				context,
				{ path: RETURNS_PATH, qs: { status }, recordsPath: 'positionItems', maxPageSize: RETURNS_MAX_PAGE_SIZE, installationId },
				Date.parse(since),
				{ timeOf, keyOf: (record) => `${String(record.positionItemId)}|${timeOf(record)}` },
			);
			for (let start = 0; start < found.length; start += RETURNS_MAX_PAGE_SIZE) {
				yield found.slice(start, start + RETURNS_MAX_PAGE_SIZE);
			}
		},
		newest: async () => await collect.call(context, { ...returnsQuery(status), installationId }, { limit: 1 }),
		async serverNow() {
			const response = await ottoRequestFull.call(context, { method: 'GET', path: RETURNS_PATH, qs: { status, page: 1, limit: 1 }, installationId });
			return serverTimeOf(response.headers);
		},
		emptyHint:
			`OTTO has no return in status ${status} yet. Returns come from customers: in the sandbox, create a test order ` +
			'(OTTO Market Orders › Create Test Orders), ship it (OTTO Market Shipments › Create) and announce a return for it in the ' +
			'sandbox, or choose the other event, then fetch again.',
		idOf: (record) => String(record.positionItemId),
		changedAt: (record) => String(record.occurredTime),
	};
}
