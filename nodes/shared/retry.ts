/**
 * The retry policy of every OTTO call, in one place: its defaults, the "Request Options" that
 * change them, which failures are repeated, how long to wait, and the repeat loop itself
 * (`repeat`). The transport (data calls) and the credentials (token calls) both go through it.
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { OTTO_REQUESTS_PER_SECOND } from './pacer';
import type { PacingMode } from './pacer';

export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Upper bound for the sum of all waits of one request. */
	maxWaitMs: number;
	/** First backoff step when OTTO sends no Retry-After. */
	initialBackoffMs: number;
	/** Largest single backoff step. */
	maxBackoffMs: number;
	/** Pacing: at most this many requests per second per credential (see pacer.ts); 0 = no pacing. */
	maxRequestsPerSecond: number;
	/**
	 * `parallel` (the option not set): requests that overlap in time are spaced, one request while
	 * none is in flight goes at once; `strict` (set): every request is spaced; `off` (set to 0).
	 */
	pacing: PacingMode;
	/** Requests of one node run in flight at the same time (per-item operations). */
	maxConcurrentRequests: number;
	/** Timeout of one HTTP request. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 5,
	maxWaitMs: 120_000,
	initialBackoffMs: 1_000,
	maxBackoffMs: 30_000,
	maxRequestsPerSecond: OTTO_REQUESTS_PER_SECOND,
	pacing: 'parallel',
	maxConcurrentRequests: 8,
	timeoutMs: 30_000,
};

/** A number from Request Options, or the fallback when it is missing, not a number or below `min`. */
function numberOr(value: unknown, fallback: number, min = 0): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

function pacingOf(value: unknown): PacingMode {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return DEFAULT_RETRY_SETTINGS.pacing;
	return value === 0 ? 'off' : 'strict';
}

/** Retry, pacing and timeout settings from the value of a node's "Request Options" collection. */
export function retrySettingsFrom(options: IDataObject | undefined): RetrySettings {
	const given = options ?? {};
	const defaults = DEFAULT_RETRY_SETTINGS;
	return {
		maxRetries: Math.floor(numberOr(given.maxRetries, defaults.maxRetries)),
		maxWaitMs: numberOr(given.maxRetryWaitSeconds, defaults.maxWaitMs / 1000) * 1000,
		initialBackoffMs: numberOr(given.initialBackoffMs, defaults.initialBackoffMs),
		maxBackoffMs: defaults.maxBackoffMs,
		maxRequestsPerSecond: numberOr(given.maxRequestsPerSecond, defaults.maxRequestsPerSecond),
		pacing: pacingOf(given.maxRequestsPerSecond),
		maxConcurrentRequests: Math.max(1, Math.floor(numberOr(given.maxConcurrentRequests, defaults.maxConcurrentRequests, 1))),
		timeoutMs: numberOr(given.timeout, defaults.timeoutMs, 1),
	};
}

/**
 * The "Request Options" collection every OTTO node offers; `retrySettingsFrom` reads its value.
 * n8n's lint wants literal defaults here: a unit test checks they equal DEFAULT_RETRY_SETTINGS.
 */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Initial Backoff (Ms)',
			name: 'initialBackoffMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1000,
			description:
				'First wait after a rate-limit answer without Retry-After; it doubles with every retry (with random jitter)',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrentRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 8,
			description:
				'How many requests of this node (one per input item) may wait for OTTO at the same time; pacing keeps them under Max Requests per Second. 1 sends one item after the other.',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 20,
			description:
				'OTTO allows 20 requests per second per seller. All executions with this credential share it. Without this option, requests that run at the same time are spread to stay under 20 per second and a single request is never held back; with it, every request is spaced. 0 sends as fast as OTTO answers.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description: 'How often a request rejected by OTTO\'s rate limit (or a failed read) is repeated',
		},
		{
			displayName: 'Max Total Retry Wait (Seconds)',
			name: 'maxRetryWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'Upper bound for all waits of one request together; past it the request fails with an error',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30000,
			description: 'How long to wait for OTTO to answer one request',
		},
	],
};

