/**
 * Both token flows of the OTTO Market API credential, run through n8n-core: the exact requests the
 * simulator received, token reuse across executions, the refresh after a 401, and the base URL check.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { OttoMarketApi } from '../../credentials/OttoMarketApi.credentials';
import { TransportProbe } from '../fixtures/TransportProbe.node';
import { runNode } from '../helpers/n8n';
import { SELLER, SERVICE_PARTNER, tokenRequests, useSimulator } from '../helpers/simulator';

const FORM = 'application/x-www-form-urlencoded';

function listOrders() {
	return { type: new TransportProbe(), parameters: { operation: 'list', path: '/v4/orders', returnAll: true } };
}

describe('OTTO Market API credential: token flows through n8n-core', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	beforeAll(() => {
		world.sim.orders.create(SELLER.partnerId, { count: 2 });
		world.sim.orders.create(SERVICE_PARTNER.partnerId, { count: 3 });
	});

	describe.each(['/oauth2/token', '/v1/token'])('seller app, token path %s', (tokenPath) => {
		it('posts the client credentials grant as a form and sends the token as Bearer', async () => {
			const credentials = world.sellerCredential({ scopes: ['orders', 'shipments'], tokenUrlPath: tokenPath });
			const result = await runNode(world.helper, { ...listOrders(), credentials });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);

			expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
				`POST ${tokenPath} 200`,
				'GET /v4/orders 200',
			]);
			const [token, data] = world.sim.requests;
			expect(token.headers['content-type']).toBe(FORM);
			expect(token.headers.authorization).toBeUndefined();
			expect(token.body).toEqual({
				grant_type: 'client_credentials',
				client_id: SELLER.clientId,
				client_secret: SELLER.clientSecret,
				scope: 'orders shipments',
			});
			expect(token.rawBody).toBe('grant_type=client_credentials&client_id=seller-client&client_secret=seller-secret&scope=orders+shipments');

			const stored = world.store.get(credentials.ottoMarketApi.id!).data.accessToken as string;
			expect(stored).toEqual(expect.any(String));
			expect(data.headers.authorization).toBe(`Bearer ${stored}`);
			expect(data.partnerId).toBe(SELLER.partnerId);
			expect(data.scope).toBe('orders shipments');
		});
	});

	describe.each(['/oauth2/token', '/v1/token'])('service partner installation, token path %s', (tokenPath) => {
		it('gets a developer token, exchanges it for the installation token, and uses that', async () => {
			const credentials = world.partnerCredential({ scopes: ['orders', 'returns'], tokenUrlPath: tokenPath });
			const result = await runNode(world.helper, { ...listOrders(), credentials });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);

			const installationPath = `/v1/apps/${SERVICE_PARTNER.appId}/installations/${SERVICE_PARTNER.installationId}/accessToken`;
			expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
				`POST ${tokenPath} 200`,
				`POST ${installationPath} 200`,
				'GET /v4/orders 200',
			]);
			const [developer, installation, data] = world.sim.requests;
			expect(developer.headers['content-type']).toBe(FORM);
			expect(developer.headers.authorization).toBeUndefined();
			expect(developer.body).toEqual({
				grant_type: 'client_credentials',
				client_id: SERVICE_PARTNER.clientId,
				client_secret: SERVICE_PARTNER.clientSecret,
				scope: 'developer',
			});

			expect(installation.headers['content-type']).toBe(FORM);
			expect(installation.body).toEqual({ scope: 'orders returns' });
			expect(installation.rawBody).toBe('scope=orders+returns');
			const developerToken = /^Bearer (.+)$/.exec(String(installation.headers.authorization))?.[1] ?? '';
			const developerRecord = world.sim.tokens.validate(developerToken);
			expect(developerRecord?.developerId).toBe('developer-1');
			expect(developerRecord?.scope).toBe('developer');
			expect(developerRecord?.partnerId).toBeNull();

			const stored = world.store.get(credentials.ottoMarketApi.id!).data.accessToken as string;
			expect(stored).not.toBe(developerToken);
			expect(data.headers.authorization).toBe(`Bearer ${stored}`);
			const record = world.sim.tokens.validate(stored);
			expect(record).toMatchObject({ installationId: SERVICE_PARTNER.installationId, partnerId: SERVICE_PARTNER.partnerId, scope: 'orders returns' });
		});
	});

	it('ten seller executions share one token: 1 token request, 10 data requests, stored once', async () => {
		const credentials = world.sellerCredential();
		for (let run = 0; run < 10; run++) {
			const result = await runNode(world.helper, { ...listOrders(), credentials });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);
		}
		expect(tokenRequests(world.sim)).toHaveLength(1);
		expect(world.sim.requests.filter((r) => r.path === '/v4/orders')).toHaveLength(10);
		expect(new Set(world.sim.requests.filter((r) => r.path === '/v4/orders').map((r) => r.headers.authorization)).size).toBe(1);
		expect(world.store.get(credentials.ottoMarketApi.id!).updates).toBe(1);
		expect(world.helper.preAuthCalls).toEqual([{ type: 'ottoMarketApi', expired: false }]);
	});

	it('ten service-partner executions share one installation token: 2 token requests', async () => {
		const credentials = world.partnerCredential();
		for (let run = 0; run < 10; run++) {
			const result = await runNode(world.helper, { ...listOrders(), credentials });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(3);
		}
		expect(tokenRequests(world.sim).map((r) => r.path)).toEqual([
			'/oauth2/token',
			`/v1/apps/${SERVICE_PARTNER.appId}/installations/${SERVICE_PARTNER.installationId}/accessToken`,
		]);
		expect(world.sim.requests.filter((r) => r.path === '/v4/orders')).toHaveLength(10);
		expect(world.store.get(credentials.ottoMarketApi.id!).updates).toBe(1);
	});

	// n8n saves a refreshed token without a lock, so executions of one process that find the token
	// missing at the same moment each call preAuthentication (in queue mode: every execution of a
	// worker). Those calls share one token request; calls that do not overlap each make their own.
	it('preAuthentication calls that overlap share one token request; later calls make their own', async () => {
		const requests: string[] = [];
		const helper = {
			helpers: {
				httpRequest: async (options: IHttpRequestOptions) => {
					requests.push(String(options.url));
					const response = await fetch(String(options.url), {
						method: options.method,
						headers: options.headers as Record<string, string>,
						body: options.body as string,
					});
					return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
				},
			},
		} as unknown as IHttpRequestHelper;
		const credential = new OttoMarketApi();
		const data = (): ICredentialDataDecryptedObject => ({
			environment: 'custom',
			baseUrl: world.sim.url,
			authMode: 'sellerApp',
			clientId: SELLER.clientId,
			clientSecret: SELLER.clientSecret,
			accessToken: '',
		});
		world.sim.faults.add({ path: '/oauth2/token', delayMs: 200, times: 1 });
		const together = await Promise.all(Array.from({ length: 5 }, async () => await credential.preAuthentication!.call(helper, data())));
		expect(requests).toHaveLength(1);
		expect(new Set(together.map((output) => output.accessToken)).size).toBe(1);
		expect(tokenRequests(world.sim)).toHaveLength(1);

		// a credential with other fields (here other scopes) never shares that request
		const other = await Promise.all([
			credential.preAuthentication!.call(helper, data()),
			credential.preAuthentication!.call(helper, { ...data(), scopes: ['orders'] }),
		]);
		expect(requests).toHaveLength(3);
		expect(other[0].accessToken).not.toBe(other[1].accessToken);

		// one after the other: nothing is kept once the token was handed over
		await credential.preAuthentication!.call(helper, data());
		await credential.preAuthentication!.call(helper, data());
		expect(requests).toHaveLength(5);
	});

	it('seller: an expired token costs exactly one 401 and one refresh, then the request succeeds', async () => {
		const credentials = world.sellerCredential();
		await runNode(world.helper, { ...listOrders(), credentials });
		const first = world.store.get(credentials.ottoMarketApi.id!).data.accessToken;
		world.sim.expireTokens();
		world.sim.clearRequests();

		const result = await runNode(world.helper, { ...listOrders(), credentials });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /v4/orders 401',
			'POST /oauth2/token 200',
			'GET /v4/orders 200',
		]);
		const second = world.store.get(credentials.ottoMarketApi.id!).data.accessToken;
		expect(second).not.toBe(first);
		expect(world.sim.requests[2].headers.authorization).toBe(`Bearer ${second}`);
		// the refresh after the 401 is n8n's preAuthentication with the token emptied (nodes/shared/storedToken.ts:
		// the credential was read again first and still held the refused token)
		expect(world.helper.preAuthCalls).toEqual([
			{ type: 'ottoMarketApi', expired: false },
			{ type: 'ottoMarketApi', expired: false },
		]);

		// And the refreshed token is reused by the next execution.
		world.sim.clearRequests();
		await runNode(world.helper, { ...listOrders(), credentials });
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /v4/orders 200']);
	});

	it('service partner: an expired token costs one 401 and one refresh (developer + installation token)', async () => {
		const credentials = world.partnerCredential();
		await runNode(world.helper, { ...listOrders(), credentials });
		world.sim.expireTokens();
		world.sim.clearRequests();

		const result = await runNode(world.helper, { ...listOrders(), credentials });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'GET /v4/orders 401',
			'POST /oauth2/token 200',
			`POST /v1/apps/${SERVICE_PARTNER.appId}/installations/${SERVICE_PARTNER.installationId}/accessToken 200`,
			'GET /v4/orders 200',
		]);
		expect(world.helper.preAuthCalls).toHaveLength(2); // the first token, and the one refresh after the 401
	});

	describe('custom base URL', () => {
		it('refuses plain http for a host that is not loopback, before any request', async () => {
			// 0.0.0.0 reaches the local simulator on Linux, so a request that slipped through would show up in the log.
			const credentials = world.sellerCredential({ baseUrl: `http://0.0.0.0:${world.sim.port}` });
			const result = await runNode(world.helper, { ...listOrders(), credentials });
			expect(result.error?.message).toBe(
				'Custom Base URL uses plain http for "0.0.0.0". Plain http is only allowed for loopback addresses (127.0.0.1, localhost); use https:// for any other host',
			);
			expect(result.error?.description).toBe('Fix the Base URL in the OTTO Market credential.');
			expect(world.sim.requests).toHaveLength(0);
			expect(world.helper.preAuthCalls).toHaveLength(0);
		});

		it.each(['127.0.0.1', 'localhost'])('accepts plain http for %s', async (host) => {
			const credentials = world.sellerCredential({ baseUrl: `http://${host}:${world.sim.port}/` });
			const result = await runNode(world.helper, { ...listOrders(), credentials });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);
			expect(world.sim.requests.map((r) => r.path)).toEqual(['/oauth2/token', '/v4/orders']);
		});
	});
});
