import { availabilityOf } from '../nodes/OttoMarketAvailability/sim';
import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';

interface Answer {
	status: number;
	body: Record<string, unknown> & { errors?: Array<Record<string, unknown>> };
}
/** Shipments V1 error body: `errors` is one object (BadRequestShipmentsV1, ConflictShipmentsV1). */
const shipmentError = (answer: Answer) => answer.body.errors as unknown as Record<string, unknown> | undefined;

describe('simulator: Availability V1 and Shipments V1', () => {
	let sim: Simulator;
	let token: string;
	const P = '1000001';

	beforeAll(async () => {
		sim = await startSimulator({ seed: 42 });
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.config.rateLimitsEnabled = false;
		token = sim.tokens.issue({ partnerId: P, scopes: ['availability', 'shipments'] }).token;
	});

	async function call(method: string, path: string, body?: unknown, base = ''): Promise<Answer> {
		const response = await fetch(`${sim.url}${base}${path}`, {
			method,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
	}

	it('answers 413 above 200 quantities, and at the configured limit', async () => {
		const items = (n: number) => Array.from({ length: n }, (_, i) => ({ sku: `SKU-${String(1000 + (i % 24)).padStart(5, '0')}`, quantity: 1 }));
		expect((await call('POST', '/v1/availability/quantities', items(201))).status).toBe(413);
		expect((await call('POST', '/v1/availability/quantities', items(200))).status).toBe(200);
		sim.config.availabilityMaxItems = 199;
		const tooMany = await call('POST', '/v1/availability/quantities', items(200));
		expect(tooMany.status).toBe(413);
		// PayloadTooLargeApiErrorResponseForQuantitiesAvailabilityV1: { errors: [QuantityApiError] }.
		expect(tooMany.body.errors).toEqual([{ code: 413, title: 'Payload Too Large', detail: expect.any(String), path: '/v1/availability/quantities', logref: expect.any(String) }]);
	});

	it('answers 207 with one error per bad SKU (OTTO\'s QuantityApiError: numeric code, SKU in `path`)', async () => {
		await call('POST', '/skus', { skus: ['A-1', 'A-2'] }, '/__control/availability');
		const answer = await call('POST', '/v1/availability/quantities', [
			{ sku: 'A-1', quantity: 5 },
			{ sku: 'NOPE', quantity: 1 },
			{ sku: 'A-2', quantity: -1 },
		]);
		expect(answer.status).toBe(207);
		expect((answer.body.results as unknown[]).length).toBe(1);
		expect(answer.body.errors?.map((e) => [e.code, e.title, e.path])).toEqual([
			[404, 'Unknown SKU', '/v1/availability/quantities/NOPE'],
			[400, 'Invalid quantity', '/v1/availability/quantities/A-2'],
		]);
		expect((await call('GET', '/v1/availability/quantities/A-1')).body).toMatchObject({ sku: 'A-1', quantity: 5 });
	});

	it('checks processing times of delivery information and answers 202 when all are fine', async () => {
		const ok = await call('POST', '/v1/availability/product-delivery-information', [
			{ sku: 'SKU-01000', shippingProfileId: 'p', processingTime: 'DEFAULT' },
			{ sku: 'SKU-01001', shippingProfileId: 'p', processingTime: '99' },
		]);
		expect(ok.status).toBe(202);
		const bad = await call('POST', '/v1/availability/product-delivery-information', [
			{ sku: 'SKU-01002', shippingProfileId: 'p', processingTime: 3 },
		]);
		expect(bad.status).toBe(207);
		// ErrorDetailsForMultiStatusAvailabilityV1: one object, validationErrors [{ detail, logref }].
		expect(bad.body.errors).toEqual({
			type: '/v1/availability/product-delivery-information',
			title: 'Multi-Status',
			status: 207,
			validationErrors: [{ detail: expect.stringContaining('SKU SKU-01002: processingTime'), logref: expect.any(String) }],
		});
		const list = await call('GET', '/v1/availability/product-delivery-information?limit=1');
		expect(list.body.results).toEqual([{ sku: 'SKU-01000', shippingProfileId: 'p', processingTime: 'DEFAULT' }]);
		expect(list.body.links).toMatchObject({ rel: 'next' });
	});

	it('creates a shipment once: items SENT, duplicate tracking key and reused items answer 409', async () => {
		const [order] = sim.orders.create(P, { positions: 2 });
		const [first, second] = order.positionItems;
		const shipment = (trackingNumber: string, positionItemId: string) => ({
			trackingKey: { carrier: 'HERMES', trackingNumber },
			shipDate: '2026-05-02T10:00:00Z',
			shipFromAddress: { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' },
			positionItems: [{ positionItemId, salesOrderId: order.salesOrderId, returnTrackingKey: { carrier: 'HERMES', trackingNumber: `R-${trackingNumber}` } }],
		});
		expect((await call('POST', '/v1/shipments', shipment('T-1', first.positionItemId))).status).toBe(201);
		expect(first.fulfillmentStatus).toBe('SENT');
		expect(first.trackingInfo).toEqual({ carrier: 'HERMES', trackingNumber: 'T-1' });
		const duplicate = await call('POST', '/v1/shipments', shipment('T-1', second.positionItemId));
		expect([duplicate.status, shipmentError(duplicate)?.title]).toEqual([409, 'DUPLICATE_TRACKING_KEY']);
		const reused = await call('POST', '/v1/shipments', shipment('T-2', first.positionItemId));
		expect([reused.status, shipmentError(reused)?.title]).toEqual([409, 'POSITION_ITEM_INCLUDED_IN_OTHER_SHIPMENT']);
		const foreign = await call('POST', '/v1/shipments', shipment('T-3', 'not-mine'));
		expect([foreign.status, shipmentError(foreign)?.title]).toEqual([400, 'INSUFFICIENT_PERMISSION']);
		expect(second.fulfillmentStatus).toBe('PROCESSABLE');
		const missing = await call('POST', '/v1/shipments', { ...shipment('T-4', second.positionItemId), trackingKey: { carrier: 'DHL' } });
		expect([missing.status, shipmentError(missing)?.jsonPath]).toEqual([400, 'trackingKey.trackingNumber']);
	});

	it('refuses a PARCEL SKU shipment without returnTrackingKey (400, one error object); a forwarder SKU goes without', async () => {
		const [order] = sim.orders.create(P, { positions: [{ sku: 0 }, { sku: 1 }] });
		const [parcelItem, forwarderItem] = order.positionItems;
		const body = (positionItemId: string, trackingNumber: string) => ({
			trackingKey: { carrier: 'DHL', trackingNumber },
			shipDate: '2026-05-02T10:00:00Z',
			shipFromAddress: { city: 'Hamburg', countryCode: 'DEU', zipCode: '22179' },
			positionItems: [{ positionItemId, salesOrderId: order.salesOrderId }],
		});
		const refused = await call('POST', '/v1/shipments', body(parcelItem.positionItemId, 'P-1'));
		expect(refused.status).toBe(400);
		expect(Array.isArray(refused.body.errors)).toBe(false);
		expect(shipmentError(refused)).toMatchObject({ title: 'PROPERTY_IS_MANDATORY', jsonPath: 'positionItems[0].returnTrackingKey', path: '/v1/shipments' });
		expect(parcelItem.fulfillmentStatus).toBe('PROCESSABLE');
		expect((sim as unknown as { shipments: { list(p: string): unknown[] } }).shipments.list(P)).toHaveLength(0);
		// The same holds for multiparcel and for adding items.
		const multi = await call('POST', '/v1/multiparcel-shipments', [body(parcelItem.positionItemId, 'P-2'), body(parcelItem.positionItemId, 'P-3')]);
		expect([multi.status, shipmentError(multi)?.jsonPath]).toEqual([400, '[0].positionItems[0].returnTrackingKey']);
		// A SKU whose delivery information points at a forwarder profile needs no return label.
		token = sim.tokens.issue({ partnerId: P, scopes: ['availability', 'shipments', 'shipping-profiles'] }).token;
		const profile = await call('POST', '/v1/shipping-profiles', {
			shippingProfileName: 'Spedition', workingDays: ['MONDAY'], orderCutoff: '12:00', deliveryType: 'FORWARDER_CURBSIDE', defaultProcessingTime: 2, transportTime: 3,
		});
		expect(profile.status).toBe(201);
		const delivery = await call('POST', '/v1/availability/product-delivery-information', [
			{ sku: forwarderItem.product.sku, shippingProfileId: profile.body.shippingProfileId, processingTime: 'DEFAULT' },
		]);
		expect(delivery.status).toBe(202);
		const forwarded = await call('POST', '/v1/shipments', { ...body(forwarderItem.positionItemId, ''), trackingKey: { carrier: 'OTHER_FORWARDER' } });
		expect(forwarded.status).toBe(201);
		expect(forwarderItem.fulfillmentStatus).toBe('SENT');
	});

	it('shipping profiles accept workingDays as MONDAY (christian71, 2025-07) and as Monday (kassaline, 2025-04)', async () => {
		token = sim.tokens.issue({ partnerId: P, scopes: ['shipping-profiles'] }).token;
		const profile = (name: string, workingDays: string[]) => ({
			shippingProfileName: name, workingDays, orderCutoff: '12:00', deliveryType: 'PARCEL', defaultProcessingTime: 2, transportTime: 3,
		});
		expect((await call('POST', '/v1/shipping-profiles', profile('upper', ['MONDAY', 'FRIDAY']))).status).toBe(201);
		expect((await call('POST', '/v1/shipping-profiles', profile('title', ['Monday', 'Friday']))).status).toBe(201);
		expect((await call('POST', '/v1/shipping-profiles', profile('bad', ['Mon']))).status).toBe(400);
	});

	it('lists shipments only with datefrom and return shipments from the control API', async () => {
		expect((await call('GET', '/v1/shipments')).status).toBe(400);
		const [order] = sim.orders.create(P, { positions: 1, status: 'SENT' });
		const created = await call('POST', '/return-shipments', { salesOrderId: order.salesOrderId, carrier: 'GLS', trackingNumber: 'R-9' }, '/__control');
		expect(created.status).toBe(201);
		const list = await call('GET', '/v1/return-shipments?datefrom=2000-01-01T00:00:00Z');
		expect((list.body.resources as Array<{ trackingKey: unknown }>).map((r) => r.trackingKey)).toEqual([{ carrier: 'GLS', trackingNumber: 'R-9' }]);
		expect((await call('GET', '/v1/return-shipments/carriers/GLS/trackingnumbers/R-9')).status).toBe(200);
	});
});

describe('shipping profiles and availability together', () => {
	it('a profile that SKUs use through delivery information cannot be deleted (412)', async () => {
		const { startSimulator } = await import('../../simulator');
		const sim = await startSimulator({ port: 0, rateLimitsEnabled: false });
		try {
			const { token } = sim.tokens.issue({ partnerId: '1000001', scopes: ['availability', 'shipping-profiles'] });
			const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
			const created = await fetch(`${sim.url}/v1/shipping-profiles`, {
				method: 'POST',
				headers,
				body: JSON.stringify({
					shippingProfileName: 'Standard',
					workingDays: ['MONDAY'],
					orderCutoff: '12:00',
					deliveryType: 'PARCEL',
					defaultProcessingTime: 1,
					transportTime: 2,
				}),
			});
			expect(created.status).toBe(201);
			const { shippingProfileId } = (await created.json()) as { shippingProfileId: string };
			availabilityOf(sim).addSkus('1000001', ['SKU-1']);
			const linked = await fetch(`${sim.url}/v1/availability/product-delivery-information`, {
				method: 'POST',
				headers,
				body: JSON.stringify([{ sku: 'SKU-1', shippingProfileId, processingTime: 'DEFAULT' }]),
			});
			expect(linked.status).toBeLessThan(300);
			const deleted = await fetch(`${sim.url}/v1/shipping-profiles/${shippingProfileId}`, { method: 'DELETE', headers });
			expect(deleted.status).toBe(412);
		} finally {
			await sim.close();
		}
	});
});
