/**
 * Faults while reading: 429 storms, 5xx, connection resets, WAF 403 HTML pages, slow answers and
 * token expiry in the middle of a run. Every input item ends as a result or an error item paired
 * with it, and the run ends within the bounds of its Request Options.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { OttoMarketOrders } from '../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import type { Order } from '../../simulator';
import { runNode } from '../helpers/n8n';
import type { RunResult } from '../helpers/n8n';
import { SELLER, requestsTo, tokenRequests, useSimulator } from '../helpers/simulator';

const P = SELLER.partnerId;
/** Small bounds so the tests stay fast: 2 retries, 1 s of waiting per request, 20 ms first backoff, 400 ms timeout. */
// One item after the other: the faults are armed by request order and the counts (one 401 after the
// token expiry) assume it; items at the same time are covered in test/nodes/shared/itemGate.test.ts.
const FAST = { maxRetries: 2, maxRetryWaitSeconds: 1, initialBackoffMs: 20, timeout: 400, maxConcurrentRequests: 1 };

function expectEveryItemAccounted(result: RunResult, count: number): INodeExecutionData[] {
	expect(result.error).toBeUndefined();
	const items = result.outputs.flat();
	expect(items).toHaveLength(count);
	expect(items.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_, item) => ({ item })));
	return items;
}

