/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- tests, never shipped: they spawn the package check */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');

interface PackageCheck {
	ok: boolean;
	files: number;
	packedBytes: number;
	unpackedBytes: number;
	unexpected: string[];
	missing: string[];
	scanSource: string;
	scanTarball: string;
	fileList: string[];
}

/**
 * The published tarball, as npm users and n8n's verification see it (tools/check-package.mjs).
 * Needs the build (`npm test` builds first).
 */
describe('the npm package', () => {
	let check: PackageCheck;

	beforeAll(() => {
		if (!existsSync(join(root, 'dist'))) throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
		let output: string;
		try {
			output = execFileSync('node', ['tools/check-package.mjs', '--json'], { cwd: root, encoding: 'utf8' });
		} catch (error) {
			output = String((error as { stdout?: string }).stdout ?? '');
		}
		check = JSON.parse(output.trim().split('\n').pop() ?? '{}') as PackageCheck;
		// The size goes into the test log on purpose: it is one of the numbers a release states.
		process.stdout.write(
			`packed: ${check.files} files, ${(check.packedBytes / 1024).toFixed(1)} KiB (${(check.unpackedBytes / 1024).toFixed(1)} KiB unpacked)\n`,
		);
	}, 180_000);

	it('contains only what n8n needs', () => {
		expect(check.unexpected).toEqual([]);
		expect(check.missing).toEqual([]);
		expect(check.fileList.some((file) => /test|simulator|tools|\.map$|\.ts$/.test(file))).toBe(false);
	});

	it('passes the rules of @n8n/scan-community-package on source and tarball', () => {
		expect(check.scanSource).toBe('passed');
		expect(check.scanTarball).toBe('passed');
		expect(check.ok).toBe(true);
	});

	it('has no runtime dependencies, the n8n-workflow peer and no install scripts', () => {
		const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
			dependencies?: object;
			peerDependencies?: object;
			scripts?: Record<string, string>;
			license?: string;
			keywords?: string[];
			n8n?: { strict?: boolean; n8nNodesApiVersion?: number };
		};
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
			expect(pkg.scripts?.[hook]).toBeUndefined();
		}
		expect(pkg.license).toBe('MIT');
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n).toMatchObject({ strict: true, n8nNodesApiVersion: 1 });
	});
});
