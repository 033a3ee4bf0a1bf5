import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { toItems } from '../../shared/router';
import { appIdOf, appIdProperty, readInstallation } from '../helpers';

export const description: INodeProperties[] = [appIdProperty];

/**
 * The installation of the app by the partner who gave the consent: OTTO answers its ID, the app
 * version and the partner's other installations; the node adds the App ID it asked for.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body = await readInstallation.call(this, itemIndex);
	// OTTO documents `installationId`; older answers name it `id`.
	const installationId = body.installationId ?? body.id;
	const json: IDataObject = { ...body, installationId, appId: await appIdOf.call(this, itemIndex) };
	return toItems(json, itemIndex);
}
