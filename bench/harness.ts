/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark, never shipped */
/**
 * What every benchmark scenario needs: the simulator, n8n's execution engine with a credential
 * store (test/helpers/n8n.ts, the same harness the tests use), our real node classes, and
 * measuring helpers. Runs from the transpiled copy tools/bench.mjs makes, never from jest.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import type { IDataObject, INodeCredentialsDetails, INodeType } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import type { RequestLogEntry, Simulator, SimulatorOptions } from '../simulator';
import { CredentialStore, TestCredentialsHelper } from '../test/helpers/n8n';

export const SELLER = { clientId: 'seller-client', clientSecret: 'seller-secret', partnerId: '1000001' };
export const SERVICE_PARTNER = { appId: 'sp-app-1', clientId: 'sp-client', clientSecret: 'sp-secret', installationId: 'inst-1000002', partnerId: '1000002' };

/** One row of the result table: our figure beside its limit, measured in the same run. */
export interface Row {
	scenario: string;
	metric: string;
	ours: string;
	limit: string;
	/** true/false: a target; undefined: information only. */
	pass?: boolean;
	note?: string;
}

export interface ScenarioResult {
	name: string;
	rows: Row[];
	/** Raw numbers for .bench/results.json. */
	data: IDataObject;
	seconds: number;
}

export interface World {
	sim: Simulator;
	store: CredentialStore;
	helper: TestCredentialsHelper;
	seller(extra?: IDataObject): { ottoMarketApi: INodeCredentialsDetails };
	partner(extra?: IDataObject): { ottoMarketApi: INodeCredentialsDetails };
	close(): Promise<void>;
}

/** A fresh simulator (own rate-limit windows and log) with a fresh credential store. */
export async function world(options: SimulatorOptions = {}): Promise<World> {
	// the contract is proven by the contract test (npm test); here the simulator only serves, so its checks do not count as our time
	const sim = await startSimulator({ port: 0, maxRequestLog: 0, logErrors: true, contract: 'off', ...options });
	const store = new CredentialStore();
	const helper = new TestCredentialsHelper(store);
	return {
		sim,
		store,
		helper,
		seller: (extra = {}) => ({
			ottoMarketApi: store.add('ottoMarketApi', {
				environment: 'custom',
				baseUrl: sim.url,
				authMode: 'sellerApp',
				clientId: SELLER.clientId,
				clientSecret: SELLER.clientSecret,
				...extra,
			}),
		}),
		partner: (extra = {}) => ({
			ottoMarketApi: store.add('ottoMarketApi', {
				environment: 'custom',
				baseUrl: sim.url,
				authMode: 'servicePartner',
				appId: SERVICE_PARTNER.appId,
				installationId: SERVICE_PARTNER.installationId,
				clientId: SERVICE_PARTNER.clientId,
				clientSecret: SERVICE_PARTNER.clientSecret,
				...extra,
			}),
		}),
		close: async () => await sim.close(),
	};
}

/** Our node class `nodes/<dir>/<dir>.node.js` (compiled next to the benchmark); a missing one is an error. */
export function loadNode(dir: string): INodeType {
	const file = join(__dirname, '..', 'nodes', dir, `${dir}.node.js`);
	if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build (npm run bench builds first)`);
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled node next to the benchmark
	const module = require(file) as Record<string, new () => INodeType>;
	const NodeClass = module[dir];
	if (!NodeClass) throw new Error(`${file} exports no class ${dir}`);
	return new NodeClass();
}

export function isTokenRequest(entry: RequestLogEntry): boolean {
	return entry.path === '/oauth2/token' || entry.path === '/v1/token' || entry.path.endsWith('/accessToken');
}

export function tokenCalls(sim: Simulator): number {
	return sim.requests.filter(isTokenRequest).length;
}

export function dataCalls(sim: Simulator): RequestLogEntry[] {
	return sim.requests.filter((entry) => !isTokenRequest(entry));
}

export function gc(): void {
	const collect = (global as { gc?: () => void }).gc;
	if (collect) {
		collect();
		collect();
	}
}

/** Samples heapUsed every few milliseconds while a run goes on; `stop()` gives the peak. */
export function heapSampler(intervalMs = 5): { stop(): number } {
	let peak = process.memoryUsage().heapUsed;
	const timer = setInterval(() => {
		const used = process.memoryUsage().heapUsed;
		if (used > peak) peak = used;
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			const used = process.memoryUsage().heapUsed;
			return Math.max(peak, used);
		},
	};
}

export async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
	const start = process.hrtime.bigint();
	const value = await run();
	return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
export const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

