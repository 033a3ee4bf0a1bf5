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
 * OTTO documents the `partnerId` scope but no endpoint for it (docs/otto-api.md §2.3): the partner ID
 * travels as the `partner_id` claim (older tokens: `partner`) of the consent access token. One
 * authenticated call first (the installation lookup) lets n8n refresh an expired token, then the
 * claim is read from the credential's current token.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const installation = await readInstallation.call(this, itemIndex);
	const credentials = await this.getCredentials(CONSENT_CREDENTIAL_TYPE, itemIndex);
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	const claims = tokenClaims(tokenData.access_token);
	const claim = claims?.partner_id !== undefined ? 'partner_id' : claims?.partner !== undefined ? 'partner' : undefined;
	if (!claims || !claim) {
		throw new NodeOperationError(this.getNode(), 'The consent token carries no partner ID', {
			itemIndex,
			description:
				'OTTO puts the partner ID into the access token of the consent (claim "partner_id") when the "partnerId" scope was granted. Reconnect the OTTO Market OAuth2 API credential so the partner grants "installation partnerId".',
		});
	}
	const json: IDataObject = {
		partnerId: String(claims[claim]),
		source: `${claim} claim of the consent access token`,
		installationId: installation.installationId ?? installation.id,
	};
	return toItems(json, itemIndex);
}
