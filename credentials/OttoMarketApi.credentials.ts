import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	DEFAULT_DATA_SCOPES,
	DEFAULT_TOKEN_PATH,
	baseUrlOf,
	scopeList,
	tokenPathOf,
} from '../nodes/shared/environment';
import { SCOPE_OPTIONS, credentialTestPathExpression } from '../nodes/shared/scopes';

interface TokenResponse {
	statusCode: number;
	body: unknown;
}

function describeTokenFailure(step: string, response: TokenResponse): string {
	let body = response.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			// not JSON: reported by status alone below
		}
	}
	const data = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const ottoError = Array.isArray(data.errors) ? (data.errors[0] as IDataObject) : undefined;
	const code = String(data.error ?? ottoError?.title ?? '').trim();
	const detail = String(data.error_description ?? ottoError?.detail ?? '').trim();
	const what = [code, detail].filter(Boolean).join(': ');
	const hint =
		code === 'invalid_client'
			? ' Check Client ID and Client Secret of the app in OTTO Partner Connect.'
			: code === 'invalid_scope'
				? ' Select only scopes that the app (or the installation) was granted.'
				: response.statusCode === 404
					? ' Check App ID and Installation ID.'
					: '';
	return `OTTO rejected the ${step} (HTTP ${response.statusCode}${what ? `, ${what}` : ''}).${hint}`;
}

/**
 * A network error code in words. n8n replaces any error message that mentions a Node error code
 * (ECONNREFUSED, ETIMEDOUT, ...) by its own generic text, which would hide the token URL and the hint.
 */
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection closed by the server',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	ETIMEDOUT: 'no answer in time',
	ECONNABORTED: 'no answer in time',
	EHOSTUNREACH: 'host unreachable',
};

function networkReason(code: string | undefined): string {
	if (!code) return 'network error';
	return NETWORK_REASONS[code] ?? (/^E[A-Z_]+$/.test(code) ? 'network error' : code);
}

async function postForm(
	helper: IHttpRequestHelper,
	url: string,
	form: Record<string, string>,
	authorization?: string,
): Promise<TokenResponse> {
	const headers: IDataObject = {
		'Content-Type': 'application/x-www-form-urlencoded',
		Accept: 'application/json',
	};
	if (authorization) headers.Authorization = authorization;
	const options: IHttpRequestOptions = {
		method: 'POST',
		url,
		headers,
		body: new URLSearchParams(form).toString(),
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 30000,
	};
	let response: IDataObject;
	try {
		response = (await helper.helpers.httpRequest(options)) as IDataObject;
	} catch (error) {
		// Never pass the original error on: its request config holds the client secret.
		const reason = networkReason((error as { code?: string }).code);
		throw new Error(`Could not reach the OTTO token endpoint ${url} (${reason}). Check the environment or base URL.`);
	}
	return { statusCode: Number(response.statusCode), body: response.body };
}

function accessTokenOf(response: TokenResponse): string | undefined {
	let body = response.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	const token = (body as IDataObject | undefined)?.access_token;
	return typeof token === 'string' && token ? token : undefined;
}

export class OttoMarketApi implements ICredentialType {
	name = 'ottoMarketApi';

	displayName = 'OTTO Market API';

	icon: Icon = { light: 'file:../icons/otto.svg', dark: 'file:../icons/otto.dark.svg' };

