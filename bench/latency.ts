/**
 * `npm run bench -- --only=latency`: the simulator answers in 150 ± 50 ms, as OTTO does, with its
 * rate limit of 20 requests per second per partner on. The nodes run with their default settings
 * (no Request Options), so these figures are what a user gets out of the box.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../test/helpers/n8n';
import { SELLER, dataCalls, loadNode, s, timed, tokenCalls, world } from './harness';
import type { Row, ScenarioResult } from './harness';

export const LATENCY_MS = 150;
export const JITTER_MS = 50;
const PER_SECOND = 20;

const latencyWorld = async (options: Record<string, unknown> = {}) =>
	await world({ latencyMs: LATENCY_MS, latencyJitterMs: JITTER_MS, rateLimits: { general: { perSecond: PER_SECOND } }, ...options });

const failuresOf = (items: INodeExecutionData[]) => items.filter((item) => item.json.error !== undefined || item.error).length;

/** 1. Per-item reads: Orders › Get for each of 1,000 items. */
export async function latencyReads(reads = 1000): Promise<ScenarioResult> {
	const name = `Latency ${LATENCY_MS} ± ${JITTER_MS} ms: ${reads.toLocaleString('en')} per-item reads (Orders › Get)`;
	const node = loadNode('OttoMarketOrders');
	const w = await latencyWorld();
	try {
		const orders = w.sim.orders.create(SELLER.partnerId, { count: 50 });
		const input = Array.from({ length: reads }, (_, i) => ({ json: { id: orders[i % orders.length].salesOrderId } }));
		const { value: result, ms } = await timed(
			async () =>
				await runNode(
					w.helper,
					{
						type: node,
						parameters: { operation: 'get', order: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
						credentials: w.seller(),
						onError: 'continueRegularOutput',
					},
					input,
				),
		);
		const data = dataCalls(w.sim);
		const tooMany = data.filter((r) => r.status === 429).length;
		const inOrder = result.items.every((item, i) => item.json.salesOrderId === input[i].json.id && (item.pairedItem as { item: number }).item === i);
		const failures = failuresOf(result.items) + (result.error ? 1 : 0) + (reads - result.items.length);
		const ideal = (reads / PER_SECOND) * 1000;
		const ratio = ms / ideal;
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'completion time',
				ours: s(ms),
				limit: `1.15 × rate-limit ideal ${s(ideal)} = ${s(ideal * 1.15)}`,
				pass: ratio <= 1.15,
				note: `ratio ${ratio.toFixed(3)}; ${data.length} data requests, ${tooMany}× 429; sequential would take about ${s(reads * LATENCY_MS)}`,
			},
			{ scenario: name, metric: 'failures (output in input order, paired)', ours: `${failures}${inOrder ? '' : ', ORDER WRONG'}`, limit: '0', pass: failures === 0 && inOrder },
		];
		return { name, rows, seconds: ms / 1000, data: { reads, ms, ideal, ratio, failures, inOrder, requests: data.length, status429: tooMany } };
	} finally {
		await w.close();
	}
}

