/**
 * The model behind the randomized exactly-once test of both triggers (issue 12). A `Ledger` records
 * every change the test makes at the simulator (new record, status change) with when it was stored
 * and when it stopped being the record's current state, and every event the trigger emitted. From
 * that it derives what the README promises:
 *
 *   every change dated at or after the activation (on OTTO's clock) and stored at most one overlap
 *   after its date is emitted exactly once, if it is still the record's current state at the end or
 *   it stayed current through at least one complete poll (one that succeeded and was not cut by the
 *   per-poll cap). A change replaced before any poll could read it cannot be seen at OTTO at all.
 *
 * Everything else (dated before the activation, stored later than the overlap) is outside the
 * promise: counted, and allowed to be emitted at most once. Nothing is ever emitted twice, and
 * nothing is emitted that was not a change.
 */

export interface Change {
	key: string;
	recordId: string;
	/** Change date (OTTO's clock, ms). */
	date: number;
	/** How long after its date OTTO stored it (ms). */
	lateMs: number;
	/** First poll that starts after it was stored. */
	eligibleFrom: number;
	/** Last poll that ran entirely while it was current (undefined: still current). */
	lastFull?: number;
	beforeActivation: boolean;
}

export interface Figures {
	polls: number;
	failedPolls: number;
	cappedPolls: number;
	events: number;
	promised: number;
	outside: number;
	emitted: number;
	duplicates: number;
	missing: number;
	phantoms: number;
	outsideEmitted: number;
	/** Outside the promise because dated before the activation. */
	beforeActivation: number;
	/** Outside the promise because stored later than the overlap after their date. */
	storedTooLate: number;
	/** Outside the promise because replaced before any complete poll (OTTO never showed them to one). */
	replacedUnseen: number;
}

export class Ledger {
	readonly changes = new Map<string, Change>();

	private readonly current = new Map<string, string>();

	/** Index of the last poll started (0 = the activation). */
	pollIndex = -1;

	inPoll = false;

	activationTime: number | undefined;

	readonly complete: boolean[] = [];

	readonly emitted: string[] = [];

	failedPolls = 0;

	cappedPolls = 0;

	constructor(readonly overlapMs: number) {}

	/** A record changed at OTTO: `key` is its new event key, or undefined when it left the watched set. */
	store(recordId: string, key: string | undefined, date: number, storedAt: number) {
		const old = this.current.get(recordId);
		if (old !== undefined && old !== key) {
			const change = this.changes.get(old);
			if (change && change.lastFull === undefined) change.lastFull = this.inPoll ? this.pollIndex - 1 : this.pollIndex;
		}
		if (key === undefined) {
			this.current.delete(recordId);
			return;
		}
		if (this.changes.has(key)) {
			if (old !== key) throw new Error(`model: change ${key} made twice`);
			return;
		}
		this.current.set(recordId, key);
		this.changes.set(key, {
			key,
			recordId,
			date,
			lateMs: storedAt - date,
			eligibleFrom: this.pollIndex + 1,
			beforeActivation: this.activationTime === undefined || date < this.activationTime,
		});
	}

	beginPoll() {
		this.pollIndex += 1;
		this.inPoll = true;
	}

	endPoll(outcome: { ok: boolean; keys: string[]; capped: boolean }) {
		this.inPoll = false;
		this.emitted.push(...outcome.keys);
		if (!outcome.ok) this.failedPolls += 1;
		if (outcome.capped) this.cappedPolls += 1;
		this.complete[this.pollIndex] = outcome.ok && !outcome.capped;
	}

	promised(change: Change): boolean {
		if (change.beforeActivation || change.lateMs > this.overlapMs) return false;
		const last = change.lastFull ?? Infinity;
		if (last === Infinity) return true;
		for (let poll = change.eligibleFrom; poll <= last; poll++) if (this.complete[poll]) return true;
		return false;
	}

	figures(): Figures & { missingKeys: string[]; duplicateKeys: string[]; phantomKeys: string[] } {
		const counts = new Map<string, number>();
		for (const key of this.emitted) counts.set(key, (counts.get(key) ?? 0) + 1);
		const duplicateKeys = [...counts].filter(([, n]) => n > 1).map(([key]) => key);
		const phantomKeys = [...counts.keys()].filter((key) => !this.changes.has(key));
		let promised = 0;
		let outsideEmitted = 0;
		let beforeActivation = 0;
		let storedTooLate = 0;
		let replacedUnseen = 0;
		const missingKeys: string[] = [];
		for (const change of this.changes.values()) {
			if (this.promised(change)) {
				promised += 1;
				if (!counts.has(change.key)) missingKeys.push(change.key);
			} else {
				if (counts.has(change.key)) outsideEmitted += 1;
				if (change.beforeActivation) beforeActivation += 1;
				else if (change.lateMs > this.overlapMs) storedTooLate += 1;
				else replacedUnseen += 1;
			}
		}
		return {
			polls: this.pollIndex + 1,
			failedPolls: this.failedPolls,
			cappedPolls: this.cappedPolls,
			events: this.changes.size,
			promised,
			outside: this.changes.size - promised,
			emitted: this.emitted.length,
			duplicates: this.emitted.length - counts.size,
			missing: missingKeys.length,
			phantoms: phantomKeys.length,
			outsideEmitted,
			beforeActivation,
			storedTooLate,
			replacedUnseen,
			missingKeys,
			duplicateKeys,
			phantomKeys,
		};
	}
}

/** A small seeded random source (mulberry32), so a failing seed replays exactly. */
export function seededRandom(seed: number) {
	let state = (seed * 2654435761) >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		chance: (p: number) => next() < p,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
	};
}
export type Rng = ReturnType<typeof seededRandom>;

export function sum(list: Figures[]): Figures {
	const total: Figures = {
		polls: 0,
		failedPolls: 0,
		cappedPolls: 0,
		events: 0,
		promised: 0,
		outside: 0,
		emitted: 0,
		duplicates: 0,
		missing: 0,
		phantoms: 0,
		outsideEmitted: 0,
		beforeActivation: 0,
		storedTooLate: 0,
		replacedUnseen: 0,
	};
	for (const figures of list) for (const name of Object.keys(total) as Array<keyof Figures>) total[name] += figures[name];
	return total;
}
