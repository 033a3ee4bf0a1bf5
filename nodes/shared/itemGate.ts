/**
 * The per-execution gate between the router (which runs every input item's operation at once)
 * and the transport (which sends). Keyed by the execution's IExecuteFunctions object.
 *
 * 1. Holding: every item runs up to its first OTTO request, which waits at the gate. When every
 *    item has either reached it or finished (an invalid item fails before sending anything), the
 *    router decides: without Continue On Fail and with an invalid item, every held request is
 *    refused (nothing is sent); otherwise the gate opens.
 * 2. Open: at most `limit` requests of this execution are in flight; waiting ones go in item
 *    order (lower item first, so items finish roughly in order). After a failure without Continue
 *    On Fail (`stopAfter`), requests of later items are refused, as a one-by-one loop would never
 *    have sent them.
 *
 * Operations need no change: each item waits at its own first request. An item that sends two
 * requests at once, or a request without its item index, only opens the gate early (never later).
 */
import { sleep } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/** Thrown to a request that was held and is not sent, because another item failed. */
class NotSentError extends Error {
	readonly notSent = true;

	constructor() {
		super('Not sent, because another item failed');
	}
}

/** Thrown by beforeSend: wait (without holding a slot) until an earlier item's failure is decided. */
class RequeueError extends Error {
	readonly requeue = true;

	constructor() {
		super('Waiting for an earlier item');
	}
}

export function isRequeue(error: unknown): boolean {
	return !!error && typeof error === 'object' && (error as { requeue?: unknown }).requeue === true;
}

function earlierSuspect(gate: Gate, itemIndex: number): Promise<void> | undefined {
	for (const [index, suspect] of gate.suspects) if (index < itemIndex) return suspect.settled;
	return undefined;
}

export function isNotSent(error: unknown): boolean {
	return !!error && typeof error === 'object' && (error as { notSent?: unknown }).notSent === true;
}

interface Waiter {
	itemIndex: number;
	seq: number;
	resolve: () => void;
	reject: (error: unknown) => void;
}

interface Gate {
	items: number;
	phase: 'holding' | 'open' | 'refused';
	/** Items that reached their first request or finished, while holding. */
	counted: Set<number>;
	/** Held requests that named no item of this run (or a second request of a counted item). */
	anonymous: number;
	held: Waiter[];
	onReady: () => void;
	limit: number;
	active: number;
	queue: Waiter[];
	seq: number;
	stopAfter: number;
	/** Items whose write (a request not safe to repeat) was sent. */
	writesSent: Set<number>;
	/** Without Continue On Fail: a failure stops later items. */
	stopOnFailure: boolean;
	/**
	 * Items whose request just failed, until the item finished: the operation may still handle the
	 * error (a 409 answered with the existing record), so later items wait for the verdict.
	 */
	suspects: Map<number, { settled: Promise<void>; settle: () => void }>;
}

const gates = new WeakMap<object, Gate>();

/** Starts holding for `items` items; `onReady` runs once every item reached the gate or finished. */
export function openGate(
	ctx: IExecuteFunctions,
	items: number,
	limit: number,
	stopOnFailure: boolean,
	onReady: () => void,
): void {
	gates.set(ctx, {
		items,
		phase: 'holding',
		counted: new Set(),
		anonymous: 0,
		held: [],
		onReady,
		limit: Math.max(1, Math.floor(limit)),
		active: 0,
		queue: [],
		seq: 0,
		stopAfter: Infinity,
		writesSent: new Set(),
		stopOnFailure,
		suspects: new Map(),
	});
}

export function closeGate(ctx: IExecuteFunctions): void {
	gates.delete(ctx);
}

function checkReady(gate: Gate) {
	if (gate.phase !== 'holding') return;
	if (gate.counted.size + gate.anonymous >= gate.items) gate.onReady();
}

function count(gate: Gate, itemIndex: number): boolean {
	if (Number.isInteger(itemIndex) && itemIndex >= 0 && itemIndex < gate.items && !gate.counted.has(itemIndex)) {
		gate.counted.add(itemIndex);
		return true;
	}
	return false;
}

/** The router: this item's operation finished (with results or an error). */
export function itemDone(ctx: IExecuteFunctions, itemIndex: number): void {
	const gate = gates.get(ctx);
	if (!gate) return;
	const suspect = gate.suspects.get(itemIndex);
	if (suspect) {
		gate.suspects.delete(itemIndex);
		suspect.settle();
	}
	if (gate.phase !== 'holding') return;
	count(gate, itemIndex);
	checkReady(gate);
}

/** The transport: a request of this item failed; later items wait until the item finished. */
export function requestFailed(ctx: object, itemIndex: number): void {
	const gate = gates.get(ctx);
	if (!gate || !gate.stopOnFailure || gate.suspects.has(itemIndex)) return;
	let settle: () => void = () => {};
	const settled = new Promise<void>((resolve) => (settle = resolve));
	gate.suspects.set(itemIndex, { settled, settle });
}

