import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchedWrite } from '../../../shared/batch';
import { shippingProfileIdOf, shippingProfileLocator } from '../../../shared/lookups';
import { inputError, requireText } from '../../../shared/validation';
import { batchSizeField, batchSizeOf, skuField, skuOf } from '../../helpers';

export const description: INodeProperties[] = [
	{
		...skuField('The SKU to link to a shipping profile. Map it from the input, e.g. {{ $json.sku }}.'),
		default: '={{ $json.sku }}',
	},
	shippingProfileLocator({
		displayName: 'Shipping Profile ID',
		description:
			'The shipping profile to link the SKU to: pick it from your shipping profiles (name, delivery type, processing + transport days), or give its ID',
	}),
	{
		displayName: 'Processing Time (Working Days)',
		name: 'processingTime',
		type: 'string',
		required: true,
		default: 'DEFAULT',
		placeholder: 'e.g. 2',
		description:
			'Working days you need from the order until the parcel is handed to the carrier: a whole number from 1 to 99, or DEFAULT for the default processing time of the shipping profile. OTTO adds the profile\'s transport time to show the delivery time on otto.de.',
		hint: '1–99 working days, or DEFAULT (the shipping profile\'s default processing time)',
	},
	batchSizeField,
];

/** "1"-"99" or "DEFAULT", as OTTO wants it (a string). */
function processingTimeOf(this: IExecuteFunctions, itemIndex: number): string {
	const raw = this.getNodeParameter('processingTime', itemIndex, 'DEFAULT') as unknown;
	const text = requireText(this.getNode(), raw, 'Processing Time (Working Days)', itemIndex, 10);
	if (text.toUpperCase() === 'DEFAULT') return 'DEFAULT';
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 99) {
		throw inputError(
			this.getNode(),
			'Processing Time (Working Days)',
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
			const shippingProfileId = shippingProfileIdOf.call(this, 'shippingProfileId', itemIndex, 'Shipping Profile ID');
			const processingTime = processingTimeOf.call(this, itemIndex);
			return { itemIndex, key: sku, payload: { sku, shippingProfileId, processingTime } };
		},
	});
}
