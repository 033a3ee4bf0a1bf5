'use strict';
// OAuth2 token endpoints, the authorization-code consent page and the Developer V1 endpoints
// (installation lookup, installation access token). docs/otto-api.md §2 and §2.3.

const constants = require('./constants');

const IGNORED_OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const REALM = '/sec-api/auth/realms/otto-partner';

function splitScopes(value) {
	return String(value ?? '')
		.split(/[\s+,]+/)
		.filter(Boolean);
}

function clientFromRequest(ctx) {
	const header = ctx.headers.authorization;
	if (header && /^Basic\s+/i.test(header)) {
		const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		if (i < 0) return { clientId: decoded, clientSecret: '' };
		return { clientId: safeDecode(decoded.slice(0, i)), clientSecret: safeDecode(decoded.slice(i + 1)) };
	}
	const body = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
	return { clientId: body.client_id, clientSecret: body.client_secret };
}

function safeDecode(text) {
	try {
		return decodeURIComponent(text.replace(/\+/g, ' '));
	} catch {
		return text;
	}
}

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

module.exports = function registerAuth(sim) {
	const { oauth } = sim.errors;
	const codes = new Map();

	function tokenResponse(record, refresh) {
		const body = { access_token: record.token, expires_in: record.expiresIn, token_type: 'Bearer', scope: record.scope };
		if (refresh) {
			body.refresh_token = refresh.token;
			body.refresh_expires_in = refresh.expiresIn;
		}
		return { status: 200, headers: noStore, body };
	}

	function tokenEndpoint(ctx) {
		const body = ctx.body;
		if (!body || typeof body !== 'object' || Buffer.isBuffer(body) || Array.isArray(body)) {
			return oauth(400, 'invalid_request', 'Expected an application/x-www-form-urlencoded body');
		}
		const grantType = body.grant_type;
		if (!grantType) return oauth(400, 'invalid_request', 'Missing form parameter: grant_type');
		const { clientId, clientSecret } = clientFromRequest(ctx);
		const client = clientId ? sim.apps.clients.get(clientId) : undefined;
		if (!client || client.clientSecret !== clientSecret) return oauth(401, 'invalid_client', 'Invalid client credentials');

		if (grantType === 'client_credentials') {
			const requested = splitScopes(body.scope);
			const bad = requested.filter((s) => !client.scopes.includes(s));
			if (bad.length) return oauth(400, 'invalid_scope', `Invalid scopes: ${bad.join(' ')}`);
			const record = sim.tokens.issue({
				clientId,
				scopes: requested,
				partnerId: client.kind === 'seller' ? client.partnerId : undefined,
				developerId: client.kind === 'servicePartner' ? client.developerId : undefined,
			});
			return tokenResponse(record);
		}

		if (grantType === 'authorization_code') {
			if (client.kind !== 'servicePartner') return oauth(400, 'unauthorized_client', 'Client not allowed to use the authorization code flow');
			const grant = codes.get(body.code);
			if (!grant || grant.clientId !== clientId || grant.expiresAt <= Date.now()) {
				return oauth(400, 'invalid_grant', 'Code not valid');
			}
			codes.delete(body.code); // single use
			if (body.redirect_uri !== undefined && body.redirect_uri !== grant.redirectUri) {
				return oauth(400, 'invalid_grant', 'Incorrect redirect_uri');
			}
			return issueUserTokens(client, grant.partnerId, grant.scopes);
		}

		if (grantType === 'refresh_token') {
			const refresh = sim.tokens.validate(body.refresh_token, 'refresh');
			if (!refresh || refresh.clientId !== clientId) return oauth(400, 'invalid_grant', 'Invalid refresh token');
			return issueUserTokens(client, refresh.partnerId, [...refresh.scopes]);
		}

		return oauth(400, 'unsupported_grant_type', `Unsupported grant_type: ${grantType}`);
	}

	function issueUserTokens(client, partnerId, scopes) {
		const base = { clientId: client.clientId, partnerId, scopes, appId: client.appId };
		const access = sim.tokens.issue(base);
		const refresh = sim.tokens.issue({ ...base, kind: 'refresh' });
		return tokenResponse(access, refresh);
	}

	const tokenOpts = { auth: false, limitKey: 'token', limitBy: 'ip' };
	for (const path of ['/oauth2/token', '/v1/token', `${REALM}/protocol/openid-connect/token`]) {
		sim.route('POST', path, tokenOpts, tokenEndpoint);
	}

	// --- authorization-code consent: consents at once as sim.config.consentPartnerId ----------
	function authorize(ctx) {
		const q = ctx.query;
		const page = (text) => ({ status: 400, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!DOCTYPE html><html><head><title>Error</title></head><body><h1>We are sorry...</h1><p>${text}</p></body></html>` });
		const client = sim.apps.clients.get(q.get('client_id') || '');
		if (!client || client.kind !== 'servicePartner') return page('Client not found.');
		const redirectUri = q.get('redirect_uri');
		if (!redirectUri) return page('Invalid parameter: redirect_uri');
		let target;
		try {
			target = new URL(redirectUri);
		} catch {
			return page('Invalid parameter: redirect_uri');
		}
		const state = q.get('state');
		const redirect = (params) => {
			for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) target.searchParams.set(k, v);
			return { status: 302, headers: { location: target.toString() }, body: '' };
		};
		if (q.get('response_type') !== 'code') return redirect({ error: 'unsupported_response_type', state });
		const requested = splitScopes(q.get('scope') || constants.AUTH_CODE_SCOPES.join(' ')).filter((s) => !IGNORED_OIDC_SCOPES.includes(s));
		const bad = requested.filter((s) => !constants.AUTH_CODE_SCOPES.includes(s));
		if (bad.length) return redirect({ error: 'invalid_scope', error_description: `Invalid scopes: ${bad.join(' ')}`, state });
		const code = `${require('node:crypto').randomUUID()}.${Date.now().toString(36)}`;
		codes.set(code, { clientId: client.clientId, redirectUri, scopes: requested, partnerId: String(sim.config.consentPartnerId), expiresAt: Date.now() + 60000 });
		return redirect({ state, session_state: 'sim-session', iss: `${sim.url}${REALM}`, code });
	}
	for (const path of ['/oauth2/auth', `${REALM}/protocol/openid-connect/auth`]) {
		sim.route('GET', path, { auth: false, limitKey: null }, authorize);
	}

	sim.route('GET', `${REALM}/.well-known/openid-configuration`, { auth: false, limitKey: null }, () => ({
		body: {
			issuer: `${sim.url}${REALM}`,
			authorization_endpoint: `${sim.url}/oauth2/auth`,
			token_endpoint: `${sim.url}/oauth2/token`,
			grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
			response_types_supported: ['code'],
			token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
			scopes_supported: [...constants.SERVICE_PARTNER_SCOPES, ...constants.DATA_SCOPES],
		},
	}));

	// --- control: installations of service-partner apps --------------------------------------
	// POST /__control/installations { installationId, partnerId, appId?, scopes? } -> 201
	// POST /__control/installations/:installationId/state { state: 'DISABLED' | 'ENABLED' }
	// Data stays partitioned by partner: an installation token carries its installation's partner.
	sim.control('POST', '/installations', (ctx) => {
		const body = ctx.body || {};
		if (!body.installationId || !body.partnerId) return { status: 400, body: { error: 'installationId and partnerId are required' } };
		try {
			const inst = sim.apps.addInstallation(body.appId || constants.SP_APP_ID, {
				installationId: String(body.installationId),
				partnerId: String(body.partnerId),
				scopes: body.scopes,
			});
			return { status: 201, body: inst };
		} catch (error) {
			return { status: 400, body: { error: error.message } };
		}
	});
	sim.control('POST', '/installations/:installationId/state', (ctx) => {
		const state = String((ctx.body && ctx.body.state) || 'DISABLED');
		try {
			return { body: sim.apps.setInstallationState(ctx.params.installationId, state, sim.tokens) };
		} catch (error) {
			return { status: 404, body: { error: error.message } };
		}
	});

	// --- Developer V1 ---------------------------------------------------------------------------
	sim.route('GET', '/v1/apps/:appId/installation', { scope: 'installation' }, (ctx) => {
		const app = sim.apps.apps.get(ctx.params.appId);
		if (!app) return sim.errors.otto(404, 'APP_NOT_FOUND', `App ${ctx.params.appId} not found`, ctx.path);
		if (ctx.token.clientId !== app.clientId) return sim.errors.otto(403, 'INSUFFICIENT_PERMISSION', 'Token was not issued for this app', ctx.path);
		const mine = app.installations.filter((i) => i.partnerId === ctx.partnerId);
		const current = mine.find((i) => i.state === 'ENABLED') || mine[0];
		if (!current) return sim.errors.otto(404, 'INSTALLATION_NOT_FOUND', `Partner ${ctx.partnerId} has not installed app ${app.appId}`, ctx.path);
		const summary = (i) => ({ installationId: i.installationId, state: i.state, appVersion: i.appVersion });
		// OTTO's answer (service-partner guide, simulator/contract/readings.js DeveloperV1InstallationResponse):
		// installationId, appVersion and the partner's other installations; no partner ID.
		return {
			body: {
				installationId: current.installationId,
				appVersion: current.appVersion,
				existingInstallations: mine.filter((i) => i !== current).map(summary),
			},
		};
	});

	sim.route('POST', '/v1/apps/:appId/installations/:installationId/accessToken', { scope: 'developer', limitKey: 'accessToken' }, (ctx) => {
		const app = sim.apps.apps.get(ctx.params.appId);
		if (!app) return sim.errors.otto(404, 'APP_NOT_FOUND', `App ${ctx.params.appId} not found`, ctx.path);
		if (app.developerId !== ctx.token.developerId) {
			return sim.errors.otto(403, 'INSUFFICIENT_PERMISSION', `App ${app.appId} belongs to another developer`, ctx.path);
		}
		const inst = app.installations.find((i) => i.installationId === ctx.params.installationId);
		if (!inst) return sim.errors.otto(404, 'INSTALLATION_NOT_FOUND', `Installation ${ctx.params.installationId} not found for app ${app.appId}`, ctx.path);
		if (inst.state !== 'ENABLED') return sim.errors.otto(403, 'INSTALLATION_DISABLED', `Installation ${inst.installationId} is ${inst.state}`, ctx.path);
		const body = ctx.body && typeof ctx.body === 'object' && !Buffer.isBuffer(ctx.body) ? ctx.body : {};
		const requested = body.scope !== undefined ? splitScopes(body.scope) : [...inst.scopes];
		const bad = requested.filter((s) => !inst.scopes.includes(s));
		if (bad.length) return oauth(400, 'invalid_scope', `Invalid scopes: ${bad.join(' ')}`);
		const record = sim.tokens.issue({
			partnerId: inst.partnerId,
			scopes: requested,
			clientId: app.clientId,
			installationId: inst.installationId,
			appId: app.appId,
		});
		return { status: 200, headers: noStore, body: { access_token: record.token, expires_in: record.expiresIn } };
	});
};
