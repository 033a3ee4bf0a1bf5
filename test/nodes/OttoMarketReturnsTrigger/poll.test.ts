import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OttoMarketReturns } from '../../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { OttoMarketReturnsTrigger } from '../../../nodes/OttoMarketReturnsTrigger/OttoMarketReturnsTrigger.node';
import { pollOnce, runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const P = '1000001';

describe('OTTO Market Returns Trigger', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => world.sim.reset());

	function trigger(parameters: INodeParameters = {}) {
		return { type: new OttoMarketReturnsTrigger(), parameters: { event: 'announcedReturn', ...parameters }, credentials: world.sellerCredential() };
	}

	it('emits each announced return exactly once across 20 polls and a restart from saved static data', async () => {
		const node = trigger();
		// Returns from before the activation (beyond the overlap) are never emitted.
		world.sim.returns.announce(P, { count: 5, at: Date.now() - 10 * 60_000 });
		const first = await pollOnce(world.helper, node);
		expect(first.items).toBeNull();
		let staticData = first.staticData;

		const announced: string[] = [];
		const emitted: string[] = [];
		const perPoll: number[] = [];
		let clock = Date.now() + 1000;
		let previousAt = clock;
		for (let poll = 1; poll <= 20; poll++) {
			clock += 1000;
			if (poll % 4 !== 0) {
				// Three returns at the identical instant, and one more at the instant of the previous poll's
				// returns (stored late at OTTO: inside the overlap, with a timestamp the cursor already passed).
				announced.push(...world.sim.returns.announce(P, { count: 3, at: clock }).map((r) => r.positionItemId));
				if (poll > 1) announced.push(...world.sim.returns.announce(P, { count: 1, at: previousAt }).map((r) => r.positionItemId));
				previousAt = clock;
			}
			// Noise the trigger must not emit: a misdirected return, and a return that is accepted right away.
			if (poll % 5 === 0) {
				world.sim.returns.announce(P, { count: 1, at: clock, status: 'MISDIRECTED' });
				const quick = world.sim.returns.announce(P, { count: 1, at: clock - 100_000 });
				await runNode(world.helper, {
					type: new OttoMarketReturns(),
					parameters: { operation: 'accept', positionItemId: quick[0].positionItemId, salesOrderId: quick[0].salesOrderId, condition: 'A', reason: 'RETURN_RECEIVED' },
					credentials: world.sellerCredential(),
				});
			}
			if (poll === 10) {
				// Restart: n8n saved the static data as JSON; a new node instance continues from it.
				staticData = JSON.parse(JSON.stringify(staticData)) as IDataObject;
			}
			const result = await pollOnce(world.helper, poll >= 10 ? trigger() : node, { staticData });
			staticData = result.staticData;
			const ids = (result.items ?? []).map((item) => String(item.json.positionItemId));
			perPoll.push(ids.length);
			emitted.push(...ids);
			for (const item of result.items ?? []) expect(item.json.status).toBe('ANNOUNCED');
		}
		expect(announced).toHaveLength(15 * 3 + 14);
		expect(emitted).toHaveLength(announced.length);
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual([...announced].sort());
		// Polls without new returns emit nothing (n8n starts no execution).
		expect(perPoll.filter((n, index) => (index + 1) % 4 === 0)).toEqual([0, 0, 0, 0, 0]);
		expect(perPoll[0]).toBe(3);
		expect(perPoll[1]).toBe(4);
		// The cursor holds only the keys near the watermark, not everything ever emitted.
		const cursor = (staticData['node:OTTO Market Returns Trigger'] as IDataObject).ottoCursor as { watermark: string; seen: string[] };
		expect(cursor.watermark).toBe(new Date(previousAt).toISOString());
		expect(cursor.seen.length).toBeLessThanOrEqual(emitted.length);
	});

	it('emits returns oldest first, capped per poll; returns at one instant split over polls are all emitted once', async () => {
		const node = trigger({ options: { maxReturnsPerPoll: 3 } });
		let { staticData } = await pollOnce(world.helper, node);
		const at = Date.now() + 5000;
		const older = world.sim.returns.announce(P, { count: 1, at: at - 1000 });
		const same = world.sim.returns.announce(P, { count: 7, at });
		const batches: string[][] = [];
		for (let poll = 0; poll < 4; poll++) {
			const result = await pollOnce(world.helper, node, { staticData });
			staticData = result.staticData;
			batches.push((result.items ?? []).map((item) => String(item.json.positionItemId)));
		}
		expect(batches.map((b) => b.length)).toEqual([3, 3, 2, 0]);
		expect(batches[0][0]).toBe(older[0].positionItemId);
		expect(batches.flat().sort()).toEqual([...older, ...same].map((r) => r.positionItemId).sort());
	});

	it('reads back page by page only until it passes the cursor (bounded), newest first at OTTO', async () => {
		const node = trigger();
		let { staticData } = await pollOnce(world.helper, node);
		const base = Date.now() + 1000;
		// 120 returns 10 s apart: the 2-minute overlap reaches back over 12 of them.
		world.sim.returns.announce(P, { count: 120, at: base, intervalMs: 10_000 });
		let result = await pollOnce(world.helper, node, { staticData });
		staticData = result.staticData;
		expect(result.items).toHaveLength(120);
		const times = (result.items ?? []).map((item) => Date.parse(String(item.json.occurredTime)));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		// 300 old returns (hours ago) stay unread: one new return and the overlap fit in the first page of 50,
		// though OTTO lists 421 announced returns (9 pages).
		world.sim.returns.announce(P, { count: 300, at: base - 5 * 3_600_000 });
		world.sim.clearRequests();
		world.sim.returns.announce(P, { count: 1, at: base + 1_500_000 });
		expect(world.sim.returns.list(P, 'ANNOUNCED')).toHaveLength(421);
		result = await pollOnce(world.helper, node, { staticData });
		expect(result.items).toHaveLength(1);
		const gets = requestsTo(world.sim, '/v3/returns', 'GET');
		expect(gets.map((r) => r.query)).toEqual([{ status: 'ANNOUNCED', page: '1', limit: '50' }]);
	});

	it('starts from N hours back when asked, and a manual Fetch Test Event returns the newest without moving the cursor', async () => {
		const now = Date.now();
		world.sim.returns.announce(P, { count: 2, at: now - 2 * 3_600_000 });
		const recent = world.sim.returns.announce(P, { count: 1, at: now - 30 * 60_000 });
		const node = trigger({ options: { startHoursBack: 1 } });
		const first = await pollOnce(world.helper, node);
		expect((first.items ?? []).map((item) => item.json.positionItemId)).toEqual([recent[0].positionItemId]);

		const newest = world.sim.returns.announce(P, { count: 1, at: now + 60_000 });
		world.sim.returns.announce(P, { count: 1, at: now + 120_000, status: 'MISDIRECTED' });
		const manual = await pollOnce(world.helper, node, { staticData: first.staticData, mode: 'manual' });
		expect((manual.items ?? []).map((item) => item.json.positionItemId)).toEqual([newest[0].positionItemId]);
		expect(manual.staticData).toEqual(first.staticData);
		// The test event did not consume the return: the next real poll emits it.
		const next = await pollOnce(world.helper, node, { staticData: first.staticData });
		expect((next.items ?? []).map((item) => item.json.positionItemId)).toEqual([newest[0].positionItemId]);
	});

	it('watches misdirected returns with the misdirected event', async () => {
		const node = trigger({ event: 'misdirectedReturn' });
		let { staticData } = await pollOnce(world.helper, node);
		const at = Date.now() + 1000;
		world.sim.returns.announce(P, { count: 2, at });
		const misdirected = world.sim.returns.announce(P, { count: 2, at, status: 'MISDIRECTED' });
		const result = await pollOnce(world.helper, node, { staticData });
		staticData = result.staticData;
		expect((result.items ?? []).map((item) => item.json.positionItemId).sort()).toEqual(misdirected.map((r) => r.positionItemId).sort());
		expect(result.items?.[0].json.details).toEqual({ orderNumber: expect.any(String), ottoWarehouseID: expect.any(String) });
		expect(requestsTo(world.sim, '/v3/returns', 'GET').every((r) => r.query.status === 'MISDIRECTED')).toBe(true);
		expect((await pollOnce(world.helper, node, { staticData })).items).toBeNull();
	});
});
