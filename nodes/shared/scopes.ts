import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * One row per scope OTTO names (docs/otto-api.md §2.2). Everything that lists scopes is derived
 * from this table: the scope lists of `environment.ts`, the credential form's options and defaults,
 * the credential test's read, and (checked by test/nodes/shared/scopes.test.ts) the simulator's
 * scope list, the package's node list and the tests' node lists. Adding a scope: CONTRIBUTING.md
 * "Adding a scope".
 */
export interface OttoScope {
	/** The scope name sent to OTTO's token endpoint. */
	name: string;
	/** The name OTTO Partner Connect shows. */
	displayName: string;
	/** What the scope allows, for the credential form. */
	description: string;
	/** `data`: a seller's data through one interface; `auth`: the service-partner and installation flow. */
	kind: 'data' | 'auth';
	/** The node folders (`nodes/<folder>`) that call the interfaces of this scope. */
	nodes: string[];
	/**
	 * The cheapest read that works with a token holding this scope: the credential test calls it.
	 * `@yesterday` stands for yesterday's date (YYYY-MM-DD), for interfaces that need a start date.
	 */
	testRead?: string;
	/** Set when OTTO no longer serves the scope's interface: what to use instead. */
	deprecated?: string;
}

/**
 * The order of the rows is the order in which the credential test picks a read: the first data
 * scope of the credential's selection, in this order, decides which path is called.
 */
export const OTTO_SCOPE_TABLE: readonly OttoScope[] = [
	{
		name: 'orders',
		displayName: 'Orders',
		description: 'Read orders and their position items, cancel orders and position items (Orders V4)',
		kind: 'data',
		nodes: ['OttoMarketOrders', 'OttoMarketOrdersTrigger'],
		testRead: '/v4/orders?limit=1',
	},
	{
		name: 'availability',
		displayName: 'Availability',
		description: 'Set stock quantities and link SKUs to shipping profiles (Availability V1)',
		kind: 'data',
		nodes: ['OttoMarketAvailability'],
		testRead: '/v1/availability/quantities?limit=1',
	},
	{
		name: 'shipments',
		displayName: 'Shipments',
		description: 'Report shipments handed to the carrier, track return shipments (Shipments V1)',
		kind: 'data',
		nodes: ['OttoMarketShipments'],
		testRead: '/v1/shipments?limit=1&datefrom=@yesterday',
	},
	{
		name: 'returns',
		displayName: 'Returns',
		description: 'List announced returns, accept and reject them (Returns V3)',
		kind: 'data',
		nodes: ['OttoMarketReturns', 'OttoMarketReturnsTrigger'],
		testRead: '/v3/returns?limit=1',
	},
	{
		name: 'receipts',
		displayName: 'Receipts',
		description: 'Read the receipts OTTO issues to customers, as JSON or PDF (Receipts V3)',
		kind: 'data',
		nodes: ['OttoMarketReceipts'],
		testRead: '/v3/receipts?limit=1',
	},
	{
		name: 'products',
		displayName: 'Products',
		description: 'Send product data, prices and visibility, and read them back (Products V5)',
		kind: 'data',
		nodes: ['OttoMarketProducts'],
		testRead: '/v5/products?limit=1',
	},
	{
		name: 'shipping-profiles',
		displayName: 'Shipping Profiles',
		description: 'Create, change and delete shipping profiles (Shipping Profiles V1)',
		kind: 'data',
		nodes: ['OttoMarketShippingProfiles'],
		testRead: '/v1/shipping-profiles',
	},
	{
		name: 'price-reduction',
		displayName: 'Price Reduction',
		description: 'Refund part of the price of shipped items (Price Reductions V1)',
		kind: 'data',
		nodes: ['OttoMarketPriceReductions'],
		testRead: '/v1/price-reductions?limit=1',
	},
	{
		name: 'quantities',
		displayName: 'Quantities',
		description: 'Deprecated: OTTO shut down Quantities V2 at the end of March 2025; select Availability instead',
		kind: 'data',
		nodes: [],
		// Quantities V2 no longer answers; its successor's read says which scope is missing.
		testRead: '/v1/availability/quantities?limit=1',
		deprecated: 'availability',
	},
	{
		name: 'installation',
		displayName: 'Installation',
		description: "Service partners: read the details of a seller's installation of the app",
		kind: 'auth',
		nodes: ['OttoMarketInstallation'],
	},
	{
		name: 'partnerId',
		displayName: 'PartnerId',
		description: "Service partners: learn the seller's partner ID (carried in the consent token)",
		kind: 'auth',
		nodes: ['OttoMarketInstallation'],
	},
	{
		name: 'developer',
		displayName: 'Developer',
		description: 'Service partners: the developer token that is exchanged for installation tokens',
		kind: 'auth',
		nodes: [],
	},
];

const byName = (a: string, b: string) => a.localeCompare(b);

/** Every scope name, sorted. */
export const OTTO_SCOPE_NAMES: string[] = OTTO_SCOPE_TABLE.map((scope) => scope.name).sort(byName);

/** The data scopes OTTO still serves, sorted: the credential's default selection. */
export const DEFAULT_DATA_SCOPE_NAMES: string[] = OTTO_SCOPE_TABLE.filter(
	(scope) => scope.kind === 'data' && !scope.deprecated,
)
	.map((scope) => scope.name)
	.sort(byName);

/** The credential form's scope options, sorted by value. */
export const SCOPE_OPTIONS: INodePropertyOptions[] = [...OTTO_SCOPE_TABLE]
	.sort((a, b) => byName(a.name, b.name))
	.map((scope) => ({ name: scope.displayName, value: scope.name, description: scope.description }));

/**
 * The credential test's path as an n8n expression: the test read of the first scope of the table
 * that the credential selects (the first data scope's read when none has one). n8n credential tests
 * are declarative requests, so the choice has to be made in an expression; it is generated here
 * from the table so that it cannot fall out of step with it.
 */
export function credentialTestPathExpression(): string {
	const reads = OTTO_SCOPE_TABLE.filter((scope) => scope.testRead).map((scope) => [scope.name, scope.testRead]);
	const fallback = reads[0][1];
	return (
		`={{ (() => { const selected = [].concat($credentials.scopes || []);` +
		` const read = ${JSON.stringify(reads)}.find((row) => selected.includes(row[0]));` +
		` return (read ? read[1] : ${JSON.stringify(fallback)})` +
		`.replace("@yesterday", new Date(Date.now() - 864e5).toISOString().slice(0, 10)); })() }}`
	);
}
