import { DEFAULT_RETRY_SETTINGS, backoffMs, isTimeoutCode, parseRetryAfter, retryReason } from '../../nodes/shared/retry';

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
