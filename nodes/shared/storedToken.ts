/**
 * Requests with the token n8n stores in the OTTO Market API credential (seller app, service partner
 * installation), for n8n setups where many executions share one credential: the executions of one
 * n8n instance, and in queue mode every worker, all reading and saving the credential in one database.
 *
 * n8n saves a refreshed token without a lock and, left alone, refreshes after every 401 with the token
 * the execution had read, even when another execution (another worker) saved a newer one meanwhile.
 * Here instead, after a 401:
 * - the refused token is remembered in this n8n instance (for a minute) and not sent again;
 * - the credential is read again (n8n reads its database on every `getCredentials`): when it holds
 *   a token not known as refused, that token is used, and no token is requested; when it holds a
 *   refused one but this instance's own newest token is not refused, that is used (n8n's save of
 *   another worker's older token may have landed after the save of this instance's newer one);
 * - only when no such token is known is a token requested, once in this n8n instance: executions that
 *   meanwhile find no usable token wait for that refresh and use its token. The same holds for a
 *   credential without a token;
 * - the refresh is n8n's own: the credential goes to n8n with an empty token, so n8n runs the
 *   credential's preAuthentication (the token request, through the shared retry policy) and saves
 *   the new token before it sends the request with it;
 * - when the token this instance just got in place of a refused one is refused at once (another worker
 *   refreshed at the same moment; OTTO might revoke older tokens on reissue), the other worker's save is
 *   usually on its way: the credential is read a few times for it before refreshing once more, and the
 *   executions of this instance wait with that one.
 *   At most MAX_ROUNDS sends in all; after that the 401 is the node's error.
 * So a refresh costs one token request per n8n instance (per worker in queue mode); with an OTTO that
 * revokes older tokens on reissue, at most two.
 */
