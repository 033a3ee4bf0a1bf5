/**
 * The credential test as n8n runs it (mock noOp node with `temp: ''`, the credential's test request
 * through n8n-core's RoutingNode), and the rule that no secret or token ever leaves in an error or item.
 */
import { OttoMarketApi } from '../../credentials/OttoMarketApi.credentials';
import { DEFAULT_DATA_SCOPES } from '../../nodes/shared/environment';
import { TransportProbe } from '../fixtures/TransportProbe.node';
import { runNode, testCredential } from '../helpers/n8n';
import { SELLER, SERVICE_PARTNER, tokenRequests, useSimulator } from '../helpers/simulator';

/** JSON of anything, including the non-enumerable parts of errors (message, stack, description, cause). */
function dump(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, entry: unknown) => {
		if (entry && typeof entry === 'object') {
			if (seen.has(entry)) return '[circular]';
			seen.add(entry);
			if (entry instanceof Error) {
				const out: Record<string, unknown> = {};
				for (const name of Object.getOwnPropertyNames(entry)) out[name] = (entry as unknown as Record<string, unknown>)[name];
				return out;
			}
		}
		if (typeof entry === 'bigint' || typeof entry === 'function') return String(entry);
		return entry;
	});
}

/** OTTO's page: credential sets without IP addresses expire every 180 days; an invalid_client says so. */
const EXPIRED_SET =
	' If Client ID and Secret were right before: a credential set without IP addresses expires every 180 days (OTTO Partner Connect, your app, section Client ID & Client Secret). Create a new credential set there (or add IP addresses so it does not expire) and enter the new Client ID and Secret here.';

/** Made-up wrong values for the client secret field (not secrets; named so the lint rule does not mistake them). */
const WRONG = 'wrong-secret-4711';
const UNREACHABLE = 'unreachable-secret';
const LEAKY = 'leaky-secret-123';

function expectNoSecrets(value: unknown, secrets: string[]) {
	const text = dump(value);
	for (const secret of secrets.filter(Boolean)) expect(text).not.toContain(secret);
}

