import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withExplanations } from '../shared/explain';
import { CONSENT_CREDENTIAL_TYPE, ottoRequest } from '../shared/transport';
import { inputError } from '../shared/validation';

export const appIdProperty: INodeProperties = {
	displayName: 'App ID',
	name: 'appId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 3f1c2a9e-…',
	description:
		'ID of your service partner app in OTTO Partner Connect. Leave empty to use the App ID stored in the OTTO Market OAuth2 API credential.',
};

/** The App ID of the node, else of the credential; an item without one fails before any request. */
export async function appIdOf(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const own = String(this.getNodeParameter('appId', itemIndex, '') ?? '').trim();
	if (own) {
		if (/[/?#\\]/.test(own)) throw inputError(this.getNode(), 'App ID', itemIndex, `"${own}" contains /, ?, # or \\`);
		return own;
	}
	const credentials = await this.getCredentials(CONSENT_CREDENTIAL_TYPE, itemIndex);
	const stored = String(credentials.appId ?? '').trim();
	if (!stored) {
		throw inputError(
			this.getNode(),
			'App ID',
			itemIndex,
			'is empty in the node and in the OTTO Market OAuth2 API credential',
			'Enter the App ID of your service partner app (OTTO Partner Connect → Apps) in the node or in the credential.',
		);
	}
	return stored;
}

/** GET /v1/apps/{appId}/installation with the consent token of the OAuth2 credential. */
export async function readInstallation(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const appId = await appIdOf.call(this, itemIndex);
	return await withExplanations<IDataObject>(
		ottoRequest.call(this, { method: 'GET', path: `/v1/apps/${encodeURIComponent(appId)}/installation` }, itemIndex) as Promise<IDataObject>,
		{
			403: `The consent in this credential was not given to app "${appId}", or it lacks the "installation" scope. Check the App ID and reconnect the credential.`,
			404: `OTTO knows no installation of app "${appId}" for the partner who gave this consent. Check the App ID, or let the partner install the app first.`,
		},
	);
}