/** 2. Per-item writes: Shipments › Create for each of 1,000 position items, each created exactly once. */
export async function latencyShipments(count = 1000): Promise<ScenarioResult> {
	const name = `Latency ${LATENCY_MS} ± ${JITTER_MS} ms: ${count.toLocaleString('en')} shipments (Shipments › Create)`;
	const node = loadNode('OttoMarketShipments');
	const w = await latencyWorld();
	try {
		const orders = w.sim.orders.create(SELLER.partnerId, { count, positions: 1 });
		const input = orders.map((order, i) => ({
			json: {
				salesOrderId: order.salesOrderId,
				positionItemId: order.positionItems[0].positionItemId,
				tracking: `00340434${String(i + 1).padStart(12, '0')}`,
			},
		}));
		const { value: result, ms } = await timed(
			async () =>
				await runNode(
					w.helper,
					{
						type: node,
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
						credentials: w.seller(),
						onError: 'continueRegularOutput',
					},
					input,
				),
		);
		const posts = dataCalls(w.sim).filter((r) => r.method === 'POST' && r.path === '/v1/shipments');
		const created = posts.filter((r) => r.status === 201 || r.status === 200);
		const perTracking = new Map<string, number>();
		for (const post of created) {
			const key = String((post.body as { trackingKey?: { trackingNumber?: string } })?.trackingKey?.trackingNumber);
			perTracking.set(key, (perTracking.get(key) ?? 0) + 1);
		}
		const exactlyOnce = perTracking.size === count && [...perTracking.values()].every((n) => n === 1);
		const tooMany = posts.filter((r) => r.status === 429).length;
		const failures = failuresOf(result.items) + (result.error ? 1 : 0) + (count - result.items.length);
		const ideal = (count / PER_SECOND) * 1000;
		const ratio = ms / ideal;
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'completion time',
				ours: s(ms),
				limit: `1.2 × rate-limit ideal ${s(ideal)} = ${s(ideal * 1.2)}`,
				pass: ratio <= 1.2,
				note: `ratio ${ratio.toFixed(3)}; ${posts.length} POSTs (${tooMany}× 429, repeated: OTTO did not process them)`,
			},
			{
				scenario: name,
				metric: 'shipments created at the simulator',
				ours: `${created.length} (${perTracking.size} tracking numbers, each ${exactlyOnce ? 'once' : 'NOT once'})`,
				limit: `${count}, each exactly once`,
				pass: exactlyOnce && created.length === count && failures === 0,
				note: `${failures} failed items`,
			},
		];
		return { name, rows, seconds: ms / 1000, data: { count, ms, ideal, ratio, created: created.length, posts: posts.length, status429: tooMany, failures, exactlyOnce } };
	} finally {
		await w.close();
	}
}

/** 3. Backfill: Orders › Get Many › Return All over 20,000 orders; cursor pages are sequential. */
export async function latencyBackfill(orders = 20_000): Promise<ScenarioResult> {
	const name = `Latency ${LATENCY_MS} ± ${JITTER_MS} ms: backfill ${orders.toLocaleString('en')} orders (cursor pages)`;
	const node = loadNode('OttoMarketOrders');
	const w = await latencyWorld();
	try {
		w.sim.orders.create(SELLER.partnerId, { count: orders, at: Date.now() - orders * 1000, intervalMs: 1000, positions: 2 });
		const credentials = w.seller();
		const { value: result, ms } = await timed(
			async () => await runNode(w.helper, { type: node, parameters: { operation: 'getMany', returnAll: true }, credentials }),
		);
		const pages = dataCalls(w.sim).length;
		const tokens = tokenCalls(w.sim);
		// The token call is one more round trip before the first page.
		const ideal = (pages + tokens) * LATENCY_MS;
		const ratio = ms / ideal;
		const complete = !result.error && result.items.length === orders;
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'wall time, Return All',
				ours: s(ms),
				limit: `1.1 × (${pages} pages + ${tokens} token) × ${LATENCY_MS} ms = ${s(ideal * 1.1)}`,
				pass: ratio <= 1.1 && complete,
				note: `ratio ${ratio.toFixed(3)}; ${result.items.length} records`,
			},
		];
		return { name, rows, seconds: ms / 1000, data: { orders, pages, tokens, ms, ideal, ratio, records: result.items.length } };
	} finally {
		await w.close();
	}
}

