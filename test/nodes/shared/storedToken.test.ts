/**
 * nodes/shared/storedToken.ts through n8n-core against the simulator over HTTP: the token stored in the
 * credential after a 401. Another execution (in queue mode another worker) may have saved a newer token:
 * it is read and used, no token is requested; a refresh costs one token request per n8n instance.
 * "Workers" are copies of the package's modules (jest.isolateModules) on one credential store, as n8n
 * workers are processes on one database; n8n's save is given the time a database write takes.
 */
import { sleep } from 'n8n-workflow';
import type { INodeCredentialsDetails } from 'n8n-workflow';

import { MAX_ROUNDS } from '../../../nodes/shared/storedToken';
import { TransportProbe } from '../../fixtures/TransportProbe.node';
import { CredentialStore, runNode } from '../../helpers/n8n';
import type { RunResult, TestCredentialsHelper } from '../../helpers/n8n';
import { SELLER, tokenRequests, useSimulator } from '../../helpers/simulator';

type Credentials = { ottoMarketApi: INodeCredentialsDetails };

interface Worker {
	helper: TestCredentialsHelper;
	run(credentials: Credentials): Promise<RunResult>;
}

const listOrders = { operation: 'list', path: '/v4/orders', returnAll: true };

/** The package's modules as one n8n instance loads them: its own token memory and preAuthentication sharing. */
const instances: Array<{ n8n: typeof import('../../helpers/n8n'); Probe: typeof TransportProbe }> = [];
async function instance(index: number) {
	while (instances.length <= index) {
		await jest.isolateModulesAsync(async () => {
			instances.push({ n8n: await import('../../helpers/n8n'), Probe: (await import('../../fixtures/TransportProbe.node')).TransportProbe });
		});
	}
	return instances[index];
}

/** Worker `index` (an n8n instance) on `store`, whose save of a refreshed token takes `saveDelayMs` (each save its own). */
async function startWorker(index: number, store: CredentialStore, saveDelayMs: () => number): Promise<Worker> {
	const { n8n, Probe } = await instance(index);
	const helper = new n8n.TestCredentialsHelper(store);
	helper.saveDelayMs = saveDelayMs;
	return { helper, run: async (credentials) => await n8n.runNode(helper, { type: new Probe(), parameters: listOrders, credentials }) };
}

/** A small seeded generator (mulberry32), so a failing run can be replayed by its seed. */
function random(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}


