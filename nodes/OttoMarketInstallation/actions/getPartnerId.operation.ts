import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../shared/router';
import { CONSENT_CREDENTIAL_TYPE } from '../../shared/transport';
import { appIdProperty, readInstallation } from '../helpers';

export const description: INodeProperties[] = [appIdProperty];

/** The claims of a JWT access token (no signature check: the token came straight from OTTO's token endpoint). */
export function tokenClaims(token: unknown): IDataObject | undefined {
	if (typeof token !== 'string') return undefined;
	const parts = token.split('.');
	if (parts.length < 2) return undefined;
	try {
		const json = Buffer.from(parts[1].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
		const claims = JSON.parse(json) as unknown;
		return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Where OTTO's sources show a partner ID in an access token (docs/otto-api.md §2.3): OTTO documents the
 * `partnerId` scope ("access to the partner's partner id") but no endpoint and no field for it; the
 * installation answer has none. Two sample tokens of OTTO's Developer's Guide carry it as a claim:
 * `partner_id` (decoded sample, guide texts of 2020–2023) and `partner` (the request sample, still in
 * the guide of 2024/2025). Both are read, `partner_id` first.
 */
export const PARTNER_ID_CLAIMS = ['partner_id', 'partner'] as const;

/** The partner ID claim of a token and its name, if any (a non-empty string or number). */
export function partnerIdClaim(claims: IDataObject | undefined): { claim: string; partnerId: string } | undefined {
	if (!claims) return undefined;
	for (const claim of PARTNER_ID_CLAIMS) {
		const value = claims[claim];
		if ((typeof value === 'string' && value.trim()) || (typeof value === 'number' && Number.isFinite(value))) {
			return { claim, partnerId: String(value).trim() };
		}
	}
	return undefined;
}

/**
 * One authenticated call first (the installation lookup) lets n8n refresh an expired token, then the
 * partner ID claim is read from the credential's current access token.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const installation = await readInstallation.call(this, itemIndex);
	const credentials = await this.getCredentials(CONSENT_CREDENTIAL_TYPE, itemIndex);
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const found = partnerIdClaim(tokenClaims(tokenData.access_token));
	if (!found) {
		const granted = String(tokenData.scope ?? credentials.scope ?? '')
			.split(/[\s,]+/)
			.filter(Boolean);
		const lacksScope = granted.length > 0 && !granted.includes('partnerId');
		throw new NodeOperationError(this.getNode(), 'The consent token carries no partner ID', {
			itemIndex,
			description: lacksScope
				? `The consent was given for the scopes "${granted.join(' ')}", without "partnerId". Set the Scope of the OTTO Market OAuth2 API credential to "installation partnerId" and reconnect it, so the partner grants the partner ID.`
				: `OTTO's access token of this consent has no partner ID claim (looked for ${PARTNER_ID_CLAIMS.map((c) => `"${c}"`).join(' and ')}), and OTTO's installation answer carries none. Reconnect the OTTO Market OAuth2 API credential with the scopes "installation partnerId". If the new token has no claim either, ask the partner for the partner ID shown in OTTO Partner Connect and store it with installation ID ${String(installation.installationId ?? installation.id ?? '(unknown)')}.`,
		});
	}
	const json: IDataObject = {
		partnerId: found.partnerId,
		source: `${found.claim} claim of the consent access token`,
		installationId: installation.installationId ?? installation.id,
	};
	return toItems(json, itemIndex);
}
