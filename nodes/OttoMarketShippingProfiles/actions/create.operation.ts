import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { withExplanations } from '../../shared/explain';
import { toItems } from '../../shared/router';
import { ottoRequest } from '../../shared/transport';
import { createProperties, createValues, profileBody, spellingOf, spellingOptionsProperty } from '../helpers';

export const description: INodeProperties[] = [...createProperties, spellingOptionsProperty];

/** POST /v1/shipping-profiles → 201 { shippingProfileId, message }. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body = profileBody(this.getNode(), createValues.call(this, itemIndex), itemIndex, spellingOf.call(this, itemIndex));
	const answer = await withExplanations(
		ottoRequest.call(this, { method: 'POST', path: '/v1/shipping-profiles', body, safeToRepeat: false }, itemIndex),
		{
			409: `A shipping profile named "${String(body.shippingProfileName)}" already exists; choose another name or update that profile`,
		},
	);
	return toItems({ ...((answer ?? {}) as IDataObject), ...body }, itemIndex);
}
