/**
 * OTTO error bodies through n8n-core: every shape becomes a NodeApiError with OTTO's title in the
 * message, the detail in the description, the HTTP code and the item index; Continue On Fail turns
 * them into error items paired with their input item.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { TransportProbe } from '../fixtures/TransportProbe.node';
import { runNode } from '../helpers/n8n';
import { useSimulator } from '../helpers/simulator';

const SHAPES: Record<string, { message: string; description: string; httpCode: string }> = {
	otto: {
		message: 'OTTO: INVALID_ATTRIBUTE (HTTP 422)',
		description: 'INVALID_ATTRIBUTE: trackingNumber must not be empty (/v1/shipments) OTTO could not process the content of the request.',
		httpCode: '422',
	},
	problem: {
		message: 'OTTO: Bad Request (HTTP 400)',
		description: 'Bad Request: quantity must be >= 0; Bad Request: sku must not be blank OTTO did not accept the request.',
		httpCode: '400',
	},
	oauth: {
		message: 'OTTO: invalid_request (HTTP 400)',
		description: 'invalid_request: Missing parameter OTTO did not accept the request.',
		httpCode: '400',
	},
	html: {
		message: 'OTTO answered HTTP 500 with an HTML page',
		description: 'HTML response: 500 Internal Error Something broke OTTO had a server problem. Try again later.',
		httpCode: '500',
	},
	text: {
		message: 'OTTO: Error (HTTP 500)',
		description: 'Error: upstream request failed OTTO had a server problem. Try again later.',
		httpCode: '500',
	},
	empty: {
		message: 'OTTO answered HTTP 409',
		description: 'The request conflicts with the current state at OTTO.',
		httpCode: '409',
	},
};

describe('OTTO error bodies through the engine', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	beforeAll(() => {
		const { errors } = world.sim;
		world.sim.route('GET', '/test/errors/:shape', { scope: 'orders', limitKey: null }, (ctx) => {
			switch (ctx.params.shape) {
				case 'otto':
					return errors.otto(422, 'INVALID_ATTRIBUTE', 'trackingNumber must not be empty', '/v1/shipments');
				case 'problem':
					return errors.problem(400, 'Bad Request', ['quantity must be >= 0', 'sku must not be blank']);
				case 'oauth':
					return errors.oauth(400, 'invalid_request', 'Missing parameter');
				case 'html':
					return {
						status: 500,
						headers: { 'content-type': 'text/html' },
						body: '<html><head><title>500 Internal Error</title></head><body><p>Something broke</p></body></html>',
					};
				case 'text':
					return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'upstream request failed' };
				case 'empty':
					return { status: 409 };
				default:
					return { body: { ok: true, shape: ctx.params.shape } };
			}
		});
	});

	const input: INodeExecutionData[] = ['fine', ...Object.keys(SHAPES)].map((shape) => ({ json: { shape } }));

	it('Continue On Fail: one error item per failing input item, paired, with message, details, code', async () => {
		const result = await runNode(
			world.helper,
			{
				type: new TransportProbe(),
				parameters: { operation: 'request', path: '=/test/errors/{{ $json.shape }}' },
				credentials: world.sellerCredential(),
				onError: 'continueRegularOutput',
			},
			input,
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(input.length);
		expect(result.items[0].json).toEqual({ ok: true, shape: 'fine' });
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		Object.values(SHAPES).forEach((expected, index) => {
			const item = result.items[index + 1];
			// OTTO's title is the message, its detail (and our hint) the details; both reach the next
			// node, next to the input item's fields (so a table still shows which item failed).
			expect(item.json).toEqual({ ...input[index + 1].json, error: expected.message, details: expected.description });
			expect(item.pairedItem).toEqual({ item: index + 1 });
		});
		// Nothing was repeated: none of these is a rate limit, and 500/409 are not retried.
		expect(world.sim.requests.filter((r) => r.path.startsWith('/test/errors'))).toHaveLength(input.length);
	});

	it('Continue (using error output): error items go to the second output, paired', async () => {
		const result = await runNode(
			world.helper,
			{
				type: new TransportProbe(),
				parameters: { operation: 'request', path: '=/test/errors/{{ $json.shape }}' },
				credentials: world.sellerCredential(),
				onError: 'continueErrorOutput',
			},
			[{ json: { shape: 'fine' } }, { json: { shape: 'otto' } }, { json: { shape: 'problem' } }],
		);
		expect(result.outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(result.outputs[1].map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 1 }, SHAPES.otto.message],
			[{ item: 2 }, SHAPES.problem.message],
		]);
	});

	it('without Continue On Fail the execution stops with the error of the failing item', async () => {
		const result = await runNode(
			world.helper,
			{
				type: new TransportProbe(),
				// One item after the other: with items at the same time the third may be under way already.
				parameters: { operation: 'request', path: '=/test/errors/{{ $json.shape }}', requestOptions: { maxConcurrentRequests: 1 } },
				credentials: world.sellerCredential(),
			},
			[{ json: { shape: 'fine' } }, { json: { shape: 'problem' } }, { json: { shape: 'otto' } }],
		);
		expect(result.error?.message).toBe(SHAPES.problem.message);
		expect(result.error?.description).toBe(SHAPES.problem.description);
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.context?.itemIndex).toBe(1);
		// The third item was never sent.
		expect(world.sim.requests.filter((r) => r.path.startsWith('/test/errors')).map((r) => r.path)).toEqual([
			'/test/errors/fine',
			'/test/errors/problem',
		]);
	});
});
