import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { withExplanations } from '../../shared/explain';
import { toItems } from '../../shared/router';
import { ottoRequest } from '../../shared/transport';
import { inputError } from '../../shared/validation';
import { locatorValue } from '../../shared/lookups';
import { normaliseProfile, profileBody, requirePathId, shippingProfileIdProperty, spellingOf, spellingOptionsProperty, updateFieldsProperty } from '../helpers';
import { getProfile } from './get.operation';

export const description: INodeProperties[] = [shippingProfileIdProperty, updateFieldsProperty, spellingOptionsProperty];

/** Reads the profile, applies the changed fields, PUTs the whole profile (OTTO wants all fields). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const id = requirePathId(node, locatorValue(this.getNodeParameter('shippingProfileId', itemIndex)).value, 'Shipping Profile ID', itemIndex);
	const changes = (this.getNodeParameter('updateFields', itemIndex, {}) ?? {}) as IDataObject;
	const spelling = spellingOf.call(this, itemIndex);
	if (!Object.keys(changes).length) {
		throw inputError(node, 'Update Fields', itemIndex, 'add at least one field to change');
	}
	// Check the changed fields before any request (with placeholders for what OTTO holds).
	profileBody(
		node,
		{
			shippingProfileName: 'x',
			workingDays: ['MONDAY'],
			orderCutoff: '12:00',
			deliveryType: 'PARCEL',
			defaultProcessingTime: 1,
			transportTime: 1,
			...changes,
		},
		itemIndex,
	);
	const current = await getProfile.call(this, id, itemIndex);
	// OTTO may answer the days in either spelling: they are sent back in the chosen one.
	const body = profileBody(node, { ...current, ...changes }, itemIndex, spelling);
	const answer = await withExplanations(
		ottoRequest.call(this, { method: 'PUT', path: `/v1/shipping-profiles/${encodeURIComponent(id)}`, body }, itemIndex),
		{
			404: `OTTO knows no shipping profile "${id}"`,
			409: `A shipping profile named "${String(body.shippingProfileName)}" already exists; choose another name`,
		},
	);
	const json = answer && typeof answer === 'object' && Object.keys(answer).length ? (answer as IDataObject) : { shippingProfileId: id, ...body };
	return toItems(normaliseProfile(json, spelling), itemIndex);
}
