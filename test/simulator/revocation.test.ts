import { startSimulator, BUILT_IN } from '../../simulator';
import type { Simulator } from '../../simulator';

// simulator/revocation.js: with revokeOnReissue, a new access token revokes the older ones of the same grant.
describe('simulator: token revocation on reissue', () => {
	let sim: Simulator;

	beforeAll(async () => {
		sim = await startSimulator({ seed: 7 });
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
	});

	async function sellerToken(clientId = BUILT_IN.seller.clientId, clientSecret = BUILT_IN.seller.clientSecret): Promise<string> {
		const res = await fetch(`${sim.url}/oauth2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'orders' }).toString(),
		});
		expect(res.status).toBe(200);
		return ((await res.json()) as { access_token: string }).access_token;
	}
	const status = async (token: string) =>
		(await fetch(`${sim.url}/v4/orders?limit=1`, { headers: { authorization: `Bearer ${token}` } })).status;

	it('off by default: older tokens stay valid', async () => {
		expect(sim.config.revokeOnReissue).toBe(false);
		const first = await sellerToken();
		const second = await sellerToken();
		expect([await status(first), await status(second)]).toEqual([200, 200]);
	});

	it('on: only the newest token of a client works; another client keeps its token', async () => {
		sim.apps.addSellerClient({ clientId: 'other-client', clientSecret: 'other-secret', partnerId: '1000001' });
		const other = await sellerToken('other-client', 'other-secret');
		const res = await fetch(`${sim.url}/__control/config`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ revokeOnReissue: true }),
		});
		expect(res.status).toBe(200);
		const tokens = [await sellerToken(), await sellerToken(), await sellerToken()];
		expect(await Promise.all(tokens.map(status))).toEqual([401, 401, 200]);
		expect(await status(other)).toBe(200);
	});

	it('reset() turns it off again', async () => {
		sim.config.revokeOnReissue = true;
		sim.reset();
		const first = await sellerToken();
		await sellerToken();
		expect(await status(first)).toBe(200);
	});
});
