/**
 * Lookups (nodes/shared/lookups.ts): the list searches behind "From List" (shipping profiles, SKUs with
 * stock, product SKUs, orders) against the simulator, and the readers that take a locator value as well
 * as a plain string saved before a field became a locator.
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INode, INodeListSearchItems, INodeListSearchResult, INodeType } from 'n8n-workflow';

import { OttoMarketAvailability } from '../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { OttoMarketOrders } from '../../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { OttoMarketPriceReductions } from '../../../nodes/OttoMarketPriceReductions/OttoMarketPriceReductions.node';
import { OttoMarketProducts } from '../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { OttoMarketReturns } from '../../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { OttoMarketShipments } from '../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { locatorValue } from '../../../nodes/shared/lookups';
import { PACKAGE, additionalDataFor, runNode } from '../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../helpers/simulator';
import { availabilityOf } from '../OttoMarketAvailability/sim';
import { seedProducts } from '../OttoMarketProducts/catalog';
import { seedProfiles } from '../OttoMarketShippingProfiles/profiles';

const P = SELLER.partnerId;
type Search = (this: ILoadOptionsFunctions, filter?: string, token?: string) => Promise<INodeListSearchResult>;

describe('lookups: list searches and locator readers', () => {
	const world = useSimulator({ seed: 17, rateLimitsEnabled: false });

	function context(type: INodeType, parameters: INode['parameters'], path: string) {
		const node: INode = {
			id: 'n',
			name: 'OTTO',
			type: `${PACKAGE}.${type.description.name}`,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: world.sellerCredential(),
		};
		const workflow = new Workflow({
			id: 'wf',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) },
		});
		return new LoadOptionsContext(workflow, node, additionalDataFor(world.helper), path);
	}

	/** Every entry of a list search, page after page. */
	async function all(search: Search, ctx: ILoadOptionsFunctions, filter?: string) {
		const entries: INodeListSearchItems[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await search.call(ctx, filter, token);
			entries.push(...page.results);
			token = page.paginationToken as string | undefined;
			pages++;
		} while (token && pages < 100);
		return { entries, pages };
	}

	it('every node that asks for an order, a shipping profile or a SKU offers the list first, and has its search', () => {
		const expected: Array<[INodeType, string, string]> = [
			[new OttoMarketOrders(), 'order', 'searchOrders'],
			[new OttoMarketOrders(), 'salesOrderId', 'searchOrders'],
			[new OttoMarketShipments(), 'salesOrderId', 'searchOrders'],
			[new OttoMarketReturns(), 'salesOrderId', 'searchOrders'],
			[new OttoMarketPriceReductions(), 'salesOrderId', 'searchOrders'],
			[new OttoMarketAvailability(), 'shippingProfileId', 'searchShippingProfiles'],
			[new OttoMarketAvailability(), 'sku', 'searchStockSkus'],
			[new OttoMarketShippingProfiles(), 'shippingProfileId', 'searchShippingProfiles'],
			[new OttoMarketProducts(), 'sku', 'searchProductSkus'],
		];
		for (const [type, name, method] of expected) {
			const locators = type.description.properties.filter((p) => p.name === name && p.type === 'resourceLocator');
			expect(locators.length).toBeGreaterThan(0);
			for (const p of locators) {
				expect(p.default).toEqual({ mode: 'list', value: '' });
				expect(p.modes?.[0]).toMatchObject({ name: 'list', typeOptions: { searchListMethod: method } });
				// mode labels short enough for n8n's mode selector ("Order Number" was cut)
				for (const mode of p.modes ?? []) expect(mode.displayName.length).toBeLessThanOrEqual(10);
			}
			const methods = (type as { methods?: { listSearch?: Record<string, unknown> } }).methods;
			expect(typeof methods?.listSearch?.[method]).toBe('function');
		}
	});

	it('shipping profiles: every profile once over all pages, named with type and days, searchable by name', async () => {
		// OTTO serves shipping profiles in pages of 300 and has no page-size parameter (only `cursor`)
		const profiles = seedProfiles(world.sim, 305);
		const type = new OttoMarketAvailability();
		const ctx = context(type, { resource: 'deliveryInformation', operation: 'update' }, 'parameters.shippingProfileId');
		const search = type.methods.listSearch.searchShippingProfiles as Search;
		const { entries, pages } = await all(search, ctx);
		expect(entries.map((e) => e.value).sort()).toEqual(profiles.map((p) => p.shippingProfileId).sort());
		expect(pages).toBe(2);
		expect(entries.find((e) => e.value === profiles[7].shippingProfileId)?.name).toBe('Profile 7 · PARCEL · 1 + 2 days');
		const filtered = await all(search, ctx, 'profile 11');
		expect(filtered.entries.map((e) => e.name).sort()).toEqual(['Profile 11 · PARCEL · 1 + 2 days', ...Array.from({ length: 10 }, (_, i) => `Profile ${110 + i} · PARCEL · 1 + 2 days`)].sort());
		expect(requestsTo(world.sim, '/v1/shipping-profiles', 'GET').every((r) => r.query.limit === undefined)).toBe(true);
	});

	it('SKUs with stock and product SKUs: every SKU once over all pages', async () => {
		const skus = Array.from({ length: 130 }, (_, i) => `LKP-${String(i).padStart(3, '0')}`);
		availabilityOf(world.sim).addSkus(P, skus);
		const stock = availabilityOf(world.sim).quantities(P);
		stock.clear();
		skus.forEach((sku, i) => stock.set(sku, { sku, quantity: i, lastModified: '2026-01-01T00:00:00.000Z' }));
		const availability = new OttoMarketAvailability();
		const a = await all(
			availability.methods.listSearch.searchStockSkus as Search,
			context(availability, { resource: 'quantity', operation: 'get' }, 'parameters.sku'),
		);
		expect(a.entries.map((e) => e.value)).toEqual(skus);
		expect(a.entries[5].name).toBe('LKP-005 · 5 in stock');

		const variations = seedProducts(world.sim, 120);
		const products = new OttoMarketProducts();
		const p = await all(
			products.methods.listSearch.searchProductSkus as Search,
			context(products, { resource: 'product', operation: 'get' }, 'parameters.sku'),
		);
		expect(p.entries.map((e) => e.value).sort()).toEqual(variations.map((v) => String(v.sku)).sort());
	});

	it('the order picker asks OTTO only with documented parameters (ORDER_LIFECYCLE_DATE, never ORDER_DATE)', async () => {
		world.sim.orders.create(P, { count: 3 });
		const type = new OttoMarketOrders();
		world.sim.clearRequests();
		await (type.methods.listSearch.searchOrders as Search).call(context(type, { operation: 'get' }, 'parameters.order'));
		const [request] = requestsTo(world.sim, '/v4/orders', 'GET');
		expect(request.query).toEqual({ orderDirection: 'DESC', orderColumnType: 'ORDER_LIFECYCLE_DATE', limit: '50' });
	});

	it('reads a locator value and a plain string (saved before) alike', async () => {
		expect(locatorValue('abc')).toEqual({ mode: 'id', value: 'abc' });
		expect(locatorValue({ __rl: true, mode: 'list', value: 'abc', cachedResultName: 'x' })).toEqual({ mode: 'list', value: 'abc' });
		const [profile] = seedProfiles(world.sim, 1);
		availabilityOf(world.sim).addSkus(P, ['LOC-1', 'LOC-2']);
		const base = { resource: 'deliveryInformation', operation: 'update', sku: '={{ $json.sku }}', processingTime: '3' };
		for (const [sku, shippingProfileId] of [
			['LOC-1', { __rl: true, mode: 'list', value: profile.shippingProfileId }],
			['LOC-2', profile.shippingProfileId],
		] as const) {
			world.sim.clearRequests();
			const result = await runNode(
				world.helper,
				{ type: new OttoMarketAvailability(), parameters: { ...base, shippingProfileId }, credentials: world.sellerCredential() },
				[{ json: { sku } }],
			);
			expect(result.error).toBeUndefined();
			const [post] = requestsTo(world.sim, '/v1/availability/product-delivery-information', 'POST');
			expect(post.body).toEqual([{ sku, shippingProfileId: profile.shippingProfileId, processingTime: '3' }]);
		}
	});

	it('an order given by number is looked up once, then cancelled by its sales order ID', async () => {
		const [order] = world.sim.orders.create(P, { positions: 2 });
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: new OttoMarketOrders(),
			parameters: { operation: 'cancel', salesOrderId: { __rl: true, mode: 'orderNumber', value: order.orderNumber } },
			credentials: world.sellerCredential(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ salesOrderId: order.salesOrderId, cancelled: true });
		expect(world.sim.requests.filter((r) => !r.path.includes('token')).map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /v4/orders/${order.orderNumber}`,
			`POST /v4/orders/${order.salesOrderId}/cancellation`,
		]);
	});
});
