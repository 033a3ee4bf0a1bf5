import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { filtersCollection, returnAllOrLimit } from '../../../shared/descriptions';
import { optionalDate } from '../../../shared/validation';
import { cleanFilters, listFilters, listProducts } from '../../helpers';

export const description: INodeProperties[] = [
	...returnAllOrLimit({}),
	filtersCollection([
		...listFilters,
		{
			displayName: 'Changed Since',
			name: 'fromDate',
			type: 'dateTime',
			default: '',
			description: 'Only statuses that changed at or after this date (OTTO: fromDate)',
		},
		{
			displayName: 'Marketplace Status',
			name: 'marketPlaceStatus',
			type: 'multiOptions',
			options: [
				{ name: 'Inactive', value: 'INACTIVE' },
				{ name: 'Online', value: 'ONLINE' },
				{ name: 'Pending', value: 'PENDING' },
				{ name: 'Rejected', value: 'REJECTED' },
				{ name: 'Restricted', value: 'RESTRICTED' },
			],
			default: [],
			description: 'Only variations in any of these statuses',
		},
		{
			displayName: 'Sort Order',
			name: 'sortOrder',
			type: 'options',
			options: [
				{ name: 'Newest Change First', value: 'desc' },
				{ name: 'Oldest Change First', value: 'asc' },
			],
			default: 'desc',
			description: "Sorted by the status's last change (OTTO's default: newest first)",
		},
	]),
];

/**
 * GET /v5/products/marketplace-status: `{ marketPlaceStatus: [...], links }`. OTTO's parameter says
 * at most 1000 per page, its text says 100; the node asks for 100 and follows the next links.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const filters = cleanFilters((this.getNodeParameter('filters', itemIndex, {}) ?? {}) as IDataObject);
	if (filters.fromDate !== undefined) {
		filters.fromDate = optionalDate(this.getNode(), filters.fromDate, 'Changed Since', itemIndex);
	}
	// On the wire the sort parameter is `sort-order` (ProductsV5Api.php of both generated clients).
	if (filters.sortOrder !== undefined) {
		filters['sort-order'] = filters.sortOrder;
		delete filters.sortOrder;
	}
	return await listProducts.call(this, itemIndex, {
		path: '/v5/products/marketplace-status',
		recordsKey: 'marketPlaceStatus',
		maxPageSize: 100,
		qs: cleanFilters(filters),
	});
}
