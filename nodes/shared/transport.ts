import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { baseUrlOf } from './environment';
import { resolveInstallation, sendAuthorized } from './installations';
import { beforeSend, enter, isNotSent, isRequeue, requestFailed } from './itemGate';
import { answeredWith, book, firstRequest, pacingKey, release as releasePacer } from './pacer';
import { decodeBody, failureOf, isHtml, keepMessage, lowerCaseHeaders, ottoApiError } from './errors';
import type { HttpFailure } from './errors';
import { cancelSignalOf, giveUpWords, isTimeoutCode, repeat, retryReason, retrySettingsFrom, waitOrCancel } from './retry';
import type { RetrySettings } from './retry';

export type OttoContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface OttoRequest {
	method: IHttpRequestMethods;
	/** Path (and optional query) below the base URL, starting with a slash. */
	path: string;
	/** Query parameters; arrays become repeated keys (`a=1&a=2`), empty values are left out. */
	qs?: IDataObject;
	body?: unknown;
	/** Read the body as bytes (PDF receipts). */
	binary?: boolean;
	/**
	 * Whether repeating the request after a timeout or a 5xx is harmless. Defaults to true for
	 * GET/HEAD/PUT/DELETE and false for POST/PATCH (a shipment must never be created twice).
	 */
	safeToRepeat?: boolean;
	/**
	 * The seller installation to act for (credential mode "Service Partner App (Installation per
	 * Item)"); default: the item's Installation ID parameter. Triggers pass each of their list.
	 */
	installationId?: string;
}

export interface OttoResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
}

export const API_CREDENTIAL_TYPE = 'ottoMarketApi';
export const CONSENT_CREDENTIAL_TYPE = 'ottoMarketOAuth2Api';

interface CredentialFacts {
	url: string;
	/** The credential's installation (service partner), part of the pacing key. */
	installationId: string;
}

const credentialCache = new WeakMap<object, Promise<CredentialFacts>>();

function isExecute(ctx: OttoContext): ctx is IExecuteFunctions {
	return typeof (ctx as IExecuteFunctions).getInputData === 'function';
}

/** Reads a node parameter in any context (execute, poll, load options) without throwing. */
export function readParameter<T>(ctx: OttoContext, name: string, itemIndex: number, fallback: T): T {
	try {
		if (isExecute(ctx)) return ctx.getNodeParameter(name, itemIndex, fallback) as T;
		return (ctx as IPollFunctions).getNodeParameter(name, fallback) as T;
	} catch {
		return fallback;
	}
}

/** The credential this node is configured with: the consent credential or the API credential. */
export function credentialTypeOf(ctx: OttoContext): string {
	const credentials = ctx.getNode().credentials ?? {};
	if (credentials[CONSENT_CREDENTIAL_TYPE] && !credentials[API_CREDENTIAL_TYPE]) return CONSENT_CREDENTIAL_TYPE;
	return API_CREDENTIAL_TYPE;
}

/** Retry and pacing settings from the node's "Request Options" collection (see retry.ts). */
export function retrySettingsOf(ctx: OttoContext, itemIndex = 0): RetrySettings {
	return retrySettingsFrom(readParameter<IDataObject>(ctx, 'requestOptions', itemIndex, {}));
}

async function credentialFacts(ctx: OttoContext, credentialType: string, itemIndex: number): Promise<CredentialFacts> {
	let cached = credentialCache.get(ctx);
	if (!cached) {
		cached = (async () => {
			const credentials = isExecute(ctx)
				? await ctx.getCredentials(credentialType, itemIndex)
				: await ctx.getCredentials(credentialType);
			const { url, problem } = baseUrlOf(credentials);
			if (!url) {
				throw new NodeOperationError(ctx.getNode(), problem ?? 'The credential has no base URL', {
					itemIndex,
					description: 'Fix the Base URL in the OTTO Market credential.',
				});
			}
			const installationId =
				credentials.authMode === 'servicePartner' ? String(credentials.installationId ?? '').trim() : '';
			return { url, installationId };
		})();
		credentialCache.set(ctx, cached);
		cached.catch(() => credentialCache.delete(ctx));
	}
	return await cached;
}

