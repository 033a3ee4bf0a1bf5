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
	/**
	 * OTTO's clock (ms), read from the `Date` header of a cheap request. The first activation starts
	 * there, not at n8n's clock, so a skew between the two loses nothing (undefined: start one overlap back).
	 */
	serverNow?: () => Promise<number | undefined>;
	/** What a manual "Fetch Test Event" says when nothing matches: what to do to get an event. */
	emptyHint?: string;
	/** Identity of a record (e.g. sales order ID). */
	idOf: (record: IDataObject) => string;
	/** ISO change date of a record. */
	changedAt: (record: IDataObject) => string;
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
	/** Clock, for tests. */
	now?: () => number;
	/** Stop reading pages after this moment (ms; default: 80 % of n8n's poll budget from the start). */
	deadline?: number;
}

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

/** OTTO's clock from a response's `Date` header (HTTP date, whole seconds, rounded down), or undefined. */
export function serverTimeOf(headers: Record<string, string> | undefined): number | undefined {
	const raw = headers?.date ?? headers?.Date;
	if (typeof raw !== 'string' || !/^[A-Za-z]{3},\s\d{2}\s[A-Za-z]{3}\s\d{4}\s\d{2}:\d{2}:\d{2}\sGMT$/.test(raw.trim())) return undefined;
	const time = Date.parse(raw);
	return Number.isNaN(time) ? undefined : time;
}

export function keyOf(id: string, changedAt: string): string {
	return `${id}|${new Date(changedAt).toISOString()}`;
}

function dateOfKey(key: string): number {
	return Date.parse(key.slice(key.lastIndexOf('|') + 1));
}

/**
 * The new cursor after one poll from `state` (undefined: first activation), and the records to emit.
 * Touches no static data: the caller stores `state` only when this returns (an error leaves the old
 * cursor, so the next poll reads the same changes again and nothing is lost).
 */
export async function advanceCursor(
	this: IPollFunctions,
	source: PollSource,
	settings: PollSettings,
	previous: CursorState | undefined,
): Promise<{ records: IDataObject[]; state: CursorState }> {
	const now = settings.now ?? Date.now;
	const state: CursorState = { ...(previous ?? {}) };
	if (!state.watermark) {
		// The start point on OTTO's clock: with n8n's clock ahead of OTTO's, changes right after the
		// activation would carry dates before it and never be emitted. Without OTTO's clock, start one
		// overlap back (changes of that time before the activation may then be emitted too).
		const ottoNow = source.serverNow ? await source.serverNow() : undefined;
		const base = ottoNow !== undefined && Number.isFinite(ottoNow) ? ottoNow : now() - settings.overlapMs;
		const start = new Date(base - settings.startHoursBack * 3_600_000).toISOString();
		if (settings.startHoursBack <= 0) return { records: [], state: { watermark: start, seen: [], startedAt: start } };
		state.watermark = start;
		state.seen = [];
		state.startedAt = start;
	}

	const watermark = Date.parse(state.watermark);
	const since = new Date(watermark - settings.overlapMs).toISOString();
	// Changes from before the first activation stay unreported, although the overlap reaches back to them.
	const startedAt = state.startedAt ? Date.parse(state.startedAt) : NaN;
	const seen = new Set(state.seen ?? []);
	const emitted: IDataObject[] = [];
	let newest = watermark;
	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const deadline = settings.deadline ?? (budget ? now() + budget * 0.8 : Infinity);

	outer: for await (const page of source.changesSince(since)) {
		for (const record of page) {
			const changedAt = source.changedAt(record);
			if (Date.parse(changedAt) < startedAt) continue;
			const key = keyOf(source.idOf(record), changedAt);
			if (seen.has(key)) continue;
			if (emitted.length >= settings.maxItems) break outer;
			seen.add(key);
			newest = Math.max(newest, Date.parse(changedAt));
			emitted.push(record);
		}
		if (now() > deadline || emitted.length >= settings.maxItems) break;
	}

	// Keep every key that a future poll can still see again (within the overlap of the new watermark).
	// None of them may be dropped to bound the set: a dropped key inside the window is emitted again.
	// The set is bounded by the number of changes within one overlap window.
	const keepFrom = newest - settings.overlapMs;
	return {
		records: emitted,
		state: {
			watermark: new Date(newest).toISOString(),
			seen: [...seen].filter((key) => dateOfKey(key) >= keepFrom),
			...(startedAt >= keepFrom ? { startedAt: state.startedAt } : {}),
		},
	};
}

/** The error of a manual "Fetch Test Event" that found nothing: what was asked and how to get an event. */
export function noEventError(this: IPollFunctions, hint: string | undefined, extra = ''): NodeOperationError {
	// n8n would only say "No trigger output": say what was asked and how to get an event.
	return new NodeOperationError(this.getNode(), `No event found: OTTO has nothing that matches this trigger yet${extra}`, {
		description:
			hint ??
			'Create or change a matching record at OTTO (in the sandbox: Orders > Create Test Orders), or choose a wider event, then fetch again.',
	});
}

/** A record as the emitted item. */
export function itemOf(source: PollSource, record: IDataObject): INodeExecutionData {
	return { json: source.toJson ? source.toJson(record) : record };
}

/**
 * One poll of a trigger with one cursor (seller app, single installation): the cursor lives in the
 * node's static data under `ottoCursor` (the layout since 0.1.0). Returns the items to emit (or null).
 * Errors propagate unchanged so n8n reports them; the cursor is then left as it was.
 */
export async function pollWithCursor(
	this: IPollFunctions,
	source: PollSource,
	settings: PollSettings,
): Promise<INodeExecutionData[][] | null> {
	if (this.getMode() === 'manual') {
		const newest = await source.newest();
		if (newest.length) return [newest.map((record) => itemOf(source, record))];
		throw noEventError.call(this, source.emptyHint);
	}

	const staticData = this.getWorkflowStaticData('node');
	const { records, state } = await advanceCursor.call(this, source, settings, staticData.ottoCursor as CursorState | undefined);
	staticData.ottoCursor = state satisfies CursorState;
	// The cursors of a list of installations (pollInstallations.ts) belong to the other mode.
	if (staticData.ottoCursors !== undefined) delete staticData.ottoCursors;
	return records.length ? [records.map((record) => itemOf(source, record))] : null;
}
