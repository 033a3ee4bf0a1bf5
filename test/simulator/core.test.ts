/* eslint-disable @n8n/community-nodes/no-restricted-globals -- tests, never shipped: token expiry needs real time to pass */
import { startSimulator, BUILT_IN, DATA_SCOPES } from '../../simulator';
import type { Simulator, SimulatorConfig } from '../../simulator';

/** A token endpoint answer: the token, or an OAuth error. */
interface TokenAnswer {
	access_token: string;
	expires_in: number;
	token_type: string;
	scope: string;
	/** Only in authorization-code answers. */
	refresh_token: string;
	error?: string;
	error_description?: string;
}

/** OTTO error bodies: the `errors[]` shape and the problem (`validationErrors`) shape. */
interface ErrorAnswer {
	errors: Array<{ title: string; detail?: string; path?: string }>;
	validationErrors: Array<{ detail: string }>;
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('simulator core', () => {
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

	async function token(fields: Record<string, string>, headers: Record<string, string> = {}, path = '/oauth2/token') {
		const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { ...FORM, ...headers }, body: form(fields) });
		return { status: res.status, body: (await res.json()) as TokenAnswer };
	}

	const sellerToken = async (scope = 'orders') =>
		(await token({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret', scope })).body.access_token as string;

	const get = (path: string, accessToken?: string) =>
		fetch(`${sim.url}${path}`, { headers: accessToken ? { authorization: `Bearer ${accessToken}` } : {} });

	describe('client_credentials', () => {
		it('issues a JWT-like token with partner_id, scope and exp (form client auth)', async () => {
			const { status, body } = await token({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret', scope: 'orders shipments' });
			expect(status).toBe(200);
			expect(body).toMatchObject({ expires_in: 1800, token_type: 'Bearer', scope: 'orders shipments' });
			const parts = body.access_token.split('.');
			expect(parts).toHaveLength(3);
			const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
			expect(payload.partner_id).toBe('1000001');
			expect(payload.scope).toBe('orders shipments');
			expect(payload.exp - payload.iat).toBe(1800);
		});

		it('accepts HTTP Basic client auth and the /v1/token path', async () => {
			const basic = Buffer.from('seller-client:seller-secret').toString('base64');
			const { status, body } = await token({ grant_type: 'client_credentials', scope: DATA_SCOPES.join(' ') }, { authorization: `Basic ${basic}` }, '/v1/token');
			expect(status).toBe(200);
			expect(body.scope.split(' ')).toEqual(DATA_SCOPES);
		});

		it('uses config.tokenTtlSeconds for expires_in', async () => {
			sim.config.tokenTtlSeconds = 60;
			const { body } = await token({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret', scope: 'orders' });
			expect(body.expires_in).toBe(60);
		});

		it('rejects a bad client with 401 invalid_client', async () => {
			const { status, body } = await token({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'wrong', scope: 'orders' });
			expect(status).toBe(401);
			expect(body).toEqual({ error: 'invalid_client', error_description: 'Invalid client credentials' });
		});

		it('rejects scopes the client may not request with 400 invalid_scope', async () => {
			let res = await token({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret', scope: 'orders developer' });
			expect(res.status).toBe(400);
			expect(res.body.error).toBe('invalid_scope');
			expect(res.body.error_description).toContain('developer');
			res = await token({ grant_type: 'client_credentials', client_id: 'sp-client', client_secret: 'sp-secret', scope: 'orders' });
			expect(res.status).toBe(400);
			expect(res.body.error).toBe('invalid_scope');
			res = await token({ grant_type: 'client_credentials', client_id: 'sp-client', client_secret: 'sp-secret', scope: 'developer' });
			expect(res.status).toBe(200);
			expect(res.body.scope).toBe('developer');
		});

		it('rejects an unknown grant type', async () => {
			const res = await token({ grant_type: 'password', client_id: 'seller-client', client_secret: 'seller-secret' });
			expect(res.status).toBe(400);
			expect(res.body.error).toBe('unsupported_grant_type');
		});
	});

	describe('authorization code flow and installation', () => {
		const redirectUri = 'http://localhost:9999/callback?installer=abc';

		async function authorize(params: Record<string, string>) {
			return fetch(`${sim.url}/oauth2/auth?${new URLSearchParams(params)}`, { redirect: 'manual' });
		}

		async function codeTokens() {
			const res = await authorize({ response_type: 'code', client_id: 'sp-client', redirect_uri: redirectUri, scope: 'installation partnerId', state: 's-1' });
			expect(res.status).toBe(302);
			const location = new URL(res.headers.get('location')!);
			expect(location.origin + location.pathname).toBe('http://localhost:9999/callback');
			expect(location.searchParams.get('installer')).toBe('abc');
			expect(location.searchParams.get('state')).toBe('s-1');
			expect(location.searchParams.get('iss')).toContain(sim.url);
			const code = location.searchParams.get('code')!;
			const { status, body } = await token({ grant_type: 'authorization_code', client_id: 'sp-client', client_secret: 'sp-secret', code, redirect_uri: redirectUri });
			expect(status).toBe(200);
			return { code, body };
		}

		it('consents as partner 1000002 and exchanges the code once', async () => {
			const { code, body } = await codeTokens();
			expect(body.scope).toBe('installation partnerId');
			expect(typeof body.refresh_token).toBe('string');
			const payload = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString('utf8'));
			expect(payload.partner_id).toBe('1000002');
			const again = await token({ grant_type: 'authorization_code', client_id: 'sp-client', client_secret: 'sp-secret', code });
			expect(again.status).toBe(400);
			expect(again.body.error).toBe('invalid_grant');
		});

		it('answers 400 pages for unknown clients or a missing redirect_uri', async () => {
			let res = await authorize({ response_type: 'code', client_id: 'nope', redirect_uri: redirectUri });
			expect(res.status).toBe(400);
			expect(res.headers.get('content-type')).toContain('text/html');
			res = await authorize({ response_type: 'code', client_id: 'sp-client' });
			expect(res.status).toBe(400);
		});

		it('refreshes with grant_type refresh_token', async () => {
			const { body } = await codeTokens();
			const refreshed = await token({ grant_type: 'refresh_token', client_id: 'sp-client', client_secret: 'sp-secret', refresh_token: body.refresh_token });
			expect(refreshed.status).toBe(200);
			expect(refreshed.body.access_token).not.toBe(body.access_token);
			expect(refreshed.body.scope).toBe('installation partnerId');
		});

		it('returns the installation for the consenting partner', async () => {
			const { body } = await codeTokens();
			const res = await get('/v1/apps/sp-app-1/installation', body.access_token);
			expect(res.status).toBe(200);
			expect(await res.json()).toEqual({ installationId: 'inst-1000002', appVersion: 'V1', existingInstallations: [] });
			sim.config.consentPartnerId = '1000099';
			const other = await codeTokens();
			const missing = await get('/v1/apps/sp-app-1/installation', other.body.access_token);
			expect(missing.status).toBe(404);
			expect(((await missing.json()) as ErrorAnswer).errors[0].title).toBe('INSTALLATION_NOT_FOUND');
		});

		it('exchanges a developer token for an installation access token', async () => {
			const dev = await token({ grant_type: 'client_credentials', client_id: 'sp-client', client_secret: 'sp-secret', scope: 'developer' });
			const url = (inst: string, app = 'sp-app-1') => `${sim.url}/v1/apps/${app}/installations/${inst}/accessToken`;
			const post = (u: string, scope: string, bearer = dev.body.access_token) =>
				fetch(u, { method: 'POST', headers: { ...FORM, authorization: `Bearer ${bearer}` }, body: form({ scope }) });

			const ok = await post(url(BUILT_IN.installation.installationId), 'orders shipments');
			expect(ok.status).toBe(200);
			const okBody = (await ok.json()) as TokenAnswer;
			expect(Object.keys(okBody).sort()).toEqual(['access_token', 'expires_in']);
			expect(okBody.expires_in).toBe(1800);

			// the installation token is bound to partner 1000002 and the requested scopes
			sim.orders.create('1000002', { count: 2 });
			sim.orders.create('1000001', { count: 5 });
			const orders = await get('/v4/orders', okBody.access_token);
			expect(orders.status).toBe(200);
			expect(((await orders.json()) as { resources: unknown[] }).resources).toHaveLength(2);
			expect(sim.requests[sim.requests.length - 1].partnerId).toBe('1000002');
			expect((await get('/v3/receipts', okBody.access_token)).status).not.toBe(200);

			const badScope = await post(url('inst-1000002'), 'orders bogus');
			expect(badScope.status).toBe(400);
			expect(((await badScope.json()) as TokenAnswer).error).toBe('invalid_scope');

			const unknown = await post(url('inst-nope'), 'orders');
			expect(unknown.status).toBe(404);
			expect(((await unknown.json()) as ErrorAnswer).errors[0].title).toBe('INSTALLATION_NOT_FOUND');

			sim.apps.addApp({ appId: 'other-app', clientId: 'other-client', clientSecret: 'x', developerId: 'developer-2', installations: [{ installationId: 'inst-x', partnerId: '1000003' }] });
			const foreign = await post(url('inst-x', 'other-app'), 'orders');
			expect(foreign.status).toBe(403);

			// a seller token has no developer scope
			const seller = await sellerToken();
			expect((await post(url('inst-1000002'), 'orders', seller)).status).toBe(403);
		});
	});

	describe('bearer auth and scopes', () => {
		it('401 without a token, with an unknown one, and after expireTokens()', async () => {
			expect((await get('/v4/orders')).status).toBe(401);
			const unknown = await get('/v4/orders', 'garbage');
			expect(unknown.status).toBe(401);
			expect(((await unknown.json()) as ErrorAnswer).errors[0].title).toBeDefined();
			const t = await sellerToken();
			expect((await get('/v4/orders', t)).status).toBe(200);
			sim.expireTokens();
			expect((await get('/v4/orders', t)).status).toBe(401);
			expect((await get('/v4/orders', await sellerToken())).status).toBe(200);
		});

		it('401 once tokenTtlSeconds have passed', async () => {
			sim.config.tokenTtlSeconds = 1;
			const t = await sellerToken();
			expect((await get('/v4/orders', t)).status).toBe(200);
			await new Promise((r) => setTimeout(r, 1100));
			expect((await get('/v4/orders', t)).status).toBe(401);
		});

		it('403 INSUFFICIENT_PERMISSION when the scope is missing', async () => {
			const t = await sellerToken('shipments');
			const res = await get('/v4/orders', t);
			expect(res.status).toBe(403);
			expect(((await res.json()) as ErrorAnswer).errors[0].title).toBe('INSUFFICIENT_PERMISSION');
		});

		it('logs requests with parsed body, query, status, partner and scope', async () => {
			const t = await sellerToken();
			sim.clearRequests();
			await get('/v4/orders?fulfillmentStatus=SENT&fulfillmentStatus=RETURNED&limit=5', t);
			const [entry] = sim.requests;
			expect(entry).toMatchObject({ method: 'GET', path: '/v4/orders', status: 200, partnerId: '1000001', scope: 'orders' });
			expect(entry.query).toEqual({ fulfillmentStatus: ['SENT', 'RETURNED'], limit: '5' });
			expect(entry.headers.authorization).toBe(`Bearer ${t}`);
			await token({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret', scope: 'orders' });
			expect(sim.requests[1].body).toMatchObject({ grant_type: 'client_credentials', scope: 'orders' });
		});
	});

	describe('rate limits', () => {
		async function burst(t: string, n: number) {
			return Promise.all(Array.from({ length: n }, () => get('/v4/orders?limit=1', t)));
		}

		it('answers 429 with Retry-After over 20 requests per second per partner', async () => {
			const t = await sellerToken();
			const responses = await burst(t, 25);
			const limited = responses.filter((r) => r.status === 429);
			expect(responses.filter((r) => r.status === 200)).toHaveLength(20);
			expect(limited).toHaveLength(5);
			expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
			// another partner has its own window
			const inst = sim.tokens.issue({ partnerId: '1000002', scopes: ['orders'] }).token;
			expect((await get('/v4/orders', inst)).status).toBe(200);
		});

		it('omits Retry-After when config.retryAfter is false, HTML body on request', async () => {
			sim.config.retryAfter = false;
			sim.config.rateLimits.general = { perSecond: 2 };
			sim.config.rateLimitHtml = true;
			const t = await sellerToken();
			const responses = await burst(t, 3);
			const limited = responses.find((r) => r.status === 429)!;
			expect(limited).toBeDefined();
			expect(limited.headers.get('retry-after')).toBeNull();
			expect(limited.headers.get('content-type')).toContain('text/html');
		});

		it('the sliding window frees up after a second; disabled limits never answer 429', async () => {
			sim.config.rateLimits.general = { perSecond: 3 };
			const t = await sellerToken();
			expect((await burst(t, 4)).some((r) => r.status === 429)).toBe(true);
			await new Promise((r) => setTimeout(r, 1050));
			expect((await get('/v4/orders', t)).status).toBe(200);
			sim.config.rateLimitsEnabled = false;
			expect((await burst(t, 40)).every((r) => r.status === 200)).toBe(true);
		});

		it('limits the token endpoint to 10 per second per IP', async () => {
			const results = await Promise.all(
				Array.from({ length: 12 }, () => token({ grant_type: 'client_credentials', client_id: 'seller-client', client_secret: 'seller-secret', scope: 'orders' })),
			);
			expect(results.filter((r) => r.status === 429)).toHaveLength(2);
		});
	});

	describe('faults', () => {
		it('answers a configured status once, then normally; faulted requests are logged', async () => {
			const t = await sellerToken();
			sim.clearRequests();
			sim.faults.add({ method: 'GET', path: '/v4/orders', status: 503, headers: { 'retry-after': '2' } });
			const first = await get('/v4/orders', t);
			expect(first.status).toBe(503);
			expect(first.headers.get('retry-after')).toBe('2');
			expect(((await first.json()) as ErrorAnswer).errors).toBeDefined();
			expect((await get('/v4/orders', t)).status).toBe(200);
			expect(sim.requests.map((r) => r.status)).toEqual([503, 200]);
			expect(sim.requests[0].fault).toBe(true);
		});

		it('matches by RegExp, honours times, html bodies and order of faults', async () => {
			const t = await sellerToken();
			sim.faults.add({ path: /^\/v4\/orders$/, status: 403, html: true, times: 2 });
			sim.faults.add({ path: '/v4', status: 500, body: { custom: true } });
			const a = await get('/v4/orders', t);
			expect(a.status).toBe(403);
			expect(a.headers.get('content-type')).toContain('text/html');
			expect(await a.text()).toContain('<html');
			expect((await get('/v4/orders', t)).status).toBe(403);
			const c = await get('/v4/orders', t);
			expect(c.status).toBe(500);
			expect(await c.json()).toEqual({ custom: true });
			expect((await get('/v4/orders', t)).status).toBe(200);
		});

		it('resets the socket, delays, and applies afterHandler faults after the state change', async () => {
			const t = await sellerToken();
			sim.faults.add({ path: '/v4/orders', reset: true });
			await expect(get('/v4/orders', t)).rejects.toThrow();

			sim.faults.add({ path: '/v4/orders', delayMs: 150 });
			const started = Date.now();
			expect((await get('/v4/orders', t)).status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);

			const [order] = sim.orders.create('1000001', { positions: 1 });
			sim.faults.add({ method: 'POST', path: '/v4/orders/', status: 504, afterHandler: true });
			const res = await fetch(`${sim.url}/v4/orders/${order.salesOrderId}/cancellation`, { method: 'POST', headers: { authorization: `Bearer ${t}` } });
			expect(res.status).toBe(504);
			expect(order.positionItems[0].fulfillmentStatus).toBe('CANCELLED_BY_PARTNER');
		});

		it('faults.clear() removes pending faults', async () => {
			const t = await sellerToken();
			sim.faults.add({ path: '/v4', status: 500, times: 5 });
			sim.faults.clear();
			expect((await get('/v4/orders', t)).status).toBe(200);
		});
	});

	describe('control API', () => {
		it('manages requests, faults, config, tokens and reset over HTTP', async () => {
			const c = (path: string, method = 'GET', body?: unknown) =>
				fetch(`${sim.url}/__control${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
			const t = await sellerToken();
			await get('/v4/orders', t);
			const log = (await (await c('/requests')).json()) as { requests: Array<{ path: string }> };
			expect(log.requests.map((r) => r.path)).toEqual(['/oauth2/token', '/v4/orders']);
			expect((await c('/requests', 'DELETE')).status).toBe(204);
			expect(sim.requests).toHaveLength(0);

			expect((await c('/faults', 'POST', { path: '/v4/orders', status: 502 })).status).toBe(201);
			expect((await get('/v4/orders', t)).status).toBe(502);
			await c('/faults', 'POST', { pathRegex: '^/v4/', status: 500, times: 3 });
			expect((await c('/faults', 'DELETE')).status).toBe(204);
			expect((await get('/v4/orders', t)).status).toBe(200);

			const cfg = (await (await c('/config', 'POST', { rateLimits: { general: { perSecond: 1 } }, retryAfter: 7 })).json()) as SimulatorConfig;
			expect(cfg.rateLimits.general.perSecond).toBe(1);
			expect(cfg.rateLimits.token.perSecond).toBe(10);
			const limited = await get('/v4/orders', t);
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('7');

			expect((await c('/expire-tokens', 'POST')).status).toBe(204);
			expect((await c('/reset', 'POST')).status).toBe(204);
			expect(sim.config.rateLimits.general.perSecond).toBe(20);
			expect((await get('/v4/orders', t)).status).toBe(401);

			const issued = (await (await c('/tokens', 'POST', { partnerId: '1000001', scopes: ['orders'] })).json()) as TokenAnswer;
			expect((await get('/v4/orders', issued.access_token)).status).toBe(200);
		});

		it('answers unknown routes with an OTTO 404', async () => {
			const t = await sellerToken();
			const res = await get('/v9/nothing', t);
			expect(res.status).toBe(404);
			expect(((await res.json()) as ErrorAnswer).errors[0].title).toBe('RESOURCE_NOT_FOUND');
		});
	});

	it('custom routes support :param segments, mixed segments and thrown error responses', async () => {
		sim.route('GET', '/v1/test/:id/file/:name.pdf', { scope: 'orders' }, (ctx) => ({
			body: Buffer.from(`${ctx.params.id}|${ctx.params.name}|${ctx.partnerId}`),
			headers: { 'content-type': 'application/pdf' },
		}));
		sim.route('GET', '/v1/test/:id/boom', { scope: 'orders' }, (ctx) => {
			throw sim.errors.problem(422, 'Unprocessable', [`bad ${ctx.params.id}`]);
		});
		const t = await sellerToken();
		const res = await get('/v1/test/a%20b/file/r-1.pdf', t);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(await res.text()).toBe('a b|r-1|1000001');
		const boom = await get('/v1/test/x/boom', t);
		expect(boom.status).toBe(422);
		expect(((await boom.json()) as ErrorAnswer).validationErrors[0].detail).toBe('bad x');
	});

	it('answers after latencyMs counted from the arrival: its own serving time is part of the latency, not added to it', async () => {
		const t = await sellerToken();
		const SERVING_MS = 120;
		sim.route('GET', '/v1/test/slow', { scope: 'orders' }, async () => {
			await new Promise((resolve) => setTimeout(resolve, SERVING_MS));
			return { body: { ok: true } };
		});
		sim.route('GET', '/v1/test/quick', { scope: 'orders' }, () => ({ body: { ok: true } }));
		sim.config.latencyMs = 300;
		sim.config.latencyJitterMs = 0;
		try {
			const timedGet = async (path: string) => {
				const started = performance.now();
				const res = await get(path, t);
				expect(res.status).toBe(200);
				await res.json();
				return performance.now() - started;
			};
			const quick = await timedGet('/v1/test/quick');
			const slow = await timedGet('/v1/test/slow');
			// Both answer after the latency; the slow one's 120 ms of serving happen inside it (not 420 ms).
			expect(quick).toBeGreaterThanOrEqual(295);
			expect(slow).toBeGreaterThanOrEqual(295);
			expect(slow).toBeLessThan(300 + SERVING_MS - 20);
			// Serving longer than the latency: the answer goes at once, it does not wait a second latency.
			sim.config.latencyMs = 50;
			const late = await timedGet('/v1/test/slow');
			expect(late).toBeGreaterThanOrEqual(SERVING_MS - 5);
			expect(late).toBeLessThan(SERVING_MS + 50 - 10);
		} finally {
			sim.config.latencyMs = 0;
		}
	});

	it('answers 2,000 list requests from 20 concurrent clients, each one whole and correct', async () => {
		// No time limit here: throughput is a benchmark's claim (npm run bench), never a timed test on a
		// shared machine. What must hold under concurrency: every request answered, with the right page.
		sim.config.rateLimitsEnabled = false;
		sim.orders.create('1000001', { count: 20 });
		const t = await sellerToken();
		const statuses = new Map<number, number>();
		const wrongPages: number[] = [];
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				for (let i = 0; i < 100; i++) {
					const res = await get(`/v4/orders?limit=5`, t);
					statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
					const body = (await res.json()) as { resources?: unknown[] };
					if (body.resources?.length !== 5) wrongPages.push(body.resources?.length ?? -1);
				}
			}),
		);
		expect(Object.fromEntries(statuses)).toEqual({ 200: 2000 });
		expect(wrongPages).toEqual([]);
	});
});
