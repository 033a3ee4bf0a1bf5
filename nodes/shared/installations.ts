/**
 * Service partner app, installation per item: the credential holds the app (client ID, secret,
 * App ID) and its developer token; every item names the seller installation it is for. This module
 * turns an installation ID into an installation access token and sends requests with it.
 *
 * - Installation tokens are cached in this n8n instance per credential ID and installation ID
 *   (plus a fingerprint of the credential's app fields, so an edited credential never gets a token
 *   of its old app). One exchange per installation per token lifetime, shared by every execution;
 *   a 401 with a cached token drops it and exchanges once more.
 * - Exchanges are paced within OTTO's limits for each service partner (docs/otto-api.md §8.1:
 *   100 per second, 1,000 per minute, 15,000 per hour on
 *   `POST /v1/apps/{appId}/installations/{installationId}/accessToken`) and repeated on 429 (Retry-After),
 *   5xx and resets. At the per-hour limit the node waits, and says so in the log.
 * - The developer token is n8n's stored credential token (preAuthentication, scope `developer`):
 *   the exchange goes through httpRequestWithAuthentication, so n8n refreshes it once after a 401.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import { APP_MODE, baseUrlOf, fingerprint, scopeList } from './environment';
import { cancelSignalOf, DEFAULT_RETRY_SETTINGS, repeat, waitOrCancel } from './retry';
import { sendWithStoredToken } from './storedToken';
import { failureOf } from './errors';

type Context = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export const API_CREDENTIAL = 'ottoMarketApi';
/** Credential mode "Service Partner App Installation" (one installation in the credential). */
export const SINGLE_INSTALLATION_MODE = 'servicePartner';
/** Name of the node parameter every OTTO node has for the installation of an item. */
export const INSTALLATION_PARAMETER = 'installationId';

/** The field every OTTO node shows; used only with a credential in app mode. */
export const installationIdProperty: INodeProperties = {
	displayName: 'Installation ID',
	name: INSTALLATION_PARAMETER,
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.installationId }}',
	description:
		'Only with an OTTO Market API credential in mode "Service Partner App (Installation per Item)": the seller installation this item is for, usually an expression that reads the installationId field of the item. Leave empty with any other credential.',
};

// ------------------------------------------------------------------------------------------------
// exchange pacing

export interface ExchangeLimit {
	windowMs: number;
	max: number;
	label: string;
}

/** OTTO's exchange limits per service partner (docs/otto-api.md §8.1). */
export const EXCHANGE_LIMITS: ExchangeLimit[] = [
	{ windowMs: 1_000, max: 100, label: '100 per second' },
	{ windowMs: 60_000, max: 1_000, label: '1,000 per minute' },
	{ windowMs: 3_600_000, max: 15_000, label: '15,000 per hour' },
];

/** Slack added to each window: OTTO counts arrivals, we count departures. */
const WINDOW_SLACK_MS = 25;

/**
 * A sliding-window limiter over several windows. `reserve(now)` books the earliest moment at or
 * after `now` that keeps every window under its maximum and says how long to wait and which limit
 * made it wait. Pure (time comes in as an argument), so the benchmark can run it on simulated time.
 */
export class ExchangeLimiter {
	private readonly stamps: number[] = [];

	constructor(private readonly limits: ExchangeLimit[] = EXCHANGE_LIMITS) {}

	reserve(now: number): { at: number; waitMs: number; limit?: ExchangeLimit } {
		const stamps = this.stamps;
		let at = Math.max(now, stamps.length ? stamps[stamps.length - 1] : now);
		let binding: ExchangeLimit | undefined;
		// One pass per window is not enough when a later window pushes past an earlier one: repeat until stable.
		for (let round = 0; round < this.limits.length + 1; round++) {
			let moved = false;
			for (const limit of this.limits) {
				if (stamps.length < limit.max) continue;
				const free = stamps[stamps.length - limit.max] + limit.windowMs + WINDOW_SLACK_MS;
				if (free > at) {
					at = free;
					binding = limit;
					moved = true;
				}
			}
			if (!moved) break;
		}
		stamps.push(at);
		const longest = Math.max(...this.limits.map((limit) => limit.max));
		if (stamps.length > longest * 2) stamps.splice(0, stamps.length - longest);
		return { at, waitMs: at - now, limit: binding };
	}
}

