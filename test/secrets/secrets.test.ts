/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tests, never shipped */
/**
 * Secrets stay secret: every node runs against the simulator with a known client secret, and the
 * access tokens the simulator issued are read from its log. Neither may appear in any output item,
 * error message, description or context, in what n8n stores of the run, or in any log line
 * (n8n's LoggerProxy, the node context logger, console and stdout/stderr are all captured).
 * Failing runs too: a wrong secret, 401 answers, 500 answers, an unreachable token endpoint.
 * And a Custom base URL over plain http is refused for any host but loopback before anything is sent.
 */
import { readFileSync } from 'fs';
import { createServer } from 'http';
import type { Server } from 'http';
import { networkInterfaces } from 'os';
import { LoggerProxy } from 'n8n-workflow';
import type { INodeCredentialsDetails, INodeParameters, INodeType } from 'n8n-workflow';

import { OttoMarketAvailability } from '../../nodes/OttoMarketAvailability/OttoMarketAvailability.node';
import { OttoMarketInstallation } from '../../nodes/OttoMarketInstallation/OttoMarketInstallation.node';
import { OttoMarketOrders } from '../../nodes/OttoMarketOrders/OttoMarketOrders.node';
import { OttoMarketOrdersTrigger } from '../../nodes/OttoMarketOrdersTrigger/OttoMarketOrdersTrigger.node';
import { OttoMarketPriceReductions } from '../../nodes/OttoMarketPriceReductions/OttoMarketPriceReductions.node';
import { OttoMarketProducts } from '../../nodes/OttoMarketProducts/OttoMarketProducts.node';
import { OttoMarketReceipts } from '../../nodes/OttoMarketReceipts/OttoMarketReceipts.node';
import { OttoMarketReturns } from '../../nodes/OttoMarketReturns/OttoMarketReturns.node';
import { OttoMarketReturnsTrigger } from '../../nodes/OttoMarketReturnsTrigger/OttoMarketReturnsTrigger.node';
import { OttoMarketShipments } from '../../nodes/OttoMarketShipments/OttoMarketShipments.node';
import { OttoMarketShippingProfiles } from '../../nodes/OttoMarketShippingProfiles/OttoMarketShippingProfiles.node';
import { nodeContextLogger, pollOnce, runNode } from '../helpers/n8n';
import { SERVICE_PARTNER, useSimulator } from '../helpers/simulator';
import { consentCredential } from '../nodes/OttoMarketInstallation/consent';


const CLIENT_ID = 'secrets-test-client';
const SECRET = `Sx-${Math.random().toString(36).slice(2)}-very-secret`;
const P = '1000001';

/** JSON of anything, cycles and Buffers included, as a haystack to search. */
function dump(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, entry: unknown) => {
		if (entry instanceof Error) {
			const plain: Record<string, unknown> = { name: entry.name, message: entry.message, stack: entry.stack };
			for (const key of Object.keys(entry)) plain[key] = (entry as unknown as Record<string, unknown>)[key];
			return plain;
		}
		if (entry && typeof entry === 'object') {
			if (seen.has(entry)) return '[cycle]';
			seen.add(entry);
		}
		if (typeof entry === 'bigint') return String(entry);
		return entry;
	}) ?? '';
}

