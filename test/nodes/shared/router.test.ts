/**
 * nodes/shared/router.ts: the item loop every node shares, through n8n's engine against the
 * simulator (the test-only TransportProbe node routes through it): every input item ends as its
 * results or as one error item paired with it; invalid items are named before anything is sent.
 * Items in flight together (itemGate.ts) are covered in test/nodes/shared/itemGate.test.ts.
 */
import type { INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { scopedProperties, toItems } from '../../../nodes/shared/router';
import { TransportProbe } from '../../fixtures/TransportProbe.node';
import { runNode } from '../../helpers/n8n';
import { requestsTo, useSimulator } from '../../helpers/simulator';
import { seededRandom } from '../../helpers/random';

describe('router: the item loop', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const probe = new TransportProbe();
	const params = { operation: 'request', method: 'GET', path: '={{ $json.path }}', body: '={{ $json.body }}' };
	/** Item i reads order i; a "bad" item has a body that is not JSON (fails before its request). */
	const inputs = (bad: Set<number>, count: number): INodeExecutionData[] =>
		Array.from({ length: count }, (_, i) => ({
			json: { path: `/v4/orders/missing-${i}`, body: bad.has(i) ? '{not json' : '', tag: `t${i}` },
		}));

	beforeEach(() => world.sim.clearRequests());

	it('an operation the node does not have is refused by name; the custom API call says what to use instead', async () => {
		const unknown = await runNode(world.helper, { type: probe, parameters: { operation: 'nope' }, credentials: world.sellerCredential() });
		expect(unknown.error?.message).toBe('The operation "nope" is not supported');
		const custom = await runNode(world.helper, { type: probe, parameters: { operation: '__CUSTOM_API_CALL__' }, credentials: world.sellerCredential() });
		expect(custom.error?.message).toBe('The operation "__CUSTOM_API_CALL__" is not supported');
		expect(custom.error?.description).toContain('Use the HTTP Request node with the OTTO Market API credential');
		expect(world.sim.requests).toHaveLength(0);
	});

	it('without Continue On Fail, invalid items stop the run before anything is sent, naming up to ten of them', async () => {
		const bad = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		const result = await runNode(world.helper, { type: probe, parameters: params, credentials: world.sellerCredential() }, inputs(bad, 13));
		expect(result.error?.context?.itemIndex).toBe(1);
		const description = String(result.error?.description);
		expect(description).toContain('11 of 13 items are invalid, nothing was sent to OTTO. Also invalid: item 3: ');
		// The first one is the error itself; nine more are named, then how many are left.
		expect(description.match(/item \d+: /g)).toHaveLength(9);
		expect(description).toContain('; and 1 more.');
		expect(requestsTo(world.sim, '/v4/orders')).toHaveLength(0);
	});

	it.each([1, 2, 3, 4, 5])(
		'under Continue, every item ends as one result or one error item, in input order, paired, with its input fields (seed %i)',
		async (seed) => {
			const random = seededRandom(seed);
			const count = 1 + Math.floor(random() * 12);
			const bad = new Set(Array.from({ length: count }, (_, i) => i).filter(() => random() < 0.4));
			const result = await runNode(
				world.helper,
				{ type: probe, parameters: params, credentials: world.sellerCredential(), onError: 'continueRegularOutput' },
				inputs(bad, count),
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(count);
			result.items.forEach((item, i) => {
				expect(item.pairedItem).toEqual({ item: i });
				// Every item fails: a bad one before sending, a good one with OTTO's 404 for the unknown order.
				expect(typeof item.json.error).toBe('string');
				expect(item.json.tag).toBe(`t${i}`);
				if (!bad.has(i)) expect(item.json.error).toContain('404');
			});
			expect(requestsTo(world.sim, '/v4/orders').map((r) => r.path).sort()).toEqual(
				Array.from({ length: count }, (_, i) => i).filter((i) => !bad.has(i)).map((i) => `/v4/orders/missing-${i}`).sort(),
			);
		},
	);

	it('under Continue (using error output), error items go to the second output, paired', async () => {
		const result = await runNode(
			world.helper,
			{ type: probe, parameters: params, credentials: world.sellerCredential(), onError: 'continueErrorOutput' },
			inputs(new Set([1]), 2),
		);
		expect(result.error).toBeUndefined();
		expect(result.outputs[0]).toHaveLength(0);
		expect(result.outputs[1].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.outputs[1].every((item) => typeof item.json.error === 'string')).toBe(true);
	});
});

describe('router: description and result helpers', () => {
	it('toItems pairs every record with its input item', () => {
		expect(toItems({ a: 1 }, 3)).toEqual([{ json: { a: 1 }, pairedItem: { item: 3 } }]);
		expect(toItems([{ a: 1 }, { a: 2 }], 0).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('scopedProperties shows each field only for its operation, keeping its own conditions', () => {
		const field = (name: string, show?: Record<string, string[]>): INodeProperties => ({
			displayName: name,
			name,
			type: 'string',
			default: '',
			...(show ? { displayOptions: { show } } : {}),
		});
		const properties = scopedProperties(
			{ get: { description: [field('id')] }, getMany: { description: [field('limit', { returnAll: ['false'] })] } },
			{ resource: ['order'] },
		);
		expect(properties.map((property) => [property.name, property.displayOptions?.show])).toEqual([
			['id', { resource: ['order'], operation: ['get'] }],
			['limit', { returnAll: ['false'], resource: ['order'], operation: ['getMany'] }],
		]);
	});
});