/** Largest roster whose tokens OTTO's per-hour limit can renew: exchanges per hour / renewals per installation per hour. */
export function largestRoster(tokenLifetimeSeconds: number, perHour = 15_000): number {
	return Math.floor((perHour * tokenLifetimeSeconds) / 3600);
}

const limiters = new Map<string, ExchangeLimiter>();

/**
 * While the credential's developer token is missing or expired, its exchanges go one at a time: n8n
 * fetches a developer token for every call that finds none (or gets OTTO's 401), so 200 concurrent
 * exchanges after an expiry would fetch 200 developer tokens. The first one alone renews it.
 */
const warmCredentials = new Set<string>();
const firstExchanges = new Map<string, Promise<unknown>>();

// ------------------------------------------------------------------------------------------------
// token cache

/** The clock of token lifetimes. The benchmark compresses time by replacing `now`; nothing else should. */
export const tokenClock = { now: (): number => Date.now() };

interface CachedToken {
	token: string;
	/** When to stop using it (a little before OTTO's expiry). */
	renewAt: number;
	fingerprint: string;
}

const cache = new Map<string, CachedToken>();
const pending = new Map<string, Promise<CachedToken>>();
const MAX_CACHED = 50_000;

/** What the cache holds, for tests: keys only, never tokens. */
export function cachedInstallationKeys(): string[] {
	return [...cache.keys()];
}

/** Empties the cache (tests). */
export function clearInstallationTokens(): void {
	cache.clear();
	pending.clear();
	limiters.clear();
	warmCredentials.clear();
	firstExchanges.clear();
}

/** The key of one seller behind a credential: the cache key, and the pacing key of that seller's requests. */
export function sellerKey(credentialId: string, installationId?: string): string {
	return installationId ? `${credentialId}|${installationId}` : credentialId;
}

/** The fields that decide which app a token belongs to, as a change detector (see `fingerprint`). */
function fingerprintOf(credentials: ICredentialDataDecryptedObject, baseUrl: string): string {
	return fingerprint([baseUrl, credentials.clientId, credentials.clientSecret, credentials.appId, scopeList(credentials.scopes)]);
}

/**
 * Whether the developer token stored in the credential is still valid by its own `exp` claim (OTTO's
 * tokens are JWTs; reading the claim is no validation, only a hint when to expect a 401). Unknown
 * (not a JWT) counts as valid. Reads the credential afresh: another execution may have renewed it.
 */
async function developerTokenValid(ctx: Context, itemIndex: number): Promise<boolean> {
	let stored: unknown;
	try {
		const credentials = isExecute(ctx) ? await ctx.getCredentials(API_CREDENTIAL, itemIndex) : await ctx.getCredentials(API_CREDENTIAL);
		stored = credentials.accessToken;
	} catch {
		return false;
	}
	if (typeof stored !== 'string' || !stored) return false;
	const payload = stored.split('.')[1];
	if (!payload) return true;
	try {
		const exp = Number((JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as IDataObject).exp);
		return !Number.isFinite(exp) || exp * 1000 > tokenClock.now() + 5_000;
	} catch {
		return true;
	}
}

function renewAtFor(expiresInSeconds: number, now: number): number {
	const lifetime = Math.max(1, expiresInSeconds) * 1000;
	// Renew a little early: a minute, or a tenth of a short lifetime.
	return now + lifetime - Math.min(60_000, lifetime / 10);
}

// ------------------------------------------------------------------------------------------------
// credential and parameters

function isExecute(ctx: Context): ctx is IExecuteFunctions {
	return typeof (ctx as IExecuteFunctions).getInputData === 'function';
}

