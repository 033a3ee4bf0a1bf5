'use strict';
// Returns V3 (docs/otto-api.md §5), scope `returns`. Returns belong to SENT position items of the
// simulated orders (sim.orders). Seed them with sim.returns.announce() or POST /__control/returns.

const { SELLER_PARTNER_ID } = require('../constants');

const STATUSES = ['ANNOUNCED', 'ACCEPTED', 'REJECTED', 'MISDIRECTED'];
const CONDITIONS = ['A', 'B', 'C', 'D', 'E'];
const ACCEPT_REASONS = [
	'RETURN_RECEIVED',
	'STATUS_SENT_BY_ACCIDENT',
	'CANCEL_REQUEST_BY_CUSTOMER',
	'REFUND_AFTER_AFFIDAVIT',
	'COMPLAINT',
	'SHIPMENT_LOST',
	'RETURN_LOST',
	'UNDELIVERABLE',
];
const REJECT_REASONS = [
	'THIRD_PARTY_ITEM',
	'WRONG_ITEM',
	'EXCHANGE',
	'DAMAGE_TO_THE_HYGIENE_SEAL',
	'ITEM_DAMAGED',
	'RETURN_PERIOD_EXCEEDED',
	'ITEM_NOT_IN_THE_PARCEL',
];
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
const MAX_ITEMS_PER_WRITE = 200;

