/** Direct access to the simulator's product data (simulator/interfaces/products.js). */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { IDataObject, INode, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { OttoMarketProducts } from '../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import type { Simulator } from '../../../simulator';
import { PACKAGE, additionalDataFor } from '../../helpers/n8n';
import type { TestWorld } from '../../helpers/simulator';

interface ProductRecord {
	variation: IDataObject;
	active: boolean;
	prices?: IDataObject;
	marketplaceStatus: string;
	lastModified: string;
	lastContentChange?: string;
}

export function productsOf(sim: Simulator, partnerId = '1000001'): Map<string, ProductRecord> {
	const partner = sim.partner(partnerId);
	partner.products ??= { variations: new Map(), tasks: new Map() };
	return (partner.products as { variations: Map<string, ProductRecord> }).variations;
}

export function variation(i: number, extra: IDataObject = {}): IDataObject {
	return {
		sku: `SKU-${String(i).padStart(4, '0')}`,
		productReference: `REF-${Math.floor(i / 2)}`,
		productDescription: { category: i % 2 ? 'Jeans' : 'Mixer', brandId: i % 3 ? 'b-0001' : 'b-0002' },
		pricing: { standardPrice: { amount: 10 + i, currency: 'EUR' }, vat: 'FULL' },
		...extra,
	};
}

/** Replaces the partner's product variations by `count` new ones (no task). */
export function seedProducts(sim: Simulator, count: number): IDataObject[] {
	const map = productsOf(sim);
	map.clear();
	const list: IDataObject[] = [];
	for (let i = 0; i < count; i++) {
		const v = variation(i);
		map.set(String(v.sku), {
			variation: v,
			active: true,
			prices: { standardPrice: (v.pricing as IDataObject).standardPrice as IDataObject },
			marketplaceStatus: 'ONLINE',
			lastModified: '2026-01-01T00:00:00.000Z',
		});
		list.push(v);
	}
	return list;
}

export const DAY = 86_400_000;
const LIST_STATUSES = ['ONLINE', 'PENDING', 'RESTRICTED', 'REJECTED'];

/**
 * For the list forms of Products V5 (marketplace status, active status, prices, content changes), as
 * OTTO's spec names them: records in `marketPlaceStatus`, `status`, `variationPrices`,
 * `contentChanges`, each with `links` (ProductsV5Api.md / *ProductsV5.md models).
 * `count` variations; variation i changed i hours ago, status LIST_STATUSES[i % 4], every 7th inactive,
 * content changed i days ago.
 */
export function seedListForms(sim: Simulator, count = 150): { now: number; map: Map<string, ProductRecord> } {
	const map = productsOf(sim);
	map.clear();
	const now = sim.clock.now().getTime();
	for (let i = 0; i < count; i++) {
		const v = variation(i);
		map.set(String(v.sku), {
			variation: v,
			active: i % 7 !== 0,
			prices: { standardPrice: { amount: 10 + i, currency: 'EUR' } },
			marketplaceStatus: LIST_STATUSES[i % 4],
			lastModified: new Date(now - i * 3_600_000).toISOString(),
			lastContentChange: new Date(now - i * DAY + 60_000).toISOString(),
		});
	}
	return { now, map };
}

/** The status seedListForms gives variation i as OTTO reports it (inactive wins). */
export const listFormStatusOf = (i: number): string => (i % 7 === 0 ? 'INACTIVE' : LIST_STATUSES[i % 4]);
export const listFormSku = (i: number): string => `SKU-${String(i).padStart(4, '0')}`;

/** Runs a loadOptions method of the Products node through n8n's LoadOptionsContext (real HTTP to the simulator). */
export async function loadOptions(
	world: TestWorld,
	method: 'getBrands' | 'getCategories',
): Promise<INodePropertyOptions[]> {
	const type: INodeType = new OttoMarketProducts();
	const node: INode = {
		id: 'products',
		name: 'OTTO Market Products',
		type: `${PACKAGE}.ottoMarketProducts`,
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'product', operation: 'getMany' },
		credentials: world.sellerCredential(),
	};
	const workflow = new Workflow({
		id: 'wf',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) },
	});
	const ctx = new LoadOptionsContext(workflow, node, additionalDataFor(world.helper), 'parameters.filters.brandId');
	return await new OttoMarketProducts().methods.loadOptions[method].call(ctx);
}
