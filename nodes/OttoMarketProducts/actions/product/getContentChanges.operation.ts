import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { returnAllOrLimit } from '../../../shared/descriptions';
import { inputError, optionalDate } from '../../../shared/validation';
import { listProducts, needsQueryForm, skuPath } from '../../helpers';

export const description: INodeProperties[] = [
	{
		displayName: 'SKUs',
		name: 'skus',
		type: 'string',
		default: '',
		placeholder: 'e.g. shirt-red-M, shirt-red-L',
		description: 'The SKUs to read content changes of, separated by commas or line breaks. Empty: all your variations.',
	},
	{
		displayName: 'Changed Since',
		name: 'fromDate',
		type: 'dateTime',
		default: '',
		description: 'Content changes from this date on. OTTO goes back at most 28 days (also the default).',
	},
	...returnAllOrLimit({}),
];

/**
 * Content changes (OTTO's two forms): one SKU without '/', '.' or ',' by path
 * (GET /v5/products/{sku}/content-changes), else the list form (GET /v5/products/content-changes?sku=a,b).
 * Records in `contentChanges`: { sku, ean, productReference, shopLink, lastContentChange }; at most 100 per page.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const skus = String(this.getNodeParameter('skus', itemIndex, '') ?? '')
		.split(/[\n\r]+|,/)
		.map((sku) => sku.trim())
		.filter(Boolean);
	if (skus.some((sku) => [...sku].some((char) => char.charCodeAt(0) < 32))) {
		throw inputError(node, 'SKUs', itemIndex, 'contain control characters');
	}
	const qs: IDataObject = {};
	const fromDate = optionalDate(node, this.getNodeParameter('fromDate', itemIndex, ''), 'Changed Since', itemIndex);
	if (fromDate) qs.fromDate = fromDate;
	const single = skus.length === 1 && !needsQueryForm(skus[0]);
	if (!single && skus.length) qs.sku = skus.join(',');
	return await listProducts.call(this, itemIndex, {
		path: single ? skuPath(skus[0], '/content-changes') : '/v5/products/content-changes',
		recordsKey: 'contentChanges',
		maxPageSize: 100,
		qs,
	});
}
