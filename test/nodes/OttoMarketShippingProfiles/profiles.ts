/** Direct access to the simulator's shipping profiles (simulator/interfaces/shippingProfiles.js). */
import type { Simulator } from '../../../simulator';

export interface SimProfile {
	shippingProfileId: string;
	shippingProfileName: string;
	workingDays: string[];
	orderCutoff: string;
	deliveryType: string;
	defaultProcessingTime: number;
	transportTime: number;
}

interface ProfilesApi {
	get(partnerId: string, id: string): SimProfile | undefined;
	list(partnerId: string): SimProfile[];
	linkSku(partnerId: string, id: string, sku: string): void;
}

export function profilesOf(sim: Simulator): ProfilesApi {
	return (sim as unknown as { shippingProfiles: ProfilesApi }).shippingProfiles;
}

/** Puts `count` profiles for partner 1000001 into the simulator; returns them. */
export function seedProfiles(sim: Simulator, count: number, partnerId = '1000001'): SimProfile[] {
	profilesOf(sim).list(partnerId); // creates the partner's state
	const state = sim.partner(partnerId).shippingProfiles as { profiles: Map<string, SimProfile> };
	const created: SimProfile[] = [];
	for (let i = 0; i < count; i++) {
		const profile: SimProfile = {
			shippingProfileId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
			shippingProfileName: `Profile ${i}`,
			workingDays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
			orderCutoff: '14:00',
			deliveryType: 'PARCEL',
			defaultProcessingTime: 1,
			transportTime: 2,
		};
		state.profiles.set(profile.shippingProfileId, profile);
		created.push(profile);
	}
	return created;
}
