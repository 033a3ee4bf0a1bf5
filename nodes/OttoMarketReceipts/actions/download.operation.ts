import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	binaryPropertyProperty,
	downloadReceiptPdf,
	receiptNumberProperty,
	requireBinaryProperty,
	requireReceiptNumber,
} from '../helpers';

export const description: INodeProperties[] = [receiptNumberProperty, binaryPropertyProperty()];

/** The receipt's PDF as a binary property `<receiptNumber>.pdf` (application/pdf). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const receiptNumber = requireReceiptNumber.call(this, this.getNodeParameter('receiptNumber', itemIndex, ''), itemIndex);
	const property = requireBinaryProperty.call(this, this.getNodeParameter('binaryPropertyName', itemIndex, 'data'), itemIndex);
	const binary = await downloadReceiptPdf.call(this, receiptNumber, itemIndex);
	return [
		{
			json: { receiptNumber, fileName: binary.fileName, mimeType: binary.mimeType, fileSize: binary.fileSize },
			binary: { [property]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
