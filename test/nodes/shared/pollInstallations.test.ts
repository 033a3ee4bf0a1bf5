/**
 * Triggers over a list of seller installations (nodes/shared/pollInstallations.ts, issue 14 point 4),
 * through n8n's PollContext against the simulator: the list field and its checks, a cursor per
 * installation, `installationId` on every event, a failed installation reported (log and item) while
 * the others go on, its cursor kept, and the static data of the other credential modes unchanged.
 * Exactly-once over random timelines with several installations: test/reliability/triggerExactlyOnce.test.ts.
 */
import type { IDataObject, INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';

import { OttoMarketOrdersTrigger } from '../../../nodes/OttoMarketOrdersTrigger/OttoMarketOrdersTrigger.node';
import { OttoMarketReturnsTrigger } from '../../../nodes/OttoMarketReturnsTrigger/OttoMarketReturnsTrigger.node';
import { clearInstallationTokens } from '../../../nodes/shared/installations';
import { FAILURE_MARKER, parseInstallationList } from '../../../nodes/shared/pollInstallations';
import { nodeContextLogger, pollOnce } from '../../helpers/n8n';
import { SERVICE_PARTNER, useSimulator } from '../../helpers/simulator';


const SELLERS = [
	{ installationId: 'poll-A', partnerId: '3000001' },
	{ installationId: 'poll-B', partnerId: '3000002' },
	{ installationId: 'poll-C', partnerId: '3000003' },
];
const partnerOf = (installationId: string) => SELLERS.find((seller) => seller.installationId === installationId)!.partnerId;
const ORDERS_NODE = 'node:OTTO Market Orders Trigger';

describe('parseInstallationList', () => {
	it.each([
		['poll-A, poll-B\npoll-C', ['poll-A', 'poll-B', 'poll-C']],
		['  poll-A,\n poll-B  \n\n', ['poll-A', 'poll-B']],
		[['poll-A', 'poll-B'], ['poll-A', 'poll-B']],
		[[' poll-A ', 17], ['poll-A', '17']],
		['one', ['one']],
	])('%j is the list %j', (value, ids) => {
		expect(parseInstallationList(value)).toEqual({ ids });
	});

	it.each([
		['', 'Installation IDs is empty'],
		['  \n ', 'Installation IDs is empty'],
		[[], 'Installation IDs is empty'],
		[undefined, 'Installation IDs is empty'],
		['poll-A,,poll-B', 'Installation IDs: entry 2 is blank'],
		['poll-A, poll-B,', 'Installation IDs: entry 3 is blank'],
		[['poll-A', ' '], 'Installation IDs: entry 2 is blank'],
		[['poll-A', null], 'Installation IDs: entry 2 is not an ID (got null)'],
		[['poll-A', { id: 'x' }], 'Installation IDs: entry 2 is not an ID (got object)'],
		['poll-A, poll B', 'Installation IDs: entry 2 is not a valid installation ID: "poll B"'],
		['poll-A, poll-B\npoll-A', 'Installation IDs: "poll-A" is listed twice (entries 1 and 3)'],
		[{ id: 'poll-A' }, 'Installation IDs is not a list (got object)'],
	])('%j is refused: %s', (value, problem) => {
		expect(parseInstallationList(value)).toMatchObject({ problem });
	});
});

describe('Orders and Returns Trigger over a list of installations', () => {
	const world = useSimulator({ rateLimitsEnabled: false, logErrors: false });
	const warnings: Array<{ message: string; meta: IDataObject }> = [];
	const logger = {
		error: () => undefined,
		warn: (message: unknown, meta: IDataObject = {}) => warnings.push({ message: String(message), meta }),
		info: () => undefined,
		debug: () => undefined,
		verbose: () => undefined,
		scoped: () => logger,
	};

	beforeAll(() => {
		nodeContextLogger.set(logger);
		for (const seller of SELLERS) world.sim.apps.addInstallation(SERVICE_PARTNER.appId, seller);
	});
	beforeEach(() => {
		world.sim.reset();
		clearInstallationTokens();
		warnings.length = 0;
	});
	afterEach(() => {
		for (const seller of SELLERS) world.sim.apps.setInstallationState(seller.installationId, 'ENABLED');
	});

	const appCredential = (): { ottoMarketApi: INodeCredentialsDetails } => ({
		ottoMarketApi: world.store.add('ottoMarketApi', {
			environment: 'custom',
			baseUrl: world.sim.url,
			authMode: 'servicePartnerApp',
			appId: SERVICE_PARTNER.appId,
			clientId: SERVICE_PARTNER.clientId,
			clientSecret: SERVICE_PARTNER.clientSecret,
		}),
	});

	/** A poller that keeps its static data across polls (as n8n saves it), like an active workflow. */
	function ordersTrigger(parameters: INodeParameters, credentials = appCredential()) {
		let staticData: IDataObject = {};
		const poll = async (mode: 'trigger' | 'manual' = 'trigger') => {
			const result = await pollOnce(
				world.helper,
				{ type: new OttoMarketOrdersTrigger(), parameters: { event: 'processable', requestOptions: { maxRetries: 1, initialBackoffMs: 1 }, ...parameters }, credentials },
				{ staticData, mode },
			);
			if (mode === 'trigger') staticData = result.staticData;
			return result.items ?? [];
		};
		return {
			poll,
			get staticData() {
				return staticData;
			},
			set staticData(value: IDataObject) {
				staticData = value;
			},
			cursors: () => ((staticData[ORDERS_NODE] as IDataObject | undefined)?.ottoCursors ?? {}) as Record<string, IDataObject>,
		};
	}

	const createOrders = (installationId: string, count: number) => {
		world.sim.clock.advance(1_000);
		return world.sim.orders.create(partnerOf(installationId), { count, status: 'PROCESSABLE' }).map((order) => order.salesOrderId);
	};

	it('keeps a cursor per installation and tags every event with its installation; no order under another seller', async () => {
		const trigger = ordersTrigger({ installationIds: 'poll-A, poll-B\npoll-C' });
		expect(await trigger.poll()).toEqual([]); // activation: each installation starts from now
		expect(Object.keys(trigger.cursors())).toEqual(['poll-A', 'poll-B', 'poll-C']);
		expect((trigger.staticData[ORDERS_NODE] as IDataObject).ottoCursor).toBeUndefined();
		const made = new Map(SELLERS.map((seller, index) => [seller.installationId, new Set(createOrders(seller.installationId, index + 2))]));
		const items = await trigger.poll();
		expect(items).toHaveLength(2 + 3 + 4);
		for (const item of items) expect(made.get(String(item.json.installationId))?.has(String(item.json.salesOrderId))).toBe(true);
		expect(await trigger.poll()).toEqual([]);
	});

	it('an installation that fails is reported (log and item), keeps its cursor, and catches up once it works again', async () => {
		const trigger = ordersTrigger({ installationIds: '={{ ["poll-A", "poll-B", "poll-C"] }}', options: { reportFailedInstallations: true } });
		await trigger.poll();
		const cursorOfB = trigger.cursors()['poll-B'];
		createOrders('poll-A', 1);
		const missedByB = new Set(createOrders('poll-B', 3));
		createOrders('poll-C', 2);
		world.sim.apps.setInstallationState('poll-B', 'DISABLED', world.sim.tokens);

		for (const round of [1, 2]) {
			const items = await trigger.poll();
			const events = items.filter((item) => !item.json[FAILURE_MARKER]);
			const reports = items.filter((item) => item.json[FAILURE_MARKER]);
			expect(events.map((item) => item.json.installationId).sort()).toEqual(round === 1 ? ['poll-A', 'poll-C', 'poll-C'] : []);
			expect(reports).toHaveLength(1);
			expect(reports[0].json).toMatchObject({
				[FAILURE_MARKER]: true,
				installationId: 'poll-B',
				httpCode: '403',
				consecutiveFailures: round,
				error: expect.stringContaining('OTTO gave no token for installation "poll-B" (HTTP 403, INSTALLATION_DISABLED'),
				description: expect.stringContaining('uninstalled your app'),
			});
			expect(reports[0].json.error).not.toMatch(/item 1/);
			// Its cursor did not move (the failure count is kept beside it).
			expect(trigger.cursors()['poll-B']).toMatchObject(cursorOfB);
			expect(trigger.cursors()['poll-B']).toMatchObject({ failures: round });
			expect(warnings.at(-1)?.message).toMatch(/installation "poll-B" failed \(\d polls? in a row, since .*\); the other 2 went on\. .*remove the installation from Installation IDs/);
			expect(warnings.at(-1)?.meta).toMatchObject({ installationId: 'poll-B', consecutiveFailures: round });
		}

		// Installed again: the orders of the outage come now, once.
		world.sim.apps.setInstallationState('poll-B', 'ENABLED');
		const items = await trigger.poll();
		expect(items.every((item) => item.json.installationId === 'poll-B' && !item.json[FAILURE_MARKER])).toBe(true);
		expect(new Set(items.map((item) => String(item.json.salesOrderId)))).toEqual(missedByB);
		expect(trigger.cursors()['poll-B'].failures).toBeUndefined();
		expect(await trigger.poll()).toEqual([]);
	});

	it('without the option a failure is only logged; the events of the others come out alone', async () => {
		const trigger = ordersTrigger({ installationIds: 'poll-A, poll-B' });
		await trigger.poll();
		createOrders('poll-A', 2);
		// OTTO no longer knows poll-B (its tokens revoked, the exchange answers 404).
		world.sim.faults.add({ pathRegex: '/installations/poll-B/accessToken$', status: 404, times: 10 });
		world.sim.tokens.revoke((record: { installationId: string | null }) => record.installationId === 'poll-B');
		const items = await trigger.poll();
		expect(items.map((item) => item.json.installationId)).toEqual(['poll-A', 'poll-A']);
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toMatch(/installation "poll-B" failed .*HTTP 404.*OTTO does not know this installation/);
	});

	it('when every installation fails the poll fails, naming each, and no cursor moves', async () => {
		const trigger = ordersTrigger({ installationIds: 'poll-A, poll-B', options: { reportFailedInstallations: true } });
		await trigger.poll();
		const before = JSON.stringify(trigger.staticData);
		createOrders('poll-A', 1);
		world.sim.faults.add({ path: '/v4/orders', status: 503, times: 20 });
		await expect(trigger.poll()).rejects.toThrow(/^All 2 installations in Installation IDs failed: "poll-A": .*; "poll-B": /);
		expect(JSON.stringify(trigger.staticData)).toBe(before);
		world.sim.faults.clear();
		expect((await trigger.poll()).map((item) => item.json.installationId)).toEqual(['poll-A']);
	});

	it('installations taken off the list drop their state; a new one starts from now as a new trigger would', async () => {
		const trigger = ordersTrigger({ installationIds: 'poll-A, poll-B' });
		await trigger.poll();
		createOrders('poll-C', 2); // before poll-C is listed: not an event of this trigger
		world.sim.clock.advance(2_000);
		const listed = ordersTrigger({ installationIds: 'poll-A, poll-C' });
		listed.staticData = trigger.staticData;
		expect(await listed.poll()).toEqual([]);
		expect(Object.keys(listed.cursors())).toEqual(['poll-A', 'poll-C']);
		expect(listed.cursors()['poll-A']).toEqual(trigger.cursors()['poll-A']);
		createOrders('poll-C', 1);
		expect((await listed.poll()).map((item) => item.json.installationId)).toEqual(['poll-C']);
	});

	it('checks the list before anything is sent, naming the field', async () => {
		for (const [installationIds, message] of [
			['', 'Installation IDs is empty'],
			['={{ ["poll-A", "poll-A"] }}', 'Installation IDs: "poll-A" is listed twice (entries 1 and 2)'],
			['poll-A,\n,poll-B', 'Installation IDs: entry 2 is blank'],
		]) {
			world.sim.clearRequests();
			await expect(ordersTrigger({ installationIds }).poll()).rejects.toThrow(message);
			expect(world.sim.requests.filter((request) => !request.path.includes('token'))).toHaveLength(0);
		}
	});

	it('with a seller or single-installation credential nothing changes: the one cursor (0.1.0 layout) is read and kept', async () => {
		const seller = ordersTrigger({}, world.sellerCredential());
		const old = { watermark: new Date(world.sim.clock.now().getTime() - 60_000).toISOString(), seen: [] };
		seller.staticData = { [ORDERS_NODE]: { ottoCursor: old } };
		world.sim.clock.advance(1_000);
		const made = world.sim.orders.create('1000001', { count: 2, status: 'PROCESSABLE' }).map((order) => order.salesOrderId);
		const items = await seller.poll();
		expect(items.map((item) => item.json.salesOrderId)).toEqual(made);
		expect(items.every((item) => item.json.installationId === undefined)).toBe(true);
		expect(Object.keys(seller.staticData[ORDERS_NODE] as IDataObject)).toEqual(['ottoCursor']);

		// A list with another seller's installation is refused; the credential's own installation is accepted.
		await expect(ordersTrigger({ installationIds: 'poll-A' }, world.sellerCredential()).poll()).rejects.toThrow(
			'Installation IDs is set, but the credential is not in mode "Service Partner App (Installation per Item)"',
		);
		await expect(ordersTrigger({ installationIds: 'poll-A' }, world.partnerCredential()).poll()).rejects.toMatchObject({
			message: expect.stringContaining('Installation IDs is set, but the credential is not in mode'),
			description: expect.stringContaining('The credential acts for installation "inst-1000002" only'),
		});
		const own = ordersTrigger({ installationIds: SERVICE_PARTNER.installationId }, world.partnerCredential());
		await own.poll();
		expect(Object.keys(own.staticData[ORDERS_NODE] as IDataObject)).toEqual(['ottoCursor']);
	});

	it('Fetch Test Event gives the newest event of each installation, tagged, and moves no cursor', async () => {
		createOrders('poll-A', 2);
		createOrders('poll-C', 1);
		const trigger = ordersTrigger({ installationIds: 'poll-A, poll-B, poll-C' });
		const items = await trigger.poll('manual');
		expect(items.map((item) => item.json.installationId)).toEqual(['poll-A', 'poll-C']);
		expect(trigger.staticData).toEqual({});
		await expect(ordersTrigger({ installationIds: 'poll-B' }).poll('manual')).rejects.toThrow(
			'No event found: OTTO has nothing that matches this trigger yet for any of the 1 installations in Installation IDs',
		);
	});

	it('the Returns Trigger polls each installation of its list the same way', async () => {
		let staticData: IDataObject = {};
		const credentials = appCredential();
		const poll = async () => {
			const result = await pollOnce(
				world.helper,
				{ type: new OttoMarketReturnsTrigger(), parameters: { event: 'announcedReturn', installationIds: 'poll-A\npoll-B' }, credentials },
				{ staticData },
			);
			staticData = result.staticData;
			return result.items ?? [];
		};
		await poll();
		const announced = new Map<string, string>();
		for (const installationId of ['poll-A', 'poll-B', 'poll-B']) {
			world.sim.clock.advance(1_000);
			const [order] = world.sim.orders.create(partnerOf(installationId), { count: 1, status: 'SENT', positions: 1 });
			for (const record of world.sim.returns.announce(partnerOf(installationId), { positionItemIds: [order.positionItems[0].positionItemId] })) {
				announced.set(String(record.positionItemId), installationId);
			}
		}
		const items = await poll();
		expect(items).toHaveLength(3);
		for (const item of items) expect(item.json.installationId).toBe(announced.get(String(item.json.positionItemId)));
		expect(Object.keys((staticData['node:OTTO Market Returns Trigger'] as IDataObject).ottoCursors as IDataObject)).toEqual(['poll-A', 'poll-B']);
		expect(await poll()).toEqual([]);
	});
});
