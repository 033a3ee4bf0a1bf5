/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark, never shipped */
/**
 * The five benchmark scenarios. Each starts its own simulator, runs our real nodes through
 * n8n-core (runNode / pollOnce from test/helpers/n8n.ts) and measures its limit in the same run.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Agent, request } from 'undici';

import { pollOnce, runNode } from '../test/helpers/n8n';
import type { RequestLogEntry } from '../simulator';
import {
	SELLER,
	dataCalls,
	gc,
	heapSampler,
	loadNode,
	mb,
	median,
	s,
	timed,
	tokenCalls,
	world,
} from './harness';
import type { Row, ScenarioResult } from './harness';

const errorsOf = (items: INodeExecutionData[]) => items.filter((item) => item.json.error !== undefined || item.error);

// ------------------------------------------------------------------------------------------------
// 1. Stock sync: 10,000 SKUs through Availability > Quantity > Update

export async function stockSync(skus = 10_000): Promise<ScenarioResult> {
	const name = `Stock sync ${skus.toLocaleString('en')} SKUs`;
	const node = loadNode('OttoMarketAvailability');
	const w = await world();
	try {
		const batchSize = 200;
		w.sim.config.availabilityAcceptAnySku = true;
		const input = Array.from({ length: skus }, (_, i) => ({ json: { sku: `BENCH-${String(i).padStart(6, '0')}`, quantity: i % 37 } }));
		const { value: result, ms } = await timed(
			async () =>
				await runNode(
					w.helper,
					{
						type: node,
						parameters: {
							resource: 'quantity',
							operation: 'update',
							sku: '={{ $json.sku }}',
							quantity: '={{ $json.quantity }}',
							batchSize,
							// OTTO allows 20 requests per second per partner; pacing keeps every batch under it.
							requestOptions: { maxRequestsPerSecond: 20 },
						},
						credentials: w.seller(),
						onError: 'continueRegularOutput',
					},
					input,
				),
		);
		const tokens = tokenCalls(w.sim);
		const data = dataCalls(w.sim);
		const sent = tokens + data.length;
		const minimum = Math.ceil(skus / batchSize) + 1;
		const failed = errorsOf(result.items).length + (result.error ? 1 : 0);
		const availability = w.sim.partner(SELLER.partnerId).availability as { quantities?: Map<string, unknown> } | undefined;
		const stored = availability?.quantities?.size ?? 0;
		const ok = sent === minimum && failed === 0 && result.items.length === skus && stored === skus;
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'requests sent (token + data)',
				ours: `${sent} (${tokens} + ${data.length})`,
				limit: `${minimum} = ceil(${skus}/${batchSize}) + 1 token`,
				pass: ok,
				note: `${result.items.length} items out, ${failed} failed, ${stored} stored, ${data.filter((r) => r.status === 429).length}× 429, ${s(ms)}, Max Requests per Second 20`,
			},
		];
		return { name, rows, seconds: ms / 1000, data: { skus, batchSize, sent, tokens, dataRequests: data.length, minimum, failed, itemsOut: result.items.length, storedQuantities: stored, ms } };
	} finally {
		await w.close();
	}
}

// ------------------------------------------------------------------------------------------------
// 2. Order backfill: 20,000 orders, Orders > Get Many > Return All, against a plain undici client

interface Measured {
	ms: number;
	/** Peak heapUsed above the baseline taken after a full GC (sampled every 5 ms). */
	peakGrowth: number;
	/** heapUsed above the baseline after a full GC with the result still held. */
	retained: number;
	records: number;
	requests: number;
}

async function measure(run: () => Promise<{ records: number; hold: unknown }>, requestsBefore: () => number): Promise<Measured> {
	gc();
	const before = requestsBefore();
	const baseline = process.memoryUsage().heapUsed;
	const sampler = heapSampler();
	const { value, ms } = await timed(run);
	const peak = sampler.stop();
	gc();
	const retained = process.memoryUsage().heapUsed - baseline;
	// keep the result alive until after the measurement
	if (value.hold === null) throw new Error('unreachable');
	return { ms, peakGrowth: peak - baseline, retained, records: value.records, requests: requestsBefore() - before };
}

