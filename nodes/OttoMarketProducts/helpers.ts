import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { chunk, collectEntries, outcomesToItems } from '../shared/batch';
import { filtersCollection, readLimit, returnAllOrLimit } from '../shared/descriptions';
import { groupByInstallation, preparedInstallations } from '../shared/installations';
import { withExplanations } from '../shared/explain';
import { locatorValue, skuLocator } from '../shared/lookups';
import { ottoRequest } from '../shared/transport';
import { paginate } from '../shared/pagination';
import { inputError, requireText, show } from '../shared/validation';

/**
 * OTTO's limit for Products V5 reads, lower than the general 20 per second (docs/otto-api.md §8.1);
 * lists read pages ahead under it (pagination.ts). The variations, prices and content changes
 * share one limit; marketplace status, active status, categories and brands have one each.
 */
export const PRODUCT_READS_PER_SECOND = 10;

export function productReadPace(path: string): { perSecond: number; rateGroup: string } {
	const own = ['/marketplace-status', '/active-status', '/categories', '/brands'].find((tail) => path.endsWith(tail));
	return { perSecond: PRODUCT_READS_PER_SECOND, rateGroup: own ? `/v5/products${own}` : '/v5/products' };
}

/** OTTO takes at most this many product variations (or prices) per request (docs/otto-api.md §7.5). */
export const MAX_PER_REQUEST = 500;

export const skuProperty: INodeProperties = {
	displayName: 'SKU',
	name: 'sku',
	type: 'string',
	required: true,
	default: '',
	description: 'Your SKU of the product variation',
};

/** The SKU of a read: picked from the seller's product variations (Products v5), or typed / mapped. */
export const skuLookupProperty: INodeProperties = skuLocator('searchProductSkus', {
	description: 'The product variation: pick it from your products (searchable by SKU, reference, EAN), or give its SKU',
});

export const waitProperties: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to poll the update task until OTTO has processed it and return which items succeeded or failed. Otherwise the node returns the pending task at once (use Get Task Status later).',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600 },
		default: 120,
		description: 'How long to wait for the task at most; after that the pending task is returned',
		displayOptions: { show: { waitForCompletion: [true] } },
	},
];

/**
 * A SKU of Products V5. SKUs may contain '/' and '.' (OTTO tells to read those with the `?sku=`
 * query form), so only empty values and control characters are refused here.
 */
export function skuOf(this: IExecuteFunctions, itemIndex: number, name = 'sku', field = 'SKU'): string {
	const sku = requireText(this.getNode(), locatorValue(this.getNodeParameter(name, itemIndex)).value, field, itemIndex, 50);
	if ([...sku].some((char) => char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127)) {
		throw inputError(this.getNode(), field, itemIndex, `${show(sku)} contains control characters`);
	}
	return sku;
}

export const skuPath = (sku: string, suffix = '') => `/v5/products/${encodeURIComponent(sku)}${suffix}`;

/**
 * Whether a SKU must be read with the `?sku=` list form: OTTO's Products V5 spec says to use it
 * "if your sku values contain slash ('/') or dot ('.') characters" (parameter `sku` of the list
 * endpoints, ProductsV5Api.md).
 */
export const needsQueryForm = (sku: string): boolean => /[/.]/.test(sku);

/**
 * Reads one SKU's record: `GET /v5/products/{sku}{suffix}`, or for SKUs with '/' or '.' the list
 * form `GET {listPath}?sku=` and its entry for that SKU (`recordsKey` names the list in the body).
 */
export async function readSku(
	this: IExecuteFunctions,
	itemIndex: number,
	sku: string,
	form: { suffix: string; listPath: string; recordsKey: string },
): Promise<IDataObject> {
	const notFound = `OTTO knows no product variation with SKU "${sku}"`;
	if (!needsQueryForm(sku)) {
		const body = await withExplanations(ottoRequest.call(this, { method: 'GET', path: skuPath(sku, form.suffix) }, itemIndex), {
			404: notFound,
		});
		return (body ?? {}) as IDataObject;
	}
	const body = (await withExplanations(
		ottoRequest.call(this, { method: 'GET', path: form.listPath, qs: { sku, limit: 1 } }, itemIndex),
		{ 404: notFound },
	)) as IDataObject | undefined;
	const list = Array.isArray(body?.[form.recordsKey]) ? (body?.[form.recordsKey] as IDataObject[]) : [];
	const record = list.find((entry) => entry?.sku === sku || (entry?.variation as IDataObject | undefined)?.sku === sku) ?? (list.length === 1 ? list[0] : undefined);
	if (!record) {
		throw new NodeOperationError(this.getNode(), notFound, {
			itemIndex,
			description: `OTTO listed nothing for ?sku=${sku} (${form.listPath}). Check the SKU, including upper and lower case.`,
		});
	}
	return record;
}