module.exports = (sim) => {
	const orders = sim.orders;
	const iso = (date) => new Date(date).toISOString();

	/** Returns of one partner: positionItemId -> live record (with internal fields prefixed `_`). */
	function state(partnerId) {
		const p = sim.partner(partnerId);
		if (!p.returns) p.returns = { byItem: new Map(), seq: 0 };
		return p.returns;
	}

	/** The API view of a return record. */
	function toJson(record) {
		return {
			positionItemId: record.positionItemId,
			salesOrderId: record.salesOrderId,
			status: record.status,
			occurredTime: record.occurredTime,
			details: { ...record.details },
		};
	}

	function freeSentItems(partnerId) {
		const s = state(partnerId);
		const free = [];
		for (const order of orders.list(partnerId)) {
			for (const item of order.positionItems) {
				const existing = s.byItem.get(item.positionItemId);
				if (item.fulfillmentStatus === 'SENT' && (!existing || existing.status === 'REJECTED')) free.push(item.positionItemId);
			}
		}
		return free;
	}

	/**
	 * Announces returns (status ANNOUNCED, or MISDIRECTED with `status`). opts: { positionItemIds,
	 * count (default 1; SENT orders are created when there are not enough SENT items without a
	 * return), at (default clock.now()), intervalMs (default 0: all at the same instant), status,
	 * carrier }. Returns the API view of the new returns.
	 */
	function announce(partnerId, opts = {}) {
		const pid = String(partnerId);
		const s = state(pid);
		const status = opts.status ?? 'ANNOUNCED';
		if (status !== 'ANNOUNCED' && status !== 'MISDIRECTED') throw new Error(`a return is announced as ANNOUNCED or MISDIRECTED, not ${status}`);
		const base = new Date(opts.at ?? sim.clock.now()).getTime();
		let ids;
		if (opts.positionItemIds) {
			ids = [].concat(opts.positionItemIds);
		} else {
			const count = opts.count ?? 1;
			let free = freeSentItems(pid);
			if (free.length < count) {
				orders.create(pid, { count: count - free.length, status: 'SENT', positions: 1, at: new Date(base - 3 * 86400000) });
				free = freeSentItems(pid);
			}
			ids = free.slice(0, count);
		}
		const rng = sim.partnerRng(pid);
		const created = [];
		ids.forEach((id, index) => {
			const found = orders.findPositionItem(pid, id);
			if (!found) throw new Error(`position item ${id} not found for partner ${pid}`);
			if (found.item.fulfillmentStatus !== 'SENT') throw new Error(`position item ${id} is ${found.item.fulfillmentStatus}, not SENT`);
			const existing = s.byItem.get(id);
			if (existing && existing.status !== 'REJECTED') throw new Error(`position item ${id} already has a return (${existing.status})`);
			const occurredTime = iso(base + index * (opts.intervalMs ?? 0));
			const details =
				status === 'MISDIRECTED'
					? { orderNumber: found.order.orderNumber, ottoWarehouseID: `OTTO-WH-${rng.int(1, 9)}` }
					: { returnTrackingKey: { carrier: opts.carrier ?? 'DHL', trackingNumbers: [`00340435${rng.digits(12)}`] } };
			const record = {
				positionItemId: id,
				salesOrderId: found.order.salesOrderId,
				status,
				occurredTime,
				details,
				_seq: ++s.seq,
				_announcedAt: occurredTime,
			};
			s.byItem.set(id, record);
			created.push(toJson(record));
		});
		return created;
	}

	/** All returns of a partner in OTTO's order: newest status change first. */
	function sorted(partnerId, status) {
		// Each date read once (not once per comparison): a page of a long list costs a sort, not 100,000 date parses.
		const all = [];
		for (const r of state(partnerId).byItem.values()) if (!status || r.status === status) all.push({ at: Date.parse(r.occurredTime), r });
		return all.sort((a, b) => b.at - a.at || b.r._seq - a.r._seq).map((entry) => entry.r);
	}

	const api = {
		STATUSES,
		CONDITIONS,
		ACCEPT_REASONS,
		REJECT_REASONS,
		announce,
		/** API view of all returns (optionally of one status), newest first. */
		list: (partnerId, status) => sorted(String(partnerId), status).map(toJson),
		/** API view of the return of a position item, or undefined. */
		get(partnerId, positionItemId) {
			const record = state(String(partnerId)).byItem.get(positionItemId);
			return record ? toJson(record) : undefined;
		},
		/** Accepted returns (for REFUND receipts): { positionItemId, salesOrderId, acceptedAt }. */
		accepted(partnerId) {
			return sorted(String(partnerId), 'ACCEPTED').map((r) => ({ ...toJson(r), acceptedAt: r.occurredTime }));
		},
	};
	sim.returns = api;

	const bad = (ctx, detail) => sim.errors.otto(400, 'BAD_REQUEST', detail, ctx.path);

	sim.route('GET', '/v3/returns', { scope: 'returns' }, (ctx) => {
		const q = ctx.query;
		const rawStatus = q.get('status');
		const status = rawStatus ? rawStatus.toUpperCase() : undefined;
		if (status && !STATUSES.includes(status)) return bad(ctx, `Unknown status '${rawStatus}', expected one of ${STATUSES.join(', ')}`);
		const rawLimit = q.get('limit');
		const rawPage = q.get('page');
		if (rawLimit !== null && !/^\d+$/.test(rawLimit)) return bad(ctx, `limit must be an integer, got '${rawLimit}'`);
		if (rawPage !== null && !/^\d+$/.test(rawPage)) return bad(ctx, `page must be an integer, got '${rawPage}'`);
		const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
		const page = rawPage === null ? 1 : Number(rawPage);
		if (limit < 1 || limit > MAX_LIMIT) return bad(ctx, `limit must be between 1 and ${MAX_LIMIT}`);
		if (page < 1) return bad(ctx, 'page must be 1 or more');
		const all = sorted(ctx.partnerId, status);
		const slice = all.slice((page - 1) * limit, page * limit);
		const query = (n) => `/v3/returns?${status ? `status=${status}&` : ''}page=${n}&limit=${limit}`;
		const links = [{ rel: 'self', href: query(page) }];
		if (page * limit < all.length) links.push({ rel: 'next', href: query(page + 1) });
		return { body: { positionItems: slice.map(toJson), links } };
	});

	/** Acceptance and rejection: each entry succeeds or fails on its own (207 when any failed). */
	function decide(ctx, kind) {
		const body = ctx.body;
		if (!body || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(body.positionItems)) {
			return bad(ctx, 'The body must be an object with a positionItems array');
		}
		const entries = body.positionItems;
		if (entries.length === 0) return bad(ctx, 'positionItems must not be empty');
		if (entries.length > MAX_ITEMS_PER_WRITE) {
			return sim.errors.otto(413, 'PAYLOAD_TOO_LARGE', `At most ${MAX_ITEMS_PER_WRITE} position items per request, got ${entries.length}`, ctx.path);
		}
		const s = state(ctx.partnerId);
		const now = iso(sim.clock.now());
		const results = [];
		const errors = [];
		const reasons = kind === 'accept' ? ACCEPT_REASONS : REJECT_REASONS;
		entries.forEach((entry, index) => {
			const fail = (title, detail) =>
				errors.push({ title, detail, path: `/positionItems[${index}]`, logref: sim.partnerRng(ctx.partnerId).uuid() });
			if (!entry || typeof entry !== 'object') return fail('INVALID_REQUEST', 'Each position item must be an object');
			const id = entry.positionItemId;
			if (typeof id !== 'string' || !id) return fail('PROPERTY_IS_MANDATORY', 'positionItemId is required');
			if (typeof entry.salesOrderId !== 'string' || !entry.salesOrderId) return fail('PROPERTY_IS_MANDATORY', `salesOrderId is required (position item ${id})`);
			const record = s.byItem.get(id);
			if (!record) return fail('RESOURCE_NOT_FOUND', `No return exists for position item ${id}`);
			if (record.salesOrderId !== entry.salesOrderId) {
				return fail('INVALID_SALES_ORDER_ID', `Position item ${id} does not belong to sales order ${entry.salesOrderId}`);
			}
			if (entry.condition !== undefined && !CONDITIONS.includes(entry.condition)) {
				return fail('INVALID_CONDITION', `Unknown condition '${entry.condition}' for position item ${id}, expected one of A, B, C, D, E`);
			}
			if (kind === 'reject' && (entry.reason === undefined || entry.reason === null || entry.reason === '')) {
				return fail('PROPERTY_IS_MANDATORY', `reason is required to reject position item ${id}`);
			}
			if (entry.reason !== undefined && !reasons.includes(entry.reason)) {
				return fail('INVALID_REASON', `Unknown reason '${entry.reason}' for position item ${id}`);
			}
			if (record.status === 'ACCEPTED') return fail('RETURN_ALREADY_ACCEPTED', `The return of position item ${id} was already accepted`);
			if (record.status === 'REJECTED') return fail('RETURN_ALREADY_REJECTED', `The return of position item ${id} was already rejected`);
			record.status = kind === 'accept' ? 'ACCEPTED' : 'REJECTED';
			record.occurredTime = now;
			record.details = {};
			if (entry.condition !== undefined) record.details.condition = entry.condition;
			if (entry.reason !== undefined) record.details.reason = entry.reason;
			if (kind === 'accept') {
				const found = orders.findPositionItem(ctx.partnerId, id);
				if (found && found.item.fulfillmentStatus === 'SENT') {
					orders.setStatus(ctx.partnerId, record.salesOrderId, 'RETURNED', { positionItemIds: [id], at: now });
				}
			}
			// Accepted/RejectedPositionItemReturnsV3: positionItemId, salesOrderId, condition, reason (no status).
			const decided = { positionItemId: record.positionItemId, salesOrderId: record.salesOrderId };
			if (entry.condition !== undefined) decided.condition = entry.condition;
			if (entry.reason !== undefined) decided.reason = entry.reason;
			results.push(decided);
		});
		return errors.length ? { status: 207, body: { results, errors } } : { status: 200, body: { results } };
	}

	sim.route('POST', '/v3/returns/acceptance', { scope: 'returns' }, (ctx) => decide(ctx, 'accept'));
	sim.route('POST', '/v3/returns/rejection', { scope: 'returns' }, (ctx) => decide(ctx, 'reject'));

	// --- control -------------------------------------------------------------------------------
	const partnerOf = (ctx) => String((ctx.body && ctx.body.partnerId) || ctx.query.get('partnerId') || SELLER_PARTNER_ID);

	sim.control('GET', '/returns', (ctx) => ({ body: { positionItems: api.list(partnerOf(ctx), ctx.query.get('status') || undefined) } }));
	sim.control('POST', '/returns', (ctx) => {
		const { partnerId: _p, ...opts } = ctx.body || {};
		try {
			return { status: 201, body: { positionItems: announce(partnerOf(ctx), opts) } };
		} catch (error) {
			return { status: 400, body: { error: error.message } };
		}
	});
};
