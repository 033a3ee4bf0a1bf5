/**
 * Issue 12 defects 6 (endless pagination), 7 (loose dates) and 14 (`[id, null]`, "0x10", "1e3"):
 * through n8n-core against the simulator where a request is involved, and on the checks themselves.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { OttoMarketOrders } from '../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { requirePositionItemIds } from '../../nodes/OttoMarketOrders/helpers';
import { requireAmount, requireDate, requireInteger } from '../../nodes/shared/validation';
import { TransportProbe } from '../fixtures/TransportProbe.node';
import { runNode } from '../helpers/n8n';
import { requestsTo, useSimulator } from '../helpers/simulator';

const node = { name: 'Test Node' } as INode;
const message = (run: () => unknown): string => {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return (error as Error).message;
	}
	throw new Error('expected an error');
};

describe('defect 7: dates are ISO 8601 (or a Date / Luxon DateTime), nothing looser', () => {
	it.each([
		['2026-05-02', '2026-05-02T00:00:00.000Z'],
		['2026-05-02T10:00:00Z', '2026-05-02T10:00:00.000Z'],
		['2026-05-02T10:00:00.123Z', '2026-05-02T10:00:00.123Z'],
		['2026-05-02T12:00:00+02:00', '2026-05-02T10:00:00.000Z'],
		['2026-05-02T12:00:00.000+02:00', '2026-05-02T10:00:00.000Z'],
		['2026-05-02T12:00+0200', '2026-05-02T10:00:00.000Z'],
		[' 2026-05-02T10:00:00Z ', '2026-05-02T10:00:00.000Z'],
	])('accepts %j', (text, iso) => {
		expect(requireDate(node, text, 'Ship Date', 0)).toBe(iso);
	});

	it("accepts what n8n's date picker (local time, no offset), Luxon and Date give", () => {
		const local = requireDate(node, '2026-05-02T10:00:00', 'Ship Date', 0);
		expect(local).toBe(new Date(2026, 4, 2, 10, 0, 0).toISOString());
		expect(requireDate(node, DateTime.fromISO('2026-05-02T12:00:00+02:00', { setZone: true }), 'Ship Date', 0)).toBe('2026-05-02T10:00:00.000Z');
		expect(requireDate(node, new Date('2026-05-02T10:00:00Z'), 'Ship Date', 0)).toBe('2026-05-02T10:00:00.000Z');
	});

	it.each(['week 12', '2001 3', 'March 1', '12', 'next friday', '2026-02-30', '2026-13-01', '2026-05-02T25:00:00Z', '02.05.2026', '2026/05/02', 'tomorrow 10:00'])(
		'refuses %j, naming field and item',
		(text) => {
			expect(message(() => requireDate(node, text, 'Ship Date', 3))).toMatch(/^Invalid "Ship Date" in item 3: .* is not a date; use ISO 8601/);
		},
	);

	it('refuses an invalid Date object and an empty value', () => {
		expect(message(() => requireDate(node, new Date('x'), 'Ship Date', 1))).toMatch(/"Ship Date" in item 1/);
		expect(message(() => requireDate(node, '', 'Ship Date', 1))).toMatch(/"Ship Date" in item 1/);
	});
});

describe('defect 14: numbers and position item IDs', () => {
	it.each(['0x10', '1e3', '0b1', '0o7', '1_000', 'Infinity', '5 pcs'])('a quantity %j is refused', (text) => {
		expect(message(() => requireInteger(node, text, 'Quantity', 2, { min: 0 }))).toMatch(/^Invalid "Quantity" in item 2: must be a whole number/);
	});

	it('plain decimal digits (and numbers) still pass', () => {
		expect(requireInteger(node, '16', 'Quantity', 0)).toBe(16);
		expect(requireInteger(node, ' 1000 ', 'Quantity', 0)).toBe(1000);
		expect(requireInteger(node, 7, 'Quantity', 0)).toBe(7);
	});

	it.each(['0x10', '1e3', '12,5'])('an amount %j is refused', (text) => {
		expect(message(() => requireAmount(node, text, 'Price', 0))).toMatch(/^Invalid "Price" in item 0/);
	});

	it('amounts in decimal notation pass', () => {
		expect(requireAmount(node, '12.50', 'Price', 0)).toBe(12.5);
		expect(requireAmount(node, 3, 'Price', 0)).toBe(3);
	});

	it.each([[['pi-1', null]], [['pi-1', undefined]], [['pi-1', {}]], [['pi-1', '']], [['pi-1', ' ']]])('a list %j is refused, naming the entry', (list) => {
		expect(message(() => requirePositionItemIds(node, list, 4))).toMatch(/^Invalid "Position Item IDs" in item 4: entry 2 of the list is/);
	});

	describe('through the Orders node: nothing is sent', () => {
		const world = useSimulator({ rateLimitsEnabled: false });

		it('[id, null] as position item IDs is an error for that item, no request', async () => {
			const result = await runNode(world.helper, {
				type: new OttoMarketOrders(),
				parameters: {
					operation: 'cancelPositionItems',
					salesOrderId: '00000000-0000-4000-8000-000000000001',
					positionItemIds: '={{ ["pi-1", null] }}',
				},
				credentials: world.sellerCredential(),
			});
			expect(result.error?.message).toMatch(/Position Item IDs.*item 0.*entry 2 of the list is null/);
			expect(requestsTo(world.sim, '/v4/orders')).toHaveLength(0);
		});
	});
});

describe('defect 6: a repeated next link ends the list with a clear error', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	beforeAll(() => {
		const opts = { scope: 'orders', limitKey: null };
		// Page 1 links to page 2, page 2 links to itself (under Return All this looped forever).
		world.sim.route('GET', '/rel/loop', opts, (ctx) => {
			const page = ctx.query.get('nextcursor') ?? '1';
			const resources = Array.from({ length: 3 }, (_, i) => ({ id: `${page}-${i}` }));
			return { body: { resources, links: [{ rel: 'next', href: `/rel/loop?nextcursor=2` }] } };
		});
		// A cursor that comes back after a detour: 1 -> 2 -> 3 -> 2.
		world.sim.route('GET', '/rel/cycle', opts, (ctx) => {
			const page = Number(ctx.query.get('nextcursor') ?? '1');
			return { body: { resources: [{ id: page }], links: [{ rel: 'next', href: `/rel/cycle?nextcursor=${page === 3 ? 2 : page + 1}` }] } };
		});
	});

	it.each(['/rel/loop', '/rel/cycle'])('%s under Return All stops with an error naming the link', async (path) => {
		const result = await runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'list', path, returnAll: true, style: 'nextcursor', recordsPath: 'resources' },
			credentials: world.sellerCredential(),
		});
		expect(result.error?.message).toMatch(/next-page link that was already read/);
		expect(result.error?.description).toMatch(/nextcursor=2/);
		expect(requestsTo(world.sim, path, 'GET').length).toBeLessThanOrEqual(4);
	});
});
