'use strict';
// The simulator core: one HTTP server, routing, bearer auth + scopes, rate limits, faults,
// request log, clock and the control API. Interfaces live in ./interfaces/*.js.

const http = require('node:http');
const { createRng, hashString } = require('./random');
const { createOrderStore } = require('./orderStore');
const registerAuth = require('./auth');
const { revokeOlder } = require('./revocation');
const constants = require('./constants');
const { createContract } = require('./contract');

const JSON_TYPE = 'application/json;charset=utf-8';

// ---------------------------------------------------------------------------------------------
// config

function defaultRateLimits() {
	// docs/otto-api.md §8.1 (the accessToken limit: §2.3 and §8.1).
	return {
		general: { perSecond: 20 }, // every authenticated call, per partner
		token: { perSecond: 10 }, // POST /oauth2/token and /v1/token, per IP
		accessToken: { perSecond: 100, perMinute: 1000, perHour: 15000 }, // per service partner
		productsGet: { perSecond: 10 },
		productsPost: { perSecond: 20 },
		productsActiveStatusGet: { perSecond: 10 },
		productsActiveStatusPost: { perDay: 3600 },
		productsMarketplaceStatus: { perSecond: 10 },
		productsCategories: { perSecond: 10 },
		productsBrands: { perSecond: 10 },
	};
}

function defaultConfig(options) {
	return {
		tokenTtlSeconds: options.tokenTtlSeconds ?? 1800,
		refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 7200,
		rateLimitsEnabled: options.rateLimitsEnabled ?? true,
		rateLimits: { ...defaultRateLimits(), ...(options.rateLimits || {}) },
		retryAfter: options.retryAfter ?? true,
		rateLimitHtml: options.rateLimitHtml ?? false,
		sandbox: options.sandbox ?? true,
		consentPartnerId: constants.INSTALLED_PARTNER_ID,
		// claim of the consent token naming the partner: 'partner_id' (default), 'partner' (both in OTTO's
		// guide samples), or null for a token without one (issue 18 point 11)
		consentPartnerIdClaim: options.consentPartnerIdClaim === undefined ? 'partner_id' : options.consentPartnerIdClaim,
		tokenClock: options.tokenClock ?? 'real',
		maxRequestLog: options.maxRequestLog ?? 20000,
		revokeOnReissue: options.revokeOnReissue ?? false, // see revocation.js
		// Answer latency of every API call (control calls excepted): latencyMs plus a uniform
		// jitter in [-latencyJitterMs, +latencyJitterMs], counted from the request's arrival, as a
		// real API's answer time: the request is counted for the rate limit, handled and its answer
		// serialised first, then sent once the latency is over (the simulator's own serving time is
		// part of the latency, not added to it; an answer that took longer goes at once).
		latencyMs: options.latencyMs ?? 0,
		latencyJitterMs: options.latencyJitterMs ?? 0,
	};
}

const WINDOWS = [
	['perSecond', 1000],
	['perMinute', 60000],
	['perHour', 3600000],
	['perDay', 86400000],
];

// ---------------------------------------------------------------------------------------------
// routing

function compilePattern(pattern) {
	const segments = pattern.split('/').filter(Boolean).map((segment) => {
		if (!segment.includes(':')) return { static: segment, rank: 0 };
		const names = [];
		const source = segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, name) => {
			names.push(name);
			return '([^/]+?)';
		});
		return { regex: new RegExp(`^${source}$`), names, rank: segment.startsWith(':') && names.length === 1 && /^:\w+$/.test(segment) ? 2 : 1 };
	});
	return { segments, specificity: segments.map((s) => s.rank).join('') };
}

function matchRoute(route, method, parts) {
	if (route.method !== method && route.method !== '*') return null;
	if (route.segments.length !== parts.length) return null;
	const params = {};
	for (let i = 0; i < parts.length; i++) {
		const seg = route.segments[i];
		if (seg.static !== undefined) {
			if (seg.static !== parts[i]) return null;
			continue;
		}
		const m = seg.regex.exec(parts[i]);
		if (!m) return null;
		seg.names.forEach((name, j) => {
			params[name] = safeDecode(m[j + 1]);
		});
	}
	return params;
}

