/**
 * nodes/shared/pollCursor.ts on its own, through n8n's PollContext (pollOnce): a test-only trigger
 * polls an in-memory OTTO whose records arrive late (written up to 90 % of the overlap after their
 * change date). Invariant, over seeded random runs: every change from the first activation on is
 * emitted exactly once, whatever the page size, the cap per poll and the times of the polls; the
 * cursor survives a restart (static data as JSON). The OTTO Orders and Returns triggers against the
 * simulator are covered in test/reliability/triggerExactlyOnce.test.ts.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { keyOf, pollSettingsFrom, pollWithCursor, serverTimeOf } from '../../../nodes/shared/pollCursor';
import type { PollSettings } from '../../../nodes/shared/pollCursor';
import { pollOnce } from '../../helpers/n8n';
import { useSimulator } from '../../helpers/simulator';
import { seededRandom } from '../../helpers/random';

interface Change {
	id: string;
	changedAt: number;
	writtenAt: number;
}

/** The in-memory OTTO of one run, on a virtual clock. */
class Market {
	clock = Date.UTC(2030, 0, 1);
	changes: Change[] = [];
	pageSize = 5;

	visible(since: number): Change[] {
		return this.changes
			.filter((change) => change.writtenAt <= this.clock && change.changedAt >= since)
			.sort((a, b) => a.changedAt - b.changedAt || a.id.localeCompare(b.id));
	}
}

let market = new Market();
let settings: PollSettings = { overlapMs: 60_000, maxItems: 10, startHoursBack: 0 };

class CursorProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cursor Probe',
		name: 'cursorProbe',
		icon: { light: 'file:../../icons/otto.svg', dark: 'file:../../icons/otto.dark.svg' },
		group: ['trigger'],
		version: 1,
		description: 'Test-only',
		defaults: { name: 'Cursor Probe' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollWithCursor.call(
			this,
			{
				async *changesSince(since: string) {
					const list = market.visible(Date.parse(since));
					for (let start = 0; start < list.length; start += market.pageSize) {
						yield list.slice(start, start + market.pageSize).map((change) => ({ id: change.id, changedAt: new Date(change.changedAt).toISOString() }));
					}
				},
				newest: async () => market.visible(0).slice(-1).map((change) => ({ id: change.id, changedAt: new Date(change.changedAt).toISOString() })),
				serverNow: async () => market.clock,
				idOf: (record: IDataObject) => String(record.id),
				changedAt: (record: IDataObject) => String(record.changedAt),
			},
			{ ...settings, now: () => market.clock },
		);
	}
}

