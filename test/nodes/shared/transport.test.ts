/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped: the cancellation test polls the request log */
/**
 * Rate-limit and failure retries of the shared transport (nodes/shared/transport.ts, with the policy of
 * nodes/shared/retry.ts), through n8n-core against the simulator:
 * Retry-After honoured, backoff without it, bounds with a clear error, WAF/HTML pages, repeat safety
 * for POST, and cancellation.
 */
import type { INodeParameters } from 'n8n-workflow';

import { TransportProbe } from '../../fixtures/TransportProbe.node';
import { runNode } from '../../helpers/n8n';
import type { RunResult } from '../../helpers/n8n';
import { useSimulator } from '../../helpers/simulator';

const WAF_PAGE = '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>Request blocked</h1><p>Reference #18.abc</p></body></html>';

describe('transport retries', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	let posts = 0;

	beforeAll(() => {
		world.sim.orders.create('1000001', { count: 1 });
		world.sim.route('POST', '/test/shipments', { scope: 'orders', limitKey: null }, () => {
			posts += 1;
			return { status: 201, body: { created: posts } };
		});
	});

	function run(parameters: INodeParameters, requestOptions: INodeParameters = {}): Promise<RunResult> {
		return runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'request', path: '/v4/orders', ...parameters, requestOptions },
			credentials: world.sellerCredential(),
		});
	}

	/** The data requests (token requests left out), as "METHOD path status". */
	function dataRequests() {
		return world.sim.requests.filter((r) => !r.path.startsWith('/oauth2')).map((r) => `${r.method} ${r.path} ${r.status}`);
	}

	function gapMs(a: number, b: number) {
		const data = world.sim.requests.filter((r) => !r.path.startsWith('/oauth2'));
		return Date.parse(data[b].time) - Date.parse(data[a].time);
	}

	it('waits at least what Retry-After asks (1 s), then succeeds', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'retry-after': '1' } });
		const started = Date.now();
		const result = await run({});
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(dataRequests()).toEqual(['GET /v4/orders 429', 'GET /v4/orders 200']);
		expect(gapMs(0, 1)).toBeGreaterThanOrEqual(1000);
		expect(elapsed).toBeGreaterThanOrEqual(1000);
		// Retry-After wins over the (here huge) backoff setting.
		expect(gapMs(0, 1)).toBeLessThan(3000);
	});

	it('reads Retry-After as an HTTP date', async () => {
		const at = new Date(Date.now() + 1000);
		world.sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'retry-after': at.toUTCString() } });
		const result = await run({}, { initialBackoffMs: 0 });
		expect(result.error).toBeUndefined();
		expect(dataRequests()).toEqual(['GET /v4/orders 429', 'GET /v4/orders 200']);
		// The date has whole seconds: the retry comes no earlier than that second.
		const retryAt = Date.parse(world.sim.requests.filter((r) => r.path === '/v4/orders')[1].time);
		expect(retryAt).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 1000) * 1000);
	});

	it('without Retry-After backs off (bounded by Initial Backoff) and succeeds', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 429, times: 2 });
		const result = await run({}, { initialBackoffMs: 100 });
		expect(result.error).toBeUndefined();
		expect(dataRequests()).toEqual(['GET /v4/orders 429', 'GET /v4/orders 429', 'GET /v4/orders 200']);
		// Full jitter: first wait in [0, 100], second in [0, 200] (plus request time).
		expect(gapMs(0, 1)).toBeLessThan(100 + 400);
		expect(gapMs(1, 2)).toBeLessThan(200 + 400);
	});

	it('stops at Max Retries with an error that says what to do', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'retry-after': '0' }, times: Infinity });
		// No backoff configured: Retry-After 0 then means no wait at all (see the next test).
		const result = await run({}, { maxRetries: 2, initialBackoffMs: 0 });
		expect(dataRequests()).toEqual(['GET /v4/orders 429', 'GET /v4/orders 429', 'GET /v4/orders 429']);
		expect(result.error?.message).toBe('OTTO kept rejecting the request because of its rate limit (HTTP 429) after 2 retries');
		expect(result.error?.description).toBe(
			'Gave up after waiting 0.0 s in total. Lower "Max Requests per Second" or raise "Max Retries" / "Max Total Retry Wait" in Request Options, or run the workflow later.',
		);
		expect(result.error?.httpCode).toBe('429');
	});

	it('reads Retry-After: 0 as "retry soon" with the normal backoff, not all retries at once', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'retry-after': '0' }, times: 5 });
		const result = await run({}, { maxRetries: 5, initialBackoffMs: 100 });
		expect(result.error).toBeUndefined();
		expect(dataRequests()).toHaveLength(6);
		// Five full-jitter waits in [0, 100], [0, 200], ... [0, 1600] ms (mean 1.55 s); taken
		// literally, Retry-After 0 sent all six within a few ms.
		expect(gapMs(0, 5)).toBeGreaterThan(100);
	});

	it('gives up at once when Retry-After exceeds Max Total Retry Wait', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'retry-after': '30' }, times: Infinity });
		const started = Date.now();
		const result = await run({}, { maxRetryWaitSeconds: 2 });
		expect(Date.now() - started).toBeLessThan(1000);
		expect(dataRequests()).toEqual(['GET /v4/orders 429']);
		expect(result.error?.message).toBe('OTTO kept rejecting the request because of its rate limit (HTTP 429) after 0 retries');
		expect(result.error?.description).toContain('OTTO asked to wait 30.0 s more, over the limit of 2 s');
		expect(result.error?.description).toContain('Max Total Retry Wait');
	});

	it('counts every wait against Max Total Retry Wait', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'retry-after': '1' }, times: Infinity });
		const result = await run({}, { maxRetryWaitSeconds: 1.5, maxRetries: 10 });
		// 1 s waited; a second 1 s wait would make 2 s > 1.5 s.
		expect(dataRequests()).toEqual(['GET /v4/orders 429', 'GET /v4/orders 429']);
		expect(result.error?.description).toMatch(/^Gave up after waiting 1\.0 s in total \(OTTO asked to wait 1\.0 s more, over the limit of 2 s\)/);
	});

	it('repeats after a WAF 403 HTML page and after an HTML 429', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 403, html: true, body: WAF_PAGE });
		world.sim.faults.add({ path: '/v4/orders', status: 429, html: true, headers: { 'retry-after': '0' } });
		const result = await run({}, { initialBackoffMs: 10 });
		expect(result.error).toBeUndefined();
		expect(dataRequests()).toEqual(['GET /v4/orders 403', 'GET /v4/orders 429', 'GET /v4/orders 200']);
	});

	it('a WAF page that does not go away ends in the rate-limit error after Max Retries', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 403, html: true, body: WAF_PAGE, times: Infinity });
		const result = await run({}, { initialBackoffMs: 1, maxRetries: 1 });
		expect(dataRequests()).toHaveLength(2);
		expect(result.error?.message).toBe('OTTO kept rejecting the request because of its rate limit (HTTP 403) after 1 retry');
	});

	it('does not repeat a JSON 403 (a missing scope)', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 403, body: { errors: [{ title: 'INSUFFICIENT_PERMISSION', detail: 'no scope' }] } });
		const result = await run({}, { initialBackoffMs: 1 });
		expect(dataRequests()).toEqual(['GET /v4/orders 403']);
		expect(result.error?.message).toBe('OTTO: INSUFFICIENT_PERMISSION (HTTP 403)');
	});

	it.each([502, 503, 504])('repeats a GET after %i', async (status) => {
		world.sim.faults.add({ path: '/v4/orders', status });
		const result = await run({}, { initialBackoffMs: 1 });
		expect(result.error).toBeUndefined();
		expect(dataRequests()).toEqual([`GET /v4/orders ${status}`, 'GET /v4/orders 200']);
	});

	it('repeats a GET after a connection reset', async () => {
		world.sim.faults.add({ path: '/v4/orders', reset: true });
		const result = await run({}, { initialBackoffMs: 1 });
		expect(result.error).toBeUndefined();
		expect(dataRequests()).toEqual(['GET /v4/orders 0', 'GET /v4/orders 200']);
	});

	it('does NOT repeat a POST after a 503: OTTO may have acted', async () => {
		world.sim.faults.add({ path: '/test/shipments', status: 503, afterHandler: true });
		const before = posts;
		const result = await run({ method: 'POST', path: '/test/shipments', body: '{"a":1}' }, { initialBackoffMs: 1 });
		expect(dataRequests()).toEqual(['POST /test/shipments 503']);
		expect(posts - before).toBe(1);
		expect(result.error?.message).toBe('OTTO: Service Unavailable (HTTP 503)');
		expect(result.error?.httpCode).toBe('503');
		expect(result.error?.description).toMatch(/not repeated automatically, because OTTO may already have processed it/);
	});

	it('does NOT repeat a POST after a connection reset, and says why', async () => {
		world.sim.faults.add({ path: '/test/shipments', reset: true, afterHandler: true });
		const before = posts;
		const result = await run({ method: 'POST', path: '/test/shipments', body: '{"a":1}' }, { initialBackoffMs: 1 });
		expect(dataRequests()).toEqual(['POST /test/shipments 0']);
		expect(posts - before).toBe(1);
		expect(result.error?.message).toBe('OTTO could not be reached (ECONNRESET)');
		expect(result.error?.description).toBe(
			'This request was not repeated automatically, because OTTO may already have processed it. Check at OTTO before running it again.',
		);
	});

	it('does repeat a POST after a 429 (OTTO did not process it)', async () => {
		world.sim.faults.add({ path: '/test/shipments', status: 429, headers: { 'retry-after': '0' } });
		const before = posts;
		const result = await run({ method: 'POST', path: '/test/shipments', body: '{"a":1}' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ created: before + 1 });
		expect(dataRequests()).toEqual(['POST /test/shipments 429', 'POST /test/shipments 201']);
	});

	it('stops waiting at once when the execution is cancelled', async () => {
		world.sim.faults.add({ path: '/v4/orders', status: 429, headers: { 'retry-after': '60' }, times: Infinity });
		let cancel: () => void = () => {};
		const running = runNode(
			world.helper,
			{ type: new TransportProbe(), parameters: { operation: 'request', path: '/v4/orders' }, credentials: world.sellerCredential() },
			[{ json: {} }],
			{ onStart: (fn) => (cancel = fn) },
		);
		const started = Date.now();
		while (!world.sim.requests.some((r) => r.status === 429) && Date.now() - started < 5000) {
			await new Promise((resolve) => setImmediate(resolve));
		}
		expect(world.sim.requests.some((r) => r.status === 429)).toBe(true);
		const cancelledAt = Date.now();
		cancel();
		const result = await running;
		expect(Date.now() - cancelledAt).toBeLessThan(1000);
		expect(dataRequests()).toEqual(['GET /v4/orders 429']);
		expect(result.error?.message).toBe('The execution was cancelled while waiting for OTTO');
	});
});
