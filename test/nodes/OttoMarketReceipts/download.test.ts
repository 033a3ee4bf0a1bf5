import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { OttoMarketReceipts } from '../../../nodes/OttoMarketReceipts/OttoMarketReceipts.node';
import { OttoMarketReturns } from '../../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';

const P = '1000001';

/** The bytes n8n holds for a binary property (in-memory binary mode keeps them base64 in `data`). */
function bytesOf(binary: IBinaryData | undefined): Buffer {
	if (!binary) throw new Error('no binary data');
	expect(binary.id).toBeUndefined();
	return Buffer.from(binary.data, 'base64');
}

describe('OTTO Market Receipts: Download PDF', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	beforeEach(async () => {
		world.sim.reset();
		world.sim.clock.set('2026-03-10T08:00:00.000Z');
		world.sim.orders.create(P, { count: 2, status: 'SENT', positions: 2, intervalMs: 3_600_000 });
		const [ret] = world.sim.returns.announce(P, { count: 1 });
		world.sim.clock.advance(60_000);
		// Two PURCHASE receipts (one per sent order) and a REFUND for the accepted return.
		const accepted = await runNode(world.helper, {
			type: new OttoMarketReturns(),
			parameters: { operation: 'accept', positionItemId: ret.positionItemId, salesOrderId: ret.salesOrderId, condition: 'A', reason: 'RETURN_RECEIVED' },
			credentials: world.sellerCredential(),
		});
		expect(accepted.error).toBeUndefined();
		world.sim.clearRequests();
	});

	it('downloads a PDF byte for byte as OTTO served it, as <receiptNumber>.pdf with MIME application/pdf', async () => {
		const receipts = world.sim.receipts.list(P);
		expect(receipts.map((r) => r.receiptType)).toEqual(['PURCHASE', 'REFUND', 'PURCHASE']);
		const number = receipts[1].receiptNumber;
		const result = await runNode(world.helper, {
			type: new OttoMarketReceipts(),
			parameters: { operation: 'download', receiptNumber: number },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		const binary = item.binary?.data;
		expect(binary?.fileName).toBe(`${number}.pdf`);
		expect(binary?.mimeType).toBe('application/pdf');
		expect(binary?.fileExtension).toBe('pdf');
		const pdfRequests = requestsTo(world.sim, '/v3/receipts', 'GET');
		expect(pdfRequests.map((r) => r.path)).toEqual([`/v3/receipts/${number}.pdf`]);
		expect(pdfRequests[0].headers.accept).toBe('application/pdf');
		const bytes = bytesOf(binary);
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		// Identical to the simulator's store and to what a plain HTTP client gets.
		expect(bytes.equals(world.sim.receipts.pdf(P, number)!)).toBe(true);
		const token = world.sim.tokens.issue({ partnerId: P, scopes: ['receipts'] }).token;
		const direct = await fetch(`${world.sim.url}/v3/receipts/${number}.pdf`, {
			headers: { authorization: `Bearer ${token}`, accept: 'application/pdf' },
		});
		expect(direct.headers.get('content-type')).toBe('application/pdf');
		expect(bytes.equals(Buffer.from(await direct.arrayBuffer()))).toBe(true);
		// The binary marker line (bytes above 127) survived: the body was read as bytes, not text.
		expect([...bytes.subarray(10, 14)]).toEqual([0xe2, 0xe3, 0xcf, 0xd3]);
		expect(bytes.toString('latin1')).toContain(`(Receipt number: ${number})`);
		expect(item.json).toEqual({ receiptNumber: number, fileName: `${number}.pdf`, mimeType: 'application/pdf', fileSize: binary?.fileSize });
		expect(item.pairedItem).toEqual({ item: 0 });

	});

	it('downloads one PDF per input item into a named binary property, each different and paired', async () => {
		const receipts = world.sim.receipts.list(P);
		const input: INodeExecutionData[] = receipts.map((r) => ({ json: { receiptNumber: r.receiptNumber } }));
		const result = await runNode(
			world.helper,
			{
				type: new OttoMarketReceipts(),
				parameters: { operation: 'download', receiptNumber: '={{ $json.receiptNumber }}', binaryPropertyName: 'receiptPdf' },
				credentials: world.sellerCredential(),
			},
			input,
		);
		expect(result.items).toHaveLength(3);
		const hashes = new Set<string>();
		result.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.binary?.data).toBeUndefined();
			const binary = item.binary?.receiptPdf;
			expect(binary?.fileName).toBe(`${receipts[index].receiptNumber}.pdf`);
			const bytes = bytesOf(binary);
			expect(bytes.equals(world.sim.receipts.pdf(P, receipts[index].receiptNumber)!)).toBe(true);
			hashes.add(bytes.toString('base64'));
		});
		expect(hashes.size).toBe(3);
		expect(requestsTo(world.sim, '/v3/receipts', 'GET')).toHaveLength(3);
	});

	it('an unknown receipt fails its item with OTTO\'s 404; a malformed number fails before any request', async () => {
		const [receipt] = world.sim.receipts.list(P);
		const result = await runNode(
			world.helper,
			{
				type: new OttoMarketReceipts(),
				parameters: { operation: 'download', receiptNumber: '={{ $json.receiptNumber }}' },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			[{ json: { receiptNumber: 'R-DE-0-2026-1' } }, { json: { receiptNumber: '../orders' } }, { json: { receiptNumber: receipt.receiptNumber } }],
		);
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(String(result.items[0].json.error)).toContain('RESOURCE_NOT_FOUND');
		expect(result.items[1].json.error).toBe(
			'Invalid "Receipt Number" in item 1: "../orders" is not a receipt number (letters, digits, "-", "_" and "." only, such as R-DE-123456789-2020-1507)',
		);
		expect(result.items[2].binary?.data?.fileName).toBe(`${receipt.receiptNumber}.pdf`);
		expect(requestsTo(world.sim, '/v3/receipts', 'GET').map((r) => r.path)).toEqual([
			'/v3/receipts/R-DE-0-2026-1.pdf',
			`/v3/receipts/${receipt.receiptNumber}.pdf`,
		]);
	});
});
