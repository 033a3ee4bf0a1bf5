/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OttoMarketOrdersTrigger } from '../../../nodes/OttoMarketOrdersTrigger/OttoMarketOrdersTrigger.node';
import type { FulfillmentStatus, Order, OrderStore } from '../../../simulator';
import { pollOnce } from '../../helpers/n8n';
import type { PollResult } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const PARTNER = '1000001';
const STATUSES: FulfillmentStatus[] = ['ANNOUNCED', 'PROCESSABLE', 'SENT', 'RETURNED', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'];

/** One event: the order, the state of its items and the change date (computed here, independently of the node). */
function eventKey(order: IDataObject | Order): string {
	const items = (order.positionItems ?? []) as Array<{ fulfillmentStatus: string }>;
	const counts = STATUSES.map((s) => items.filter((item) => item.fulfillmentStatus === s).length).join('.');
	const date = (order.orderLifecycleInformation as { lifecycleChangeDate: string }).lifecycleChangeDate;
	return `${String(order.salesOrderId)}~${counts}|${new Date(date).toISOString()}`;
}

interface Cursor {
	watermark: string;
	seen: string[];
	startedAt?: string;
}

/** The trigger's cursor in the workflow's static data (n8n keeps node static data under `node:<name>`). */
function cursorOf(staticData: IDataObject): Cursor {
	const node = staticData['node:OTTO Market Orders Trigger'] as IDataObject | undefined;
	return node?.ottoCursor as Cursor;
}

function seededRandom(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(list: T[]) => list[Math.floor(next() * list.length)] };
}