describe('secrets never leak', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const logLines: string[] = [];
	const capture =
		(level: string) =>
		(message: unknown, meta?: unknown): void => {
			logLines.push(`${level} ${String(message)} ${dump(meta)}`);
		};
	const logger = {
		error: capture('error'),
		warn: capture('warn'),
		info: capture('info'),
		debug: capture('debug'),
		verbose: capture('verbose'),
		scoped() {
			return logger;
		},
	};
	const spies: jest.SpyInstance[] = [];

	beforeAll(() => {
		world.sim.apps.addSellerClient({ clientId: CLIENT_ID, clientSecret: SECRET, partnerId: P });
		LoggerProxy.init(logger);
		nodeContextLogger.set(logger);
		for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
			spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => logLines.push(`console.${method} ${dump(args)}`)));
		}
		for (const stream of [process.stdout, process.stderr]) {
			const original = stream.write.bind(stream);
			spies.push(
				jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
					logLines.push(`stream ${String(chunk)}`);
					return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
				}) as typeof stream.write),
			);
		}
	});
	afterAll(() => {
		for (const spy of spies) spy.mockRestore();
	});

	const credential = (extra: Record<string, unknown> = {}): { ottoMarketApi: INodeCredentialsDetails } => ({
		ottoMarketApi: world.store.add('ottoMarketApi', {
			environment: 'custom',
			baseUrl: world.sim.url,
			authMode: 'sellerApp',
			clientId: CLIENT_ID,
			clientSecret: SECRET,
			...extra,
		}),
	});

	/** Every bearer token the simulator saw or issued. */
	const tokens = (): string[] => {
		const seen = new Set<string>();
		for (const entry of world.sim.requests) {
			const header = String(entry.headers.authorization ?? '');
			const match = /^Bearer\s+(\S+)/i.exec(header);
			if (match) seen.add(match[1]);
		}
		const registry = (world.sim.tokens as unknown as { map?: Map<string, unknown> }).map;
		for (const token of registry?.keys() ?? []) seen.add(token);
		return [...seen];
	};

	const haystacks: Array<{ what: string; text: string }> = [];
	const secrets = (): string[] => [SECRET, SERVICE_PARTNER.clientSecret, ...tokens()];

	afterEach(() => {
		const needles = secrets();
		expect(needles.length).toBeGreaterThan(2); // at least one token was issued and is being searched for
		const all = [...haystacks, { what: 'log lines', text: logLines.join('\n') }];
		for (const { what, text } of all) {
			for (const needle of needles) {
				if (text.includes(needle)) throw new Error(`a secret (${needle.slice(0, 6)}…) appears in ${what}`);
			}
		}
		haystacks.length = 0;
	});

	/** The node classes this file has run: every node of the package must be among them. */
	const ranNodes = new Set<string>();
	const run = async (what: string, type: INodeType, parameters: INodeParameters, credentials: Record<string, INodeCredentialsDetails> = credential()) => {
		ranNodes.add(type.constructor.name);
		const result = await runNode(world.helper, { type, parameters, credentials, onError: 'continueRegularOutput' });
		const error = result.error;
		haystacks.push(
			{ what: `${what}: output items`, text: dump(result.outputs) },
			{ what: `${what}: error message`, text: String(error?.message ?? '') },
			{ what: `${what}: error description`, text: String(error?.description ?? '') },
			{ what: `${what}: error context`, text: dump(error?.context ?? {}) },
			{ what: `${what}: the run as n8n stores it`, text: dump(result.run.data) },
		);
		return result;
	};

	const everyNode = (): Array<[string, INodeType, INodeParameters]> => {
		const [order] = world.sim.orders.create(P, { count: 1 });
		return [
			['Orders', new OttoMarketOrders(), { operation: 'get', order: { __rl: true, mode: 'id', value: order.salesOrderId } }],
			['Availability', new OttoMarketAvailability(), { resource: 'quantity', operation: 'getMany', returnAll: false, limit: 1 }],
			['Shipments', new OttoMarketShipments(), { resource: 'shipment', operation: 'getMany', dateFrom: '2026-01-01T00:00:00Z', returnAll: false, limit: 1 }],
			['Returns', new OttoMarketReturns(), { operation: 'getMany', returnAll: false, limit: 1 }],
			['Receipts', new OttoMarketReceipts(), { operation: 'getMany', returnAll: false, limit: 1 }],
			['Price Reductions', new OttoMarketPriceReductions(), { operation: 'getMany', returnAll: false, limit: 1 }],
			['Products', new OttoMarketProducts(), { resource: 'product', operation: 'getMany', returnAll: false, limit: 1 }],
			['Shipping Profiles', new OttoMarketShippingProfiles(), { operation: 'getMany', returnAll: true }],
		];
	};

	it('every node, successful runs (with the token the simulator issued)', async () => {
		for (const [what, type, parameters] of everyNode()) {
			const result = await run(what, type, parameters);
			expect([what, result.error?.message]).toEqual([what, undefined]);
			expect(result.items.filter((item) => item.json.error)).toEqual([]);
		}
		for (const [what, type, parameters] of [
			['Orders Trigger', new OttoMarketOrdersTrigger(), { event: 'processable' }],
			['Returns Trigger', new OttoMarketReturnsTrigger(), { event: 'announcedReturn' }],
		] as Array<[string, INodeType, INodeParameters]>) {
			ranNodes.add(type.constructor.name);
			// Fetch Test Event with nothing matching fails with what to do (issue 17 point 4): its words are checked too.
			const result = await pollOnce(world.helper, { type, parameters, credentials: credential() }, { mode: 'manual' }).catch(
				(error: Error & { description?: string }) => {
					if (!/No event found/.test(error.message)) throw error;
					return { message: error.message, description: error.description };
				},
			);
			haystacks.push({ what: `${what}: poll output`, text: dump(result) });
		}
		const installation = await run('Installation', new OttoMarketInstallation(), { operation: 'get' }, await consentCredential(world));
		expect(installation.error).toBeUndefined();
		expect(tokens().length).toBeGreaterThanOrEqual(3);
		// a node added to package.json must be added here too
		const pkg = JSON.parse(readFileSync(`${__dirname}/../../package.json`, 'utf8')) as { n8n: { nodes: string[] } };
		const declared = pkg.n8n.nodes.map((file) => file.replace(/^.*\/([A-Za-z0-9]+)\.node\.js$/, '$1')).sort();
		expect([...ranNodes].sort()).toEqual(declared);
	});

	it('every node, with a wrong client secret (token request refused)', async () => {
		for (const [what, type, parameters] of everyNode()) {
			const result = await run(`${what} (wrong secret)`, type, parameters, credential({ clientSecret: `${SECRET}-wrong` }));
			const text = `${result.error?.message ?? ''} ${result.items.map((item) => item.json.error).join(' ')}`;
			expect(text).toMatch(/invalid_client|Client Secret|token/i);
		}
	});

	it('every node, when OTTO answers 401 to every data request (token refreshed, then given up)', async () => {
		world.sim.faults.add({ path: /^\/v\d\/(?!apps)/, status: 401, times: Infinity });
		for (const [what, type, parameters] of everyNode()) {
			const result = await run(`${what} (401)`, type, parameters);
			expect([what, result.items.some((item) => item.json.error !== undefined) || result.error !== undefined]).toEqual([what, true]);
		}
		world.sim.faults.clear();
	});

	it('every node, when OTTO answers 500, and 503 with retries (which the transport logs)', async () => {
		for (const status of [500, 503]) {
			world.sim.faults.clear();
			world.sim.faults.add({ path: /^\/v\d\/(?!apps)/, status, times: Infinity });
			for (const [what, type, parameters] of everyNode()) {
				const requestOptions = { maxRetries: 1, initialBackoffMs: 1 };
				const result = await run(`${what} (${status})`, type, { ...parameters, requestOptions }, credential({}));
				expect([what, result.items.some((item) => item.json.error !== undefined) || result.error !== undefined]).toEqual([what, true]);
			}
		}
		world.sim.faults.clear();
		// The capture works: the transport's retry log lines (context logger) were seen.
		expect(logLines.filter((line) => line.includes('OTTO request will be repeated')).length).toBeGreaterThanOrEqual(8);
	});

	it('an unreachable token endpoint does not echo the request (which holds the secret)', async () => {
		const result = await run('Orders (unreachable)', new OttoMarketOrders(), { operation: 'getMany', returnAll: false, limit: 1 }, credential({ baseUrl: 'http://127.0.0.1:9' }));
		expect(`${result.error?.message ?? ''}${result.items.map((item) => item.json.error).join('')}`).toMatch(/could not reach|ECONNREFUSED/i);
	});
});

