/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped: the test routes answer after a delay */
/**
 * Page-number lists read pages ahead (nodes/shared/pagination.ts), run by n8n-core against a
 * test route of the simulator over real HTTP. The invariant, for random list sizes, page sizes,
 * page bases, limits, answer times, Max Concurrent Requests, pacing, next links or none, and
 * answers that fail once (429, 503) or for good (pages beyond the end, a page of the list):
 * every record of the list exactly once and in order, never more than Limit, each page the
 * output needs answered once, no page past what the Limit needs, at most Max Concurrent
 * Requests − 1 pages asked for beyond the end, never more than Max Concurrent Requests in flight.
 * `OTTO_READAHEAD_SEEDS=3,17` replays seeds; `OTTO_READAHEAD_RUNS=200` runs more.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { RouteContext } from '../../../simulator';
import { readAheadWidth } from '../../../nodes/shared/pagination';
import { TransportProbe } from '../../fixtures/TransportProbe.node';
import { runNode } from '../../helpers/n8n';
import { seededRandom } from '../../helpers/random';
import { useSimulator } from '../../helpers/simulator';

/** The shared seeded source (test/helpers/random.ts), with the helpers these runs draw with. */
function generator(seed: number) {
	// Small seeds start xorshift with tiny numbers: spread the seed and let it run in first.
	const next = seededRandom(Math.imul(seed, 2654435761) >>> 0);
	for (let i = 0; i < 8; i++) next();
	return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), chance: (p: number) => next() < p };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
	index: number;
	status: number;
	at: number;
}

/** One list at the test route, and what the route saw. */
interface List {
	records: Array<{ id: string }>;
	/** First page number (0 for categories, 1 elsewhere). */
	base: number;
	links: boolean;
	latency: () => number;
	/** Page index → status of its first answer (a failure repeated by the transport). */
	failOnce: Map<number, number>;
	/** Page index → status of every answer (a failure for good). */
	failAlways: Map<number, number>;
	/** Pages beyond the end of the list answer 500 (they must not count). */
	beyondFails: boolean;
	attempts: Map<number, number>;
	answers: Answer[];
	/** Requests that reached the route (counted on arrival). */
	arrived: number;
	inFlight: number;
	maxInFlight: number;
}

function newList(records: number, base = 1): List {
	return {
		records: Array.from({ length: records }, (_, i) => ({ id: `r${i}` })),
		base,
		links: true,
		latency: () => 0,
		failOnce: new Map(),
		failAlways: new Map(),
		beyondFails: false,
		attempts: new Map(),
		answers: [],
		arrived: 0,
		inFlight: 0,
		maxInFlight: 0,
	};
}

