'use strict';
// Products V5 (docs/otto-api.md §7.5), scope `products`, rate-limit keys as in §8.1.
// Writes (variations, prices, active status) answer 202 with an update task; the task completes
// `sim.config.productTaskDelayMs` (default 300) ms later, and only then the change is visible.
// Data lives in sim.partner(id).products = { variations: Map<sku, record>, tasks: Map<id, task> }.
//
// A variation fails in its task when `productReference` or `productDescription.category` is
// missing; it is "unchanged" when it equals the stored one. Prices and active status fail for
// unknown SKUs.
//
// Shapes follow OTTO's Products V5 models (christian71-stack/otto-merch-api@f334301 docs/Model/*ProductsV5.md,
// kassaline/openapi-clients-otto@050bb6a docs/Model/*ProductsV5SandboxOnly.md and docs/Api/ProductsV5Api.md):
// - lists: `{ productVariations }`, `{ marketPlaceStatus }`, `{ status }` (active status),
//   `{ variationPrices }`, `{ contentChanges }`, `{ brands }`, `{ categoryGroups }`, each with `links`;
// - brands: default 100, at most 1000 per page ("The default page length is 100 entries per
//   response, the page size upper limit is 1000"); no prev link on the first page, no next on the last;
// - categories: default 100, at most 2000, `page` counts from 0 ("the number (starting with 0) of
//   the page"); the other lists count pages from 1 (OTTO does not say; simulator choice);
// - per-SKU paths: OTTO says to use the `?sku=` list form for SKUs with '/' or '.', so a path
//   SKU with '.' or '/' is not found here (404);
// - marketplace status list: `fromDate`, `marketPlaceStatus` (any of), `sortOrder` asc|desc by
//   lastModified, default desc (on the wire `sort-order`); page size: the parameter says at most 1000, the text 100 (both allowed);
// - content changes: `fromDate` defaults to, and cannot go before, 28 days ago; at most 100 per page.

const crypto = require('node:crypto');

const MAX_VARIATIONS = 500;
const CATEGORY_GROUPS = [
	['Kaffeemaschinen', ['Kaffeevollautomat', 'Kaffeemaschine']],
	['Staubsauger', ['Staubsauger', 'Saugroboter']],
	['Schuhe', ['Laufschuh', 'Sneaker']],
	['Bettwäsche', ['Bettwäsche']],
	['Möbel', ['Schreibtisch', 'Regal']],
	['Audio', ['Kopfhörer']],
	['Kochgeschirr', ['Pfannenset']],
	['Hosen', ['Jeans']],
	['Leuchten', ['Stehlampe']],
	['Fahrräder', ['Kinderrad']],
	['Heimtextilien', ['Handtuch-Set']],
	['Küchengeräte', ['Mixer']],
];
const NAMED_BRANDS = [
	['b-0001', 'Barista Pro'],
	['b-0002', 'CycloneX'],
	['b-0003', 'Runner'],
	['b-0004', 'Satina'],
	['b-0005', 'Eichwerk'],
	['b-0006', 'SilentSound'],
];
/** The brand list: the named brands, then generated ones up to `count` (every 10th not usable). */
function brandList(count) {
	const list = NAMED_BRANDS.map(([id, name]) => ({ id, name, logo: `https://i.otto.de/brands/${id}.png`, usable: true }));
	for (let n = list.length + 1; n <= count; n++) {
		const id = `b-${String(n).padStart(4, '0')}`;
		list.push({ id, name: `Marke ${String(n).padStart(4, '0')}`, usable: n % 10 !== 0 });
	}
	return list;
}
const DEFAULT_BRAND_COUNT = 1200;
const CONTENT_CHANGE_DAYS = 28;
const MARKETPLACE_STATUSES = ['PENDING', 'ONLINE', 'RESTRICTED', 'REJECTED', 'INACTIVE'];

