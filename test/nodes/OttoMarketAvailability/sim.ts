/** Typed access to the availability part of the simulator (simulator/interfaces/availability.js). */
import type { Simulator } from '../../../simulator';

export interface AvailabilitySim {
	addSkus(partnerId: string, skus: string[]): void;
	quantities(partnerId: string): Map<string, { sku: string; quantity: number; lastModified: string }>;
	deliveryInformation(partnerId: string): Map<string, { sku: string; shippingProfileId: string; processingTime: string }>;
}

export function availabilityOf(sim: Simulator): AvailabilitySim {
	return (sim as unknown as { availability: AvailabilitySim }).availability;
}

/** The SKUs of every POST body sent to a path, with the answer's status. */
export function postedSkus(sim: Simulator, path: string): Array<{ status: number; skus: string[] }> {
	return sim.requests
		.filter((r) => r.method === 'POST' && r.path === path)
		.map((r) => ({ status: r.status, skus: (r.body as Array<{ sku: string }>).map((entry) => entry.sku) }));
}
