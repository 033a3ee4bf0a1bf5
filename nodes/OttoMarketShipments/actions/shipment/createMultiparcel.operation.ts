import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../../shared/router';
import { ottoRequest } from '../../../shared/transport';
import { inputError } from '../../../shared/validation';
import {
	CARRIERS,
	carrierField,
	carrierOf,
	isParcelCarrier,
	positionItemsFields,
	positionItemsOf,
	returnAddressCarrierIdOf,
	returnCarrierOf,
	shipDataOf,
	shipFields,
	withReturnKey,
} from '../../helpers';

export const description: INodeProperties[] = [
	carrierField(Object.keys(CARRIERS), 'The carrier that delivers the parcels'),
	{
		displayName: 'Tracking Numbers',
		name: 'trackingNumbers',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 00340434161094042557, 00340434161094042558',
		description: 'One tracking number per parcel, separated by commas or line breaks (at least two)',
	},
	...shipFields,
	...positionItemsFields.map((field) =>
		field.name === 'returnTrackingNumber'
			? {
					...field,
					displayName: 'Return Tracking Numbers',
					name: 'returnTrackingNumbers',
					description:
						'One return-label tracking number per parcel, in the order of the tracking numbers, separated by commas or line breaks',
				}
			: field,
	),
];

function listOf(value: unknown): string[] {
	return String(value ?? '')
		.split(/[\n,;]/)
		.map((entry) => entry.trim())
		.filter(Boolean);
}

/** POST /v1/multiparcel-shipments: the same position items in several parcels. Not safe to repeat. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const carrier = carrierOf.call(this, itemIndex, Object.keys(CARRIERS));
	const trackingNumbers = listOf(this.getNodeParameter('trackingNumbers', itemIndex, ''));
	if (trackingNumbers.length < 2) {
		throw inputError(
			node,
			'Tracking Numbers',
			itemIndex,
			`needs at least two tracking numbers, one per parcel (got ${trackingNumbers.length}); for one parcel use Create`,
		);
	}
	const duplicate = trackingNumbers.find((number, index) => trackingNumbers.indexOf(number) !== index);
	if (duplicate) throw inputError(node, 'Tracking Numbers', itemIndex, `lists ${duplicate} twice`);
	if (trackingNumbers.some((number) => number.length > 100)) {
		throw inputError(node, 'Tracking Numbers', itemIndex, 'holds a tracking number longer than 100 characters');
	}
	const ship = shipDataOf.call(this, itemIndex);
	const returnCarrier = returnCarrierOf.call(this, itemIndex, isParcelCarrier(carrier), `carrier ${carrier}`);
	let returnNumbers: string[] = [];
	if (returnCarrier) {
		returnNumbers = listOf(this.getNodeParameter('returnTrackingNumbers', itemIndex, ''));
		const tooLong = returnNumbers.find((number) => number.length > 100);
		if (tooLong) throw inputError(node, 'Return Tracking Numbers', itemIndex, 'holds a tracking number longer than 100 characters');
		if (returnNumbers.length !== trackingNumbers.length) {
			throw inputError(
				node,
				'Return Tracking Numbers',
				itemIndex,
				`needs one number per parcel: ${trackingNumbers.length} tracking numbers, ${returnNumbers.length} return tracking numbers`,
			);
		}
	}
	const returnAddressCarrierId = returnAddressCarrierIdOf.call(this, itemIndex);
	const positionItems = await positionItemsOf.call(this, itemIndex);
	const body: IDataObject[] = trackingNumbers.map((trackingNumber, index) => ({
		trackingKey: { carrier, trackingNumber },
		...ship,
		positionItems: withReturnKey(
			positionItems,
			returnCarrier ? { carrier: returnCarrier, trackingNumber: returnNumbers[index] } : undefined,
			returnAddressCarrierId,
		),
	}));
	const created = (await ottoRequest.call(
		this,
		{ method: 'POST', path: '/v1/multiparcel-shipments', body, safeToRepeat: false },
		itemIndex,
	)) as IDataObject;
	return toItems({ ...created, parcels: body }, itemIndex);
}
