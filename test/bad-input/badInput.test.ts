/**
 * Bad input, node by node: every case must fail with a clear error that names the field and the
 * item, and no request to OTTO may be sent for it (the simulator's log has no data request).
 */
import type { INodeExecutionData, INodeParameters, INodeType } from 'n8n-workflow';

import { OttoMarketAvailability } from '../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { OttoMarketOrders } from '../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { OttoMarketPriceReductions } from '../../nodes/OttoMarketPriceReductions/OttoMarketPriceReductions.node';
import { OttoMarketProducts } from '../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { OttoMarketReceipts } from '../../nodes/OttoMarketReceipts/OttoMarketReceipts.node';
import { OttoMarketReturns } from '../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { OttoMarketShipments } from '../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { OttoMarketShippingProfiles } from '../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { runNode } from '../helpers/n8n';
import { tokenRequests, useSimulator } from '../helpers/simulator';

const ORDER_ID = '3f1c2a9e-5b7d-4e2f-9a41-0c6d8e2b7f15';
const ITEM_ID = '7a1c2a9e-5b7d-4e2f-9a41-0c6d8e2b7f16';

interface Case {
	name: string;
	type: () => INodeType;
	parameters: INodeParameters;
	input?: INodeExecutionData[];
	/** The field the error must name (as the user sees it in the node). */
	field: RegExp;
	/** The input item the error must name. */
	item: number;
}

const SHIP = {
	resource: 'shipment',
	operation: 'create',
	carrier: 'DHL',
	trackingNumber: '00340434000000000001',
	shipFromCity: 'Hamburg',
	shipFromZipCode: '22179',
	shipFromCountryCode: 'DEU',
	positionItemsSource: 'order',
	salesOrderId: ORDER_ID,
	returnCarrier: 'DHL',
	returnTrackingNumber: '00340435000000000001',
};
const stock = (rows: Array<{ sku: string; quantity: number | string }>): INodeExecutionData[] => rows.map((json) => ({ json }));
const QTY = { resource: 'quantity', operation: 'update', sku: '={{ $json.sku }}', quantity: '={{ $json.quantity }}' };
const ACCEPT = { operation: 'accept', positionItemId: '={{ $json.p }}', salesOrderId: '={{ $json.s }}', condition: 'A', reason: 'RETURN_RECEIVED' };
const returns = (rows: Array<{ p: string; s: string }>): INodeExecutionData[] => rows.map((json) => ({ json }));
const good = { p: ITEM_ID, s: ORDER_ID };

