import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Where a custom base URL that breaks the loopback rule points instead: a reserved `.invalid` host
 * (RFC 2606) that never resolves, so n8n's consent and token calls fail before the client secret
 * or a code leaves the machine, and the address bar says why.
 */
export const REFUSED_BASE_URL = 'https://use-https--plain-http-is-only-for-loopback-hosts.invalid';

/**
 * The base URL as an n8n expression over the credential's own fields (`$self`). The whole choice is
 * in parentheses, so a path appended to it applies to every environment (a nested `? :` without
 * them only gave Sandbox its path). A custom URL must be https, or plain http to a loopback host
 * (localhost, 127.x.x.x, [::1], *.localhost) as the API credential requires.
 */
const BASE_URL_EXPRESSION =
	'(() => { const env = $self["environment"]; if (env === "production") return "https://api.otto.market"; if (env !== "custom") return "https://sandbox.api.otto.market"; const url = String($self["baseUrl"] || "").trim().replace(/\\/+$/, ""); if (/^https:\\/\\/[^\\/?#]+/i.test(url)) return url; if (/^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\]|[a-z0-9.-]*\\.localhost)(:\\d+)?(\\/|$)/i.test(url)) return url; return "' +
	REFUSED_BASE_URL +
	'"; })()';

const KEYCLOAK = '$self["endpointStyle"] === "keycloak"';
const REALM_PATH =
	'"/sec-api/auth/realms/" + ($self["environment"] === "sandbox" ? "deepsea-sandbox" : "otto-partner") + "/protocol/openid-connect"';

/**
 * Consent of an OTTO partner to a service partner app (authorization code flow, scopes
 * `installation partnerId`). The token it yields reads the installation; data calls use the
 * installation token of the OTTO Market API credential.
 */
export class OttoMarketOAuth2Api implements ICredentialType {
	name = 'ottoMarketOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'OTTO Market OAuth2 API';

	icon: Icon = { light: 'file:../icons/otto.svg', dark: 'file:../icons/otto.dark.svg' };

	documentationUrl = 'https://github.com/otto-market-n8n/n8n-nodes-otto-market#service-partners-installation-flow';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Custom', value: 'custom' },
				{ name: 'Production', value: 'production' },
				{ name: 'Sandbox', value: 'sandbox' },
			],
			default: 'sandbox',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:5680',
			description:
				'Base URL of the API (https). Plain http is used only for loopback addresses (localhost, 127.0.0.1, [::1]); with any other http:// address the consent and token calls are refused, so the client secret never travels unencrypted.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Consent Endpoints',
			name: 'endpointStyle',
			type: 'options',
			options: [
				{
					name: 'OTTO Aliases (/oauth2/auth, /oauth2/token)',
					value: 'alias',
				},
				{
					name: 'Keycloak Realm Paths',
					value: 'keycloak',
					description: 'The OpenID Connect paths behind the aliases (realm otto-partner; deepsea-sandbox in the sandbox)',
				},
			],
			default: 'alias',
			description: 'OTTO documents both; keep the aliases unless OTTO support tells you otherwise',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: 'ID of your service partner app in OTTO Partner Connect, used to look up the installation',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${BASE_URL_EXPRESSION} + (${KEYCLOAK} ? ${REALM_PATH} + "/auth" : "/oauth2/auth") }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${BASE_URL_EXPRESSION} + (${KEYCLOAK} ? ${REALM_PATH} + "/token" : "/oauth2/token") }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'installation partnerId',
			description:
				'Scopes of the consent. OTTO documents "installation partnerId"; some integrations also ask for "developer".',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
