/** Pure retry arithmetic, kept apart from I/O so it can be tested on its own. */

export interface RetrySettings {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** Upper bound for the sum of all waits of one request. */
	maxWaitMs: number;
	/** First backoff step when OTTO sends no Retry-After. */
	initialBackoffMs: number;
	/** Largest single backoff step. */
	maxBackoffMs: number;
	/** Pacing: at most this many requests per second from one node run; 0 = no pacing. */
	maxRequestsPerSecond: number;
	/** Timeout of one HTTP request. */
	timeoutMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 5,
	maxWaitMs: 120_000,
	initialBackoffMs: 1_000,
	maxBackoffMs: 30_000,
	maxRequestsPerSecond: 0,
	timeoutMs: 30_000,
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
