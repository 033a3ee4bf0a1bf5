import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchedWrite } from '../../../shared/batch';
import { inputError, requireText } from '../../../shared/validation';
import { batchSizeField, batchSizeOf, skuField, skuOf } from '../../helpers';

export const description: INodeProperties[] = [
	{
		...skuField('The SKU to link to a shipping profile. Map it from the input, e.g. {{ $json.sku }}.'),
		default: '={{ $json.sku }}',
	},
	{
		displayName: 'Shipping Profile ID',
		name: 'shippingProfileId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0c1f1a0e-8c4f-4d0e-9d55-2f7b1e0e4a11',
		description: 'The ID of the shipping profile (see the OTTO Market Shipping Profiles node)',
	},
	{
		displayName: 'Processing Time',
		name: 'processingTime',
		type: 'string',
		required: true,
		default: 'DEFAULT',
		placeholder: 'e.g. 2',
		description:
			'Working days until the SKU leaves your warehouse: a whole number from 1 to 99, or DEFAULT to use the shipping profile\'s default processing time',
	},
	batchSizeField,
];

/** "1"-"99" or "DEFAULT", as OTTO wants it (a string). */
export function processingTimeOf(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('processingTime', itemIndex, 'DEFAULT') as unknown;
	const text = requireText(this.getNode(), raw, 'Processing Time', itemIndex, 10);
	if (text.toUpperCase() === 'DEFAULT') return 'DEFAULT';
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 99) {
		throw inputError(
			this.getNode(),
			'Processing Time',
			itemIndex,
			`must be a whole number from 1 to 99 or DEFAULT (got "${text}")`,
		);
	}
	return String(Number(text));
}

/** Links SKUs to shipping profiles, up to Batch Size per request (POST /v1/availability/product-delivery-information). */
export async function executeAll(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await batchedWrite.call(this, items, {
		path: '/v1/availability/product-delivery-information',
		batchSize: batchSizeOf.call(this),
		keyField: 'sku',
		// Setting the same delivery data twice is harmless.
		safeToRepeat: true,
		entryOf(itemIndex) {
			const sku = skuOf.call(this, itemIndex);
			const shippingProfileId = requireText(
				this.getNode(),
				this.getNodeParameter('shippingProfileId', itemIndex, ''),
				'Shipping Profile ID',
				itemIndex,
				100,
			);
			const processingTime = processingTimeOf.call(this, itemIndex);
			return { itemIndex, key: sku, payload: { sku, shippingProfileId, processingTime } };
		},
	});
}