/** 3b. A page-number list: Returns › Get Many › Return All over 5,000 returns (50 per page), pages read ahead. */
export async function latencyPages(returns = 5000): Promise<ScenarioResult> {
	const name = `Latency ${LATENCY_MS} ± ${JITTER_MS} ms: ${returns.toLocaleString('en')} returns (page-number list, read ahead)`;
	const node = loadNode('OttoMarketReturns');
	const w = await latencyWorld();
	try {
		const orders = w.sim.orders.create(SELLER.partnerId, { count: returns, positions: 1, status: 'SENT', at: Date.now() - returns * 2000, intervalMs: 1000 });
		w.sim.returns.announce(SELLER.partnerId, {
			positionItemIds: orders.map((order) => order.positionItems[0].positionItemId),
			at: Date.now() - returns * 1000,
			intervalMs: 1000,
		});
		const expected = w.sim.returns.list(SELLER.partnerId, 'ANNOUNCED').map((record) => String(record.positionItemId));
		const credentials = w.seller();
		const { value: result, ms } = await timed(
			async () => await runNode(w.helper, { type: node, parameters: { operation: 'getMany', status: 'ANNOUNCED', returnAll: true }, credentials }),
		);
		const gets = dataCalls(w.sim).filter((r) => r.method === 'GET' && r.path === '/v3/returns');
		const tooMany = gets.filter((r) => r.status === 429).length;
		const perPage = 50;
		// The pages the list has: full ones, then the first short (or empty) one that ends it.
		const pages = Math.floor(expected.length / perPage) + 1;
		const beyond = gets.filter((r) => Number(r.query.page ?? 1) > pages).length;
		const ids = result.items.map((item) => String(item.json.positionItemId));
		const exact = !result.error && ids.length === expected.length && ids.every((id, i) => id === expected[i]);
		// The rate limit allows one page per 50 ms: token and first page one round trip each, the others
		// 1/20 s apart, the last one's answer a round trip later.
		const ideal = LATENCY_MS + ((pages - 1) / PER_SECOND) * 1000 + LATENCY_MS;
		const arrivals = gets.map((r) => Date.parse(r.time));
		const rate = arrivals.length > 1 ? ((arrivals.length - 1) * 1000) / (Math.max(...arrivals) - Math.min(...arrivals)) : 0;
		const ratio = ms / ideal;
		const sequential = (pages + 1) * LATENCY_MS;
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'wall time, Return All',
				ours: s(ms),
				limit: `1.2 × rate-limit ideal ${s(ideal)} = ${s(ideal * 1.2)}`,
				pass: ratio <= 1.2 && exact,
				note: `ratio ${ratio.toFixed(3)}; ${pages} pages, ${gets.length} requests (${beyond} beyond the end, read ahead), ${tooMany}× 429, ${rate.toFixed(1)} requests per second from first to last; page after page would take about ${s(sequential)} (ratio ${(ms / sequential).toFixed(2)} of that)`,
			},
			{
				scenario: name,
				metric: 'returns in OTTO\'s order, each once',
				ours: `${ids.length}${exact ? '' : ', NOT EXACT'}`,
				limit: `${expected.length}, exactly once, in order`,
				pass: exact,
			},
			{ scenario: name, metric: 'pages asked for beyond the end', ours: String(beyond), limit: '≤ 7 (Max Concurrent Requests − 1)', pass: beyond <= 7 },
		];
		return { name, rows, seconds: ms / 1000, data: { returns, pages, requests: gets.length, beyond, ms, ideal, ratio, sequential, status429: tooMany, exact } };
	} finally {
		await w.close();
	}
}

/** 4. Ten executions at once, 100 reads each, one credential: one pace for the seller. */
export async function latencyParallelExecutions(executions = 10, reads = 100): Promise<ScenarioResult> {
	const name = `Latency ${LATENCY_MS} ± ${JITTER_MS} ms: ${executions} parallel executions × ${reads} reads, one credential`;
	const node = loadNode('OttoMarketOrders');
	const w = await latencyWorld();
	try {
		const orders = w.sim.orders.create(SELLER.partnerId, { count: 50 });
		const credentials = w.seller();
		const input = Array.from({ length: reads }, (_, i) => ({ json: { id: orders[i % orders.length].salesOrderId } }));
		const { value: results, ms } = await timed(
			async () =>
				await Promise.all(
					Array.from({ length: executions }, async () =>
						await runNode(
							w.helper,
							{
								type: node,
								parameters: { operation: 'get', order: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
								credentials,
								onError: 'continueRegularOutput',
							},
							input,
						),
					),
				),
		);
		const data = dataCalls(w.sim);
		const tooMany = data.filter((r) => r.status === 429).length;
		const failures = results.reduce((sum, result) => sum + failuresOf(result.items) + (result.error ? 1 : 0) + (reads - result.items.length), 0);
		const ideal = ((executions * reads) / PER_SECOND) * 1000;
		const handful = 5;
		const rows: Row[] = [
			{
				scenario: name,
				metric: '429 answers',
				ours: String(tooMany),
				limit: `≤ ${handful}`,
				pass: tooMany <= handful,
				note: `${data.length} data requests, ${tokenCalls(w.sim)} token request(s), ${s(ms)} (rate-limit ideal ${s(ideal)}, ratio ${(ms / ideal).toFixed(3)})`,
			},
			{ scenario: name, metric: 'failures', ours: String(failures), limit: '0', pass: failures === 0 },
		];
		return { name, rows, seconds: ms / 1000, data: { executions, reads, ms, ideal, status429: tooMany, failures, requests: data.length } };
	} finally {
		await w.close();
	}
}
