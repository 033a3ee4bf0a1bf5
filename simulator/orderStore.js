'use strict';
// The order store shared by all interfaces (orders, shipments, returns, receipts, ...).
// Orders are kept per partner in `sim.partner(id).orders` as live objects in the Orders V4 shape
// (docs/otto-api.md §3.2); `toJson()` makes the API view (no addresses while ANNOUNCED).

const { createRng } = require('./random');
const { FULFILLMENT_STATUSES } = require('./constants');

const FIRST_NAMES = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas', 'Klara', 'Lukas', 'Mia', 'Noah', 'Paula', 'Tim'];
const LAST_NAMES = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter'];
const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee', 'Schulstraße', 'Am Markt', 'Werner-Otto-Straße', 'Birkenweg'];
const CITIES = [
	['22179', 'Hamburg'],
	['10115', 'Berlin'],
	['80331', 'München'],
	['50667', 'Köln'],
	['01067', 'Dresden'],
	['60311', 'Frankfurt am Main'],
	['70173', 'Stuttgart'],
	['04109', 'Leipzig'],
];
const PRODUCTS = [
	['Kaffeevollautomat', 'Barista Pro 3000', 349.99],
	['Staubsauger', 'CycloneX beutellos', 129.0],
	['Laufschuh', 'Runner Air, Gr. 42', 89.95],
	['Bettwäsche', 'Satin 135x200 cm', 39.99],
	['Schreibtisch', 'Eiche massiv 140 cm', 299.0],
	['Kopfhörer', 'Noise Cancelling ANC 700', 199.0],
	['Pfannenset', 'Edelstahl 3-teilig', 59.9],
	['Jeans', 'Slim Fit W32/L32', 49.99],
	['Stehlampe', 'LED dimmbar', 79.0],
	['Kinderrad', '16 Zoll blau', 159.0],
	['Handtuch-Set', '4-teilig Baumwolle', 24.99],
	['Mixer', 'Standmixer 1200 W', 69.99],
];
/** SKUs OTTO's sandbox delivers by forwarder ("Spedition" products in the Order Generator's product table). */
const SANDBOX_FORWARDER_SKUS = ['Sped-Wohn-3-98735', 'Sped-Kühl084-kombi'];
const PAYMENT_METHODS = ['INVOICE_SINGLE', 'INVOICE_INSTALLMENTS', 'PREPAYMENT', 'DIRECT_DEBIT', 'CREDIT_CARD', 'PAYPAL'];
const ORDER_NUMBER_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic catalog for a seed: [{ sku, ean, articleNumber, productTitle, vatRate, price }]. */
function buildCatalog(seed) {
	const rng = createRng(`catalog:${seed}`);
	const catalog = [];
	for (let i = 0; i < PRODUCTS.length * 2; i++) {
		const [kind, detail, price] = PRODUCTS[i % PRODUCTS.length];
		const variant = i < PRODUCTS.length ? '' : ' (2. Wahl)';
		catalog.push({
			sku: `SKU-${String(1000 + i).padStart(5, '0')}`,
			ean: `40${rng.digits(11)}`,
			articleNumber: rng.digits(9),
			productTitle: `${kind} ${detail}${variant}`,
			vatRate: kind === 'Kinderrad' ? 19 : 19,
			price: variant ? Math.round(price * 80) / 100 : price,
		});
	}
	return catalog;
}

/**
 * The buckets of `fulfillmentStatus` an order is in, as OTTO defines them (parameter
 * `fulfillmentStatus` of GET /v4/orders, kassaline/openapi-clients-otto@050bb6a
 * docs/Api/OrdersV4Api.md):
 * - ANNOUNCED: at least one position item ANNOUNCED;
 * - PROCESSABLE: at least one PROCESSABLE and none ANNOUNCED;
 * - SENT: at least one SENT and none ANNOUNCED or PROCESSABLE;
 * - RETURNED: at least one RETURNED and none ANNOUNCED, PROCESSABLE or SENT;
 * - CANCELLED_BY_PARTNER / CANCELLED_BY_MARKETPLACE: at least one position item in that state,
 *   with no exclusions.
 * So the first four are exclusive, but a partly cancelled order is also in a cancelled bucket
 * (e.g. PROCESSABLE and CANCELLED_BY_PARTNER at once).
 */
