import { startSimulator } from '../../../simulator';
import type { Simulator } from '../../../simulator';

const P = '1000001';

/** Checks the structure a PDF reader relies on: header, objects at the xref offsets, startxref, EOF, stream length. */
function checkPdf(pdf: Buffer): void {
	const text = pdf.toString('latin1');
	expect(text.startsWith('%PDF-1.4\n')).toBe(true);
	expect(text.endsWith('%%EOF\n')).toBe(true);
	const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
	expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
	const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref)) ?? [];
	expect(Number(first)).toBe(0);
	const entries = text.slice(startxref).split('\n').slice(2, 2 + Number(count));
	expect(entries[0]).toBe('0000000000 65535 f ');
	entries.slice(1).forEach((entry, index) => {
		expect(entry).toMatch(/^\d{10} 00000 n $/);
		const offset = Number(entry.slice(0, 10));
		expect(text.slice(offset, offset + `${index + 1} 0 obj\n`.length)).toBe(`${index + 1} 0 obj\n`);
	});
	expect(text).toContain(`/Size ${count} /Root 1 0 R`);
	const stream = /<< \/Length (\d+) >>\nstream\n([\s\S]*?)endstream/.exec(text);
	expect(Buffer.byteLength(stream![2], 'latin1')).toBe(Number(stream![1]));
}

describe('simulator: receipts as real PDF files', () => {
	let sim: Simulator;
	beforeAll(async () => {
		sim = await startSimulator({ rateLimitsEnabled: false });
	});
	afterAll(async () => {
		await sim.close();
	});

	it('every receipt has its own valid PDF naming it; PURCHASE per sent order, REFUND per accepted return', async () => {
		sim.clock.set('2026-03-10T08:00:00.000Z');
		sim.orders.create(P, { count: 3, status: 'SENT', positions: 1, intervalMs: 60_000 });
		sim.orders.create(P, { count: 2, status: 'PROCESSABLE' });
		const [ret] = sim.returns.announce(P, { count: 1 });
		const token = sim.tokens.issue({ partnerId: P, scopes: ['returns', 'receipts'] }).token;
		const accept = await fetch(`${sim.url}/v3/returns/acceptance`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ positionItems: [{ positionItemId: ret.positionItemId, salesOrderId: ret.salesOrderId, condition: 'A' }] }),
		});
		expect(accept.status).toBe(200);
		const receipts = sim.receipts.list(P);
		expect(receipts.map((r) => r.receiptType).sort()).toEqual(['PURCHASE', 'PURCHASE', 'PURCHASE', 'REFUND']);
		const refund = receipts.find((r) => r.receiptType === 'REFUND')!;
		expect(refund.lineItems.itemPositions[0].positionItemIds[0]).toBe(ret.positionItemId);
		expect(receipts.find((r) => r.receiptNumber === refund.linkedReceiptNumber)?.salesOrderId).toBe(ret.salesOrderId);
		const pdfs = receipts.map((r) => sim.receipts.pdf(P, r.receiptNumber)!);
		pdfs.forEach((pdf, index) => {
			checkPdf(pdf);
			expect(pdf.toString('latin1')).toContain(`(Receipt number: ${receipts[index].receiptNumber})`);
		});
		expect(new Set(pdfs.map((pdf) => pdf.toString('base64'))).size).toBe(4);
		// A PDF is served as application/pdf, and only to clients that accept it.
		const ok = await fetch(`${sim.url}/v3/receipts/${refund.receiptNumber}.pdf`, { headers: { authorization: `Bearer ${token}`, accept: 'application/pdf' } });
		expect(ok.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await ok.arrayBuffer()).equals(pdfs[receipts.indexOf(refund)])).toBe(true);
		const json = await fetch(`${sim.url}/v3/receipts/${refund.receiptNumber}.pdf`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
		expect(json.status).toBe(406);
		// Listing again creates no new receipts.
		expect(sim.receipts.list(P).map((r) => r.receiptNumber)).toEqual(receipts.map((r) => r.receiptNumber));
	});

	it('returns: 413 above 200 position items, 400 without the wrapper object', async () => {
		const token = sim.tokens.issue({ partnerId: P, scopes: ['returns'] }).token;
		const post = (body: unknown) =>
			fetch(`${sim.url}/v3/returns/acceptance`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
		const items = Array.from({ length: 201 }, (_, i) => ({ positionItemId: `p-${i}`, salesOrderId: 's' }));
		expect((await post({ positionItems: items })).status).toBe(413);
		expect((await post(items.slice(0, 2))).status).toBe(400);
	});
});
