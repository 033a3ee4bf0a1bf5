/**
 * The simulator's contract layer itself (simulator/contract/): it refuses what OTTO's contract
 * refuses in enforce mode, records answers that leave OTTO's response schema, and is readable
 * through the control API. Without these the contract test could pass by checking nothing.
 */
import { startSimulator } from '../../simulator';
import type { Simulator } from '../../simulator';

describe('simulator contract layer', () => {
	let sim: Simulator;
	let token = '';
	const layer = () => sim.contract;
	beforeAll(async () => {
		sim = await startSimulator({ rateLimitsEnabled: false });
		const res = await fetch(`${sim.url}/oauth2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret', scope: 'orders shipments shipping-profiles availability' }).toString(),
		});
		token = ((await res.json()) as { access_token: string }).access_token;
	});
	afterAll(() => sim.close());
	beforeEach(() => {
		layer().mode = 'record';
		layer().clear();
	});
	const call = (method: string, path: string, body?: unknown) =>
		fetch(`${sim.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});

	it('records a request that leaves the contract (unknown query parameter, wrong enum, renamed body field)', async () => {
		await call('GET', '/v4/orders?limit=5&orderDirection=UP&color=red');
		await call('POST', '/v1/shipping-profiles', {
			shippingProfileNme: 'x',
			workingDays: ['MONDAY'],
			orderCutoff: '14:00',
			deliveryType: 'PARCEL',
			defaultProcessingTime: 1,
			transportTime: 2,
		});
		const problems = layer().violations.flatMap((v) => v.problems);
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^query\.color is not a query parameter/),
				expect.stringMatching(/^query\.orderDirection must be one of ASC, DESC/),
				'body.shippingProfileName is required',
				"body.shippingProfileNme is not a field of OTTO's model",
			]),
		);
	});

	it('in enforce mode refuses it with 400 in the interface\'s error shape, before the handler runs', async () => {
		layer().mode = 'enforce';
		const orders = await call('GET', '/v4/orders?orderDirection=UP');
		expect(orders.status).toBe(400);
		expect(((await orders.json()) as { errors: Array<{ detail: string }> }).errors[0].detail).toMatch(/orderDirection must be one of ASC, DESC/);
		const profile = await call('POST', '/v1/shipping-profiles', { shippingProfileName: 'x', workingDays: ['MONDAY'], orderCutoff: '14:00', deliveryType: 'PIGEON', defaultProcessingTime: 1, transportTime: 2 });
		expect(profile.status).toBe(400);
		const body = (await profile.json()) as { validationErrors: Array<{ detail: string }> };
		expect(body.validationErrors[0].detail).toMatch(/deliveryType must be one of PARCEL/);
		const ok = await call('GET', '/v4/orders?limit=5');
		expect(ok.status).toBe(200);
		// a batch above OTTO's maximum: the documented 413 in its documented shape
		const many = await call('POST', '/v1/availability/quantities', Array.from({ length: 201 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 })));
		expect(many.status).toBe(413);
		expect(((await many.json()) as { errors: Array<{ code: number; detail: string }> }).errors[0]).toMatchObject({ code: 413, detail: expect.stringMatching(/allows at most 200 items/) });
		// Shipments: errors as ONE object with only its model's fields (title, detail, path, jsonPath; no logref)
		const shipment = await call('POST', '/v1/shipments', { trackingKey: { carrier: 'DHL', trackingNumber: '1' }, shipDate: '2026-05-01T10:00:00Z', shipFromAddress: { city: 'H', countryCode: 'DEU', postalCode: '1' }, positionItems: [] });
		expect(shipment.status).toBe(400);
		const shipmentError = ((await shipment.json()) as { errors: Record<string, unknown> }).errors;
		expect(Object.keys(shipmentError).sort()).toEqual(['detail', 'path', 'title']);
		// the refusals themselves have OTTO's error shapes
		expect(layer().violations.filter((v) => v.kind === 'response')).toEqual([]);
	});

	it('records an answer that leaves the response schema (a stored record with an invented field)', async () => {
		const created = await call('POST', '/v1/shipping-profiles', { shippingProfileName: 'y', workingDays: ['MONDAY'], orderCutoff: '14:00', deliveryType: 'PARCEL', defaultProcessingTime: 1, transportTime: 2 });
		const { shippingProfileId } = (await created.json()) as { shippingProfileId: string };
		expect(layer().violations).toEqual([]);
		const profiles = (sim as unknown as { shippingProfiles: { get(p: string, id: string): Record<string, unknown> } }).shippingProfiles;
		Object.assign(profiles.get('1000001', shippingProfileId), { invented: true, transportTime: 'two' });
		await call('GET', `/v1/shipping-profiles/${shippingProfileId}`);
		const problems = layer().violations.filter((v) => v.kind === 'response').flatMap((v) => v.problems);
		expect(problems).toEqual(["response.transportTime must be an integer, got \"two\"", "response.invented is not a field of OTTO's model"]);
	});

	it('is readable and clearable through the control API', async () => {
		await call('GET', '/v4/orders?nope=1');
		const read = (await (await fetch(`${sim.url}/__control/contract`)).json()) as { mode: string; violations: unknown[]; sources: Record<string, { commit: string }> };
		expect(read.mode).toBe('record');
		expect(read.violations).toHaveLength(1);
		expect(read.sources.kassaline.commit).toMatch(/^[0-9a-f]{40}$/);
		await fetch(`${sim.url}/__control/contract`, { method: 'DELETE' });
		expect(layer().violations).toHaveLength(0);
	});

	// --- the token and installation endpoints (readings.authOperations; issue 18, contract of the auth endpoints)
	const form = (path: string, fields: Record<string, string>, bearer?: string) =>
		fetch(`${sim.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
			body: new URLSearchParams(fields).toString(),
		});
	const problemsOf = (kind: string) => layer().violations.filter((v) => v.kind === kind).flatMap((v) => `${v.operationId}: ${v.problems.join('; ')}`);

	it('token requests: form fields per grant type, enforced with the OAuth2 error shape', async () => {
		const seller = { client_id: 'seller-client', client_secret: 'seller-secret' };
		expect((await form('/oauth2/token', { grant_type: 'client_credentials', ...seller, scope: 'orders' })).status).toBe(200);
		expect((await form('/v1/token', { grant_type: 'client_credentials', ...seller })).status).toBe(200);
		expect(layer().violations).toEqual([]);
		await form('/oauth2/token', { grant_type: 'password', username: 'u', password: 'p', client_id: 'token-otto-api' });
		await form('/oauth2/token', { grant_type: 'authorization_code', ...seller, redirect_uri: 'http://x' });
		await form('/v1/token', { grant_type: 'authorization_code', code: 'c', ...seller });
		await form('/oauth2/token', { grant_type: 'client_credentials', ...seller, scopes: 'orders' });
		expect(problemsOf('request')).toEqual([
			expect.stringMatching(/^oauth2Token: body\.grant_type must be one of client_credentials, got "password"; body\.username is not a field/),
			'oauth2Token: body.code is required',
			expect.stringMatching(/^developerV1CreateAccessToken: body\.grant_type must be one of client_credentials, got "authorization_code"/),
			"oauth2Token: body.scopes is not a field of OTTO's model",
		]);
		layer().clear();
		layer().mode = 'enforce';
		const refused = await form('/oauth2/token', { grant_type: 'client_credentials', ...seller, scopes: 'orders' });
		expect(refused.status).toBe(400);
		expect(await refused.json()).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/body\.scopes is not a field/) });
		// wrong secret: OTTO's 401 invalid_client, in the documented shape
		expect((await form('/oauth2/token', { grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'nope' })).status).toBe(401);
		expect(problemsOf('response')).toEqual([]);
	});

	it('token and installation answers are checked: a token answer without expires_in, an installation answer with a number for appVersion', async () => {
		const tokens = (sim as unknown as { tokens: { issue(o: object): { expiresIn: unknown } } }).tokens;
		const issue = tokens.issue.bind(tokens);
		tokens.issue = (o: object) => Object.assign(issue(o), { expiresIn: undefined });
		await form('/oauth2/token', { grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret' });
		tokens.issue = issue;
		expect(problemsOf('response')).toEqual(['oauth2Token: response.expires_in is required']);
		layer().clear();
		// the installation lookup with a consent token, then the same answer with a field OTTO does not document
		const auth = await fetch(`${sim.url}/oauth2/auth?${new URLSearchParams({ response_type: 'code', client_id: 'sp-client', redirect_uri: 'http://127.0.0.1/cb', scope: 'installation partnerId' })}`, { redirect: 'manual' });
		const code = new URL(String(auth.headers.get('location'))).searchParams.get('code') ?? '';
		const consent = (await (await form('/oauth2/token', { grant_type: 'authorization_code', code, client_id: 'sp-client', client_secret: 'sp-secret', redirect_uri: 'http://127.0.0.1/cb' })).json()) as { access_token: string };
		const lookup = () => fetch(`${sim.url}/v1/apps/sp-app-1/installation`, { headers: { authorization: `Bearer ${consent.access_token}` } });
		expect((await lookup()).status).toBe(200);
		expect(layer().violations).toEqual([]);
		const apps = (sim as unknown as { apps: { apps: Map<string, { installations: Array<Record<string, unknown>> }> } }).apps;
		const installation = apps.apps.get('sp-app-1')!.installations.find((i) => i.partnerId === '1000002')!;
		const version = installation.appVersion;
		installation.appVersion = 3;
		await lookup();
		installation.appVersion = version;
		expect(problemsOf('response')).toEqual(['developerV1GetInstallation: response.appVersion must be a string, got number']);
	});
});
