import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { withExplanations } from '../../shared/explain';
import { toItems } from '../../shared/router';
import { ottoRequest } from '../../shared/transport';
import { locatorValue } from '../../shared/lookups';
import { normaliseProfile, requirePathId, shippingProfileIdProperty, spellingOf, spellingOptionsProperty } from '../helpers';

export const description: INodeProperties[] = [shippingProfileIdProperty, spellingOptionsProperty];

/** GET /v1/shipping-profiles/{id}. */
export async function getProfile(this: IExecuteFunctions, id: string, itemIndex: number): Promise<IDataObject> {
	const answer = await withExplanations(
		ottoRequest.call(this, { method: 'GET', path: `/v1/shipping-profiles/${encodeURIComponent(id)}` }, itemIndex),
		{ 404: `OTTO knows no shipping profile "${id}"` },
	);
	return (answer ?? {}) as IDataObject;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const id = requirePathId(this.getNode(), locatorValue(this.getNodeParameter('shippingProfileId', itemIndex)).value, 'Shipping Profile ID', itemIndex);
	return toItems(normaliseProfile(await getProfile.call(this, id, itemIndex), spellingOf.call(this, itemIndex)), itemIndex);
}