const credentialCache = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

async function credentialsOf(ctx: Context, itemIndex: number): Promise<ICredentialDataDecryptedObject> {
	let cached = credentialCache.get(ctx);
	if (!cached) {
		cached = isExecute(ctx) ? ctx.getCredentials(API_CREDENTIAL, itemIndex) : ctx.getCredentials(API_CREDENTIAL);
		credentialCache.set(ctx, cached);
		cached.catch(() => credentialCache.delete(ctx));
	}
	return await cached;
}

function usesApiCredential(ctx: Context): boolean {
	const credentials = ctx.getNode().credentials ?? {};
	return Boolean(credentials[API_CREDENTIAL]);
}

function credentialIdOf(ctx: Context): string {
	const details = ctx.getNode().credentials?.[API_CREDENTIAL];
	return String(details?.id ?? '');
}

/** The Installation ID parameter of an item, trimmed ('' when not set or not readable). */
export function installationParameterOf(ctx: Context, itemIndex: number): string {
	let value: unknown;
	try {
		value = isExecute(ctx)
			? ctx.getNodeParameter(INSTALLATION_PARAMETER, itemIndex, '')
			: (ctx as IPollFunctions).getNodeParameter(INSTALLATION_PARAMETER, '');
	} catch {
		value = '';
	}
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

function itemName(itemIndex: number): string {
	return `item ${itemIndex + 1}`;
}

/**
 * The installation an item is for, checked against the credential mode: in app mode it must be set;
 * in the other modes it must be empty or (single installation) the credential's own. Never falls back.
 * Returns undefined when the credential is not in app mode.
 */
export async function installationFor(ctx: Context, itemIndex: number, explicit?: string): Promise<string | undefined> {
	if (!usesApiCredential(ctx)) return undefined;
	const credentials = await credentialsOf(ctx, itemIndex);
	const value = explicit !== undefined ? String(explicit).trim() : installationParameterOf(ctx, itemIndex);
	if (credentials.authMode === APP_MODE) {
		if (!value) {
			throw new NodeOperationError(ctx.getNode(), `Installation ID of ${itemName(itemIndex)} is empty`, {
				itemIndex,
				description:
					'The credential is in mode "Service Partner App (Installation per Item)": every item needs the ID of the seller installation it is for, e.g. {{ $json.installationId }} from your roster of installations.',
			});
		}
		if (!/^[\w.:-]{1,200}$/.test(value)) {
			throw new NodeOperationError(ctx.getNode(), `Installation ID of ${itemName(itemIndex)} is not valid: "${value.slice(0, 60)}"`, {
				itemIndex,
				description: 'Installation IDs are letters, digits, "-", "_", "." or ":". Check the roster the ID comes from.',
			});
		}
		return value;
	}
	if (value) {
		const own = String(credentials.installationId ?? '').trim();
		if (credentials.authMode === SINGLE_INSTALLATION_MODE && value === own) return undefined;
		throw new NodeOperationError(
			ctx.getNode(),
			`${itemName(itemIndex)} names installation "${value.slice(0, 60)}", but the credential is not in mode "Service Partner App (Installation per Item)"`,
			{
				itemIndex,
				description:
					credentials.authMode === SINGLE_INSTALLATION_MODE
						? `The credential acts for installation "${own}" only. Clear Installation ID, or use a credential in mode "Service Partner App (Installation per Item)".`
						: 'A seller app acts for its own seller only. Clear Installation ID, or use a credential in mode "Service Partner App (Installation per Item)".',
			},
		);
	}
	return undefined;
}

// ------------------------------------------------------------------------------------------------
// the exchange

function logger(ctx: Context) {
	return (ctx as { logger?: { warn?: (m: string, meta?: IDataObject) => void; debug?: (m: string, meta?: IDataObject) => void } })
		.logger;
}

function cancelled(ctx: Context, itemIndex: number) {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled while waiting for OTTO', { itemIndex });
}

function wait(ctx: Context, ms: number, itemIndex: number) {
	return waitOrCancel(ms, cancelSignalOf(ctx), () => cancelled(ctx, itemIndex));
}

/** Waits for a free exchange slot of this service partner (all credentials of one app share OTTO's limit). */
async function paceExchange(ctx: Context, partnerKey: string, installationId: string, itemIndex: number) {
	let limiter = limiters.get(partnerKey);
	if (!limiter) {
		limiter = new ExchangeLimiter();
		limiters.set(partnerKey, limiter);
	}
	const { waitMs, limit } = limiter.reserve(Date.now());
	if (waitMs <= 0) return;
	if (limit && limit.label.endsWith('per hour')) {
		logger(ctx)?.warn?.(
			`OTTO allows ${limit.label} installation-token exchanges per service partner and this app reached it: waiting ${Math.ceil(waitMs / 1000)} s before the token for installation ${installationId}`,
			{ installationId, waitMs },
		);
	} else if (waitMs > 1000) {
		logger(ctx)?.debug?.(`Installation-token exchanges paced (${limit?.label ?? 'limit'}): waiting ${waitMs} ms`, { installationId, waitMs });
	}
	await wait(ctx, waitMs, itemIndex);
}

function decode(body: unknown): IDataObject {
	let value = body;
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return {};
		}
	}
	return value && typeof value === 'object' ? (value as IDataObject) : {};
}

