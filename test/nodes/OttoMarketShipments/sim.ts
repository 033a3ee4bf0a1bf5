/** Typed access to the shipments part of the simulator (simulator/interfaces/shipments.js). */
import type { Simulator } from '../../../simulator';

export interface SimShipment {
	shipmentId: string;
	creationDate: string;
	multiParcelShipmentId?: string;
	trackingKey: { carrier: string; trackingNumber?: string };
	shipDate: string;
	shipFromAddress: { city: string; countryCode: string; zipCode: string };
	positionItems: Array<{ positionItemId: string; salesOrderId: string; returnTrackingKey?: { carrier: string; trackingNumber: string } }>;
	states: Array<{ state: string; occurredOn: string }>;
}

export interface SimReturnShipment {
	returnShipmentId: string;
	createdAt: string;
	trackingKey: { carrier: string; trackingNumber: string };
	returnPositionItems: Array<{ salesOrderId: string; salesOrderPositionItemId: string }>;
	states: Array<{ state: string; occurredOn: string; statusText: string }>;
}

export function shipmentsOf(sim: Simulator): { list(partnerId: string): SimShipment[] } {
	return (sim as unknown as { shipments: { list(partnerId: string): SimShipment[] } }).shipments;
}

export function returnShipmentsOf(sim: Simulator): {
	create(
		partnerId: string,
		spec: { carrier?: string; trackingNumber?: string; salesOrderId?: string; state?: string; at?: string },
	): SimReturnShipment;
} {
	return (sim as unknown as { returnShipments: ReturnType<typeof returnShipmentsOf> }).returnShipments;
}

export const SHIP_FROM = { shipFromCity: 'Hamburg', shipFromZipCode: '22179', shipFromCountryCode: 'DEU' };

/** Makes a SKU a forwarder SKU: links it to a FORWARDER_CURBSIDE shipping profile. */
export function forwarderSku(sim: Simulator, partnerId: string, sku: string): void {
	(sim as unknown as { shippingProfiles: { create(p: string, spec: object, skus: string[]): unknown } }).shippingProfiles.create(
		partnerId,
		{ deliveryType: 'FORWARDER_CURBSIDE' },
		[sku],
	);
}
