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
	APP_MODE,
	DEFAULT_DATA_SCOPES,
	DEFAULT_TOKEN_PATH,
	baseUrlOf,
	fingerprint,
	scopeList,
	tokenPathOf,
} from '../nodes/shared/environment';
import { SCOPE_OPTIONS, credentialTestPathExpression } from '../nodes/shared/scopes';
import { statusHint } from '../nodes/shared/errors';
import { DEFAULT_RETRY_SETTINGS, repeat } from '../nodes/shared/retry';
import type { RetrySettings } from '../nodes/shared/retry';

/**
 * The credential test's path: in app mode the token endpoint (the developer token is all the app
 * credential holds, see authenticate()); otherwise the read of the first selected scope, from the
 * scope table (nodes/shared/scopes.ts).
 */
const TEST_PATH_EXPRESSION = credentialTestPathExpression().replace(
	/^=\{\{ /,
	`={{ $credentials.authMode === "${APP_MODE}" ? ($credentials.tokenUrlPath || "${DEFAULT_TOKEN_PATH}") : `,
);

interface TokenResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: unknown;
}

/** OTTO's page: a credential set without IP addresses expires every 180 days. */
const EXPIRED_SET_HINT =
	' If Client ID and Secret were right before: a credential set without IP addresses expires every 180 days (OTTO Partner Connect, your app, section Client ID & Client Secret). Create a new credential set there (or add IP addresses so it does not expire) and enter the new Client ID and Secret here.';

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
			? ` Check Client ID and Client Secret of the app in OTTO Partner Connect.${EXPIRED_SET_HINT}`
			: code === 'invalid_scope'
				? ' Select only scopes that the app (or the installation) was granted.'
				: response.statusCode === 404
					? ' Check App ID and Installation ID.'
					: response.statusCode === 429 || response.statusCode >= 500
						? ' OTTO kept refusing after several attempts; try again in a few minutes.'
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

/**
 * Retries of a token call (issue 12, defect 4) follow the shared policy (nodes/shared/retry.ts
 * `repeat`): a 429 (Retry-After), 502/503/504 or a dropped connection is repeated, a token request
 * being safe to repeat; several workers refreshing at the same moment is exactly when OTTO answers
 * 429. Tighter bounds than data calls (the credential test waits for it). A refused connection or an
 * unknown host is a wrong base URL: reported at once.
 */
export const TOKEN_RETRY_SETTINGS: RetrySettings = { ...DEFAULT_RETRY_SETTINGS, maxRetries: 4, maxWaitMs: 60_000, initialBackoffMs: 500, maxBackoffMs: 8_000 };

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
	const unreachable = (code: string | undefined) =>
		new Error(`Could not reach the OTTO token endpoint ${url} (${networkReason(code)}). Check the environment or base URL.`);
	return await repeat<TokenResponse>(
		async () => {
			const response = (await helper.helpers.httpRequest(options)) as IDataObject;
			return { statusCode: Number(response.statusCode), headers: lowerCase(response.headers), body: response.body };
		},
		{
			settings: TOKEN_RETRY_SETTINGS,
			safeToRepeat: true,
			failureOfValue: (response) =>
				response.statusCode === 429 || response.statusCode >= 500
					? { status: response.statusCode, retryAfter: response.headers['retry-after'] }
					: undefined,
			failureOfError: (error) => {
				const code = (error as { code?: string }).code;
				return code && code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' ? { code } : undefined;
			},
			// Never pass the original error on: its request config holds the client secret.
			giveUp: (error) => unreachable((error as { code?: string }).code),
			cancelled: () => new Error('Cancelled'),
		},
	).catch((error: unknown) => {
		if (error instanceof Error && error.message.startsWith('Could not reach the OTTO token endpoint')) throw error;
		throw unreachable((error as { code?: string }).code);
	});
}

function lowerCase(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	if (!headers || typeof headers !== 'object') return result;
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (value !== undefined && value !== null) result[key.toLowerCase()] = String(value);
	}
	return result;
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

/** The client-credentials form (or Basic header) for a credential. */
function clientAuth(credentials: ICredentialDataDecryptedObject, scope: string): { form: Record<string, string>; authorization?: string } {
	const clientId = String(credentials.clientId ?? '');
	const clientSecret = String(credentials.clientSecret ?? '');
	if (credentials.clientAuthentication === 'basic') {
		return {
			form: { grant_type: 'client_credentials', scope },
			authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
		};
	}
	return { form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope } };
}

/** The same words the nodes use for 401 and 403 (nodes/shared/errors.ts), for the credential test's read. */
const TEST_RULES: ICredentialTestRequest['rules'] = [
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message: `OTTO refused the test read with HTTP 403: ${statusHint(403)} The test reads Orders, or else the first data scope selected; leave Scopes empty for the default scopes, and check in OTTO Partner Connect that the app (or the seller's installation) was granted the scope.`,
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 401,
			message: `OTTO refused the test read with HTTP 401: ${statusHint(401)} A token of the sandbox is not valid in production and the other way round.`,
		},
	},
];

/**
 * The token the credential stores: the client-credentials grant, or in service-partner mode the developer
 * token and (with an installation in the credential) the installation token.
 */
