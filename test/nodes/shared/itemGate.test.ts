/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped: handlers wait with timers */
/**
 * Per-item requests in flight together (nodes/shared/itemGate.ts, with router.ts and pacer.ts), through n8n-core
 * against the simulator: whatever the latencies and failures, every input item ends as one result
 * or one error item, in input order and paired; a write is sent once per item; no more requests
 * are in flight than Max Concurrent Requests; invalid items stop the run before anything is sent
 * (or become error items under Continue On Fail); cancelling stops what is in flight.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OttoMarketShipments } from '../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { TransportProbe } from '../../fixtures/TransportProbe.node';
import { runNode } from '../../helpers/n8n';
import { SELLER, useSimulator } from '../../helpers/simulator';
import { seededRandom } from '../../helpers/random';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('per-item requests in flight together', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	/** What the work route does per item id: latency and answer, drawn per run. */
	let plan = new Map<string, { latency: number; status: number; retryable?: boolean }>();
	let inFlight = 0;
	let maxInFlight = 0;
	const handled = new Map<string, number>();

	beforeAll(() => {
		world.sim.route('*', '/test/work/:id', { scope: 'orders', limitKey: null }, async (ctx) => {
			const id = String(ctx.params.id);
			const step = plan.get(id) ?? { latency: 0, status: 200 };
			inFlight += 1;
			maxInFlight = Math.max(maxInFlight, inFlight);
			try {
				await sleep(step.latency);
				// A 429 is refused unprocessed (not counted); anything else reached the handler.
				if (step.status === 429) {
					plan.set(id, { ...step, status: 200 });
					return { status: 429, headers: { 'retry-after': '0' }, body: { errors: [{ title: 'TOO_MANY_REQUESTS' }] } };
				}
				handled.set(`${ctx.method} ${id}`, (handled.get(`${ctx.method} ${id}`) ?? 0) + 1);
				if (step.status >= 400) return { status: step.status, body: { errors: [{ title: `FAILED_${step.status}`, detail: `item ${id}` }] } };
				return { status: ctx.method === 'POST' ? 201 : 200, body: { id, method: ctx.method } };
			} finally {
				inFlight -= 1;
			}
		});
	});

	beforeEach(() => {
		plan = new Map();
		handled.clear();
		inFlight = 0;
		maxInFlight = 0;
	});

	const probe = (parameters: INodeParameters, input: INodeExecutionData[], onError?: 'continueRegularOutput' | 'continueErrorOutput') =>
		runNode(
			world.helper,
			{
				type: new TransportProbe(),
				parameters: { operation: 'request', path: '=/test/work/{{ $json.n }}', ...parameters },
				credentials: world.sellerCredential(),
				onError,
			},
			input,
		);

	it('random latencies and failures: every item once, in order, paired; writes sent once; in flight bounded', async () => {
		const seeds = [1, 2, 3, 4, 5, 6];
		for (const seed of seeds) {
			const random = seededRandom(seed);
			plan = new Map();
			handled.clear();
			maxInFlight = 0;
			const items = 20 + Math.floor(random() * 20);
			const method = random() < 0.5 ? 'POST' : 'GET';
			const concurrency = 1 + Math.floor(random() * 6);
			const input: INodeExecutionData[] = [];
			for (let n = 0; n < items; n++) {
				const roll = random();
				// 429: repeated (OTTO did not process it); 503: repeated for GET only; 400: never repeated.
				const status = roll < 0.15 ? 400 : roll < 0.3 ? 429 : roll < 0.4 ? 503 : 200;
				plan.set(String(n), { latency: Math.floor(random() * 40), status });
				input.push({ json: { n: String(n), sku: `SKU-${n}` } });
			}
			const expected = new Map(plan);
			const result = await probe(
				{ method, body: method === 'POST' ? '={{ JSON.stringify({ n: $json.n }) }}' : '', requestOptions: { maxConcurrentRequests: concurrency, initialBackoffMs: 1, maxRetries: 3 } },
				input,
				'continueRegularOutput',
			);
			const context = `seed ${seed} (${items} items, ${method}, concurrency ${concurrency})`;
			expect({ context, error: result.error }).toEqual({ context, error: undefined });
			expect({ context, length: result.items.length }).toEqual({ context, length: items });
			result.items.forEach((item, index) => {
				const step = expected.get(String(index))!;
				expect({ context, index, paired: item.pairedItem }).toEqual({ context, index, paired: { item: index } });
				// 503 after a POST is not repeated: OTTO may have acted.
				const fails = step.status === 400 || (step.status === 503 && method === 'POST');
				if (fails) {
					expect({ context, index, sku: item.json.sku, failed: typeof item.json.error }).toEqual({ context, index, sku: `SKU-${index}`, failed: 'string' });
				} else {
					expect({ context, index, json: item.json }).toEqual({ context, index, json: { id: String(index), method } });
				}
				if (method === 'POST') {
					// Exactly once at "OTTO": a 429 was refused unprocessed, nothing else was repeated.
					expect({ context, index, handled: handled.get(`POST ${index}`) }).toEqual({ context, index, handled: 1 });
				}
			});
			expect(maxInFlight).toBeLessThanOrEqual(concurrency);
		}
	});

	it('runs requests of several items at the same time (default Max Concurrent Requests)', async () => {
		const input = Array.from({ length: 16 }, (_, n) => ({ json: { n: String(n) } }));
		for (const { json } of input) plan.set(String(json.n), { latency: 100, status: 200 });
		const started = Date.now();
		const result = await probe({}, input);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(input.map(({ json }) => json.n));
		expect(maxInFlight).toBeGreaterThan(1);
		expect(maxInFlight).toBeLessThanOrEqual(8);
		// One after the other this takes 16 × 100 ms.
		expect(Date.now() - started).toBeLessThan(1600);
	});

	it('without Continue On Fail: invalid items stop the run before anything is sent, all of them named', async () => {
		const input = [0, 1, 2, 3, 4].map((n) => ({ json: { n: String(n), body: n === 2 || n === 4 ? '{bad' : `{"n":${n}}` } }));
		const result = await probe({ method: 'POST', body: '={{ $json.body }}' }, input);
		expect(result.error).toBeDefined();
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(result.error?.description).toMatch(/2 of 5 items are invalid, nothing was sent to OTTO\. Also invalid: item 5: /);
		expect(handled.size).toBe(0);
		expect(world.sim.requests.filter((r) => r.path.startsWith('/test/work'))).toHaveLength(0);
	});

	it('names at most ten invalid items', async () => {
		const input = Array.from({ length: 30 }, (_, n) => ({ json: { n: String(n), body: n % 2 ? '{bad' : '{}' } }));
		const result = await probe({ method: 'POST', body: '={{ $json.body }}' }, input);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.error?.description).toMatch(/15 of 30 items are invalid/);
		expect(result.error?.description?.match(/item \d+:/g)).toHaveLength(9);
		expect(result.error?.description).toMatch(/and 5 more\.$/);
		expect(world.sim.requests.filter((r) => r.path.startsWith('/test/work'))).toHaveLength(0);
	});

	it('with Continue On Fail: invalid items become error items with their fields, the valid ones are sent', async () => {
		const input = [0, 1, 2].map((n) => ({ json: { n: String(n), sku: `SKU-${n}`, body: n === 1 ? '{bad' : `{"n":${n}}` } }));
		const result = await probe({ method: 'POST', body: '={{ $json.body }}' }, input, 'continueRegularOutput');
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].json).toEqual({ id: '0', method: 'POST' });
		expect(result.items[1].json).toMatchObject({ n: '1', sku: 'SKU-1', error: expect.any(String) });
		expect(result.items[2].json).toEqual({ id: '2', method: 'POST' });
		expect([...handled.keys()].sort()).toEqual(['POST 0', 'POST 2']);
	});

	it('with the error output: error items are {error, details} on the second output (n8n adds the input fields)', async () => {
		const input = [0, 1].map((n) => ({ json: { n: String(n), body: n === 1 ? '{bad' : '{}' } }));
		const result = await probe({ method: 'POST', body: '={{ $json.body }}' }, input, 'continueErrorOutput');
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(result.outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(result.outputs[1][0].json).toMatchObject({ n: '1', error: expect.any(String) });
	});

	it('a write that fails without Continue On Fail stops later items and names the writes already under way', async () => {
		const input = Array.from({ length: 12 }, (_, n) => ({ json: { n: String(n) } }));
		for (const { json } of input) plan.set(String(json.n), { latency: json.n === '1' ? 10 : 150, status: json.n === '1' ? 400 : 200 });
		// No pacing, so that items go out together.
		const result = await probe({ method: 'POST', body: '{}', requestOptions: { maxConcurrentRequests: 4, maxRequestsPerSecond: 0 } }, input);
		expect(result.error?.message).toBe('OTTO: FAILED_400 (HTTP 400)');
		expect(result.error?.context?.itemIndex).toBe(1);
		// The first request goes alone (it fetches the token); then items 1..4 go together, and the
		// rest is refused once item 2 (index 1) failed.
		expect([...handled.keys()].sort()).toEqual(['POST 0', 'POST 1', 'POST 2', 'POST 3', 'POST 4']);
		expect(result.error?.description).toMatch(/The writes of items 3, 4, 5 were already under way/);
	});

	it('cancelling stops what is in flight and what waits', async () => {
		const input = Array.from({ length: 30 }, (_, n) => ({ json: { n: String(n) } }));
		for (const { json } of input) plan.set(String(json.n), { latency: 5000, status: 200 });
		let cancel: () => void = () => {};
		const running = runNode(
			world.helper,
			{ type: new TransportProbe(), parameters: { operation: 'request', path: '=/test/work/{{ $json.n }}' }, credentials: world.sellerCredential() },
			input,
			{ onStart: (fn) => (cancel = fn) },
		);
		const started = Date.now();
		while (inFlight < 2 && Date.now() - started < 10_000) await sleep(5);
		expect(inFlight).toBeGreaterThan(1);
		const cancelledAt = Date.now();
		cancel();
		const result = await running;
		expect(Date.now() - cancelledAt).toBeLessThan(1500);
		expect(result.error?.message).toMatch(/cancel/i);
		expect(world.sim.requests.filter((r) => r.path.startsWith('/test/work')).length).toBeLessThanOrEqual(8);
	});
});

