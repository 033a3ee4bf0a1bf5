/** Typed access to the availability part of the simulator (simulator/interfaces/availability.js). */
import type { Simulator } from '../../../simulator';
import { SELLER, useSimulator } from '../../helpers/simulator';
import type { TestWorld } from '../../helpers/simulator';

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

/** The SKUs the delivery-information and read tests use: DLV-0000 … DLV-0499. */
export const deliverySku = (i: number) => `DLV-${String(i).padStart(4, '0')}`;
export const SHIPPING_PROFILE_ID = '0c1f1a0e-8c4f-4d0e-9d55-2f7b1e0e4a11';

/**
 * The simulator of the delivery-information and read tests: no rate limits, 500 known SKUs
 * (deliverySku), no quantities and no delivery information at the start of each test.
 */
export function useAvailabilitySimulator(): TestWorld {
	const world = useSimulator();
	beforeAll(() => {
		world.sim.config.rateLimitsEnabled = false;
		availabilityOf(world.sim).addSkus(SELLER.partnerId, Array.from({ length: 500 }, (_, i) => deliverySku(i)));
	});
	beforeEach(() => {
		availabilityOf(world.sim).deliveryInformation(SELLER.partnerId).clear();
		availabilityOf(world.sim).quantities(SELLER.partnerId).clear();
	});
	return world;
}