describe('credential test (as n8n runs it)', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	beforeAll(() => {
		// The test request for a selection without orders reads availability quantities; answer it even
		// when the Availability interface is not part of this simulator build.
		world.sim.route('GET', '/v1/availability/quantities', { scope: 'availability', limitKey: null }, () => ({
			body: { resources: { variations: [] }, links: [] },
		}));
	});

	it.each([
		['orders only', ['orders']],
		['the default data scopes', DEFAULT_DATA_SCOPES],
		['orders, shipments, returns, receipts', ['orders', 'shipments', 'returns', 'receipts']],
		['availability only', ['availability']],
	])('passes for a seller app with %s', async (_name, scopes) => {
		const details = world.sellerCredential({ scopes }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /oauth2/token 200',
			scopes.includes('orders') ? 'GET /v4/orders 200' : 'GET /v1/availability/quantities 200',
		]);
		expect(world.sim.requests[0].body.scope).toBe(scopes.join(' '));
	});

	it.each([
		['saved as the form saves it (scopes: [])', { scopes: [] }],
		['without any scope field', {}],
	])('a new credential with the defaults passes its test, %s', async (_name, extra) => {
		// What a user fills in: environment, client ID, secret. n8n's form saves `scopes: []` when no
		// scope is picked; that used to request a token without scope and fail with "Forbidden".
		const details = world.store.add('ottoMarketApi', {
			environment: 'custom',
			baseUrl: world.sim.url,
			clientId: SELLER.clientId,
			clientSecret: SELLER.clientSecret,
			...extra,
		});
		const result = await testCredential(world.helper, details);
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		const [token, read] = world.sim.requests;
		expect(token.body.scope).toBe(DEFAULT_DATA_SCOPES.join(' '));
		expect(`${read.method} ${read.path} ${read.status}`).toBe('GET /v4/orders 200');
	});

	it('a service-partner installation with an empty scope selection asks for the default scopes', async () => {
		const details = world.partnerCredential({ scopes: [] }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.status).toBe('OK');
		expect(world.sim.requests[1].body).toEqual({ scope: DEFAULT_DATA_SCOPES.join(' ') });
	});

	it.each([
		['orders', ['orders']],
		['the default data scopes', DEFAULT_DATA_SCOPES],
	])('passes for a service-partner installation with %s', async (_name, scopes) => {
		const details = world.partnerCredential({ scopes }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.status).toBe('OK');
		expect(tokenRequests(world.sim).map((r) => r.status)).toEqual([200, 200]);
		expect(world.sim.requests[1].body).toEqual({ scope: scopes.join(' ') });
	});

	it('always fetches a fresh token, even when one is stored (n8n detects the test by its mock node)', async () => {
		const details = world.sellerCredential({ scopes: ['orders'] }).ottoMarketApi;
		expect((await testCredential(world.helper, details)).status).toBe('OK');
		expect((await testCredential(world.helper, details)).status).toBe('OK');
		expect(tokenRequests(world.sim)).toHaveLength(2);
	});

	it('fails with OTTO\'s message for a wrong client secret (invalid_client)', async () => {
		const details = world.sellerCredential({ clientSecret: WRONG }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			`OTTO rejected the token request (HTTP 401, invalid_client: Invalid client credentials). Check Client ID and Client Secret of the app in OTTO Partner Connect.${EXPIRED_SET}`,
		);
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /oauth2/token 401']);
		expectNoSecrets(result, [WRONG, SELLER.clientSecret]);
	});

	it('fails with OTTO\'s message for a scope the app was not granted (invalid_scope)', async () => {
		const details = world.sellerCredential({ scopes: ['orders', 'developer'] }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'OTTO rejected the token request (HTTP 400, invalid_scope: Invalid scopes: developer). Select only scopes that the app (or the installation) was granted.',
		);
		expectNoSecrets(result, [SELLER.clientSecret]);
	});

	it('fails with OTTO\'s message for an unknown installation, without leaking the developer token', async () => {
		const details = world.partnerCredential({ installationId: 'inst-unknown' }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'OTTO rejected the installation token request (HTTP 404, INSTALLATION_NOT_FOUND: Installation inst-unknown not found for app sp-app-1). Check App ID and Installation ID.',
		);
		const developerToken = String(world.sim.requests[1].headers.authorization).replace(/^Bearer /, '');
		expect(developerToken.length).toBeGreaterThan(10);
		expectNoSecrets(result, [developerToken, SERVICE_PARTNER.clientSecret]);
	});

	it('fails with OTTO\'s message for an installation scope that was not granted', async () => {
		const details = world.partnerCredential({ scopes: ['orders', 'installation'] }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.message).toBe(
			'OTTO rejected the installation token request (HTTP 400, invalid_scope: Invalid scopes: installation). Select only scopes that the app (or the installation) was granted.',
		);
	});

	it('fails with a clear message when the token endpoint cannot be reached, without the secret', async () => {
		const details = world.sellerCredential({ baseUrl: 'http://127.0.0.1:9', clientSecret: UNREACHABLE }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'Could not reach the OTTO token endpoint http://127.0.0.1:9/oauth2/token (connection refused). Check the environment or base URL.',
		);
		expectNoSecrets(result, [UNREACHABLE]);
	});

	it.each([
		[403, /^OTTO refused the test read with HTTP 403: The credential lacks a scope this operation needs, or the app was not granted it\. Add the scope in the credential\. The test reads Orders/],
		[401, /^OTTO refused the test read with HTTP 401: OTTO did not accept the access token\. Check the credential \(client ID, secret, environment\)\./],
	])('a %i on the test read gives the words the nodes give, not the bare status text', async (status, words) => {
		world.sim.faults.add({ method: 'GET', path: '/v4/orders', status, times: 2 }); // n8n repeats once after a 401 with a fresh token
		const result = await testCredential(world.helper, world.sellerCredential().ottoMarketApi);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(words);
	});

	it.each([
		['429 with Retry-After', { status: 429, headers: { 'retry-after': '1' } }, 429],
		['503', { status: 503 }, 503],
		['a reset connection', { reset: true }, 0],
	])('a token endpoint answering %s is retried, and the test passes', async (_name, fault, logged) => {
		world.sim.faults.add({ method: 'POST', path: '/oauth2/token', times: 1, ...fault });
		const result = await testCredential(world.helper, world.sellerCredential().ottoMarketApi);
		expect(result.status).toBe('OK');
		expect(tokenRequests(world.sim).map((r) => r.status)).toEqual([logged, 200]);
	});

	it('the installation-token exchange of the single-installation mode is retried on 429 too', async () => {
		world.sim.faults.add({ method: 'POST', pathRegex: '/accessToken$', times: 2, status: 429, headers: { 'retry-after': '0' } });
		const result = await testCredential(world.helper, world.partnerCredential().ottoMarketApi);
		expect(result.status).toBe('OK');
		expect(tokenRequests(world.sim).map((r) => r.status)).toEqual([200, 429, 429, 200]);
	});

	it('a token endpoint that keeps answering 503 fails within bounds with what to do', async () => {
		world.sim.faults.add({ method: 'POST', path: '/oauth2/token', times: 10, status: 503 });
		const result = await testCredential(world.helper, world.sellerCredential().ottoMarketApi);
		expect(result.message).toMatch(/^OTTO rejected the token request \(HTTP 503.*try again in a few minutes\.$/);
		expect(tokenRequests(world.sim)).toHaveLength(5);
	});

	it('app mode (installation per item): the test gets the developer token and checks it at the token endpoint', async () => {
		const details = world.partnerCredential({ authMode: 'servicePartnerApp', installationId: '' }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(world.sim.requests.map((r) => `${r.method} ${r.path} ${r.status} ${String(r.body?.scope)}`)).toEqual([
			'POST /oauth2/token 200 developer',
			'POST /oauth2/token 200 developer',
		]);
		expect(world.sim.requests[1].headers.authorization).toBeUndefined();
		const wrong = world.partnerCredential({ authMode: 'servicePartnerApp', clientSecret: WRONG }).ottoMarketApi;
		const failed = await testCredential(world.helper, wrong);
		expect(failed.message).toMatch(/^OTTO rejected the developer token request \(HTTP 401, invalid_client/);
		expectNoSecrets(failed, [WRONG]);
	});

	it('refuses plain http to a non-loopback host before sending the secret', async () => {
		const details = world.sellerCredential({ baseUrl: `http://0.0.0.0:${world.sim.port}` }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result.message).toMatch(/^Custom Base URL uses plain http for "0\.0\.0\.0"/);
		expect(world.sim.requests).toHaveLength(0);
	});
});

describe('the credential form', () => {
	it('lists the fields in the order a seller fills them, expert fields last, with a placeholder for the base URL', () => {
		const type = new OttoMarketApi();
		expect(type.properties.map((property) => property.name)).toEqual([
			'environment',
			'baseUrl',
			'authMode',
			'clientId',
			'clientSecret',
			'appId',
			'installationId',
			'scopes',
			'tokenUrlPath',
			'clientAuthentication',
			'accessToken',
		]);
		const baseUrl = type.properties.find((property) => property.name === 'baseUrl')!;
		expect(baseUrl.default).toBe('');
		expect(baseUrl.placeholder).toMatch(/^https:\/\//);
		const scopes = type.properties.find((property) => property.name === 'scopes')!;
		expect(scopes.default).toEqual([]);
		expect(scopes.description).toMatch(/Leave empty for the default scopes/);
		for (const option of scopes.options as Array<{ name: string; description?: string }>) {
			expect(option.description).toEqual(expect.stringMatching(/\w{3,}/));
		}
		const modes = (type.properties.find((property) => property.name === 'authMode')!.options as Array<{ name: string; value: string }>).map((o) => o.name);
		expect(modes).toContain('Service Partner App (Installation per Item)');
	});
});

describe('no secret or token in errors and items of a node run', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	it('a token failure during execution names OTTO\'s reason and hides the secret', async () => {
		const credentials = world.sellerCredential({ clientSecret: LEAKY });
		const result = await runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'request', path: '/v4/orders' },
			credentials,
			onError: 'continueRegularOutput',
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			`OTTO rejected the token request (HTTP 401, invalid_client: Invalid client credentials). Check Client ID and Client Secret of the app in OTTO Partner Connect.${EXPIRED_SET}`,
		);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expectNoSecrets(result.items, [LEAKY]);
		expectNoSecrets(result.run, [LEAKY]);
	});

	it('an unreachable token endpoint during execution keeps our message (n8n would swap a code for generic text)', async () => {
		const credentials = world.sellerCredential({ baseUrl: 'http://127.0.0.1:9', clientSecret: UNREACHABLE });
		const result = await runNode(world.helper, { type: new TransportProbe(), parameters: { operation: 'request', path: '/v4/orders' }, credentials });
		expect(result.error?.message).toBe(
			'Could not reach the OTTO token endpoint http://127.0.0.1:9/oauth2/token (connection refused). Check the environment or base URL.',
		);
		expectNoSecrets(result.error, [UNREACHABLE]);
		expectNoSecrets(result.run, [UNREACHABLE]);
	});

	it('an OTTO error on a data request (missing scope) carries neither the token nor the secret', async () => {
		const credentials = world.sellerCredential({ scopes: ['shipments'] });
		const stopped = await runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'request', path: '/v4/orders' },
			credentials,
		});
		const token = String(world.store.get(credentials.ottoMarketApi.id!).data.accessToken);
		expect(token.length).toBeGreaterThan(10);
		expect(stopped.error?.message).toBe('OTTO: INSUFFICIENT_PERMISSION (HTTP 403)');
		expect(stopped.error?.httpCode).toBe('403');
		expectNoSecrets(stopped.error, [token, SELLER.clientSecret]);
		expectNoSecrets(stopped.run, [token, SELLER.clientSecret]);

		const continued = await runNode(
			world.helper,
			{ type: new TransportProbe(), parameters: { operation: 'request', path: '/v4/orders' }, credentials, onError: 'continueRegularOutput' },
			[{ json: { a: 1 } }, { json: { a: 2 } }],
		);
		expect(continued.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(continued.items[0].json.error).toBe('OTTO: INSUFFICIENT_PERMISSION (HTTP 403)');
		expectNoSecrets(continued.items, [token, SELLER.clientSecret]);
		expectNoSecrets(continued.run, [token, SELLER.clientSecret]);
	});
});