describe('page-number lists read pages ahead', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	let list = newList(0);

	beforeAll(() => {
		world.sim.route('GET', '/test/read-ahead', { scope: 'orders', limitKey: null }, async (ctx: RouteContext) => {
			const current = list;
			current.arrived += 1;
			current.inFlight += 1;
			current.maxInFlight = Math.max(current.maxInFlight, current.inFlight);
			const arrived = Date.now();
			try {
				await sleep(current.latency());
				const page = Number(ctx.query.get('page') ?? current.base);
				const size = Number(ctx.query.get('limit'));
				const index = page - current.base;
				const attempt = (current.attempts.get(index) ?? 0) + 1;
				current.attempts.set(index, attempt);
				const offset = index * size;
				const fail = (status: number) => {
					current.answers.push({ index, status, at: arrived });
					const error = world.sim.errors.otto(status, 'FAILED', `page ${page} failed`, ctx.path);
					const headers: Record<string, string> = status === 429 ? { 'retry-after': '0' } : {};
					return { status, body: error.body, headers };
				};
				if (current.failAlways.has(index)) return fail(current.failAlways.get(index) as number);
				// Beyond the page that ends the list (the first short or empty one).
				if (current.beyondFails && index > Math.floor(current.records.length / size)) return fail(500);
				if (attempt === 1 && current.failOnce.has(index)) return fail(current.failOnce.get(index) as number);
				const slice = current.records.slice(offset, offset + size);
				const links = current.links && offset + size < current.records.length ? [{ rel: 'next', href: `/test/read-ahead?page=${page + 1}&limit=${size}` }] : [];
				current.answers.push({ index, status: 200, at: arrived });
				return { body: current.links ? { results: slice, links } : { results: slice } };
			} finally {
				current.inFlight -= 1;
			}
		});
	});

	function read(parameters: INodeParameters, requestOptions: INodeParameters = {}, credentials = world.sellerCredential()) {
		return runNode(world.helper, {
			type: new TransportProbe(),
			parameters: {
				operation: 'list',
				path: '/test/read-ahead',
				style: 'page',
				recordsPath: 'results',
				qs: list.base === 1 ? '{}' : `{"page":${list.base}}`,
				returnAll: true,
				...parameters,
				requestOptions: { initialBackoffMs: 5, ...requestOptions },
			},
			credentials,
			onError: 'continueRegularOutput',
		});
	}

	const seeds = process.env.OTTO_READAHEAD_SEEDS
		? process.env.OTTO_READAHEAD_SEEDS.split(',').map(Number)
		: Array.from({ length: Number(process.env.OTTO_READAHEAD_RUNS ?? 40) }, (_, i) => i + 1);

	it(`every record exactly once and in order, within Limit and Max Concurrent Requests (${seeds.length} random lists)`, async () => {
		const problems: string[] = [];
		let pagesRead = 0;
		let beyondRead = 0;
		let widest = 0;
		for (const seed of seeds) {
			const random = generator(seed);
			const records = random.chance(0.1) ? random.int(0, 3) : random.int(0, 60);
			list = newList(records, random.chance(0.3) ? 0 : 1);
			const size = random.int(1, 7);
			const limit = random.chance(0.4) ? undefined : random.int(1, records + 8);
			const concurrency = random.int(1, 6);
			const sequential = random.chance(0.15);
			// Pacing off (the read-ahead as wide as Max Concurrent Requests) or a fast strict pace.
			const maxRequestsPerSecond = random.chance(0.7) ? 0 : random.int(100, 400);
			list.links = random.chance(0.7);
			const maxLatency = random.int(0, 25);
			list.latency = () => random.int(0, maxLatency);
			list.beyondFails = random.chance(0.4);
			const pagesInList = Math.floor(records / size) + 1;
			for (let index = 0; index < pagesInList + 8; index++) if (random.chance(0.15)) list.failOnce.set(index, random.chance(0.5) ? 429 : 503);
			const wanted = limit === undefined ? records : Math.min(limit, records);
			// The last page the output needs: the first short page (it ends the list) or the one that completes the Limit.
			const lastNeeded = Math.min(Math.floor(records / size), limit === undefined ? Infinity : Math.ceil(limit / size) - 1);
			const brokenPage = random.chance(0.12) ? random.int(0, lastNeeded) : undefined;
			if (brokenPage !== undefined) list.failAlways.set(brokenPage, 400);

			const result = await read(
				{ maxPageSize: size, returnAll: limit === undefined, limit: limit ?? 50, sequential },
				{ maxConcurrentRequests: concurrency, maxRequestsPerSecond },
			);
			const tag = `seed ${seed} (records ${records}, size ${size}, base ${list.base}, limit ${limit ?? 'all'}, concurrency ${concurrency}, ${sequential ? 'sequential, ' : ''}${list.links ? 'links' : 'no links'}, pace ${maxRequestsPerSecond || 'off'}${brokenPage !== undefined ? `, page ${brokenPage} broken` : ''})`;
			const say = (what: string) => problems.push(`${tag}: ${what}`);
			const ok = list.answers.filter((answer) => answer.status === 200);
			pagesRead += ok.length;
			if (brokenPage !== undefined) {
				// A page the output needs fails for good: the item ends as one error item, nothing of it doubled.
				const failed = result.items.length === 1 && result.items[0].json.error !== undefined;
				if (!failed) say(`expected one error item, got ${result.items.length} items`);
			} else {
				const ids = result.items.map((item) => item.json.id);
				const expected = list.records.slice(0, wanted).map((record) => record.id);
				if (result.error || JSON.stringify(ids) !== JSON.stringify(expected)) {
					say(`output ${JSON.stringify(ids)} instead of ${JSON.stringify(expected)} ${result.error ? String(result.error.message) : ''}`);
				}
				if (!result.items.every((item) => (item.pairedItem as { item: number }).item === 0)) say('pairedItem wrong');
				for (let index = 0; index <= lastNeeded; index++) {
					const answered = ok.filter((answer) => answer.index === index).length;
					if (answered !== 1) say(`page ${index} answered ${answered} times`);
				}
			}
			for (const answer of ok) if (ok.filter((other) => other.index === answer.index).length > 1) say(`page ${answer.index} read twice`);
			const beyond = new Set(list.answers.map((answer) => answer.index).filter((index) => index > lastNeeded));
			beyondRead += beyond.size;
			if (limit !== undefined && Math.max(-1, ...beyond) > Math.ceil(limit / size) - 1) say(`asked for page ${Math.max(...beyond)}, which Limit ${limit} does not need`);
			if (beyond.size > concurrency - 1) say(`${beyond.size} pages asked for beyond the end (at most ${concurrency - 1})`);
			if (list.maxInFlight > concurrency) say(`${list.maxInFlight} requests in flight (Max Concurrent Requests ${concurrency})`);
			if (sequential) {
				if (list.maxInFlight > 1) say(`sequential, but ${list.maxInFlight} requests in flight`);
				const order = ok.map((answer) => answer.index);
				if (order.some((index, i) => index !== i)) say(`sequential, but pages in the order ${order.join(',')}`);
			}
			widest = Math.max(widest, list.maxInFlight);
		}
		// The runs are worth something only when they really read ahead.
		expect(widest).toBeGreaterThanOrEqual(4);
		expect({ problems: problems.slice(0, 10), count: problems.length }).toEqual({ problems: [], count: 0 });
		expect(pagesRead).toBeGreaterThan(seeds.length * 2);
		expect(beyondRead).toBeGreaterThan(0);
	}, 120_000);

	it('pages are in flight together at OTTO-like latency, paced by the shared pacer and bounded by Max Concurrent Requests', async () => {
		const credentials = world.sellerCredential();
		// 40 pages of 5 at 150 ms each; the node's defaults: 20 requests per second, Max Concurrent Requests 8.
		list = newList(200);
		list.latency = () => 150;
		const result = await read({ maxPageSize: 5 }, {}, credentials);
		expect(result.items.map((item) => item.json.id)).toEqual(list.records.map((record) => record.id));
		// 20 per second over 150 ms answers: about 4 in flight, one page after the other would be 1.
		expect(list.maxInFlight).toBeGreaterThanOrEqual(3);
		expect(list.maxInFlight).toBeLessThanOrEqual(8);
		const perWindow = (answers: Answer[]) => Math.max(...answers.map((a) => answers.filter((b) => b.at >= a.at && b.at < a.at + 1000).length));
		expect(perWindow(list.answers)).toBeLessThanOrEqual(20);
		// Not past the end by more than the width minus one.
		expect(list.answers.length).toBeLessThanOrEqual(41 + 7);

		// Max Concurrent Requests 2: never more than 2 at once.
		list = newList(100);
		list.latency = () => 150;
		const two = await read({ maxPageSize: 5 }, { maxConcurrentRequests: 2 }, credentials);
		expect(two.items).toHaveLength(100);
		expect(list.maxInFlight).toBe(2);

		// An interface with a lower limit (Products V5 reads: 10 per second): the pace of the interface.
		list = newList(150);
		list.latency = () => 150;
		const slower = await read({ maxPageSize: 5, perSecond: 10 }, {}, credentials);
		expect(slower.items).toHaveLength(150);
		expect(list.maxInFlight).toBeGreaterThanOrEqual(2);
		expect(perWindow(list.answers)).toBeLessThanOrEqual(10);

		// Sequential (the option a reader that needs exact pages keeps): one page after the other.
		list = newList(50);
		list.latency = () => 150;
		const sequential = await read({ maxPageSize: 5, sequential: true }, {}, credentials);
		expect(sequential.items).toHaveLength(50);
		expect(list.maxInFlight).toBe(1);
		expect(list.answers.map((answer) => answer.index)).toEqual(Array.from({ length: 11 }, (_, i) => i));
	}, 60_000);

	it('cancelling the execution stops the pages in flight and sends no more', async () => {
		list = newList(400);
		list.latency = () => 2000;
		let cancel: () => void = () => {};
		const running = runNode(
			world.helper,
			{
				type: new TransportProbe(),
				parameters: { operation: 'list', path: '/test/read-ahead', style: 'page', recordsPath: 'results', returnAll: true, maxPageSize: 5, qs: '{}' },
				credentials: world.sellerCredential(),
			},
			undefined,
			{ onStart: (fn) => (cancel = fn) },
		);
		// Let two full pages through quickly, then answers take 2 s: pages are in flight together.
		list.latency = () => 0;
		const started = Date.now();
		while (list.answers.length < 2 && Date.now() - started < 10_000) await sleep(5);
		list.latency = () => 2000;
		while (list.inFlight < 2 && Date.now() - started < 10_000) await sleep(5);
		expect(list.inFlight).toBeGreaterThanOrEqual(2);
		const asked = list.arrived;
		const cancelledAt = Date.now();
		cancel();
		const result = await running;
		expect(Date.now() - cancelledAt).toBeLessThan(1500);
		expect(result.error?.message).toMatch(/cancel/i);
		await sleep(300);
		// Nothing asked for after the cancel.
		expect(list.arrived).toBe(asked);
	}, 30_000);

	it('readAheadWidth: the pace times the answer time, rounded down, plus two; at most Max Concurrent Requests', () => {
		expect(readAheadWidth(20, 150, 8)).toBe(5);
		expect(readAheadWidth(10, 150, 8)).toBe(3);
		expect(readAheadWidth(20, 1000, 8)).toBe(8);
		expect(readAheadWidth(20, 2, 8)).toBe(2);
		expect(readAheadWidth(20, 150, 1)).toBe(1);
		expect(readAheadWidth(20, Infinity, 8)).toBe(2);
		// No pacing: as wide as Max Concurrent Requests.
		expect(readAheadWidth(Infinity, 150, 6)).toBe(6);
	});
});