/** The filters OTTO's Products V5 list endpoints share (sku, productReference, category, brandId). */
export const listFilters: INodeProperties[] = [
	{
		displayName: 'Brand Name or ID',
		name: 'brandId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getBrands' },
		default: '',
		description:
			'Only variations of this brand. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Category Name or ID',
		name: 'category',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCategories' },
		default: '',
		description:
			'Only variations of this category. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Product Reference',
		name: 'productReference',
		type: 'string',
		default: '',
		description: 'Only the variations of this product',
	},
	{
		displayName: 'SKU',
		name: 'sku',
		type: 'string',
		default: '',
		description: "Only the variation with this SKU (sent as ?sku=, so SKUs with '/' or '.' work)",
	},
];

/** The fields of every Products V5 list operation that takes the shared filters: Return All/Limit and Filters. */
export const filteredListFields: INodeProperties[] = [
	...returnAllOrLimit({}),
	filtersCollection(listFilters),
];

/** A Products V5 list read with the Filters of item i (see `filteredListFields`). */
export async function listFilteredProducts(
	this: IExecuteFunctions,
	itemIndex: number,
	query: { path: string; recordsKey: string; maxPageSize: number },
): Promise<INodeExecutionData[]> {
	const filters = cleanFilters((this.getNodeParameter('filters', itemIndex, {}) ?? {}) as IDataObject);
	return await listProducts.call(this, itemIndex, { ...query, qs: filters });
}

/** Drops empty filter values (n8n keeps a filter that was added and then cleared). */
export function cleanFilters(filters: IDataObject): IDataObject {
	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(filters ?? {})) {
		if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) continue;
		qs[key] = value;
	}
	return qs;
}

/** A Products V5 list: page + limit, records under `recordsKey`, every record one output item. */
export async function listProducts(
	this: IExecuteFunctions,
	itemIndex: number,
	query: { path: string; recordsKey: string; maxPageSize: number; qs?: IDataObject },
): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex);
	const items: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{ path: query.path, qs: query.qs ?? {}, style: 'page', recordsPath: query.recordsKey, maxPageSize: query.maxPageSize, ...productReadPace(query.path) },
		{ limit, itemIndex },
	)) {
		for (const json of page) items.push({ json, pairedItem: { item: itemIndex } });
	}
	return items;
}

