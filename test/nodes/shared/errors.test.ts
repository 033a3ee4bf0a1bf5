import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { decodeBody, formatProblems, isHtml, ottoApiError, parseOttoProblems } from '../../../nodes/shared/errors';

const node: INode = {
	id: 'n1',
	name: 'OTTO Market Orders',
	type: 'n8n-nodes-otto-market.ottoMarketOrders',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const WAF_PAGE =
	'<!DOCTYPE html><html><head><title>403 Forbidden</title><style>body{color:red}</style></head><body><h1>Access denied</h1><p>Request blocked by the web application firewall.</p></body></html>';

describe('parseOttoProblems', () => {
	it('reads the errors[] shape with title, detail, path, code, logref (also jsonPath)', () => {
		const body = {
			errors: [
				{ title: 'RESOURCE_NOT_FOUND', detail: 'Shipment 42 not found', path: '/v1/shipments/42', code: '404', logref: 'abc' },
				{ title: 'PROPERTY_IS_MANDATORY', detail: 'trackingNumber is mandatory', jsonPath: 'trackingKey.trackingNumber' },
			],
		};
		expect(parseOttoProblems(body)).toEqual([
			{ title: 'RESOURCE_NOT_FOUND', detail: 'Shipment 42 not found', path: '/v1/shipments/42', code: '404', logref: 'abc' },
			{ title: 'PROPERTY_IS_MANDATORY', detail: 'trackingNumber is mandatory', path: 'trackingKey.trackingNumber', code: undefined, logref: undefined },
		]);
	});

	it('reads the validationErrors shape under the problem title', () => {
		const body = {
			type: 'about:blank',
			title: 'Bad Request',
			status: 400,
			validationErrors: [{ detail: 'quantity must be >= 0', logref: 'l1' }, { detail: 'sku is too long' }],
		};
		expect(parseOttoProblems(body)).toEqual([
			{ title: 'Bad Request', detail: 'quantity must be >= 0', path: undefined, logref: 'l1' },
			{ title: 'Bad Request', detail: 'sku is too long', path: undefined, logref: undefined },
		]);
	});

	it('reads OAuth errors', () => {
		expect(parseOttoProblems({ error: 'invalid_scope', error_description: 'Invalid scopes: developer' })).toEqual([
			{ title: 'invalid_scope', detail: 'Invalid scopes: developer' },
		]);
	});

	it('reads JSON given as a string or bytes', () => {
		const json = JSON.stringify({ errors: [{ title: 'T', detail: 'D' }] });
		expect(parseOttoProblems(json)[0]).toMatchObject({ title: 'T', detail: 'D' });
		expect(parseOttoProblems(Buffer.from(json))[0]).toMatchObject({ title: 'T', detail: 'D' });
		expect(decodeBody(new TextEncoder().encode(json).buffer)).toEqual({ errors: [{ title: 'T', detail: 'D' }] });
	});

	it('reduces an HTML page to its visible text (no markup, no style)', () => {
		const [problem] = parseOttoProblems(WAF_PAGE);
		expect(problem.title).toBe('HTML response');
		expect(problem.detail).toBe('403 Forbidden Access denied Request blocked by the web application firewall.');
		expect(isHtml('<html></html>')).toBe(true);
		expect(isHtml('plain', { 'content-type': 'text/html; charset=utf-8' })).toBe(true);
		expect(isHtml('{"a":1}', { 'content-type': 'application/json' })).toBe(false);
	});

	it('keeps plain text and gives nothing for an empty body', () => {
		expect(parseOttoProblems('upstream connect error')).toEqual([{ title: 'Error', detail: 'upstream connect error' }]);
		expect(parseOttoProblems('')).toEqual([]);
		expect(parseOttoProblems(undefined)).toEqual([]);
		expect(parseOttoProblems({})).toEqual([]);
	});

	it('formats problems on one line', () => {
		expect(formatProblems([{ title: 'A', detail: 'a', path: '/x' }, { title: 'B', detail: '' }])).toBe('A: a (/x); B');
	});
});

describe('ottoApiError', () => {
	it('errors[]: OTTO title in the message, detail in the description, HTTP code and item index', () => {
		const error = ottoApiError(
			node,
			{ status: 404, headers: {}, body: { errors: [{ title: 'RESOURCE_NOT_FOUND', detail: 'Order 7 not found', path: '/v4/orders/7' }] } },
			{ itemIndex: 3 },
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('OTTO: RESOURCE_NOT_FOUND (HTTP 404)');
		expect(error.description).toBe('RESOURCE_NOT_FOUND: Order 7 not found (/v4/orders/7) OTTO found nothing under this ID.');
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(3);
	});

	it('validationErrors: title and every detail', () => {
		const error = ottoApiError(
			node,
			{
				status: 400,
				headers: { 'content-type': 'application/problem+json' },
				body: { type: 'about:blank', title: 'Bad Request', status: 400, validationErrors: [{ detail: 'quantity must be >= 0' }, { detail: 'sku missing' }] },
			},
			{ itemIndex: 0 },
		);
		expect(error.message).toBe('OTTO: Bad Request (HTTP 400)');
		expect(error.description).toContain('Bad Request: quantity must be >= 0; Bad Request: sku missing');
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(0);
	});

	it('OAuth error: error code as title, error_description as description', () => {
		const error = ottoApiError(node, { status: 401, headers: {}, body: { error: 'invalid_client', error_description: 'Invalid client credentials' } });
		expect(error.message).toBe('OTTO: invalid_client (HTTP 401)');
		expect(error.description).toMatch(/^invalid_client: Invalid client credentials OTTO did not accept the access token/);
		expect(error.httpCode).toBe('401');
	});

	it('HTML: says it was an HTML page and quotes its text', () => {
		const error = ottoApiError(node, { status: 403, headers: { 'content-type': 'text/html' }, body: WAF_PAGE }, { itemIndex: 1 });
		expect(error.message).toBe('OTTO answered HTTP 403 with an HTML page');
		expect(error.description).toContain('Request blocked by the web application firewall.');
		expect(error.description).not.toContain('<');
		expect(error.httpCode).toBe('403');
		expect(error.context.itemIndex).toBe(1);
	});

	it('plain text and empty bodies', () => {
		const text = ottoApiError(node, { status: 502, headers: {}, body: 'Bad Gateway' });
		expect(text.message).toBe('OTTO: Error (HTTP 502)');
		expect(text.description).toBe('Error: Bad Gateway OTTO had a server problem. Try again later.');
		const empty = ottoApiError(node, { status: 500, headers: {}, body: '' }, { itemIndex: 2 });
		expect(empty.message).toBe('OTTO answered HTTP 500');
		expect(empty.description).toBe('OTTO had a server problem. Try again later.');
		expect(empty.httpCode).toBe('500');
		expect(empty.context.itemIndex).toBe(2);
	});

	it('network failures without an HTTP answer', () => {
		const error = ottoApiError(node, { headers: {}, code: 'ECONNRESET' });
		// n8n would swap a message naming ECONNRESET for its generic "retry on fail" text; ours stays.
		expect(error.message).toBe('OTTO could not be reached (ECONNRESET)');
		expect(error.description ?? undefined).toBeUndefined();
	});

	it('an explicit message and description win', () => {
		const error = ottoApiError(node, { status: 429, headers: {}, body: '' }, { message: 'M', description: 'D', itemIndex: 4 });
		expect([error.message, error.description, error.httpCode, error.context.itemIndex]).toEqual(['M', 'D', '429', 4]);
	});
});