	documentationUrl = 'https://github.com/otto-market-n8n/n8n-nodes-otto-market#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Custom', value: 'custom', description: 'Your own base URL, e.g. the OTTO Market simulator of this package' },
				{ name: 'Production', value: 'production', description: 'https://api.otto.market' },
				{ name: 'Sandbox', value: 'sandbox', description: 'https://sandbox.api.otto.market' },
			],
			default: 'sandbox',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:5680',
			placeholder: 'https://api.example.com',
			description: 'Base URL of the API. Plain http is accepted only for loopback addresses.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Token Path',
			name: 'tokenUrlPath',
			type: 'options',
			options: [
				{ name: '/oauth2/token (Current)', value: DEFAULT_TOKEN_PATH },
				{ name: '/v1/token (Developer API V1)', value: '/v1/token' },
			],
			default: DEFAULT_TOKEN_PATH,
			description: 'OTTO documents both token paths; keep the default unless OTTO tells you otherwise',
		},
		{
			displayName: 'Send Client Credentials',
			name: 'clientAuthentication',
			type: 'options',
			options: [
				{ name: 'In the Form Body', value: 'body' },
				{ name: 'As Basic Auth Header', value: 'basic' },
			],
			default: 'body',
			description: 'How the client ID and secret reach the token endpoint; OTTO accepts both',
		},
		{
			displayName: 'Authentication Mode',
			name: 'authMode',
			type: 'options',
			options: [
				{
					name: 'Seller App',
					value: 'sellerApp',
					description: 'Your own app from OTTO Partner Connect (client credentials)',
				},
				{
					name: 'Service Partner App Installation',
					value: 'servicePartner',
					description: 'A service partner app acting for one seller installation (developer token + installation token)',
				},
			],
			default: 'sellerApp',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description: 'ID of your service partner app in OTTO Partner Connect',
			displayOptions: { show: { authMode: ['servicePartner'] } },
		},
		{
			displayName: 'Installation ID',
			name: 'installationId',
			type: 'string',
			default: '',
			required: true,
			description:
				'ID of the seller installation of your app (sandbox apps show it on creation; in production get it with the OTTO Market Installation node)',
			displayOptions: { show: { authMode: ['servicePartner'] } },
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			options: SCOPE_OPTIONS,
			default: [],
			description: `Scopes to request. Leave empty for the default scopes (${DEFAULT_DATA_SCOPES.join(', ')}). Every OTTO interface a workflow calls must be covered, and the app must have been granted it.`,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Runs when the stored token is empty, after a 401, and in the credential test; n8n stores the
	 * result with the credential, so executions reuse one token until OTTO says it expired.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { url: baseUrl, problem } = baseUrlOf(credentials);
		if (!baseUrl) throw new Error(problem);
		const tokenUrl = `${baseUrl}${tokenPathOf(credentials)}`;
		const clientId = String(credentials.clientId ?? '');
		const clientSecret = String(credentials.clientSecret ?? '');
		const scope = scopeList(credentials.scopes);
		const basic = credentials.clientAuthentication === 'basic';
		/** The client-credentials grant, with the client's ID and secret in the body or as Basic auth. */
		const clientCredentials = async (requestedScope: string) =>
			await postForm(
				this,
				tokenUrl,
				basic
					? { grant_type: 'client_credentials', scope: requestedScope }
					: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: requestedScope },
				basic ? `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` : undefined,
			);

		if (credentials.authMode === 'servicePartner') {
			const appId = encodeURIComponent(String(credentials.appId ?? '').trim());
			const installationId = encodeURIComponent(String(credentials.installationId ?? '').trim());
			if (!appId || !installationId) {
				throw new Error('Service partner mode needs App ID and Installation ID.');
			}
			const developer = await clientCredentials('developer');
			const developerToken = accessTokenOf(developer);
			if (developer.statusCode >= 300 || !developerToken) {
				throw new Error(describeTokenFailure('developer token request', developer));
			}
			const installation = await postForm(
				this,
				`${baseUrl}/v1/apps/${appId}/installations/${installationId}/accessToken`,
				{ scope },
				`Bearer ${developerToken}`,
			);
			const accessToken = accessTokenOf(installation);
			if (installation.statusCode >= 300 || !accessToken) {
				throw new Error(describeTokenFailure('installation token request', installation));
			}
			return { accessToken };
		}

		const response = await clientCredentials(scope);
		const accessToken = accessTokenOf(response);
		if (response.statusCode >= 300 || !accessToken) {
			throw new Error(describeTokenFailure('token request', response));
		}
		return { accessToken };
	}

	/**
	 * Adds the stored token. A function rather than a generic expression: it runs for every request,
	 * and a plain assignment costs nothing where an expression would be evaluated each time.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : $credentials.environment === "production" ? "https://api.otto.market" : "https://sandbox.api.otto.market" }}',
			// the read of the first selected scope, from the scope table (nodes/shared/scopes.ts)
			url: credentialTestPathExpression(),
			method: 'GET',
		},
	};
}