describe('faults while reading orders', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	let orders: Order[];
	beforeAll(() => {
		orders = world.sim.orders.create(P, { count: 6 });
	});

	const getOrders = async (requestOptions: INodeParameters = FAST, count = orders.length) => {
		const started = Date.now();
		const result = await runNode(
			world.helper,
			{
				type: new OttoMarketOrders(),
				parameters: { operation: 'get', order: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, requestOptions },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			orders.slice(0, count).map((order) => ({ json: { id: order.salesOrderId } })),
		);
		return { result, elapsed: Date.now() - started };
	};
	const orderReads = () => requestsTo(world.sim, '/v4/orders/', 'GET');

	it('rides out a mix of 429 storm, 503, 502, reset, WAF page, slow answer and token expiry: all 6 items succeed', async () => {
		world.sim.faults.add({ method: 'GET', path: '/v4/orders/', status: 429, times: 2, headers: { 'retry-after': '0' } });
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[1].salesOrderId}`, status: 503 });
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[2].salesOrderId}`, reset: true });
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[3].salesOrderId}`, status: 403, html: true });
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[4].salesOrderId}`, delayMs: 1000 });
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[5].salesOrderId}`, status: 502 });
		// Token expiry in the middle of the run: every token dies while the 4th order read is handled.
		const get = world.sim.orders.get.bind(world.sim.orders);
		let reads = 0;
		const spy = jest.spyOn(world.sim.orders, 'get').mockImplementation((partnerId, id) => {
			if (++reads === 4) world.sim.expireTokens();
			return get(partnerId, id);
		});
		try {
			const { result, elapsed } = await getOrders();
			const items = expectEveryItemAccounted(result, 6);
			expect(items.map((item) => item.json.salesOrderId)).toEqual(orders.map((order) => order.salesOrderId));
			expect(items.filter((item) => item.json.error)).toHaveLength(0);
			// 6 good answers + 2× 429 + 503 + reset + WAF + timeout + 502 + one 401 after the expiry
			const log = orderReads();
			expect(log.filter((r) => r.status === 200)).toHaveLength(6);
			expect(log.filter((r) => r.status === 429)).toHaveLength(2);
			expect(log.filter((r) => r.status === 401)).toHaveLength(1);
			expect(log).toHaveLength(14);
			expect(tokenRequests(world.sim)).toHaveLength(2); // the first token, and one after the expiry
			// Bound: the slow answer costs one timeout (400 ms), backoffs are at most 20-80 ms each.
			expect(elapsed).toBeLessThan(400 + 6 * 2 * 80 + 2500);
		} finally {
			spy.mockRestore();
		}
	});

	it('a 429 storm that never ends: each item becomes an error item after Max Retries, within the bound', async () => {
		world.sim.faults.add({ method: 'GET', path: '/v4/orders/', status: 429, times: Infinity, headers: { 'retry-after': '0' } });
		const { result, elapsed } = await getOrders(FAST, 3);
		const items = expectEveryItemAccounted(result, 3);
		for (const item of items) {
			expect(item.json.error).toMatch(/OTTO kept rejecting the request because of its rate limit \(HTTP 429\) after 2 retries/);
		}
		expect(orderReads()).toHaveLength(3 * (FAST.maxRetries + 1));
		expect(elapsed).toBeLessThan(3000);
	});

	it('OTTO asks to wait longer than Max Total Retry Wait: gives up at once instead of waiting 30 s', async () => {
		world.sim.faults.add({ method: 'GET', path: '/v4/orders/', status: 429, times: Infinity, headers: { 'retry-after': '30' } });
		const { result, elapsed } = await getOrders(FAST, 2);
		const items = expectEveryItemAccounted(result, 2);
		for (const item of items) {
			expect(item.json.error).toMatch(/HTTP 429\) after 0 retries/);
			expect(item.json.details).toMatch(/OTTO asked to wait 30\.0 s more, over the limit of 1 s/);
		}
		expect(orderReads()).toHaveLength(2);
		expect(elapsed).toBeLessThan(2000);
	});

	it('a WAF blocking every request with an HTML 403 page ends as error items, the HTML kept out of the message', async () => {
		world.sim.faults.add({ method: 'GET', path: '/v4/orders/', status: 403, html: true, times: Infinity });
		const { result, elapsed } = await getOrders(FAST, 2);
		const items = expectEveryItemAccounted(result, 2);
		for (const item of items) {
			expect(String(item.json.error)).toMatch(/HTTP 403/);
			expect(String(item.json.error)).not.toMatch(/<html|<!DOCTYPE/i);
		}
		expect(orderReads()).toHaveLength(2 * (FAST.maxRetries + 1));
		expect(elapsed).toBeLessThan(3000);
	});

	it('a server that stays down (500, 503, resets) gives error items for reads after the bounded retries', async () => {
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[0].salesOrderId}`, status: 500, times: Infinity });
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[1].salesOrderId}`, status: 503, times: Infinity });
		world.sim.faults.add({ method: 'GET', path: `/v4/orders/${orders[2].salesOrderId}`, reset: true, times: Infinity });
		const { result, elapsed } = await getOrders(FAST, 4);
		const items = expectEveryItemAccounted(result, 4);
		expect(items.map((item) => Boolean(item.json.error))).toEqual([true, true, true, false]);
		expect(items[3].json.salesOrderId).toBe(orders[3].salesOrderId);
		const per = (id: string) => orderReads().filter((r) => r.path === `/v4/orders/${id}`).length;
		expect(per(orders[0].salesOrderId)).toBe(1); // a 500 is an answer, not a transient failure
		expect(per(orders[1].salesOrderId)).toBe(FAST.maxRetries + 1);
		expect(per(orders[2].salesOrderId)).toBe(FAST.maxRetries + 1);
		expect(elapsed).toBeLessThan(3000);
	});

	it('slow answers beyond the timeout end as error items after Max Retries timeouts each', async () => {
		world.sim.faults.add({ method: 'GET', path: '/v4/orders/', delayMs: 800, times: Infinity });
		const { result, elapsed } = await getOrders({ ...FAST, timeout: 150, maxRetries: 1 }, 2);
		const items = expectEveryItemAccounted(result, 2);
		for (const item of items) expect(String(item.json.error)).toMatch(/timeout|did not answer|ECONNABORTED|kept failing/i);
		// 2 items × 2 attempts × 150 ms timeout, plus backoffs of at most 40 ms
		expect(elapsed).toBeLessThan(4 * 150 + 4 * 40 + 2000);
		world.sim.faults.clear();
	});

	it('Get Many (Return All) under a 429 storm and a reset between pages still returns every order exactly once', async () => {
		const more = world.sim.orders.create(P, { count: 300 });
		world.sim.faults.add({ method: 'GET', path: '/v4/orders', status: 429, times: 3, headers: { 'retry-after': '0' } });
		world.sim.faults.add({ method: 'GET', path: /^\/v4\/orders$/, reset: true });
		const result = await runNode(world.helper, {
			type: new OttoMarketOrders(),
			parameters: { operation: 'getMany', returnAll: true, requestOptions: { ...FAST, maxRetries: 4 } },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		const ids = result.items.map((item) => item.json.salesOrderId);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toHaveLength(orders.length + more.length);
	});
});