/**
 * Reads a Retry-After header: delta seconds or an HTTP date. Returns milliseconds, or
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
	if (value === undefined || value === null) return undefined;
	const raw = String(value).trim();
	if (!raw) return undefined;
	if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw) * 1000);
	// Only HTTP dates (IMF-fixdate, RFC 850, asctime): Date.parse alone reads "-5" or "1 2" as a date.
	if (!/^[A-Za-z]{3,9},?\s.*\d{1,2}:\d{2}:\d{2}/.test(raw)) return undefined;
	const date = Date.parse(raw);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: a random wait in [0, min(cap, base * 2^attempt)]. */
export function backoffMs(
	attempt: number,
	settings: Pick<RetrySettings, 'initialBackoffMs' | 'maxBackoffMs'>,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(settings.maxBackoffMs, settings.initialBackoffMs * 2 ** Math.max(0, attempt));
	return Math.round(random() * ceiling);
}

/**
 * Below this, Retry-After is read as "retry soon", not as an exact wait: the header counts whole
 * seconds, and `Retry-After: 0` taken literally sends every retry within milliseconds.
 */
export const RETRY_AFTER_FLOOR_MS = 1000;

/**
 * How long to wait before retry number `retries + 1`: what Retry-After asks, else the backoff;
 * a Retry-After under the floor waits at least the backoff.
 */
export function retryDelayMs(
	askedMs: number | undefined,
	retries: number,
	settings: Pick<RetrySettings, 'initialBackoffMs' | 'maxBackoffMs'>,
	random: () => number = Math.random,
): number {
	if (askedMs === undefined) return backoffMs(retries, settings, random);
	if (askedMs < RETRY_AFTER_FLOOR_MS) return Math.max(askedMs, backoffMs(retries, settings, random));
	return askedMs;
}

export type RetryReason = 'rate-limit' | 'waf' | 'server' | 'network';

/** Network error codes that mean the request may not have reached OTTO or got no answer. */
const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'EPIPE',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export function isTimeoutCode(code: string | undefined): boolean {
	return code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT';
}

/**
 * Whether a failure is worth another attempt.
 * 429 and the WAF's HTML 403 mean OTTO rejected the request unprocessed: always safe to repeat.
 * 502/503/504 and network failures may come after OTTO acted: only for requests safe to repeat
 * (a refused connection never reached OTTO, so it is always safe).
 */
