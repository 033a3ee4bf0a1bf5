/**
 * `npm run bench -- --only=installations` (issue 14 point 8): a service partner with 200 seller
 * installations polls each seller's orders ready to ship every 15 minutes for a simulated 2 hours,
 * with one credential in mode "Service Partner App (Installation per Item)". Time is compressed: the
 * simulator's clock and the token clock of our installation cache jump 15 minutes between polls, so
 * tokens expire on OTTO's 30-minute lifetime while the run takes seconds. Rate limits are on
 * (OTTO's 20/s per partner, 10/s token endpoint, 100/s + 1,000/min + 15,000/h exchanges).
 *
 * Targets: installation-token exchanges = 200 × the token lifetimes in the period (the minimum),
 * 0 unhandled 429s, data requests = 200 per poll (one page per seller). Then the largest roster the
 * 15,000-per-hour exchange limit allows at a 30-minute lifetime, computed and checked by running our
 * exchange limiter on simulated time.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { ExchangeLimiter, clearInstallationTokens, largestRoster, tokenClock } from '../nodes/shared/installations';
import { runNode } from '../test/helpers/n8n';
import { SERVICE_PARTNER, loadNode, s, timed, world } from './harness';
import type { Row, ScenarioResult } from './harness';

const MINUTE = 60_000;
const EXCHANGE = /\/installations\/[^/]+\/accessToken$/;

/**
 * Our exchange limiter on simulated time: `roster` installations, each renewing its token when a poll
 * (every 15 min) finds it due (OTTO's lifetime minus our one-minute margin), for `hours`. Returns the
 * longest wait the per-hour limit caused and the exchanges in the busiest hour.
 */
export function simulateRoster(roster: number, lifetimeSeconds: number, hours = 4): { maxHourWaitMs: number; busiestHour: number; exchanges: number } {
	const limiter = new ExchangeLimiter();
	const renewAt = new Array<number>(roster).fill(0);
	const stamps: number[] = [];
	let maxHourWaitMs = 0;
	const lifetime = lifetimeSeconds * 1000;
	const margin = Math.min(MINUTE, lifetime / 10);
	for (let poll = 0; poll * 15 * MINUTE < hours * 60 * MINUTE; poll++) {
		const start = poll * 15 * MINUTE;
		for (let i = 0; i < roster; i++) {
			if (renewAt[i] > start) continue;
			const { at, waitMs, limit } = limiter.reserve(start);
			if (limit?.label.endsWith('per hour')) maxHourWaitMs = Math.max(maxHourWaitMs, waitMs);
			stamps.push(at);
			renewAt[i] = at + lifetime - margin;
		}
	}
	let busiestHour = 0;
	let first = 0;
	for (let last = 0; last < stamps.length; last++) {
		while (stamps[last] - stamps[first] >= 60 * MINUTE) first++;
		busiestHour = Math.max(busiestHour, last - first + 1);
	}
	return { maxHourWaitMs, busiestHour, exchanges: stamps.length };
}

