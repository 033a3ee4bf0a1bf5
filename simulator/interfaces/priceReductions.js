'use strict';
// PriceReductions V1 (docs/otto-api.md §7.4), scope `price-reduction`: a partial refund on a shipped
// (SENT) position item instead of a return. Reductions live in sim.partner(id).priceReductions.
//
// Answers, in OTTO's shapes (kassaline/openapi-clients-otto@050bb6a lib/Model, lib/Api/PriceReductionsV1Api.php):
// - 202 `{ results: { path, title, code, detail, logref } }`: ONE object, not the reduction summary
//   (AcceptedPriceReductionResponsePriceReductionsV1 -> APIResponsePriceReductionsV1; `code` is an integer);
// - every error is nested: `{ errors: { errors: [{ path, title, code, detail, logref }] } }`
//   (ConflictPositionItemIdPriceReductionsV1, NotFoundPositionItemIdPriceReductionsV1,
//   FailedDependencyPriceReductionsV1, ... -> APIErrorResponsePriceReductionsV1).
// Business rules (simulator choices where OTTO gives only the status codes): 400 for a malformed
// body; 404 for an unknown order or position item; 409 when the position item is not SENT or
// another reduction of it is still INITIATED; 424 when the reductions would exceed the item's price.
// GET answers `{ results: [summary], links }` (PriceReductionsResponsePriceReductionsV1).
// Control: POST /__control/price-reductions/process { partnerId } marks INITIATED reductions PROCESSED.

const crypto = require('node:crypto');
const { SELLER_PARTNER_ID } = require('../constants');

const logref = () => `sim-${crypto.randomBytes(4).toString('hex')}`;

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 128;

module.exports = (sim) => {
	const listOf = (partnerId) => {
		const partner = sim.partner(partnerId);
		partner.priceReductions ??= [];
		return partner.priceReductions;
	};
	const round = (n) => Math.round(n * 100) / 100;
	/** OTTO's nested price-reduction error body. */
	const problem = (ctx, status, title, detail) => ({
		status,
		body: { errors: { errors: [{ path: ctx.path, title, code: status, detail, logref: logref() }] } },
	});
	const bad = (ctx, detail) => problem(ctx, 400, 'BAD_REQUEST', detail);

	function summary(partnerId, positionItemId) {
		const found = sim.orders.findPositionItem(partnerId, positionItemId);
		const entries = listOf(partnerId).filter((r) => r.positionItemId === positionItemId);
		const total = entries.filter((r) => r.status !== 'REJECTED').reduce((sum, r) => sum + r.priceReduction.amount, 0);
		return {
			salesOrderId: found ? found.order.salesOrderId : entries[0]?.salesOrderId,
			positionItemId,
			totalPriceReduction: { amount: round(total), currency: 'EUR' },
			invoicePrice: found ? { ...found.item.itemValueReducedGrossPrice } : undefined,
			priceReductions: entries.map((r) => ({
				status: r.status,
				receiptNumber: r.receiptNumber,
				creationDateTime: r.creationDateTime,
				priceReduction: { ...r.priceReduction },
			})),
		};
	}

	sim.route('POST', '/v1/price-reductions', { scope: 'price-reduction' }, (ctx) => {
		const body = ctx.body;
		if (!body || typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) return bad(ctx, 'Expected a JSON object');
		const { salesOrderId, positionItemId, priceReduction } = body;
		if (typeof salesOrderId !== 'string' || !salesOrderId) return bad(ctx, 'salesOrderId is mandatory');
		if (typeof positionItemId !== 'string' || !positionItemId) return bad(ctx, 'positionItemId is mandatory');
		const amount = priceReduction && priceReduction.amount;
		if (typeof amount !== 'number' || !(amount > 0) || Math.abs(amount * 100 - Math.round(amount * 100)) > 1e-6) {
			return bad(ctx, 'priceReduction.amount must be a positive amount with at most two decimals');
		}
		if (priceReduction.currency !== 'EUR') return bad(ctx, 'priceReduction.currency must be EUR');
		const found = sim.orders.findPositionItem(ctx.partnerId, positionItemId);
		if (!found || found.order.salesOrderId !== salesOrderId) {
			return problem(ctx, 404, 'RESOURCE_NOT_FOUND', `Position item ${positionItemId} not found in order ${salesOrderId}`, ctx.path);
		}
		if (found.item.fulfillmentStatus !== 'SENT') {
			return problem(ctx, 409, 'CONFLICT', `Position item ${positionItemId} is ${found.item.fulfillmentStatus}; price reductions are possible only for SENT items`, ctx.path);
		}
		const list = listOf(ctx.partnerId);
		if (list.some((r) => r.positionItemId === positionItemId && r.status === 'INITIATED')) {
			return problem(ctx, 409, 'CONFLICT', `A price reduction for position item ${positionItemId} is still being processed`, ctx.path);
		}
		const already = list.filter((r) => r.positionItemId === positionItemId && r.status !== 'REJECTED').reduce((s, r) => s + r.priceReduction.amount, 0);
		const price = found.item.itemValueReducedGrossPrice.amount;
		if (round(already + amount) > price) {
			return problem(ctx, 424, 'FAILED_DEPENDENCY', `Price reductions of ${round(already + amount)} EUR would exceed the item price of ${price} EUR`, ctx.path);
		}
		list.push({
			salesOrderId,
			positionItemId,
			status: 'INITIATED',
			receiptNumber: null,
			creationDateTime: sim.clock.now().toISOString(),
			priceReduction: { amount, currency: 'EUR' },
		});
		return {
			status: 202,
			body: {
				results: {
					path: ctx.path,
					title: 'ACCEPTED',
					code: 202,
					detail: `Price reduction of ${amount} EUR for position item ${positionItemId} accepted`,
					logref: logref(),
				},
			},
		};
	});

	sim.route('GET', '/v1/price-reductions', { scope: 'price-reduction' }, (ctx) => {
		const q = ctx.query;
		const limitText = q.get('limit');
		const pageText = q.get('page');
		const limit = limitText ? Number(limitText) : DEFAULT_LIMIT;
		const page = pageText ? Number(pageText) : 1;
		if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return bad(ctx, `limit must be between 1 and ${MAX_LIMIT}`);
		if (!Number.isInteger(page) || page < 1) return bad(ctx, 'page must be 1 or more');
		const wanted = q.get('positionItemId');
		const ids = [...new Set(listOf(ctx.partnerId).map((r) => r.positionItemId))].filter((id) => !wanted || id === wanted);
		const slice = ids.slice((page - 1) * limit, page * limit);
		const links = [];
		if (ids.length > page * limit) {
			const next = new URLSearchParams({ page: String(page + 1), limit: String(limit) });
			if (wanted) next.set('positionItemId', wanted);
			links.push({ rel: 'next', href: `/v1/price-reductions?${next}` });
		}
		return { body: { results: slice.map((id) => summary(ctx.partnerId, id)), links } };
	});

	sim.control('POST', '/price-reductions/process', (ctx) => {
		const partnerId = String((ctx.body && ctx.body.partnerId) || SELLER_PARTNER_ID);
		let n = 0;
		for (const r of listOf(partnerId)) {
			if (r.status !== 'INITIATED') continue;
			r.status = 'PROCESSED';
			r.receiptNumber = `PR-${String(1000 + n++)}`;
		}
		return { body: { processed: n } };
	});
};
