/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped: a timer aborts the signal */
import { DEFAULT_RETRY_SETTINGS, backoffMs, giveUpWords, isTimeoutCode, parseRetryAfter, RETRY_AFTER_FLOOR_MS, repeat, retryDelayMs, requestOptionsProperty, retryReason, retrySettingsFrom } from '../../../nodes/shared/retry';

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-03-01T12:00:00.000Z');

	it('reads delta seconds as milliseconds', () => {
		expect(parseRetryAfter('1', now)).toBe(1000);
		expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter('1.5', now)).toBe(1500);
	});

	it('reads an HTTP date as the time until then', () => {
		expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
		// The two obsolete HTTP date formats HTTP/1.1 recipients must read.
		expect(parseRetryAfter('Sunday, 01-Mar-26 12:00:30 GMT', now)).toBe(30_000);
		expect(parseRetryAfter('Sun Mar  1 12:01:00 2026', now)).toEqual(expect.any(Number));
	});

	it('never waits a negative time for a date in the past', () => {
		expect(parseRetryAfter('Sun, 01 Mar 2026 11:59:00 GMT', now)).toBe(0);
	});

	it('gives undefined when absent or unreadable', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		// Date.parse alone would read these as dates in 2001.
		expect(parseRetryAfter('-5', now)).toBeUndefined();
		expect(parseRetryAfter('1 2', now)).toBeUndefined();
	});
});

describe('backoffMs (exponential backoff with full jitter)', () => {
	const settings = { initialBackoffMs: 1000, maxBackoffMs: 30_000 };

	it('doubles the ceiling with every attempt', () => {
		const top = () => 1;
		expect([0, 1, 2, 3, 4].map((attempt) => backoffMs(attempt, settings, top))).toEqual([1000, 2000, 4000, 8000, 16_000]);
	});

	it('caps the ceiling at maxBackoffMs', () => {
		expect(backoffMs(5, settings, () => 1)).toBe(30_000);
		expect(backoffMs(40, settings, () => 1)).toBe(30_000);
	});

	it('draws the wait uniformly from [0, ceiling] (full jitter)', () => {
		expect(backoffMs(2, settings, () => 0)).toBe(0);
		expect(backoffMs(2, settings, () => 0.25)).toBe(1000);
		expect(backoffMs(3, settings, () => 0.5)).toBe(4000);
	});

	it('spreads real random waits over the whole range', () => {
		const waits = Array.from({ length: 400 }, () => backoffMs(3, settings));
		expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...waits)).toBeLessThanOrEqual(8000);
		// Full jitter, not "ceiling plus a little": many waits fall in the lower half.
		expect(waits.filter((w) => w < 4000).length).toBeGreaterThan(100);
		expect(waits.filter((w) => w >= 4000).length).toBeGreaterThan(100);
		expect(new Set(waits).size).toBeGreaterThan(100);
	});

	it('has sane defaults', () => {
		expect(DEFAULT_RETRY_SETTINGS).toMatchObject({ maxRetries: 5, maxWaitMs: 120_000, initialBackoffMs: 1000 });
	});
});

describe('retryDelayMs', () => {
	const settings = { initialBackoffMs: 1000, maxBackoffMs: 30_000 };
	it('waits what Retry-After asks from the floor up', () => {
		expect(retryDelayMs(1000, 3, settings, () => 0.99)).toBe(1000);
		expect(retryDelayMs(30_000, 0, settings, () => 0.99)).toBe(30_000);
	});

	it('reads Retry-After 0 (or under the floor) as "soon" with the normal backoff, not at once', () => {
		expect(RETRY_AFTER_FLOOR_MS).toBe(1000);
		expect(retryDelayMs(0, 0, settings, () => 0.5)).toBe(500);
		expect(retryDelayMs(0, 2, settings, () => 0.5)).toBe(2000);
		expect(retryDelayMs(300, 0, settings, () => 0.1)).toBe(300);
		expect(retryDelayMs(undefined, 1, settings, () => 0.5)).toBe(1000);
	});
});

describe('Request Options', () => {
	it('shows the defaults the policy uses, and reads missing or bad values as the defaults', () => {
		const shown = Object.fromEntries((requestOptionsProperty.options as Array<{ name: string; default: unknown }>).map((o) => [o.name, o.default]));
		// Adding "Max Requests per Second" with its default switches pacing from parallel-only to every request.
		expect(retrySettingsFrom(shown as never)).toEqual({ ...DEFAULT_RETRY_SETTINGS, pacing: 'strict' });
		expect(retrySettingsFrom({})).toEqual(DEFAULT_RETRY_SETTINGS);
		expect(retrySettingsFrom({ maxRetries: -1, timeout: 0, maxRetryWaitSeconds: 'x' })).toEqual(DEFAULT_RETRY_SETTINGS);
		expect(retrySettingsFrom({ maxRequestsPerSecond: 0 })).toMatchObject({ pacing: 'off' });
		expect(retrySettingsFrom({ maxConcurrentRequests: 0 })).toMatchObject({ maxConcurrentRequests: 8 });
		expect(retrySettingsFrom({ maxRetries: 2.7, maxRetryWaitSeconds: 3, initialBackoffMs: 0, maxRequestsPerSecond: 20, timeout: 500 })).toMatchObject({
			maxRetries: 2,
			maxWaitMs: 3000,
			initialBackoffMs: 0,
			maxRequestsPerSecond: 20,
			timeoutMs: 500,
		});
	});
});

