import { NodeOperationError } from 'n8n-workflow';
import type { IBinaryData, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ottoRequestFull } from '../shared/transport';
import { inputError, requireText } from '../shared/validation';

/** Receipts V3 facts (docs/otto-api.md §6). */
export const RECEIPTS_PATH = '/v3/receipts';
export const RECEIPTS_MAX_PAGE_SIZE = 128;
export const RECEIPT_TYPES = ['PARTIAL_REFUND', 'PURCHASE', 'REFUND'] as const;

export const receiptNumberProperty: INodeProperties = {
	displayName: 'Receipt Number',
	name: 'receiptNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. R-DE-123456789-2020-1507',
	description: 'Number of the receipt, e.g. the receiptNumber field of Get Many',
};

export function binaryPropertyProperty(name = 'binaryPropertyName'): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name,
		type: 'string',
		default: 'data',
		hint: 'The name of the output binary field to put the PDF in',
		description: 'Name of the binary property the PDF is stored in',
	};
}

/** A receipt number as OTTO writes it (letters, digits, `-`, `_`, `.`); a trailing `.pdf` is dropped. */
export function requireReceiptNumber(this: IExecuteFunctions, value: unknown, itemIndex: number): string {
	let receiptNumber = requireText(this.getNode(), value, 'Receipt Number', itemIndex, 100);
	receiptNumber = receiptNumber.replace(/\.pdf$/i, '');
	if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(receiptNumber)) {
		throw inputError(
			this.getNode(),
			'Receipt Number',
			itemIndex,
			`"${receiptNumber}" is not a receipt number (letters, digits, "-", "_" and "." only, such as R-DE-123456789-2020-1507)`,
		);
	}
	return receiptNumber;
}

export function requireBinaryProperty(this: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const name = requireText(this.getNode(), value, 'Put Output File in Field', itemIndex, 200);
	if (/\s/.test(name)) throw inputError(this.getNode(), 'Put Output File in Field', itemIndex, `"${name}" must not contain spaces`);
	return name;
}

/**
 * Downloads the PDF of a receipt (`GET /v3/receipts/{receiptNumber}.pdf`, `Accept: application/pdf`)
 * and hands it to n8n's binary data handling as `<receiptNumber>.pdf`.
 */
export async function downloadReceiptPdf(
	this: IExecuteFunctions,
	receiptNumber: string,
	itemIndex: number,
): Promise<IBinaryData> {
	const response = await ottoRequestFull.call(
		this,
		{ method: 'GET', path: `${RECEIPTS_PATH}/${encodeURIComponent(receiptNumber)}.pdf`, binary: true },
		itemIndex,
	);
	const body = response.body as Buffer;
	if (!Buffer.isBuffer(body) || body.subarray(0, 5).toString('latin1') !== '%PDF-') {
		throw new NodeOperationError(this.getNode(), `OTTO did not send a PDF for receipt ${receiptNumber}`, {
			itemIndex,
			description: `The answer had the content type "${response.headers['content-type'] ?? 'none'}" and ${Buffer.isBuffer(body) ? body.length : 0} bytes.`,
		});
	}
	return await this.helpers.prepareBinaryData(body, `${receiptNumber}.pdf`, 'application/pdf');
}
