/**
 * nodes/shared/explain.ts: an OTTO error of a listed status gets the operation's words as its
 * message and keeps OTTO's own words in the description; anything else passes unchanged. Through
 * a node against the simulator: test/nodes/OttoMarketShippingProfiles/delete.test.ts (412) and the
 * Products reads (404 naming the SKU).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { explainStatus, withExplanations } from '../../../nodes/shared/explain';

const node = { name: 'Test Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const ottoError = (httpCode: string, message: string, description?: string) =>
	new NodeApiError(node, { status: httpCode } as JsonObject, { httpCode, message, description });

describe('explainStatus', () => {
	it('a listed status: the explanation is the message, OTTO\'s message and detail the description', () => {
		const error = ottoError('412', 'PRECONDITION_FAILED', 'profile in use');
		const explained = explainStatus(error, { 412: 'The shipping profile is still used by SKUs' });
		expect(explained).toBe(error);
		expect(error.message).toBe('The shipping profile is still used by SKUs');
		expect(error.description).toBe('OTTO answered HTTP 412: PRECONDITION_FAILED – profile in use');
	});

	it('a status that is not listed, and errors that are not OTTO answers, pass unchanged', () => {
		const error = ottoError('404', 'RESOURCE_NOT_FOUND', 'nothing here');
		explainStatus(error, { 412: 'x' });
		expect(error.message).toBe('RESOURCE_NOT_FOUND');
		expect(error.description).toBe('nothing here');
		const plain = new Error('socket hang up');
		expect(explainStatus(plain, { 412: 'x' })).toBe(plain);
		const input = new NodeOperationError(node, 'Invalid "SKU" in item 0');
		expect(explainStatus(input, { 412: 'x' })).toBe(input);
		expect(input.message).toBe('Invalid "SKU" in item 0');
	});

	it('an empty explanation explains nothing', () => {
		const error = ottoError('412', 'PRECONDITION_FAILED');
		explainStatus(error, { 412: '' });
		expect(error.message).toBe('PRECONDITION_FAILED');
	});
});

describe('withExplanations', () => {
	it('passes the answer through, and rethrows a failure explained', async () => {
		await expect(withExplanations(Promise.resolve({ ok: true }), { 404: 'x' })).resolves.toEqual({ ok: true });
		const failure = withExplanations(Promise.reject(ottoError('404', 'RESOURCE_NOT_FOUND')), { 404: 'OTTO knows no product variation with SKU "A"' });
		await expect(failure).rejects.toThrow('OTTO knows no product variation with SKU "A"');
	});
});
