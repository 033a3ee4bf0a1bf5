import { startSimulator } from '../../simulator';
import type { Simulator, Order } from '../../simulator';

/** What the Orders answers carry: a list page, or one order. */
type OrdersAnswer = Partial<Order> & { resources: Order[]; links: Array<{ rel: string; href: string }> };

/** Answers of the orders control API. */
interface ControlAnswer {
	orders: Order[];
	order: Order;
}

describe('simulator: Orders V4', () => {
	let sim: Simulator;
	let token: string;
	const P = '1000001';

	beforeAll(async () => {
		sim = await startSimulator({ seed: 42 });
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		sim.reset();
		sim.config.rateLimitsEnabled = false;
		sim.clock.set('2025-03-01T10:00:00.000Z');
		token = sim.tokens.issue({ partnerId: P, scopes: ['orders'] }).token;
	});

	async function call(path: string, method = 'GET') {
		const res = await fetch(`${sim.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
		const text = await res.text();
		return { status: res.status, body: (text ? JSON.parse(text) : undefined) as OrdersAnswer };
	}

	async function listAll(query: string) {
		const seen: Order[] = [];
		let path: string | undefined = `/v4/orders?${query}`;
		let pages = 0;
		while (path) {
			const { status, body } = await call(path);
			expect(status).toBe(200);
			seen.push(...body.resources);
			const next = body.links.find((l) => l.rel === 'next');
			path = next?.href;
			pages++;
		}
		return { seen, pages };
	}

	it('generates realistic, deterministic orders', async () => {
		const [order] = sim.orders.create(P, { positions: 2 });
		expect(order.salesOrderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(order.orderNumber).toMatch(/^[a-z0-9]{10}$/);
		expect(order.orderDate).toBe('2025-03-01T10:00:00.000Z');
		expect(order.orderLifecycleInformation.lifecycleChangeDate).toBe(order.lastModifiedDate);
		expect(order.positionItems).toHaveLength(2);
		const item = order.positionItems[0];
		expect(item.fulfillmentStatus).toBe('PROCESSABLE');
		expect(item.product).toMatchObject({ sku: expect.any(String), productTitle: expect.any(String), ean: expect.stringMatching(/^\d{13}$/), articleNumber: expect.any(String), vatRate: 19 });
		expect(item.itemValueGrossPrice).toEqual({ amount: expect.any(Number), currency: 'EUR' });
		expect(order.deliveryAddress).toMatchObject({ countryCode: 'DEU', city: expect.any(String) });
		expect(order.payment.paymentMethod).toEqual(expect.any(String));

		// same seed -> same data
		const other = await startSimulator({ seed: 42, clock: '2025-03-01T10:00:00.000Z' });
		try {
			const [twin] = other.orders.create(P, { positions: 2 });
			expect(twin).toEqual(order);
		} finally {
			await other.close();
		}
	});

	it('hides addresses of ANNOUNCED orders and finds orders by id or order number', async () => {
		const [announced] = sim.orders.create(P, { status: 'ANNOUNCED' });
		let res = await call(`/v4/orders/${announced.salesOrderId}`);
		expect(res.status).toBe(200);
		expect(res.body.deliveryAddress).toBeUndefined();
		expect(res.body.invoiceAddress).toBeUndefined();
		sim.clock.advance(1000);
		sim.orders.setStatus(P, announced.salesOrderId, 'PROCESSABLE');
		res = await call(`/v4/orders/${announced.orderNumber}`);
		expect(res.body.salesOrderId).toBe(announced.salesOrderId);
		expect(res.body.deliveryAddress).toBeDefined();
		expect(res.body.lastModifiedDate).toBe('2025-03-01T10:00:01.000Z');
		expect((await call('/v4/orders/unknown')).status).toBe(404);
	});

	it('pages through 1,000 orders with identical timestamps, each exactly once', async () => {
		sim.orders.create(P, { count: 600 }); // all at 10:00:00.000
		sim.clock.advance(1);
		sim.orders.create(P, { count: 400, intervalMs: 0 });
		const { seen, pages } = await listAll('limit=128');
		expect(seen).toHaveLength(1000);
		expect(new Set(seen.map((o) => o.salesOrderId)).size).toBe(1000);
		expect(pages).toBe(8);
		// sorted by (change date, salesOrderId)
		const keys = seen.map((o) => `${o.orderLifecycleInformation.lifecycleChangeDate}|${o.salesOrderId}`);
		expect([...keys].sort()).toEqual(keys);

		const desc = await listAll('limit=256&orderDirection=DESC');
		expect(desc.seen.map((o) => o.salesOrderId)).toEqual(seen.map((o) => o.salesOrderId).reverse());
		expect(desc.pages).toBe(4);
	});

	it('builds relative next links with the cursor and limit only; last page has no next link', async () => {
		sim.orders.create(P, { count: 3, intervalMs: 1000 });
		const first = await call('/v4/orders?limit=2&fulfillmentStatus=PROCESSABLE');
		expect(first.body.resources).toHaveLength(2);
		const href: string = first.body.links[0].href;
		expect(first.body.links[0].rel).toBe('next');
		expect(href).toMatch(/^\/v4\/orders\?nextcursor=[A-Za-z0-9_-]+&limit=2$/);
		// other params are ignored when a cursor is given
		const second = await call(`${href}&fulfillmentStatus=SENT&fromDate=2030-01-01T00:00:00Z`);
		expect(second.body.resources).toHaveLength(1);
		expect(second.body.links).toEqual([]);
		expect((await call('/v4/orders?nextcursor=%%%')).status).toBe(400);
	});

	it('validates limit (default 128, max 256)', async () => {
		sim.orders.create(P, { count: 130 });
		expect((await call('/v4/orders')).body.resources).toHaveLength(128);
		expect((await call('/v4/orders?limit=256')).body.resources).toHaveLength(130);
		expect((await call('/v4/orders?limit=257')).status).toBe(400);
		expect((await call('/v4/orders?limit=0')).status).toBe(400);
		expect((await call('/v4/orders?fulfillmentStatus=NOPE')).status).toBe(400);
		expect((await call('/v4/orders?fromDate=yesterday')).status).toBe(400);
	});

	it('filters by change date (inclusive) and order date, sorts by ORDER_DATE', async () => {
		const [a] = sim.orders.create(P, { at: '2025-01-01T00:00:00Z' });
		const [b] = sim.orders.create(P, { at: '2025-02-01T00:00:00Z' });
		sim.clock.set('2025-03-01T12:00:00.000Z');
		sim.orders.setStatus(P, a.salesOrderId, 'SENT');
		const ids = async (q: string) => (await call(`/v4/orders?${q}`)).body.resources.map((o: Order) => o.salesOrderId);
		expect(await ids('fromDate=2025-03-01T12:00:00.000Z')).toEqual([a.salesOrderId]);
		expect(await ids('fromDate=2025-03-01T13:00:00%2B01:00')).toEqual([a.salesOrderId]);
		expect(await ids('fromDate=2025-01-15T00:00:00Z')).toEqual([b.salesOrderId, a.salesOrderId]);
		expect(await ids('orderColumnType=ORDER_DATE')).toEqual([a.salesOrderId, b.salesOrderId]);
		expect(await ids('fromOrderDate=2025-01-15T00:00:00Z')).toEqual([b.salesOrderId]);
		expect(await ids('toOrderDate=2025-01-15T00:00:00Z')).toEqual([a.salesOrderId]);
	});

	it('applies BUCKET and AT_LEAST_ONE fulfillmentStatus semantics', async () => {
		const [mixed] = sim.orders.create(P, { positions: [{ status: 'PROCESSABLE' }, { status: 'SENT' }] });
		const [sent] = sim.orders.create(P, { positions: [{ status: 'SENT' }, { status: 'RETURNED' }] });
		const [returned] = sim.orders.create(P, { positions: [{ status: 'RETURNED' }, { status: 'CANCELLED_BY_PARTNER' }] });
		const [announced] = sim.orders.create(P, { positions: [{ status: 'ANNOUNCED' }, { status: 'PROCESSABLE' }] });
		const ids = async (q: string) => (await call(`/v4/orders?${q}`)).body.resources.map((o: Order) => o.salesOrderId).sort();
		expect(await ids('fulfillmentStatus=PROCESSABLE')).toEqual([mixed.salesOrderId]);
		expect(await ids('fulfillmentStatus=SENT')).toEqual([sent.salesOrderId]);
		expect(await ids('fulfillmentStatus=RETURNED')).toEqual([returned.salesOrderId]);
		expect(await ids('fulfillmentStatus=ANNOUNCED')).toEqual([announced.salesOrderId]);
		expect(await ids('fulfillmentStatus=SENT&fulfillmentStatus=RETURNED')).toEqual([sent.salesOrderId, returned.salesOrderId].sort());
		expect(await ids('fulfillmentStatus=SENT&mode=AT_LEAST_ONE')).toEqual([mixed.salesOrderId, sent.salesOrderId].sort());
		expect(await ids('fulfillmentStatus=PROCESSABLE&mode=AT_LEAST_ONE')).toEqual([mixed.salesOrderId, announced.salesOrderId].sort());
	});

	it('puts a partly cancelled order into its bucket and into the cancelled bucket (OTTO: CANCELLED_* = at least one item)', async () => {
		const [partly] = sim.orders.create(P, { positions: [{ status: 'PROCESSABLE' }, { status: 'CANCELLED_BY_PARTNER' }] });
		const [all] = sim.orders.create(P, { positions: [{ status: 'CANCELLED_BY_MARKETPLACE' }, { status: 'CANCELLED_BY_PARTNER' }] });
		const ids = async (q: string) => (await call(`/v4/orders?${q}`)).body.resources.map((o: Order) => o.salesOrderId).sort();
		expect(await ids('fulfillmentStatus=PROCESSABLE')).toEqual([partly.salesOrderId]);
		expect(await ids('fulfillmentStatus=CANCELLED_BY_PARTNER')).toEqual([partly.salesOrderId, all.salesOrderId].sort());
		expect(await ids('fulfillmentStatus=CANCELLED_BY_MARKETPLACE')).toEqual([all.salesOrderId]);
		// Several statuses: each order once.
		expect(await ids('fulfillmentStatus=PROCESSABLE&fulfillmentStatus=CANCELLED_BY_PARTNER')).toEqual([partly.salesOrderId, all.salesOrderId].sort());
	});

	it('matches OTTO\'s bucket definitions for random orders (each listed once, exactly the matching ones)', async () => {
		// OTTO (OrdersV4Api.md, fulfillmentStatus): ANNOUNCED = >=1 ANNOUNCED; PROCESSABLE = >=1 PROCESSABLE, none
		// ANNOUNCED; SENT = >=1 SENT, none ANNOUNCED/PROCESSABLE; RETURNED = >=1 RETURNED, none ANNOUNCED/PROCESSABLE/SENT;
		// CANCELLED_BY_PARTNER / CANCELLED_BY_MARKETPLACE = >=1 item in that state.
		const inBucket = (statuses: string[], bucket: string): boolean => {
			const has = (s: string) => statuses.includes(s);
			switch (bucket) {
				case 'ANNOUNCED': return has('ANNOUNCED');
				case 'PROCESSABLE': return has('PROCESSABLE') && !has('ANNOUNCED');
				case 'SENT': return has('SENT') && !has('ANNOUNCED') && !has('PROCESSABLE');
				case 'RETURNED': return has('RETURNED') && !has('ANNOUNCED') && !has('PROCESSABLE') && !has('SENT');
				default: return has(bucket);
			}
		};
		const ALL = sim.orders.FULFILLMENT_STATUSES;
		let seed = 7;
		const rand = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const created = Array.from({ length: 60 }, () =>
			sim.orders.create(P, { positions: Array.from({ length: 1 + rand(4) }, () => ({ status: ALL[rand(ALL.length)] })) })[0],
		);
		const statusesOf = (o: Order) => o.positionItems.map((p) => p.fulfillmentStatus as string);
		for (const bucket of ALL) {
			const { seen } = await listAll(`fulfillmentStatus=${bucket}&limit=7`);
			const got = seen.map((o) => o.salesOrderId);
			expect(new Set(got).size).toBe(got.length);
			expect(got.sort()).toEqual(created.filter((o) => inBucket(statusesOf(o), bucket)).map((o) => o.salesOrderId).sort());
		}
		const pair = ['SENT', 'CANCELLED_BY_MARKETPLACE'];
		const { seen } = await listAll(`fulfillmentStatus=${pair.join('&fulfillmentStatus=')}&limit=5`);
		expect(seen.map((o) => o.salesOrderId).sort()).toEqual(
			created.filter((o) => pair.some((b) => inBucket(statusesOf(o), b))).map((o) => o.salesOrderId).sort(),
		);
	});

	describe('cancellation', () => {
		it('cancels all PROCESSABLE items of an order, 409 when none is left', async () => {
			const [order] = sim.orders.create(P, { positions: [{ status: 'PROCESSABLE' }, { status: 'SENT' }, { status: 'PROCESSABLE' }] });
			sim.clock.advance(5000);
			const res = await call(`/v4/orders/${order.salesOrderId}/cancellation`, 'POST');
			expect(res.status).toBe(200);
			expect(order.positionItems.map((p) => p.fulfillmentStatus)).toEqual(['CANCELLED_BY_PARTNER', 'SENT', 'CANCELLED_BY_PARTNER']);
			expect(order.positionItems[0].cancellationReason).toBe('CANCELLED_ON_PARTNER_WISH');
			expect(order.lastModifiedDate).toBe('2025-03-01T10:00:05.000Z');
			const again = await call(`/v4/orders/${order.salesOrderId}/cancellation`, 'POST');
			expect(again.status).toBe(409);
			expect((await call('/v4/orders/00000000-0000-4000-8000-000000000000/cancellation', 'POST')).status).toBe(404);
		});

		it('cancels listed position items; any non-cancellable item rejects the whole request', async () => {
			const [order] = sim.orders.create(P, { positions: [{ status: 'PROCESSABLE' }, { status: 'PROCESSABLE' }, { status: 'SENT' }, { status: 'PROCESSABLE' }] });
			const [p1, p2, sent, p4] = order.positionItems.map((p) => p.positionItemId);
			const path = (ids: string[]) => `/v4/orders/${order.salesOrderId}/positionItems/${ids.join(',')}/cancellation`;

			let res = await call(path([p1]), 'POST');
			expect(res.status).toBe(200);
			expect(order.positionItems[0].fulfillmentStatus).toBe('CANCELLED_BY_PARTNER');

			const before = order.lastModifiedDate;
			sim.clock.advance(1000);
			res = await call(path([p2, sent]), 'POST');
			expect(res.status).toBe(409);
			expect(order.positionItems[1].fulfillmentStatus).toBe('PROCESSABLE');
			expect(order.lastModifiedDate).toBe(before);

			// already CANCELLED_BY_PARTNER items are accepted and ignored
			res = await call(path([p1, p2, p4]), 'POST');
			expect(res.status).toBe(200);
			expect(order.positionItems.map((p) => p.fulfillmentStatus)).toEqual(['CANCELLED_BY_PARTNER', 'CANCELLED_BY_PARTNER', 'SENT', 'CANCELLED_BY_PARTNER']);
			expect((await call(path(['nope']), 'POST')).status).toBe(404);
		});
	});

	it('creates the 8 sandbox test orders only in the sandbox', async () => {
		const res = await call('/v4/orders/testorders', 'POST');
		expect(res.status).toBe(201);
		const buckets = sim.orders.list(P).map((o) => sim.orders.orderBucket(o));
		expect(buckets.filter((b) => b === 'PROCESSABLE')).toHaveLength(6);
		expect(buckets.filter((b) => b === 'ANNOUNCED')).toHaveLength(1);
		expect(buckets.filter((b) => b === 'CANCELLED_BY_MARKETPLACE')).toHaveLength(1);
		const announced = sim.orders.list(P).find((o) => sim.orders.orderBucket(o) === 'ANNOUNCED')!;
		expect(announced.payment.paymentMethod).toBe('PREPAYMENT');
		expect(announced.positionItems[0].weeePickup).toBe(true);

		expect((await call('/v4/orders/testorders/scenario3', 'POST')).status).toBe(201);
		expect(sim.orders.list(P)).toHaveLength(9);
		sim.config.sandbox = false;
		expect((await call('/v4/orders/testorders', 'POST')).status).toBe(404);
	});

	it('exposes the store to other interfaces and via the control API', async () => {
		const [order] = sim.orders.create(P, { positions: 2 });
		const item = order.positionItems[1];
		expect(sim.orders.findPositionItem(P, item.positionItemId)).toEqual({ order, item });
		sim.orders.setStatus(P, order.salesOrderId, 'SENT', {
			positionItemIds: [item.positionItemId],
			at: '2025-03-02T00:00:00Z',
			patch: { trackingInfo: { carrier: 'DHL', trackingNumber: '123' } },
		});
		expect(item.fulfillmentStatus).toBe('SENT');
		expect(item.sentDate).toBe('2025-03-02T00:00:00.000Z');
		expect(item.trackingInfo).toEqual({ carrier: 'DHL', trackingNumber: '123' });
		expect(order.positionItems[0].fulfillmentStatus).toBe('PROCESSABLE');

		const control = async (path: string, body?: unknown) => {
			const res = await fetch(`${sim.url}/__control${path}`, {
				method: body === undefined ? 'GET' : 'POST',
				headers: { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: res.status, body: (await res.json()) as ControlAnswer };
		};
		const created = await control('/orders', { partnerId: '1000002', count: 2, status: 'ANNOUNCED' });
		expect(created.status).toBe(201);
		expect(created.body.orders).toHaveLength(2);
		const id = created.body.orders[0].salesOrderId;
		const changed = await control(`/orders/${id}/status`, { partnerId: '1000002', status: 'PROCESSABLE' });
		expect(changed.body.order.positionItems[0].fulfillmentStatus).toBe('PROCESSABLE');
		expect((await control('/orders?partnerId=1000002')).body.orders).toHaveLength(2);
		expect((await control(`/orders/${id}/status`, { partnerId: '1000002', status: 'BOGUS' })).status).toBe(400);
	});
});
