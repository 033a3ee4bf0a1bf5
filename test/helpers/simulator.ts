/** Starts the OTTO simulator around a test file and builds credentials that point at it. */
import type { IDataObject, INodeCredentialsDetails } from 'n8n-workflow';

import { startSimulator } from '../../simulator';
import type { RequestLogEntry, Simulator, SimulatorOptions } from '../../simulator';
import { CredentialStore, TestCredentialsHelper } from './n8n';

export const SELLER = { clientId: 'seller-client', clientSecret: 'seller-secret', partnerId: '1000001' };
export const SERVICE_PARTNER = {
	appId: 'sp-app-1',
	clientId: 'sp-client',
	clientSecret: 'sp-secret',
	installationId: 'inst-1000002',
	partnerId: '1000002',
};

export interface TestWorld {
	sim: Simulator;
	store: CredentialStore;
	helper: TestCredentialsHelper;
	/** A seller-app credential for the simulator (all data scopes unless given). */
	sellerCredential(extra?: IDataObject): { ottoMarketApi: INodeCredentialsDetails };
	/** A service-partner credential for the built-in installation. */
	partnerCredential(extra?: IDataObject): { ottoMarketApi: INodeCredentialsDetails };
}

/**
 * Use in a describe block: `const world = useSimulator();` then `world.sim`, `world.helper` in tests.
 * A fresh credential store per test keeps token counts apart.
 */
export function useSimulator(options: SimulatorOptions = {}): TestWorld {
	const world = {} as TestWorld;
	beforeAll(async () => {
		world.sim = await startSimulator({ port: 0, ...options });
	});
	afterAll(async () => {
		await world.sim?.close();
	});
	beforeEach(() => {
		world.store = new CredentialStore();
		world.helper = new TestCredentialsHelper(world.store);
		world.sim.clearRequests();
		world.sim.faults.clear();
	});
	world.sellerCredential = (extra = {}) => ({
		ottoMarketApi: world.store.add('ottoMarketApi', {
			environment: 'custom',
			baseUrl: world.sim.url,
			authMode: 'sellerApp',
			clientId: SELLER.clientId,
			clientSecret: SELLER.clientSecret,
			...extra,
		}),
	});
	world.partnerCredential = (extra = {}) => ({
		ottoMarketApi: world.store.add('ottoMarketApi', {
			environment: 'custom',
			baseUrl: world.sim.url,
			authMode: 'servicePartner',
			appId: SERVICE_PARTNER.appId,
			installationId: SERVICE_PARTNER.installationId,
			clientId: SERVICE_PARTNER.clientId,
			clientSecret: SERVICE_PARTNER.clientSecret,
			...extra,
		}),
	});
	return world;
}

/** The requests the simulator logged for a path prefix (token calls excluded unless asked). */
export function requestsTo(sim: Simulator, prefix: string, method?: string) {
	return sim.requests.filter((r) => r.path.startsWith(prefix) && (!method || r.method === method));
}

export function tokenRequests(sim: Simulator) {
	return sim.requests.filter(
		(r) => r.path === '/oauth2/token' || r.path === '/v1/token' || r.path.endsWith('/accessToken'),
	);
}

/**
 * Page-number lists read pages ahead (nodes/shared/pagination.ts): the requests for the pages up
 * to `last` (by page number), and how many requests went beyond it (read ahead past the end of the
 * list and dropped unread; at most Max Concurrent Requests − 1).
 */
export function pagesUpTo(requests: RequestLogEntry[], last: number, first = 1): { read: RequestLogEntry[]; beyond: number } {
	const page = (request: RequestLogEntry) => Number(request.query.page ?? first);
	const read = requests.filter((request) => page(request) <= last).sort((a, b) => page(a) - page(b));
	return { read, beyond: requests.length - read.length };
}
