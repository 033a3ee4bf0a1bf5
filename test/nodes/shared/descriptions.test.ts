/**
 * The shared Return All / Limit fields and their reader (nodes/shared/descriptions.ts), through every
 * list operation of every node, run by n8n against the simulator: a Limit of 0, a negative or
 * fractional one or one that is not a number is refused naming the field and the item, and nothing
 * at all is sent (not even a token request); a good Limit and Return All still read.
 */
/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tests, never shipped */
import { readFileSync } from 'fs';
import { join } from 'path';

import type { INodeParameters, INodeType } from 'n8n-workflow';

import { OttoMarketAvailability } from '../../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { OttoMarketOrders } from '../../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { OttoMarketPriceReductions } from '../../../nodes/OttoMarketPriceReductions/OttoMarketPriceReductions.node';
import { OttoMarketProducts } from '../../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { OttoMarketReceipts } from '../../../nodes/OttoMarketReceipts/OttoMarketReceipts.node';
import { OttoMarketReturns } from '../../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { OttoMarketShipments } from '../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { OttoMarketShippingProfiles } from '../../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { filtersCollection, optionsCollection, returnAllOrLimit } from '../../../nodes/shared/descriptions';
import { runNode } from '../../helpers/n8n';
import { useSimulator } from '../../helpers/simulator';

const SINCE = '2026-01-01T00:00:00Z';

/** Every list operation of the package: [what, node, parameters without Return All / Limit]. */
const LIST_OPERATIONS: Array<[string, () => INodeType, INodeParameters]> = [
	['Orders > Get Many', () => new OttoMarketOrders(), { operation: 'getMany' }],
	['Availability > Quantity > Get Many', () => new OttoMarketAvailability(), { resource: 'quantity', operation: 'getMany' }],
	['Availability > Delivery Information > Get Many', () => new OttoMarketAvailability(), { resource: 'deliveryInformation', operation: 'getMany' }],
	['Shipments > Shipment > Get Many', () => new OttoMarketShipments(), { resource: 'shipment', operation: 'getMany', dateFrom: SINCE }],
	['Shipments > Return Shipment > Get Many', () => new OttoMarketShipments(), { resource: 'returnShipment', operation: 'getMany', dateFrom: SINCE }],
	['Returns > Get Many', () => new OttoMarketReturns(), { operation: 'getMany' }],
	['Receipts > Get Many', () => new OttoMarketReceipts(), { operation: 'getMany' }],
	['Price Reductions > Get Many', () => new OttoMarketPriceReductions(), { operation: 'getMany' }],
	['Shipping Profiles > Get Many', () => new OttoMarketShippingProfiles(), { operation: 'getMany' }],
	['Products > Product > Get Many', () => new OttoMarketProducts(), { resource: 'product', operation: 'getMany' }],
	['Products > Brand > Get Many', () => new OttoMarketProducts(), { resource: 'brand', operation: 'getBrands' }],
	['Products > Category > Get Many', () => new OttoMarketProducts(), { resource: 'category', operation: 'getCategories' }],
	['Products > Product > Get Many Marketplace Statuses', () => new OttoMarketProducts(), { resource: 'product', operation: 'getManyMarketplaceStatus' }],
	['Products > Product > Get Content Changes', () => new OttoMarketProducts(), { resource: 'product', operation: 'getContentChanges' }],
	['Products > Active Status > Get Many', () => new OttoMarketProducts(), { resource: 'activeStatus', operation: 'getManyActiveStatus' }],
	['Products > Price > Get Many', () => new OttoMarketProducts(), { resource: 'price', operation: 'getManyPrices' }],
];

const BAD_LIMITS: Array<[string, unknown]> = [
	['0', 0],
	['-5', -5],
	['2.5', 2.5],
	['"ten"', 'ten'],
	['NaN', Number.NaN],
];

