'use strict';
// Receipts V3 (docs/otto-api.md §6), scope `receipts`. Receipts follow the simulated orders: a PURCHASE
// receipt for the position items of an order sent together, a REFUND receipt for each accepted
// return (sim.returns). Each receipt has its own small, valid PDF (sim.receipts.pdf()).

const { SELLER_PARTNER_ID } = require('../constants');

const RECEIPT_TYPES = ['PURCHASE', 'REFUND', 'PARTIAL_REFUND'];
const DEFAULT_LIMIT = 128;
const MAX_LIMIT = 128;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const round2 = (n) => Math.round(n * 100) / 100;
const money = (amount) => ({ amount: round2(amount), currency: 'EUR' });

/** Text for a PDF string literal: printable ASCII only, with ( ) \ escaped. */
function pdfText(text) {
	return String(text)
		.replace(/[^\x20-\x7e]/g, '?')
		.replace(/([\\()])/g, '\\$1');
}

/**
 * A minimal, valid one-page PDF 1.4 (catalog, pages, page, Helvetica, content stream, info)
 * with a correct cross-reference table. Built by hand so every byte is known.
 */
function buildPdf(title, lines) {
	let content = 'BT\n/F1 11 Tf\n15 TL\n50 790 Td\n';
	for (const line of lines) content += `(${pdfText(line)}) Tj T*\n`;
	content += 'ET\n';
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
		`<< /Title (${pdfText(title)}) /Producer (OTTO Market simulator) >>`,
	];
	// The second line is the binary marker PDF writers put there (bytes above 127).
	let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets = [];
	objects.forEach((object, index) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${index + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xrefAt = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

module.exports = (sim) => {
	const orders = sim.orders;

	function state(partnerId) {
		const p = sim.partner(partnerId);
		if (!p.receipts) p.receipts = { byNumber: new Map(), byKey: new Map(), seq: 1000 };
		return p.receipts;
	}

	// Shapes follow OTTO's ReceiptReceiptsV3 model (simulator/contract/spec.json): prices carry tax
	// type, rate (a string), gross, net and tax; positions list their position item IDs.
	function price(gross, rate) {
		const net = round2(gross / (1 + rate / 100));
		return { taxType: 'VAT', taxRate: String(rate), gross: money(gross), net: money(net), tax: money(gross - net) };
	}

	function lineItem(item, index) {
		const gross = item.itemValueReducedGrossPrice?.amount ?? item.itemValueGrossPrice.amount;
		return {
			lineNumber: index + 1,
			sku: item.product.sku,
			articleNumber: item.product.articleNumber,
			productTitle: item.product.productTitle,
			positionItemIds: [item.positionItemId],
			quantity: 1,
			unitPrice: price(gross, item.product.vatRate),
			positionSum: price(gross, item.product.vatRate),
			priceModifications: [],
		};
	}

	function totalsOf(positions) {
		const byRate = new Map();
		for (const position of positions) {
			const rate = Number(position.positionSum.taxRate);
			byRate.set(rate, (byRate.get(rate) ?? 0) + position.positionSum.gross.amount);
		}
		return [...byRate.entries()].map(([rate, gross]) => price(gross, rate));
	}

	/** An order address in the receipt's address shape (names, street, house number, addition, zip, city, country). */
	function receiptAddress(address) {
		const out = {};
		for (const key of ['firstName', 'lastName', 'street', 'houseNumber', 'addition', 'zipCode', 'city', 'countryCode']) {
			if (address && address[key] !== undefined && address[key] !== null) out[key] = address[key];
		}
		return out;
	}

	function base(partnerId, order, type, number, creationDate, items) {
		const positions = items.map(lineItem);
		const total = round2(positions.reduce((sum, p) => sum + p.positionSum.gross.amount, 0));
		const receipt = {
			receiptType: type,
			receiptNumber: number,
			isRealReceipt: true,
			creationDate,
			fulfillmentDate: creationDate,
			salesOrderId: order.salesOrderId,
			orderNumber: order.orderNumber,
			orderDate: order.orderDate,
			payment: { paymentProvider: 'OTTOPAYMENTS', paymentMethod: order.payment.paymentMethod },
			partner: {
				partnerName: `Simulated Partner ${partnerId}`,
				street: 'Werner-Otto-Str. 1-7',
				zipCode: '22179',
				city: 'Hamburg',
				countryCode: 'DEU',
				vatId: `DE${String(partnerId).padStart(9, '0')}`,
				representedBy: 'Simulated Managing Director',
			},
			customer: { invoiceAddress: receiptAddress(order.invoiceAddress ?? order.deliveryAddress) },
			lineItems: {
				itemPositions: positions,
				itemPartialRefundPositions: [],
				servicePositions: [],
				servicePartialRefundPositions: [],
				deliveryCosts: [],
				deliveryFeePartialRefundPositions: [],
			},
			totals: totalsOf(positions),
			amountDue: money(total),
			totalsGrossAmount: money(total),
			totalsReductions: [],
		};
		if (order.deliveryAddress) receipt.deliveryAddress = receiptAddress(order.deliveryAddress);
		return receipt;
	}

	function pdfOf(receipt) {
		const lines = [
			'OTTO Market - simulated receipt',
			`Receipt number: ${receipt.receiptNumber}`,
			`Type: ${receipt.receiptType}${receipt.refundType ? ` (${receipt.refundType})` : ''}`,
			`Created: ${receipt.creationDate}`,
			`Order: ${receipt.orderNumber} / ${receipt.salesOrderId}`,
		];
		if (receipt.linkedReceiptNumber) lines.push(`Refers to receipt: ${receipt.linkedReceiptNumber}`);
		for (const p of receipt.lineItems.itemPositions) {
			lines.push(`${p.quantity} x ${p.productTitle} (${p.sku}), VAT ${p.positionSum.taxRate} %: ${p.positionSum.gross.amount.toFixed(2)} EUR`);
		}
		lines.push(`Total: ${receipt.totalsGrossAmount.amount.toFixed(2)} EUR`);
		return buildPdf(`Receipt ${receipt.receiptNumber}`, lines);
	}

	function add(partnerId, s, key, at, make) {
		const seq = ++s.seq;
		const receipt = make(`R-DE-${partnerId}-${new Date(at).getUTCFullYear()}-${seq}`);
		const record = { receipt, seq, ms: Date.parse(receipt.creationDate), pdf: pdfOf(receipt) };
		s.byKey.set(key, record);
		s.byNumber.set(receipt.receiptNumber, record);
		return record;
	}

	/** Creates the receipts the orders and returns of a partner call for (idempotent). */
	function sync(partnerId) {
		const pid = String(partnerId);
		const s = state(pid);
		const pending = [];
		for (const order of orders.list(pid)) {
			const bySent = new Map();
			for (const item of order.positionItems) {
				if (!item.sentDate || (item.fulfillmentStatus !== 'SENT' && item.fulfillmentStatus !== 'RETURNED')) continue;
				bySent.set(item.sentDate, [...(bySent.get(item.sentDate) ?? []), item]);
			}
			for (const [sentDate, items] of bySent) {
				const key = `PURCHASE:${order.salesOrderId}:${sentDate}`;
				if (!s.byKey.has(key)) pending.push({ key, at: Date.parse(sentDate), order, items, sentDate, type: 'PURCHASE' });
			}
		}
		const accepted = sim.returns ? sim.returns.accepted(pid) : [];
		for (const ret of accepted) {
			const key = `REFUND:${ret.positionItemId}`;
			if (s.byKey.has(key)) continue;
			const found = orders.findPositionItem(pid, ret.positionItemId);
			if (found) pending.push({ key, at: Date.parse(ret.acceptedAt), order: found.order, items: [found.item], acceptedAt: ret.acceptedAt, type: 'REFUND' });
		}
		// Numbers follow creation time, purchases before the refunds that refer to them.
		pending.sort((a, b) => a.at - b.at || (a.type === b.type ? a.key.localeCompare(b.key) : a.type === 'PURCHASE' ? -1 : 1));
		for (const p of pending) {
			if (p.type === 'PURCHASE') {
				add(pid, s, p.key, p.at, (number) => ({
					...base(pid, p.order, 'PURCHASE', number, p.sentDate, p.items),
					shipmentDate: p.sentDate,
					shipment: { shipFromAddress: { zipCode: '22179', countryCode: 'DEU' } },
				}));
			} else {
				const item = p.items[0];
				const purchase = s.byKey.get(`PURCHASE:${p.order.salesOrderId}:${item.sentDate}`);
				add(pid, s, p.key, p.at, (number) => ({
					...base(pid, p.order, 'REFUND', number, p.acceptedAt, p.items),
					refundType: 'RETURN',
					...(purchase ? { linkedReceiptNumber: purchase.receipt.receiptNumber, linkedCreationDate: purchase.receipt.creationDate } : {}),
				}));
			}
		}
		return s;
	}

	function sortedRecords(partnerId) {
		const s = sync(partnerId);
		return [...s.byNumber.values()].sort((a, b) => b.ms - a.ms || b.seq - a.seq);
	}

	const api = {
		RECEIPT_TYPES,
		buildPdf,
		/** API view of every receipt of the partner, newest first (creates due receipts first). */
		list: (partnerId) => sortedRecords(partnerId).map((r) => r.receipt),
		get(partnerId, receiptNumber) {
			return sync(partnerId).byNumber.get(receiptNumber)?.receipt;
		},
		/** The exact PDF bytes the API serves for a receipt, or undefined. */
		pdf(partnerId, receiptNumber) {
			return sync(partnerId).byNumber.get(receiptNumber)?.pdf;
		},
	};
	sim.receipts = api;

	const bad = (ctx, detail) => sim.errors.otto(400, 'BAD_REQUEST', detail, ctx.path);
	const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const decode = (text) => {
		try {
			const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
			return value && typeof value === 'object' && value.q && Array.isArray(value.a) ? value : null;
		} catch {
			return null;
		}
	};

	function filtersOf(ctx) {
		const q = ctx.query;
		const filters = {};
		const types = q.getAll('receiptTypes').flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
		const unknown = types.filter((t) => !RECEIPT_TYPES.includes(t));
		if (unknown.length) return bad(ctx, `Unknown receiptTypes: ${unknown.join(', ')}`);
		if (types.length) filters.types = types;
		for (const name of ['from', 'to']) {
			const raw = q.get(name);
			if (raw === null || raw === '') continue;
			if (!DAY.test(raw) || Number.isNaN(Date.parse(raw))) return bad(ctx, `${name} must be a date as yyyy-mm-dd, got '${raw}'`);
			filters[name] = raw;
		}
		const salesOrderId = q.get('salesOrderId');
		if (salesOrderId) filters.salesOrderId = salesOrderId;
		return filters;
	}

	sim.route('GET', '/v3/receipts', { scope: 'receipts' }, (ctx) => {
		const rawLimit = ctx.query.get('limit');
		if (rawLimit !== null && rawLimit !== '' && !/^\d+$/.test(rawLimit)) return bad(ctx, `limit must be an integer, got '${rawLimit}'`);
		const limit = rawLimit ? Number(rawLimit) : DEFAULT_LIMIT;
		if (limit < 1 || limit > MAX_LIMIT) return bad(ctx, `limit must be between 1 and ${MAX_LIMIT}`);
		let filters;
		let after;
		const cursorText = ctx.query.get('next');
		if (cursorText) {
			const cursor = decode(cursorText);
			if (!cursor) return bad(ctx, 'Invalid next cursor');
			filters = cursor.q;
			after = cursor.a;
		} else {
			filters = filtersOf(ctx);
			if (filters.status) return filters; // an error response
		}
		const rows = sortedRecords(ctx.partnerId).filter((r) => {
			const day = r.receipt.creationDate.slice(0, 10);
			if (filters.types && !filters.types.includes(r.receipt.receiptType)) return false;
			if (filters.from && day < filters.from) return false;
			if (filters.to && day > filters.to) return false;
			if (filters.salesOrderId && r.receipt.salesOrderId !== filters.salesOrderId) return false;
			if (after && !(r.ms < after[0] || (r.ms === after[0] && r.seq < after[1]))) return false;
			return true;
		});
		const page = rows.slice(0, limit);
		const links = [];
		if (rows.length > limit) {
			const last = page[page.length - 1];
			links.push({ rel: 'next', href: `/v3/receipts?next=${encode({ q: filters, a: [last.ms, last.seq] })}&limit=${limit}` });
		}
		return { body: { resources: page.map((r) => r.receipt), links } };
	});

	sim.route('GET', '/v3/receipts/:receiptNumber.pdf', { scope: 'receipts' }, (ctx) => {
		const accept = String(ctx.headers.accept ?? '*/*');
		if (!/application\/pdf|\*\/\*|application\/\*/.test(accept)) {
			return sim.errors.otto(406, 'NOT_ACCEPTABLE', `The PDF is served as application/pdf, the request accepts only '${accept}'`, ctx.path);
		}
		const pdf = api.pdf(ctx.partnerId, ctx.params.receiptNumber);
		if (!pdf) return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Receipt ${ctx.params.receiptNumber} not found`, ctx.path);
		return {
			body: pdf,
			headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="${ctx.params.receiptNumber}.pdf"` },
		};
	});

	sim.route('GET', '/v3/receipts/:receiptNumber', { scope: 'receipts' }, (ctx) => {
		const receipt = api.get(ctx.partnerId, ctx.params.receiptNumber);
		if (!receipt) return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Receipt ${ctx.params.receiptNumber} not found`, ctx.path);
		return { body: receipt };
	});

	// --- control -------------------------------------------------------------------------------
	const partnerOf = (ctx) => String(ctx.query.get('partnerId') || SELLER_PARTNER_ID);
	sim.control('GET', '/receipts', (ctx) => ({ body: { resources: api.list(partnerOf(ctx)) } }));
	sim.control('GET', '/receipts/:receiptNumber.pdf', (ctx) => {
		const pdf = api.pdf(partnerOf(ctx), ctx.params.receiptNumber);
		return pdf ? { body: pdf, headers: { 'content-type': 'application/pdf' } } : { status: 404, body: { error: 'not found' } };
	});
};
