/** The partner consent against the simulator, as n8n's OAuth2 callback would do it. */
import type { IDataObject, INodeCredentialsDetails } from 'n8n-workflow';

import type { TestWorld } from '../../helpers/simulator';
import { SERVICE_PARTNER } from '../../helpers/simulator';

export const CALLBACK = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';

/** Opens /oauth2/auth (the simulator consents at once) and returns the code of the redirect. */
export async function consentCode(world: TestWorld, state = 'state-1'): Promise<{ code: string; state: string | null }> {
	const url = new URL('/oauth2/auth', world.sim.url);
	url.search = new URLSearchParams({
		response_type: 'code',
		client_id: SERVICE_PARTNER.clientId,
		redirect_uri: CALLBACK,
		scope: 'installation partnerId',
		state,
	}).toString();
	const response = await fetch(url, { redirect: 'manual' });
	expect(response.status).toBe(302);
	const location = new URL(response.headers.get('location') ?? '');
	expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
	return { code: location.searchParams.get('code') ?? '', state: location.searchParams.get('state') };
}

/** Exchanges the code at /oauth2/token, as n8n does after the callback; returns oauthTokenData. */
export async function exchangeCode(world: TestWorld, code: string): Promise<IDataObject> {
	const response = await fetch(new URL('/oauth2/token', world.sim.url), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'authorization_code',
			code,
			client_id: SERVICE_PARTNER.clientId,
			client_secret: SERVICE_PARTNER.clientSecret,
			redirect_uri: CALLBACK,
		}).toString(),
	});
	expect(response.status).toBe(200);
	return (await response.json()) as IDataObject;
}

/** An OTTO Market OAuth2 API credential holding the token data of a fresh consent. */
export async function consentCredential(
	world: TestWorld,
	extra: IDataObject = {},
): Promise<{ ottoMarketOAuth2Api: INodeCredentialsDetails }> {
	const { code } = await consentCode(world);
	const oauthTokenData = await exchangeCode(world, code);
	return {
		ottoMarketOAuth2Api: world.store.add('ottoMarketOAuth2Api', {
			clientId: SERVICE_PARTNER.clientId,
			clientSecret: SERVICE_PARTNER.clientSecret,
			environment: 'custom',
			baseUrl: world.sim.url,
			appId: SERVICE_PARTNER.appId,
			authUrl: `${world.sim.url}/oauth2/auth`,
			accessTokenUrl: `${world.sim.url}/oauth2/token`,
			grantType: 'authorizationCode',
			authentication: 'body',
			scope: 'installation partnerId',
			oauthTokenData,
			...extra,
		}),
	};
}
