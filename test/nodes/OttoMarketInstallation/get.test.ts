import { OttoMarketInstallation } from '../../../nodes/OttoMarketInstallation/OttoMarketInstallation.node';
import { runNode } from '../../helpers/n8n';
import { SERVICE_PARTNER, requestsTo, useSimulator } from '../../helpers/simulator';
import { consentCredential } from './consent';

describe('OTTO Market Installation: Get Installation', () => {
	const world = useSimulator();

	it('returns installation ID, app version and other installations, App ID from the credential', async () => {
		const credentials = await consentCredential(world);
		world.sim.clearRequests();
		const result = await runNode(
			world.helper,
			{ type: new OttoMarketInstallation(), parameters: { operation: 'get' }, credentials },
			[{ json: { a: 1 } }, { json: { a: 2 } }],
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].json).toMatchObject({
			installationId: SERVICE_PARTNER.installationId,
			appId: SERVICE_PARTNER.appId,
			appVersion: 'V1',
			existingInstallations: [],
		});
		const calls = requestsTo(world.sim, '/v1/apps/');
		expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
			`GET /v1/apps/${SERVICE_PARTNER.appId}/installation`,
			`GET /v1/apps/${SERVICE_PARTNER.appId}/installation`,
		]);
	});

	it('an unknown app: 404 in words that name the app', async () => {
		const credentials = await consentCredential(world);
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: new OttoMarketInstallation(),
			parameters: { operation: 'get', appId: 'no-such-app' },
			credentials,
		});
		expect(result.error?.message).toBe(
			'OTTO knows no installation of app "no-such-app" for the partner who gave this consent. Check the App ID, or let the partner install the app first.',
		);
		expect(result.error?.description).toContain('APP_NOT_FOUND');
		expect(world.sim.requests).toHaveLength(1);
	});

	it('no App ID anywhere: names the field and the item, sends nothing', async () => {
		const credentials = await consentCredential(world, { appId: '' });
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: new OttoMarketInstallation(),
			parameters: { operation: 'get' },
			credentials,
			onError: 'continueRegularOutput',
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			'Invalid "App ID" in item 0: is empty in the node and in the OTTO Market OAuth2 API credential',
		);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(world.sim.requests).toHaveLength(0);
	});
});