export function retryReason(
	failure: { status?: number; code?: string; html?: boolean },
	safeToRepeat: boolean,
): RetryReason | undefined {
	if (failure.status === 429) return 'rate-limit';
	if (failure.status === 403 && failure.html) return 'waf';
	if (failure.status === 502 || failure.status === 503 || failure.status === 504) {
		return safeToRepeat ? 'server' : undefined;
	}
	if (failure.status === undefined && failure.code && NETWORK_CODES.has(failure.code)) {
		if (failure.code === 'ECONNREFUSED') return 'network';
		return safeToRepeat ? 'network' : undefined;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// The repeat loop

/** A failed attempt as the policy sees it. */
export interface RetryFailure {
	/** HTTP status, when OTTO answered. */
	status?: number;
	/** Network error code (ECONNRESET, ...), when it did not. */
	code?: string;
	/** Whether the answer was an HTML page (the WAF's 403). */
	html?: boolean;
	/** The Retry-After header as OTTO sent it. */
	retryAfter?: string;
}

/** Why and after how much waiting the policy stopped repeating. */
export interface GiveUp {
	failure: RetryFailure;
	reason: RetryReason;
	retries: number;
	/** All waits of this request so far. */
	waitedMs: number;
	/** What Retry-After asked for the next wait, if it did. */
	askedMs?: number;
	/** The next wait that was not taken. */
	nextDelayMs: number;
	/** Whether the next wait would have passed Max Total Retry Wait (else Max Retries was reached). */
	overWaitLimit: boolean;
}

export interface RepeatOptions<T> {
	settings: RetrySettings;
	/** Whether the call may be repeated after a 5xx or a reset (true for reads and token calls). */
	safeToRepeat: boolean;
	/** How a thrown error looks to the policy; undefined = not an HTTP failure, never repeated. */
	failureOfError: (error: unknown) => RetryFailure | undefined;
	/**
	 * For calls that return failed answers instead of throwing (`ignoreHttpStatusErrors`): the
	 * failure an answer stands for, or undefined for a good answer. A failed answer that is not
	 * repeated (or after giving up) is returned as it is.
	 */
	failureOfValue?: (value: T) => RetryFailure | undefined;
	/** The error to throw when the policy gives up on a thrown failure. Default: the last error. */
	giveUp?: (error: unknown, info: GiveUp) => unknown;
	/** The error to throw when the execution was cancelled. */
	cancelled: () => unknown;
	signal?: AbortSignal;
	/** Called before each wait (for the log). */
	onRetry?: (info: { retry: number; waitMs: number; failure: RetryFailure; reason: RetryReason }) => void;
	random?: () => number;
}

/** The execution's cancel signal, where the context has one (n8n 1.x poll contexts may not). */
export function cancelSignalOf(ctx: object): AbortSignal | undefined {
	const getter = (ctx as { getExecutionCancelSignal?: () => AbortSignal | undefined }).getExecutionCancelSignal;
	return typeof getter === 'function' ? getter.call(ctx) : undefined;
}

/** Waits `ms`, or throws `cancelled()` as soon as the execution is cancelled. */
export async function waitOrCancel(ms: number, signal: AbortSignal | undefined, cancelled: () => unknown): Promise<void> {
	if (signal?.aborted) throw cancelled();
	if (ms <= 0) return;
	try {
		await sleep(ms, signal);
	} catch {
		throw cancelled();
	}
	if (signal?.aborted) throw cancelled();
}

/**
 * Runs `attempt` and repeats it as the policy says: 429 and the WAF page always, 5xx and network
 * failures only when `safeToRepeat` (a refused connection always). Waits what Retry-After asks,
 * else exponential backoff with full jitter; stops after Max Retries or when the next wait would
 * pass Max Total Retry Wait, and at once when the execution is cancelled.
 *
 * `attempt` gets the retry number (0 for the first try). A failure the policy does not repeat is
 * thrown (or returned, see `failureOfValue`) unchanged, so the caller words it.
 */
export async function repeat<T>(attempt: (retry: number) => Promise<T>, options: RepeatOptions<T>): Promise<T> {
	const { settings, signal, cancelled } = options;
	let retries = 0;
	let waitedMs = 0;
	for (;;) {
		if (signal?.aborted) throw cancelled();
		let failure: RetryFailure | undefined;
		let error: unknown;
		let value: T | undefined;
		let threw = false;
		try {
			value = await attempt(retries);
			failure = options.failureOfValue?.(value);
			if (!failure) return value;
		} catch (caught) {
			if (signal?.aborted) throw cancelled();
			threw = true;
			error = caught;
			failure = options.failureOfError(caught);
		}
		const reason = failure ? retryReason(failure, options.safeToRepeat) : undefined;
		if (!failure || !reason) {
			if (threw) throw error;
			return value as T;
		}
		const askedMs = parseRetryAfter(failure.retryAfter);
		const delay = retryDelayMs(askedMs, retries, settings, options.random);
		const overWaitLimit = waitedMs + delay > settings.maxWaitMs;
		if (retries >= settings.maxRetries || overWaitLimit) {
			if (!threw) return value as T;
			const info: GiveUp = { failure, reason, retries, waitedMs, askedMs, nextDelayMs: delay, overWaitLimit };
			throw options.giveUp ? options.giveUp(error, info) : error;
		}
		retries += 1;
		options.onRetry?.({ retry: retries, waitMs: delay, failure, reason });
		await waitOrCancel(delay, signal, cancelled);
		waitedMs += delay;
	}
}

/** The words for giving up, shared by data and token calls: message and what to do next. */
export function giveUpWords(info: GiveUp, settings: RetrySettings): { message: string; description: string } {
	const what =
		info.reason === 'rate-limit' || info.reason === 'waf'
			? 'OTTO kept rejecting the request because of its rate limit'
			: 'OTTO kept failing';
	const { retries, waitedMs, askedMs } = info;
	return {
		message: `${what} (HTTP ${info.failure.status ?? info.failure.code}) after ${retries} ${retries === 1 ? 'retry' : 'retries'}`,
		description:
			`Gave up after waiting ${(waitedMs / 1000).toFixed(1)} s in total` +
			(askedMs !== undefined && info.overWaitLimit
				? ` (OTTO asked to wait ${(askedMs / 1000).toFixed(1)} s more, over the limit of ${(settings.maxWaitMs / 1000).toFixed(0)} s)`
				: '') +
			'. Lower "Max Requests per Second" or raise "Max Retries" / "Max Total Retry Wait" in Request Options, or run the workflow later.',
	};
}
