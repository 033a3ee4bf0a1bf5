import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { paginate } from '../../shared/pagination';
import { ottoRequest } from '../../shared/transport';

export async function getBrands(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const body = (await ottoRequest.call(this, { method: 'GET', path: '/v5/products/brands' })) as unknown;
	const list = (Array.isArray(body) ? body : []) as IDataObject[];
	return list
		.map((brand) => ({ name: String(brand.name ?? brand.id), value: String(brand.id) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const names = new Set<string>();
	for await (const page of paginate.call(this, {
		path: '/v5/products/categories',
		style: 'page',
		recordsPath: 'categoryGroups',
		maxPageSize: 2000,
	})) {
		for (const group of page) for (const category of (group.categories as string[] | undefined) ?? []) names.add(category);
	}
	return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, value: name }));
}
