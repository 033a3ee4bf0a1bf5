/**
 * One pace per seller in this n8n instance. Every OTTO request books a send slot with the pacer of
 * its key, shared by all executions and nodes that use the same credential (and installation), so
 * ten executions running at once together stay under OTTO's limit instead of each sending 20 per
 * second. Across n8n queue-mode workers (separate processes) nothing is shared: there OTTO's
 * Retry-After, which the retry policy honours, remains the safety net.
 *
 * Key: `${credentialId}|${installationId}` (see `pacingKey`); the installation part is empty for a
 * seller app and for a service-partner credential that names its installation in the credential.
 */

/** OTTO's published limit for data calls: 20 requests per second per partner. */
export const OTTO_REQUESTS_PER_SECOND = 20;

/**
 * OTTO counts requests in a sliding window when they arrive. A request is booked no earlier than
 * one second plus a margin after the request `perSecond` places before it was sent, so that
 * ordinary differences in transit time cannot put `perSecond + 1` arrivals into one window. The
 * margin starts here and grows with every 429 of the key (a busy machine sends late), up to the
 * maximum, and shrinks back slowly with answers that were not 429.
 */
export const PACING_MARGIN_MS = 50;
export const MAX_PACING_MARGIN_MS = 500;

export type PacingMode =
	/** "Max Requests per Second" set: every request is spaced. */
	| 'strict'
	/** Not set: requests that overlap in time are spaced; a request while none is in flight goes at once. */
	| 'parallel'
	/** Set to 0: no pacing. */
	| 'off';

interface Pacer {
	/** Earliest time the next slot may be booked (spacing of 1000 / perSecond ms). */
	nextAt: number;
	/** Send times (booked, then the real one), ascending; only the last `perSecond` matter. */
	sent: Array<{ at: number }>;
	/** Current margin, see PACING_MARGIN_MS. */
	margin: number;
	/** Requests of this key between booking and answer. */
	inFlight: number;
	/** Whether a request of this key was ever answered in this n8n instance (its token then exists). */
	warmed: boolean;
	/** The first request of this key, while it is out: the others wait for it. */
	warming?: Promise<void>;
}

const pacers = new Map<string, Pacer>();

/** The pacing key of a credential and installation: `credentialId|installationId`. */
export function pacingKey(credentialId: string, installationId = ''): string {
	return `${credentialId}|${installationId}`;
}

function pacerOf(key: string): Pacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = { nextAt: 0, sent: [], inFlight: 0, warmed: false, margin: PACING_MARGIN_MS };
		pacers.set(key, pacer);
	}
	return pacer;
}

/** A booked send slot: wait `delayMs`, then call `sent()` right before the request goes out. */
export interface Slot {
	delayMs: number;
	sent: () => void;
}

/**
 * Books the send slot of one request; call `release` with the same key once OTTO answered (or
 * the request failed). Slots are booked in call order, so concurrent callers get increasing slots
 * without waiting for each other.
 */
export function book(key: string, perSecond: number, mode: PacingMode, now: number = Date.now()): Slot {
	const pacer = pacerOf(key);
	pacer.inFlight += 1;
	if (mode === 'off' || perSecond <= 0) return { delayMs: 0, sent: () => {} };
	const window = Math.max(1, Math.floor(perSecond));
	const interval = 1000 / perSecond;
	let at = now;
	if (mode === 'strict' || pacer.inFlight > 1) {
		at = Math.max(now, pacer.nextAt);
		if (pacer.sent.length >= window) at = Math.max(at, pacer.sent[pacer.sent.length - window].at + 1000 + pacer.margin);
	}
	const entry = { at };
	const last = pacer.sent[pacer.sent.length - 1];
	if (last === undefined || at >= last.at) pacer.sent.push(entry);
	else pacer.sent.splice(sortedIndex(pacer.sent, at), 0, entry);
	if (pacer.sent.length > window * 2) pacer.sent.splice(0, pacer.sent.length - window);
	pacer.nextAt = Math.max(pacer.nextAt, at + interval);
	return {
		delayMs: at - now,
		// A busy machine sends later than booked: count the real time.
		sent: () => {
			entry.at = Math.max(entry.at, Date.now());
		},
	};
}

/**
 * How long a request of this key booked now would wait for its slot, without booking it (a list
 * reading pages ahead tells its pages' answer time from their pacing wait).
 */
export function waitOf(key: string, perSecond: number, mode: PacingMode, now: number = Date.now()): number {
	const pacer = pacers.get(key);
	if (!pacer || mode === 'off' || perSecond <= 0) return 0;
	if (mode !== 'strict' && pacer.inFlight < 1) return 0;
	const window = Math.max(1, Math.floor(perSecond));
	let at = Math.max(now, pacer.nextAt);
	if (pacer.sent.length >= window) at = Math.max(at, pacer.sent[pacer.sent.length - window].at + 1000 + pacer.margin);
	return at - now;
}

/** OTTO answered 429 (or not): widen the pacing margin of the key, or narrow it back slowly. */
export function answeredWith(key: string, rateLimited: boolean): void {
	const pacer = pacers.get(key);
	if (!pacer) return;
	pacer.margin = rateLimited
		? Math.min(MAX_PACING_MARGIN_MS, pacer.margin + 50)
		: Math.max(PACING_MARGIN_MS, pacer.margin - 1);
}

function sortedIndex(list: Array<{ at: number }>, value: number): number {
	let lo = 0;
	let hi = list.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (list[mid].at <= value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** The request of a `book` call got its answer (or failed, or was cancelled). */
export function release(key: string): void {
	const pacer = pacers.get(key);
	if (!pacer) return;
	pacer.inFlight = Math.max(0, pacer.inFlight - 1);
}

/**
 * The first request of a key goes alone: n8n fetches the credential's token on the way (and
 * stores it), so requests that start together would each fetch a token of their own. Returns the
 * function to call when that first request was answered (or failed), or undefined when this
 * request need not go first (after waiting for the first one, if it is still out).
 */
export async function firstRequest(
	key: string,
	signal: AbortSignal | undefined,
): Promise<((sent: boolean) => void) | undefined> {
	const pacer = pacerOf(key);
	while (!pacer.warmed && pacer.warming) {
		const warming = pacer.warming;
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => reject(new Error('aborted'));
			if (signal?.aborted) return onAbort();
			signal?.addEventListener('abort', onAbort, { once: true });
			void warming.then(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			});
		});
	}
	if (pacer.warmed) return undefined;
	let settle: () => void = () => {};
	pacer.warming = new Promise<void>((resolve) => (settle = resolve));
	return (sent: boolean) => {
		if (sent) pacer.warmed = true;
		pacer.warming = undefined;
		settle();
	};
}

/** For tests: forget every pacer. */
export function resetPacers(): void {
	pacers.clear();
}
