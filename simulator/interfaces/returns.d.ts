// Types of the Returns V3 interface of the simulator (returns.js): adds `sim.returns`.

export type ReturnStatus = 'ANNOUNCED' | 'ACCEPTED' | 'REJECTED' | 'MISDIRECTED';

/** A return as `GET /v3/returns` shows it. */
export interface SimReturn {
	positionItemId: string;
	salesOrderId: string;
	status: ReturnStatus;
	occurredTime: string;
	details: Record<string, unknown>;
}

export interface AnnounceReturnsOptions {
	/** SENT position items to announce returns for. */
	positionItemIds?: string | string[];
	/** Without positionItemIds: this many SENT items without a return (SENT orders are created when needed). Default 1. */
	count?: number;
	/** occurredTime of the first return (default sim.clock.now()). */
	at?: string | number | Date;
	/** Return i occurs at `at + i * intervalMs` (default 0: all at the same instant). */
	intervalMs?: number;
	/** ANNOUNCED (default) or MISDIRECTED. */
	status?: 'ANNOUNCED' | 'MISDIRECTED';
	carrier?: string;
}

export interface ReturnsStore {
	readonly STATUSES: ReturnStatus[];
	readonly CONDITIONS: string[];
	readonly ACCEPT_REASONS: string[];
	readonly REJECT_REASONS: string[];
	/** Announces returns; throws for unknown or not SENT position items. */
	announce(partnerId: string | number, opts?: AnnounceReturnsOptions): SimReturn[];
	/** All returns (or those of one status), newest status change first. */
	list(partnerId: string | number, status?: ReturnStatus): SimReturn[];
	get(partnerId: string | number, positionItemId: string): SimReturn | undefined;
	accepted(partnerId: string | number): Array<SimReturn & { acceptedAt: string }>;
}

declare module '../index' {
	interface Simulator {
		/** Returns V3 (simulator/interfaces/returns.js). */
		readonly returns: ReturnsStore;
	}
}
