import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { readLimit } from '../shared/descriptions';
import { salesOrderIdOf, salesOrderLocator } from '../shared/lookups';
import { paginate } from '../shared/pagination';
import { ottoRequest } from '../shared/transport';
import {
	inputError,
	optionalDate,
	requireCountryCode,
	requireDate,
	requireJson,
	requireOneOf,
	requireText,
} from '../shared/validation';

/** Carriers OTTO accepts for a shipment (docs/otto-api.md §4.1), with the names shown in n8n. */
export const CARRIERS: Record<string, string> = {
	BTW: 'BTW',
	BURSPED: 'Bursped',
	CARGOLINE: 'Cargoline',
	DACHSER: 'Dachser',
	DB_SCHENKER: 'DB Schenker',
	DHL: 'DHL',
	DHL_EXPRESS: 'DHL Express',
	DHL_FREIGHT: 'DHL Freight',
	DHL_HOME_DELIVERY: 'DHL Home Delivery',
	DPD: 'DPD',
	DSV: 'DSV',
	EMONS: 'Emons',
	EPH_DIREKT: 'EPH Direkt',
	GEIS: 'Geis',
	GEL: 'GEL',
	GLS: 'GLS',
	GUETTLER: 'Güttler',
	HELLMANN: 'Hellmann',
	HERMES: 'Hermes',
	HES: 'HES',
	HEUEL: 'Heuel',
	IDS: 'IDS',
	KOCH: 'Koch',
	KUEHNE_NAGEL: 'Kühne + Nagel',
	LOGWIN: 'Logwin',
	MEYER_JUMBO: 'Meyer Jumbo',
	OTHER_FORWARDER: 'Other Forwarder',
	RABEN_LOGISTIK: 'Raben Logistik',
	REIMER: 'Reimer',
	REITHMEIER: 'Reithmeier',
	RHENUS: 'Rhenus',
	SCHMIDT_GEVELSBERG: 'Schmidt Gevelsberg',
	SCHOCKEMOEHLE: 'Schockemöhle',
	UPS: 'UPS',
	ZUFALL: 'Zufall',
};
/** Parcel carriers need a tracking number; forwarders may go without one. */
export const PARCEL_CARRIERS = ['DHL', 'DHL_EXPRESS', 'DPD', 'GLS', 'HERMES', 'UPS'];
/** Carriers of return labels (returnTrackingKey). */
const RETURN_LABEL_CARRIERS = ['DHL', 'GLS', 'HERMES'];
/** Carriers of return shipments (ReturnShipments V1). */
export const RETURN_SHIPMENT_CARRIERS = ['DHL', 'GLS', 'HERMES', 'HES'];

