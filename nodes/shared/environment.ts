import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DEFAULT_DATA_SCOPE_NAMES, OTTO_SCOPE_NAMES } from './scopes';

/** OTTO Market hosts. Both environments serve the API, the token endpoint and the consent page. */
export const OTTO_BASE_URLS = {
	production: 'https://api.otto.market',
	sandbox: 'https://sandbox.api.otto.market',
} as const;

/** Credential mode "Service Partner App (Installation per Item)" (nodes/shared/installations.ts). */
export const APP_MODE = 'servicePartnerApp';

export type OttoEnvironment = keyof typeof OTTO_BASE_URLS | 'custom';

/** The token path OTTO documents as current (docs/otto-api.md §2.2); `/v1/token` is the DeveloperV1 alias. */
export const DEFAULT_TOKEN_PATH = '/oauth2/token';

/** Every scope OTTO names (from the scope table in scopes.ts), sorted. */
export const OTTO_SCOPES: readonly string[] = OTTO_SCOPE_NAMES;

/** The data scopes OTTO still serves (from scopes.ts): the credential's default selection. */
export const DEFAULT_DATA_SCOPES: string[] = DEFAULT_DATA_SCOPE_NAMES;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host) || host.endsWith('.localhost');
}

/**
 * Checks a custom base URL: http(s) only, and plain http only on loopback so that
 * client secrets and tokens never travel unencrypted over a network.
 * Gives the URL without a trailing slash, or the problem in words that say what to change.
 */
export function checkCustomBaseUrl(raw: string): { url?: string; problem?: string } {
	const value = (raw ?? '').trim();
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return { problem: `Custom Base URL "${value}" is not a valid URL. Use for example https://api.example.com` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { problem: `Custom Base URL must start with https:// (got "${url.protocol}")` };
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			problem: `Custom Base URL uses plain http for "${url.hostname}". Plain http is only allowed for loopback addresses (127.0.0.1, localhost); use https:// for any other host`,
		};
	}
	return { url: value.replace(/\/+$/, '') };
}

/** The base URL a credential points at (no trailing slash), or the problem with it. */
export function baseUrlOf(credentials: ICredentialDataDecryptedObject): { url?: string; problem?: string } {
	const environment = (credentials.environment as OttoEnvironment) ?? 'production';
	if (environment === 'custom') return checkCustomBaseUrl(String(credentials.baseUrl ?? ''));
	return { url: OTTO_BASE_URLS[environment] ?? OTTO_BASE_URLS.production };
}

/** The token path of a credential, normalised to start with a slash. */
export function tokenPathOf(credentials: ICredentialDataDecryptedObject): string {
	const path = String(credentials.tokenUrlPath || DEFAULT_TOKEN_PATH).trim();
	return path.startsWith('/') ? path : `/${path}`;
}

/**
 * The scopes a credential asks for. An empty selection (what n8n's form saves when nothing is
 * picked) means the default data scopes: a token without scope is refused by every interface.
 */
export function requestedScopes(value: unknown): string[] {
	const picked = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,]+/))
		.map((scope) => scope.trim())
		.filter(Boolean);
	return picked.length ? [...new Set(picked)] : [...DEFAULT_DATA_SCOPES];
}

/** Turns the scope selection of a credential into OTTO's space-separated list (empty = defaults). */
export function scopeList(value: unknown): string {
	return requestedScopes(value).join(' ');
}

/**
 * FNV-1a over some credential fields: a change detector and a map key that holds no secret in clear
 * (not a secret store, and not meant to resist an attacker who can read the n8n instance's memory).
 */
export function fingerprint(parts: unknown[]): string {
	const text = parts.map((value) => String(value ?? '')).join('\n');
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16);
}