export async function backfill(orders = 20_000, rounds = 5): Promise<ScenarioResult> {
	const name = `Order backfill ${orders.toLocaleString('en')} orders`;
	const node = loadNode('OttoMarketOrders');
	// No rate limit here: this scenario compares client overhead, not OTTO's limit (see the burst).
	const w = await world({ rateLimitsEnabled: false });
	const agent = new Agent({ keepAliveTimeout: 10_000, connections: 8 });
	try {
		const start = Date.now() - orders * 1000;
		w.sim.orders.create(SELLER.partnerId, { count: orders, at: start, intervalMs: 1000, positions: 2 });

		const nodeRun = async () => {
			const result = await runNode(w.helper, {
				type: node,
				parameters: { operation: 'getMany', returnAll: true },
				credentials: w.seller(),
			});
			if (result.error) throw result.error;
			return { records: result.items.length, hold: result };
		};

		// The node's first page request, so that the plain client asks for exactly the same pages.
		await nodeRun();
		const first = dataCalls(w.sim)[0];
		const firstUrl = `${w.sim.url}${first.path}${queryString(first)}`;
		const pageSize = Number(first.query.limit);

		const plainRun = async () => {
			const token = await request(`${w.sim.url}/oauth2/token`, {
				method: 'POST',
				dispatcher: agent,
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ grant_type: 'client_credentials', client_id: SELLER.clientId, client_secret: SELLER.clientSecret, scope: 'orders' }).toString(),
			});
			const { access_token: accessToken } = (await token.body.json()) as { access_token: string };
			const records: unknown[] = [];
			let url: string | undefined = firstUrl;
			while (url) {
				const response = await request(url, { dispatcher: agent, headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
				if (response.statusCode !== 200) throw new Error(`plain client got HTTP ${response.statusCode}`);
				const body = (await response.body.json()) as { resources: unknown[]; links?: Array<{ rel: string; href: string }> };
				for (const record of body.resources) records.push(record);
				const next = body.links?.find((link) => link.rel === 'next')?.href;
				url = next ? new URL(next, w.sim.url).toString() : undefined;
			}
			return { records: records.length, hold: records };
		};

		const count = () => w.sim.requests.length;
		const ours: Measured[] = [];
		const plain: Measured[] = [];
		await plainRun(); // warm-up of the plain client as well
		for (let round = 0; round < rounds; round++) {
			plain.push(await measure(plainRun, count));
			ours.push(await measure(nodeRun, count));
		}
		// Best of N: on a shared machine the fastest run is the one least disturbed by others.
		const ourMs = Math.min(...ours.map((m) => m.ms));
		const plainMs = Math.min(...plain.map((m) => m.ms));
		const ratio = ourMs / plainMs;
		const ourPeak = median(ours.map((m) => m.peakGrowth));
		const plainPeak = median(plain.map((m) => m.peakGrowth));
		const ourRetained = median(ours.map((m) => m.retained));
		const plainRetained = median(plain.map((m) => m.retained));
		const per1000 = (bytes: number) => (bytes / orders) * 1000;
		const allRecords = ours.every((m) => m.records === orders) && plain.every((m) => m.records === orders);
		const samePages = ours[0].requests === plain[0].requests;
		// Bound: the node may hold what n8n holds (the 20,000 output items) plus one page in flight;
		// we allow 2x the plain client's peak (which holds the same parsed orders in one array).
		const heapBound = 2 * plainPeak;
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'wall time, Return All (best of runs)',
				ours: s(ourMs),
				limit: `1.3 × plain undici ${s(plainMs)} = ${s(plainMs * 1.3)}`,
				pass: ratio <= 1.3 && allRecords,
				note: `ratio ${ratio.toFixed(2)}; best of ${rounds} interleaved runs (medians ${s(median(ours.map((m) => m.ms)))} vs ${s(median(plain.map((m) => m.ms)))}); ${ours[0].requests} requests each (${Math.ceil(orders / pageSize)} pages of ${pageSize} + 1 token), same pages: ${samePages ? 'yes' : 'NO'}`,
			},
			{
				scenario: name,
				metric: 'peak heap growth per 1,000 orders',
				ours: mb(per1000(ourPeak)),
				limit: `2 × plain client ${mb(per1000(plainPeak))} = ${mb(per1000(heapBound))}`,
				pass: ourPeak <= heapBound,
				note: `retained after GC with the result held: ours ${mb(per1000(ourRetained))}, plain ${mb(per1000(plainRetained))} per 1,000; total peak ours ${mb(ourPeak)}`,
			},
		];
		return {
			name,
			rows,
			seconds: (ours.reduce((sum, m) => sum + m.ms, 0) + plain.reduce((sum, m) => sum + m.ms, 0)) / 1000,
			data: { orders, pageSize, rounds, ours: ours as unknown as IDataObject[], plain: plain as unknown as IDataObject[], ourMs, plainMs, ratio, ourPeak, plainPeak, ourRetained, plainRetained, firstUrl: first.path },
		};
	} finally {
		await agent.close();
		await w.close();
	}
}