const EXCLUSIVE_BUCKETS = ['ANNOUNCED', 'PROCESSABLE', 'SENT', 'RETURNED'];
const CANCELLED_BUCKETS = ['CANCELLED_BY_PARTNER', 'CANCELLED_BY_MARKETPLACE'];
function orderBuckets(order) {
	const present = new Set(order.positionItems.map((p) => p.fulfillmentStatus));
	const buckets = [];
	const first = EXCLUSIVE_BUCKETS.find((status) => present.has(status));
	if (first) buckets.push(first);
	for (const status of CANCELLED_BUCKETS) if (present.has(status)) buckets.push(status);
	return buckets;
}

/** The order's main status: its exclusive bucket, or the cancellation when every item is cancelled. */
function orderBucket(order) {
	return orderBuckets(order)[0];
}

function createOrderStore(sim) {
	let catalog = null;
	const iso = (date) => new Date(date).toISOString();
	const now = () => sim.clock.now();

	const store = {
		get catalog() {
			if (!catalog) catalog = buildCatalog(sim.seed);
			return catalog;
		},
		FULFILLMENT_STATUSES,
		orderBucket,
		orderBuckets,

		/** Live order list of one partner (sorted by creation). */
		list(partnerId) {
			return state(partnerId).orders;
		},

		/** Live order by salesOrderId or orderNumber, or undefined. */
		get(partnerId, idOrNumber) {
			const s = state(partnerId);
			return s.byId.get(idOrNumber) || s.byNumber.get(idOrNumber);
		},

		/** Finds a live position item by id: { order, item } or undefined. */
		findPositionItem(partnerId, positionItemId) {
			const s = state(partnerId);
			const order = s.byItem.get(positionItemId);
			if (!order) return undefined;
			return { order, item: order.positionItems.find((p) => p.positionItemId === positionItemId) };
		},

		/**
		 * Creates orders. opts: { count=1, status='PROCESSABLE', at=clock.now(), intervalMs=0,
		 * positions: number | Array<{ sku?, status?, price? }>, paymentMethod?, scenario? }.
		 * Returns the live orders.
		 */
		create(partnerId, opts = {}) {
			const count = opts.count ?? 1;
			const base = new Date(opts.at ?? now()).getTime();
			const created = [];
			for (let i = 0; i < count; i++) {
				const order = generate(partnerId, { ...opts, at: new Date(base + i * (opts.intervalMs ?? 0)) });
				insert(partnerId, order);
				created.push(order);
			}
			return created;
		},

		/**
		 * Sets the fulfillment status of all (or the given) position items and stamps the change
		 * at `at` (default clock.now()). `patch` is merged into each changed item (e.g. trackingInfo).
		 */
		setStatus(partnerId, idOrNumber, status, opts = {}) {
			if (!FULFILLMENT_STATUSES.includes(status)) throw new Error(`unknown fulfillment status ${status}`);
			const order = store.get(partnerId, idOrNumber);
			if (!order) throw new Error(`order ${idOrNumber} not found for partner ${partnerId}`);
			const ids = opts.positionItemIds ? new Set([].concat(opts.positionItemIds)) : null;
			const at = iso(opts.at ?? now());
			for (const item of order.positionItems) {
				if (ids && !ids.has(item.positionItemId)) continue;
				applyStatus(item, status, at, opts.cancellationReason);
				if (opts.patch) Object.assign(item, opts.patch);
			}
			store.touch(order, at);
			return order;
		},

		/** Stamps a change: lastModifiedDate and orderLifecycleInformation.lifecycleChangeDate. */
		touch(order, at) {
			version += 1;
			const stamp = iso(at ?? now());
			order.lastModifiedDate = stamp;
			order.orderLifecycleInformation.lifecycleChangeDate = stamp;
			return order;
		},

		/** API view of an order: a shallow copy without addresses while ANNOUNCED (serialize, don't mutate). */
		toJson(order) {
			if (orderBucket(order) !== 'ANNOUNCED') return { ...order };
			const { deliveryAddress: _d, invoiceAddress: _i, ...rest } = order;
			return rest;
		},

		/** Creates `count` orders spread over the 30 days before now with mixed statuses. */
		seed(partnerId, count) {
			const rng = sim.partnerRng(partnerId);
			const end = now().getTime();
			const start = end - 30 * 86400000;
			const created = [];
			for (let i = 0; i < count; i++) {
				const at = new Date(start + Math.floor(((end - start) * i) / Math.max(count, 1)));
				const roll = rng.next();
				const status = roll < 0.55 ? 'PROCESSABLE' : roll < 0.8 ? 'SENT' : roll < 0.87 ? 'ANNOUNCED' : roll < 0.93 ? 'RETURNED' : roll < 0.97 ? 'CANCELLED_BY_PARTNER' : 'CANCELLED_BY_MARKETPLACE';
				created.push(...store.create(partnerId, { at, status }));
			}
			return created;
		},

		/**
		 * OTTO's 8 sandbox test-order scenarios; n = 1..8 or all. OTTO's guide (Sandbox > Order
		 * Generator and Best-practice test cases, in the Developer's Guide text embedded in the
		 * generated clients): 1, 2, 3, 4, 7, 8 PROCESSABLE (4 with a discount); 5 ANNOUNCED, payment
		 * PREPAYMENT, weeePickup on the position items; 6 CANCELLED_BY_MARKETPLACE (PREPAYMENT not
		 * paid). The test cases add: scenario 1 has four items, 3 one item, 7 several items (cancel
		 * one), 8 a parcel item and a forwarder item. Item counts of 2 and 4 are not stated
		 * (simulator choice).
		 */
		createTestOrders(partnerId, n) {
			const scenarios = [
				{ positions: 4 },
				{ positions: 2 },
				{ positions: 1 },
				{ positions: 2, discount: true },
				{ positions: 1, status: 'ANNOUNCED', paymentMethod: 'PREPAYMENT', weeePickup: true },
				{ positions: 1, status: 'CANCELLED_BY_MARKETPLACE', paymentMethod: 'PREPAYMENT', cancellationReason: 'PAYMENT_ABORTED' },
				{ positions: 3 },
				{ positions: [{}, { sku: SANDBOX_FORWARDER_SKUS[0] }] },
			];
			const pick = n ? [scenarios[n - 1]] : scenarios;
			return pick.flatMap((s) => store.create(partnerId, { status: 'PROCESSABLE', ...s }));
		},

		/**
		 * Queries like GET /v4/orders (already validated): { fromDate, fromOrderDate, toOrderDate,
		 * statuses[], mode, direction, column, after: [ms, salesOrderId] }. Returns sorted live orders.
		 */
		query(partnerId, q) {
			const { after, limit, ...filters } = q;
			const rows = sortedRows(partnerId, filters);
			const dir = filters.direction === 'DESC' ? -1 : 1;
			let startAt = 0;
			if (after) {
				// First row strictly after the cursor position (binary search on the sorted rows).
				const [k, id] = after;
				let lo = 0;
				let hi = rows.length;
				while (lo < hi) {
					const mid = (lo + hi) >> 1;
					const r = rows[mid];
					if (dir * (r.k - k || (r.id < id ? -1 : r.id > id ? 1 : 0)) > 0) hi = mid;
					else lo = mid + 1;
				}
				startAt = lo;
			}
			const end = limit === undefined ? rows.length : Math.min(rows.length, startAt + limit);
			return rows.slice(startAt, end).map((r) => ({ order: r.o, sortKey: [r.k, r.id] }));
		},
	};

	/**
	 * Orders matching the filters, sorted, cached per partner and filter set. Every change that can
	 * move an order in or out of a result or change its sort key goes through insert() or touch(),
	 * which bump `version`: a cache entry of an older version is computed again.
	 */
	let version = 0;
	function sortedRows(partnerId, q) {
		const partner = sim.partner(partnerId);
		const cache = (partner.orderQueryCache ??= new Map());
		const cacheKey = JSON.stringify(q);
		const cached = cache.get(cacheKey);
		if (cached && cached.version === version) return cached.rows;
		const column = q.column === 'ORDER_DATE' ? 'orderDate' : 'lifecycle';
		const key = (o) => Date.parse(column === 'orderDate' ? o.orderDate : o.orderLifecycleInformation.lifecycleChangeDate);
		const statuses = q.statuses && q.statuses.length ? new Set(q.statuses) : null;
		const rows = [];
		for (const o of state(partnerId).orders) {
			if (q.fromDate !== undefined && Date.parse(o.lastModifiedDate) < q.fromDate) continue;
			const placed = Date.parse(o.orderDate);
			if (q.fromOrderDate !== undefined && placed < q.fromOrderDate) continue;
			if (q.toOrderDate !== undefined && placed > q.toOrderDate) continue;
			if (statuses) {
				if (q.mode === 'AT_LEAST_ONE') {
					if (!o.positionItems.some((p) => statuses.has(p.fulfillmentStatus))) continue;
				} else if (!orderBuckets(o).some((bucket) => statuses.has(bucket))) continue;
			}
			rows.push({ k: key(o), id: o.salesOrderId, o });
		}
		const dir = q.direction === 'DESC' ? -1 : 1;
		rows.sort((a, b) => dir * (a.k - b.k || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
		if (cache.size > 50) cache.clear();
		cache.set(cacheKey, { version, rows });
		return rows;
	}

	function state(partnerId) {
		const p = sim.partner(partnerId);
		if (!p.orderIndex) {
			p.orders = [];
			p.orderIndex = { byId: new Map(), byNumber: new Map(), byItem: new Map() };
		}
		return { orders: p.orders, ...p.orderIndex };
	}

	function insert(partnerId, order) {
		version += 1;
		const s = state(partnerId);
		s.orders.push(order);
		s.byId.set(order.salesOrderId, order);
		s.byNumber.set(order.orderNumber, order);
		for (const item of order.positionItems) s.byItem.set(item.positionItemId, order);
	}

	function applyStatus(item, status, at, reason) {
		item.fulfillmentStatus = status;
		if (status === 'PROCESSABLE') item.processableDate ??= at;
		if (status === 'SENT') item.sentDate = at;
		if (status === 'RETURNED') item.returnedDate = at;
		if (status === 'CANCELLED_BY_PARTNER' || status === 'CANCELLED_BY_MARKETPLACE') {
			item.cancellationDate = at;
			item.cancellationReason = reason ?? (status === 'CANCELLED_BY_PARTNER' ? 'CANCELLED_ON_PARTNER_WISH' : 'CANCELLED_ON_MARKETPLACE_WISH');
		}
	}

	function address(rng, kind) {
		const [zipCode, city] = rng.pick(CITIES);
		const firstName = rng.pick(FIRST_NAMES);
		const lastName = rng.pick(LAST_NAMES);
		const a = {
			salutation: rng.next() < 0.5 ? 'MS' : 'MR',
			firstName,
			lastName,
			street: rng.pick(STREETS),
			houseNumber: String(rng.int(1, 120)),
			zipCode,
			city,
			countryCode: 'DEU',
		};
		if (kind === 'delivery') {
			a.email = `${firstName}.${lastName}`.toLowerCase().replace(/ü/g, 'ue') + '@example.com';
			a.phoneNumber = `040${rng.digits(7)}`;
		} else {
			a.email = `${rng.chars(12, 'abcdefghijklmnopqrstuvwxyz0123456789')}@pseudo.otto.de`;
		}
		return a;
	}

	function generate(partnerId, opts) {
		const rng = sim.partnerRng(partnerId);
		const at = iso(opts.at);
		const status = opts.status ?? 'PROCESSABLE';
		if (!FULFILLMENT_STATUSES.includes(status)) throw new Error(`unknown fulfillment status ${status}`);
		const salesOrderId = rng.uuid();
		const items = [];
		const specs = Array.isArray(opts.positions) ? opts.positions : Array.from({ length: opts.positions ?? rng.int(1, 3) }, () => ({}));
		const expected = iso(new Date(Date.parse(at) + rng.int(2, 5) * 86400000));
		for (const spec of specs) {
			const cat = store.catalog;
			const product =
				typeof spec.sku === 'number' ? cat[spec.sku % cat.length] : (spec.sku && cat.find((p) => p.sku === spec.sku)) || (spec.sku ? { ...rng.pick(cat), sku: spec.sku } : rng.pick(cat));
			const price = spec.price ?? product.price;
			const item = {
				positionItemId: rng.uuid(),
				fulfillmentStatus: spec.status ?? status,
				itemValueGrossPrice: { amount: price, currency: 'EUR' },
				itemValueReducedGrossPrice: { amount: price, currency: 'EUR' },
				product: {
					sku: product.sku,
					productTitle: product.productTitle,
					ean: product.ean,
					articleNumber: product.articleNumber,
					vatRate: product.vatRate,
					shopUrl: `https://www.otto.de/p/${product.articleNumber}`,
				},
				expectedDeliveryDate: expected,
			};
			if (opts.discount) {
				const discount = Math.round(price * 10) / 100;
				item.itemValueDiscount = { amount: discount, currency: 'EUR' };
				item.itemValueReducedGrossPrice = { amount: Math.round((price - discount) * 100) / 100, currency: 'EUR' };
			}
			if (opts.weeePickup) item.weeePickup = true;
			const itemStatus = item.fulfillmentStatus;
			if (itemStatus !== 'ANNOUNCED') item.processableDate = at;
			applyStatus(item, itemStatus, at, opts.cancellationReason);
			if (itemStatus === 'SENT' || itemStatus === 'RETURNED') {
				item.trackingInfo = { carrier: 'DHL', carrierServiceCode: 'PARCEL', trackingNumber: `00340434${rng.digits(12)}` };
			}
			items.push(item);
		}
		const delivery = address(rng, 'delivery');
		const order = {
			salesOrderId,
			orderNumber: rng.chars(10, ORDER_NUMBER_ALPHABET),
			orderDate: at,
			lastModifiedDate: at,
			orderLifecycleInformation: { lifecycleChangeDate: at },
			positionItems: items,
			deliveryAddress: delivery,
			invoiceAddress: rng.next() < 0.8 ? { ...address(rng, 'invoice'), firstName: delivery.firstName, lastName: delivery.lastName, street: delivery.street, houseNumber: delivery.houseNumber, zipCode: delivery.zipCode, city: delivery.city } : address(rng, 'invoice'),
			payment: { paymentMethod: opts.paymentMethod ?? rng.pick(PAYMENT_METHODS) },
			initialDeliveryFees: [
				{ name: 'STANDARD', deliveryFeeAmount: { amount: 4.95, currency: 'EUR' }, positionItemIds: items.map((p) => p.positionItemId), vatRate: 19 },
			],
			initialDiscounts: opts.discount
				? [{ discountId: rng.uuid(), discountName: 'Rabatt 10 %', name: 'Rabatt 10 %', discountAmount: { amount: items.reduce((s, p) => s + p.itemValueDiscount.amount, 0), currency: 'EUR' }, positionItemIds: items.map((p) => p.positionItemId), vatRate: 19 }]
				: [],
			suspectedFraudCase: false,
			links: [{ rel: 'self', href: `/v4/orders/${salesOrderId}` }],
		};
		return order;
	}

	sim.onReset(() => {
		catalog = null;
	});

	return store;
}

module.exports = { createOrderStore, orderBucket, orderBuckets, buildCatalog, SANDBOX_FORWARDER_SKUS };