function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

// ---------------------------------------------------------------------------------------------
// helpers

function toBase64Url(value) {
	return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function queryToObject(query) {
	const out = {};
	for (const [key, value] of query) {
		if (key in out) out[key] = [].concat(out[key], value);
		else out[key] = value;
	}
	return out;
}

function htmlPage(status, title, text) {
	return `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head><body><h1>${status} ${title}</h1><p>${text}</p><hr><center>simulated gateway</center></body></html>\n`;
}

function parseBody(rawBody, contentType) {
	if (!rawBody.length) return { body: undefined };
	const type = (contentType || '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) {
		return { body: queryToObject(new URLSearchParams(rawBody.toString('utf8'))) };
	}
	if (type.includes('json')) {
		try {
			return { body: JSON.parse(rawBody.toString('utf8')) };
		} catch (error) {
			return { error: `Malformed JSON body: ${error.message}` };
		}
	}
	if (!type) {
		const text = rawBody.toString('utf8');
		try {
			return { body: JSON.parse(text) };
		} catch {
			return { body: text };
		}
	}
	if (type.startsWith('text/')) return { body: rawBody.toString('utf8') };
	return { body: rawBody };
}

// Unref: a delayed fault still pending when the simulator closes must not keep the process alive.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

// ---------------------------------------------------------------------------------------------
// errors

const errors = {
	/** OTTO `errors: [...]` shape. Returns a handler response ({ status, body }). */
	otto(status, title, detail, path) {
		const error = { title, detail: detail ?? title };
		if (path) error.path = path;
		error.logref = `sim-${Math.random().toString(16).slice(2, 10)}`;
		return { status, body: { errors: [error] } };
	},
	/** Problem (`validationErrors`) shape used by Availability and ShippingProfiles. */
	problem(status, title, detail) {
		const details = detail === undefined ? [] : Array.isArray(detail) ? detail : [detail];
		return {
			status,
			headers: { 'content-type': 'application/problem+json;charset=utf-8' },
			body: {
				type: 'about:blank',
				title,
				status,
				validationErrors: details.map((d) => (typeof d === 'string' ? { detail: d, logref: `sim-${Math.random().toString(16).slice(2, 10)}` } : d)),
			},
		};
	},
	/** OAuth2 / Keycloak `{ error, error_description }` shape. */
	oauth(status, error, description) {
		return { status, body: { error, error_description: description } };
	},
};

// ---------------------------------------------------------------------------------------------
// simulator

class Simulator {
	constructor(options = {}) {
		this.options = options;
		this.seed = options.seed ?? 42;
		this.config = defaultConfig(options);
		this.errors = errors;
		this.constants = constants;
		this.url = '';
		this.requests = [];
		this._requestSeq = 0;
		this._routes = [];
		this._resetHooks = [];
		this._windows = new Map();
		this._server = null;
		this.partners = new Map();
		this.tokens = createTokenRegistry(this);
		this.apps = createAppRegistry();
		this.faults = createFaults();
		this.clock = createClock(options.clock);
		this.rng = createRng(this.seed);
		this.orders = createOrderStore(this);
		registerAuth(this);
		registerControl(this);
		this.contract = createContract(this, options);
	}

	/** Random source for one partner, seeded with (seed, partnerId): independent of request order. */
	partnerRng(partnerId) {
		return this.partner(partnerId).rng;
	}

	/** State of one partner, created on demand. Interfaces keep their data under their own key. */
	partner(partnerId) {
		const id = String(partnerId);
		let state = this.partners.get(id);
		if (!state) {
			state = { partnerId: id, rng: createRng(hashString(`${this.seed}:${id}`)) };
			this.partners.set(id, state);
		}
		return state;
	}

	/** Registers a route. opts: { scope, limitKey, auth, limitBy, control }. */
	route(method, pattern, opts, handler) {
		if (typeof opts === 'function') {
			handler = opts;
			opts = {};
		}
		const compiled = compilePattern(pattern);
		this._routes.push({ method: method.toUpperCase(), pattern, opts: opts || {}, handler, ...compiled, order: this._routes.length });
		// most specific first: fewer params earlier, then registration order
		this._routes.sort((a, b) => (a.specificity < b.specificity ? -1 : a.specificity > b.specificity ? 1 : a.order - b.order));
		return this;
	}

	/** Registers a control route under /__control/ (no auth, no rate limit, not logged). */
	control(method, pattern, handler) {
		return this.route(method, `/__control${pattern.startsWith('/') ? '' : '/'}${pattern}`, { control: true, auth: false }, handler);
	}

	/** Called on POST /__control/reset (after partner state, log and faults are cleared). */
	onReset(fn) {
		this._resetHooks.push(fn);
	}

	clearRequests() {
		this.requests.length = 0;
	}

	expireTokens() {
		this.tokens.expireAll();
	}

	reset() {
		this.partners.clear();
		this.clearRequests();
		this.faults.clear();
		this._windows.clear();
		const keep = { sandbox: this.config.sandbox };
		Object.assign(this.config, defaultConfig(this.options), keep);
		this.clock.reset(this.options.clock);
		this.rng = createRng(this.seed);
		for (const hook of this._resetHooks) hook(this);
		if (this.options.seedOrders) this.seedDefaultOrders(this.options.seedOrders);
	}

	/** Creates `count` orders for each built-in partner, spread over the last 30 days. */
	seedDefaultOrders(count) {
		for (const partnerId of [constants.SELLER_PARTNER_ID, constants.INSTALLED_PARTNER_ID]) {
			this.orders.seed(partnerId, count);
		}
	}

	// --- server ---------------------------------------------------------------------------

	listen(port = 0, host = '127.0.0.1') {
		this._server = http.createServer((req, res) => {
			this._handle(req, res).catch((error) => {
				console.error('[simulator] unhandled error', error);
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': JSON_TYPE });
					res.end(JSON.stringify(errors.otto(500, 'INTERNAL_SERVER_ERROR', 'Simulator error').body));
				} else res.destroy();
			});
		});
		this._server.keepAliveTimeout = 5000;
		return new Promise((resolve, reject) => {
			this._server.once('error', reject);
			this._server.listen(port, host, () => {
				const address = this._server.address();
				this.port = address.port;
				this.url = `http://${host}:${address.port}`;
				resolve(this);
			});
		});
	}

	close() {
		if (!this._server) return Promise.resolve();
		const server = this._server;
		this._server = null;
		return new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}

	async _handle(req, res) {
		const arrived = performance.now();
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		const rawBody = Buffer.concat(chunks);
		const url = new URL(req.url, 'http://localhost');
		const path = url.pathname;
		const method = req.method.toUpperCase();
		const isControl = path.startsWith('/__control/');
		const parsed = parseBody(rawBody, req.headers['content-type']);

		let entry = null;
		if (!isControl) {
			entry = {
				id: ++this._requestSeq,
				time: new Date().toISOString(),
				method,
				path,
				query: queryToObject(url.searchParams),
				headers: { ...req.headers },
				body: parsed.body,
				rawBody: rawBody.toString('utf8'),
				status: 0,
				partnerId: null,
				scope: null,
			};
			this.requests.push(entry);
			const max = this.config.maxRequestLog;
			if (max > 0 && this.requests.length > max) this.requests.splice(0, this.requests.length - max);
		}

		const fault = isControl ? null : this.faults._take(method, path);
		if (fault && !fault.afterHandler) {
			if (fault.delayMs) await sleep(fault.delayMs);
			if (fault.reset || fault.status) return this._applyFault(fault, req, res, entry);
		}

		let response;
		if (parsed.error && !isControl) response = errors.otto(400, 'BAD_REQUEST', parsed.error, path);
		else {
			const ctx = {
				method,
				path,
				params: {},
				query: url.searchParams,
				body: parsed.body,
				rawBody,
				headers: req.headers,
				partner: null,
				partnerId: null,
				token: null,
				ip: req.socket.remoteAddress,
				sim: this,
			};
			response = await this._dispatch(ctx, entry);
		}

		if (fault && fault.afterHandler) {
			if (fault.delayMs) await sleep(fault.delayMs);
			if (fault.reset || fault.status) return this._applyFault(fault, req, res, entry);
		}
		if (entry) entry.status = response.status;
		const answer = this._prepare(response);
		if (!isControl) await this._latency(arrived);
		this._write(res, answer);
	}

	/** Waits until the configured answer latency (fixed plus jitter), counted from `arrived`, is over. */
	async _latency(arrived) {
		const base = Number(this.config.latencyMs) || 0;
		const jitter = Number(this.config.latencyJitterMs) || 0;
		if (base <= 0 && jitter <= 0) return;
		const ms = Math.max(0, base + (jitter > 0 ? (Math.random() * 2 - 1) * jitter : 0)) - (performance.now() - arrived);
		if (ms > 0) await sleep(ms);
	}

	_applyFault(fault, req, res, entry) {
		if (entry) entry.fault = true;
		if (fault.reset) {
			if (entry) entry.status = 0;
			req.socket.destroy();
			return;
		}
		let body = fault.body;
		const headers = { ...(fault.headers || {}) };
		if (fault.html) {
			body = typeof body === 'string' ? body : htmlPage(fault.status, 'Forbidden', 'Request blocked.');
			headers['content-type'] ??= 'text/html; charset=utf-8';
		} else if (body === undefined) {
			body = errors.otto(fault.status, http.STATUS_CODES[fault.status] || 'ERROR', 'Simulated fault').body;
		}
		if (entry) entry.status = fault.status;
		this._send(res, { status: fault.status, body, headers });
	}

	async _dispatch(ctx, entry) {
		const parts = ctx.path.split('/').filter(Boolean);
		let route = null;
		for (const candidate of this._routes) {
			const params = matchRoute(candidate, ctx.method, parts);
			if (params) {
				route = candidate;
				ctx.params = params;
				break;
			}
		}
		if (!route) return errors.otto(404, 'RESOURCE_NOT_FOUND', `No route ${ctx.method} ${ctx.path}`, ctx.path);
		if (entry) entry.route = route.pattern;
		const opts = route.opts;

		if (opts.auth !== false && !opts.control) {
			const token = this.tokens.fromRequest(ctx.headers);
			if (!token) {
				const response = errors.otto(401, 'UNAUTHORIZED', 'Missing, invalid or expired access token', ctx.path);
				response.headers = { 'www-authenticate': 'Bearer error="invalid_token"' };
				return response;
			}
			ctx.token = token;
			ctx.partnerId = token.partnerId || null;
			if (ctx.partnerId) ctx.partner = this.partner(ctx.partnerId);
			if (entry) {
				entry.partnerId = ctx.partnerId;
				entry.scope = token.scope;
			}
		}

		if (!opts.control) {
			const limited = this._rateLimit(opts, ctx);
			if (limited) return limited;
		}

		if (opts.scope && !opts.control) {
			const needed = [].concat(opts.scope);
			const token = ctx.token;
			const ok = token && needed.some((s) => token.scopes.has(s));
			const needsPartner = needed.some((s) => constants.DATA_SCOPES.includes(s));
			if (!ok || (needsPartner && !ctx.partnerId)) {
				return errors.otto(403, 'INSUFFICIENT_PERMISSION', `The access token lacks the scope '${needed.join("' or '")}'`, ctx.path);
			}
		}

		const checked = opts.control ? null : this.contract.request(ctx, entry);
		if (checked && checked.refusal) return checked.refusal;
		// Test hook: runs before every API handler, e.g. to change data while a client pages through a list.
		if (typeof this.onRequest === 'function') this.onRequest(ctx);
		try {
			const result = normalizeResponse(await route.handler(ctx));
			this.contract.response(ctx, checked, result, entry);
			return result;
		} catch (error) {
			if (error && typeof error === 'object' && typeof error.status === 'number' && !(error instanceof Error)) {
				const result = normalizeResponse(error);
				this.contract.response(ctx, checked, result, entry);
				return result;
			}
			if (this.options.logErrors !== false) console.error('[simulator] handler error', route.method, route.pattern, error);
			if (entry) entry.error = String(error && error.stack ? error.stack : error);
			return errors.otto(500, 'INTERNAL_SERVER_ERROR', 'Simulator handler failed', ctx.path);
		}
	}

	_rateLimit(opts, ctx) {
		if (!this.config.rateLimitsEnabled) return null;
		const keys = opts.limitKey === null ? [] : [].concat(opts.limitKey ?? (opts.auth === false ? [] : 'general'));
		if (!keys.length) return null;
		const who =
			opts.limitBy === 'ip'
				? `ip:${ctx.ip}`
				: ctx.partnerId
					? `p:${ctx.partnerId}`
					: ctx.token
						? `c:${ctx.token.developerId || ctx.token.clientId}`
						: `ip:${ctx.ip}`;
		const now = Date.now();
		const checks = [];
		for (const key of keys) {
			const limit = this.config.rateLimits[key] || this.config.rateLimits.general;
			if (!limit) continue;
			const windowKey = `${who}|${key}`;
			let stamps = this._windows.get(windowKey);
			if (!stamps) this._windows.set(windowKey, (stamps = []));
			let longest = 0;
			for (const [field, ms] of WINDOWS) {
				const max = limit[field];
				if (max === undefined || max === null) continue;
				longest = Math.max(longest, ms);
				const from = now - ms;
				// stamps are sorted ascending: count those inside the window
				let lo = 0;
				let hi = stamps.length;
				while (lo < hi) {
					const mid = (lo + hi) >> 1;
					if (stamps[mid] <= from) lo = mid + 1;
					else hi = mid;
				}
				const inWindow = stamps.length - lo;
				if (inWindow >= max) {
					const oldest = stamps[stamps.length - max];
					return this._tooMany(Math.max(1, Math.ceil((oldest + ms - now) / 1000)), ctx);
				}
			}
			checks.push([stamps, longest]);
		}
		for (const [stamps, longest] of checks) {
			stamps.push(now);
			// prune old stamps now and then
			if (stamps.length > 64 && stamps[0] <= now - longest) {
				let drop = 0;
				while (drop < stamps.length && stamps[drop] <= now - longest) drop++;
				stamps.splice(0, drop);
			}
		}
		return null;
	}

	_tooMany(seconds, ctx) {
		const headers = {};
		const retryAfter = this.config.retryAfter;
		if (retryAfter === true) headers['retry-after'] = String(seconds);
		else if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
		if (this.config.rateLimitHtml) {
			headers['content-type'] = 'text/html; charset=utf-8';
			return { status: 429, headers, body: htmlPage(429, 'Too Many Requests', 'Rate limit exceeded.') };
		}
		const response = errors.otto(429, 'TOO_MANY_REQUESTS', 'Rate limit exceeded', ctx.path);
		response.headers = headers;
		return response;
	}

	_send(res, response) {
		this._write(res, this._prepare(response));
	}

	/** Status, headers and payload of an answer, serialised once (a JSON body as UTF-8 bytes). */
	_prepare(response) {
		const status = response.status || 200;
		const headers = {};
		for (const [k, v] of Object.entries(response.headers || {})) headers[k.toLowerCase()] = v;
		// OTTO's clock in every answer (HTTP date), as a server sends it: the simulator's clock, not the host's.
		headers.date ??= this.clock.now().toUTCString();
		let payload;
		const body = response.body;
		if (body === undefined || body === null || status === 204 || status === 304) payload = undefined;
		else if (Buffer.isBuffer(body)) {
			payload = body;
			headers['content-type'] ??= 'application/octet-stream';
		} else if (typeof body === 'string') {
			payload = body;
			headers['content-type'] ??= 'text/plain; charset=utf-8';
		} else {
			// Bytes once: the length and the socket need no second UTF-8 encoding of a large page.
			payload = Buffer.from(JSON.stringify(body));
			headers['content-type'] ??= JSON_TYPE;
		}
		if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
		else if (status !== 204 && status !== 304) headers['content-length'] = 0;
		return { status, headers, payload };
	}

	_write(res, { status, headers, payload }) {
		res.writeHead(status, headers);
		res.end(payload);
	}
}

