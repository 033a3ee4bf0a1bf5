/**
 * Issue 18 point 12: `returnAddressCarrierId` lives on the position items of shipments
 * (PositionItemShipmentsV1, MultiparcelPositionItemShipmentsV1: create, multiparcel, add position
 * items, and every shipment read); orders and returns position items have none. The node offers it
 * on every shipment write (one value for all items, or per JSON item), checks it is a UUID before
 * sending, and passes it through on reads. The simulator needs it when the partner has several
 * return address / carrier combinations (OTTO's newest client) and refuses unknown ones.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OttoMarketShipments } from '../../../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { runNode } from '../../../helpers/n8n';
import { SELLER, requestsTo, useSimulator } from '../../../helpers/simulator';
import { SHIP_FROM } from '../sim';

const P = SELLER.partnerId;
const RAC_A = '3f6c2b1e-8d4a-4c2f-9b7e-1a2b3c4d5e6f';
const RAC_B = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

interface Carriers {
	setReturnAddressCarriers(partnerId: string, ids: string[]): void;
}

describe('OTTO Market Shipments: Return Address Carrier ID (issue 18 point 12)', () => {
	const world = useSimulator({ contract: 'enforce', rateLimitsEnabled: false });
	const node = () => new OttoMarketShipments();
	let n = 0;
	const next = (prefix: string) => `${prefix}${String(++n).padStart(12, '0')}`;
	const carriers = () => (world.sim as unknown as { shipments: Carriers }).shipments;
	const run = (parameters: IDataObject) =>
		runNode(world.helper, { type: node(), parameters: parameters as INodeParameters, credentials: world.sellerCredential(), onError: 'continueRegularOutput' });
	const create = (salesOrderId: string, extra: IDataObject = {}) =>
		run({
			resource: 'shipment',
			operation: 'create',
			carrier: 'DHL',
			trackingNumber: next('T'),
			...SHIP_FROM,
			positionItemsSource: 'order',
			salesOrderId,
			returnCarrier: 'DHL',
			returnTrackingNumber: next('R'),
			...extra,
		});

	beforeEach(() => {
		world.sim.reset();
		world.sim.contract.clear();
	});
	afterEach(() => expect(world.sim.contract.violations).toEqual([]));

	it('Create sends it on every position item; Get passes it through', async () => {
		const [order] = world.sim.orders.create(P, { positions: 2 });
		const result = await create(order.salesOrderId, { returnAddressCarrierId: RAC_A });
		expect(result.items[0].json.error).toBeUndefined();
		const [post] = requestsTo(world.sim, '/v1/shipments', 'POST');
		const items = (post.body as { positionItems: IDataObject[] }).positionItems;
		expect(items.map((i) => i.returnAddressCarrierId)).toEqual([RAC_A, RAC_A]);
		const read = await run({ resource: 'shipment', operation: 'get', findBy: 'id', shipmentId: String(result.items[0].json.shipmentId) });
		expect((read.items[0].json.positionItems as IDataObject[]).map((i) => i.returnAddressCarrierId)).toEqual([RAC_A, RAC_A]);
	});

	it('left empty, nothing is sent (one return address and carrier)', async () => {
		const [order] = world.sim.orders.create(P, { positions: 1 });
		const result = await create(order.salesOrderId);
		expect(result.items[0].json.error).toBeUndefined();
		const [post] = requestsTo(world.sim, '/v1/shipments', 'POST');
		expect((post.body as { positionItems: IDataObject[] }).positionItems[0]).not.toHaveProperty('returnAddressCarrierId');
	});

	it('a partner with several combinations: OTTO refuses an item without one, and an unknown one', async () => {
		carriers().setReturnAddressCarriers(P, [RAC_A, RAC_B]);
		const [order] = world.sim.orders.create(P, { positions: 1 });
		const missing = await create(order.salesOrderId);
		expect(String(missing.items[0].json.error)).toMatch(/400|Bad Request/);
		expect(JSON.stringify(missing.items[0].json)).toMatch(/returnAddressCarrierId is mandatory/);
		const unknown = await create(order.salesOrderId, { returnAddressCarrierId: '00000000-0000-4000-8000-000000000000' });
		expect(JSON.stringify(unknown.items[0].json)).toMatch(/Unknown returnAddressCarrierId/);
		const ok = await create(order.salesOrderId, { returnAddressCarrierId: RAC_B });
		expect(ok.items[0].json.error).toBeUndefined();
		expect(requestsTo(world.sim, '/v1/shipments', 'POST').map((r) => r.status)).toEqual([400, 400, 201]);
	});

	it('JSON items: an item\'s own ID wins over the node\'s; a bad one fails that item before anything is sent', async () => {
		const [order] = world.sim.orders.create(P, { positions: 2 });
		const [a, b] = order.positionItems;
		const json = (ids: Array<string | undefined>) =>
			JSON.stringify([a, b].map((item, i) => ({ salesOrderId: order.salesOrderId, positionItemId: item.positionItemId, ...(ids[i] ? { returnAddressCarrierId: ids[i] } : {}) })));
		const bad = await create(order.salesOrderId, { positionItemsSource: 'json', positionItemsJson: json([undefined, 'RAC-1']), returnAddressCarrierId: RAC_A });
		expect(bad.items[0].json.error).toBe('Invalid "Position Items [2] returnAddressCarrierId" in item 0: "RAC-1" is not a UUID');
		expect(requestsTo(world.sim, '/v1/shipments', 'POST')).toHaveLength(0);
		const badNode = await create(order.salesOrderId, { returnAddressCarrierId: 'not-a-uuid' });
		expect(badNode.items[0].json.error).toBe('Invalid "Return Address Carrier ID" in item 0: "not-a-uuid" is not a UUID');
		expect(requestsTo(world.sim, '/v1/shipments', 'POST')).toHaveLength(0);
		const ok = await create(order.salesOrderId, { positionItemsSource: 'json', positionItemsJson: json([undefined, RAC_B]), returnAddressCarrierId: RAC_A });
		expect(ok.items[0].json.error).toBeUndefined();
		const [post] = requestsTo(world.sim, '/v1/shipments', 'POST');
		expect((post.body as { positionItems: IDataObject[] }).positionItems.map((i) => i.returnAddressCarrierId)).toEqual([RAC_A, RAC_B]);
	});

	it('Create Multiparcel and Add Position Items send it too', async () => {
		const [order] = world.sim.orders.create(P, { positions: 3 });
		const [a, b, c] = order.positionItems;
		const multi = await run({
			resource: 'shipment',
			operation: 'createMultiparcel',
			carrier: 'DHL',
			trackingNumbers: `${next('M')},${next('M')}`,
			...SHIP_FROM,
			positionItemsSource: 'list',
			positionItemsList: { item: [{ salesOrderId: order.salesOrderId, positionItemId: a.positionItemId }] },
			returnCarrier: 'DHL',
			returnTrackingNumbers: `${next('R')},${next('R')}`,
			returnAddressCarrierId: RAC_A,
		});
		expect(multi.items[0].json.error).toBeUndefined();
		const [parcels] = requestsTo(world.sim, '/v1/multiparcel-shipments', 'POST');
		expect((parcels.body as Array<{ positionItems: IDataObject[] }>).map((p) => p.positionItems[0].returnAddressCarrierId)).toEqual([RAC_A, RAC_A]);

		const single = await create(order.salesOrderId, { positionItemsSource: 'list', positionItemsList: { item: [{ salesOrderId: order.salesOrderId, positionItemId: b.positionItemId }] } });
		const added = await run({
			resource: 'shipment',
			operation: 'addPositionItems',
			findBy: 'id',
			shipmentId: String(single.items[0].json.shipmentId),
			delivery: 'parcel',
			positionItemsSource: 'list',
			positionItemsList: { item: [{ salesOrderId: order.salesOrderId, positionItemId: c.positionItemId }] },
			returnCarrier: 'DHL',
			returnTrackingNumber: next('R'),
			returnAddressCarrierId: RAC_B,
		});
		expect(added.items[0].json.error).toBeUndefined();
		const [append] = requestsTo(world.sim, '/v1/shipments/', 'POST').filter((r) => r.path.endsWith('/positionitems'));
		expect((append.body as IDataObject[])[0].returnAddressCarrierId).toBe(RAC_B);
		const read = await run({ resource: 'shipment', operation: 'get', findBy: 'id', shipmentId: String(single.items[0].json.shipmentId) });
		expect((read.items[0].json.positionItems as IDataObject[]).map((i) => i.returnAddressCarrierId ?? null)).toEqual([null, RAC_B]);
	});

	it('the contract places it on shipment position items only (not on orders or returns)', () => {
		const models = (world.sim.contract as unknown as { spec: { merged: Record<string, { properties?: Record<string, unknown> }> } }).spec.merged;
		const holders = Object.entries(models)
			.filter(([, m]) => m.properties && 'returnAddressCarrierId' in m.properties)
			.map(([name]) => name)
			.sort();
		expect(holders).toEqual(['MultiparcelPositionItemShipmentsV1', 'PositionItemShipmentsV1']);
	});
});