const cases: Case[] = [
	// Availability: quantities (batched: every item is checked before anything is sent)
	{ name: 'empty SKU', type: () => new OttoMarketAvailability(), parameters: QTY, input: stock([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }, { sku: '', quantity: 3 }]), field: /SKU/, item: 2 },
	{ name: 'SKU with a slash', type: () => new OttoMarketAvailability(), parameters: QTY, input: stock([{ sku: 'A', quantity: 1 }, { sku: 'x/../y', quantity: 2 }]), field: /SKU/, item: 1 },
	{ name: 'SKU over 50 characters', type: () => new OttoMarketAvailability(), parameters: QTY, input: stock([{ sku: 'S'.repeat(51), quantity: 1 }]), field: /SKU/, item: 0 },
	{ name: 'negative quantity', type: () => new OttoMarketAvailability(), parameters: QTY, input: stock([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: -1 }]), field: /Quantity/, item: 1 },
	{ name: 'fractional quantity', type: () => new OttoMarketAvailability(), parameters: QTY, input: stock([{ sku: 'A', quantity: 2.5 }]), field: /Quantity/, item: 0 },
	{ name: 'quantity that is not a number', type: () => new OttoMarketAvailability(), parameters: QTY, input: stock([{ sku: 'A', quantity: 'many' }]), field: /Quantity/, item: 0 },
	// Orders
	{ name: 'malformed sales order ID', type: () => new OttoMarketOrders(), parameters: { operation: 'get', order: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, input: [{ json: { id: 'not-a-uuid' } }], field: /Sales Order ID/, item: 0 },
	{ name: 'malformed order number', type: () => new OttoMarketOrders(), parameters: { operation: 'get', order: { __rl: true, mode: 'orderNumber', value: '={{ $json.n }}' } }, input: [{ json: { n: '12' } }], field: /Order Number/, item: 0 },
	{ name: 'unparseable date', type: () => new OttoMarketOrders(), parameters: { operation: 'getMany', returnAll: true, filters: { fromDate: 'yesterday-ish' } }, field: /Changed Since/, item: 0 },
	{ name: 'cancel with an empty sales order ID', type: () => new OttoMarketOrders(), parameters: { operation: 'cancel', salesOrderId: '={{ $json.id }}' }, input: [{ json: { id: '' } }], field: /Sales Order ID/, item: 0 },
	{ name: 'cancel position items without items', type: () => new OttoMarketOrders(), parameters: { operation: 'cancelPositionItems', salesOrderId: ORDER_ID, positionItemIds: '={{ $json.items }}' }, input: [{ json: { items: [] } }], field: /Position Item/, item: 0 },
	// Shipments
	{ name: 'unknown carrier', type: () => new OttoMarketShipments(), parameters: { ...SHIP, carrier: 'PIGEON' }, field: /Carrier/, item: 0 },
	{ name: 'missing position items', type: () => new OttoMarketShipments(), parameters: { ...SHIP, positionItemsSource: 'list', positionItemsList: {} }, field: /Position Items/, item: 0 },
	{ name: 'empty tracking number', type: () => new OttoMarketShipments(), parameters: { ...SHIP, trackingNumber: '' }, field: /Tracking Number/, item: 0 },
	{ name: 'unparseable ship date', type: () => new OttoMarketShipments(), parameters: { ...SHIP, shipDate: '31.02.2026 morning' }, field: /Ship Date/, item: 0 },
	{ name: 'bad ship-from country', type: () => new OttoMarketShipments(), parameters: { ...SHIP, shipFromCountryCode: 'Germany' }, field: /Country/, item: 0 },
	// Returns (batched)
	{ name: 'return without position item ID', type: () => new OttoMarketReturns(), parameters: ACCEPT, input: returns([good, { p: '', s: ORDER_ID }]), field: /Position Item ID/, item: 1 },
	{ name: 'return with a sales order ID that has a space and a slash', type: () => new OttoMarketReturns(), parameters: ACCEPT, input: returns([good, good, { p: ITEM_ID, s: 'no pe/..' }]), field: /Sales Order ID/, item: 2 },
	// Price reductions
	{ name: 'negative price reduction', type: () => new OttoMarketPriceReductions(), parameters: { operation: 'create', salesOrderId: ORDER_ID, positionItemId: ITEM_ID, amount: -5, currency: 'EUR' }, field: /Amount/, item: 0 },
	{ name: 'price reduction with three decimals', type: () => new OttoMarketPriceReductions(), parameters: { operation: 'create', salesOrderId: ORDER_ID, positionItemId: ITEM_ID, amount: 1.005, currency: 'EUR' }, field: /Amount/, item: 0 },
	// Products
	{ name: 'malformed JSON product variations', type: () => new OttoMarketProducts(), parameters: { resource: 'product', operation: 'createOrUpdate', productVariations: '[{"sku": "A",}' }, field: /Product Variations/, item: 0 },
	{ name: 'empty SKU for a product', type: () => new OttoMarketProducts(), parameters: { resource: 'product', operation: 'get', sku: '={{ $json.sku }}' }, input: [{ json: { sku: '  ' } }], field: /SKU/, item: 0 },
	// Shipping profiles
	{ name: 'malformed order cutoff', type: () => new OttoMarketShippingProfiles(), parameters: { operation: 'create', shippingProfileName: 'Std', deliveryType: 'PARCEL', workingDays: ['MONDAY'], orderCutoff: '25:99', defaultProcessingTime: 2, transportTime: 3 }, field: /Order Cutoff/, item: 0 },
	{ name: 'fractional transport time', type: () => new OttoMarketShippingProfiles(), parameters: { operation: 'create', shippingProfileName: 'Std', deliveryType: 'PARCEL', workingDays: ['MONDAY'], orderCutoff: '14:00', defaultProcessingTime: 2, transportTime: 1.5 }, field: /Transport Time/, item: 0 },
	// Receipts
	{ name: 'unparseable receipt date filter', type: () => new OttoMarketReceipts(), parameters: { operation: 'getMany', returnAll: true, filters: { fromDate: 'last tuesday' } }, field: /From|Date/, item: 0 },
	{ name: 'empty receipt number', type: () => new OttoMarketReceipts(), parameters: { operation: 'get', receiptNumber: '={{ $json.n }}' }, input: [{ json: {} }], field: /Receipt Number/, item: 0 },
];

describe('bad input is refused before anything is sent', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	it.each(cases.map((c) => [c.name, c]))('%s', async (_name, c) => {
		const result = await runNode(world.helper, { type: c.type(), parameters: c.parameters, credentials: world.sellerCredential() }, c.input);
		expect(result.error).toBeDefined();
		const message = String(result.error?.message);
		expect(message).toMatch(c.field);
		expect(message).toMatch(new RegExp(`item ${c.item}\\b`));
		expect(result.error?.context?.itemIndex ?? c.item).toBe(c.item);
		const data = world.sim.requests.filter((r) => !tokenRequests(world.sim).includes(r));
		expect(data).toEqual([]);
	});

	it('an empty required field set in the node itself is refused by n8n before the node runs', async () => {
		await expect(
			runNode(world.helper, { type: new OttoMarketOrders(), parameters: { operation: 'cancel', salesOrderId: '' }, credentials: world.sellerCredential() }),
		).rejects.toThrow(/Parameter "Sales Order" is required/);
		expect(world.sim.requests).toEqual([]);
	});

	it('wrong credential scopes: 403 INSUFFICIENT_PERMISSION becomes a message that names the missing scope', async () => {
		const result = await runNode(world.helper, {
			type: new OttoMarketOrders(),
			parameters: { operation: 'getMany', returnAll: false, limit: 1 },
			credentials: world.sellerCredential({ scopes: ['availability'] }),
		});
		expect(result.error).toBeDefined();
		const text = `${result.error?.message} ${result.error?.description ?? ''}`;
		expect(text).toMatch(/403/);
		expect(text).toMatch(/INSUFFICIENT_PERMISSION|permission|scope/i);
		expect(text).toMatch(/orders/);
		expect(world.sim.requests.filter((r) => r.path.startsWith('/v4/orders'))).toHaveLength(1);
	});
});