describe('pollCursor: every change exactly once', () => {
	const world = useSimulator();
	const node = { type: new CursorProbe(), parameters: {} };

	it.each(Array.from({ length: 12 }, (_, i) => i + 1))('seed %i: no change missing, none twice, across restarts', async (seed) => {
		const random = seededRandom(seed);
		market = new Market();
		market.pageSize = 1 + Math.floor(random() * 8);
		settings = { overlapMs: 60_000, maxItems: 1 + Math.floor(random() * 15), startHoursBack: 0 };
		const emitted = new Map<string, number>();
		let staticData: IDataObject = {};
		const poll = async (): Promise<number> => {
			const result = await pollOnce(world.helper, node, { staticData });
			// n8n saves static data as JSON: each poll starts from what a restart would read back.
			staticData = result.staticData;
			for (const item of result.items ?? []) {
				const key = keyOf(String(item.json.id), String(item.json.changedAt));
				emitted.set(key, (emitted.get(key) ?? 0) + 1);
			}
			return result.items?.length ?? 0;
		};
		await poll(); // the activation: starts at OTTO's clock, emits nothing
		const startedAt = market.clock;
		let serial = 0;
		for (let step = 0; step < 60; step++) {
			const arrivals = Math.floor(random() * 6);
			for (let i = 0; i < arrivals; i++) {
				const writtenAt = market.clock + Math.floor(random() * 20_000);
				const lag = Math.floor(random() * settings.overlapMs * 0.9);
				// A few ids change again and again; distinct dates keep their changes distinct.
				market.changes.push({ id: `rec-${Math.floor(random() * 10)}`, changedAt: writtenAt - lag + (serial++ % 7), writtenAt });
			}
			market.clock += 1_000 + Math.floor(random() * 30_000);
			if (random() < 0.7) await poll();
		}
		// Let everything arrive, then poll until the cap lets the rest through.
		market.clock += 10 * settings.overlapMs;
		let more = 1;
		for (let i = 0; i < 1000 && more > 0; i++) more = await poll();
		const promised = market.changes.filter((change) => change.changedAt >= startedAt).map((change) => keyOf(change.id, new Date(change.changedAt).toISOString()));
		const missing = promised.filter((key) => !emitted.has(key));
		const twice = [...emitted].filter(([, times]) => times > 1);
		const outside = [...emitted.keys()].filter((key) => !promised.includes(key));
		expect({ seed, missing, twice, outside }).toEqual({ seed, missing: [], twice: [], outside: [] });
		expect(promised.length).toBeGreaterThan(0);
	});

	it('the seen set stays within one overlap window of the watermark', async () => {
		market = new Market();
		settings = { overlapMs: 60_000, maxItems: 1000, startHoursBack: 0 };
		let { staticData } = await pollOnce(world.helper, node, {});
		for (let i = 0; i < 300; i++) market.changes.push({ id: `r${i}`, changedAt: market.clock + i * 1000, writtenAt: market.clock + i * 1000 });
		market.clock += 400_000;
		({ staticData } = await pollOnce(world.helper, node, { staticData }));
		const cursor = (staticData['node:Cursor Probe'] as IDataObject).ottoCursor as { watermark: string; seen: string[] };
		expect(cursor.watermark).toBe(new Date(market.changes[299].changedAt).toISOString());
		// 299 s of changes, one a second: only those of the last 60 s are kept.
		expect(cursor.seen).toHaveLength(61);
	});

	it('a manual Fetch Test Event returns the newest record and never moves the cursor; nothing says what to do', async () => {
		market = new Market();
		settings = { overlapMs: 60_000, maxItems: 10, startHoursBack: 0 };
		const empty = pollOnce(world.helper, node, { mode: 'manual' });
		await expect(empty).rejects.toThrow('No event found: OTTO has nothing that matches this trigger yet');
		market.changes.push({ id: 'only', changedAt: market.clock - 5, writtenAt: market.clock - 5 });
		const result = await pollOnce(world.helper, node, { mode: 'manual', staticData: { kept: true } });
		expect(result.items?.map((item) => item.json.id)).toEqual(['only']);
		expect(result.staticData).toEqual({ kept: true });
	});
});

describe('pollCursor: settings and clocks', () => {
	const context = { getNode: () => ({ name: 'Trigger' }) } as unknown as IPollFunctions;

	it('reads the Options collection with its defaults, and names a bad option', () => {
		expect(pollSettingsFrom.call(context, {}, 'orders')).toEqual({ overlapMs: 120_000, startHoursBack: 0, maxItems: 500 });
		expect(pollSettingsFrom.call(context, { overlapSeconds: 5, startHoursBack: 2, maxOrdersPerPoll: 7.9 }, 'orders')).toEqual({
			overlapMs: 5000,
			startHoursBack: 2,
			maxItems: 7,
		});
		expect(() => pollSettingsFrom.call(context, { maxReturnsPerPoll: 0 }, 'returns')).toThrow(
			'Invalid option "Max Returns per Poll": must be a number of at least 1 (got 0)',
		);
		expect(() => pollSettingsFrom.call(context, { overlapSeconds: 'x' }, 'orders')).toThrow('Invalid option "Overlap (Seconds)"');
	});

	it("OTTO's clock comes from an HTTP date only", () => {
		expect(serverTimeOf({ date: 'Wed, 02 Dec 2026 00:40:00 GMT' })).toBe(Date.UTC(2026, 11, 2, 0, 40));
		expect(serverTimeOf({ Date: 'Wed, 02 Dec 2026 00:40:00 GMT' })).toBe(Date.UTC(2026, 11, 2, 0, 40));
		expect(serverTimeOf({ date: '2026-12-02T00:40:00Z' })).toBeUndefined();
		expect(serverTimeOf({})).toBeUndefined();
		expect(serverTimeOf(undefined)).toBeUndefined();
	});

	it('a key is the id and the change date in one spelling', () => {
		expect(keyOf('A', '2030-01-01T00:00:00Z')).toBe(keyOf('A', '2030-01-01T00:00:00.000Z'));
		expect(keyOf('A', '2030-01-01T01:00:00+01:00')).toBe('A|2030-01-01T00:00:00.000Z');
	});
});