function normalizeResponse(result) {
	if (result === undefined || result === null) return { status: 204 };
	return { status: result.status ?? 200, body: result.body, headers: result.headers };
}

// ---------------------------------------------------------------------------------------------
// clock

function createClock(initial) {
	let fixed = initial !== undefined && initial !== null ? new Date(initial).getTime() : null;
	let offset = 0;
	return {
		/** Current simulator time (a new Date). Real time unless set(). */
		now() {
			return new Date(fixed !== null ? fixed : Date.now() + offset);
		},
		/** Freezes the clock at `date`; advance() moves it. */
		set(date) {
			fixed = new Date(date).getTime();
			return this.now();
		},
		advance(ms) {
			if (fixed !== null) fixed += ms;
			else offset += ms;
			return this.now();
		},
		/** Back to real time (or to `date`, frozen). */
		reset(date) {
			fixed = date !== undefined && date !== null ? new Date(date).getTime() : null;
			offset = 0;
		},
		get frozen() {
			return fixed !== null;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// faults

function createFaults() {
	const list = [];
	return {
		list,
		add(spec) {
			if (!spec || (spec.path === undefined && spec.pathRegex === undefined)) throw new Error('fault needs a path');
			const fault = {
				method: spec.method ? spec.method.toUpperCase() : undefined,
				path: spec.pathRegex !== undefined ? new RegExp(spec.pathRegex) : spec.path,
				status: spec.status ?? (spec.reset || spec.delayMs ? undefined : 500),
				times: spec.times ?? 1,
				body: spec.body,
				headers: spec.headers,
				delayMs: spec.delayMs ?? 0,
				reset: !!spec.reset,
				html: !!spec.html,
				afterHandler: !!spec.afterHandler,
				hits: 0,
			};
			list.push(fault);
			return fault;
		},
		clear() {
			list.length = 0;
		},
		_take(method, path) {
			for (let i = 0; i < list.length; i++) {
				const f = list[i];
				if (f.method && f.method !== method) continue;
				if (f.path instanceof RegExp ? !f.path.test(path) : !path.startsWith(f.path)) continue;
				f.hits++;
				f.times--;
				if (f.times <= 0) list.splice(i, 1);
				return f;
			}
			return null;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// apps and tokens

function createAppRegistry() {
	const clients = new Map();
	const apps = new Map();
	const registry = {
		clients,
		apps,
		/** A seller's own app: client_credentials with data scopes for its partner id. */
		addSellerClient({ clientId, clientSecret, partnerId, scopes = constants.DATA_SCOPES }) {
			clients.set(clientId, { kind: 'seller', clientId, clientSecret, partnerId: String(partnerId), scopes: [...scopes] });
		},
		/** A service-partner app with its installations. */
		addApp({ appId, clientId, clientSecret, developerId, scopes = constants.DATA_SCOPES, appVersion = 'V1', installations = [] }) {
			const app = { appId, clientId, developerId: developerId ?? `dev-${clientId}`, scopes: [...scopes], appVersion, installations: [] };
			apps.set(appId, app);
			clients.set(clientId, { kind: 'servicePartner', clientId, clientSecret, appId, developerId: app.developerId, scopes: ['developer'] });
			for (const inst of installations) registry.addInstallation(appId, inst);
			return app;
		},
		addInstallation(appId, { installationId, partnerId, state = 'ENABLED', appVersion, scopes }) {
			const app = apps.get(appId);
			if (!app) throw new Error(`unknown app ${appId}`);
			const inst = { installationId, appId, partnerId: String(partnerId), state, appVersion: appVersion ?? app.appVersion, scopes: scopes ? [...scopes] : [...app.scopes] };
			app.installations.push(inst);
			return inst;
		},
		/**
		 * The seller uninstalls (or disables) the app: the installation's state changes and every
		 * token issued for it stops working at once (OTTO revokes them). Returns the installation.
		 */
		setInstallationState(installationId, state, tokens) {
			const found = registry.findInstallation(installationId);
			if (!found) throw new Error(`unknown installation ${installationId}`);
			found.inst.state = state;
			if (state !== 'ENABLED' && tokens) tokens.revoke((record) => record.installationId === installationId);
			return found.inst;
		},
		findInstallation(installationId) {
			for (const app of apps.values()) {
				const inst = app.installations.find((i) => i.installationId === installationId);
				if (inst) return { app, inst };
			}
			return null;
		},
	};
	registry.addSellerClient({ clientId: constants.SELLER_CLIENT_ID, clientSecret: constants.SELLER_CLIENT_SECRET, partnerId: constants.SELLER_PARTNER_ID });
	registry.addApp({
		appId: constants.SP_APP_ID,
		clientId: constants.SP_CLIENT_ID,
		clientSecret: constants.SP_CLIENT_SECRET,
		developerId: constants.SP_DEVELOPER_ID,
		installations: [
			{ installationId: constants.INSTALLATION_ID, partnerId: constants.INSTALLED_PARTNER_ID },
			// a second seller of the same app (service-partner examples: one workflow, several installations)
			{ installationId: constants.SECOND_INSTALLATION_ID, partnerId: constants.SECOND_INSTALLED_PARTNER_ID },
		],
	});
	return registry;
}

function createTokenRegistry(sim) {
	const tokens = new Map();
	const crypto = require('node:crypto');
	// Token lifetimes run on real time, or on the simulator clock when config.tokenClock is
	// 'simulator' (the benchmark compresses hours by advancing that clock).
	const now = () => (sim.config.tokenClock === 'simulator' ? sim.clock.now().getTime() : Date.now());
	return {
		map: tokens,
		/**
		 * Issues an access token (unsigned JWT-like: header.payload.signature, payload carries
		 * partner_id, scope, exp). Returns the stored record; record.token is the string.
		 */
		issue({ partnerId, scopes = [], clientId, developerId, installationId, appId, kind = 'access', ttlSeconds }) {
			const issuedAt = now();
			const ttl = ttlSeconds ?? (kind === 'refresh' ? sim.config.refreshTokenTtlSeconds : sim.config.tokenTtlSeconds);
			const scope = [...scopes].join(' ');
			const payload = {
				jti: crypto.randomUUID(),
				iat: Math.floor(issuedAt / 1000),
				exp: Math.floor(issuedAt / 1000) + ttl,
				iss: `${sim.url}/sec-api/auth/realms/otto-partner`,
				typ: kind === 'refresh' ? 'Refresh' : 'Bearer',
				azp: clientId,
				scope,
			};
			// consent tokens (an app's user grant, no installation) name the partner in the configured claim
			const claim = appId && !installationId ? sim.config.consentPartnerIdClaim : 'partner_id';
			if (partnerId && claim) payload[claim] = String(partnerId);
			if (developerId) payload.developer_id = developerId;
			if (installationId) payload.installation_id = installationId;
			if (appId) payload.app_id = appId;
			const token = `${toBase64Url({ alg: 'none', typ: 'JWT' })}.${toBase64Url(payload)}.${crypto.randomBytes(16).toString('base64url')}`;
			const record = {
				token,
				kind,
				partnerId: partnerId ? String(partnerId) : null,
				clientId,
				developerId: developerId || null,
				installationId: installationId || null,
				appId: appId || null,
				scopes: new Set(scopes),
				scope,
				expiresAt: issuedAt + ttl * 1000,
				expiresIn: ttl,
			};
			tokens.set(token, record);
			revokeOlder(sim, tokens, record);
			return record;
		},
		/** The valid access-token record for a request's `Authorization: Bearer ...`, else null. */
		fromRequest(headers) {
			const header = headers.authorization;
			if (!header) return null;
			const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
			if (!m) return null;
			return this.validate(m[1], 'access');
		},
		validate(token, kind = 'access') {
			const record = tokens.get(token);
			if (!record || record.kind !== kind) return null;
			if (record.expiresAt <= now()) {
				tokens.delete(token);
				return null;
			}
			return record;
		},
		/** Drops every token the predicate picks (uninstalled installation). Returns how many. */
		revoke(predicate) {
			let count = 0;
			for (const [token, record] of tokens) {
				if (predicate(record)) {
					tokens.delete(token);
					count++;
				}
			}
			return count;
		},
		/** Expires every issued access token (refresh tokens stay valid). */
		expireAll() {
			for (const [token, record] of tokens) if (record.kind === 'access') tokens.delete(token);
		},
	};
}

// ---------------------------------------------------------------------------------------------
// control API

function registerControl(sim) {
	const serializeEntry = (e) => e;
	sim.control('GET', '/health', () => ({ body: { ok: true, url: sim.url } }));
	sim.control('GET', '/info', () => ({
		body: {
			url: sim.url,
			seed: sim.seed,
			builtIn: constants.BUILT_IN,
			controlEndpoints: sim._routes.filter((r) => r.opts.control).map((r) => `${r.method} ${r.pattern}`),
		},
	}));
	sim.control('GET', '/requests', (ctx) => {
		let list = sim.requests;
		const since = ctx.query.get('sinceId');
		if (since) list = list.filter((e) => e.id > Number(since));
		return { body: { requests: list.map(serializeEntry) } };
	});
	sim.control('DELETE', '/requests', () => {
		sim.clearRequests();
		return { status: 204 };
	});
	sim.control('GET', '/faults', () => ({ body: { faults: sim.faults.list.map((f) => ({ ...f, path: String(f.path) })) } }));
	sim.control('POST', '/faults', (ctx) => {
		const specs = [].concat(ctx.body || []);
		try {
			for (const spec of specs) sim.faults.add(spec);
		} catch (error) {
			return { status: 400, body: { error: error.message } };
		}
		return { status: 201, body: { added: specs.length, faults: sim.faults.list.length } };
	});
	sim.control('DELETE', '/faults', () => {
		sim.faults.clear();
		return { status: 204 };
	});
	sim.control('POST', '/expire-tokens', () => {
		sim.expireTokens();
		return { status: 204 };
	});
	sim.control('GET', '/config', () => ({ body: sim.config }));
	sim.control('POST', '/config', (ctx) => {
		const patch = ctx.body || {};
		for (const [key, value] of Object.entries(patch)) {
			if (key === 'rateLimits' && value && typeof value === 'object') Object.assign(sim.config.rateLimits, value);
			else sim.config[key] = value;
		}
		return { body: sim.config };
	});
	sim.control('POST', '/reset', () => {
		sim.reset();
		return { status: 204 };
	});
	sim.control('GET', '/clock', () => ({ body: { now: sim.clock.now().toISOString(), frozen: sim.clock.frozen } }));
	sim.control('POST', '/clock', (ctx) => {
		const body = ctx.body || {};
		if (body.reset) sim.clock.reset();
		if (body.set) sim.clock.set(body.set);
		if (body.advanceMs) sim.clock.advance(Number(body.advanceMs));
		return { body: { now: sim.clock.now().toISOString(), frozen: sim.clock.frozen } };
	});
	sim.control('POST', '/tokens', (ctx) => {
		const body = ctx.body || {};
		const record = sim.tokens.issue({ partnerId: body.partnerId ?? constants.SELLER_PARTNER_ID, scopes: body.scopes ?? constants.DATA_SCOPES, clientId: 'control' });
		return { status: 201, body: { access_token: record.token, expires_in: record.expiresIn, token_type: 'Bearer', scope: record.scope } };
	});
}

module.exports = { Simulator, errors, compilePattern, defaultRateLimits };