describe('Shipments › Create checks every item before sending (issue 12 defect 13)', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	const run = (input: INodeExecutionData[], onError?: 'continueRegularOutput') =>
		runNode(
			world.helper,
			{
				type: new OttoMarketShipments(),
				parameters: {
					resource: 'shipment',
					operation: 'create',
					carrier: 'DHL',
					trackingNumber: '={{ $json.tracking }}',
					shipFromCity: 'Hamburg',
					shipFromZipCode: '22179',
					shipFromCountryCode: 'DEU',
					positionItemsSource: 'list',
					positionItemsList: { item: [{ salesOrderId: '={{ $json.salesOrderId }}', positionItemId: '={{ $json.positionItemId }}' }] },
					returnCarrier: 'DHL',
					returnTrackingNumber: '={{ "R-" + $json.tracking }}',
				},
				credentials: world.sellerCredential(),
				onError,
			},
			input,
		);
	const posts = () => world.sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/shipments');

	function inputFor(count: number, badIndex: number): INodeExecutionData[] {
		const orders = world.sim.orders.create(SELLER.partnerId, { count, positions: 1 });
		return orders.map((order, i) => ({
			json: {
				salesOrderId: order.salesOrderId,
				positionItemId: order.positionItems[0].positionItemId,
				tracking: i === badIndex ? '' : `00340434${String(Date.now() % 1e6).padStart(6, '0')}${String(i).padStart(6, '0')}`,
			},
		}));
	}

	it('without Continue On Fail a bad third item means no shipment is created', async () => {
		const result = await run(inputFor(3, 2));
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(result.error?.message).toMatch(/Tracking Number/);
		expect(posts()).toHaveLength(0);
	});

	it('with Continue On Fail the bad item is an error item (with its fields) and the two good ones are created', async () => {
		const input = inputFor(3, 2);
		const result = await run(input, 'continueRegularOutput');
		expect(result.error).toBeUndefined();
		expect(posts()).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[2].json).toMatchObject({ salesOrderId: input[2].json.salesOrderId, error: expect.stringMatching(/Tracking Number/) });
	});
});