/** The router: let the held requests go (phase open). */
export function release(ctx: IExecuteFunctions): void {
	const gate = gates.get(ctx);
	if (!gate || gate.phase !== 'holding') return;
	gate.phase = 'open';
	const held = gate.held.splice(0);
	for (const waiter of held) enqueue(gate, waiter);
}

/** The router: refuse every held request and every later one (nothing is sent). */
export function refuseAll(ctx: IExecuteFunctions): void {
	const gate = gates.get(ctx);
	if (!gate) return;
	gate.phase = 'refused';
	for (const waiter of gate.held.splice(0)) waiter.reject(new NotSentError());
	for (const waiter of gate.queue.splice(0)) waiter.reject(new NotSentError());
}

/** The router: an item failed without Continue On Fail; requests of later items are not sent. */
export function stopAfter(ctx: IExecuteFunctions, itemIndex: number): void {
	const gate = gates.get(ctx);
	if (!gate) return;
	gate.stopAfter = Math.min(gate.stopAfter, itemIndex);
	const keep: Waiter[] = [];
	for (const waiter of gate.queue) {
		if (waiter.itemIndex > gate.stopAfter) waiter.reject(new NotSentError());
		else keep.push(waiter);
	}
	gate.queue = keep;
}

/**
 * The transport, right before a request (or its retry) goes out after pacing: refuses it when a
 * failure stopped later items meanwhile; notes the items whose writes were sent.
 */
export function beforeSend(ctx: object, itemIndex: number, write: boolean): void {
	const gate = gates.get(ctx);
	if (!gate) return;
	// An earlier item's request just failed: give the slot back and wait for the verdict in enter().
	if (earlierSuspect(gate, itemIndex)) throw new RequeueError();
	if (gate.phase === 'refused' || itemIndex > gate.stopAfter) throw new NotSentError();
	if (write) gate.writesSent.add(itemIndex);
}

/** The items after `itemIndex` whose writes were sent (they ran at the same time). */
export function writesSentAfter(ctx: IExecuteFunctions, itemIndex: number): number[] {
	const gate = gates.get(ctx);
	if (!gate) return [];
	return [...gate.writesSent].filter((index) => index > itemIndex).sort((a, b) => a - b);
}

function enqueue(gate: Gate, waiter: Waiter) {
	if (waiter.itemIndex > gate.stopAfter) {
		waiter.reject(new NotSentError());
		return;
	}
	if (gate.active < gate.limit) {
		gate.active += 1;
		waiter.resolve();
		return;
	}
	// Lower item first, then arrival order.
	let lo = 0;
	let hi = gate.queue.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		const other = gate.queue[mid];
		if (other.itemIndex < waiter.itemIndex || (other.itemIndex === waiter.itemIndex && other.seq < waiter.seq)) lo = mid + 1;
		else hi = mid;
	}
	gate.queue.splice(lo, 0, waiter);
}

/**
 * The transport, before sending: waits for the gate (holding), then for a free slot of this
 * execution's concurrency limit. Returns a `done` function to call when the request finished, or
 * undefined when the context has no gate (triggers, load options, batched operations).
 */
export async function enter(
	ctx: object,
	itemIndex: number,
	signal: AbortSignal | undefined,
	cancelled: () => unknown,
): Promise<(() => void) | undefined> {
	const gate = gates.get(ctx);
	if (!gate) return undefined;
	for (let suspect = earlierSuspect(gate, itemIndex); suspect; suspect = earlierSuspect(gate, itemIndex)) {
		await suspect;
		if (signal?.aborted) throw cancelled();
	}
	if (gate.phase === 'refused' || itemIndex > gate.stopAfter) throw new NotSentError();
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			gate.held = gate.held.filter((w) => w !== waiter);
			gate.queue = gate.queue.filter((w) => w !== waiter);
			reject(cancelled());
		};
		const waiter: Waiter = {
			itemIndex,
			seq: gate.seq++,
			resolve: () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			},
			reject: (error) => {
				signal?.removeEventListener('abort', onAbort);
				reject(error);
			},
		};
		if (signal?.aborted) {
			reject(cancelled());
			return;
		}
		signal?.addEventListener('abort', onAbort, { once: true });
		if (gate.phase === 'holding') {
			gate.held.push(waiter);
			if (!count(gate, itemIndex)) gate.anonymous += 1;
			checkReady(gate);
		} else {
			enqueue(gate, waiter);
		}
	});
	let finished = false;
	return () => {
		if (finished) return;
		finished = true;
		gate.active -= 1;
		// Hand the slot on a moment later: the item that just got its answer usually sends its next
		// request at once (read the order, then create the shipment), and lower items go first.
		void sleep(0).then(() => {
			while (gate.active < gate.limit && gate.queue.length) {
				const next = gate.queue.shift() as Waiter;
				gate.active += 1;
				next.resolve();
			}
		});
	};
}