describe('Return All / Limit (nodes/shared/descriptions.ts)', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	it('the fields: Limit shows only without Return All and starts at 1', () => {
		const [returnAll, limit] = returnAllOrLimit({ operation: ['getMany'] }, 100);
		expect(returnAll).toMatchObject({ name: 'returnAll', type: 'boolean', default: false });
		expect(limit).toMatchObject({ name: 'limit', typeOptions: { minValue: 1, maxValue: 100 }, default: 50 });
		expect(limit.displayOptions?.show).toEqual({ operation: ['getMany'], returnAll: [false] });
	});

	it('the Filters and Options collections: an empty object by default, holding the fields given', () => {
		const field = { displayName: 'From Date', name: 'fromDate', type: 'dateTime' as const, default: '' };
		expect(filtersCollection([field])).toEqual({ displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options: [field] });
		expect(optionsCollection([field])).toEqual({ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options: [field] });
	});

	it('the table above holds every operation of the package that has a Limit (a new list operation must be added)', () => {
		const key = (node: string, show: Record<string, unknown>) => `${node} ${String(show.resource ?? '')} ${String(show.operation)}`;
		const withLimit = new Set<string>();
		const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		for (const file of pkg.n8n.nodes) {
			const folder = file.split('/')[2];
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require(join(__dirname, '..', '..', '..', 'nodes', folder, `${folder}.node`)) as Record<string, new () => INodeType>;
			const type = new module[folder]();
			for (const property of type.description.properties) {
				if (property.name === 'limit') withLimit.add(key(type.description.name, property.displayOptions?.show ?? {}));
			}
		}
		const listed = new Set<string>();
		for (const [what, type, parameters] of LIST_OPERATIONS) {
			const description = type().description;
			const limits = description.properties.filter((property) => {
				const show = property.displayOptions?.show ?? {};
				return (
					property.name === 'limit' &&
					(show.operation as unknown[] | undefined)?.includes(parameters.operation) &&
					(!show.resource || (show.resource as unknown[]).includes(parameters.resource))
				);
			});
			expect([what, limits.length]).toEqual([what, 1]);
			listed.add(key(description.name, limits[0].displayOptions?.show ?? {}));
		}
		expect([...withLimit].sort()).toEqual([...listed].sort());
	});

	describe.each(LIST_OPERATIONS)('%s', (_what, type, parameters) => {
		it.each(BAD_LIMITS)('refuses Limit %s naming field and item, and sends nothing', async (_shown, limit) => {
			const result = await runNode(world.helper, {
				type: type(),
				parameters: { ...parameters, returnAll: false, limit: limit as number },
				credentials: world.sellerCredential(),
			});
			expect(result.error?.message).toMatch(/^Invalid "Limit" in item 0: must be a whole number of 1 or more/);
			expect(result.error?.description).toMatch(/Return All/);
			expect(world.sim.requests).toEqual([]);
		});

		it('a bad Limit from an expression fails only its own item; the others read', async () => {
			const result = await runNode(
				world.helper,
				{
					type: type(),
					parameters: { ...parameters, returnAll: false, limit: '={{ $json.limit }}' },
					credentials: world.sellerCredential(),
					onError: 'continueRegularOutput',
				},
				[{ json: { limit: 1 } }, { json: { limit: 0 } }],
			);
			const errors = result.items.filter((item) => item.json.error !== undefined);
			expect(errors).toHaveLength(1);
			expect(errors[0].json.error).toMatch(/^Invalid "Limit" in item 1/);
			expect(errors[0].pairedItem).toEqual({ item: 1 });
			const read = result.items.filter((item) => item.json.error === undefined);
			expect(read.length).toBeLessThanOrEqual(1);
			for (const item of read) expect(item.pairedItem).toEqual({ item: 0 });
			expect(world.sim.requests.filter((request) => request.method === 'GET').length).toBeGreaterThan(0);
		});

		it('with Return All the Limit is not read, even when it is 0', async () => {
			const result = await runNode(world.helper, {
				type: type(),
				parameters: { ...parameters, returnAll: true, limit: 0 },
				credentials: world.sellerCredential(),
			});
			expect(result.error).toBeUndefined();
		});
	});
});
