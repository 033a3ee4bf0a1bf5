'use strict';
// Orders V4 (docs/otto-api.md §3), scope `orders`. The data lives in sim.orders (../orderStore.js).

const { FULFILLMENT_STATUSES, SELLER_PARTNER_ID } = require('../constants');

const DEFAULT_LIMIT = 128;
const MAX_LIMIT = 256;

function encodeCursor(value) {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(text) {
	try {
		const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
		if (!value || typeof value !== 'object' || !Array.isArray(value.a) || !value.q) return null;
		return value;
	} catch {
		return null;
	}
}

module.exports = (sim) => {
	const store = sim.orders;
	const bad = (ctx, detail) => sim.errors.otto(400, 'BAD_REQUEST', detail, ctx.path);

	function parseLimit(ctx) {
		const raw = ctx.query.get('limit');
		if (raw === null || raw === '') return DEFAULT_LIMIT;
		if (!/^\d+$/.test(raw)) return bad(ctx, `limit must be an integer, got '${raw}'`);
		const limit = Number(raw);
		if (limit < 1 || limit > MAX_LIMIT) return bad(ctx, `limit must be between 1 and ${MAX_LIMIT}`);
		return limit;
	}

	/** Filters from the query string -> a plain object (stored in the cursor). */
	function parseFilters(ctx) {
		const q = ctx.query;
		const filters = {};
		for (const name of ['fromDate', 'fromOrderDate', 'toOrderDate']) {
			const raw = q.get(name);
			if (raw === null || raw === '') continue;
			const ms = Date.parse(raw);
			if (Number.isNaN(ms)) return bad(ctx, `${name} is not an ISO-8601 date-time: '${raw}'`);
			filters[name] = ms;
		}
		const statuses = q.getAll('fulfillmentStatus').flatMap((s) => s.split(',')).filter(Boolean);
		const unknown = statuses.filter((s) => !FULFILLMENT_STATUSES.includes(s));
		if (unknown.length) return bad(ctx, `Unknown fulfillmentStatus: ${unknown.join(', ')}`);
		if (statuses.length) filters.statuses = statuses;
		const mode = q.get('mode') || 'BUCKET';
		if (!['BUCKET', 'AT_LEAST_ONE'].includes(mode)) return bad(ctx, `Unknown mode: ${mode}`);
		filters.mode = mode;
		const direction = (q.get('orderDirection') || 'ASC').toUpperCase();
		if (!['ASC', 'DESC'].includes(direction)) return bad(ctx, `Unknown orderDirection: ${direction}`);
		filters.direction = direction;
		const column = q.get('orderColumnType') || 'ORDER_LIFECYCLE_DATE';
		if (!['ORDER_LIFECYCLE_DATE', 'ORDER_DATE'].includes(column)) return bad(ctx, `Unknown orderColumnType: ${column}`);
		filters.column = column;
		return filters;
	}

	sim.route('GET', '/v4/orders', { scope: 'orders' }, (ctx) => {
		const limit = parseLimit(ctx);
		if (typeof limit !== 'number') return limit;
		let filters;
		let after;
		const cursorText = ctx.query.get('nextcursor');
		if (cursorText) {
			const cursor = decodeCursor(cursorText);
			if (!cursor) return bad(ctx, 'Invalid nextcursor');
			filters = cursor.q;
			after = cursor.a;
		} else {
			filters = parseFilters(ctx);
			if (filters.status) return filters; // an error response
		}
		// One more than the page, to know whether a next page exists.
		const rows = store.query(ctx.partnerId, { ...filters, after, limit: limit + 1 });
		const page = rows.slice(0, limit);
		const links = [];
		if (rows.length > limit) {
			const next = encodeCursor({ q: filters, a: page[page.length - 1].sortKey });
			links.push({ rel: 'next', href: `/v4/orders?nextcursor=${next}&limit=${limit}` });
		}
		return { body: { resources: page.map((r) => store.toJson(r.order)), links } };
	});

	sim.route('GET', '/v4/orders/:id', { scope: 'orders' }, (ctx) => {
		const order = store.get(ctx.partnerId, ctx.params.id);
		if (!order) return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Order ${ctx.params.id} not found`, ctx.path);
		return { body: store.toJson(order) };
	});

	sim.route('POST', '/v4/orders/:salesOrderId/cancellation', { scope: 'orders' }, (ctx) => {
		const order = store.get(ctx.partnerId, ctx.params.salesOrderId);
		if (!order || order.salesOrderId !== ctx.params.salesOrderId) {
			return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Order ${ctx.params.salesOrderId} not found`, ctx.path);
		}
		const ids = order.positionItems.filter((p) => p.fulfillmentStatus === 'PROCESSABLE').map((p) => p.positionItemId);
		if (!ids.length) return sim.errors.otto(409, 'CONFLICT', 'The order has no PROCESSABLE position items to cancel', ctx.path);
		store.setStatus(ctx.partnerId, order.salesOrderId, 'CANCELLED_BY_PARTNER', { positionItemIds: ids });
		return { status: 200 };
	});

	sim.route('POST', '/v4/orders/:salesOrderId/positionItems/:positionItemIds/cancellation', { scope: 'orders' }, (ctx) => {
		const order = store.get(ctx.partnerId, ctx.params.salesOrderId);
		if (!order || order.salesOrderId !== ctx.params.salesOrderId) {
			return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Order ${ctx.params.salesOrderId} not found`, ctx.path);
		}
		const ids = [...new Set(ctx.params.positionItemIds.split(',').map((s) => s.trim()).filter(Boolean))];
		const items = ids.map((id) => order.positionItems.find((p) => p.positionItemId === id));
		const missing = ids.filter((_id, i) => !items[i]);
		if (missing.length) return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Position items not found in order: ${missing.join(', ')}`, ctx.path);
		const blocked = items.filter((p) => p.fulfillmentStatus !== 'PROCESSABLE' && p.fulfillmentStatus !== 'CANCELLED_BY_PARTNER');
		if (blocked.length) {
			return sim.errors.otto(
				409,
				'CONFLICT',
				`Position items cannot be cancelled: ${blocked.map((p) => `${p.positionItemId} (${p.fulfillmentStatus})`).join(', ')}`,
				ctx.path,
			);
		}
		const toCancel = items.filter((p) => p.fulfillmentStatus === 'PROCESSABLE').map((p) => p.positionItemId);
		if (toCancel.length) store.setStatus(ctx.partnerId, order.salesOrderId, 'CANCELLED_BY_PARTNER', { positionItemIds: toCancel });
		return { status: 200 };
	});

	const testOrders = (ctx, n) => {
		if (!sim.config.sandbox) return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', 'Test orders exist only in the sandbox', ctx.path);
		const created = store.createTestOrders(ctx.partnerId, n);
		return { status: 201, body: { resources: created.map((o) => store.toJson(o)) } };
	};
	sim.route('POST', '/v4/orders/testorders', { scope: 'orders' }, (ctx) => testOrders(ctx));
	sim.route('POST', '/v4/orders/testorders/scenario:n', { scope: 'orders' }, (ctx) => {
		const n = Number(ctx.params.n);
		if (!Number.isInteger(n) || n < 1 || n > 8) return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Unknown scenario ${ctx.params.n}`, ctx.path);
		return testOrders(ctx, n);
	});

	// --- control -------------------------------------------------------------------------------
	const partnerOf = (ctx) => String((ctx.body && ctx.body.partnerId) || ctx.query.get('partnerId') || SELLER_PARTNER_ID);
	const fail = (error) => ({ status: 400, body: { error: error.message } });

	sim.control('GET', '/orders', (ctx) => ({ body: { orders: store.list(partnerOf(ctx)) } }));
	sim.control('POST', '/orders', (ctx) => {
		const { partnerId: _p, ...opts } = ctx.body || {};
		try {
			return { status: 201, body: { orders: store.create(partnerOf(ctx), opts) } };
		} catch (error) {
			return fail(error);
		}
	});
	sim.control('POST', '/orders/seed', (ctx) => ({ status: 201, body: { orders: store.seed(partnerOf(ctx), Number((ctx.body && ctx.body.count) || 100)) } }));
	sim.control('GET', '/orders/:id', (ctx) => {
		const order = store.get(partnerOf(ctx), ctx.params.id);
		return order ? { body: order } : { status: 404, body: { error: 'not found' } };
	});
	sim.control('POST', '/orders/:id/status', (ctx) => {
		const { status, at, positionItemIds, patch, cancellationReason } = ctx.body || {};
		try {
			return { body: { order: store.setStatus(partnerOf(ctx), ctx.params.id, status, { at, positionItemIds, patch, cancellationReason }) } };
		} catch (error) {
			return fail(error);
		}
	});
};