/** Builds `path?query`; arrays repeat the key, empty values are dropped. */
export function withQuery(path: string, qs?: IDataObject): string {
	if (!qs) return path;
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(qs)) {
		const values = Array.isArray(value) ? value : [value];
		for (const entry of values) {
			if (entry === undefined || entry === null || entry === '') continue;
			params.append(key, String(entry));
		}
	}
	const query = params.toString();
	if (!query) return path;
	return `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

function cancelledError(ctx: OttoContext, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled while waiting for OTTO', { itemIndex });
}

/** The pacing key of this node's credential (see pacer.ts): `credentialId|installationId`. */
export function pacingKeyOf(ctx: OttoContext, credentialType: string, installationId = ''): string | undefined {
	const id = ctx.getNode().credentials?.[credentialType]?.id;
	return id ? pacingKey(String(id), installationId) : undefined;
}

/** Requests of one execution without a credential ID (tests) share a pacer of their own. */
const anonymousKeys = new WeakMap<object, string>();
let anonymousCount = 0;

function keyOf(ctx: OttoContext, credentialType: string, installationId: string): string {
	const key = pacingKeyOf(ctx, credentialType, installationId);
	if (key) return key;
	let own = anonymousKeys.get(ctx);
	if (!own) {
		own = `execution-${++anonymousCount}|${installationId}`;
		anonymousKeys.set(ctx, own);
	}
	return own;
}

/** Waits for this request's send slot (pacer.ts); returns the function that ends it. */
async function pace(
	ctx: OttoContext,
	key: string,
	settings: RetrySettings,
	signal: AbortSignal | undefined,
	itemIndex: number,
): Promise<{ sent: () => void; end: () => void }> {
	const slot = book(key, settings.maxRequestsPerSecond, settings.pacing);
	const delay = slot.delayMs;
	let ended = false;
	const end = () => {
		if (ended) return;
		ended = true;
		releasePacer(key);
	};
	let waited = false;
	try {
		await waitOrCancel(delay, signal, () => cancelledError(ctx, itemIndex));
		waited = true;
	} finally {
		if (!waited) end();
	}
	return { sent: slot.sent, end };
}

/** Max Concurrent Requests of this node (per-item operations; see router.ts). */
export function concurrencyOf(ctx: OttoContext): number {
	return retrySettingsOf(ctx, 0).maxConcurrentRequests;
}

function log(ctx: OttoContext, message: string, meta: IDataObject) {
	const logger = (ctx as { logger?: { debug: (m: string, meta?: IDataObject) => void } }).logger;
	logger?.debug?.(message, meta);
}

/** A failed send: what the HTTP helper threw and what could be read from it. */
interface SendFailure {
	sendFailure: true;
	error: unknown;
	failure: HttpFailure;
	html: boolean;
}

function isSendFailure(value: unknown): value is SendFailure {
	return !!value && typeof value === 'object' && (value as SendFailure).sendFailure === true;
}

/** The n8n request options for one OTTO request. */
function httpOptionsOf(request: OttoRequest, url: string, settings: RetrySettings): IHttpRequestOptions {
	const headers: IDataObject = {
		Accept: request.binary ? 'application/pdf' : 'application/json',
	};
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		headers,
		returnFullResponse: true,
		timeout: settings.timeoutMs,
	};
	if (request.binary) {
		options.encoding = 'arraybuffer';
		options.json = false;
	} else {
		options.json = true;
	}
	if (request.body !== undefined) {
		headers['Content-Type'] = 'application/json';
		options.body = request.body as IDataObject;
	}
	return options;
}

/** Sends the request once (after pacing); a failure is thrown as a SendFailure. */
async function sendOnce<T>(
	ctx: OttoContext,
	credentialType: string,
	key: string,
	request: OttoRequest,
	options: IHttpRequestOptions,
	settings: RetrySettings,
	signal: AbortSignal | undefined,
	itemIndex: number,
): Promise<OttoResponse<T>> {
	let first: ((sent: boolean) => void) | undefined;
	try {
		first = await firstRequest(key, signal);
	} catch {
		throw cancelledError(ctx, itemIndex);
	}
	let answered: (() => void) | undefined;
	let cleared = false;
	try {
		const slot = await pace(ctx, key, settings, signal, itemIndex);
		answered = slot.end;
		// Refused here when a failure stopped this item meanwhile (see itemGate.ts).
		beforeSend(ctx, itemIndex, !(request.safeToRepeat ?? !['POST', 'PATCH'].includes(request.method)));
		cleared = true;
		slot.sent();
	} finally {
		if (!cleared) {
			answered?.();
			first?.(false);
		}
	}
	let response: { statusCode?: number; headers?: unknown; body?: unknown };
	try {
		response = (await sendAuthorized(ctx, credentialType, options, itemIndex, request.installationId).finally(() => {
				answered?.();
				first?.(true);
			})) as { statusCode?: number; headers?: unknown; body?: unknown };
	} catch (error) {
		if (signal?.aborted) throw cancelledError(ctx, itemIndex);
		const failure = failureOf(error);
		answeredWith(key, failure.status === 429);
		const sendFailure: SendFailure = { sendFailure: true, error, failure, html: isHtml(failure.body, failure.headers) };
		throw sendFailure;
	}
	answeredWith(key, false);
	const responseHeaders = lowerCaseHeaders(response.headers);
	let body = response.body;
	if (request.binary) {
		body = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
	} else if (typeof body === 'string' && !options.json) {
		body = decodeBody(body);
	}
	return { statusCode: Number(response.statusCode ?? 200), headers: responseHeaders, body: body as T };
}

/** The node error for a failure the retry policy did not repeat. */
function errorOfFailure(
	ctx: OttoContext,
	sent: SendFailure,
	request: OttoRequest,
	settings: RetrySettings,
	safeToRepeat: boolean,
	itemIndex: number,
): Error {
	const { failure, html } = sent;
	if (failure.status === undefined && !failure.code) {
		// Not an HTTP answer: the credential could not get a token, or a local problem
		// (installation checks and exchanges: their description says what to do).
		const message = failure.message || 'The request to OTTO failed';
		const description = (sent.error as { description?: unknown }).description;
		return keepMessage(
			new NodeApiError(
				ctx.getNode(),
				{ message: failure.message ?? 'Request failed' },
				{ message, itemIndex, description: typeof description === 'string' ? description : undefined },
			),
			message,
		);
	}
	if (failure.status === undefined && isTimeoutCode(failure.code)) {
		return ottoApiError(ctx.getNode(), failure, {
			itemIndex,
			message: `OTTO did not answer within ${settings.timeoutMs} ms (${request.method} ${request.path})`,
			description: safeToRepeat
				? 'Try again later or raise the Timeout in Request Options.'
				: 'This request is not repeated automatically, because OTTO may already have processed it. Check at OTTO (for a shipment: Get by tracking number) before running it again.',
		});
	}
	const error = ottoApiError(ctx.getNode(), failure, { itemIndex });
	if (!safeToRepeat && retryReason({ status: failure.status, code: failure.code, html }, true)) {
		// A 5xx or a reset after a write: say why we did not simply try again.
		error.description = [
			error.description,
			'This request was not repeated automatically, because OTTO may already have processed it. Check at OTTO before running it again.',
		]
			.filter(Boolean)
			.join(' ');
	}
	return error;
}

/**
 * Sends one request to OTTO with the node's credential and returns status, headers and body.
 * The retry policy (retry.ts `repeat`) decides what is repeated and how long to wait: 429 / WAF
 * 403 always, 5xx and network failures only when the request is safe to repeat; bounded by the
 * node's Request Options; stops at once when the execution is cancelled.
 */
export async function ottoRequestFull<T = unknown>(
	this: OttoContext,
	request: OttoRequest,
	itemIndex = 0,
): Promise<OttoResponse<T>> {
	const credentialType = credentialTypeOf(this);
	const settings = retrySettingsOf(this, itemIndex);
	const credential = await credentialFacts(this, credentialType, itemIndex);
	const signal = cancelSignalOf(this);
	const method = request.method;
	const safeToRepeat = request.safeToRepeat ?? !['POST', 'PATCH'].includes(method);
	const options = httpOptionsOf(request, `${credential.url}${withQuery(request.path, request.qs)}`, settings);
	// The seller's installation and token before pacing (credential mode "installation per item").
	const installationId = await resolveInstallation(this, credentialType, itemIndex, request.installationId);
	if (installationId) request = { ...request, installationId };
	// The seller this request is for: the item's installation (app mode), else the credential's own.
	const key = keyOf(this, credentialType, installationId ?? credential.installationId);

	for (;;) {
		// Per-item operations: wait for every item to be checked, then for a free concurrency slot.
		const done = await enter(this, itemIndex, signal, () => cancelledError(this, itemIndex));
		try {
			return await repeat(
				async () => await sendOnce<T>(this, credentialType, key, request, options, settings, signal, itemIndex),
				{
					settings,
					safeToRepeat,
					signal,
					failureOfError: (error) =>
						isSendFailure(error)
							? { status: error.failure.status, code: error.failure.code, html: error.html, retryAfter: error.failure.headers['retry-after'] }
							: undefined,
					giveUp: (error, info) => {
						const words = giveUpWords(info, settings);
						return ottoApiError(this.getNode(), (error as SendFailure).failure, { itemIndex, ...words });
					},
					cancelled: () => cancelledError(this, itemIndex),
					onRetry: ({ retry, waitMs, failure }) =>
						log(this, 'OTTO request will be repeated', {
							method,
							path: request.path,
							status: failure.status ?? failure.code ?? '',
							waitMs,
							retry,
						}),
				},
			);
		} catch (error) {
			// Not sent yet, and an earlier item's failure is being decided: queue again.
			if (isRequeue(error)) continue;
			if (!isNotSent(error)) requestFailed(this, itemIndex);
			// Anything else is already a node error (giving up, cancelled).
			throw isSendFailure(error) ? errorOfFailure(this, error, request, settings, safeToRepeat, itemIndex) : (error as NodeApiError);
		} finally {
			done?.();
		}
	}
}

/** Sends one request to OTTO and returns the body (see ottoRequestFull). */
export async function ottoRequest<T = IDataObject>(this: OttoContext, request: OttoRequest, itemIndex = 0): Promise<T> {
	const response = await ottoRequestFull.call(this, request, itemIndex);
	return response.body as T;
}
