'use strict';
// Availability V1 (docs/otto-api.md §7.1), scope `availability`: stock quantities and the
// SKU <-> shipping profile link (product delivery information).
//
// Known SKUs: the order catalog (SKU-01000 ...) plus what a test or the demo registers with
// `sim.availability.addSkus(partnerId, skus)` or `POST /__control/availability/skus`. Setting
// `sim.config.availabilityAcceptAnySku = true` makes every SKU known.
// `sim.config.availabilityMaxItems` (default 200) is the largest POST body OTTO accepts; above it: 413.
//
// Per-SKU failures come back as 207 `{ results, errors }`; each error names its SKU twice: in
// a `sku` field and in `path` (`/v1/availability/quantities/<sku>`), so a client can map it back.

const { SELLER_PARTNER_ID } = require('../constants');

const DEFAULT_MAX_ITEMS = 200;
const MAX_PAGE = 200;

function encodeCursor(sku) {
	return Buffer.from(sku, 'utf8').toString('base64url');
}

function decodeCursor(text) {
	try {
		return Buffer.from(text, 'base64url').toString('utf8');
	} catch {
		return null;
	}
}

module.exports = (sim) => {
	function state(partnerId) {
		const partner = sim.partner(partnerId);
		if (!partner.availability) {
			partner.availability = { skus: new Set(), quantities: new Map(), delivery: new Map() };
		}
		return partner.availability;
	}

	const isKnown = (partnerId, sku) =>
		sim.config.availabilityAcceptAnySku === true ||
		state(partnerId).skus.has(sku) ||
		sim.orders.catalog.some((product) => product.sku === sku);

	const maxItems = () => {
		const value = Number(sim.config.availabilityMaxItems);
		return Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_ITEMS;
	};

	let logref = 0;
	// Quantities 207: OTTO's QuantityApiErrorAvailabilityV1 is { code (a number), title, detail, path, logref };
	// the SKU is named in path and detail.
	const QUANTITY_CODES = { MISSING_SKU: 400, UNKNOWN_SKU: 404, INVALID_QUANTITY: 400 };
	const quantityError = (sku, code, title, detail) => ({
		code: QUANTITY_CODES[code],
		title,
		detail,
		path: `${Q}/${sku}`,
		logref: `sim-${++logref}`,
	});
	const itemError = (base, sku, code, title, detail) => ({
		code,
		title,
		detail,
		sku,
		path: `${base}/${sku}`,
		logref: `sim-${++logref}`,
	});

	/**
	 * Checks a POST array: 400 when it is not one, 413 when it is too long. The 413 of quantities is
	 * `{ errors: [QuantityApiError] }` (PayloadTooLargeApiErrorResponseForQuantitiesAvailabilityV1); the 413 of
	 * delivery information the problem shape (ApiErrorResponseForPayloadTooLargeAvailabilityV1), both
	 * kassaline/openapi-clients-otto@050bb6a lib/Api/AvailabilityV1Api.php.
	 */
	function checkBatch(ctx, { quantities = false } = {}) {
		if (!Array.isArray(ctx.body)) {
			return sim.errors.problem(400, 'Bad Request', 'The request body must be a JSON array');
		}
		if (ctx.body.length === 0) return sim.errors.problem(400, 'Bad Request', 'The request body must not be empty');
		if (ctx.body.length > maxItems() && quantities) {
			const detail = `At most ${maxItems()} items per request, got ${ctx.body.length}`;
			return { status: 413, body: { errors: [{ code: 413, title: 'Payload Too Large', detail, path: ctx.path, logref: `sim-${++logref}` }] } };
		}
		if (ctx.body.length > maxItems()) {
			return sim.errors.problem(
				413,
				'Payload Too Large',
				`At most ${maxItems()} items per request, got ${ctx.body.length}`,
			);
		}
		return null;
	}

	function answer(results, errors) {
		return errors.length ? { status: 207, body: { results, errors } } : null;
	}

	function parseLimit(ctx) {
		const raw = ctx.query.get('limit');
		if (raw === null || raw === '') return MAX_PAGE;
		if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_PAGE) {
			return sim.errors.problem(400, 'Bad Request', `limit must be between 1 and ${MAX_PAGE}`);
		}
		return Number(raw);
	}

	/** Sorted page of a map after the cursor SKU: { page, next }. */
	function pageOf(map, ctx, limit) {
		const cursorText = ctx.query.get('cursor');
		let after = null;
		if (cursorText) {
			after = decodeCursor(cursorText);
			if (after === null) return { error: sim.errors.problem(400, 'Bad Request', 'Invalid cursor') };
		}
		const all = [...map.keys()].sort();
		const rest = after === null ? all : all.filter((sku) => sku > after);
		const page = rest.slice(0, limit).map((sku) => map.get(sku));
		const next = rest.length > limit ? encodeCursor(page[page.length - 1].sku) : null;
		return { page, next };
	}

	// --- quantities -------------------------------------------------------------------------
	const Q = '/v1/availability/quantities';

	sim.route('POST', Q, { scope: 'availability' }, (ctx) => {
		const bad = checkBatch(ctx, { quantities: true });
		if (bad) return bad;
		const store = state(ctx.partnerId);
		const results = [];
		const errors = [];
		const now = sim.clock.now().toISOString();
		for (const entry of ctx.body) {
			const sku = entry && typeof entry.sku === 'string' ? entry.sku : '';
			if (!sku) {
				errors.push(quantityError('', 'MISSING_SKU', 'Invalid request', 'sku is mandatory'));
				continue;
			}
			if (!isKnown(ctx.partnerId, sku)) {
				errors.push(quantityError(sku, 'UNKNOWN_SKU', 'Unknown SKU', `SKU ${sku} is not known for this partner`));
				continue;
			}
			const quantity = entry.quantity;
			if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0) {
				errors.push(
					quantityError(sku, 'INVALID_QUANTITY', 'Invalid quantity', `quantity of SKU ${sku} must be a whole number >= 0, got ${JSON.stringify(quantity)}`),
				);
				continue;
			}
			const record = { sku, quantity, lastModified: now };
			store.quantities.set(sku, record);
			results.push({ ...record, links: [{ rel: 'self', href: `${Q}/${encodeURIComponent(sku)}` }] });
		}
		return answer(results, errors) ?? { status: 200, body: { results, errors: [] } };
	});

	sim.route('GET', Q, { scope: 'availability' }, (ctx) => {
		const limit = parseLimit(ctx);
		if (typeof limit !== 'number') return limit;
		const { page, next, error } = pageOf(state(ctx.partnerId).quantities, ctx, limit);
		if (error) return error;
		const links = [{ rel: 'self', href: `${Q}?limit=${limit}` }];
		if (next) links.push({ rel: 'next', href: `${Q}?cursor=${next}&limit=${limit}` });
		const variations = page.map((record) => ({
			...record,
			links: [{ rel: 'self', href: `${Q}/${encodeURIComponent(record.sku)}` }],
		}));
		return { body: { resources: { variations }, links } };
	});

	sim.route('GET', `${Q}/:sku`, { scope: 'availability' }, (ctx) => {
		const { sku } = ctx.params;
		const record = state(ctx.partnerId).quantities.get(sku);
		if (record) return { body: record };
		if (isKnown(ctx.partnerId, sku)) return { body: { sku, quantity: 0, lastModified: null } };
		return sim.errors.problem(404, 'Not Found', `SKU ${sku} not found`);
	});

	// --- product delivery information -----------------------------------------------------
	const D = '/v1/availability/product-delivery-information';

	sim.route('POST', D, { scope: 'availability' }, (ctx) => {
		const bad = checkBatch(ctx);
		if (bad) return bad;
		const store = state(ctx.partnerId);
		const results = [];
		const errors = [];
		for (const entry of ctx.body) {
			const sku = entry && typeof entry.sku === 'string' ? entry.sku : '';
			if (!sku) {
				errors.push(itemError(D, '', 'MISSING_SKU', 'Invalid request', 'sku is mandatory'));
				continue;
			}
			if (!isKnown(ctx.partnerId, sku)) {
				errors.push(itemError(D, sku, 'UNKNOWN_SKU', 'Unknown SKU', `SKU ${sku} is not known for this partner`));
				continue;
			}
			const profile = entry.shippingProfileId;
			if (typeof profile !== 'string' || !profile.trim()) {
				errors.push(itemError(D, sku, 'INVALID_SHIPPING_PROFILE', 'Invalid shipping profile', `shippingProfileId of SKU ${sku} is mandatory`));
				continue;
			}
			const time = entry.processingTime;
			const validTime = time === 'DEFAULT' || (typeof time === 'string' && /^\d{1,2}$/.test(time) && Number(time) >= 1 && Number(time) <= 99);
			if (!validTime) {
				errors.push(
					itemError(D, sku, 'INVALID_PROCESSING_TIME', 'Invalid processing time', `processingTime of SKU ${sku} must be "1"-"99" or "DEFAULT", got ${JSON.stringify(time)}`),
				);
				continue;
			}
			const record = { sku, shippingProfileId: profile, processingTime: time };
			store.delivery.set(sku, record);
			results.push({ ...record });
		}
		if (errors.length) {
			// ProductDeliveryInformationMultiStatusResponseAvailabilityV1: `errors` is ONE object
			// (ErrorDetailsForMultiStatusAvailabilityV1: type, title, status, validationErrors [{ detail, logref }]),
			// not a list; each validation error names its SKU only in `detail`.
			return {
				status: 207,
				body: {
					results,
					errors: {
						type: D,
						title: 'Multi-Status',
						status: 207,
						validationErrors: errors.map((error) => ({ detail: error.sku ? `SKU ${error.sku}: ${error.detail}` : error.detail, logref: error.logref })),
					},
				},
			};
		}
		return { status: 202, body: { message: `${results.length} product delivery information accepted` } };
	});

	sim.route('GET', D, { scope: 'availability' }, (ctx) => {
		const limit = parseLimit(ctx);
		if (typeof limit !== 'number') return limit;
		const { page, next, error } = pageOf(state(ctx.partnerId).delivery, ctx, limit);
		if (error) return error;
		const body = { results: page };
		if (next) body.links = { href: `${D}?cursor=${next}&limit=${limit}`, rel: 'next' };
		return { body };
	});

	sim.route('GET', `${D}/:sku`, { scope: 'availability' }, (ctx) => {
		const record = state(ctx.partnerId).delivery.get(ctx.params.sku);
		if (!record) return sim.errors.problem(404, 'Not Found', `No delivery information for SKU ${ctx.params.sku}`);
		return { body: record };
	});

	// --- test / demo helpers ----------------------------------------------------------------
	sim.availability = {
		/** Registers SKUs as known products of a partner. */
		addSkus(partnerId, skus) {
			const store = state(partnerId);
			for (const sku of skus) store.skus.add(String(sku));
		},
		/** The partner's quantities: Map sku -> { sku, quantity, lastModified }. */
		quantities(partnerId) {
			return state(partnerId).quantities;
		},
		/** The partner's delivery information: Map sku -> { sku, shippingProfileId, processingTime }. */
		deliveryInformation(partnerId) {
			return state(partnerId).delivery;
		},
	};

	const partnerOf = (ctx) => String((ctx.body && ctx.body.partnerId) || ctx.query.get('partnerId') || SELLER_PARTNER_ID);
	sim.control('POST', '/availability/skus', (ctx) => {
		const skus = Array.isArray(ctx.body && ctx.body.skus) ? ctx.body.skus : [];
		sim.availability.addSkus(partnerOf(ctx), skus);
		return { status: 201, body: { added: skus.length } };
	});
	sim.control('GET', '/availability', (ctx) => {
		const store = state(partnerOf(ctx));
		return {
			body: {
				skus: [...store.skus],
				quantities: [...store.quantities.values()],
				deliveryInformation: [...store.delivery.values()],
			},
		};
	});
};