function otto(body: unknown): { code: string; detail: string } {
	const data = decode(body);
	const first = Array.isArray(data.errors) ? (data.errors[0] as IDataObject) : undefined;
	return {
		code: String(data.error ?? first?.title ?? '').trim(),
		detail: String(data.error_description ?? first?.detail ?? '').trim(),
	};
}

/** The error for a failed exchange: the item, the installation, OTTO's words, and what to do. */
function exchangeError(ctx: Context, itemIndex: number, installationId: string, appId: string, status: number | undefined, body: unknown, networkCode?: string) {
	const { code, detail } = otto(body);
	const what = [code, detail].filter(Boolean).join(': ');
	const head = `OTTO gave no token for installation "${installationId}" of ${itemName(itemIndex)}`;
	let description: string;
	if (status === 404) {
		description = `OTTO does not know this installation of app "${appId}". Check the Installation ID (your roster) and the App ID in the credential; the seller may have uninstalled the app.`;
	} else if (status === 403) {
		description =
			code === 'INSTALLATION_DISABLED' || /disabled|uninstall/i.test(detail)
				? 'The seller disabled or uninstalled your app. Remove the installation from your roster or ask the seller to install the app again.'
				: 'The developer token may not exchange tokens for this installation: check that the App ID belongs to the client ID of the credential and that the app has the scope developer.';
	} else if (status === 400 && code === 'invalid_scope') {
		description = 'The installation was not granted every scope of the credential. Select only scopes the seller granted (or leave Scopes empty for the defaults).';
	} else if (status === 401) {
		description = 'OTTO did not accept the developer token even after a fresh one. Check Client ID, Client Secret and environment of the credential.';
	} else if (status === 429 || (status !== undefined && status >= 500) || networkCode) {
		description = 'OTTO kept refusing the exchange (rate limit or server problem) after the retries. Run the workflow again later.';
	} else {
		description = 'Check the credential and the Installation ID.';
	}
	const suffix = status !== undefined ? ` (HTTP ${status}${what ? `, ${what}` : ''})` : networkCode ? ` (${networkCode.toLowerCase()})` : '';
	return new NodeOperationError(ctx.getNode(), `${head}${suffix}`, { itemIndex, description });
}

