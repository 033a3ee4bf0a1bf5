import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

const BASE_URL_EXPRESSION =
	'$self["environment"] === "custom" ? String($self["baseUrl"]).replace(/\\/+$/, "") : $self["environment"] === "production" ? "https://api.otto.market" : "https://sandbox.api.otto.market"';

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
			description: 'Base URL of the API. Plain http is accepted only for loopback addresses.',
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
