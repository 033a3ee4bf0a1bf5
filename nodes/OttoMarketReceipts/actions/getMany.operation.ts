import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { filtersCollection, optionsCollection, readLimit, returnAllOrLimit } from '../../shared/descriptions';
import { paginate } from '../../shared/pagination';
import { inputError, requireDate, requireOneOf, requireText } from '../../shared/validation';
import {
	RECEIPTS_MAX_PAGE_SIZE,
	RECEIPTS_PATH,
	RECEIPT_TYPES,
	binaryPropertyProperty,
	downloadReceiptPdf,
	requireBinaryProperty,
} from '../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'Receipt Types',
		name: 'receiptTypes',
		type: 'multiOptions',
		options: [
			{ name: 'Partial Refund', value: 'PARTIAL_REFUND', description: 'Part of the price refunded (complaint, dispute)' },
			{ name: 'Purchase', value: 'PURCHASE', description: 'The invoice OTTO issues when items are sent' },
			{ name: 'Refund', value: 'REFUND', description: 'Credit note for a return or cancellation' },
		],
		default: ['PURCHASE', 'REFUND', 'PARTIAL_REFUND'],
		description: 'Which receipts to list; OTTO asks to always name the types you handle',
	},
	...returnAllOrLimit({}),
	filtersCollection([
		{
			displayName: 'From Date',
			name: 'fromDate',
			type: 'dateTime',
			default: '',
			description: 'Only receipts created on or after this day (UTC)',
		},
		{
			displayName: 'Sales Order ID',
			name: 'salesOrderId',
			type: 'string',
			default: '',
			description: 'Only receipts of this order',
		},
		{
			displayName: 'To Date',
			name: 'toDate',
			type: 'dateTime',
			default: '',
			description: 'Only receipts created on or before this day (UTC)',
		},
	]),
	optionsCollection([
		{
			displayName: 'Attach PDF',
			name: 'attachPdf',
			type: 'boolean',
			default: false,
			description: 'Whether to download the PDF of each receipt into the item (one more request per receipt)',
		},
		binaryPropertyProperty('binaryPropertyName'),
	]),
];

/** The day (yyyy-mm-dd) OTTO filters by: the calendar day as entered, else the UTC day of the date. */
function dayOf(this: IExecuteFunctions, value: unknown, field: string, itemIndex: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(?:$|[T ])/.test(value.trim())) {
		const day = value.trim().slice(0, 10);
		if (!Number.isNaN(Date.parse(day))) return day;
	}
	return requireDate(this.getNode(), value, field, itemIndex).slice(0, 10);
}

/** Receipts, newest first, over OTTO's `next` cursor; optionally each with its PDF. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const rawTypes = this.getNodeParameter('receiptTypes', itemIndex, []) as unknown;
	const types = (Array.isArray(rawTypes) ? rawTypes : [rawTypes]).filter((t) => t !== '' && t !== undefined && t !== null);
	const receiptTypes = types.map((type) => requireOneOf(node, type, 'Receipt Types', itemIndex, RECEIPT_TYPES));
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const from = dayOf.call(this, filters.fromDate, 'From Date', itemIndex);
	const to = dayOf.call(this, filters.toDate, 'To Date', itemIndex);
	if (from && to && from > to) throw inputError(node, 'To Date', itemIndex, `${to} is before the From Date ${from}`);
	const salesOrderId =
		filters.salesOrderId === undefined || filters.salesOrderId === ''
			? undefined
			: requireText(node, filters.salesOrderId, 'Sales Order ID', itemIndex, 100);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const attachPdf = options.attachPdf === true;
	const property = attachPdf ? requireBinaryProperty.call(this, options.binaryPropertyName ?? 'data', itemIndex) : '';
	const limit = readLimit.call(this, itemIndex);

	const items: INodeExecutionData[] = [];
	const pages = paginate.call(
		this,
		{
			path: RECEIPTS_PATH,
			qs: { receiptTypes, from, to, salesOrderId },
			style: 'nextcursor',
			recordsPath: 'resources',
			maxPageSize: RECEIPTS_MAX_PAGE_SIZE,
		},
		{ limit, itemIndex },
	);
	for await (const page of pages) {
		for (const json of page) {
			const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
			if (attachPdf) {
				const receiptNumber = String(json.receiptNumber ?? '');
				item.binary = { [property]: await downloadReceiptPdf.call(this, receiptNumber, itemIndex) };
			}
			items.push(item);
		}
	}
	return items;
}
