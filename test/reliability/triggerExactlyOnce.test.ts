/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped */
/**
 * Exactly-once of both triggers, proven model-based over random timelines (issue 12): the Orders
 * Trigger and the Returns Trigger poll the simulator (real HTTP, n8n's PollContext, every poll a
 * restart from JSON-serialized static data) while the test changes OTTO's data between and during
 * polls: new records and status changes, bursts at one identical instant, records stored late
 * (inside the overlap, and later than it), clock skew between n8n and OTTO up to ±60 s, more than
 * 5,000 changes inside one overlap window, backlogs over the per-poll cap, 429s and 5xx mid-poll
 * (some beyond the retries, so the poll fails), returns changing pages during a read.
 * The invariant (see triggerModel.ts): every promised change is emitted exactly once, nothing twice.
 *
 * With a credential in app mode both triggers poll three installations (a cursor each) while random
 * installations are uninstalled, refused (401 at the token exchange), unavailable (503 streaks beyond
 * the retries) and tokens expire between and during polls: per installation every promised change
 * exactly once, nothing under another installation's ID (see "over a list of installations").
 * Replay those with OTTO_TRIGGER_SEEDS=multi:N (orders) or multiReturns:N (returns).
 *
 *   npm test                                   ~1,000 polls over 22 seeds (+ ~170 multi-installation polls over 6 seeds)
 *   OTTO_TRIGGER_SOAK=1 npx jest test/reliability/triggerExactlyOnce.test.ts    10,000 polls over 40 seeds
 *   OTTO_TRIGGER_SEEDS=orders:7,returns:3 npx jest test/reliability/triggerExactlyOnce.test.ts   replay seeds
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OttoMarketOrdersTrigger } from '../../nodes/OttoMarketOrdersTrigger/OttoMarketOrdersTrigger.node';
import { OttoMarketReturnsTrigger } from '../../nodes/OttoMarketReturnsTrigger/OttoMarketReturnsTrigger.node';
import type { FulfillmentStatus, Order } from '../../simulator';
import { clearInstallationTokens } from '../../nodes/shared/installations';
import { pollOnce } from '../helpers/n8n';
import { SERVICE_PARTNER, useSimulator } from '../helpers/simulator';
import { Ledger, seededRandom, sum } from './triggerModel';
import type { Figures, Rng } from './triggerModel';

const P = '1000001';
const OVERLAP_MS = 120_000;
const SOAK = process.env.OTTO_TRIGGER_SOAK === '1';
const POLLS = SOAK ? 250 : 46;
const SEEDS_PER_TRIGGER = SOAK ? 20 : 11;
/** The orders seed with more than 5,000 changes inside one overlap window. */
const BIG_WINDOW_SEED = 1;
const STATUSES: FulfillmentStatus[] = ['ANNOUNCED', 'PROCESSABLE', 'SENT', 'RETURNED', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'];
const REQUEST_OPTIONS = { maxRetries: 2, initialBackoffMs: 1, maxRetryWaitSeconds: 1 };

function seedsOf(kind: string): number[] {
	const replay = process.env.OTTO_TRIGGER_SEEDS;
	if (replay) {
		return replay
			.split(',')
			.map((entry) => entry.trim().split(':'))
			.filter(([name]) => name === kind)
			.map(([, seed]) => Number(seed));
	}
	return Array.from({ length: SEEDS_PER_TRIGGER }, (_, index) => index + 1);
}

/** The event key of an order state, computed here independently of the node. */
function orderKey(order: IDataObject | Order): string {
	const items = (order.positionItems ?? []) as Array<{ fulfillmentStatus: string }>;
	const counts = STATUSES.map((status) => items.filter((item) => item.fulfillmentStatus === status).length).join('.');
	const date = (order.orderLifecycleInformation as { lifecycleChangeDate: string }).lifecycleChangeDate;
	return `${String(order.salesOrderId)}~${counts}|${new Date(date).toISOString()}`;
}

function returnKey(record: IDataObject): string {
	return `${String(record.positionItemId)}|${new Date(String(record.occurredTime)).toISOString()}`;
}

/** How late OTTO stores a change: mostly at once, sometimes inside the overlap, rarely after it. */
function lateness(rng: Rng): number {
	const roll = rng.next();
	if (roll < 0.7) return 0;
	if (roll < 0.94) return rng.int(1, OVERLAP_MS - 1_000);
	return OVERLAP_MS + rng.int(1_000, 60_000);
}

const STEPS = [0, 0, 1, 999, 5_000, 30_000, 90_000, 200_000];

const results: Array<{ kind: string; seed: number; figures: Figures }> = [];
/** The multi-installation seeds (figures per installation, summed), kept apart from the single-trigger totals. */
const multiResults: Array<{ kind: string; seed: number; figures: Figures; misrouted: number; untagged: number; reports: number; failures: number }> = [];
const MULTI_POLLS = SOAK ? 150 : 26;
const MULTI_SEEDS = SOAK ? 12 : 4;
const MULTI_RETURN_SEEDS = SOAK ? 8 : 2;
const INSTALLATIONS = [
	{ installationId: 'xo-1', partnerId: '4000001' },
	{ installationId: 'xo-2', partnerId: '4000002' },
	{ installationId: 'xo-3', partnerId: '4000003' },
];
const failures: string[] = [];

function report(kind: string, seed: number, ledger: Ledger) {
	const figures = ledger.figures();
	results.push({ kind, seed, figures });
	if (figures.duplicates || figures.missing || figures.phantoms) {
		const line =
			`FAILED seed ${kind}:${seed} (replay: OTTO_TRIGGER_SEEDS=${kind}:${seed} npx jest test/reliability/triggerExactlyOnce.test.ts): ` +
			`${figures.duplicates} duplicates ${JSON.stringify(figures.duplicateKeys.slice(0, 3))}, ` +
			`${figures.missing} missing ${JSON.stringify(figures.missingKeys.slice(0, 3))}, ${figures.phantoms} phantoms`;
		failures.push(line);
		process.stdout.write(`${line}\n`);
	}
}

describe('both triggers: every promised change exactly once over random timelines', () => {
	const world = useSimulator({ seed: 12, rateLimitsEnabled: false, logErrors: false });

	afterEach(() => {
		world.sim.onRequest = undefined;
	});

	/** Polls with the ledger's bookkeeping; a failed poll keeps the static data it started from. */
	function poller(ledger: Ledger, parameters: INodeParameters, type: 'orders' | 'returns', cap: number) {
		const credentials = world.sellerCredential();
		let staticData: IDataObject = {};
		const keyOf = type === 'orders' ? orderKey : returnKey;
		return async () => {
			ledger.beginPoll();
			try {
				const result = await pollOnce(
					world.helper,
					{ type: type === 'orders' ? new OttoMarketOrdersTrigger() : new OttoMarketReturnsTrigger(), parameters, credentials },
					{ staticData },
				);
				staticData = result.staticData;
				const keys = (result.items ?? []).map((item) => keyOf(item.json));
				ledger.endPoll({ ok: true, keys, capped: keys.length >= cap });
				return keys.length;
			} catch {
				ledger.endPoll({ ok: false, keys: [], capped: false });
				return -1;
			}
		};
	}

	async function drain(ledger: Ledger, poll: () => Promise<number>) {
		world.sim.onRequest = undefined;
		world.sim.faults.clear();
		for (let n = 0; n < 200; n++) {
			world.sim.clock.advance(1_000);
			const count = await poll();
			if (count === 0 && ledger.complete[ledger.pollIndex]) break;
		}
		await poll();
	}

	/** Random mid-poll faults: 429 and 5xx for the next requests (three in a row fail the poll). */
	function maybeFault(rng: Rng, path: string, chance: number) {
		if (!rng.chance(chance)) return;
		world.sim.faults.add({ path, method: 'GET', status: rng.pick([429, 500, 502, 503]), times: rng.pick([1, 1, 2, 3]) });
	}

	/** Jest refuses an empty table: a replay of only one trigger skips the other. */
	const each = (seeds: number[]) => (seeds.length ? it.each(seeds) : it.skip.each([0]));
	const TIMEOUT = 600_000;

	/** n8n was down (or the workflow inactive) for a while: changes spread over minutes, then one poll reads them all. */
	function downtime(rng: Rng, act: () => void) {
		for (let n = rng.int(20, 60); n > 0; n--) {
			world.sim.clock.advance(rng.int(2_000, 20_000));
			act();
		}
	}

	each(seedsOf('orders'))('Orders Trigger, seed %i', async (seed) => {
		const sim = world.sim;
		sim.reset();
		const rng = seededRandom(seed);
		const big = seed === BIG_WINDOW_SEED;
		const cap = big ? 2_500 : rng.pick([15, 40, 500]);
		const event = big ? 'anyChange' : rng.pick(['anyChange', 'anyChange', 'processable', 'cancelled', 'sent']);
		const statusMatch = rng.pick(['BUCKET', 'AT_LEAST_ONE']);
		const statuses = event === 'anyChange' && !big && rng.chance(0.3) ? ['PROCESSABLE', 'SENT'] : [];
		const eventStatuses: Record<string, string[]> = {
			anyChange: statuses,
			processable: ['PROCESSABLE'],
			cancelled: ['CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'],
			sent: ['SENT'],
		};
		const watched = eventStatuses[event];
		const ledger = new Ledger(OVERLAP_MS);
		const poll = poller(
			ledger,
			{ event, statuses, options: { maxOrdersPerPoll: cap, statusMatch }, requestOptions: REQUEST_OPTIONS },
			'orders',
			cap,
		);
		// Which orders the trigger watches, as OTTO (the simulator, with its bucket rules) answers the same filter.
		const inScope = (order: Order) =>
			!watched.length ||
			sim.orders
				.query(P, { statuses: watched, mode: statusMatch, direction: 'ASC', column: 'ORDER_LIFECYCLE_DATE' } as never)
				.some((row: { order: Order }) => row.order === order);
		const note = (order: Order, storedAt: number) =>
			ledger.store(order.salesOrderId, inScope(order) ? orderKey(order) : undefined, Date.parse(order.orderLifecycleInformation.lifecycleChangeDate), storedAt);

		const now = () => sim.clock.now().getTime();
		const createOrders = (count: number, late: number, intervalMs = 0, positions?: number) => {
			const at = now() - late;
			for (const order of sim.orders.create(P, { count, at, intervalMs, positions, status: rng.pick(['ANNOUNCED', 'PROCESSABLE'] as FulfillmentStatus[]) })) note(order, now());
		};
		const next: Record<string, FulfillmentStatus[]> = {
			ANNOUNCED: ['PROCESSABLE'],
			PROCESSABLE: ['SENT', 'SENT', 'CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'],
			SENT: ['RETURNED'],
		};
		const changeOne = () => {
			const orders = sim.orders.list(P).filter((order) => order.positionItems.some((item) => next[item.fulfillmentStatus]));
			if (!orders.length) return;
			const order = rng.pick(orders);
			const active = order.positionItems.filter((item) => next[item.fulfillmentStatus]);
			const item = rng.pick(active);
			const ids = rng.chance(0.5) ? [item.positionItemId] : active.filter((p) => p.fulfillmentStatus === item.fulfillmentStatus).map((p) => p.positionItemId);
			const at = Math.max(Date.parse(order.orderLifecycleInformation.lifecycleChangeDate), now() - lateness(rng));
			note(sim.orders.setStatus(P, order.salesOrderId, rng.pick(next[item.fulfillmentStatus]), { at, positionItemIds: ids }), now());
		};
		const act = () => {
			const roll = rng.next();
			if (roll < 0.3) createOrders(rng.chance(0.05) ? rng.int(20, 150) : rng.int(1, 4), lateness(rng));
			else if (roll < 0.85) changeOne();
		};

		// Before the activation, on a clock up to 60 s off n8n's: history the trigger must not emit.
		sim.clock.set(Date.now() + rng.int(-60_000, 60_000));
		createOrders(rng.int(5, 20), rng.int(0, 300_000));
		for (let n = rng.int(0, 5); n > 0; n--) changeOne();
		sim.clock.advance(rng.pick([1, 500, 2_000]));
		ledger.activationTime = now();
		sim.onRequest = (ctx) => {
			if (!ledger.inPoll || ctx.path !== '/v4/orders') return;
			if (rng.chance(big ? 0.05 : 0.3)) act();
			maybeFault(rng, '/v4/orders', 0.04);
		};
		await poll();

		const polls = big ? 7 : POLLS;
		for (let index = 1; index < polls; index++) {
			sim.clock.advance(big ? rng.pick([0, 1, 999, 3_000]) : rng.pick(STEPS));
			if (!big && rng.chance(0.04)) downtime(rng, act);
			for (let n = rng.int(0, 4); n > 0; n--) act();
			if (big && index === 2) {
				// 5,100 changes within 51 s (one overlap window), stored at once
				sim.clock.advance(OVERLAP_MS);
				createOrders(5_100, 60_000, 10, 1);
			}
			maybeFault(rng, '/v4/orders', 0.05);
			await poll();
		}
		await drain(ledger, poll);
		report('orders', seed, ledger);
		const figures = ledger.figures();
		expect({ duplicates: figures.duplicates, missing: figures.missing, phantoms: figures.phantoms }).toEqual({ duplicates: 0, missing: 0, phantoms: 0 });
		if (big) expect(figures.promised).toBeGreaterThan(5_000);
	}, TIMEOUT);

	each(seedsOf('returns'))('Returns Trigger, seed %i', async (seed) => {
		const sim = world.sim;
		sim.reset();
		const rng = seededRandom(1_000 + seed);
		const cap = rng.pick([25, 60, 500]);
		const ledger = new Ledger(OVERLAP_MS);
		const poll = poller(
			ledger,
			{ event: 'announcedReturn', options: { maxReturnsPerPoll: cap }, requestOptions: REQUEST_OPTIONS },
			'returns',
			cap,
		);
		const now = () => sim.clock.now().getTime();
		const records = () => (sim.partner(P).returns as { byItem: Map<string, IDataObject> } | undefined)?.byItem ?? new Map<string, IDataObject>();

		const announce = (count: number, late: number) => {
			const at = now() - late;
			const sent = sim.orders.create(P, { count, status: 'SENT', positions: 1, at: at - 3 * 86_400_000 });
			const ids = sent.map((order) => order.positionItems[0].positionItemId);
			for (const record of sim.returns.announce(P, { positionItemIds: ids, at })) {
				ledger.store(record.positionItemId, returnKey(record as unknown as IDataObject), at, now());
			}
		};
		/** A return leaves the announced list (accepted or rejected): every return behind it moves up one place. */
		const decide = (newest = false) => {
			let announced = [...records().values()].filter((record) => record.status === 'ANNOUNCED');
			if (newest) announced = sim.returns.list(P, 'ANNOUNCED').slice(0, 50).map((view) => records().get(view.positionItemId)!);
			if (!announced.length) return;
			const record = rng.pick(announced);
			record.status = rng.pick(['ACCEPTED', 'REJECTED']);
			record.occurredTime = new Date(now()).toISOString();
			ledger.store(String(record.positionItemId), undefined, now(), now());
		};
		/** A rejected return is announced again (a new event of the same position item). */
		const reannounce = () => {
			const rejected = [...records().values()].filter((record) => record.status === 'REJECTED' && Date.parse(String(record.occurredTime)) < now());
			if (!rejected.length) return;
			const record = rng.pick(rejected);
			const at = Math.max(Date.parse(String(record.occurredTime)) + 1, now() - lateness(rng));
			for (const fresh of sim.returns.announce(P, { positionItemIds: [String(record.positionItemId)], at })) {
				ledger.store(fresh.positionItemId, returnKey(fresh as unknown as IDataObject), at, now());
			}
		};
		const act = () => {
			const roll = rng.next();
			if (roll < 0.4) announce(rng.chance(0.06) ? rng.int(40, 120) : rng.int(1, 4), lateness(rng));
			else if (roll < 0.8) decide();
			else if (roll < 0.9) reannounce();
		};

		sim.clock.set(Date.now() + rng.int(-60_000, 60_000));
		announce(rng.int(5, 60), rng.int(0, 300_000));
		sim.clock.advance(rng.pick([1, 500, 2_000]));
		ledger.activationTime = now();
		sim.onRequest = (ctx) => {
			if (!ledger.inPoll || ctx.path !== '/v3/returns') return;
			// while the trigger pages through the list: returns leave it, new ones arrive on top, late ones in between
			if (rng.chance(0.35)) decide(true);
			if (rng.chance(0.2)) act();
			maybeFault(rng, '/v3/returns', 0.04);
		};
		await poll();
		for (let index = 1; index < POLLS; index++) {
			sim.clock.advance(rng.pick(STEPS));
			if (rng.chance(0.05)) downtime(rng, act);
			for (let n = rng.int(0, 4); n > 0; n--) act();
			maybeFault(rng, '/v3/returns', 0.05);
			await poll();
		}
		await drain(ledger, poll);
		if (process.env.OTTO_TRIGGER_DEBUG) process.stdout.write(`returns ${seed}: ${sim.requests.filter((r) => r.path === '/v3/returns').length} list requests, ${sim.returns.list(P).length} returns\n`);
		report('returns', seed, ledger);
		const figures = ledger.figures();
		expect({ duplicates: figures.duplicates, missing: figures.missing, phantoms: figures.phantoms }).toEqual({ duplicates: 0, missing: 0, phantoms: 0 });
	}, TIMEOUT);

	describe('both triggers over a list of installations (app mode)', () => {
		beforeAll(() => {
			for (const seller of INSTALLATIONS) world.sim.apps.addInstallation(SERVICE_PARTNER.appId, seller);
		});
		let originalQuery: typeof world.sim.orders.query;
		beforeAll(() => {
			originalQuery = world.sim.orders.query;
		});
		afterEach(() => {
			world.sim.orders.query = originalQuery;
			for (const seller of INSTALLATIONS) world.sim.apps.setInstallationState(seller.installationId, 'ENABLED');
		});

		/**
		 * One timeline: three installations (a ledger each), changes for random sellers between and
		 * during polls, and failures of single installations for 1–4 polls: uninstalled (403 at the
		 * exchange), refused (401 at the exchange, after n8n's developer-token refresh), unavailable
		 * (503 beyond the retries for that seller only: orders), plus tokens expiring between and during
		 * polls and random 429/5xx on the list path (whichever installation's request comes next).
		 */
		async function timeline(kind: 'orders' | 'returns', seed: number) {
			const sim = world.sim;
			sim.reset();
			clearInstallationTokens();
			const rng = seededRandom((kind === 'orders' ? 5_000 : 6_000) + seed);
			const ids = INSTALLATIONS.map((seller) => seller.installationId);
			const partnerOf = new Map(INSTALLATIONS.map((seller) => [seller.installationId, seller.partnerId]));
			const cap = rng.pick(kind === 'orders' ? [10, 30, 500] : [15, 40, 500]);
			const event = kind === 'orders' ? rng.pick(['anyChange', 'processable', 'sent']) : 'announcedReturn';
			const watched: string[] = { anyChange: [], processable: ['PROCESSABLE'], sent: ['SENT'] }[event] ?? [];
			const ledgers = new Map(ids.map((id) => [id, new Ledger(OVERLAP_MS)]));
			const credentials = {
				ottoMarketApi: world.store.add('ottoMarketApi', {
					environment: 'custom',
					baseUrl: sim.url,
					authMode: 'servicePartnerApp',
					appId: SERVICE_PARTNER.appId,
					clientId: SERVICE_PARTNER.clientId,
					clientSecret: SERVICE_PARTNER.clientSecret,
				}),
			};
			const parameters: INodeParameters = {
				event,
				installationIds: rng.chance(0.5) ? ids.join(', ') : `={{ ${JSON.stringify(ids)} }}`,
				options: { [kind === 'orders' ? 'maxOrdersPerPoll' : 'maxReturnsPerPoll']: cap, reportFailedInstallations: true },
				requestOptions: { ...REQUEST_OPTIONS, maxConcurrentRequests: rng.pick([1, 3]) },
			};
			const keyOf = kind === 'orders' ? orderKey : returnKey;
			const listPath = kind === 'orders' ? '/v4/orders' : '/v3/returns';
			const tally = { misrouted: 0, untagged: 0, reports: 0, failures: 0 };
			const now = () => sim.clock.now().getTime();
			let staticData: IDataObject = {};
			const inPoll = () => ledgers.get(ids[0])!.inPoll;

			const poll = async () => {
				const start = now();
				for (const ledger of ledgers.values()) ledger.beginPoll();
				try {
					const type = kind === 'orders' ? new OttoMarketOrdersTrigger() : new OttoMarketReturnsTrigger();
					const result = await pollOnce(world.helper, { type, parameters, credentials }, { staticData });
					staticData = result.staticData;
					const items = result.items ?? [];
					const failed = new Set(items.filter((item) => item.json._ottoInstallationError === true).map((item) => String(item.json.installationId)));
					tally.reports += failed.size;
					const keys = new Map(ids.map((id) => [id, [] as string[]]));
					let events = 0;
					for (const item of items) {
						if (item.json._ottoInstallationError === true) continue;
						const id = String(item.json.installationId ?? '');
						const own = ledgers.get(id);
						const key = keyOf(item.json);
						if (!own) {
							tally.untagged += 1;
							continue;
						}
						if (!own.changes.has(key) && ids.some((other) => other !== id && ledgers.get(other)!.changes.has(key))) tally.misrouted += 1;
						keys.get(id)!.push(key);
						events += 1;
					}
					for (const [id, ledger] of ledgers) {
						const ok = !failed.has(id);
						// An installation starts (as a new trigger would) with its first poll that worked.
						if (ok && ledger.activationTime === undefined) ledger.activationTime = start;
						ledger.endPoll({ ok, keys: keys.get(id)!, capped: keys.get(id)!.length >= cap });
					}
					return events;
				} catch {
					// every installation failed: n8n keeps the static data of before the poll
					for (const ledger of ledgers.values()) ledger.endPoll({ ok: false, keys: [], capped: false });
					return -1;
				}
			};

			// Orders: created and changed per seller, recorded under that seller's installation.
			const inScope = (partnerId: string, order: Order) =>
				!watched.length ||
				originalQuery
					.call(sim.orders, partnerId, { statuses: watched, mode: 'BUCKET', direction: 'ASC', column: 'ORDER_LIFECYCLE_DATE' } as never)
					.some((row: { order: Order }) => row.order === order);
			const noteOrder = (id: string, order: Order) =>
				ledgers.get(id)!.store(
					order.salesOrderId,
					inScope(partnerOf.get(id)!, order) ? orderKey(order) : undefined,
					Date.parse(order.orderLifecycleInformation.lifecycleChangeDate),
					now(),
				);
			const next: Record<string, FulfillmentStatus[]> = { ANNOUNCED: ['PROCESSABLE'], PROCESSABLE: ['SENT', 'SENT', 'CANCELLED_BY_PARTNER'], SENT: ['RETURNED'] };
			const orderAct = (id: string) => {
				const partnerId = partnerOf.get(id)!;
				if (rng.chance(0.35)) {
					const count = rng.chance(0.05) ? rng.int(15, 60) : rng.int(1, 3);
					for (const order of sim.orders.create(partnerId, { count, at: now() - lateness(rng), status: rng.pick(['ANNOUNCED', 'PROCESSABLE'] as FulfillmentStatus[]) })) noteOrder(id, order);
					return;
				}
				const orders = sim.orders.list(partnerId).filter((order) => order.positionItems.some((item) => next[item.fulfillmentStatus]));
				if (!orders.length) return;
				const order = rng.pick(orders);
				const item = rng.pick(order.positionItems.filter((p) => next[p.fulfillmentStatus]));
				const at = Math.max(Date.parse(order.orderLifecycleInformation.lifecycleChangeDate), now() - lateness(rng));
				noteOrder(id, sim.orders.setStatus(partnerId, order.salesOrderId, rng.pick(next[item.fulfillmentStatus]), { at, positionItemIds: [item.positionItemId] }));
			};
			// Returns: announced, decided (leaving the announced list) and announced again, per seller.
			const records = (partnerId: string) => (sim.partner(partnerId).returns as { byItem: Map<string, IDataObject> } | undefined)?.byItem ?? new Map<string, IDataObject>();
			const returnAct = (id: string) => {
				const partnerId = partnerOf.get(id)!;
				const ledger = ledgers.get(id)!;
				const roll = rng.next();
				if (roll < 0.45) {
					const at = now() - lateness(rng);
					const sent = sim.orders.create(partnerId, { count: rng.chance(0.05) ? rng.int(20, 60) : rng.int(1, 3), status: 'SENT', positions: 1, at: at - 3 * 86_400_000 });
					for (const record of sim.returns.announce(partnerId, { positionItemIds: sent.map((order) => order.positionItems[0].positionItemId), at })) {
						ledger.store(record.positionItemId, returnKey(record as unknown as IDataObject), at, now());
					}
				} else if (roll < 0.85) {
					const announced = [...records(partnerId).values()].filter((record) => record.status === 'ANNOUNCED');
					if (!announced.length) return;
					const record = rng.pick(announced);
					record.status = rng.pick(['ACCEPTED', 'REJECTED']);
					record.occurredTime = new Date(now()).toISOString();
					ledger.store(String(record.positionItemId), undefined, now(), now());
				} else {
					const rejected = [...records(partnerId).values()].filter((record) => record.status === 'REJECTED' && Date.parse(String(record.occurredTime)) < now());
					if (!rejected.length) return;
					const record = rng.pick(rejected);
					const at = Math.max(Date.parse(String(record.occurredTime)) + 1, now() - lateness(rng));
					for (const fresh of sim.returns.announce(partnerId, { positionItemIds: [String(record.positionItemId)], at })) {
						ledger.store(fresh.positionItemId, returnKey(fresh as unknown as IDataObject), at, now());
					}
				}
			};
			const act = () => (kind === 'orders' ? orderAct : returnAct)(rng.pick(ids));

			// Failures of one installation for a few polls.
			const uninstalled = new Map<string, number>();
			const unavailable = new Map<string, number>();
			sim.orders.query = function (this: unknown, partnerId: string | number, q: never) {
				if (unavailable.has(String(partnerId))) throw { status: 503, body: { errors: [{ title: 'SERVICE_UNAVAILABLE', detail: 'simulated outage of one seller' }] } };
				return originalQuery.call(sim.orders, partnerId, q);
			} as typeof originalQuery;
			const failSomeone = () => {
				for (const id of ids) {
					if (!rng.chance(0.07)) continue;
					tally.failures += 1;
					const polls = rng.int(1, 4);
					const failure = rng.pick(kind === 'orders' ? ['uninstall', '401', '503'] : ['uninstall', '401']);
					if (failure === 'uninstall') {
						sim.apps.setInstallationState(id, 'DISABLED', sim.tokens);
						uninstalled.set(id, polls);
					} else if (failure === '401') {
						sim.tokens.revoke((record: { installationId: string | null }) => record.installationId === id);
						sim.faults.add({ pathRegex: `/installations/${id}/accessToken$`, method: 'POST', status: 401, times: 2 * polls });
					} else {
						unavailable.set(partnerOf.get(id)!, polls);
					}
				}
				if (rng.chance(0.1)) sim.tokens.expireAll();
			};
			const recover = () => {
				for (const [id, left] of uninstalled) {
					if (left > 1) uninstalled.set(id, left - 1);
					else {
						uninstalled.delete(id);
						sim.apps.setInstallationState(id, 'ENABLED');
					}
				}
				for (const [partnerId, left] of unavailable) {
					if (left > 1) unavailable.set(partnerId, left - 1);
					else unavailable.delete(partnerId);
				}
			};

			sim.clock.set(Date.now() + rng.int(-60_000, 60_000));
			for (let n = rng.int(5, 15); n > 0; n--) act();
			sim.clock.advance(rng.pick([1, 500, 2_000]));
			sim.onRequest = (ctx) => {
				if (!inPoll() || ctx.path !== listPath) return;
				if (rng.chance(0.25)) act();
				if (rng.chance(0.02)) sim.tokens.expireAll();
				maybeFault(rng, listPath, 0.03);
			};
			if (rng.chance(0.5)) failSomeone(); // some installations fail at their activation already
			await poll();
			recover();
			for (let index = 1; index < MULTI_POLLS; index++) {
				sim.clock.advance(rng.pick(STEPS));
				for (let n = rng.int(0, 5); n > 0; n--) act();
				failSomeone();
				await poll();
				recover();
			}
			// Drain: every installation back, no faults, poll until each is complete and nothing comes.
			sim.onRequest = undefined;
			sim.faults.clear();
			unavailable.clear();
			for (const id of ids) sim.apps.setInstallationState(id, 'ENABLED');
			for (let n = 0; n < 200; n++) {
				sim.clock.advance(1_000);
				const count = await poll();
				if (count === 0 && [...ledgers.values()].every((ledger) => ledger.complete[ledger.pollIndex])) break;
			}
			await poll();

			const perInstallation = ids.map((id) => ledgers.get(id)!.figures());
			const figures = sum(perInstallation);
			multiResults.push({ kind, seed, figures, ...tally });
			const bad = figures.duplicates || figures.missing || figures.phantoms || tally.misrouted || tally.untagged;
			if (bad) {
				const name = kind === 'orders' ? 'multi' : 'multiReturns';
				const line =
					`FAILED seed ${name}:${seed} (replay: OTTO_TRIGGER_SEEDS=${name}:${seed} npx jest test/reliability/triggerExactlyOnce.test.ts): ` +
					ids
						.map((id, i) => `${id}: ${perInstallation[i].duplicates} duplicates, ${perInstallation[i].missing} missing ${JSON.stringify(perInstallation[i].missingKeys.slice(0, 2))}, ${perInstallation[i].phantoms} phantoms`)
						.join('; ') +
					`; ${tally.misrouted} under another installation, ${tally.untagged} without installationId`;
				failures.push(line);
				process.stdout.write(`${line}\n`);
			}
			expect({ duplicates: figures.duplicates, missing: figures.missing, phantoms: figures.phantoms, misrouted: tally.misrouted, untagged: tally.untagged }).toEqual({
				duplicates: 0,
				missing: 0,
				phantoms: 0,
				misrouted: 0,
				untagged: 0,
			});
			// Every installation had promised events (so the invariant is not vacuous).
			for (const entry of perInstallation) expect(entry.promised).toBeGreaterThan(0);
		}

		const multiSeeds = (name: string, count: number) =>
			process.env.OTTO_TRIGGER_SEEDS ? seedsOf(name) : Array.from({ length: count }, (_, index) => index + 1);
		each(multiSeeds('multi', MULTI_SEEDS))('Orders Trigger, three installations, seed %i', async (seed) => await timeline('orders', seed), TIMEOUT);
		each(multiSeeds('multiReturns', MULTI_RETURN_SEEDS))('Returns Trigger, three installations, seed %i', async (seed) => await timeline('returns', seed), TIMEOUT);
	});

	afterAll(() => {
		const total = sum(results.map((entry) => entry.figures));
		const seeds = results.length;
		process.stdout.write(
			`trigger exactly-once: ${total.polls} polls over ${seeds} seeds (${total.failedPolls} failed by faults, ${total.cappedPolls} capped), ` +
				`${total.events} events (${total.promised} promised; ${total.outside} outside the promise: ${total.beforeActivation} before the activation, ` +
				`${total.storedTooLate} stored later than the overlap, ${total.replacedUnseen} replaced before any complete poll; ${total.outsideEmitted} of these emitted once), ` +
				`${total.emitted} emitted, ${total.duplicates} duplicates, ${total.missing} missing, ${total.phantoms} phantoms\n`,
		);
		if (multiResults.length) {
			const multi = sum(multiResults.map((entry) => entry.figures));
			const count = (name: 'misrouted' | 'untagged' | 'reports' | 'failures') => multiResults.reduce((total, entry) => total + entry[name], 0);
			process.stdout.write(
				`trigger exactly-once over ${INSTALLATIONS.length} installations: ${multi.polls / INSTALLATIONS.length} polls over ${multiResults.length} seeds ` +
					`(${multiResults.filter((entry) => entry.kind === 'orders').length} orders, ${multiResults.filter((entry) => entry.kind === 'returns').length} returns), ` +
					`${count('failures')} installation failures injected, ${count('reports')} failed installation-polls reported, ${multi.failedPolls} failed installation-polls in all, ` +
					`${multi.events} events (${multi.promised} promised), ${multi.emitted} emitted, ${multi.duplicates} duplicates, ${multi.missing} missing, ` +
					`${multi.phantoms} phantoms, ${count('misrouted')} under another installation, ${count('untagged')} without installationId\n`,
			);
		}
		if (failures.length) process.stdout.write(`${failures.join('\n')}\n`);
		if (!process.env.OTTO_TRIGGER_SEEDS) {
			// the size the issue asks for
			expect(seeds).toBeGreaterThanOrEqual(20);
			expect(total.polls).toBeGreaterThanOrEqual(1_000);
		}
	});
});