async function requestStoredToken(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<{ accessToken: string }> {
	const { url: baseUrl, problem } = baseUrlOf(credentials);
	if (!baseUrl) throw new Error(problem);
	const tokenUrl = `${baseUrl}${tokenPathOf(credentials)}`;
	const scope = scopeList(credentials.scopes);
	/** The client-credentials grant, with the client's ID and secret in the body or as Basic auth. */
	const clientCredentials = async (requestedScope: string) => {
		const { form, authorization } = clientAuth(credentials, requestedScope);
		return await postForm(helper, tokenUrl, form, authorization);
	};

	if (credentials.authMode === APP_MODE || credentials.authMode === 'servicePartner') {
		const appId = encodeURIComponent(String(credentials.appId ?? '').trim());
		const installationId = encodeURIComponent(String(credentials.installationId ?? '').trim());
		if (!appId) throw new Error('Service partner mode needs the App ID of your app.');
		if (credentials.authMode === 'servicePartner' && !installationId) {
			throw new Error('Service partner mode "Service Partner App Installation" needs App ID and Installation ID.');
		}
		const developer = await clientCredentials('developer');
		const developerToken = accessTokenOf(developer);
		if (developer.statusCode >= 300 || !developerToken) {
			throw new Error(describeTokenFailure('developer token request', developer));
		}
		if (credentials.authMode === APP_MODE) return { accessToken: developerToken };
		const installation = await postForm(
			helper,
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
 * Token requests in flight in this n8n instance, by credential: executions that find the stored token
 * missing or expired at the same moment share one request instead of each fetching its own (n8n saves
 * the new token without a lock; in queue mode this bounds a refresh to one request per worker).
 * Only requests in flight are shared; nothing is kept once the token was handed to n8n.
 */
const tokenRequestsInFlight = new Map<string, Promise<{ accessToken: string }>>();

function tokenRequestKey(credentials: ICredentialDataDecryptedObject): string {
	const fields = ['environment', 'baseUrl', 'authMode', 'clientId', 'clientSecret', 'appId', 'installationId', 'tokenUrlPath', 'clientAuthentication'];
	return fingerprint([...fields.map((name) => credentials[name]), scopeList(credentials.scopes)]);
}

export class OttoMarketApi implements ICredentialType {
	name = 'ottoMarketApi';

	displayName = 'OTTO Market API';

	icon: Icon = { light: 'file:../icons/otto.svg', dark: 'file:../icons/otto.dark.svg' };

	documentationUrl = 'https://github.com/otto-market-n8n/n8n-nodes-otto-market#credentials';

	// In the order a seller fills them: where, who, secrets, what for; the expert fields last.
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
			default: '',
			placeholder: 'https://otto-gateway.example.com',
			description: 'Base URL of the API. Plain http is accepted only for loopback addresses (127.0.0.1, localhost).',
			displayOptions: { show: { environment: ['custom'] } },
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
					name: 'Service Partner App (Installation per Item)',
					value: APP_MODE,
					description:
						'Your service partner app acting for many sellers: every node takes the Installation ID per item and gets that installation\'s token',
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
			displayOptions: { show: { authMode: ['servicePartner', APP_MODE] } },
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
			displayName: 'Token Path',
			name: 'tokenUrlPath',
			type: 'options',
			options: [
				{ name: '/oauth2/token (Current)', value: DEFAULT_TOKEN_PATH },
				{ name: '/v1/token (Developer API V1)', value: '/v1/token' },
			],
			default: DEFAULT_TOKEN_PATH,
			description: 'Expert setting. OTTO documents both token paths; keep the default unless OTTO tells you otherwise.',
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
			description: 'Expert setting. How the client ID and secret reach the token endpoint; OTTO accepts both.',
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
	 * In app mode the stored token is the developer token; installation tokens are fetched per item
	 * by the nodes (nodes/shared/installations.ts) and never stored in the credential.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const key = tokenRequestKey(credentials);
		const running = tokenRequestsInFlight.get(key);
		if (running) return await running;
		const request = requestStoredToken(this, credentials);
		tokenRequestsInFlight.set(key, request);
		try {
			return await request;
		} finally {
			tokenRequestsInFlight.delete(key);
		}
	}

	/**
	 * Adds the stored token. A function rather than a generic expression: it runs for every request,
	 * and a plain assignment costs nothing where an expression would be evaluated each time.
	 * A request to the token endpoint (the credential test in app mode) authenticates as the client
	 * instead: the client-credentials form, never a bearer token.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const tokenPath = tokenPathOf(credentials);
		if (credentials.authMode === APP_MODE && String(requestOptions.url ?? '').split('?')[0].endsWith(tokenPath)) {
			const { form, authorization } = clientAuth(credentials, 'developer');
			const headers: IDataObject = { ...(requestOptions.headers ?? {}), 'Content-Type': 'application/x-www-form-urlencoded' };
			if (authorization) headers.Authorization = authorization;
			return { ...requestOptions, method: 'POST', headers, body: new URLSearchParams(form).toString(), json: false };
		}
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.accessToken ?? '')}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.environment === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "") : $credentials.environment === "production" ? "https://api.otto.market" : "https://sandbox.api.otto.market" }}',
			url: TEST_PATH_EXPRESSION,
			method: 'GET',
		},
		rules: TEST_RULES,
	};
}
