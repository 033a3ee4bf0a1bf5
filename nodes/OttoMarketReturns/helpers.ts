import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { batchedWrite } from '../shared/batch';
import type { BatchEntry } from '../shared/batch';
import { locatorValue, salesOrderLocator } from '../shared/lookups';
import type { PageQuery } from '../shared/pagination';
import { inputError, requireOneOf, requireText } from '../shared/validation';

/** Returns V3 facts (docs/otto-api.md §5). */
export const RETURNS_PATH = '/v3/returns';
/** OTTO serves at most 50 returns per page. */
export const RETURNS_MAX_PAGE_SIZE = 50;
/** OTTO accepts at most 200 position items per acceptance or rejection. */
const RETURNS_MAX_BATCH = 200;

export const RETURN_STATUSES = ['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED'] as const;
export const CONDITIONS = ['A', 'B', 'C', 'D', 'E'] as const;

/**
 * What OTTO means by each condition letter. OTTO's returns interface guide lists them (A original
 * packaging, B mint, C slightly used, D heavily used, E a mistake such as an incomplete delivery):
 * https://public-docs.live.api.otto.market/Returns/v1/returns-interface.html ; the generated clients
 * (kassaline/openapi-clients-otto, lib/Model/*ReturnsV3.php) carry only the literal enum "A/B/C/D/E".
 */
export const CONDITION_OPTIONS: INodePropertyOptions[] = [
	{ name: 'A – Original Packaging', value: 'A', description: 'Returned in its original packaging' },
	{ name: 'B – Like New', value: 'B', description: 'Unpacked, but in mint condition' },
	{ name: 'C – Slightly Used', value: 'C', description: 'Shows light signs of use' },
	{ name: 'D – Heavily Used', value: 'D', description: 'Shows heavy signs of use' },
	{
		name: 'E – Mistake',
		value: 'E',
		description: 'Something went wrong with the return, for example it is incomplete or the item is missing',
	},
];

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


/** The returned position item that Accept and Reject decide on, and its order. */
export const returnedItemFields: INodeProperties[] = [
	{
		displayName: 'Position Item ID',
		name: 'positionItemId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.positionItemId }}',
		description: 'ID of the returned position item (from Get Many or the Returns Trigger)',
	},
	salesOrderLocator(
		{
			description:
				'The order the position item belongs to: pick it from the list, or map its ID from the input (By ID, e.g. {{ $json.salesOrderId }})',
		},
		{ byNumber: false },
	),
];

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

function requireId(this: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	// a locator (Sales Order picker) or a plain string (saved before the field became one)
	const id = requireText(this.getNode(), locatorValue(this.getNodeParameter(name, itemIndex, '')).value, field, itemIndex, 100);
	if (/[\s/\\?#]/.test(id)) throw inputError(this.getNode(), field, itemIndex, `"${id}" contains spaces or characters an ID cannot have`);
	return id;
}

/**
 * Accepts or rejects the returns of all input items, at most 200 per request (OTTO's limit),
 * and maps OTTO's 200/207 answer back to the items. Nothing is sent for an item that fails
 * validation. Deciding twice is an error at OTTO, so a request is repeated only after a
 * rate-limit answer, never after a timeout or a 5xx.
 */
export async function decideReturns(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	kind: 'accept' | 'reject',
): Promise<INodeExecutionData[]> {
	return await batchedWrite.call(this, items, {
		path: `${RETURNS_PATH}/${kind === 'accept' ? 'acceptance' : 'rejection'}`,
		batchSize: RETURNS_MAX_BATCH,
		wrap: (payloads) => ({ positionItems: payloads }),
		keyField: 'positionItemId',
		safeToRepeat: false,
		entryOf(this: IExecuteFunctions, itemIndex: number): BatchEntry {
			const node = this.getNode();
			const positionItemId = requireId.call(this, 'positionItemId', 'Position Item ID', itemIndex);
			const salesOrderId = requireId.call(this, 'salesOrderId', 'Sales Order ID', itemIndex);
			const payload: IDataObject = { positionItemId, salesOrderId };
			const condition = this.getNodeParameter('condition', itemIndex, '') as string;
			if (kind === 'accept' || (condition !== '' && condition !== undefined && condition !== null)) {
				payload.condition = requireOneOf(node, condition, 'Condition', itemIndex, CONDITIONS);
			}
			const reason = this.getNodeParameter('reason', itemIndex, '');
			if (kind === 'reject' && (reason === '' || reason === undefined || reason === null)) {
				throw inputError(node, 'Reason', itemIndex, 'must not be empty: OTTO needs a reason to reject a return');
			}
			payload.reason = requireOneOf(node, reason, 'Reason', itemIndex, kind === 'accept' ? ACCEPT_REASONS : REJECT_REASONS);
			return { itemIndex, key: positionItemId, payload };
		},
	});
}