describe('stored token after a 401 (storedToken.ts)', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	beforeAll(() => {
		world.sim.orders.create(SELLER.partnerId, { count: 2 });
	});

	afterEach(() => {
		world.sim.config.revokeOnReissue = false;
	});

	async function tokenFromOtto(scope: string): Promise<string> {
		const response = await fetch(`${world.sim.url}/oauth2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: SELLER.clientId, client_secret: SELLER.clientSecret, scope }).toString(),
		});
		return ((await response.json()) as { access_token: string }).access_token;
	}

	it('a newer token saved by another worker meanwhile is read and used: no token request', async () => {
		const credentials = world.sellerCredential();
		const id = credentials.ottoMarketApi.id!;
		expect((await runNode(world.helper, { type: new TransportProbe(), parameters: listOrders, credentials })).error).toBeUndefined();
		const first = world.store.get(id).data.accessToken as string;

		// the execution reads the credential and sends; before OTTO answers, another worker refreshes:
		// OTTO issued it a new token (and the old one stopped working), and it saved it in the credential
		world.sim.faults.add({ method: 'GET', path: '/v4/orders', delayMs: 1000, times: 1 });
		world.sim.clearRequests();
		const running = runNode(world.helper, { type: new TransportProbe(), parameters: listOrders, credentials });
		// the request is at OTTO (logged as it arrives; answered after the delay)
		while (!world.sim.requests.some((r) => r.path === '/v4/orders')) await sleep(10);
		const other = await tokenFromOtto(world.sim.tokens.validate(first)!.scope);
		world.sim.tokens.revoke((record) => record.token === first);
		world.store.get(id).data = { ...world.store.get(id).data, accessToken: other };

		const result = await running;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		// (logged as they arrive: the refused request came before the other worker's token request)
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /v4/orders 401', 'POST /oauth2/token 200', 'GET /v4/orders 200']);
		expect(world.sim.requests[0].headers.authorization).toBe(`Bearer ${first}`);
		expect(world.sim.requests[2].headers.authorization).toBe(`Bearer ${other}`);
		expect(world.store.get(id).data.accessToken).toBe(other);
		expect(world.helper.preAuthCalls).toHaveLength(1); // the first run's; none after the 401
	});

	it('still the refused token stored: one refresh, saved, and the request sent again', async () => {
		const credentials = world.sellerCredential();
		const id = credentials.ottoMarketApi.id!;
		await runNode(world.helper, { type: new TransportProbe(), parameters: listOrders, credentials });
		const first = world.store.get(id).data.accessToken;
		world.sim.expireTokens();
		world.sim.clearRequests();
		const result = await runNode(world.helper, { type: new TransportProbe(), parameters: listOrders, credentials });
		expect(result.error).toBeUndefined();
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /v4/orders 401', 'POST /oauth2/token 200', 'GET /v4/orders 200']);
		const second = world.store.get(id).data.accessToken;
		expect(second).not.toBe(first);
		expect(world.sim.requests[2].headers.authorization).toBe(`Bearer ${second}`);
	});

	it('OTTO keeps refusing: the 401 is the error after a bounded number of sends', async () => {
		const credentials = world.sellerCredential();
		await runNode(world.helper, { type: new TransportProbe(), parameters: listOrders, credentials });
		world.sim.clearRequests();
		world.sim.faults.add({ method: 'GET', path: '/v4/orders', status: 401, times: 10, body: { errors: [{ title: 'UNAUTHORIZED' }] } });
		const result = await runNode(world.helper, { type: new TransportProbe(), parameters: listOrders, credentials });
		expect(result.error?.message).toMatch(/401|access token|UNAUTHORIZED/i);
		const sends = world.sim.requests.filter((r) => r.path === '/v4/orders');
		expect(sends.length).toBeGreaterThan(1);
		expect(sends.length).toBeLessThanOrEqual(MAX_ROUNDS);
		expect(tokenRequests(world.sim).length).toBeLessThanOrEqual(sends.length);
	});

	// Randomized: two workers, five executions each at once, OTTO answering each request after a random
	// delay, each n8n save taking 1 to 90 ms (so two workers' saves can land in the other order than OTTO
	// issued their tokens). Invariants per seed: no execution fails; a refresh costs at most one token
	// request per worker (with OTTO revoking older tokens on reissue: at most two per worker); the next
	// burst fails nowhere, and as documented (no revocation) it requests no token and gets no 401: the
	// token left in the credential works. With revocation, a save that landed last with the older, revoked
	// token leaves that one in the credential: the next burst then refreshes, at most once per worker.
	// (Seen in CI before the refused tokens were remembered per instance: 7 of 10 executions failing.)
	const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
	describe.each([false, true])('two workers, expired token, revokeOnReissue %s', (revoke) => {
		it.each(seeds)('seed %i', async (seed) => {
			const next = random(seed * 7919 + (revoke ? 1 : 0));
			const store = new CredentialStore();
			const credentials = { ottoMarketApi: store.add('ottoMarketApi', { environment: 'custom', baseUrl: world.sim.url, authMode: 'sellerApp', clientId: SELLER.clientId, clientSecret: SELLER.clientSecret }) };
			const saveDelay = () => 1 + Math.round(next() * 89);
			const workers = [await startWorker(0, store, saveDelay), await startWorker(1, store, saveDelay)];
			const burst = async () => {
				for (let i = 0; i < 10; i++) world.sim.faults.add({ method: 'GET', path: '/v4/orders', delayMs: 1 + Math.round(next() * 120), times: 1 });
				const runs = await Promise.all(workers.flatMap((worker) => Array.from({ length: 5 }, () => worker.run(credentials))));
				world.sim.faults.clear();
				return runs;
			};
			const fresh = await burst();
			expect(fresh.map((r) => r.error?.message)).toEqual(fresh.map(() => undefined));
			expect(tokenRequests(world.sim).length).toBeLessThanOrEqual(workers.length);

			world.sim.config.revokeOnReissue = revoke;
			world.sim.expireTokens();
			world.sim.clearRequests();
			const expired = await burst();
			const failed = expired.map((r) => r.error?.message).filter(Boolean);
			expect({ seed, failed }).toEqual({ seed, failed: [] });
			const refreshes = tokenRequests(world.sim).length;
			expect(refreshes).toBeGreaterThanOrEqual(1);
			expect({ seed, refreshes: refreshes <= (revoke ? 2 : 1) * workers.length }).toEqual({ seed, refreshes: true });

			world.sim.clearRequests();
			const after = await burst();
			expect(after.map((r) => r.error?.message)).toEqual(after.map(() => undefined));
			const again = { seed, tokenRequests: tokenRequests(world.sim).length, status401: world.sim.requests.filter((r) => r.status === 401).length };
			if (revoke) expect(again.tokenRequests).toBeLessThanOrEqual(workers.length);
			else expect(again).toEqual({ seed, tokenRequests: 0, status401: 0 });
			for (const r of [...expired, ...after]) expect(r.items).toHaveLength(2);
		});
	});
});
