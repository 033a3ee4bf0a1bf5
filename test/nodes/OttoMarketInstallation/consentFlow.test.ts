import { OttoMarketInstallation } from '../../../nodes/OttoMarketInstallation/OttoMarketInstallation.node';
import { TransportProbe } from '../../fixtures/TransportProbe.node';
import { runNode } from '../../helpers/n8n';
import { SERVICE_PARTNER, requestsTo, tokenRequests, useSimulator } from '../../helpers/simulator';
import { consentCode, consentCredential, exchangeCode } from './consent';

describe('service-partner onboarding: consent → installation → installation credential → orders', () => {
	const world = useSimulator();

	it('reads only the data of the installation the consent was given for', async () => {
		// Orders of two partners: the seller's own (1000001) and the installing partner's (1000002).
		const foreign = world.sim.orders.create('1000001', { count: 3 }).map((o) => o.salesOrderId);
		const own = world.sim.orders.create('1000002', { count: 2 }).map((o) => o.salesOrderId);

		// 1. Consent: authorization code, exchanged for the consent token (n8n's OAuth2 callback).
		const { code, state } = await consentCode(world, 'random-state-42');
		expect(code).toMatch(/\S{20,}/);
		expect(state).toBe('random-state-42');
		const tokenData = await exchangeCode(world, code);
		expect(typeof tokenData.access_token).toBe('string');
		expect(typeof tokenData.refresh_token).toBe('string');
		const consent = world.store.add('ottoMarketOAuth2Api', {
			clientId: SERVICE_PARTNER.clientId,
			clientSecret: SERVICE_PARTNER.clientSecret,
			environment: 'custom',
			baseUrl: world.sim.url,
			authUrl: `${world.sim.url}/oauth2/auth`,
			accessTokenUrl: `${world.sim.url}/oauth2/token`,
			grantType: 'authorizationCode',
			authentication: 'body',
			scope: 'installation partnerId',
			oauthTokenData: tokenData,
		});
		world.sim.clearRequests();

		// 2. Installation ID with the Installation node (OAuth2 path of n8n-core).
		const installation = await runNode(world.helper, {
			type: new OttoMarketInstallation(),
			parameters: { operation: 'get', appId: SERVICE_PARTNER.appId },
			credentials: { ottoMarketOAuth2Api: consent },
		});
		expect(installation.error).toBeUndefined();
		expect(installation.items).toHaveLength(1);
		const installationId = installation.items[0].json.installationId as string;
		expect(installationId).toBe(SERVICE_PARTNER.installationId);
		const lookups = requestsTo(world.sim, '/v1/apps/');
		expect(lookups).toHaveLength(1);
		expect(lookups[0].headers.authorization).toBe(`Bearer ${String(tokenData.access_token)}`);
		expect(lookups[0].partnerId).toBe('1000002');
		expect(tokenRequests(world.sim)).toHaveLength(0);

		// 3. The service-partner credential for that installation, 4. an Orders call with it.
		world.sim.clearRequests();
		const orders = await runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'list', path: '/v4/orders', returnAll: true },
			credentials: world.partnerCredential({ installationId }),
		});
		expect(orders.error).toBeUndefined();
		const ids = orders.items.map((item) => item.json.salesOrderId);
		expect(ids.sort()).toEqual([...own].sort());
		for (const id of foreign) expect(ids).not.toContain(id);
		const tokenCalls = tokenRequests(world.sim);
		expect(tokenCalls.map((r) => r.path)).toEqual([
			'/oauth2/token',
			`/v1/apps/${SERVICE_PARTNER.appId}/installations/${installationId}/accessToken`,
		]);
		const orderCalls = requestsTo(world.sim, '/v4/orders');
		expect(orderCalls).toHaveLength(1);
		expect(orderCalls[0].partnerId).toBe('1000002');
	});

	it('a code is single use: a second exchange fails', async () => {
		const { code } = await consentCode(world);
		await exchangeCode(world, code);
		const again = await fetch(new URL('/oauth2/token', world.sim.url), {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'authorization_code',
				code,
				client_id: SERVICE_PARTNER.clientId,
				client_secret: SERVICE_PARTNER.clientSecret,
			}).toString(),
		});
		expect(again.status).toBe(400);
		expect(await again.json()).toEqual({ error: 'invalid_grant', error_description: 'Code not valid' });
	});

	it('the consent credential helper stores a working credential', async () => {
		const credentials = await consentCredential(world);
		const result = await runNode(world.helper, {
			type: new OttoMarketInstallation(),
			parameters: { operation: 'get' },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.installationId).toBe(SERVICE_PARTNER.installationId);
	});
});
