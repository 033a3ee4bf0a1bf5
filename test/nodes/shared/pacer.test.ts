import { PACING_MARGIN_MS, answeredWith, book, pacingKey, release, resetPacers, waitOf } from '../../../nodes/shared/pacer';

describe('pacer (one pace per credential)', () => {
	beforeEach(() => resetPacers());

	const maxInAnyWindow = (times: number[], ms = 1000) => {
		const sorted = [...times].sort((a, b) => a - b);
		let most = 0;
		for (let i = 0, j = 0; i < sorted.length; i++) {
			while (sorted[i] - sorted[j] >= ms) j++;
			most = Math.max(most, i - j + 1);
		}
		return most;
	};

	it('requests booked together never put more than N into any second, for any N and caller count', () => {
		for (const perSecond of [1, 5, 20, 37]) {
			const key = pacingKey(`cred-${perSecond}`, 'inst');
			const now = 1_000_000;
			const times = Array.from({ length: 200 }, () => now + book(key, perSecond, 'parallel', now).delayMs);
			expect(maxInAnyWindow(times, 1000 + PACING_MARGIN_MS)).toBeLessThanOrEqual(perSecond);
			// ... and not much slower than the limit: N per (1 s + margin).
			const span = Math.max(...times) - now;
			expect(span).toBeLessThanOrEqual((200 / perSecond) * (1000 + PACING_MARGIN_MS) + 1000);
		}
	});

	it('shares the budget between callers of one key (executions), not between keys', () => {
		const now = 5_000_000;
		const a = Array.from({ length: 40 }, (_, i) => now + book(pacingKey('7', i % 2 ? 'x' : ''), 20, 'parallel', now).delayMs);
		const shared = Array.from({ length: 40 }, () => now + book(pacingKey('8'), 20, 'parallel', now).delayMs);
		expect(maxInAnyWindow(shared)).toBeLessThanOrEqual(20);
		// Two installations are two budgets: twice as many in the first second.
		expect(a.filter((t) => t < now + 1000).length).toBeGreaterThan(shared.filter((t) => t < now + 1000).length);
	});

	it('parallel mode: a lone request goes at once; strict mode spaces every request; off never waits', () => {
		const now = 9_000_000;
		for (let i = 0; i < 50; i++) {
			expect(book('lone|', 20, 'parallel', now + i).delayMs).toBe(0);
			release('lone|');
		}
		expect(book('strict|', 5, 'strict', now).delayMs).toBe(0);
		release('strict|');
		expect(book('strict|', 5, 'strict', now).delayMs).toBe(200);
		for (let i = 0; i < 50; i++) expect(book('off|', 20, 'off', now).delayMs).toBe(0);
	});

	it('waitOf tells the wait the next booking would get, without booking it', () => {
		for (const mode of ['parallel', 'strict'] as const) {
			const key = pacingKey(`peek-${mode}`);
			const now = 2_000_000;
			expect(waitOf(key, 20, mode, now)).toBe(0);
			for (let i = 0; i < 45; i++) {
				const expected = waitOf(key, 20, mode, now);
				const slot = book(key, 20, mode, now);
				if (i > 0) expect(slot.delayMs).toBe(expected);
				expect(waitOf(key, 20, mode, now)).toBeGreaterThanOrEqual(slot.delayMs);
			}
			expect(waitOf(key, 20, mode, now)).toBeGreaterThan(1000);
			expect(waitOf(key, 0, mode, now)).toBe(0);
			expect(waitOf(key, 20, 'off', now)).toBe(0);
		}
	});

	it('widens the margin after a 429 and narrows it back', () => {
		const now = 12_000_000;
		const key = 'busy|';
		const first = Array.from({ length: 21 }, () => book(key, 20, 'strict', now).delayMs);
		answeredWith(key, true);
		const later = book(key, 20, 'strict', now).delayMs;
		// The 22nd request waits for the 2nd + 1 s + the widened margin.
		expect(later).toBeGreaterThanOrEqual(first[1] + 1000 + PACING_MARGIN_MS + 50);
	});
});
