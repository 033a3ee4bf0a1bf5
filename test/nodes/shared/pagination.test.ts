/**
 * The four OTTO page styles (docs/otto-api.md §1.1) through the shared paginator (nodes/shared/pagination.ts), run by n8n-core against
 * test-only routes of the simulator: records, request counts, Limit without extra requests, page size.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RouteContext } from '../../../simulator';
import { TransportProbe } from '../../fixtures/TransportProbe.node';
import { nodeContextLogger, runNode } from '../../helpers/n8n';
import { useSimulator } from '../../helpers/simulator';

const TOTAL = 7;
/** Largest page the test routes serve, and the Max Page Size the probe is told. */
const MAX = 3;
const RECORDS = Array.from({ length: TOTAL }, (_, i) => ({ id: `r${i + 1}` }));

function sizeOf(ctx: RouteContext): number {
	return Math.min(MAX, Number(ctx.query.get('limit') ?? MAX));
}

/** Cursors are opaque to the client: base64 of the offset. */
const encode = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const decode = (cursor: string | null) => (cursor ? Number(Buffer.from(cursor, 'base64url').toString().split(':')[1]) : 0);

describe('pagination styles', () => {
	const world = useSimulator({ rateLimitsEnabled: false });

	beforeAll(() => {
		const opts = { scope: 'orders', limitKey: null };
		// A. nextcursor + links array (orders, shipments, receipts)
		world.sim.route('GET', '/test/nextcursor', opts, (ctx) => {
			const offset = decode(ctx.query.get('nextcursor'));
			const size = sizeOf(ctx);
			const end = offset + size;
			const links = end < TOTAL ? [{ rel: 'next', href: `/test/nextcursor?nextcursor=${encode(end)}&limit=${size}` }] : [];
			return { body: { resources: RECORDS.slice(offset, end), links } };
		});
		// B. page number + links array (returns, price reductions, products)
		world.sim.route('GET', '/test/pages', opts, (ctx) => {
			const page = Number(ctx.query.get('page') ?? 1);
			const size = sizeOf(ctx);
			const offset = (page - 1) * size;
			const links = offset + size < TOTAL ? [{ rel: 'next', href: `/test/pages?page=${page + 1}&limit=${size}` }] : [];
			return { body: { positionItems: RECORDS.slice(offset, offset + size), links } };
		});
		// B'. page number without links: the paginator counts pages
		world.sim.route('GET', '/test/pages-nolinks', opts, (ctx) => {
			const page = Number(ctx.query.get('page') ?? 1);
			const size = sizeOf(ctx);
			return { body: { results: RECORDS.slice((page - 1) * size, page * size) } };
		});
		// C. cursor + links array with prev/self/next (availability quantities)
		world.sim.route('GET', '/test/cursor', opts, (ctx) => {
			const offset = decode(ctx.query.get('cursor'));
			const size = sizeOf(ctx);
			const end = offset + size;
			const links = [
				{ rel: 'self', href: `/test/cursor?cursor=${encode(offset)}&limit=${size}` },
				...(offset > 0 ? [{ rel: 'prev', href: `/test/cursor?cursor=${encode(Math.max(0, offset - size))}&limit=${size}` }] : []),
				...(end < TOTAL ? [{ rel: 'next', href: `/test/cursor?cursor=${encode(end)}&limit=${size}` }] : []),
			];
			return { body: { resources: { variations: RECORDS.slice(offset, end) }, links } };
		});
		// D. cursor + a single links object (delivery information, shipping profiles); absolute href
		world.sim.route('GET', '/test/linksobject', opts, (ctx) => {
			const offset = decode(ctx.query.get('cursor'));
			const size = sizeOf(ctx);
			const end = offset + size;
			const body: IDataObject = { results: RECORDS.slice(offset, end) };
			if (end < TOTAL) body.links = { href: `${world.sim.url}/test/linksobject?cursor=${encode(end)}&limit=${size}`, rel: 'next' };
			return { body };
		});
	});

	function list(parameters: INodeParameters) {
		return runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'list', maxPageSize: MAX, ...parameters },
			credentials: world.sellerCredential(),
		});
	}

	/** The page requests as "limit=<n> <cursor or page>" for one path. */
	function pageRequests(path: string) {
		return world.sim.requests.filter((r) => r.path === path);
	}

	const styles = [
		{ style: 'nextcursor', path: '/test/nextcursor', recordsPath: 'resources', cursorParam: 'nextcursor' },
		{ style: 'page', path: '/test/pages', recordsPath: 'positionItems', cursorParam: 'page' },
		{ style: 'cursor', path: '/test/cursor', recordsPath: 'resources.variations', cursorParam: 'cursor' },
		{ style: 'linksObject', path: '/test/linksobject', recordsPath: 'results', cursorParam: 'cursor' },
	];

	describe.each(styles)('$style', ({ style, path, recordsPath, cursorParam }) => {
		it('Return All: every record once, in order, one item each, one request per page', async () => {
			const result = await list({ path, style, recordsPath, returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.id)).toEqual(RECORDS.map((r) => r.id));
			expect(result.items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
			let requests = pageRequests(path);
			if (style === 'page') {
				// Page numbers are read ahead (paginationReadAhead.test.ts): here, at once-answering speed, one page beyond the end.
				expect(requests.map((r) => r.query.page ?? '1').sort()).toEqual(['1', '2', '3', '4']);
				requests = requests.filter((r) => r.query.page !== '4');
			}
			expect(requests).toHaveLength(3);
			expect(requests.map((r) => r.query.limit)).toEqual(['3', '3', '3']);
			expect(requests[0].query[cursorParam]).toBeUndefined();
			expect(requests.slice(1).every((r) => r.query[cursorParam] !== undefined)).toBe(true);
		});

		it('Limit within the first page: one request asking for just that many', async () => {
			const result = await list({ path, style, recordsPath, returnAll: false, limit: 2 });
			expect(result.items.map((item) => item.json.id)).toEqual(['r1', 'r2']);
			expect(pageRequests(path).map((r) => r.query.limit)).toEqual(['2']);
		});

		it('Limit equal to full pages makes no extra request although a next link exists', async () => {
			const result = await list({ path, style, recordsPath, returnAll: false, limit: 6 });
			expect(result.items.map((item) => item.json.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
			expect(pageRequests(path)).toHaveLength(2);
		});

		it('Limit across pages: stops at the limit', async () => {
			const result = await list({ path, style, recordsPath, returnAll: false, limit: 5 });
			expect(result.items.map((item) => item.json.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
			const requests = pageRequests(path);
			expect(requests).toHaveLength(2);
			// Cursor styles shrink the last page to what is still wanted; page numbers must keep their size.
			expect(requests.map((r) => r.query.limit)).toEqual(style === 'page' ? ['3', '3'] : ['3', '2']);
			if (style === 'page') expect(requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
		});
	});

	it('page numbers without links: counts pages until a short page', async () => {
		const result = await list({ path: '/test/pages-nolinks', style: 'page', recordsPath: 'results', returnAll: true });
		expect(result.items.map((item) => item.json.id)).toEqual(RECORDS.map((r) => r.id));
		const requests = pageRequests('/test/pages-nolinks');
		// Read ahead: one page beyond the short page 3 was asked for too (and dropped).
		expect(requests.map((r) => [r.query.page ?? '1', r.query.limit]).sort()).toEqual([
			['1', '3'],
			['2', '3'],
			['3', '3'],
			['4', '3'],
		]);
	});

	it('page numbers, sequential (the option of readers that need exact pages): one page after the other, none beyond the end', async () => {
		const result = await list({ path: '/test/pages-nolinks', style: 'page', recordsPath: 'results', returnAll: true, sequential: true });
		expect(result.items.map((item) => item.json.id)).toEqual(RECORDS.map((r) => r.id));
		expect(pageRequests('/test/pages-nolinks').map((r) => [r.query.page ?? '1', r.query.limit])).toEqual([
			['1', '3'],
			['2', '3'],
			['3', '3'],
		]);
	});

	it('page numbers without links and a Limit: page size stays, no request past the limit', async () => {
		const result = await list({ path: '/test/pages-nolinks', style: 'page', recordsPath: 'results', returnAll: false, limit: 4 });
		expect(result.items.map((item) => item.json.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
		expect(pageRequests('/test/pages-nolinks').map((r) => [r.query.page ?? '1', r.query.limit])).toEqual([
			['1', '3'],
			['2', '3'],
		]);
	});

	it('keeps the query of the first request (filters) and an empty list ends at once', async () => {
		const result = await list({ path: '/test/nextcursor', style: 'nextcursor', recordsPath: 'missing', returnAll: true, qs: '{"status":"SENT"}' });
		expect(result.items).toHaveLength(0);
		const requests = pageRequests('/test/nextcursor');
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({ status: 'SENT', limit: '3' });
	});

	it('Max Requests per Second paces the pages', async () => {
		// Warm the credential first: the token call would delay only the first page's arrival.
		const credentials = world.sellerCredential();
		const parameters = { operation: 'list', maxPageSize: MAX, path: '/test/cursor', style: 'cursor', recordsPath: 'resources.variations', returnAll: true };
		await runNode(world.helper, { type: new TransportProbe(), parameters, credentials });
		world.sim.clearRequests();
		const result = await runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { ...parameters, requestOptions: { maxRequestsPerSecond: 5 } },
			credentials,
		});
		expect(result.items).toHaveLength(TOTAL);
		const times = pageRequests('/test/cursor').map((r) => Date.parse(r.time));
		expect(times).toHaveLength(3);
		// 5 per second = one every 200 ms (the first one goes at once); arrival times carry a few ms of
		// scheduling noise on a busy machine, the unpaced gap is about 2 ms.
		expect(times[1] - times[0]).toBeGreaterThanOrEqual(180);
		expect(times[2] - times[1]).toBeGreaterThanOrEqual(180);
		expect(times[2] - times[0]).toBeGreaterThanOrEqual(390);
	});
});


describe('progress of a long list', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const lines: string[] = [];
	const logger = {
		error: () => {},
		warn: () => {},
		info: (message: string) => lines.push(message),
		debug: () => {},
		verbose: () => {},
		scoped: () => logger,
	};
	let original: unknown;

	beforeAll(() => {
		const records = Array.from({ length: 45 }, (_, i) => ({ id: `p${i + 1}` }));
		world.sim.route('GET', '/test/long', { scope: 'orders', limitKey: null }, (ctx) => {
			const offset = decode(ctx.query.get('cursor'));
			const end = offset + 2;
			const links = end < records.length ? [{ rel: 'next', href: `/test/long?cursor=${encode(end)}&limit=2` }] : [];
			return { body: { resources: records.slice(offset, end), links } };
		});
		original = nodeContextLogger.get();
		nodeContextLogger.set(logger);
	});
	afterAll(() => nodeContextLogger.set(original));

	it('says every 20 pages how far it got, in n8n\'s log', async () => {
		const result = await runNode(world.helper, {
			type: new TransportProbe(),
			parameters: { operation: 'list', maxPageSize: 2, path: '/test/long', style: 'nextcursor', recordsPath: 'resources', returnAll: true },
			credentials: world.sellerCredential(),
		});
		expect(result.items).toHaveLength(45);
		expect(lines.filter((line) => line.startsWith('OTTO /test/long'))).toEqual(['OTTO /test/long: 40 records in 20 pages so far']);
	});
});
