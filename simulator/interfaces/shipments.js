'use strict';
// Shipments V1 and ReturnShipments V1 (docs/otto-api.md §4), scope `shipments` (return shipments
// also accept `returns`: OTTO does not say which scope they need).
//
// A shipment marks its position items SENT in sim.orders (with trackingInfo). Error bodies are
// `{ errors: { title, detail, path, jsonPath } }`: `errors` is ONE object, not a list (models
// BadRequestShipmentsV1 / ConflictShipmentsV1 / NotFound...ShipmentsV1 / ...ReturnShipmentsV1 with
// ErrorDescriptionShipmentsV1, kassaline/openapi-clients-otto@050bb6a lib/Model, and the same in
// christian71-stack/otto-merch-api@f334301). Errors follow §4.1/§8.2: 400 PROPERTY_IS_MANDATORY / INVALID_PROPERTY_VALUE with `jsonPath`, 400
// INSUFFICIENT_PERMISSION for position items the partner does not own, 409 DUPLICATE_TRACKING_KEY,
// 409 POSITION_ITEM_INCLUDED_IN_OTHER_SHIPMENT, 409 POSITION_ITEM_NOT_PROCESSABLE (simulator
// choice for items that are not PROCESSABLE), 404 RESOURCE_NOT_FOUND.
//
// Return tracking key: PositionItemShipmentsV1 (also in the multiparcel and add-position-items
// bodies) lists `returnTrackingKey` as required ("'returnTrackingKey' can't be null",
// kassaline lib/Model/PositionItemShipmentsV1.php); OTTO's guide narrows it to SKUs delivered as
// PARCEL (forwarder deliveries may go without). A SKU's delivery type is the deliveryType of the
// shipping profile its delivery information points at (Availability V1 + ShippingProfiles V1);
// a SKU without delivery information counts as PARCEL. Missing key on a PARCEL SKU: 400
// PROPERTY_IS_MANDATORY at positionItems[i].returnTrackingKey.
//
// Return address carrier ID (issue 18 point 12): PositionItemShipmentsV1 / MultiparcelPositionItemShipmentsV1
// carry an optional `returnAddressCarrierId` (format uuid; kassaline 050bb6a: "not yet deployed in live";
// christian71 549d7b9, 2025-07-07, the newest: required when a partner has several return addresses or
// carriers). Orders and returns position items have no such field. The simulator stores it per item
// and answers it on every read of the shipment. A partner's combinations are set with
// `sim.shipments.setReturnAddressCarriers(partnerId, ids)`: with two or more, a position item
// without one is refused (400 PROPERTY_IS_MANDATORY); an ID not among them: 400 INVALID_PROPERTY_VALUE.
//
// Return shipments are read-only at OTTO; tests and the demo create them with
// `sim.returnShipments.create(partnerId, spec)` or `POST /__control/return-shipments`.

const { SELLER_PARTNER_ID } = require('../constants');

const CARRIERS = [
	'DHL', 'DHL_EXPRESS', 'DHL_FREIGHT', 'DHL_HOME_DELIVERY', 'GLS', 'HERMES', 'DPD', 'UPS', 'BTW', 'BURSPED',
	'CARGOLINE', 'DACHSER', 'DB_SCHENKER', 'DSV', 'EMONS', 'EPH_DIREKT', 'IDS', 'GEIS', 'GEL', 'GUETTLER', 'HES',
	'HELLMANN', 'HEUEL', 'KOCH', 'KUEHNE_NAGEL', 'LOGWIN', 'MEYER_JUMBO', 'RABEN_LOGISTIK', 'RHENUS', 'REIMER',
	'REITHMEIER', 'SCHOCKEMOEHLE', 'SCHMIDT_GEVELSBERG', 'ZUFALL', 'OTHER_FORWARDER',
];
/** Parcel carriers: a tracking number is mandatory (forwarders may leave it out). */
const PARCEL_CARRIERS = ['DHL', 'DHL_EXPRESS', 'GLS', 'HERMES', 'DPD', 'UPS'];
const RETURN_CARRIERS = ['DHL', 'GLS', 'HERMES'];
const RETURN_SHIPMENT_CARRIERS = ['DHL', 'GLS', 'HERMES', 'HES'];
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

