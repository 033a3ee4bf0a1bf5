/**
 * Requests with the token n8n stores in the OTTO Market API credential (seller app, service partner
 * installation), for n8n setups where many executions share one credential: the executions of one
 * n8n instance, and in queue mode every worker, all reading and saving the credential in one database.
 *
 * n8n saves a refreshed token without a lock and, left alone, refreshes after every 401 with the token
 * the execution had read, even when another execution (another worker) saved a newer one meanwhile.
 * Here instead, after a 401:
 * - the credential is read again (n8n reads its database on every `getCredentials`): when it holds
 *   another token than the refused one, that token is used, and no token is requested;
 * - only when it still holds the refused token is a token requested, once per refused token in this
 *   n8n instance: executions that meet the same refused token meanwhile (or read it before n8n's save
 *   landed) wait for that refresh and use its token. The same holds for a credential without a token;
 * - the refresh is n8n's own: the credential goes to n8n with an empty token, so n8n runs the
 *   credential's preAuthentication (the token request, through the shared retry policy) and saves
 *   the new token before it sends the request with it;
 * - a 401 with the new token too (another worker got a newer one; OTTO might revoke older ones) starts
 *   over with a read; when the credential still holds the token this instance just got, the other
 *   worker's save is usually on its way: it is read again a few times before refreshing once more.
 *   At most MAX_ROUNDS sends in all; after that the 401 is the node's error.
 * So a refresh costs at most one token request per n8n instance (per worker in queue mode).
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

/** Sends of one request at most (the first, then after each 401 one with a re-read or refreshed token). */
export const MAX_ROUNDS = 4;

/** After this instance's new token was refused: reads of the credential, this far apart, before it refreshes again. */
const SAVE_WAIT_READS = 5;
const SAVE_WAIT_MS = 100;
/** ... if that token was got this recently (a refresh of several workers at once). */
const PARALLEL_REFRESH_MS = 10_000;

/** How long a refresh's token is handed to executions that still read the token it replaced. */
const REFRESH_MEMORY_MS = 60_000;

/**
 * Status codes after which n8n would refresh by itself (`preAuthenticationRetryStatusCode`): none, the
 * 401 is handled here. n8n 1.x does not know the option: it refreshes once after a 401 itself first.
 */
const NO_N8N_REFRESH: number[] = [];

interface Refresh {
	/** The token OTTO refused, or '' when none was stored. */
	from: string;
	/** The credential handed to n8n with an empty token: n8n writes the new token into it. */
	data: ICredentialDataDecryptedObject;
	/** Settles when the refreshing request ended (n8n saved the token before it sent the request). */
	done: Promise<void>;
	at: number;
}

/** The last refresh per credential in this n8n instance. */
const refreshes = new Map<string, Refresh>();

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
	/** The token OTTO refused in the previous round. */
	let refused: string | undefined;
	for (let round = 1; ; round++) {
		const key = keyOf(credentialType, id, data);
		const token = tokenOf(data);
		let attempt: ICredentialDataDecryptedObject | undefined;
		let own: (() => void) | undefined;
		const last = refreshes.get(key);
		if (last && last.from === token && last.at > Date.now() - REFRESH_MEMORY_MS) {
			// this instance refreshed away from this token already (or is doing so): use its token
			await last.done;
			const fresh = tokenOf(last.data);
			if (fresh && fresh !== token && fresh !== refused) attempt = { ...data, accessToken: fresh };
		}
		if (!attempt) {
			if (token && token !== refused) {
				attempt = { ...data };
			} else {
				// nothing stored, or still the refused token: n8n gets a token (preAuthentication) and saves it
				attempt = { ...data, accessToken: '' };
				let settle: () => void = () => {};
				const done = new Promise<void>((resolve) => (settle = resolve));
				refreshes.set(key, { from: token, data: attempt, done, at: Date.now() });
				own = settle;
			}
		}
		try {
			return await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, { ...options, headers: { ...(options.headers ?? {}) } }, {
				credentialsDecrypted: { id, name: String(details?.name ?? ''), type: credentialType, data: attempt },
				preAuthenticationRetryStatusCode: NO_N8N_REFRESH,
			});
		} catch (error) {
			// what n8n threw (a NodeApiError) goes on as it is
			if (failureOf(error).status !== 401 || round >= MAX_ROUNDS) throw error as NodeApiError;
			refused = tokenOf(attempt);
			// another execution (another worker) may have saved a newer token meanwhile
			data = await read();
			const mine = refreshes.get(key);
			if (tokenOf(data) === refused && mine && mine.from && tokenOf(mine.data) === refused && mine.at > Date.now() - PARALLEL_REFRESH_MS) {
				// the token this instance just got in place of a refused one was refused at once: the mark of
				// another instance refreshing at the same moment (OTTO may revoke older tokens on reissue).
				// Its save is usually on its way: wait for it a little.
				for (let reads = 0; reads < SAVE_WAIT_READS && tokenOf(data) === refused; reads++) {
					await sleep(SAVE_WAIT_MS);
					data = await read();
				}
			}
		} finally {
			own?.();
		}
	}
}