function queryString(entry: RequestLogEntry): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(entry.query)) for (const v of ([] as string[]).concat(value)) params.append(key, v);
	const text = params.toString();
	return text ? `?${text}` : '';
}

// ------------------------------------------------------------------------------------------------
// 3. Burst: 1,000 order reads under 20 requests per second

export async function burst(mode: 'pacing' | 'retry-after', reads = 1000, perSecond = 20): Promise<ScenarioResult> {
	const name = `Burst ${reads.toLocaleString('en')} reads at ${perSecond} req/s (${mode === 'pacing' ? 'Max Requests per Second 20 + Retry-After' : 'Retry-After only'})`;
	const node = loadNode('OttoMarketOrders');
	const w = await world({ rateLimits: { general: { perSecond } }, retryAfter: true });
	try {
		const orders = w.sim.orders.create(SELLER.partnerId, { count: 50 });
		const input = Array.from({ length: reads }, (_, i) => ({ json: { id: orders[i % orders.length].salesOrderId } }));
		const { value: result, ms } = await timed(
			async () =>
				await runNode(
					w.helper,
					{
						type: node,
						parameters: {
							operation: 'get',
							order: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
							// Retry-After only: no pacing, one item after the other (as before items ran together).
							requestOptions: mode === 'pacing' ? { maxRequestsPerSecond: perSecond } : { maxRequestsPerSecond: 0, maxConcurrentRequests: 1 },
						},
						credentials: w.seller(),
						onError: 'continueRegularOutput',
					},
					input,
				),
		);
		const data = dataCalls(w.sim);
		const tooMany = data.filter((r) => r.status === 429).length;
		const ok = result.items.filter((item) => typeof item.json.salesOrderId === 'string').length;
		const failures = reads - ok;
		const ideal = (reads / perSecond) * 1000;
		const ratio = ms / ideal;
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'completion time',
				ours: s(ms),
				limit: `1.15 × ideal ${s(ideal)} = ${s(ideal * 1.15)}`,
				pass: ratio <= 1.15,
				note: `ratio ${ratio.toFixed(3)}; ${data.length} data requests, ${tooMany}× 429 (each waited out per Retry-After)`,
			},
			{ scenario: name, metric: 'failures', ours: String(failures), limit: '0', pass: failures === 0 && result.items.length === reads && !result.error },
		];
		return { name, rows, seconds: ms / 1000, data: { mode, reads, perSecond, ms, ideal, ratio, failures, requests: data.length, status429: tooMany, itemsOut: result.items.length } };
	} finally {
		await w.close();
	}
}

// ------------------------------------------------------------------------------------------------
// 4. Token reuse: 100 executions with one stored credential

