import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

/**
 * The cursor every OTTO polling trigger keeps in the node's static data (after the pattern of n8n's
 * Gmail trigger): a change-date watermark plus the keys already emitted
 * near it. Each poll asks OTTO for changes since `watermark - overlap`, drops what it already
 * emitted, and moves the watermark to the newest change it handled. A key is `<id>|<change date>`,
 * so a later change of the same record is a new event.
 *
 * Static data is only marked dirty by top-level writes, so state is always reassigned whole.
 */
export interface CursorState {
	/** ISO date of the newest change handled so far. */
	watermark?: string;
	/** Keys (`<id>|<ISO change date>`) handled at or near the watermark. */
	seen?: string[];
	/**
	 * Where the first activation started (now, or N hours back): changes before it are never
	 * emitted, even when they fall inside the overlap window. Dropped once the window has passed it.
	 */
	startedAt?: string;
}

export interface PollSource {
	/** Pages of records changed at or after `since`, oldest change first. */
	changesSince: (since: string) => AsyncIterable<IDataObject[]>;
	/** The newest records, for a manual "Fetch Test Event" (never moves the cursor). */
	newest: () => Promise<IDataObject[]>;
	/** Identity of a record (e.g. sales order ID). */
	idOf: (record: IDataObject) => string;
	/** ISO change date of a record. */
	changedAt: (record: IDataObject) => string;
	/** Whether a handled record is emitted (event and status filters); unmatched ones still move the cursor. */
	matches?: (record: IDataObject) => boolean;
	/** Turns a record into the emitted item's JSON. */
	toJson?: (record: IDataObject) => IDataObject;
}

export interface PollSettings {
	/** How far behind the watermark each poll looks again (clock skew, late writes at OTTO). */
	overlapMs: number;
	/** At most this many items per poll; the rest come with the next poll. */
	maxItems: number;
	/** On first activation start this many hours back (0 = from now, emit nothing). */
	startHoursBack: number;
	/** Bound of the seen set. */
	maxSeen?: number;
	/** Clock, for tests. */
	now?: () => number;
}

const DEFAULT_MAX_SEEN = 5000;

/**
 * The poll settings from a trigger's "Options" collection (see `pollingOptions` in descriptions.ts),
 * checked: a bad value fails the poll with the option's name.
 */
export function pollSettingsFrom(this: IPollFunctions, options: IDataObject, noun: string): PollSettings {
	const title = noun.charAt(0).toUpperCase() + noun.slice(1);
	const number = (name: string, label: string, fallback: number, min: number): number => {
		const value = options[name] ?? fallback;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
			throw new NodeOperationError(
				this.getNode(),
				`Invalid option "${label}": must be a number of at least ${min} (got ${String(value)})`,
			);
		}
		return value;
	};
	return {
		overlapMs: number('overlapSeconds', 'Overlap (Seconds)', 120, 0) * 1000,
		startHoursBack: number('startHoursBack', 'Start From (Hours Back)', 0, 0),
		maxItems: Math.floor(number(`max${title}PerPoll`, `Max ${title} per Poll`, 500, 1)),
	};
}

export function keyOf(id: string, changedAt: string): string {
	return `${id}|${new Date(changedAt).toISOString()}`;
}

function dateOfKey(key: string): number {
	return Date.parse(key.slice(key.lastIndexOf('|') + 1));
}

/**
 * One poll. Returns the items to emit (or null), and leaves the new cursor in static data.
 * Errors propagate unchanged so n8n reports them; the cursor is then left as it was.
 */
export async function pollWithCursor(
	this: IPollFunctions,
	source: PollSource,
	settings: PollSettings,
): Promise<INodeExecutionData[][] | null> {
	const toItem = (record: IDataObject): INodeExecutionData => ({ json: source.toJson ? source.toJson(record) : record });
	const now = settings.now ?? Date.now;

	if (this.getMode() === 'manual') {
		const newest = await source.newest();
		return newest.length ? [newest.map(toItem)] : null;
	}

	const staticData = this.getWorkflowStaticData('node');
	const state = (staticData.ottoCursor ?? {}) as CursorState;
	if (!state.watermark) {
		const start = new Date(now() - settings.startHoursBack * 3_600_000).toISOString();
		if (settings.startHoursBack <= 0) {
			staticData.ottoCursor = { watermark: start, seen: [], startedAt: start } satisfies CursorState;
			return null;
		}
		state.watermark = start;
		state.seen = [];
		state.startedAt = start;
	}

	const watermark = Date.parse(state.watermark);
	const since = new Date(watermark - settings.overlapMs).toISOString();
	// Changes from before the first activation stay unreported, although the overlap reaches back to them.
	const startedAt = state.startedAt ? Date.parse(state.startedAt) : NaN;
	const seen = new Set(state.seen ?? []);
	const handled: string[] = [];
	const emitted: INodeExecutionData[] = [];
	let newest = watermark;
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const deadline = budget ? now() + budget * 0.8 : Infinity;

	outer: for await (const page of source.changesSince(since)) {
		for (const record of page) {
			const changedAt = source.changedAt(record);
			if (Date.parse(changedAt) < startedAt) continue;
			const key = keyOf(source.idOf(record), changedAt);
			if (seen.has(key)) continue;
			if (emitted.length >= settings.maxItems) break outer;
			seen.add(key);
			handled.push(key);
			newest = Math.max(newest, Date.parse(changedAt));
			if (!source.matches || source.matches(record)) emitted.push(toItem(record));
		}
		if (now() > deadline || emitted.length >= settings.maxItems) break;
	}

	// Keep the keys that a future poll can still see again (within the overlap of the new watermark).
	const keepFrom = newest - settings.overlapMs;
	const kept = [...seen].filter((key) => dateOfKey(key) >= keepFrom);
	const maxSeen = settings.maxSeen ?? DEFAULT_MAX_SEEN;
	staticData.ottoCursor = {
		watermark: new Date(newest).toISOString(),
		seen: kept.length > maxSeen ? kept.slice(kept.length - maxSeen) : kept,
		...(startedAt >= keepFrom ? { startedAt: state.startedAt } : {}),
	} satisfies CursorState;

	return emitted.length ? [emitted] : null;
}
