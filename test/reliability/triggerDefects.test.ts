/**
 * Issue 12 defects 3 and 10 as single scenarios (the randomized test in triggerExactlyOnce.test.ts
 * covers them too, with defect 2): through n8n's PollContext against the simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import { OttoMarketOrdersTrigger } from '../../nodes/OttoMarketOrdersTrigger/OttoMarketOrdersTrigger.node';
import { OttoMarketReturnsTrigger } from '../../nodes/OttoMarketReturnsTrigger/OttoMarketReturnsTrigger.node';
import { pollOnce } from '../helpers/n8n';
import { useSimulator } from '../helpers/simulator';

const P = '1000001';

describe('trigger defects', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => world.sim.reset());
	afterEach(() => {
		world.sim.onRequest = undefined;
	});

	it.each([-20_000, -60_000, 60_000])('defect 10: with OTTO %i ms off n8n, an order placed 5 s after the activation is emitted', async (skew) => {
		const node = { type: new OttoMarketOrdersTrigger(), parameters: { event: 'anyChange' }, credentials: world.sellerCredential() };
		world.sim.clock.set(Date.now() + skew);
		const activation = await pollOnce(world.helper, node);
		world.sim.clock.advance(5_000);
		const [order] = world.sim.orders.create(P, { count: 1 });
		const next = await pollOnce(world.helper, node, { staticData: activation.staticData });
		expect((next.items ?? []).map((item) => item.json.salesOrderId)).toEqual([order.salesOrderId]);
	});

	it('defect 3: returns that change on a page already read do not make the entry at the page boundary disappear', async () => {
		const sim = world.sim;
		const node = {
			type: new OttoMarketReturnsTrigger(),
			parameters: { event: 'announcedReturn', options: { startHoursBack: 1 } },
			credentials: world.sellerCredential(),
		};
		sim.clock.set(Date.now());
		const now = sim.clock.now().getTime();
		// 150 returns 20 s apart over the last 50 minutes: three pages of 50, spanning far more than the overlap.
		const announced = sim.returns.announce(P, { count: 150, at: now - 150 * 20_000, intervalMs: 20_000 });
		const records = (sim.partner(P).returns as { byItem: Map<string, IDataObject> }).byItem;
		let reads = 0;
		sim.onRequest = (ctx) => {
			if (ctx.path !== '/v3/returns') return;
			reads += 1;
			// After the first page was served: the three newest returns (on that page) are accepted.
			if (reads === 3) {
				for (const view of sim.returns.list(P, 'ANNOUNCED').slice(0, 3)) {
					const record = records.get(view.positionItemId)!;
					record.status = 'ACCEPTED';
					record.occurredTime = new Date(now).toISOString();
				}
			}
		};
		const emitted: string[] = [];
		let staticData: IDataObject = {};
		for (let poll = 0; poll < 3; poll++) {
			const result = await pollOnce(world.helper, node, { staticData });
			staticData = result.staticData;
			emitted.push(...(result.items ?? []).map((item) => `${String(item.json.positionItemId)}|${String(item.json.occurredTime)}`));
			sim.clock.advance(60_000);
		}
		const expected = announced.map((record) => `${record.positionItemId}|${record.occurredTime}`);
		expect(emitted.length).toBe(new Set(emitted).size);
		expect(expected.filter((key) => !emitted.includes(key))).toEqual([]);
	});
});
