import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { OTTO_BASE_URLS, baseUrlOf } from '../../shared/environment';
import { API_CREDENTIAL_TYPE, ottoRequest } from '../../shared/transport';

export const description: INodeProperties[] = [
	{
		displayName: 'Scenario',
		name: 'scenario',
		type: 'options',
		options: [
			{ name: '1: Processable, Four Items', value: 1 },
			{ name: '2: Processable', value: 2 },
			{ name: '3: Processable, One Item', value: 3 },
			{ name: '4: Processable With Discount', value: 4 },
			{ name: '5: Announced (Prepayment, WEEE Pickup)', value: 5 },
			{ name: '6: Cancelled by Marketplace (Prepayment Not Paid)', value: 6 },
			{ name: '7: Processable, Several Items', value: 7 },
			{ name: '8: Processable, Parcel and Forwarder Items', value: 8 },
			{ name: 'All Eight Scenarios', value: 0, description: 'Creates one order for each scenario above' },
		],
		default: 0,
		description:
			"Which of OTTO's sandbox test-order scenarios to create. OTTO's guide: 1-4, 7 and 8 are PROCESSABLE (4 with a discount), 5 ANNOUNCED, 6 CANCELLED_BY_MARKETPLACE.",
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const credentials = await this.getCredentials(API_CREDENTIAL_TYPE, itemIndex);
	const { url } = baseUrlOf(credentials);
	if (credentials.environment === 'production' || url === OTTO_BASE_URLS.production) {
		throw new NodeOperationError(node, 'Test orders can only be created in the OTTO sandbox', {
			itemIndex,
			description:
				'The OTTO Market credential of this node points at production. Use a credential with Environment "Sandbox" to create test orders.',
		});
	}
	const scenario = Number(this.getNodeParameter('scenario', itemIndex, 0));
	if (!Number.isInteger(scenario) || scenario < 0 || scenario > 8) {
		throw new NodeOperationError(node, `Invalid "Scenario" in item ${itemIndex}: must be 0 (all) or 1 to 8 (got ${scenario})`, {
			itemIndex,
		});
	}
	const path = scenario ? `/v4/orders/testorders/scenario${scenario}` : '/v4/orders/testorders';
	const body = (await ottoRequest.call(this, { method: 'POST', path, safeToRepeat: false }, itemIndex)) as IDataObject | undefined;
	const orders = body && Array.isArray(body.resources) ? (body.resources as IDataObject[]) : [];
	if (!orders.length) return [{ json: { created: true, scenario: scenario || 'all' }, pairedItem: { item: itemIndex } }];
	return orders.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