export async function installations(roster = 200, hours = 2, everyMinutes = 15): Promise<ScenarioResult> {
	const name = `Service partner: ${roster} installations, orders every ${everyMinutes} min for ${hours} h`;
	const orders = loadNode('OttoMarketOrders');
	const lifetimeSeconds = 1800;
	const w = await world({ tokenClock: 'simulator', tokenTtlSeconds: lifetimeSeconds });
	const realNow = tokenClock.now;
	try {
		clearInstallationTokens();
		w.sim.clock.set('2026-03-02T06:00:00.000Z');
		tokenClock.now = () => w.sim.clock.now().getTime();
		const ids: string[] = [];
		for (let i = 0; i < roster; i++) {
			const installationId = `inst-bench-${String(i).padStart(4, '0')}`;
			const partnerId = String(3_000_000 + i);
			w.sim.apps.addInstallation(SERVICE_PARTNER.appId, { installationId, partnerId });
			w.sim.orders.create(partnerId, { count: 2 + (i % 3), status: 'PROCESSABLE', at: '2026-03-01T10:00:00.000Z' });
			ids.push(installationId);
		}
		const credentials = w.partner({ authMode: 'servicePartnerApp', installationId: '' });
		const input: INodeExecutionData[] = ids.map((installationId) => ({ json: { installationId } }));
		const polls = Math.round((hours * 60) / everyMinutes);
		const perPoll: Array<{ exchanges: number; data: number; ms: number; items: number; errors: number; tooMany: number }> = [];
		let wrongSeller = 0;
		const { ms } = await timed(async () => {
			for (let poll = 0; poll < polls; poll++) {
				if (poll > 0) w.sim.clock.advance(everyMinutes * MINUTE);
				w.sim.clearRequests();
				const { value: result, ms: pollMs } = await timed(
					async () =>
						await runNode(
							w.helper,
							{
								type: orders,
								parameters: {
									operation: 'getMany',
									returnAll: true,
									filters: { fulfillmentStatus: ['PROCESSABLE'] },
									installationId: '={{ $json.installationId }}',
								},
								credentials,
								onError: 'continueRegularOutput',
							},
							input,
						),
				);
				const items = result.items;
				for (const item of items) {
					const asked = ids[(item.pairedItem as { item: number }).item];
					if (item.json.installationId !== asked) wrongSeller++;
				}
				perPoll.push({
					exchanges: w.sim.requests.filter((r) => EXCHANGE.test(r.path) && r.status === 200).length,
					data: w.sim.requests.filter((r) => r.path.startsWith('/v4/orders')).length,
					ms: pollMs,
					items: items.length,
					errors: items.filter((item) => item.json.error !== undefined).length,
					tooMany: w.sim.requests.filter((r) => r.status === 429).length,
				});
			}
		});
		const exchanges = perPoll.reduce((sum, p) => sum + p.exchanges, 0);
		const lifetimes = Math.ceil((hours * 3600) / lifetimeSeconds);
		const minimumExchanges = roster * lifetimes;
		const data = perPoll.reduce((sum, p) => sum + p.data, 0);
		const errors = perPoll.reduce((sum, p) => sum + p.errors, 0);
		const seen429 = perPoll.reduce((sum, p) => sum + p.tooMany, 0);

		const largest = largestRoster(lifetimeSeconds);
		const atLimit = simulateRoster(largest, lifetimeSeconds);
		const over = simulateRoster(largest + 100, lifetimeSeconds);
		const rows: Row[] = [
			{
				scenario: name,
				metric: 'installation-token exchanges',
				ours: exchanges.toLocaleString('en'),
				limit: `= ${minimumExchanges.toLocaleString('en')} (${roster} × ${lifetimes} lifetimes of ${lifetimeSeconds / 60} min)`,
				pass: exchanges === minimumExchanges,
				note: `per poll: ${perPoll.map((p) => p.exchanges).join(', ')}`,
			},
			{
				scenario: name,
				metric: 'data requests',
				ours: data.toLocaleString('en'),
				limit: `= ${(roster * polls).toLocaleString('en')} (${roster} per poll × ${polls} polls)`,
				pass: data === roster * polls,
			},
			{ scenario: name, metric: 'unhandled 429s (error items)', ours: String(errors), limit: '0', pass: errors === 0, note: `429 answers seen (all repeated): ${seen429}` },
			{ scenario: name, metric: 'items under another installation', ours: String(wrongSeller), limit: '0', pass: wrongSeller === 0 },
			{
				scenario: name,
				metric: 'wall time per poll (median)',
				ours: s([...perPoll.map((p) => p.ms)].sort((a, b) => a - b)[Math.floor(perPoll.length / 2)]),
				limit: '-',
				note: `whole run ${s(ms)}; polls with exchanges are paced at 100 exchanges/s`,
			},
			{
				scenario: 'Largest roster at a 30-min token lifetime',
				metric: 'installations (15,000 exchanges/h ÷ 2 per hour)',
				ours: largest.toLocaleString('en'),
				limit: '= 7,500',
				pass: largest === 7500 && atLimit.busiestHour <= 15_000 && atLimit.maxHourWaitMs < 1000 && over.maxHourWaitMs >= 1000,
				note:
					`checked with our limiter on simulated time, 4 h of 15-min polls: ${largest.toLocaleString('en')} installations -> busiest hour ` +
					`${atLimit.busiestHour.toLocaleString('en')} exchanges, longest wait for the hour limit ${s(atLimit.maxHourWaitMs)}; ` +
					`${(largest + 100).toLocaleString('en')} -> waits up to ${s(over.maxHourWaitMs)} (tokens renewed late)`,
			},
		];
		return {
			name,
			rows,
			data: { roster, hours, everyMinutes, polls, perPoll, exchanges, minimumExchanges, data, errors, seen429, wrongSeller, largest, atLimit, over },
			seconds: ms / 1000,
		};
	} finally {
		tokenClock.now = realNow;
		clearInstallationTokens();
		await w.close();
	}
}