export async function tokenReuse(executions = 100): Promise<ScenarioResult> {
	const name = `Token reuse, ${executions} executions`;
	const node = loadNode('OttoMarketOrders');
	// No rate limit: 100 quick executions would otherwise meet OTTO's 20/s (the burst measures that).
	const w = await world({ rateLimitsEnabled: false });
	try {
		const rows: Row[] = [];
		const data: IDataObject = {};
		const started = Date.now();
		for (const mode of ['seller', 'servicePartner'] as const) {
			w.sim.clearRequests();
			const partnerId = mode === 'seller' ? SELLER.partnerId : '1000002';
			const [order] = w.sim.orders.create(partnerId, { count: 1 });
			const credentials = mode === 'seller' ? w.seller() : w.partner();
			let failures = 0;
			for (let i = 0; i < executions; i++) {
				const result = await runNode(w.helper, {
					type: node,
					parameters: { operation: 'get', order: { __rl: true, mode: 'id', value: order.salesOrderId } },
					credentials,
				});
				if (result.error || result.items.length !== 1) failures += 1;
			}
			const tokens = tokenCalls(w.sim);
			const expected = mode === 'seller' ? 1 : 2;
			rows.push({
				scenario: name,
				metric: mode === 'seller' ? 'token requests, seller app' : 'token requests, service partner',
				ours: String(tokens),
				limit: mode === 'seller' ? '1' : '2 (developer + installation token)',
				pass: tokens === expected && failures === 0,
				note: `${dataCalls(w.sim).length} data requests, ${failures} failed executions`,
			});
			data[mode] = { tokens, failures, dataRequests: dataCalls(w.sim).length };
		}
		return { name, rows, data, seconds: (Date.now() - started) / 1000 };
	} finally {
		await w.close();
	}
}

// ------------------------------------------------------------------------------------------------
// 5. Idle trigger poll: nothing changed since the last poll

export async function idlePoll(polls = 10): Promise<ScenarioResult> {
	const name = 'Idle trigger poll (Orders Trigger)';
	const node = loadNode('OttoMarketOrdersTrigger');
	const w = await world();
	try {
		const started = Date.now();
		// Orders exist, but none changed since activation (they are older than the overlap window).
		w.sim.orders.create(SELLER.partnerId, { count: 300, at: Date.now() - 6 * 3600_000, intervalMs: 1000 });
		const credentials = w.seller();
		const parameters = { event: 'processable' };
		let state = (await pollOnce(w.helper, { type: node, parameters, credentials }, { activation: 'activate' })).staticData;
		const activationRequests = w.sim.requests.length;
		const perPoll: number[] = [];
		let emitted = 0;
		let tokensDuringPolls = 0;
		for (let i = 0; i < polls; i++) {
			w.sim.clearRequests();
			const result = await pollOnce(w.helper, { type: node, parameters, credentials }, { staticData: state });
			state = result.staticData;
			emitted += result.items?.length ?? 0;
			perPoll.push(dataCalls(w.sim).length);
			tokensDuringPolls += tokenCalls(w.sim);
		}
		// Not vacuous: one new order is found by the next poll.
		w.sim.orders.create(SELLER.partnerId, { count: 1 });
		w.sim.clearRequests();
		const after = await pollOnce(w.helper, { type: node, parameters, credentials }, { staticData: state });
		const newFound = after.items?.length ?? 0;
		const max = Math.max(...perPoll);
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'requests per idle poll (data; token reused)',
				ours: perPoll.every((n) => n === max) ? String(max) : `${Math.min(...perPoll)}-${max}`,
				limit: '1',
				pass: max === 1 && emitted === 0 && newFound === 1,
				note: `${polls} idle polls, ${emitted} items emitted, ${tokensDuringPolls} token request(s) in all (the first poll's); activation: ${activationRequests} requests; then 1 new order -> ${newFound} item(s) in ${w.sim.requests.length} request(s)`,
			},
		];
		return { name, rows, seconds: (Date.now() - started) / 1000, data: { perPoll, tokensDuringPolls, activationRequests, emitted, newFound } };
	} finally {
		await w.close();
	}
}
