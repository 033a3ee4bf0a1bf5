import { OttoMarketReturns } from '../../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { runNode } from '../../helpers/n8n';
import { pagesUpTo, requestsTo, useSimulator } from '../../helpers/simulator';

const P = '1000001';

describe('OTTO Market Returns: Get Many', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => {
		world.sim.reset();
		world.sim.clock.set('2026-03-01T10:00:00.000Z');
	});

	it('Return All walks the page numbers 50 at a time, newest status change first', async () => {
		world.sim.returns.announce(P, { count: 120, intervalMs: 1000 });
		world.sim.returns.announce(P, { count: 3, status: 'MISDIRECTED' });
		const result = await runNode(world.helper, {
			type: new OttoMarketReturns(),
			parameters: { operation: 'getMany', status: 'ANNOUNCED', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(120);
		const times = result.items.map((item) => Date.parse(String(item.json.occurredTime)));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect(new Set(result.items.map((item) => item.json.positionItemId)).size).toBe(120);
		expect(result.items.every((item) => item.json.status === 'ANNOUNCED')).toBe(true);
		// Pages are read ahead (pagination.ts): at most Max Concurrent Requests − 1 asked for beyond the last one.
		const { read, beyond } = pagesUpTo(requestsTo(world.sim, '/v3/returns', 'GET'), 3);
		expect(read.map((r) => r.query)).toEqual([
			{ status: 'ANNOUNCED', limit: '50' },
			{ status: 'ANNOUNCED', page: '2', limit: '50' },
			{ status: 'ANNOUNCED', page: '3', limit: '50' },
		]);
		expect(beyond).toBeLessThanOrEqual(7);
	});

	it('a Limit asks for no more than needed; misdirected returns carry order number and warehouse', async () => {
		world.sim.returns.announce(P, { count: 4, status: 'MISDIRECTED', intervalMs: 1000 });
		const result = await runNode(world.helper, {
			type: new OttoMarketReturns(),
			parameters: { operation: 'getMany', status: 'MISDIRECTED', returnAll: false, limit: 3 },
			credentials: world.sellerCredential(),
		});
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.details).toEqual({ orderNumber: expect.any(String), ottoWarehouseID: expect.any(String) });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(requestsTo(world.sim, '/v3/returns', 'GET').map((r) => r.query)).toEqual([{ status: 'MISDIRECTED', limit: '3' }]);
	});

	it('runs once per input item and rejects an unknown status before sending', async () => {
		world.sim.returns.announce(P, { count: 2 });
		const result = await runNode(
			world.helper,
			{
				type: new OttoMarketReturns(),
				parameters: { operation: 'getMany', status: '={{ $json.status }}', returnAll: true },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { status: 'ANNOUNCED' } }, { json: { status: 'LOST' } }],
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 1 }]);
		expect(result.items[2].json.error).toBe('Invalid "Status" in item 1: "LOST" is not one of ANNOUNCED, ACCEPTED, REJECTED, MISDIRECTED');
		expect(requestsTo(world.sim, '/v3/returns', 'GET')).toHaveLength(1);
	});
});
