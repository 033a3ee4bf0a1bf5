import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { paginate } from '../../shared/pagination';
import { productReadPace } from '../helpers';

/**
 * Brands for the dropdown: OTTO answers `{ brands: [{ id, name, logo, usable }], links }` in pages
 * (at most 1000, BrandListResponseProductsV5); every page is read. Brands OTTO marks `usable: false`
 * cannot be used for products and are left out.
 */
export async function getBrands(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [];
	for await (const page of paginate.call(this, {
		path: '/v5/products/brands',
		style: 'page',
		recordsPath: 'brands',
		maxPageSize: 1000,
		...productReadPace('/v5/products/brands'),
	})) {
		for (const brand of page) {
			if (brand.usable === false || brand.id === undefined) continue;
			options.push({ name: String(brand.name ?? brand.id), value: String(brand.id) });
		}
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** Categories for the dropdown, from every page of category groups (pages count from 0 at OTTO). */
export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const names = new Set<string>();
	for await (const page of paginate.call(this, {
		path: '/v5/products/categories',
		qs: { page: 0 },
		style: 'page',
		recordsPath: 'categoryGroups',
		maxPageSize: 2000,
		...productReadPace('/v5/products/categories'),
	})) {
		for (const group of page) for (const category of (group.categories as string[] | undefined) ?? []) names.add(category);
	}
	return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, value: name }));
}