async function exchange(
	ctx: Context,
	credentials: ICredentialDataDecryptedObject,
	baseUrl: string,
	installationId: string,
	itemIndex: number,
): Promise<{ token: string; expiresIn: number }> {
	const appId = String(credentials.appId ?? '').trim();
	if (!appId) {
		throw new NodeOperationError(ctx.getNode(), 'The credential in mode "Service Partner App (Installation per Item)" has no App ID', {
			itemIndex,
			description: 'Enter the App ID of your app from OTTO Partner Connect in the credential.',
		});
	}
	const partnerKey = `${baseUrl}|${String(credentials.clientId ?? '')}`;
	const settings = DEFAULT_RETRY_SETTINGS;
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${baseUrl}/v1/apps/${encodeURIComponent(appId)}/installations/${encodeURIComponent(installationId)}/accessToken`,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: new URLSearchParams({ scope: scopeList(credentials.scopes) }).toString(),
		json: false,
		returnFullResponse: true,
		timeout: settings.timeoutMs,
	};
	/** The exchange's failure for the policy and for our words; undefined = not an HTTP answer. */
	const httpFailure = (error: unknown) => {
		const failure = failureOf(error);
		return failure.status === undefined && !failure.code ? undefined : failure;
	};
	// The shared retry policy (nodes/shared/retry.ts): 429 with Retry-After, 502/503/504 and resets
	// are repeated; a token exchange is safe to repeat (OTTO only issues another token).
	const outcome = await repeat(
		async () => {
			await paceExchange(ctx, partnerKey, installationId, itemIndex);
			return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, API_CREDENTIAL, options)) as IDataObject;
		},
		{
			settings,
			safeToRepeat: true,
			signal: cancelSignalOf(ctx),
			failureOfError: (error) => {
				const failure = httpFailure(error);
				return failure && { status: failure.status, code: failure.code, retryAfter: failure.headers['retry-after'] };
			},
			cancelled: () => cancelled(ctx, itemIndex),
			onRetry: ({ retry, waitMs, failure }) =>
				logger(ctx)?.debug?.('OTTO installation-token exchange will be repeated', {
					installationId,
					status: failure.status ?? failure.code ?? '',
					waitMs,
					retry,
				}),
		},
	).then(
		(response) => ({ response, error: undefined }),
		(error: unknown) => ({ response: undefined, error }),
	);
	if (outcome.error !== undefined) {
		if (outcome.error instanceof NodeOperationError) throw outcome.error; // cancelled
		const failure = httpFailure(outcome.error);
		if (!failure) {
			// Not an HTTP answer: n8n could not get the developer token (preAuthentication's message).
			const message = (outcome.error as Error)?.message || 'The developer token could not be fetched';
			throw new NodeOperationError(ctx.getNode(), message, { itemIndex });
		}
		throw exchangeError(ctx, itemIndex, installationId, appId, failure.status, failure.body, failure.code);
	}
	const response = outcome.response!;
	const data = decode(response.body);
	const token = typeof data.access_token === 'string' ? data.access_token : '';
	if (!token) throw exchangeError(ctx, itemIndex, installationId, appId, Number(response.statusCode), response.body);
	const expiresIn = Number(data.expires_in);
	return { token, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 1800 };
}

/**
 * The installation token for (credential, installation): from the cache while valid, else one
 * exchange (concurrent callers share it). `stale` is a token OTTO just refused with 401: it is
 * dropped and a new one fetched, once.
 */
export async function installationToken(ctx: Context, installationId: string, itemIndex: number, stale?: string): Promise<string> {
	const credentials = await credentialsOf(ctx, itemIndex);
	const { url: baseUrl, problem } = baseUrlOf(credentials);
	if (!baseUrl) throw new NodeOperationError(ctx.getNode(), problem ?? 'The credential has no base URL', { itemIndex });
	const credentialId = credentialIdOf(ctx);
	const fingerprint = fingerprintOf(credentials, baseUrl);
	// Without a credential ID (never in a saved workflow) the token is not shared at all.
	const key = credentialId ? sellerKey(credentialId, installationId) : '';
	const now = tokenClock.now();
	if (key) {
		const cached = cache.get(key);
		if (cached && cached.fingerprint === fingerprint && cached.renewAt > now && cached.token !== stale) return cached.token;
		if (cached && (cached.fingerprint !== fingerprint || cached.token === stale || cached.renewAt <= now)) cache.delete(key);
		const inFlight = pending.get(key);
		if (inFlight) {
			const shared = await inFlight;
			if (shared.fingerprint === fingerprint && shared.token !== stale) return shared.token;
		}
	}
	const fetching = (async () => {
		const gate = `${credentialId}|${fingerprint}`;
		let result: { token: string; expiresIn: number };
		if (warmCredentials.has(gate) && (await developerTokenValid(ctx, itemIndex))) {
			result = await exchange(ctx, credentials, baseUrl, installationId, itemIndex);
		} else {
			const running = firstExchanges.get(gate);
			if (running) {
				// Another exchange is renewing the developer token: wait for it, then go on concurrently.
				await running;
				result = await exchange(ctx, credentials, baseUrl, installationId, itemIndex);
			} else {
				const mine = exchange(ctx, credentials, baseUrl, installationId, itemIndex);
				const settled = mine.then(
					() => undefined,
					() => undefined,
				);
				firstExchanges.set(gate, settled);
				try {
					result = await mine;
				} finally {
					if (firstExchanges.get(gate) === settled) firstExchanges.delete(gate);
				}
			}
			warmCredentials.add(gate);
		}
		const { token, expiresIn } = result;
		const entry: CachedToken = { token, renewAt: renewAtFor(expiresIn, tokenClock.now()), fingerprint };
		if (key) {
			if (cache.size >= MAX_CACHED) {
				const at = tokenClock.now();
				for (const [k, v] of cache) if (v.renewAt <= at) cache.delete(k);
				if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
			}
			cache.set(key, entry);
		}
		return entry;
	})();
	if (key) pending.set(key, fetching);
	try {
		return (await fetching).token;
	} finally {
		if (key && pending.get(key) === fetching) pending.delete(key);
	}
}

/**
 * Sends one HTTP request for an installation: with its installation token, without n8n's
 * credential token. A 401 drops the token and repeats the request once with a fresh one.
 */
export async function requestForInstallation(
	ctx: Context,
	installationId: string,
	options: IHttpRequestOptions,
	itemIndex: number,
): Promise<unknown> {
	const send = async (token: string) =>
		await ctx.helpers.httpRequest({ ...options, headers: { ...(options.headers ?? {}), Authorization: `Bearer ${token}` } });
	const token = await installationToken(ctx, installationId, itemIndex);
	// The transport maps HTTP failures (status, Retry-After, body) itself: they go back unchanged.
	const first = await send(token).then(
		(response) => ({ response, error: undefined }),
		(error: unknown) => ({ response: undefined, error }),
	);
	if (!first.error) return first.response;
	if (failureOf(first.error).status !== 401) return await Promise.reject(first.error);
	return await send(await installationToken(ctx, installationId, itemIndex, token));
}

/**
 * Resolves (and checks) the installation of a request and fetches its token, before the request is
 * paced: after pacing only a cache lookup is left, so the request leaves when its slot says.
 * Returns the installation ID in app mode, else undefined.
 */
export async function resolveInstallation(
	ctx: Context,
	credentialType: string,
	itemIndex: number,
	installationId?: string,
): Promise<string | undefined> {
	if (credentialType !== API_CREDENTIAL) return undefined;
	const installation = await installationFor(ctx, itemIndex, installationId);
	if (installation) await installationToken(ctx, installation, itemIndex);
	return installation;
}

/**
 * The road every request of an OTTO node takes to the network: in app mode with the token of the
 * item's installation, otherwise with n8n's credential token (httpRequestWithAuthentication).
 * `installationId` overrides the item's parameter (triggers pass each installation of their list).
 */
export async function sendAuthorized(
	ctx: Context,
	credentialType: string,
	options: IHttpRequestOptions,
	itemIndex: number,
	installationId?: string,
): Promise<unknown> {
	if (credentialType === API_CREDENTIAL) {
		const installation = await installationFor(ctx, itemIndex, installationId);
		if (installation) return await requestForInstallation(ctx, installation, options, itemIndex);
		// the credential's stored token: re-read before a refresh, one refresh per instance (storedToken.ts)
		return await sendWithStoredToken(ctx, credentialType, options, itemIndex);
	}
	return await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options);
}

// ------------------------------------------------------------------------------------------------
// the item loop's part

/**
 * Before anything is sent: the installation of every item, checked, and the token of every
 * distinct installation fetched (so an unknown or uninstalled installation fails its items before
 * any request of the run, and never falls back). Returns per item its installation ID or its error.
 * Empty when the credential is not in app mode.
 */
export type PreparedInstallations = Map<number, { installationId?: string; error?: Error }>;

const preparedRuns = new WeakMap<object, PreparedInstallations>();

/** What prepareInstallations found for this run (empty outside app mode or before it ran). */
export function preparedInstallations(ctx: IExecuteFunctions): PreparedInstallations {
	return preparedRuns.get(ctx) ?? new Map();
}

export async function prepareInstallations(this: IExecuteFunctions, itemCount: number): Promise<PreparedInstallations> {
	const result: PreparedInstallations = new Map();
	preparedRuns.set(this, result);
	if (!usesApiCredential(this)) return result;
	const credentials = await credentialsOf(this, 0);
	const anyValue = () => {
		for (let i = 0; i < itemCount; i++) if (installationParameterOf(this, i)) return true;
		return false;
	};
	if (credentials.authMode !== APP_MODE && !anyValue()) return result;
	const firstItemOf = new Map<string, number>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const installationId = await installationFor(this, itemIndex);
			result.set(itemIndex, { installationId });
			if (installationId && !firstItemOf.has(installationId)) firstItemOf.set(installationId, itemIndex);
		} catch (error) {
			result.set(itemIndex, { error: error as Error });
		}
	}
	const failed = new Map<string, Error>();
	await Promise.all(
		[...firstItemOf].map(async ([installationId, itemIndex]) => {
			try {
				await installationToken(this, installationId, itemIndex);
			} catch (error) {
				failed.set(installationId, error as Error);
			}
		}),
	);
	for (const [itemIndex, entry] of result) {
		const error = entry.installationId ? failed.get(entry.installationId) : undefined;
		if (!error) continue;
		const first = firstItemOf.get(entry.installationId!);
		result.set(itemIndex, {
			installationId: entry.installationId,
			error:
				first === itemIndex
					? error
					: new NodeOperationError(this.getNode(), error.message.replace(/of item \d+/, `of ${itemName(itemIndex)}`), {
							itemIndex,
							description: (error as NodeOperationError).description ?? undefined,
						}),
		});
	}
	return result;
}

/** Adds `installationId` to every output item in app mode (by its pairedItem), so results can be routed back. */
export function tagWithInstallation(items: INodeExecutionData[], installations: PreparedInstallations): INodeExecutionData[] {
	if (!installations.size) return items;
	return items.map((item) => {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		const index = typeof paired === 'number' ? paired : paired?.item;
		const installationId = index === undefined ? undefined : installations.get(index)?.installationId;
		if (!installationId || (item.json && item.json.installationId === installationId)) return item;
		return { ...item, json: { ...(item.json ?? {}), installationId } };
	});
}

/** Groups entries by the installation of their item, keeping input order inside each group. */
export function groupByInstallation<T extends { itemIndex: number }>(entries: T[], installations: PreparedInstallations): T[][] {
	if (!installations.size) return [entries];
	const groups = new Map<string, T[]>();
	for (const entry of entries) {
		const key = installations.get(entry.itemIndex)?.installationId ?? '';
		let group = groups.get(key);
		if (!group) groups.set(key, (group = []));
		group.push(entry);
	}
	return [...groups.values()];
}
