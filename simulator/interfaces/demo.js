'use strict';
// Demo and e2e helpers (no OTTO interface):
// - a sink that records what a workflow posts to it (`POST /__control/sink[/<tag>]`), so a test can
//   see what a published workflow emitted while n8n runs in another process;
// - `sim.demo.seed(partnerId)` / `POST /__control/demo/seed`: the data the example workflows work on
//   (orders ready to ship, sent orders with purchase receipts, announced returns).

const { SELLER_PARTNER_ID } = require('../constants');

module.exports = (sim) => {
	let sink = [];
	let seq = 0;

	/**
	 * Seeds one partner with what the examples need. Deterministic for a given simulator seed and a
	 * fresh partner: orders are built by the seeded order store.
	 */
	function seed(partnerId = SELLER_PARTNER_ID, opts = {}) {
		const pid = String(partnerId);
		const processable = sim.orders.create(pid, { count: opts.processable ?? 3, status: 'PROCESSABLE', positions: 1 });
		const sent = sim.orders.create(pid, {
			count: opts.sent ?? 2,
			status: 'SENT',
			positions: 1,
			at: new Date(sim.clock.now().getTime() - 2 * 86400000),
		});
		const returns = sim.returns ? sim.returns.announce(pid, { count: opts.returns ?? 2 }) : [];
		const receipts = sim.receipts ? sim.receipts.list(pid) : [];
		return {
			partnerId: pid,
			processableOrders: processable.map((o) => o.salesOrderId),
			sentOrders: sent.map((o) => o.salesOrderId),
			returns: returns.map((r) => r.positionItemId),
			receipts: receipts.map((r) => r.receiptNumber),
			skus: sim.orders.catalog.slice(0, 5).map((p) => p.sku),
		};
	}

	sim.demo = {
		seed,
		/** What was posted to the sink, oldest first: [{ seq, time, tag, body }]. */
		get sink() {
			return sink;
		},
		clearSink() {
			sink = [];
		},
	};

	const record = (ctx) => {
		const entry = { seq: ++seq, time: new Date().toISOString(), tag: ctx.params.tag || '', body: ctx.body };
		sink.push(entry);
		return { status: 200, body: { received: entry.seq } };
	};
	sim.control('POST', '/sink', record);
	sim.control('POST', '/sink/:tag', record);
	sim.control('GET', '/sink', (ctx) => {
		const tag = ctx.query.get('tag');
		return { body: { entries: tag === null ? sink : sink.filter((e) => e.tag === tag) } };
	});
	sim.control('DELETE', '/sink', () => {
		sink = [];
		return { status: 204 };
	});
	sim.control('POST', '/demo/seed', (ctx) => {
		const body = ctx.body || {};
		try {
			return { status: 201, body: seed(body.partnerId || SELLER_PARTNER_ID, body) };
		} catch (error) {
			return { status: 400, body: { error: error.message } };
		}
	});
	sim.onReset(() => {
		sink = [];
	});
};