function carrierOptions(values: string[]): INodePropertyOptions[] {
	return values
		.map((value) => ({ name: CARRIERS[value] ?? value, value }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export function carrierField(values: string[], description: string, name = 'carrier'): INodeProperties {
	return {
		displayName: 'Carrier',
		name,
		type: 'options',
		options: carrierOptions(values),
		default: 'DHL',
		description,
	};
}

export const trackingNumberField: INodeProperties = {
	displayName: 'Tracking Number',
	name: 'trackingNumber',
	type: 'string',
	default: '',
	placeholder: 'e.g. 00340434161094042557',
	description: "The carrier's tracking number of the parcel",
};

/** Reads a carrier parameter and checks it against the allowed list. */
export function carrierOf(
	this: IExecuteFunctions,
	itemIndex: number,
	allowed: string[],
	parameter = 'carrier',
	field = 'Carrier',
): string {
	return requireOneOf(this.getNode(), this.getNodeParameter(parameter, itemIndex, ''), field, itemIndex, allowed);
}

/** A tracking number; required for parcel carriers (and whenever `required`). */
export function trackingNumberOf(
	this: IExecuteFunctions,
	itemIndex: number,
	carrier: string,
	options: { required?: boolean; parameter?: string; field?: string } = {},
): string | undefined {
	const field = options.field ?? 'Tracking Number';
	const raw = this.getNodeParameter(options.parameter ?? 'trackingNumber', itemIndex, '') as unknown;
	const empty = raw === undefined || raw === null || String(raw).trim() === '';
	if (empty) {
		if (options.required || PARCEL_CARRIERS.includes(carrier)) {
			throw inputError(
				this.getNode(),
				field,
				itemIndex,
				options.required ? 'must not be empty' : `must not be empty for the parcel carrier ${carrier}`,
			);
		}
		return undefined;
	}
	return requireText(this.getNode(), raw, field, itemIndex, 100);
}

// --- ship date and ship-from address ---------------------------------------------------------

export const shipFields: INodeProperties[] = [
	{
		displayName: 'Ship Date',
		name: 'shipDate',
		type: 'dateTime',
		default: '',
		description: 'When the parcel was handed to the carrier. Empty means now.',
	},
	{
		displayName: 'Ship-From City',
		name: 'shipFromCity',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Hamburg',
		description: 'City the parcel was sent from (1-60 characters)',
	},
	{
		displayName: 'Ship-From Zip Code',
		name: 'shipFromZipCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 22179',
		description: 'Postal code the parcel was sent from (1-10 characters)',
	},
	{
		displayName: 'Ship-From Country Code',
		name: 'shipFromCountryCode',
		type: 'string',
		required: true,
		default: 'DEU',
		description: 'Country the parcel was sent from, as an ISO 3166-1 alpha-3 code such as DEU',
	},
];

export function shipDataOf(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const node = this.getNode();
	const shipDate =
		optionalDate(node, this.getNodeParameter('shipDate', itemIndex, ''), 'Ship Date', itemIndex) ??
		new Date().toISOString();
	const city = requireText(node, this.getNodeParameter('shipFromCity', itemIndex, ''), 'Ship-From City', itemIndex, 60);
	const zipCode = requireText(
		node,
		this.getNodeParameter('shipFromZipCode', itemIndex, ''),
		'Ship-From Zip Code',
		itemIndex,
		10,
	);
	const countryCode = requireCountryCode(
		node,
		this.getNodeParameter('shipFromCountryCode', itemIndex, ''),
		'Ship-From Country Code',
		itemIndex,
	);
	return { shipDate, shipFromAddress: { city, countryCode, zipCode } };
}

// --- position items --------------------------------------------------------------------------

export const positionItemsFields: INodeProperties[] = [
	{
		displayName: 'Position Items',
		name: 'positionItemsSource',
		type: 'options',
		options: [
			{
				name: 'All Processable Items of an Order',
				value: 'order',
				description: 'Read the order and ship every position item that is PROCESSABLE',
			},
			{
				name: 'Defined Below',
				value: 'list',
				description: 'List sales order ID and position item ID of each item',
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'An array of objects with positionItemId and salesOrderId, e.g. from an expression',
			},
		],
		default: 'order',
		description: 'Which position items the parcel contains',
	},
	salesOrderLocator({
		description: 'The order whose PROCESSABLE position items are shipped (needs the Orders scope)',
		displayOptions: { show: { positionItemsSource: ['order'] } },
	}),
	{
		displayName: 'Items',
		name: 'positionItemsList',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Position Item',
		default: {},
		displayOptions: { show: { positionItemsSource: ['list'] } },
		options: [
			{
				displayName: 'Item',
				name: 'item',
				values: [
					{
						displayName: 'Sales Order ID',
						name: 'salesOrderId',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Position Item ID',
						name: 'positionItemId',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Items (JSON)',
		name: 'positionItemsJson',
		type: 'json',
		default: '[]',
		description: 'Array of { "positionItemId": "...", "salesOrderId": "..." }',
		displayOptions: { show: { positionItemsSource: ['json'] } },
	},
	{
		displayName: 'Return Carrier',
		name: 'returnCarrier',
		type: 'options',
		options: [
			{ name: 'DHL', value: 'DHL' },
			{ name: 'GLS', value: 'GLS' },
			{ name: 'Hermes', value: 'HERMES' },
			{ name: 'None (Forwarder Deliveries Only)', value: '' },
		],
		default: 'DHL',
		description:
			'Carrier of the return label in the parcel. OTTO requires a return tracking key on every position item delivered as a parcel; it must match the return carrier chosen in the OTTO Partner Connect portal. Only forwarder deliveries may go without.',
	},
	{
		displayName: 'Return Tracking Number',
		name: 'returnTrackingNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. 00340435161094042557',
		description: 'Tracking number of the return label. Required for parcel deliveries.',
		displayOptions: { hide: { returnCarrier: [''] } },
	},
	{
		displayName: 'Return Address Carrier ID',
		name: 'returnAddressCarrierId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 3f6c2b1e-8d4a-4c2f-9b7e-1a2b3c4d5e6f',
		description:
			'ID of the combination of return address and return carrier in OTTO Partner Connect. OTTO needs it when you have several return addresses or carriers; leave empty when you have one. Sent on every position item; in the JSON items, an item\'s own "returnAddressCarrierId" wins.',
	},
];

export interface PositionItemRef {
	positionItemId: string;
	salesOrderId: string;
	/** OTTO: unique ID of the return address + return carrier combination (PositionItemShipmentsV1). */
	returnAddressCarrierId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A return address carrier ID: optional, a UUID (format uuid in PositionItemShipmentsV1 of both
 * OTTO clients; the newest, christian71-stack/otto-merch-api 549d7b9, says it is required when the
 * partner has several return addresses or carriers). Empty: undefined.
 */
export function requireReturnAddressCarrierId(node: INode, value: unknown, field: string, itemIndex: number): string | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return undefined;
	const id = requireText(node, value, field, itemIndex, 36);
	if (!UUID.test(id)) {
		throw inputError(node, field, itemIndex, `"${id}" is not a UUID`, 'Copy the ID of the return address and carrier combination from OTTO Partner Connect, or leave the field empty.');
	}
	return id;
}

/** The node's Return Address Carrier ID of one item, if set. */
export function returnAddressCarrierIdOf(this: IExecuteFunctions, itemIndex: number): string | undefined {
	return requireReturnAddressCarrierId(this.getNode(), this.getNodeParameter('returnAddressCarrierId', itemIndex, ''), 'Return Address Carrier ID', itemIndex);
}

/** The position items as OTTO wants them: from the list or JSON (no request) or from the order (one GET). */
export async function positionItemsOf(this: IExecuteFunctions, itemIndex: number): Promise<PositionItemRef[]> {
	const node = this.getNode();
	const field = 'Position Items';
	const source = this.getNodeParameter('positionItemsSource', itemIndex, 'order') as string;
	if (source === 'order') {
		const salesOrderId = await salesOrderIdOf.call(this, 'salesOrderId', itemIndex, 'Sales Order');
		const order = (await ottoRequest.call(
			this,
			{ method: 'GET', path: `/v4/orders/${encodeURIComponent(salesOrderId)}` },
			itemIndex,
		)) as IDataObject;
		const items = Array.isArray(order.positionItems) ? (order.positionItems as IDataObject[]) : [];
		const processable = items.filter((item) => item.fulfillmentStatus === 'PROCESSABLE');
		if (!processable.length) {
			const statuses = [...new Set(items.map((item) => String(item.fulfillmentStatus)))].join(', ') || 'none';
			throw inputError(
				node,
				'Sales Order ID',
				itemIndex,
				`order ${salesOrderId} has no PROCESSABLE position items (their statuses: ${statuses})`,
				'Only PROCESSABLE position items can be shipped. Check the order in the OTTO Market Orders node.',
			);
		}
		return processable.map((item) => ({
			positionItemId: String(item.positionItemId),
			salesOrderId: String(order.salesOrderId ?? salesOrderId),
		}));
	}
	let raw: unknown[];
	if (source === 'list') {
		const list = this.getNodeParameter('positionItemsList', itemIndex, {}) as IDataObject;
		raw = Array.isArray(list.item) ? list.item : [];
	} else {
		const parsed = requireJson<unknown>(node, this.getNodeParameter('positionItemsJson', itemIndex, '[]'), field, itemIndex);
		raw = Array.isArray(parsed) ? parsed : [parsed];
	}
	if (!raw.length) throw inputError(node, field, itemIndex, 'must contain at least one position item');
	const seen = new Set<string>();
	return raw.map((entry, index) => {
		const value = (entry && typeof entry === 'object' ? entry : {}) as IDataObject;
		const where = `${field} [${index + 1}]`;
		const positionItemId = requireText(node, value.positionItemId, `${where} Position Item ID`, itemIndex, 100);
		const salesOrderId = requireText(node, value.salesOrderId, `${where} Sales Order ID`, itemIndex, 100);
		if (seen.has(positionItemId)) {
			throw inputError(node, field, itemIndex, `lists position item ${positionItemId} twice`);
		}
		seen.add(positionItemId);
		const returnAddressCarrierId = requireReturnAddressCarrierId(node, value.returnAddressCarrierId, `${where} returnAddressCarrierId`, itemIndex);
		return returnAddressCarrierId ? { positionItemId, salesOrderId, returnAddressCarrierId } : { positionItemId, salesOrderId };
	});
}

/** Whether a delivery by this carrier is a parcel delivery (the others are forwarders). */
export function isParcelCarrier(carrier: string): boolean {
	return PARCEL_CARRIERS.includes(carrier);
}

/**
 * The return carrier: required for parcel deliveries (OTTO: `returnTrackingKey` is required on
 * each position item, PositionItemShipmentsV1; for SKUs delivered as PARCEL per OTTO's guide).
 * Empty only for forwarder deliveries.
 */
export function returnCarrierOf(this: IExecuteFunctions, itemIndex: number, parcel: boolean, why: string): string {
	const carrier = String(this.getNodeParameter('returnCarrier', itemIndex, '') ?? '').trim();
	if (!carrier) {
		if (!parcel) return '';
		throw inputError(
			this.getNode(),
			'Return Carrier',
			itemIndex,
			`must be set for a parcel delivery (${why}): OTTO requires a return tracking key on every position item of a parcel`,
			`Choose the return carrier of the return label in the parcel (the one set in OTTO Partner Connect) and fill in "Return Tracking Number" for item ${itemIndex}. Only forwarder deliveries may go without.`,
		);
	}
	return requireOneOf(this.getNode(), carrier, 'Return Carrier', itemIndex, RETURN_LABEL_CARRIERS);
}

/** The return tracking key: required for parcel deliveries, optional (None) for forwarders. */
export function returnTrackingKeyOf(
	this: IExecuteFunctions,
	itemIndex: number,
	parcel: boolean,
	why: string,
): IDataObject | undefined {
	const carrier = returnCarrierOf.call(this, itemIndex, parcel, why);
	if (!carrier) return undefined;
	const trackingNumber = requireText(
		this.getNode(),
		this.getNodeParameter('returnTrackingNumber', itemIndex, ''),
		'Return Tracking Number',
		itemIndex,
		100,
	);
	return { carrier, trackingNumber };
}

/**
 * The position items of a body: each with the return tracking key (when given) and the return
 * address carrier ID (the item's own, else the node's, else none).
 */
export function withReturnKey(items: PositionItemRef[], returnTrackingKey?: IDataObject, returnAddressCarrierId?: string): IDataObject[] {
	return items.map((item) => {
		const out: IDataObject = { positionItemId: item.positionItemId, salesOrderId: item.salesOrderId };
		if (returnTrackingKey) out.returnTrackingKey = { ...returnTrackingKey };
		const carrierId = item.returnAddressCarrierId ?? returnAddressCarrierId;
		if (carrierId) out.returnAddressCarrierId = carrierId;
		return out;
	});
}

// --- lookups and lists -----------------------------------------------------------------------

export function lookupFields(idName: string, idDisplayName: string, carriers: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Find By',
			name: 'findBy',
			type: 'options',
			options: [
				{ name: 'ID', value: 'id' },
				{ name: 'Carrier and Tracking Number', value: 'trackingKey' },
			],
			default: 'id',
		},
		{
			displayName: idDisplayName,
			name: idName,
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { findBy: ['id'] } },
		},
		{
			...carrierField(carriers, 'The carrier of the parcel'),
			displayOptions: { show: { findBy: ['trackingKey'] } },
		},
		{
			...trackingNumberField,
			required: true,
			displayOptions: { show: { findBy: ['trackingKey'] } },
		},
	];
}

/** `<base>/<id>` or `<base>/carriers/<carrier>/trackingnumbers/<number>`, from the lookup fields. */
export function lookupPath(
	this: IExecuteFunctions,
	itemIndex: number,
	base: string,
	idName: string,
	idDisplayName: string,
	carriers: string[],
): string {
	const findBy = this.getNodeParameter('findBy', itemIndex, 'id') as string;
	if (findBy === 'trackingKey') {
		const carrier = carrierOf.call(this, itemIndex, carriers);
		const trackingNumber = trackingNumberOf.call(this, itemIndex, carrier, { required: true })!;
		return `${base}/carriers/${encodeURIComponent(carrier)}/trackingnumbers/${encodeURIComponent(trackingNumber)}`;
	}
	const id = requireText(this.getNode(), this.getNodeParameter(idName, itemIndex, ''), idDisplayName, itemIndex, 100);
	return `${base}/${encodeURIComponent(id)}`;
}

export function dateFromField(description: string): INodeProperties {
	return {
		displayName: 'From Date',
		name: 'dateFrom',
		type: 'dateTime',
		required: true,
		default: '',
		description,
	};
}

/** A `{ resources, links }` list since a date (shipments, return shipments), up to 100 per page. */
export async function listSince(this: IExecuteFunctions, itemIndex: number, path: string): Promise<INodeExecutionData[]> {
	const datefrom = requireDate(this.getNode(), this.getNodeParameter('dateFrom', itemIndex, ''), 'From Date', itemIndex);
	const limit = readLimit.call(this, itemIndex);
	const out: INodeExecutionData[] = [];
	for await (const page of paginate.call(
		this,
		{ path, qs: { datefrom }, style: 'nextcursor', recordsPath: 'resources', maxPageSize: 100 },
		{ limit, itemIndex },
	)) {
		for (const json of page) out.push({ json, pairedItem: { item: itemIndex } });
	}
	return out;
}
