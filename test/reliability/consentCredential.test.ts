/**
 * Issue 12, defects 1 and 15: the URLs the consent credential (OTTO Market OAuth2 API) resolves,
 * read the way n8n reads them (credentials-helper: defaults filled by NodeHelpers.getNodeParameters,
 * then every `=` expression resolved with the credential itself as `$self`). No URL is set by hand.
 */
import { NodeHelpers, Workflow } from 'n8n-workflow';
import type { IDataObject, INode, INodeParameters, INodeType } from 'n8n-workflow';

import { OttoMarketOAuth2Api, REFUSED_BASE_URL } from '../../credentials/OttoMarketOAuth2Api.credentials';
import { OttoMarketInstallation } from '../../nodes/OttoMarketInstallation/OttoMarketInstallation.node';
import { runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/simulator';

const type = new OttoMarketOAuth2Api();

/** What n8n hands to its OAuth2 client for a credential saved with `data`. */
function resolved(data: IDataObject): { authUrl: string; accessTokenUrl: string } {
	const withDefaults = NodeHelpers.getNodeParameters(type.properties, data as INodeParameters, true, false, null, null) as IDataObject;
	const node: INode = { id: 'mock', name: 'mock', type: 'mock', typeVersion: 1, position: [0, 0], parameters: {} };
	const nodeType = { description: { properties: [] } } as unknown as INodeType;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
	});
	const value = workflow.expression.getComplexParameterValue(
		node,
		withDefaults as INodeParameters,
		'internal',
		{},
		undefined,
		undefined,
		withDefaults,
	) as IDataObject;
	return { authUrl: String(value.authUrl), accessTokenUrl: String(value.accessTokenUrl) };
}

describe('consent credential: authorization and token URLs per environment (defect 1)', () => {
	it.each([
		[{ environment: 'production' }, 'https://api.otto.market/oauth2/auth', 'https://api.otto.market/oauth2/token'],
		[{ environment: 'sandbox' }, 'https://sandbox.api.otto.market/oauth2/auth', 'https://sandbox.api.otto.market/oauth2/token'],
		[{}, 'https://sandbox.api.otto.market/oauth2/auth', 'https://sandbox.api.otto.market/oauth2/token'],
		[
			{ environment: 'custom', baseUrl: 'https://otto-proxy.example.com/' },
			'https://otto-proxy.example.com/oauth2/auth',
			'https://otto-proxy.example.com/oauth2/token',
		],
		[
			{ environment: 'custom', baseUrl: 'http://127.0.0.1:5680' },
			'http://127.0.0.1:5680/oauth2/auth',
			'http://127.0.0.1:5680/oauth2/token',
		],
		[
			{ environment: 'production', endpointStyle: 'keycloak' },
			'https://api.otto.market/sec-api/auth/realms/otto-partner/protocol/openid-connect/auth',
			'https://api.otto.market/sec-api/auth/realms/otto-partner/protocol/openid-connect/token',
		],
		[
			{ environment: 'sandbox', endpointStyle: 'keycloak' },
			'https://sandbox.api.otto.market/sec-api/auth/realms/deepsea-sandbox/protocol/openid-connect/auth',
			'https://sandbox.api.otto.market/sec-api/auth/realms/deepsea-sandbox/protocol/openid-connect/token',
		],
		[
			{ environment: 'custom', baseUrl: 'https://otto-proxy.example.com', endpointStyle: 'keycloak' },
			'https://otto-proxy.example.com/sec-api/auth/realms/otto-partner/protocol/openid-connect/auth',
			'https://otto-proxy.example.com/sec-api/auth/realms/otto-partner/protocol/openid-connect/token',
		],
	])('%j resolves to %s and %s', (data, authUrl, accessTokenUrl) => {
		expect(resolved(data)).toEqual({ authUrl, accessTokenUrl });
	});
});

describe('consent credential: plain http only for loopback hosts (defect 15)', () => {
	it.each([
		'http://127.0.0.1:5680',
		'http://localhost:8080/',
		'http://[::1]:5680',
		'http://otto.localhost',
		'http://127.10.0.3',
	])('loopback %s keeps plain http', (baseUrl) => {
		const { accessTokenUrl } = resolved({ environment: 'custom', baseUrl });
		expect(accessTokenUrl.startsWith('http://')).toBe(true);
		expect(accessTokenUrl.endsWith('/oauth2/token')).toBe(true);
	});

	it.each([
		'http://otto-proxy.example.com',
		'http://10.0.0.5:8080',
		'http://localhost.evil.example',
		'http://localhost@evil.example',
		'http://127.0.0.1.evil.example',
		'ftp://otto-proxy.example.com',
		'otto-proxy.example.com',
		'',
	])('non-loopback %j never gets the secret over plain http', (baseUrl) => {
		const urls = resolved({ environment: 'custom', baseUrl });
		for (const url of [urls.authUrl, urls.accessTokenUrl]) {
			expect(url.startsWith(`${REFUSED_BASE_URL}/`)).toBe(true);
			// The host is reserved (RFC 2606): it never resolves, so nothing is sent anywhere.
			expect(new URL(url).hostname.endsWith('.invalid')).toBe(true);
		}
	});

	describe('the Installation node with such a consent credential', () => {
		const world = useSimulator();

		it('refuses before any request, naming the rule', async () => {
			const consent = world.store.add('ottoMarketOAuth2Api', {
				clientId: 'sp-client',
				clientSecret: 'sp-secret',
				environment: 'custom',
				baseUrl: world.sim.url.replace('127.0.0.1', 'otto-sim.example.com'),
				appId: 'sp-app-1',
				oauthTokenData: { access_token: 'a', refresh_token: 'r', token_type: 'bearer' },
			});
			const result = await runNode(world.helper, {
				type: new OttoMarketInstallation(),
				parameters: { operation: 'get', appId: 'sp-app-1' },
				credentials: { ottoMarketOAuth2Api: consent },
			});
			expect(result.error?.message).toMatch(/plain http.*loopback/i);
			expect(world.sim.requests).toHaveLength(0);
		});
	});
});
