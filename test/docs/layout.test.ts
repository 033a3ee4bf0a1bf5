/* eslint-disable @n8n/community-nodes/no-restricted-imports -- tests, never shipped */
/**
 * Tests mirror the source (CONTRIBUTING, "Layout"): every operation file
 * `nodes/<Node>/actions/[<resource>/]<operation>.operation.ts` has its test file
 * `test/nodes/<Node>/[<resource>/]<operation>.test.ts` that runs that operation, and every shared
 * module `nodes/shared/<module>.ts` has `test/nodes/shared/<module>.test.ts` that uses it.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join, relative, sep } from 'path';

import { filesUnder, ROOT } from '../helpers/files';

const posix = (path: string) => path.split(sep).join('/');

/** The test file an operation file or a shared module must have. */
function mirroredTestOf(source: string): string | undefined {
	const operation = /^nodes\/(OttoMarket\w+)\/actions\/((?:\w+\/)?\w+)\.operation\.ts$/.exec(source);
	if (operation) return `test/nodes/${operation[1]}/${operation[2]}.test.ts`;
	const shared = /^nodes\/shared\/(\w+)\.ts$/.exec(source);
	if (shared) return `test/nodes/shared/${shared[1]}.test.ts`;
	return undefined;
}

const operationFiles = filesUnder('nodes', /\.operation\.ts$/).map(posix);
const sharedModules = filesUnder(join('nodes', 'shared'), /\.ts$/).map(posix);

describe('tests mirror the source', () => {
	it('the mirror is found for both kinds of file, and nothing else', () => {
		expect(mirroredTestOf('nodes/OttoMarketOrders/actions/getMany.operation.ts')).toBe('test/nodes/OttoMarketOrders/getMany.test.ts');
		expect(mirroredTestOf('nodes/OttoMarketProducts/actions/price/setPrices.operation.ts')).toBe('test/nodes/OttoMarketProducts/price/setPrices.test.ts');
		expect(mirroredTestOf('nodes/shared/router.ts')).toBe('test/nodes/shared/router.test.ts');
		expect(mirroredTestOf('nodes/OttoMarketOrders/helpers.ts')).toBeUndefined();
		expect(operationFiles.length).toBeGreaterThanOrEqual(44);
		expect(sharedModules.length).toBeGreaterThanOrEqual(16);
	});

	it('every operation file has its test file, and it runs that operation (and resource)', () => {
		const problems: string[] = [];
		for (const source of operationFiles) {
			const test = mirroredTestOf(source)!;
			if (!existsSync(join(ROOT, test))) {
				problems.push(`${source}: no ${test}`);
				continue;
			}
			const text = readFileSync(join(ROOT, test), 'utf8');
			const [, , resource, operation] = /^nodes\/\w+\/actions\/((\w+)\/)?(\w+)\.operation\.ts$/.exec(source)!;
			if (!text.includes(`operation: '${operation}'`)) problems.push(`${test}: never runs operation '${operation}'`);
			if (resource && !text.includes(`resource: '${resource}'`)) problems.push(`${test}: never selects resource '${resource}'`);
		}
		expect(problems).toEqual([]);
	});

	it('every shared module has its test file, and it uses the module', () => {
		const problems: string[] = [];
		for (const source of sharedModules) {
			const test = mirroredTestOf(source)!;
			if (!existsSync(join(ROOT, test))) {
				problems.push(`${source}: no ${test}`);
				continue;
			}
			const module = source.replace(/\.ts$/, '');
			if (!readFileSync(join(ROOT, test), 'utf8').includes(module)) problems.push(`${test}: does not name ${module}`);
		}
		expect(problems).toEqual([]);
	});

	it('every node folder has a test folder', () => {
		const nodes = readdirSync(join(ROOT, 'nodes')).filter((name) => name.startsWith('OttoMarket'));
		const missing = nodes.filter((name) => !filesUnder(join('test', 'nodes'), /\.test\.ts$/).some((test) => posix(relative('test/nodes', test)).startsWith(`${name}/`)));
		expect(missing).toEqual([]);
	});
});