module.exports = (sim) => {
	if (sim.config.productTaskDelayMs === undefined) sim.config.productTaskDelayMs = 300;
	if (sim.config.productBrandCount === undefined) sim.config.productBrandCount = DEFAULT_BRAND_COUNT;
	sim.onReset(() => {
		sim.config.productTaskDelayMs = 300;
		sim.config.productBrandCount = DEFAULT_BRAND_COUNT;
	});
	/** A SKU in a path: OTTO says SKUs with '/' or '.' must use the `?sku=` form. */
	const pathSkuUsable = (sku) => !/[/.]/.test(sku);

	const stateOf = (partnerId) => {
		const partner = sim.partner(partnerId);
		partner.products ??= { variations: new Map(), tasks: new Map() };
		return partner.products;
	};
	const bad = (ctx, detail, path) => {
		const response = sim.errors.otto(400, 'BAD_REQUEST', detail, ctx.path);
		if (path) response.body.errors[0].jsonPath = path;
		return response;
	};
	const notFound = (ctx, sku) => sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Product variation with SKU '${sku}' not found`, ctx.path);
	const now = () => sim.clock.now().toISOString();

	/** Completes every task of the partner whose delay has passed, applying its changes. */
	function settle(partnerId) {
		const state = stateOf(partnerId);
		for (const task of state.tasks.values()) {
			if (task.state !== 'pending' || Date.now() < task.dueAt) continue;
			for (const entry of task.entries) {
				const problem = entry.check(state);
				if (problem) {
					entry.outcome = 'failed';
					entry.errors = [{ code: 'INVALID', title: problem.title, path: problem.path, logref: `sim-${crypto.randomBytes(4).toString('hex')}` }];
				} else {
					entry.outcome = entry.apply(state) === false ? 'unchanged' : 'succeeded';
				}
			}
			task.state = 'done';
		}
		return state;
	}

	function createTask(ctx, entries) {
		const state = stateOf(ctx.partnerId);
		const id = crypto.randomUUID();
		const task = { id, state: 'pending', createdAt: Date.now(), dueAt: Date.now() + Number(sim.config.productTaskDelayMs || 0), entries };
		state.tasks.set(id, task);
		return { status: 202, body: taskJson(task) };
	}

	function taskJson(task) {
		const count = (outcome) => task.entries.filter((e) => e.outcome === outcome).length;
		const base = `/v5/products/update-tasks/${task.id}`;
		return {
			state: task.state,
			total: task.entries.length,
			progress: task.state === 'done' ? task.entries.length : 0,
			succeeded: count('succeeded'),
			failed: count('failed'),
			unchanged: count('unchanged'),
			pingAfter: new Date(Math.max(task.dueAt, Date.now() + 100)).toISOString(),
			links: [
				{ rel: 'self', href: base },
				{ rel: 'failed', href: `${base}/failed` },
				{ rel: 'succeeded', href: `${base}/succeeded` },
				{ rel: 'unchanged', href: `${base}/unchanged` },
			],
		};
	}

	const isObject = (v) => v && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
	const get = { scope: 'products', limitKey: ['general', 'productsGet'] };
	const post = { scope: 'products', limitKey: ['general', 'productsPost'] };

	// --- variations -----------------------------------------------------------------------------
	sim.route('POST', '/v5/products', post, (ctx) => {
		const body = ctx.body;
		if (!Array.isArray(body)) return bad(ctx, 'Expected a JSON array of product variations');
		if (!body.length) return bad(ctx, 'Expected at least one product variation');
		if (body.length > MAX_VARIATIONS) return bad(ctx, `At most ${MAX_VARIATIONS} product variations per request (got ${body.length})`);
		for (let i = 0; i < body.length; i++) {
			if (!isObject(body[i])) return bad(ctx, `Product variation ${i} is not an object`, `$[${i}]`);
			if (typeof body[i].sku !== 'string' || !body[i].sku) return bad(ctx, `Product variation ${i} has no sku`, `$[${i}].sku`);
		}
		const entries = body.map((variation) => ({
			sku: variation.sku,
			check: () => {
				if (!variation.productReference) return { title: 'productReference is mandatory', path: 'productReference' };
				if (!variation.productDescription?.category) return { title: 'productDescription.category is mandatory', path: 'productDescription.category' };
				return null;
			},
			apply: (state) => {
				const existing = state.variations.get(variation.sku);
				if (existing && JSON.stringify(existing.variation) === JSON.stringify(variation)) return false;
				const at = now();
				state.variations.set(variation.sku, {
					variation: JSON.parse(JSON.stringify(variation)),
					active: existing ? existing.active : true,
					prices: variation.pricing
						? { standardPrice: variation.pricing.standardPrice, ...(variation.pricing.sale ? { sale: variation.pricing.sale } : {}) }
						: existing?.prices,
					marketplaceStatus: 'ONLINE',
					lastModified: at,
					lastContentChange: at,
				});
				return true;
			},
		}));
		return createTask(ctx, entries);
	});

	sim.route('GET', '/v5/products/update-tasks/:id', get, (ctx) => {
		const task = settle(ctx.partnerId).tasks.get(ctx.params.id);
		if (!task) return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Update task ${ctx.params.id} not found`, ctx.path);
		return { body: taskJson(task) };
	});

	sim.route('GET', '/v5/products/update-tasks/:id/:outcome', get, (ctx) => {
		const task = settle(ctx.partnerId).tasks.get(ctx.params.id);
		if (!task || !['failed', 'succeeded', 'unchanged'].includes(ctx.params.outcome)) {
			return sim.errors.otto(404, 'RESOURCE_NOT_FOUND', `Update task ${ctx.params.id} not found`, ctx.path);
		}
		const results = task.entries
			.filter((e) => e.outcome === ctx.params.outcome)
			.map((e) => (e.errors ? { variation: e.sku, errors: e.errors } : { variation: e.sku }));
		return { body: { results } };
	});

	/** page + limit; `base` is the first page number (0 for categories, 1 elsewhere). */
	function pageParams(ctx, max, fallback = max, base = 1) {
		const limit = ctx.query.get('limit') ? Number(ctx.query.get('limit')) : fallback;
		const page = ctx.query.get('page') ? Number(ctx.query.get('page')) : base;
		if (!Number.isInteger(limit) || limit < 1 || limit > max) return { error: bad(ctx, `limit must be between 1 and ${max}`) };
		if (!Number.isInteger(page) || page < base) return { error: bad(ctx, `page must be ${base} or more`) };
		return { limit, page, base };
	}

	function paged(ctx, list, { limit, page, base = 1 }, key, path, { prev = false } = {}) {
		const offset = (page - base) * limit;
		const slice = list.slice(offset, offset + limit);
		const links = [];
		const linkTo = (n) => {
			const query = new URLSearchParams(ctx.query);
			query.set('page', String(n));
			query.set('limit', String(limit));
			return `${path}?${query}`;
		};
		if (prev && page > base) links.push({ rel: 'prev', href: linkTo(page - 1) });
		if (list.length > offset + limit) links.push({ rel: 'next', href: linkTo(page + 1) });
		return { body: { [key]: slice, links } };
	}

	/** `sku` may repeat or hold several comma-separated SKUs (OTTO: content changes list form). */
	const skusOf = (q) => q.getAll('sku').flatMap((value) => value.split(',')).filter(Boolean);

	function filtered(ctx, state) {
		const q = ctx.query;
		return [...state.variations.values()].filter((r) => {
			const v = r.variation;
			const skus = skusOf(q);
			if (skus.length && !skus.includes(v.sku)) return false;
			if (q.get('productReference') && v.productReference !== q.get('productReference')) return false;
			if (q.get('category') && v.productDescription?.category !== q.get('category')) return false;
			if (q.get('brandId') && v.productDescription?.brandId !== q.get('brandId')) return false;
			return true;
		});
	}

	sim.route('GET', '/v5/products', get, (ctx) => {
		const params = pageParams(ctx, 100);
		if (params.error) return params.error;
		const list = filtered(ctx, settle(ctx.partnerId)).map((r) => r.variation);
		return paged(ctx, list, params, 'productVariations', '/v5/products');
	});

	/** The record of a path SKU; SKUs with '.' or '/' must use the `?sku=` form (OTTO), so they are not found here. */
	const recordOfPath = (ctx) => (pathSkuUsable(ctx.params.sku) ? settle(ctx.partnerId).variations.get(ctx.params.sku) : undefined);

	sim.route('GET', '/v5/products/:sku', get, (ctx) => {
		const record = recordOfPath(ctx);
		return record ? { body: record.variation } : notFound(ctx, ctx.params.sku);
	});

	// --- marketplace status ----------------------------------------------------------------------
	// MarketPlaceStatusProductsV5: sku, status, lastModified, links with rel 'variation' or 'shop' (no productReference)
	const statusJson = (record) => ({
		sku: record.variation.sku,
		status: record.active ? record.marketplaceStatus : 'INACTIVE',
		lastModified: record.lastModified,
		links: [{ rel: 'variation', href: `/v5/products/${encodeURIComponent(record.variation.sku)}` }],
	});
	const marketplace = { scope: 'products', limitKey: ['general', 'productsMarketplaceStatus'] };
	sim.route('GET', '/v5/products/marketplace-status', marketplace, (ctx) => {
		const params = pageParams(ctx, 1000, 100);
		if (params.error) return params.error;
		const q = ctx.query;
		let from;
		if (q.get('fromDate')) {
			from = Date.parse(q.get('fromDate'));
			if (Number.isNaN(from)) return bad(ctx, `fromDate is not an ISO 8601 date: '${q.get('fromDate')}'`);
		}
		const wanted = q.getAll('marketPlaceStatus').flatMap((value) => value.split(',')).filter(Boolean);
		const unknown = wanted.filter((status) => !MARKETPLACE_STATUSES.includes(status));
		if (unknown.length) return bad(ctx, `Unknown marketPlaceStatus: ${unknown.join(', ')}`);
		// The wire name is `sort-order` (ProductsV5Api.php of both generated clients; the docs call it sortOrder).
		const sortOrder = (q.get('sort-order') || 'desc').toLowerCase();
		if (!['asc', 'desc'].includes(sortOrder)) return bad(ctx, `sort-order must be asc or desc, got '${q.get('sort-order')}'`);
		const list = filtered(ctx, settle(ctx.partnerId))
			.map(statusJson)
			.filter((entry) => from === undefined || Date.parse(entry.lastModified) >= from)
			.filter((entry) => !wanted.length || wanted.includes(entry.status))
			.sort((a, b) => (sortOrder === 'asc' ? 1 : -1) * (Date.parse(a.lastModified) - Date.parse(b.lastModified) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)));
		return paged(ctx, list, params, 'marketPlaceStatus', '/v5/products/marketplace-status');
	});
	sim.route('GET', '/v5/products/:sku/marketplace-status', marketplace, (ctx) => {
		const record = recordOfPath(ctx);
		return record ? { body: statusJson(record) } : notFound(ctx, ctx.params.sku);
	});

	// --- content changes -------------------------------------------------------------------------
	/** ContentChangeProductsV5: sku, ean, productReference, shopLink, lastContentChange. */
	const contentChangeJson = (record) => {
		const change = { sku: record.variation.sku };
		if (record.variation.ean) change.ean = record.variation.ean;
		if (record.variation.productReference) change.productReference = record.variation.productReference;
		change.shopLink = `https://www.otto.de/p/${encodeURIComponent(record.variation.sku)}`;
		change.lastContentChange = record.lastContentChange;
		return change;
	};
	function contentChanges(ctx, records) {
		const params = pageParams(ctx, 100);
		if (params.error) return params.error;
		const earliest = sim.clock.now().getTime() - CONTENT_CHANGE_DAYS * 86400000;
		let from = earliest;
		if (ctx.query.get('fromDate')) {
			const parsed = Date.parse(ctx.query.get('fromDate'));
			if (Number.isNaN(parsed)) return bad(ctx, `fromDate is not an ISO 8601 date: '${ctx.query.get('fromDate')}'`);
			from = Math.max(parsed, earliest);
		}
		const list = records
			.filter((record) => record.lastContentChange && Date.parse(record.lastContentChange) >= from)
			.sort((a, b) => Date.parse(a.lastContentChange) - Date.parse(b.lastContentChange))
			.map(contentChangeJson);
		return paged(ctx, list, params, 'contentChanges', ctx.path);
	}
	sim.route('GET', '/v5/products/content-changes', get, (ctx) => contentChanges(ctx, filtered(ctx, settle(ctx.partnerId))));
	sim.route('GET', '/v5/products/:sku/content-changes', get, (ctx) => {
		const record = recordOfPath(ctx);
		return record ? contentChanges(ctx, [record]) : notFound(ctx, ctx.params.sku);
	});

	// --- active status ---------------------------------------------------------------------------
	const activeJson = (record) => ({ sku: record.variation.sku, active: record.active, lastModified: record.lastModified });
	const activeGet = { scope: 'products', limitKey: ['general', 'productsActiveStatusGet'] };
	const activePost = { scope: 'products', limitKey: ['general', 'productsActiveStatusPost'] };
	sim.route('GET', '/v5/products/active-status', activeGet, (ctx) => {
		const params = pageParams(ctx, 100);
		if (params.error) return params.error;
		return paged(ctx, filtered(ctx, settle(ctx.partnerId)).map(activeJson), params, 'status', '/v5/products/active-status');
	});
	sim.route('GET', '/v5/products/:sku/active-status', activeGet, (ctx) => {
		const record = recordOfPath(ctx);
		return record ? { body: activeJson(record) } : notFound(ctx, ctx.params.sku);
	});
	sim.route('POST', '/v5/products/active-status', activePost, (ctx) => {
		const list = isObject(ctx.body) ? ctx.body.status : undefined;
		if (!Array.isArray(list) || !list.length) return bad(ctx, 'Expected { "status": [ { "sku", "active" } ] }');
		for (let i = 0; i < list.length; i++) {
			if (!isObject(list[i]) || typeof list[i].sku !== 'string' || !list[i].sku) return bad(ctx, `status[${i}].sku is mandatory`, `status[${i}].sku`);
			if (typeof list[i].active !== 'boolean') return bad(ctx, `status[${i}].active must be true or false`, `status[${i}].active`);
		}
		return createTask(
			ctx,
			list.map(({ sku, active }) => ({
				sku,
				check: (state) => (state.variations.has(sku) ? null : { title: `Unknown SKU ${sku}`, path: 'sku' }),
				apply: (state) => {
					const record = state.variations.get(sku);
					if (record.active === active) return false;
					record.active = active;
					record.lastModified = now();
					return true;
				},
			})),
		);
	});

	// --- prices ----------------------------------------------------------------------------------
	/** SkuPricingProductsV5: sku, standardPrice, sale (optional). */
	const priceJson = (record) => ({ sku: record.variation.sku, ...(record.prices ?? {}) });
	sim.route('GET', '/v5/products/prices', get, (ctx) => {
		const params = pageParams(ctx, 100);
		if (params.error) return params.error;
		const list = filtered(ctx, settle(ctx.partnerId)).filter((record) => record.prices).map(priceJson);
		return paged(ctx, list, params, 'variationPrices', '/v5/products/prices');
	});
	sim.route('GET', '/v5/products/:sku/prices', get, (ctx) => {
		const record = recordOfPath(ctx);
		return record ? { body: priceJson(record) } : notFound(ctx, ctx.params.sku);
	});
	sim.route('POST', '/v5/products/prices', post, (ctx) => {
		const list = ctx.body;
		if (!Array.isArray(list) || !list.length) return bad(ctx, 'Expected a JSON array of prices');
		if (list.length > MAX_VARIATIONS) return bad(ctx, `At most ${MAX_VARIATIONS} prices per request`);
		for (let i = 0; i < list.length; i++) {
			const entry = list[i];
			if (!isObject(entry) || typeof entry.sku !== 'string' || !entry.sku) return bad(ctx, `[${i}].sku is mandatory`, `$[${i}].sku`);
			const price = entry.standardPrice;
			if (!isObject(price) || typeof price.amount !== 'number' || !(price.amount > 0) || price.currency !== 'EUR') {
				return bad(ctx, `[${i}].standardPrice must be { amount > 0, currency: EUR }`, `$[${i}].standardPrice`);
			}
		}
		return createTask(
			ctx,
			list.map((entry) => ({
				sku: entry.sku,
				check: (state) => (state.variations.has(entry.sku) ? null : { title: `Unknown SKU ${entry.sku}`, path: 'sku' }),
				apply: (state) => {
					const record = state.variations.get(entry.sku);
					const prices = { standardPrice: { ...entry.standardPrice }, ...(entry.sale ? { sale: { ...entry.sale } } : {}) };
					if (JSON.stringify(record.prices) === JSON.stringify(prices)) return false;
					record.prices = prices;
					record.lastModified = now();
					return true;
				},
			})),
		);
	});

	// --- categories and brands -------------------------------------------------------------------
	sim.route('GET', '/v5/products/categories', { scope: 'products', limitKey: ['general', 'productsCategories'] }, (ctx) => {
		const params = pageParams(ctx, 2000, 100, 0);
		if (params.error) return params.error;
		const wanted = ctx.query.get('category');
		const groups = CATEGORY_GROUPS.filter(([, categories]) => !wanted || categories.includes(wanted)).map(([group, categories]) => ({
			categoryGroup: group,
			categories,
			title: group,
			variationThemes: ['size', 'color'],
			attributes: [{ name: 'Farbe', type: 'STRING', multiValue: false }],
		}));
		return paged(ctx, groups, params, 'categoryGroups', '/v5/products/categories');
	});

	sim.route('GET', '/v5/products/brands', { scope: 'products', limitKey: ['general', 'productsBrands'] }, (ctx) => {
		const params = pageParams(ctx, 1000, 100);
		if (params.error) return params.error;
		const count = Math.max(NAMED_BRANDS.length, Number(sim.config.productBrandCount) || DEFAULT_BRAND_COUNT);
		return paged(ctx, brandList(count), params, 'brands', '/v5/products/brands', { prev: true });
	});
};
