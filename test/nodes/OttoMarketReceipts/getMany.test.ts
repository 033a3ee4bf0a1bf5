import { OttoMarketReceipts } from '../../../nodes/OttoMarketReceipts/OttoMarketReceipts.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const P = '1000001';

describe('OTTO Market Receipts: Get Many', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(() => {
		world.sim.reset();
		world.sim.clock.set('2026-03-10T08:00:00.000Z');
	});

	/** `count` sent orders, one per `intervalMs` from `at`, each with one position item (one PURCHASE receipt each). */
	function sentOrders(count: number, at: string, intervalMs: number) {
		return world.sim.orders.create(P, { count, status: 'SENT', positions: 1, at, intervalMs });
	}

	it('Return All follows the next cursor (128 per page), newest first, asking for the default types', async () => {
		sentOrders(140, '2026-03-01T00:00:00.000Z', 60_000);
		const result = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'getMany', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(140);
		expect(new Set(result.items.map((item) => item.json.receiptNumber)).size).toBe(140);
		const dates = result.items.map((item) => String(item.json.creationDate));
		expect(dates).toEqual([...dates].sort().reverse());
		const gets = requestsTo(world.sim, '/v3/receipts', 'GET');
		expect(gets).toHaveLength(2);
		expect(gets[0].query).toEqual({ receiptTypes: ['PURCHASE', 'REFUND', 'PARTIAL_REFUND'], limit: '128' });
		expect(Object.keys(gets[1].query).sort()).toEqual(['limit', 'next']);
		expect(result.items.every((item) => item.binary === undefined)).toBe(true);
	});

	it('filters by type, day range (yyyy-mm-dd) and sales order; a Limit costs one request', async () => {
		const orders = sentOrders(6, '2026-03-01T12:00:00.000Z', 86_400_000); // one order per day, 1st to 6th
		const limited = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'getMany', returnAll: false, limit: 2, receiptTypes: ['PURCHASE'] },
			credentials: world.sellerCredential(),
		});
		expect(limited.items.map((item) => String(item.json.creationDate).slice(0, 10))).toEqual(['2026-03-06', '2026-03-05']);
		expect(requestsTo(world.sim, '/v3/receipts', 'GET').map((r) => r.query)).toEqual([{ receiptTypes: 'PURCHASE', limit: '2' }]);

		world.sim.clearRequests();
		const ranged = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'getMany', returnAll: true, filters: { fromDate: '2026-03-02T00:00:00', toDate: '2026-03-04T00:00:00' } },
			credentials: world.sellerCredential(),
		});
		expect(ranged.items.map((item) => String(item.json.creationDate).slice(0, 10))).toEqual(['2026-03-04', '2026-03-03', '2026-03-02']);
		expect(requestsTo(world.sim, '/v3/receipts', 'GET')[0].query).toMatchObject({ from: '2026-03-02', to: '2026-03-04' });

		world.sim.clearRequests();
		const byOrder = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'getMany', returnAll: true, receiptTypes: ['REFUND'], filters: { salesOrderId: orders[2].salesOrderId } },
			credentials: world.sellerCredential(),
		});
		expect(byOrder.items).toHaveLength(0);
		const purchases = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'getMany', returnAll: true, filters: { salesOrderId: orders[2].salesOrderId } },
			credentials: world.sellerCredential(),
		});
		expect(purchases.items.map((item) => [item.json.receiptType, item.json.salesOrderId])).toEqual([['PURCHASE', orders[2].salesOrderId]]);
	});

	it('rejects a From Date after the To Date and an unknown type before any request', async () => {
		const result = await runNode(
			world.helper,
			{
				type: new OttoMarketReceipts(),
				parameters: { operation: 'getMany', returnAll: true, receiptTypes: '={{ $json.types }}', filters: { fromDate: '={{ $json.from }}', toDate: '2026-03-04' } },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { types: ['PURCHASE'], from: '2026-03-05' } }, { json: { types: ['INVOICE'], from: '2026-03-01' } }],
		);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Invalid "To Date" in item 0: 2026-03-04 is before the From Date 2026-03-05',
			'Invalid "Receipt Types" in item 1: "INVOICE" is not one of PARTIAL_REFUND, PURCHASE, REFUND',
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(requestsTo(world.sim, '/v3/receipts')).toHaveLength(0);
	});

	it('Attach PDF downloads each listed receipt into the chosen binary property, byte-identical', async () => {
		sentOrders(5, '2026-03-01T12:00:00.000Z', 3_600_000);
		const result = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'getMany', returnAll: false, limit: 3, options: { attachPdf: true, binaryPropertyName: 'pdf' } },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		for (const item of result.items) {
			const number = String(item.json.receiptNumber);
			const binary = item.binary?.pdf;
			expect(binary?.fileName).toBe(`${number}.pdf`);
			expect(binary?.mimeType).toBe('application/pdf');
			const bytes = Buffer.from(binary!.data, 'base64');
			expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(bytes.equals(world.sim.receipts.pdf(P, number)!)).toBe(true);
			expect(item.json.receiptType).toBe('PURCHASE');
		}
		const gets = requestsTo(world.sim, '/v3/receipts', 'GET');
		expect(gets.map((r) => r.path)).toEqual([
			'/v3/receipts',
			...result.items.map((item) => `/v3/receipts/${String(item.json.receiptNumber)}.pdf`),
		]);
	});
});