const trackingId = (carrier, trackingNumber) => `${carrier}|${trackingNumber}`;

function encodeCursor(value) {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(text) {
	try {
		const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
		return value && typeof value === 'object' && typeof value.from === 'number' ? value : null;
	} catch {
		return null;
	}
}

class Problem {
	constructor(status, title, detail, jsonPath) {
		this.status = status;
		this.title = title;
		this.detail = detail;
		this.jsonPath = jsonPath;
	}
}

module.exports = (sim) => {
	function state(partnerId) {
		const partner = sim.partner(partnerId);
		if (!partner.shipments) {
			partner.shipments = {
				list: [],
				byId: new Map(),
				byTracking: new Map(),
				/** positionItemId -> shipmentId (first shipment that carried it) */
				byItem: new Map(),
				/** IDs of the partner's return address + carrier combinations (none: not checked) */
				returnAddressCarriers: [],
				returns: [],
				returnsById: new Map(),
				returnsByTracking: new Map(),
			};
		}
		return partner.shipments;
	}

	let nextShipmentId = 100000000000;
	const newShipmentId = () => String(++nextShipmentId);
	sim.onReset(() => {
		nextShipmentId = 100000000000;
	});

	/** OTTO's shipments error body: `errors` is one ErrorDescriptionShipmentsV1 object. */
	const shipmentError = (status, title, detail, path, jsonPath) => {
		const error = { title, detail: detail ?? title, path };
		if (jsonPath) error.jsonPath = jsonPath;
		return { status, body: { errors: error } };
	};
	const fail = (ctx, problem) => shipmentError(problem.status, problem.title, problem.detail, ctx.path, problem.jsonPath);

	/** PARCEL or a FORWARDER_* type: the deliveryType of the SKU's shipping profile (PARCEL without one). */
	const deliveryTypeOf = (partnerId, sku) => (sim.shippingProfiles ? sim.shippingProfiles.deliveryTypeOfSku(partnerId, sku) : 'PARCEL');
	const mandatory = (jsonPath) => new Problem(400, 'PROPERTY_IS_MANDATORY', `${jsonPath} is mandatory`, jsonPath);
	const invalid = (jsonPath, detail) => new Problem(400, 'INVALID_PROPERTY_VALUE', detail, jsonPath);

	function checkTrackingKey(key, jsonPath, carriers, { numberRequired }) {
		if (!key || typeof key !== 'object') throw mandatory(jsonPath);
		if (!key.carrier) throw mandatory(`${jsonPath}.carrier`);
		if (!carriers.includes(key.carrier)) throw invalid(`${jsonPath}.carrier`, `Unknown carrier ${key.carrier}`);
		const number = key.trackingNumber;
		if (number === undefined || number === null || number === '') {
			if (numberRequired(key.carrier)) throw mandatory(`${jsonPath}.trackingNumber`);
		} else if (typeof number !== 'string' || number.length > 100) {
			throw invalid(`${jsonPath}.trackingNumber`, 'trackingNumber must be a string of at most 100 characters');
		}
	}

	const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
	function checkReturnAddressCarrier(partnerId, entry, at) {
		const known = state(partnerId).returnAddressCarriers;
		const id = entry.returnAddressCarrierId;
		if (id === undefined || id === null) {
			if (known.length > 1) {
				throw new Problem(400, 'PROPERTY_IS_MANDATORY', `returnAddressCarrierId is mandatory for position item ${entry.positionItemId}: the partner has ${known.length} return address and carrier combinations`, `${at}.returnAddressCarrierId`);
			}
			return;
		}
		if (typeof id !== 'string' || !UUID.test(id)) throw invalid(`${at}.returnAddressCarrierId`, 'returnAddressCarrierId must be a UUID');
		if (known.length && !known.includes(id)) throw invalid(`${at}.returnAddressCarrierId`, `Unknown returnAddressCarrierId ${id}`);
	}

	/** Validates position items: owned, PROCESSABLE, in no other shipment. Returns the live items. */
	function checkPositionItems(partnerId, items, jsonPath, { allowRepeat = false } = {}) {
		if (!Array.isArray(items) || items.length === 0) throw mandatory(jsonPath);
		const store = state(partnerId);
		const found = [];
		const seen = new Set();
		items.forEach((entry, i) => {
			const at = `${jsonPath}[${i}]`;
			if (!entry || !entry.positionItemId) throw mandatory(`${at}.positionItemId`);
			if (!entry.salesOrderId) throw mandatory(`${at}.salesOrderId`);
			const hit = sim.orders.findPositionItem(partnerId, entry.positionItemId);
			if (!hit || hit.order.salesOrderId !== entry.salesOrderId) {
				throw new Problem(400, 'INSUFFICIENT_PERMISSION', `Position item ${entry.positionItemId} of order ${entry.salesOrderId} does not belong to this partner`, `${at}.positionItemId`);
			}
			if (seen.has(entry.positionItemId) && !allowRepeat) throw invalid(`${at}.positionItemId`, `Position item ${entry.positionItemId} is listed twice`);
			seen.add(entry.positionItemId);
			if (store.byItem.has(entry.positionItemId)) {
				throw new Problem(409, 'POSITION_ITEM_INCLUDED_IN_OTHER_SHIPMENT', `Position item ${entry.positionItemId} is already part of shipment ${store.byItem.get(entry.positionItemId)}`, `${at}.positionItemId`);
			}
			if (hit.item.fulfillmentStatus !== 'PROCESSABLE') {
				throw new Problem(409, 'POSITION_ITEM_NOT_PROCESSABLE', `Position item ${entry.positionItemId} is ${hit.item.fulfillmentStatus}, not PROCESSABLE`, `${at}.positionItemId`);
			}
			if (entry.returnTrackingKey !== undefined && entry.returnTrackingKey !== null) {
				checkTrackingKey(entry.returnTrackingKey, `${at}.returnTrackingKey`, RETURN_CARRIERS, { numberRequired: () => true });
			} else if (deliveryTypeOf(partnerId, hit.item.product.sku) === 'PARCEL') {
				throw new Problem(400, 'PROPERTY_IS_MANDATORY', `returnTrackingKey is mandatory for position item ${entry.positionItemId}: its SKU ${hit.item.product.sku} is delivered as PARCEL`, `${at}.returnTrackingKey`);
			}
			checkReturnAddressCarrier(partnerId, entry, at);
			found.push({ entry, hit });
		});
		return found;
	}

	function checkShipment(partnerId, body, prefix = '') {
		if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid(prefix || '$', 'The body must be a shipment object');
		checkTrackingKey(body.trackingKey, `${prefix}trackingKey`, CARRIERS, { numberRequired: (c) => PARCEL_CARRIERS.includes(c) });
		if (!body.shipDate) throw mandatory(`${prefix}shipDate`);
		if (typeof body.shipDate !== 'string' || Number.isNaN(Date.parse(body.shipDate))) throw invalid(`${prefix}shipDate`, 'shipDate must be an ISO-8601 date-time');
		const from = body.shipFromAddress;
		if (!from || typeof from !== 'object') throw mandatory(`${prefix}shipFromAddress`);
		if (typeof from.city !== 'string' || from.city.length < 1 || from.city.length > 60) throw invalid(`${prefix}shipFromAddress.city`, 'city must have 1-60 characters');
		if (typeof from.countryCode !== 'string' || !/^[A-Z]{3}$/.test(from.countryCode)) throw invalid(`${prefix}shipFromAddress.countryCode`, 'countryCode must match ^[A-Z]{3}$');
		if (typeof from.zipCode !== 'string' || from.zipCode.length < 1 || from.zipCode.length > 10) throw invalid(`${prefix}shipFromAddress.zipCode`, 'zipCode must have 1-10 characters');
		const key = body.trackingKey;
		if (key.trackingNumber && state(partnerId).byTracking.has(trackingId(key.carrier, key.trackingNumber))) {
			throw new Problem(409, 'DUPLICATE_TRACKING_KEY', `A shipment with carrier ${key.carrier} and tracking number ${key.trackingNumber} already exists`, `${prefix}trackingKey`);
		}
	}

	const itemOf = (entry) => {
		const item = { positionItemId: entry.positionItemId, salesOrderId: entry.salesOrderId };
		if (entry.returnTrackingKey) item.returnTrackingKey = { ...entry.returnTrackingKey };
		if (entry.returnAddressCarrierId) item.returnAddressCarrierId = entry.returnAddressCarrierId;
		return item;
	};

	/** Marks items SENT in the orders data and remembers which shipment carried them. */
	function ship(partnerId, shipment, found) {
		const store = state(partnerId);
		const byOrder = new Map();
		for (const { entry } of found) {
			if (!store.byItem.has(entry.positionItemId)) store.byItem.set(entry.positionItemId, shipment.shipmentId);
			if (!byOrder.has(entry.salesOrderId)) byOrder.set(entry.salesOrderId, new Set());
			byOrder.get(entry.salesOrderId).add(entry.positionItemId);
		}
		const trackingInfo = { carrier: shipment.trackingKey.carrier, trackingNumber: shipment.trackingKey.trackingNumber ?? '' };
		for (const [salesOrderId, ids] of byOrder) {
			sim.orders.setStatus(partnerId, salesOrderId, 'SENT', { positionItemIds: [...ids], at: shipment.shipDate, patch: { trackingInfo } });
		}
	}

	function store(partnerId, body, extra = {}) {
		const s = state(partnerId);
		const shipment = {
			shipmentId: newShipmentId(),
			creationDate: sim.clock.now().toISOString(),
			trackingKey: { ...body.trackingKey },
			shipDate: new Date(body.shipDate).toISOString(),
			shipFromAddress: { ...body.shipFromAddress },
			positionItems: body.positionItems.map(itemOf),
			states: [{ state: 'SENT', occurredOn: new Date(body.shipDate).toISOString() }],
			...extra,
		};
		s.list.push(shipment);
		s.byId.set(shipment.shipmentId, shipment);
		if (shipment.trackingKey.trackingNumber) s.byTracking.set(trackingId(shipment.trackingKey.carrier, shipment.trackingKey.trackingNumber), shipment);
		return shipment;
	}

	const guard = (ctx, fn) => {
		try {
			return fn();
		} catch (error) {
			if (error instanceof Problem) return fail(ctx, error);
			throw error;
		}
	};

	sim.route('POST', '/v1/shipments', { scope: 'shipments' }, (ctx) =>
		guard(ctx, () => {
			checkShipment(ctx.partnerId, ctx.body);
			const found = checkPositionItems(ctx.partnerId, ctx.body.positionItems, 'positionItems');
			const shipment = store(ctx.partnerId, ctx.body);
			ship(ctx.partnerId, shipment, found);
			return { status: 201, body: { shipmentId: shipment.shipmentId } };
		}),
	);

	sim.route('POST', '/v1/multiparcel-shipments', { scope: 'shipments' }, (ctx) =>
		guard(ctx, () => {
			if (!Array.isArray(ctx.body) || ctx.body.length === 0) throw invalid('$', 'The body must be a non-empty array of parcels');
			const keys = new Set();
			const checked = ctx.body.map((parcel, i) => {
				checkShipment(ctx.partnerId, parcel, `[${i}].`);
				const key = parcel.trackingKey.trackingNumber ? trackingId(parcel.trackingKey.carrier, parcel.trackingKey.trackingNumber) : null;
				if (key && keys.has(key)) throw new Problem(409, 'DUPLICATE_TRACKING_KEY', `Tracking number ${parcel.trackingKey.trackingNumber} appears twice`, `[${i}].trackingKey`);
				if (key) keys.add(key);
				return checkPositionItems(ctx.partnerId, parcel.positionItems, `[${i}].positionItems`);
			});
			const multiParcelShipmentId = sim.partnerRng(ctx.partnerId).uuid();
			ctx.body.forEach((parcel, i) => {
				const shipment = store(ctx.partnerId, parcel, { multiParcelShipmentId });
				ship(ctx.partnerId, shipment, checked[i]);
			});
			return { status: 201, body: { multiParcelShipmentId } };
		}),
	);

	const byIdOrTracking = (ctx) => {
		const s = state(ctx.partnerId);
		if (ctx.params.shipmentId) return s.byId.get(ctx.params.shipmentId);
		return s.byTracking.get(trackingId(ctx.params.carrier, ctx.params.trackingNumber));
	};
	const notFound = (ctx) => shipmentError(404, 'RESOURCE_NOT_FOUND', 'Shipment not found', ctx.path);

	function addItems(ctx) {
		return guard(ctx, () => {
			const shipment = byIdOrTracking(ctx);
			if (!shipment) return notFound(ctx);
			const found = checkPositionItems(ctx.partnerId, ctx.body, '$');
			shipment.positionItems.push(...ctx.body.map(itemOf));
			ship(ctx.partnerId, shipment, found);
			return { status: 200 };
		});
	}
	sim.route('POST', '/v1/shipments/:shipmentId/positionitems', { scope: 'shipments' }, addItems);
	sim.route('POST', '/v1/shipments/carriers/:carrier/trackingnumbers/:trackingNumber/positionitems', { scope: 'shipments' }, addItems);

	const getOne = (ctx) => {
		const shipment = byIdOrTracking(ctx);
		return shipment ? { body: shipment } : notFound(ctx);
	};
	sim.route('GET', '/v1/shipments/:shipmentId', { scope: 'shipments' }, getOne);
	sim.route('GET', '/v1/shipments/carriers/:carrier/trackingnumbers/:trackingNumber', { scope: 'shipments' }, getOne);

	/** GET list with datefrom / limit / next, sorted by date then id. */
	function list(ctx, base, records, dateOf, idOf, view) {
		const rawLimit = ctx.query.get('limit');
		let limit = DEFAULT_LIMIT;
		if (rawLimit !== null && rawLimit !== '') {
			if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) {
				return shipmentError(400, 'BAD_REQUEST', `limit must be between 1 and ${MAX_LIMIT}`, ctx.path);
			}
			limit = Number(rawLimit);
		}
		let from;
		let after = null;
		const cursorText = ctx.query.get('next');
		if (cursorText) {
			const cursor = decodeCursor(cursorText);
			if (!cursor) return shipmentError(400, 'BAD_REQUEST', 'Invalid next cursor', ctx.path);
			from = cursor.from;
			after = cursor.after;
		} else {
			const raw = ctx.query.get('datefrom');
			if (!raw) return shipmentError(400, 'PROPERTY_IS_MANDATORY', 'datefrom is mandatory', ctx.path);
			from = Date.parse(raw);
			if (Number.isNaN(from)) return shipmentError(400, 'BAD_REQUEST', `datefrom is not a date: '${raw}'`, ctx.path);
		}
		const key = (r) => [Date.parse(dateOf(r)), idOf(r)];
		const cmp = (a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
		const rows = records
			.filter((r) => Date.parse(dateOf(r)) >= from)
			.map((r) => ({ k: key(r), r }))
			.sort((a, b) => cmp(a.k, b.k))
			.filter((row) => !after || cmp(row.k, after) > 0);
		const page = rows.slice(0, limit);
		const links = [];
		if (rows.length > limit) {
			const next = encodeCursor({ from, after: page[page.length - 1].k });
			// datefrom is a required query parameter of both list operations (OTTO's ShipmentsV1 and
			// ReturnShipmentsV1 specs), so the next link carries it beside the cursor.
			links.push({ rel: 'next', href: `${base}?datefrom=${encodeURIComponent(new Date(from).toISOString())}&next=${next}&limit=${limit}` });
		}
		return { body: { resources: page.map((row) => view(row.r)), links } };
	}

	sim.route('GET', '/v1/shipments', { scope: 'shipments' }, (ctx) =>
		list(ctx, '/v1/shipments', state(ctx.partnerId).list, (s) => s.creationDate, (s) => s.shipmentId, (s) => ({
			shipmentId: s.shipmentId,
			creationDate: s.creationDate,
			trackingKey: s.trackingKey,
			states: s.states,
		})),
	);

	// --- return shipments (read-only) -------------------------------------------------------
	const RETURN_SCOPE = ['shipments', 'returns'];
	const updatedAt = (r) => r.states[r.states.length - 1].occurredOn;

	sim.route('GET', '/v1/return-shipments', { scope: RETURN_SCOPE }, (ctx) =>
		list(ctx, '/v1/return-shipments', state(ctx.partnerId).returns, updatedAt, (r) => r.returnShipmentId, (r) => r),
	);
	sim.route('GET', '/v1/return-shipments/:returnShipmentId', { scope: RETURN_SCOPE }, (ctx) => {
		const found = state(ctx.partnerId).returnsById.get(ctx.params.returnShipmentId);
		return found ? { body: found } : shipmentError(404, 'RESOURCE_NOT_FOUND', 'Return shipment not found', ctx.path);
	});
	sim.route('GET', '/v1/return-shipments/carriers/:carrier/trackingnumbers/:trackingNumber', { scope: RETURN_SCOPE }, (ctx) => {
		if (!RETURN_SHIPMENT_CARRIERS.includes(ctx.params.carrier)) {
			return shipmentError(400, 'INVALID_PROPERTY_VALUE', `Unknown return carrier ${ctx.params.carrier}`, ctx.path);
		}
		const found = state(ctx.partnerId).returnsByTracking.get(trackingId(ctx.params.carrier, ctx.params.trackingNumber));
		return found ? { body: found } : shipmentError(404, 'RESOURCE_NOT_FOUND', 'Return shipment not found', ctx.path);
	});

	// --- helpers for tests and the demo -----------------------------------------------------
	sim.shipments = {
		CARRIERS,
		/** Live shipments of a partner (in creation order). */
		list(partnerId) {
			return state(partnerId).list;
		},
		get(partnerId, shipmentId) {
			return state(partnerId).byId.get(String(shipmentId));
		},
		/** The partner's return address + carrier combinations (UUIDs); [] = none checked. */
		setReturnAddressCarriers(partnerId, ids) {
			state(partnerId).returnAddressCarriers = [...ids].map(String);
		},
	};

	sim.returnShipments = {
		/**
		 * Announces a return shipment: { carrier='DHL', trackingNumber, salesOrderId, positionItemIds?,
		 * state='ANNOUNCED', at=clock.now() }. Position items default to the order's SENT items.
		 */
		create(partnerId, spec = {}) {
			const s = state(partnerId);
			const rng = sim.partnerRng(partnerId);
			const carrier = spec.carrier ?? 'DHL';
			if (!RETURN_SHIPMENT_CARRIERS.includes(carrier)) throw new Error(`unknown return carrier ${carrier}`);
			const order = spec.salesOrderId ? sim.orders.get(partnerId, spec.salesOrderId) : undefined;
			if (spec.salesOrderId && !order) throw new Error(`order ${spec.salesOrderId} not found`);
			const ids = spec.positionItemIds
				? [].concat(spec.positionItemIds)
				: order
					? order.positionItems.filter((p) => p.fulfillmentStatus === 'SENT').map((p) => p.positionItemId)
					: [];
			const at = new Date(spec.at ?? sim.clock.now()).toISOString();
			const record = {
				returnShipmentId: rng.uuid(),
				createdAt: at,
				trackingKey: { carrier, trackingNumber: spec.trackingNumber ?? rng.digits(14) },
				returnPositionItems: ids.map((id) => ({
					salesOrderId: order ? order.salesOrderId : (sim.orders.findPositionItem(partnerId, id) || { order: {} }).order.salesOrderId,
					salesOrderPositionItemId: id,
				})),
				states: [{ state: spec.state ?? 'ANNOUNCED', occurredOn: at, statusText: 'Return announced' }],
			};
			s.returns.push(record);
			s.returnsById.set(record.returnShipmentId, record);
			s.returnsByTracking.set(trackingId(carrier, record.trackingKey.trackingNumber), record);
			return record;
		},
		list(partnerId) {
			return state(partnerId).returns;
		},
	};

	const partnerOf = (ctx) => String((ctx.body && ctx.body.partnerId) || ctx.query.get('partnerId') || SELLER_PARTNER_ID);
	sim.control('GET', '/shipments', (ctx) => ({ body: { shipments: state(partnerOf(ctx)).list } }));
	sim.control('POST', '/return-shipments', (ctx) => {
		const { partnerId: _p, ...spec } = ctx.body || {};
		try {
			return { status: 201, body: sim.returnShipments.create(partnerOf(ctx), spec) };
		} catch (error) {
			return { status: 400, body: { error: error.message } };
		}
	});
};
