import { DEFAULT_DATA_SCOPES, baseUrlOf, checkCustomBaseUrl, isLoopbackHost, scopeList, tokenPathOf } from '../../../nodes/shared/environment';

describe('environment', () => {
	it('maps the environments to OTTO hosts', () => {
		expect(baseUrlOf({ environment: 'production' }).url).toBe('https://api.otto.market');
		expect(baseUrlOf({ environment: 'sandbox' }).url).toBe('https://sandbox.api.otto.market');
		expect(baseUrlOf({ environment: 'custom', baseUrl: 'https://otto.example.com/api/' }).url).toBe('https://otto.example.com/api');
	});

	it('accepts plain http only for loopback hosts', () => {
		for (const url of ['http://127.0.0.1:5680', 'http://localhost:5680/', 'http://127.8.9.10', 'http://[::1]:80', 'http://sim.localhost']) {
			expect(checkCustomBaseUrl(url)).toEqual({ url: url.replace(/\/+$/, '') });
		}
		for (const url of ['http://api.example.com', 'http://10.0.0.5:5680', 'http://0.0.0.0:5680', 'http://localhost.example.com']) {
			const { url: accepted, problem } = checkCustomBaseUrl(url);
			expect(accepted).toBeUndefined();
			expect(problem).toMatch(/plain http .*only allowed for loopback addresses/i);
			expect(problem).toContain('use https://');
		}
	});

	it('names the problem with a bad URL or scheme', () => {
		expect(checkCustomBaseUrl('api.example.com').problem).toMatch(/not a valid URL/);
		expect(checkCustomBaseUrl('ftp://api.example.com').problem).toMatch(/must start with https:\/\//);
	});

	it('knows loopback names', () => {
		expect(isLoopbackHost('LOCALHOST')).toBe(true);
		expect(isLoopbackHost('127.0.0.1')).toBe(true);
		expect(isLoopbackHost('128.0.0.1')).toBe(false);
	});

	it('normalises token paths and scope lists', () => {
		expect(tokenPathOf({})).toBe('/oauth2/token');
		expect(tokenPathOf({ tokenUrlPath: 'v1/token' })).toBe('/v1/token');
		expect(scopeList(['orders', 'returns'])).toBe('orders returns');
		expect(scopeList('orders, returns  shipments')).toBe('orders returns shipments');
		expect(scopeList(undefined)).toBe(DEFAULT_DATA_SCOPES.join(' '));
		expect(scopeList([])).toBe(DEFAULT_DATA_SCOPES.join(' '));
		expect(scopeList(['orders', 'orders'])).toBe('orders');
	});
});