/** The task ID of a task body (its self link) or of a text that is an ID or a task link. */
export function taskIdOf(value: unknown): string | undefined {
	if (value && typeof value === 'object') {
		const links = (value as IDataObject).links;
		const self = Array.isArray(links) ? (links as IDataObject[]).find((link) => link?.rel === 'self') : undefined;
		return self?.href ? taskIdOf(String(self.href)) : undefined;
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	const match = /update-tasks\/([^/?#\s]+)/.exec(text);
	if (match) return decodeURIComponent(match[1]);
	return /^[A-Za-z0-9._~-]+$/.test(text) ? text : undefined;
}

export function requireTaskId(this: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const id = taskIdOf(value);
	if (!id) {
		throw inputError(this.getNode(), 'Task ID', itemIndex, `${JSON.stringify(value ?? '')} is neither a task ID nor a task link`);
	}
	return id;
}

const taskPath = (id: string, list = '') => `/v5/products/update-tasks/${encodeURIComponent(id)}${list ? `/${list}` : ''}`;

export async function readTask(this: IExecuteFunctions, id: string, itemIndex: number): Promise<IDataObject> {
	const task = await withExplanations(
		ottoRequest.call(this, { method: 'GET', path: taskPath(id) }, itemIndex),
		{ 404: `OTTO knows no product update task "${id}" (tasks belong to the partner that sent them)` },
	);
	return { taskId: id, ...((task ?? {}) as IDataObject) };
}

/** The failed / succeeded / unchanged entries of a task. */
export async function taskList(
	this: IExecuteFunctions,
	id: string,
	list: 'failed' | 'succeeded' | 'unchanged',
	itemIndex: number,
): Promise<IDataObject[]> {
	const body = (await ottoRequest.call(this, { method: 'GET', path: taskPath(id, list) }, itemIndex)) as IDataObject | IDataObject[];
	if (Array.isArray(body)) return body;
	const results = body?.results ?? body?.[list];
	return Array.isArray(results) ? (results as IDataObject[]) : [];
}

/**
 * Polls a task until OTTO finished it (waiting as its `pingAfter` asks, between 0.2 and 10 s),
 * or until `maxWaitMs` passed; then returns the task with its failed (and succeeded) entries.
 */
export async function waitForTask(
	this: IExecuteFunctions,
	task: IDataObject,
	maxWaitMs: number,
	itemIndex: number,
): Promise<IDataObject> {
	const id = taskIdOf(task) ?? (typeof task.taskId === 'string' ? task.taskId : undefined);
	if (!id) throw new NodeOperationError(this.getNode(), 'OTTO answered without a task link', { itemIndex });
	const started = Date.now();
	let current: IDataObject = { taskId: id, ...task };
	while (String(current.state ?? '').toLowerCase() === 'pending') {
		const pingAfter = Date.parse(String(current.pingAfter ?? ''));
		const wanted = Number.isNaN(pingAfter) ? 1000 : pingAfter - Date.now();
		const delay = Math.min(10000, Math.max(200, wanted));
		if (Date.now() - started + delay > maxWaitMs) return { ...current, waitedMs: Date.now() - started, timedOut: true };
		await sleep(delay);
		current = await readTask.call(this, id, itemIndex);
	}
	const failedItems = Number(current.failed ?? 0) > 0 ? await taskList.call(this, id, 'failed', itemIndex) : [];
	return { ...current, failedItems, waitedMs: Date.now() - started };
}

/** Reads the wait options of an item. */
export function waitOptionsOf(this: IExecuteFunctions, itemIndex: number): { wait: boolean; maxWaitMs: number } {
	const wait = this.getNodeParameter('waitForCompletion', itemIndex, false) as boolean;
	const seconds = wait ? (this.getNodeParameter('maxWaitSeconds', itemIndex, 120) as number) : 0;
	return { wait, maxWaitMs: Math.max(1, seconds) * 1000 };
}

/** One input item's share of a task write (prices, active status). */
export interface TaskWriteEntry {
	itemIndex: number;
	sku: string;
	payload: IDataObject;
}

/**
 * Sends the entries of all input items in requests of at most 500 (one update task each). Each
 * item gets its task; with "Wait for Completion" an item whose SKU the task lists as failed
 * becomes an error naming the SKU and OTTO's reason.
 */
export async function sendTaskWrites(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	options: {
		path: string;
		wrap: (payloads: IDataObject[]) => unknown;
		entryOf: (this: IExecuteFunctions, itemIndex: number) => TaskWriteEntry;
	},
): Promise<INodeExecutionData[]> {
	const { entries, outcomes } = (collectEntries<TaskWriteEntry>).call(this, items, options.entryOf);
	// One request never mixes sellers (service partner app mode): a batch per installation.
	const parts = groupByInstallation(entries, preparedInstallations(this)).flatMap((group) => chunk(group, MAX_PER_REQUEST));
	for (const part of parts) {
		const first = part[0].itemIndex;
		try {
			const answer = (await ottoRequest.call(
				this,
				{ method: 'POST', path: options.path, body: options.wrap(part.map((entry) => entry.payload)), safeToRepeat: true },
				first,
			)) as IDataObject;
			const { wait, maxWaitMs } = waitOptionsOf.call(this, first);
			let task: IDataObject = { taskId: taskIdOf(answer), ...(answer ?? {}) };
			if (wait) task = await waitForTask.call(this, task, maxWaitMs, first);
			const failed = new Map<string, IDataObject>();
			for (const entry of (task.failedItems as IDataObject[] | undefined) ?? []) {
				failed.set(String(entry.variation ?? entry.sku ?? ''), entry);
			}
			const summary: IDataObject = { ...task };
			delete summary.failedItems;
			for (const entry of part) {
				const problem = failed.get(entry.sku);
				if (problem) {
					const reasons = ((problem.errors as IDataObject[] | undefined) ?? [])
						.map((error) => String(error.title ?? error.detail ?? error.code ?? ''))
						.filter(Boolean)
						.join('; ');
					const error = new NodeOperationError(this.getNode(), `OTTO rejected SKU "${entry.sku}": ${reasons || 'failed in the update task'}`, {
						itemIndex: entry.itemIndex,
						description: `Update task ${String(task.taskId)} processed the other SKUs of this request.`,
					});
					outcomes.push({ itemIndex: entry.itemIndex, json: {}, error });
				} else {
					outcomes.push({ itemIndex: entry.itemIndex, json: { ...entry.payload, task: summary } });
				}
			}
		} catch (error) {
			for (const entry of part) outcomes.push({ itemIndex: entry.itemIndex, json: {}, error: error as Error });
		}
	}
	return outcomesToItems.call(this, outcomes);
}
