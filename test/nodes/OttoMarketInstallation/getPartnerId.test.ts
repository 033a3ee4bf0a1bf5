import { OttoMarketInstallation } from '../../../nodes/OttoMarketInstallation/OttoMarketInstallation.node';
import { tokenClaims } from '../../../nodes/OttoMarketInstallation/actions/getPartnerId.operation';
import { runNode } from '../../helpers/n8n';
import { SERVICE_PARTNER, requestsTo, tokenRequests, useSimulator } from '../../helpers/simulator';
import { consentCredential } from './consent';

describe('OTTO Market Installation: Get Partner ID', () => {
	const world = useSimulator({ contract: 'enforce' });
	beforeEach(() => {
		world.sim.config.consentPartnerIdClaim = 'partner_id';
		world.sim.contract.clear();
	});
	afterEach(() => expect(world.sim.contract.violations).toEqual([]));
	const getPartnerId = (credentials: Awaited<ReturnType<typeof consentCredential>>) =>
		runNode(world.helper, { type: new OttoMarketInstallation(), parameters: { operation: 'getPartnerId' }, credentials });

	it('reads the partner_id claim of the consent token', async () => {
		const credentials = await consentCredential(world);
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: new OttoMarketInstallation(),
			parameters: { operation: 'getPartnerId' },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toEqual({
			partnerId: '1000002',
			source: 'partner_id claim of the consent access token',
			installationId: SERVICE_PARTNER.installationId,
		});
		expect(world.sim.requests).toHaveLength(1);
	});

	it('an expired consent token is refreshed by n8n first, then the claim of the new token is read', async () => {
		const credentials = await consentCredential(world);
		const before = world.store.get(credentials.ottoMarketOAuth2Api.id!).data.oauthTokenData as { access_token: string };
		world.sim.expireTokens();
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: new OttoMarketInstallation(),
			parameters: { operation: 'getPartnerId' },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.partnerId).toBe('1000002');
		// 401 on the old token, refresh_token grant, the lookup again with the new token.
		expect(requestsTo(world.sim, '/v1/apps/').map((r) => r.status)).toEqual([401, 200]);
		const refresh = tokenRequests(world.sim);
		expect(refresh).toHaveLength(1);
		expect(refresh[0].body.grant_type).toBe('refresh_token');
		const after = world.store.get(credentials.ottoMarketOAuth2Api.id!).data.oauthTokenData as { access_token: string };
		expect(after.access_token).not.toBe(before.access_token);
		expect(tokenClaims(after.access_token)?.partner_id).toBe('1000002');
	});

	it('OTTO\'s other sample reading: the partner in the claim "partner" (issue 18 point 11)', async () => {
		world.sim.config.consentPartnerIdClaim = 'partner';
		const credentials = await consentCredential(world);
		const data = world.store.get(credentials.ottoMarketOAuth2Api.id!).data.oauthTokenData as { access_token: string };
		expect(tokenClaims(data.access_token)).toMatchObject({ partner: '1000002' });
		expect(tokenClaims(data.access_token)?.partner_id).toBeUndefined();
		const result = await getPartnerId(credentials);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			partnerId: '1000002',
			source: 'partner claim of the consent access token',
			installationId: SERVICE_PARTNER.installationId,
		});
	});

	it('OTTO\'s installation answer carries no partner ID (the contract), so the node never reads one there', async () => {
		const credentials = await consentCredential(world);
		world.sim.clearRequests();
		await getPartnerId(credentials);
		const [lookup] = requestsTo(world.sim, '/v1/apps/');
		expect(lookup.status).toBe(200);
		expect(world.sim.contract.violations).toEqual([]);
	});

	it('a token without a partner ID claim: the error says what to do, naming the installation', async () => {
		world.sim.config.consentPartnerIdClaim = null;
		const credentials = await consentCredential(world);
		world.sim.clearRequests();
		const result = await getPartnerId(credentials);
		expect(result.error?.message).toBe('The consent token carries no partner ID');
		const description = String((result.error as { description?: string }).description);
		expect(description).toMatch(/looked for "partner_id" and "partner"/);
		expect(description).toMatch(/Reconnect the OTTO Market OAuth2 API credential with the scopes "installation partnerId"/);
		expect(description).toContain(SERVICE_PARTNER.installationId);
		expect(world.sim.requests).toHaveLength(1);
	});

	it('a consent given without the partnerId scope: the error names the scopes and the fix', async () => {
		world.sim.config.consentPartnerIdClaim = null;
		const credentials = await consentCredential(world);
		const entry = world.store.get(credentials.ottoMarketOAuth2Api.id!);
		entry.data.oauthTokenData = { ...(entry.data.oauthTokenData as object), scope: 'installation' };
		const result = await getPartnerId(credentials);
		expect(String((result.error as { description?: string }).description)).toMatch(
			/given for the scopes "installation", without "partnerId"\. Set the Scope .* to "installation partnerId" and reconnect it/,
		);
	});

	it('an opaque token (no JWT): the same clear error', async () => {
		const credentials = await consentCredential(world);
		const entry = world.store.get(credentials.ottoMarketOAuth2Api.id!);
		const data = entry.data.oauthTokenData as { access_token: string };
		// The same valid token, but as an opaque string the node cannot read a claim from.
		const tokens = (world.sim.tokens as unknown as { map: Map<string, object> }).map;
		tokens.set(`opaque${data.access_token.split('.')[2]}`, { ...tokens.get(data.access_token)! });
		entry.data.oauthTokenData = { ...data, access_token: `opaque${data.access_token.split('.')[2]}` };
		world.sim.clearRequests();
		const result = await getPartnerId(credentials);
		expect(result.error?.message).toBe('The consent token carries no partner ID');
		expect(world.sim.requests).toHaveLength(1);
	});
});
