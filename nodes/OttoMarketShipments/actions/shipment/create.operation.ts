import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../../../shared/descriptions';
import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import {
	CARRIERS,
	carrierField,
	carrierOf,
	isParcelCarrier,
	positionItemsFields,
	positionItemsOf,
	returnAddressCarrierIdOf,
	returnTrackingKeyOf,
	shipDataOf,
	shipFields,
	trackingNumberField,
	trackingNumberOf,
	withReturnKey,
} from '../../helpers';

export const description: INodeProperties[] = [
	carrierField(Object.keys(CARRIERS), 'The carrier that delivers the parcel'),
	{
		...trackingNumberField,
		description: "The carrier's tracking number. Required for parcel carriers (DHL, DHL Express, DPD, GLS, Hermes, UPS).",
	},
	...shipFields,
	...positionItemsFields,
	optionsCollection([
		{
			displayName: 'On Duplicate Tracking Key',
			name: 'onDuplicate',
			type: 'options',
			options: [
				{
					name: 'Fail',
					value: 'fail',
					description: 'Stop with an error saying a shipment with this tracking number exists',
				},
				{
					name: 'Return Existing Shipment',
					value: 'returnExisting',
					description: 'Look the existing shipment up by carrier and tracking number and return it',
				},
			],
			default: 'fail',
			description: 'What to do when OTTO already has a shipment with this carrier and tracking number',
		},
	]),
];

/** Whether OTTO refused the shipment because the tracking key exists (409 DUPLICATE_TRACKING_KEY). */
function isDuplicateTrackingKey(error: unknown): boolean {
	if (!(error instanceof NodeApiError) || String(error.httpCode) !== '409') return false;
	return `${error.message} ${error.description ?? ''}`.includes('DUPLICATE_TRACKING_KEY');
}

/**
 * POST /v1/shipments. Not safe to repeat: the transport repeats it only after a 429 / WAF 403
 * (OTTO did not process it), never after a timeout or a 5xx.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const carrier = carrierOf.call(this, itemIndex, Object.keys(CARRIERS));
	const trackingNumber = trackingNumberOf.call(this, itemIndex, carrier);
	const ship = shipDataOf.call(this, itemIndex);
	const returnTrackingKey = returnTrackingKeyOf.call(this, itemIndex, isParcelCarrier(carrier), `carrier ${carrier}`);
	const returnAddressCarrierId = returnAddressCarrierIdOf.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const positionItems = await positionItemsOf.call(this, itemIndex);

	const trackingKey: IDataObject = trackingNumber ? { carrier, trackingNumber } : { carrier };
	const body: IDataObject = { trackingKey, ...ship, positionItems: withReturnKey(positionItems, returnTrackingKey, returnAddressCarrierId) };
	let failure: unknown;
	try {
		const created = (await ottoRequest.call(
			this,
			{ method: 'POST', path: '/v1/shipments', body, safeToRepeat: false },
			itemIndex,
		)) as IDataObject;
		return toItems({ ...created, ...body, created: true }, itemIndex);
	} catch (error) {
		failure = error;
	}
	if (!isDuplicateTrackingKey(failure)) throw failure;
	if (options.onDuplicate === 'returnExisting' && trackingNumber) {
		const existing = (await ottoRequest.call(
			this,
			{
				method: 'GET',
				path: `/v1/shipments/carriers/${encodeURIComponent(carrier)}/trackingnumbers/${encodeURIComponent(trackingNumber)}`,
			},
			itemIndex,
		)) as IDataObject;
		return toItems({ ...existing, created: false }, itemIndex);
	}
	throw new NodeApiError(this.getNode(), { status: 409, problems: [] }, {
		message: `OTTO already has a shipment with carrier ${carrier} and tracking number ${trackingNumber ?? '(none)'} (DUPLICATE_TRACKING_KEY)`,
		description:
			'No new shipment was created. To get the existing shipment instead of this error, set Options > On Duplicate Tracking Key to "Return Existing Shipment".',
		httpCode: '409',
		itemIndex,
	});
}
