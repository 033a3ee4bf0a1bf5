/**
 * Issue 18 point 9: OTTO's two generated clients spell `workingDays` differently (MONDAY in the newest,
 * Monday in the older one). The node sends OTTO's upper case by default, Capitalised when the option
 * says so, and shows the days of any answer in the chosen spelling. The simulator plays an OTTO that
 * reads only one spelling (`workingDaySpelling`), so a wrong choice is seen as OTTO's 400.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { profilesOf, seedProfiles } from './profiles';

type Spelling = 'any' | 'upper' | 'capitalised';

describe('OTTO Market Shipping Profiles: Working Day Spelling (issue 18 point 9)', () => {
	const world = useSimulator({ contract: 'enforce' });
	const node = new OttoMarketShippingProfiles();
	const setOtto = (spelling: Spelling) => {
		(profilesOf(world.sim) as unknown as { spelling: Spelling }).spelling = spelling;
	};
	const create = (options: IDataObject = {}) =>
		runNode(world.helper, {
			type: node,
			parameters: {
				operation: 'create',
				shippingProfileName: 'Standard',
				deliveryType: 'PARCEL',
				workingDays: ['MONDAY', 'FRIDAY'],
				orderCutoff: '14:00',
				defaultProcessingTime: 1,
				transportTime: 2,
				options: options as INodeParameters,
			},
			credentials: world.sellerCredential(),
		});

	/** One request straight to the simulator with a seller token (what OTTO answers, before the node). */
	const otto = async (method: string, path: string, body?: IDataObject) => {
		const token = world.sim.tokens.issue({ partnerId: '1000001', scopes: ['shipping-profiles'], clientId: 'test' }).token;
		const response = await fetch(new URL(path, world.sim.url), {
			method,
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: body ? JSON.stringify(body) : undefined,
		});
		return { status: response.status, body: (await response.json()) as IDataObject };
	};

	beforeEach(() => {
		world.sim.reset();
		world.sim.contract.clear();
	});
	afterEach(() => expect(world.sim.contract.violations).toEqual([]));

	it('by default sends OTTO\'s upper case (the newest client), which an upper-case OTTO accepts', async () => {
		setOtto('upper');
		const result = await create();
		expect(result.error).toBeUndefined();
		expect(requestsTo(world.sim, '/v1/shipping-profiles', 'POST')[0].body.workingDays).toEqual(['MONDAY', 'FRIDAY']);
		expect(result.items[0].json.workingDays).toEqual(['MONDAY', 'FRIDAY']);
	});

	it('an OTTO that reads only Monday…Sunday refuses the default; the Capitalised option is accepted', async () => {
		setOtto('capitalised');
		const refused = await create();
		expect(refused.error?.message).toMatch(/400|Bad Request/);
		expect(JSON.stringify(refused.error)).toMatch(/workingDays: unknown values MONDAY, FRIDAY \(this OTTO reads Monday…Sunday\)/);
		const accepted = await create({ workingDaySpelling: 'capitalised' });
		expect(accepted.error).toBeUndefined();
		const posts = requestsTo(world.sim, '/v1/shipping-profiles', 'POST');
		expect(posts.map((p) => p.status)).toEqual([400, 201]);
		expect(posts[1].body.workingDays).toEqual(['Monday', 'Friday']);
		expect(accepted.items[0].json.workingDays).toEqual(['Monday', 'Friday']);
		// stored as sent, answered in the spelling it reads
		const id = String(accepted.items[0].json.shippingProfileId);
		expect(profilesOf(world.sim).get('1000001', id)?.workingDays).toEqual(['Monday', 'Friday']);
	});

	it('the simulator accepting both spellings stores and answers each as it was sent', async () => {
		setOtto('any');
		for (const workingDaySpelling of ['upper', 'capitalised']) {
			const result = await create({ workingDaySpelling });
			expect(result.error).toBeUndefined();
			const answer = await otto('GET', `/v1/shipping-profiles/${String(result.items[0].json.shippingProfileId)}`);
			expect(answer.body.workingDays).toEqual(workingDaySpelling === 'upper' ? ['MONDAY', 'FRIDAY'] : ['Monday', 'Friday']);
			world.sim.reset();
		}
	});

	it('reads accept both spellings in OTTO\'s answers and show the chosen one (Get, Get Many)', async () => {
		setOtto('any');
		const [mixed, upper] = seedProfiles(world.sim, 2);
		mixed.workingDays = ['Monday', 'TUESDAY', 'Wednesday'];
		upper.workingDays = ['SATURDAY'];
		for (const [spelling, expected] of [
			[undefined, ['MONDAY', 'TUESDAY', 'WEDNESDAY']],
			['upper', ['MONDAY', 'TUESDAY', 'WEDNESDAY']],
			['capitalised', ['Monday', 'Tuesday', 'Wednesday']],
		] as Array<[string | undefined, string[]]>) {
			const options = spelling ? { workingDaySpelling: spelling } : {};
			const one = await runNode(world.helper, {
				type: node,
				parameters: { operation: 'get', shippingProfileId: mixed.shippingProfileId, options },
				credentials: world.sellerCredential(),
			});
			expect(one.items[0].json.workingDays).toEqual(expected);
			const many = await runNode(world.helper, { type: node, parameters: { operation: 'getMany', returnAll: true, options }, credentials: world.sellerCredential() });
			expect(many.items.map((i) => i.json.workingDays)).toEqual([expected, [spelling === 'capitalised' ? 'Saturday' : 'SATURDAY']]);
		}
	});

	it('Update sends the whole profile back in the chosen spelling, whatever OTTO answered', async () => {
		const [profile] = seedProfiles(world.sim, 1);
		profile.workingDays = ['Monday', 'Tuesday'];
		for (const [otto, option, sent] of [
			['upper', undefined, ['MONDAY', 'TUESDAY']],
			['capitalised', 'capitalised', ['Monday', 'Tuesday']],
		] as Array<[Spelling, string | undefined, string[]]>) {
			setOtto(otto);
			world.sim.clearRequests();
			const result = await runNode(world.helper, {
				type: node,
				parameters: {
					operation: 'update',
					shippingProfileId: profile.shippingProfileId,
					updateFields: { transportTime: 4 },
					options: option ? { workingDaySpelling: option } : {},
				},
				credentials: world.sellerCredential(),
			});
			expect(result.error).toBeUndefined();
			const [put] = requestsTo(world.sim, '/v1/shipping-profiles/', 'PUT');
			expect(put.status).toBe(200);
			expect(put.body.workingDays).toEqual(sent);
			expect(result.items[0].json.workingDays).toEqual(sent);
		}
	});

	it('the contract refuses a day in neither spelling', async () => {
		const answer = await otto('POST', '/v1/shipping-profiles', {
			shippingProfileName: 'X',
			workingDays: ['Mon'],
			orderCutoff: '14:00',
			deliveryType: 'PARCEL',
			defaultProcessingTime: 1,
			transportTime: 1,
		});
		expect(answer.status).toBe(400);
		expect(world.sim.contract.summary().join('\n')).toMatch(/body\.workingDays\[0\] must be one of MONDAY, .*Monday, .* got "Mon"/);
		world.sim.contract.clear();
	});
});