describe('OTTO Market Orders Trigger', () => {
	const world = useSimulator({ seed: 21, rateLimitsEnabled: false }); // exact request counts; the 20/s limit is tested with the transport
	let originalQuery: OrderStore['query'];

	beforeAll(() => {
		originalQuery = world.sim.orders.query;
	});
	beforeEach(() => {
		world.sim.reset();
	});
	afterEach(() => {
		world.sim.orders.query = originalQuery;
	});

	function trigger(parameters: INodeParameters) {
		const credentials = world.sellerCredential();
		return (staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') =>
			// a new node instance and a JSON copy of the saved static data each time: every poll is a restart
			pollOnce(
				world.helper,
				{ type: new OttoMarketOrdersTrigger(), parameters, credentials },
				{ staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject, mode },
			);
	}
	const listRequests = () => requestsTo(world.sim, '/v4/orders', 'GET');

	it('30 polls with changes between and during polls at identical timestamps: every event exactly once, a 429 mid-poll retried', async () => {
		const sim = world.sim;
		const rng = seededRandom(4711);
		const poll = trigger({ event: 'anyChange', options: { maxOrdersPerPoll: 150 } });

		// before activation: long ago, and just before it (inside the 120 s overlap): never emitted
		sim.orders.create(PARTNER, { count: 5, at: Date.now() - 2 * 3_600_000 });
		sim.orders.create(PARTNER, { count: 5, at: Date.now() - 30_000 });
		const activation = await poll({});
		expect(activation.items).toBeNull();
		// one request, only to read OTTO's clock (its Date header) for the start point
		expect(listRequests().map((r) => r.query.limit)).toEqual(['1']);
		const cursor = cursorOf(activation.staticData);
		expect(Math.abs(Date.parse(cursor.watermark) - Date.now())).toBeLessThan(5_000);
		expect(cursor.startedAt).toBe(cursor.watermark);
		let staticData = activation.staticData;

		sim.clock.set(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
		const truth = new Set<string>();
		const emitted: string[] = [];
		const emittedSet = new Set<string>();
		const record = (orders: Order[]) => orders.forEach((order) => truth.add(eventKey(order)));

		/** Orders whose current state was emitted already: only these change again (an unseen intermediate state is unobservable). */
		const changeable = () => sim.orders.list(PARTNER).filter((order) => emittedSet.has(eventKey(order)));
		const change = (order: Order) => {
			const at = sim.clock.now();
			const active = order.positionItems.filter((p) => ['ANNOUNCED', 'PROCESSABLE', 'SENT'].includes(p.fulfillmentStatus));
			if (!active.length) return;
			const item = rng.pick(active);
			const next: Record<string, FulfillmentStatus[]> = {
				ANNOUNCED: ['PROCESSABLE'],
				PROCESSABLE: ['SENT', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'],
				SENT: ['RETURNED'],
			};
			const status = rng.pick(next[item.fulfillmentStatus]);
			const ids = rng.next() < 0.5 ? [item.positionItemId] : active.filter((p) => p.fulfillmentStatus === item.fulfillmentStatus).map((p) => p.positionItemId);
			record([sim.orders.setStatus(PARTNER, order.salesOrderId, status, { at, positionItemIds: ids })]);
		};

		let pollNumber = 0;
		let duringPoll = 0;
		let faultAt: number | undefined;
		sim.orders.query = (partnerId, query) => {
			const rows = originalQuery(partnerId, query);
			duringPoll += 1;
			if (duringPoll === 1) {
				// while the poll pages through the list: new orders and a change at the same instant
				record(sim.orders.create(PARTNER, { count: rng.int(0, 2), status: rng.pick(['ANNOUNCED', 'PROCESSABLE'] as FulfillmentStatus[]) }));
				const candidates = changeable();
				if (candidates.length) change(rng.pick(candidates));
				if (pollNumber === 10) {
					sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'Retry-After': '0' } });
					faultAt = sim.requests.length;
				}
			}
			return rows;
		};

		const perPoll: number[] = [];
		const steps = [0, 0, 0, 1, 999, 5_000, 30_000, 200_000];
		for (pollNumber = 1; pollNumber <= 30; pollNumber++) {
			sim.clock.advance(rng.pick(steps)); // 0: the same timestamp as the changes the previous poll saw
			record(sim.orders.create(PARTNER, { count: rng.int(0, 6), status: rng.pick(['ANNOUNCED', 'PROCESSABLE'] as FulfillmentStatus[]) }));
			if (pollNumber === 10) record(sim.orders.create(PARTNER, { count: 300 })); // 300 at one instant: several pages, the cap
			const candidates = changeable();
			for (let n = rng.int(0, 4); n > 0 && candidates.length; n--) change(candidates.splice(rng.int(0, candidates.length - 1), 1)[0]);

			duringPoll = 0;
			const result: PollResult = await poll(staticData);
			const keys = (result.items ?? []).map((item) => eventKey(item.json));
			keys.forEach((key) => emittedSet.add(key));
			emitted.push(...keys);
			perPoll.push(keys.length);
			staticData = result.staticData;
			// the cap holds, and the seen set stays bounded
			expect(keys.length).toBeLessThanOrEqual(150);
			expect(cursorOf(staticData).seen.length).toBeLessThanOrEqual(5000);
		}
		// the backlog left by the cap comes with the next polls
		for (let drain = 0; drain < 10; drain++) {
			duringPoll = 1; // no more changes
			const result = await poll(staticData);
			staticData = result.staticData;
			if (!result.items) break;
			const keys = result.items.map((item) => eventKey(item.json));
			emitted.push(...keys);
			perPoll.push(keys.length);
		}

		expect(emitted.length).toBe(new Set(emitted).size); // no duplicates
		expect([...truth].filter((key) => !emittedSet.has(key) && !emitted.includes(key))).toEqual([]); // none missing
		expect(new Set(emitted)).toEqual(truth); // nothing else (nothing from before activation)
		expect(truth.size).toBeGreaterThan(400);
		expect(perPoll.filter((n) => n === 150).length).toBeGreaterThanOrEqual(2); // the cap was hit

		// the 429 hit a later page of poll 10 and was repeated with the same cursor
		expect(faultAt).toBeDefined();
		const afterFault = sim.requests.slice(faultAt).filter((r) => r.path === '/v4/orders');
		expect(afterFault[0].status).toBe(429);
		expect(afterFault[0].query.nextcursor).toBeDefined();
		expect(afterFault[1].status).toBe(200);
		expect(afterFault[1].query).toEqual(afterFault[0].query);
		expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(1);
		// every list request asked by lifecycle date, oldest first, in pages of 128 (or followed a cursor)
		for (const request of listRequests()) {
			if (request.query.nextcursor || request.query.limit === '1') continue; // the activation's clock read
			expect(request.query).toMatchObject({ orderColumnType: 'ORDER_LIFECYCLE_DATE', orderDirection: 'ASC', limit: '128' });
		}
		// the activation floor is gone once the window has moved past it
		expect(cursorOf(staticData).startedAt).toBeUndefined();
		process.stdout.write(
			`orders trigger: ${truth.size} events, ${emitted.length} emitted over ${perPoll.length} polls (${perPoll.join(',')}), ${listRequests().length} list requests\n`,
		);
	});

	it('"Order Ready to Ship": only processable orders, a change at the same instant is a new event, fromDate = watermark - overlap', async () => {
		const sim = world.sim;
		const poll = trigger({ event: 'processable' });
		let state = (await poll({})).staticData;
		const t1 = Date.now() + 10_000;
		sim.clock.set(t1);
		const announced = sim.orders.create(PARTNER, { count: 3, status: 'ANNOUNCED' });
		const ready = sim.orders.create(PARTNER, { count: 2, status: 'PROCESSABLE', positions: 2 });
		sim.orders.create(PARTNER, { count: 1, status: 'SENT' });
		const first = await poll(state);
		expect(first.items?.map((item) => item.json.salesOrderId)).toEqual(ready.map((o) => o.salesOrderId).sort());
		const watermark = cursorOf(first.staticData).watermark;
		expect(watermark).toBe(new Date(t1).toISOString());
		state = first.staticData;

		// same instant: one announced order becomes processable, one ready order is partly shipped (still PROCESSABLE), one fully shipped
		sim.orders.setStatus(PARTNER, announced[0].salesOrderId, 'PROCESSABLE');
		sim.orders.setStatus(PARTNER, ready[0].salesOrderId, 'SENT', { positionItemIds: ready[0].positionItems[0].positionItemId });
		sim.orders.setStatus(PARTNER, ready[1].salesOrderId, 'SENT');
		sim.clearRequests();
		const second = await poll(state);
		expect(second.items?.map((item) => item.json.salesOrderId).sort()).toEqual([announced[0].salesOrderId, ready[0].salesOrderId].sort());
		expect(listRequests()).toHaveLength(1);
		expect(listRequests()[0].query).toEqual({
			fulfillmentStatus: 'PROCESSABLE',
			mode: 'BUCKET',
			fromDate: new Date(t1 - 120_000).toISOString(),
			orderColumnType: 'ORDER_LIFECYCLE_DATE',
			orderDirection: 'ASC',
			limit: '128',
		});
		const third = await poll(second.staticData);
		expect(third.items).toBeNull();
	});

	it('"Order Cancelled" with "Any Position Item" reports a partial cancellation; simplified output', async () => {
		const sim = world.sim;
		const poll = trigger({ event: 'cancelled', simplify: true, options: { statusMatch: 'AT_LEAST_ONE' } });
		const state = (await poll({})).staticData;
		sim.clock.set(Date.now() + 10_000);
		const [order] = sim.orders.create(PARTNER, { positions: 2 });
		sim.clock.advance(1);
		sim.orders.setStatus(PARTNER, order.salesOrderId, 'CANCELLED_BY_PARTNER', { positionItemIds: order.positionItems[1].positionItemId });
		const result = await poll(state);
		expect(result.items).toHaveLength(1);
		expect(result.items![0].json).toMatchObject({
			salesOrderId: order.salesOrderId,
			orderStatus: 'PROCESSABLE',
			positionItems: [{ fulfillmentStatus: 'PROCESSABLE' }, { fulfillmentStatus: 'CANCELLED_BY_PARTNER' }],
		});
		expect(listRequests().at(-1)!.query).toMatchObject({
			fulfillmentStatus: ['CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'],
			mode: 'AT_LEAST_ONE',
		});
	});

	it('"Order Cancelled" (default Status Match) fires for a partly cancelled order, as OTTO\'s CANCELLED_* buckets mean "at least one item"', async () => {
		const sim = world.sim;
		const poll = trigger({ event: 'cancelled', simplify: true });
		const state = (await poll({})).staticData;
		sim.clock.set(Date.now() + 10_000);
		const [order] = sim.orders.create(PARTNER, { positions: 2 });
		sim.clock.advance(1);
		sim.orders.setStatus(PARTNER, order.salesOrderId, 'CANCELLED_BY_MARKETPLACE', { positionItemIds: order.positionItems[0].positionItemId });
		const result = await poll(state);
		expect(result.items).toHaveLength(1);
		expect(result.items![0].json).toMatchObject({ salesOrderId: order.salesOrderId, orderStatus: 'PROCESSABLE' });
		expect(listRequests().at(-1)!.query).toMatchObject({ fulfillmentStatus: ['CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'] });
	});

	it('"Start From" N hours back emits the changes of those hours on the first poll, not older ones', async () => {
		const sim = world.sim;
		const recent = sim.orders.create(PARTNER, { count: 3, at: Date.now() - 2 * 3_600_000 });
		sim.orders.create(PARTNER, { count: 2, at: Date.now() - 3 * 3_600_000 - 60_000 }); // inside the overlap before the start
		sim.orders.create(PARTNER, { count: 2, at: Date.now() - 5 * 3_600_000 });
		const result = await trigger({ event: 'anyChange', options: { startHoursBack: 3 } })({});
		expect(result.items?.map((item) => item.json.salesOrderId)).toEqual(recent.map((o) => o.salesOrderId).sort());
	});

	it('manual "Fetch Test Event" returns the newest order and leaves static data alone', async () => {
		const sim = world.sim;
		const poll = trigger({ event: 'anyChange' });
		const state = (await poll({})).staticData;
		sim.clock.set(Date.now() + 10_000);
		sim.orders.create(PARTNER, { count: 3 });
		sim.clock.advance(1000);
		const [newest] = sim.orders.create(PARTNER, { count: 1 });
		sim.clock.advance(-5000);
		sim.orders.create(PARTNER, { count: 1 }); // placed later, but an older change date
		sim.clearRequests();
		const manual = await poll(state, 'manual');
		expect(manual.items).toHaveLength(1);
		expect(manual.items![0].json.salesOrderId).toBe(newest.salesOrderId);
		expect(manual.staticData).toEqual(state);
		expect(listRequests()).toHaveLength(1);
		expect(listRequests()[0].query).toEqual({ orderColumnType: 'ORDER_LIFECYCLE_DATE', orderDirection: 'DESC', limit: '1' });
		// the real poll afterwards still emits all five
		const next = await poll(state);
		expect(next.items).toHaveLength(5);
	});

	it('an error propagates and leaves the cursor; the next poll emits what was pending', async () => {
		const sim = world.sim;
		const poll = trigger({ event: 'anyChange' });
		const state = (await poll({})).staticData;
		sim.clock.set(Date.now() + 10_000);
		const created = sim.orders.create(PARTNER, { count: 4 });
		sim.faults.add({ path: '/v4/orders', status: 400, body: { errors: [{ title: 'BAD_REQUEST', detail: 'broken' }] } });
		await expect(poll(state)).rejects.toThrow('OTTO: BAD_REQUEST (HTTP 400)');
		const retry = await poll(state);
		expect(retry.items?.map((item) => item.json.salesOrderId).sort()).toEqual(created.map((o) => o.salesOrderId).sort());
	});

	it('rejects a negative overlap with a clear error', async () => {
		await expect(trigger({ event: 'anyChange', options: { overlapSeconds: -5 } })({})).rejects.toThrow(
			'Invalid option "Overlap (Seconds)": must be a number of at least 0 (got -5)',
		);
	});
});
