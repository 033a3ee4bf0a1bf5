import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { withExplanations } from '../../shared/explain';
import { toItems } from '../../shared/router';
import { ottoRequest } from '../../shared/transport';
import { locatorValue } from '../../shared/lookups';
import { requirePathId, shippingProfileIdProperty } from '../helpers';

export const description: INodeProperties[] = [shippingProfileIdProperty];

/** DELETE /v1/shipping-profiles/{id}; OTTO answers 412 while SKUs still use the profile. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requirePathId(this.getNode(), locatorValue(this.getNodeParameter('shippingProfileId', itemIndex)).value, 'Shipping Profile ID', itemIndex);
	await withExplanations(
		ottoRequest.call(this, { method: 'DELETE', path: `/v1/shipping-profiles/${encodeURIComponent(id)}` }, itemIndex),
		{
			404: `OTTO knows no shipping profile "${id}"`,
			412: `Shipping profile "${id}" is still used by SKUs; move them to another profile first (OTTO Market Availability node) and delete it then`,
		},
	);
	return toItems({ shippingProfileId: id, deleted: true }, itemIndex);
}