describe('retryReason', () => {
	it('always repeats rate limits and the WAF page, even for requests that are not safe to repeat', () => {
		expect(retryReason({ status: 429 }, false)).toBe('rate-limit');
		expect(retryReason({ status: 429, html: true }, false)).toBe('rate-limit');
		expect(retryReason({ status: 403, html: true }, false)).toBe('waf');
	});

	it('does not repeat a JSON 403 (missing scope) or client errors', () => {
		expect(retryReason({ status: 403 }, true)).toBeUndefined();
		for (const status of [400, 401, 404, 409, 413, 422, 500]) expect(retryReason({ status }, true)).toBeUndefined();
	});

	it('repeats 502/503/504 and resets only when safe to repeat', () => {
		for (const status of [502, 503, 504]) {
			expect(retryReason({ status }, true)).toBe('server');
			expect(retryReason({ status }, false)).toBeUndefined();
		}
		expect(retryReason({ code: 'ECONNRESET' }, true)).toBe('network');
		expect(retryReason({ code: 'ECONNRESET' }, false)).toBeUndefined();
		expect(retryReason({ code: 'ETIMEDOUT' }, false)).toBeUndefined();
	});

	it('repeats a refused connection always (the request never reached OTTO)', () => {
		expect(retryReason({ code: 'ECONNREFUSED' }, false)).toBe('network');
	});

	it('knows timeout codes', () => {
		expect(isTimeoutCode('ETIMEDOUT')).toBe(true);
		expect(isTimeoutCode('ECONNABORTED')).toBe(true);
		expect(isTimeoutCode('ECONNRESET')).toBe(false);
	});
});

describe('repeat (the loop data and token calls share)', () => {
	const fast = { ...DEFAULT_RETRY_SETTINGS, initialBackoffMs: 1, maxRetries: 3 };
	const answers = (statuses: number[]) => {
		let call = 0;
		return {
			calls: () => call,
			attempt: async () => ({ statusCode: statuses[Math.min(call++, statuses.length - 1)] }),
		};
	};
	const byStatus = (value: { statusCode: number }) => (value.statusCode >= 300 ? { status: value.statusCode } : undefined);
	const cancelled = () => new Error('cancelled');

	it('repeats failed answers (429, 503, reset) of a call that is safe to repeat, then returns the good one', async () => {
		const token = answers([429, 503, 200]);
		const result = await repeat(token.attempt, { settings: fast, safeToRepeat: true, failureOfError: () => undefined, failureOfValue: byStatus, cancelled });
		expect(result.statusCode).toBe(200);
		expect(token.calls()).toBe(3);
	});

	it('returns the last failed answer after Max Retries, and a failure it does not repeat at once', async () => {
		const storm = answers([429]);
		expect((await repeat(storm.attempt, { settings: fast, safeToRepeat: true, failureOfError: () => undefined, failureOfValue: byStatus, cancelled })).statusCode).toBe(429);
		expect(storm.calls()).toBe(4);
		const rejected = answers([401, 200]);
		expect((await repeat(rejected.attempt, { settings: fast, safeToRepeat: true, failureOfError: () => undefined, failureOfValue: byStatus, cancelled })).statusCode).toBe(401);
		expect(rejected.calls()).toBe(1);
		const write = answers([503, 200]);
		expect((await repeat(write.attempt, { settings: fast, safeToRepeat: false, failureOfError: () => undefined, failureOfValue: byStatus, cancelled })).statusCode).toBe(503);
		expect(write.calls()).toBe(1);
	});

	it('repeats thrown network failures and words giving up through giveUp', async () => {
		let calls = 0;
		const attempt = async () => {
			calls += 1;
			throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
		};
		await expect(
			repeat(attempt, {
				settings: fast,
				safeToRepeat: true,
				failureOfError: (error) => ({ code: (error as { code?: string }).code }),
				giveUp: (_error, info) => new Error(giveUpWords(info, fast).message),
				cancelled,
			}),
		).rejects.toThrow('OTTO kept failing (HTTP ECONNRESET) after 3 retries');
		expect(calls).toBe(4);
	});

	it('stops waiting when the signal aborts', async () => {
		const controller = new AbortController();
		const storm = answers([429]);
		const started = Date.now();
		const running = repeat(storm.attempt, {
			settings: { ...fast, initialBackoffMs: 60_000, maxWaitMs: 600_000 },
			safeToRepeat: true,
			failureOfError: () => undefined,
			failureOfValue: (value) => ({ status: value.statusCode, retryAfter: '60' }),
			cancelled,
			signal: controller.signal,
		});
		setTimeout(() => controller.abort(), 20);
		await expect(running).rejects.toThrow('cancelled');
		expect(Date.now() - started).toBeLessThan(2000);
		expect(storm.calls()).toBe(1);
	});
});