describe('a Custom base URL over plain http', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	let server: Server;
	let hits = 0;
	let host = '';

	beforeAll(async () => {
		// A non-loopback address of this machine, with a server that counts what reaches it.
		host =
			Object.values(networkInterfaces())
				.flat()
				.find((address) => address && address.family === 'IPv4' && !address.internal)?.address ?? '';
		server = createServer((request, response) => {
			hits += 1;
			response.end('{}');
		});
		await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
	});
	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('is refused for a non-loopback host: clear message, nothing leaves', async () => {
		expect(host).not.toBe('');
		const port = (server.address() as { port: number }).port;
		for (const baseUrl of [`http://${host}:${port}`, `http://otto.example:${port}`]) {
			const result = await runNode(world.helper, {
				type: new OttoMarketOrders(),
				parameters: { operation: 'getMany', returnAll: false, limit: 1 },
				credentials: world.sellerCredential({ baseUrl }),
			});
			expect(result.error?.message).toMatch(/plain http .*only allowed for loopback/i);
		}
		expect(hits).toBe(0);
		expect(world.sim.requests).toHaveLength(0);
	});

	it('is accepted for loopback (the simulator)', async () => {
		const result = await runNode(world.helper, {
			type: new OttoMarketOrders(),
			parameters: { operation: 'getMany', returnAll: false, limit: 1 },
			credentials: world.sellerCredential({ baseUrl: world.sim.url.replace('127.0.0.1', 'localhost') }),
		});
		expect(result.error).toBeUndefined();
	});
});