import type {
	ICredentialDataDecryptedObject,
	NodeApiError,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { sleep } from 'n8n-workflow';

import { fingerprint, scopeList } from './environment';
import { failureOf } from './errors';

type Context = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** Sends of one request at most (the first, then after each 401 one with another or a refreshed token). */
export const MAX_ROUNDS = 6;

/** After this instance's new token was refused: reads of the credential, this far apart, before it refreshes again. */
const SAVE_WAIT_READS = 5;
const SAVE_WAIT_MS = 100;
/** ... if that token was got this recently (a refresh of several workers at once). */
const PARALLEL_REFRESH_MS = 10_000;

/** How long this instance remembers a refused token (never sent again) and the token it got last. */
const MEMORY_MS = 60_000;

/**
 * Status codes after which n8n would refresh by itself (`preAuthenticationRetryStatusCode`): none, the
 * 401 is handled here. n8n 1.x does not know the option: it refreshes once after a 401 itself first.
 */
const NO_N8N_REFRESH: number[] = [];

interface Refresh {
	/** The credential handed to n8n with an empty token: n8n writes the new token into it. */
	data: ICredentialDataDecryptedObject;
	/** Whether a token OTTO had refused (not a credential without one) made this refresh. */
	afterRefusal: boolean;
	/** Settles when the refreshing request ended (n8n saved the token before it sent the request). */
	done: Promise<void>;
	settle: () => void;
}

/** What this n8n instance knows of one credential's tokens. */
interface Memory {
	/** Tokens OTTO refused (401), by when: not sent again while remembered. */
	refused: Map<string, number>;
	/** The token this instance got last, when, and whether it replaced a refused one. */
	latest?: { token: string; at: number; afterRefusal: boolean };
	/** A refresh, or a wait for another instance's save, under way: executions without a usable token wait for it. */
	pending?: Promise<void>;
	/** The token of this instance's whose refusal was last waited out (one wait per token). */
	waitedFor?: string;
}

/** Per credential in this n8n instance. */
const memories = new Map<string, Memory>();

function isExecute(ctx: Context): ctx is IExecuteFunctions {
	return typeof (ctx as IExecuteFunctions).getInputData === 'function';
}

function tokenOf(data: ICredentialDataDecryptedObject): string {
	return typeof data.accessToken === 'string' ? data.accessToken : '';
}

/** The credential by ID and by the fields that decide its token (an edited credential never gets the old one). */
function keyOf(credentialType: string, id: string, data: ICredentialDataDecryptedObject): string {
	const fields = ['environment', 'baseUrl', 'authMode', 'clientId', 'clientSecret', 'appId', 'installationId', 'tokenUrlPath', 'clientAuthentication'];
	return `${credentialType}|${id}|${fingerprint([...fields.map((name) => data[name]), scopeList(data.scopes)])}`;
}

function memoryOf(key: string): Memory {
	let memory = memories.get(key);
	if (!memory) {
		memory = { refused: new Map() };
		memories.set(key, memory);
	}
	const now = Date.now();
	for (const [token, at] of memory.refused) if (at < now - MEMORY_MS) memory.refused.delete(token);
	if (memory.latest && memory.latest.at < now - MEMORY_MS) memory.latest = undefined;
	return memory;
}

/** A token worth sending: stored and not refused, else the one this instance got last if not refused. */
function usableToken(memory: Memory, data: ICredentialDataDecryptedObject): string | undefined {
	const stored = tokenOf(data);
	if (stored && !memory.refused.has(stored)) return stored;
	// the credential holds a refused token: a save of another worker's older token may have landed after
	// n8n's save of this instance's newer one (n8n saves without a lock)
	const latest = memory.latest?.token;
	if (latest && !memory.refused.has(latest)) return latest;
	return undefined;
}

/**
 * Sends `options` with the credential's stored token, and after a 401 as described above. Returns
 * what n8n's httpRequestWithAuthentication returns; throws what it throws.
 */
export async function sendWithStoredToken(
	ctx: Context,
	credentialType: string,
	options: IHttpRequestOptions,
	itemIndex: number,
): Promise<unknown> {
	const details = ctx.getNode().credentials?.[credentialType];
	const id = String(details?.id ?? '');
	const read = async (): Promise<ICredentialDataDecryptedObject> =>
		isExecute(ctx) ? await ctx.getCredentials(credentialType, itemIndex) : await ctx.getCredentials(credentialType);

	let data = await read();
	/** Whether a 401 came before in this call (a refresh then replaces a refused token). */
	let wasRefused = false;
	/** A usable token; while there is none and this instance has a refresh or a wait for a save under way, its outcome. */
	const usableAfterPending = async (memory: Memory): Promise<string | undefined> => {
		let token = usableToken(memory, data);
		while (token === undefined && memory.pending) {
			await memory.pending;
			data = await read();
			token = usableToken(memory, data);
		}
		return token;
	};
	for (let round = 1; ; round++) {
		const key = keyOf(credentialType, id, data);
		const memory = memoryOf(key);
		let token = await usableAfterPending(memory);
		const latest = memory.latest;
		if (token === undefined && latest && latest.afterRefusal && memory.refused.has(latest.token) && latest.at > Date.now() - PARALLEL_REFRESH_MS && memory.waitedFor !== latest.token) {
			// the token this instance just got in place of a refused one was refused at once: the mark of
			// another instance refreshing at the same moment (OTTO may revoke older tokens on reissue).
			// Its save is usually on its way: wait for it a little, once per token (executions of this
			// instance wait with this one)
			memory.waitedFor = latest.token;
			const waited = (async () => {
				for (let reads = 0; reads < SAVE_WAIT_READS && usableToken(memory, data) === undefined; reads++) {
					await sleep(SAVE_WAIT_MS);
					data = await read();
				}
			})();
			memory.pending = waited;
			try {
				await waited;
			} finally {
				if (memory.pending === waited) memory.pending = undefined;
			}
			token = await usableAfterPending(memory);
		}
		let attempt: ICredentialDataDecryptedObject;
		let own: Refresh | undefined;
		if (token !== undefined) {
			attempt = { ...data, accessToken: token };
		} else {
			// nothing stored, or only refused tokens known: n8n gets a token (preAuthentication) and saves
			// it; executions of this instance without a usable token meanwhile wait for it
			attempt = { ...data, accessToken: '' };
			let settle: () => void = () => {};
			const done = new Promise<void>((resolve) => (settle = resolve));
			own = { data: attempt, afterRefusal: wasRefused || tokenOf(data) !== '', done, settle };
			memory.pending = done;
		}
		/** The refresh's end: its token is this instance's newest, and the executions waiting for it go on. */
		const ended = (refresh: Refresh | undefined) => {
			if (!refresh) return;
			const fresh = tokenOf(refresh.data);
			if (fresh) memory.latest = { token: fresh, at: Date.now(), afterRefusal: refresh.afterRefusal };
			if (memory.pending === refresh.done) memory.pending = undefined;
			refresh.settle();
		};
		try {
			const response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, { ...options, headers: { ...(options.headers ?? {}) } }, {
				credentialsDecrypted: { id, name: String(details?.name ?? ''), type: credentialType, data: attempt },
				preAuthenticationRetryStatusCode: NO_N8N_REFRESH,
			});
			ended(own);
			return response;
		} catch (error) {
			const status = failureOf(error).status;
			const sent = tokenOf(attempt);
			if (status === 401 && sent) memory.refused.set(sent, Date.now());
			ended(own);
			// what n8n threw (a NodeApiError) goes on as it is
			if (status !== 401 || round >= MAX_ROUNDS) throw error as NodeApiError;
			wasRefused = true;
			// another execution (another worker) may have saved a newer token meanwhile
			data = await read();
		}
	}
}
