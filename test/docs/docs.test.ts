/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tests, never shipped */
/**
 * The documents in the repository say what the code does: every `docs/otto-api.md §N` a comment
 * cites exists, no comment points at a document outside the repository, and CONTRIBUTING's code
 * examples and layout name functions and files that exist.
 */
import { readFileSync, readdirSync } from 'fs';
import { join, relative } from 'path';

import { filesUnder, ROOT } from '../helpers/files';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const SOURCES = ['nodes', 'credentials', 'simulator', 'test', 'tools', 'bench'].flatMap((dir) =>
	filesUnder(dir, /\.(ts|js|mjs)$/),
);

describe('docs/otto-api.md', () => {
	const doc = read('docs/otto-api.md');
	const sections = new Set(
		[...doc.matchAll(/^#{2,4} (\d+(?:\.\d+)?)\.? /gm)].map((match) => match[1]),
	);

	it('has the sections the code cites', () => {
		expect(sections.size).toBeGreaterThan(15);
		const cited: string[] = [];
		for (const file of SOURCES) {
			for (const match of read(file).matchAll(/docs\/otto-api\.md §(\d+(?:\.\d+)?)/g)) {
				cited.push(match[1]);
				expect([file, match[1], sections.has(match[1])]).toEqual([file, match[1], true]);
			}
		}
		expect(cited.length).toBeGreaterThan(20);
	});

	it('no comment points at a document outside the repository', () => {
		for (const file of SOURCES.filter((path) => !path.startsWith(relative(ROOT, __dirname)))) {
			const text = read(file);
			const outside = [
				/(^|[^/])otto-api\.md/m,
				/otto-service-partner-program\.txt/,
				/n8n-nodes\.md/,
				/design\.md/,
				/\/work\/shared/,
			].filter((pattern) => pattern.test(text));
			expect([file, outside]).toEqual([file, []]);
		}
	});

	it('cites a source for every section of facts', () => {
		for (const tag of ['G1', 'G2', 'G3', 'D1', 'D2']) expect(doc).toContain(`| ${tag} |`);
		expect(doc).toContain('050bb6acc85020b4a059cfeba52030006b472877');
	});
});

describe('CONTRIBUTING.md', () => {
	const contributing = read('CONTRIBUTING.md');

	it('its TypeScript examples import functions that exist', () => {
		const blocks = [...contributing.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
		expect(blocks.length).toBeGreaterThan(0);
		let imports = 0;
		for (const block of blocks) {
			for (const match of block.matchAll(/import \{([^}]+)\} from '(?:\.\.\/)+shared\/([a-zA-Z]+)'/g)) {
				const source = read(`nodes/shared/${match[2]}.ts`);
				for (const name of match[1].split(',').map((part) => part.trim()).filter(Boolean)) {
					imports += 1;
					expect([match[2], name, new RegExp(`export (async )?(function\\*?|const|class|type|interface) ${name}\\b`).test(source)]).toEqual([
						match[2],
						name,
						true,
					]);
					expect(block).toContain(`${name}.call(this`);
				}
			}
		}
		expect(imports).toBeGreaterThanOrEqual(2);
	});

	it('its layout names every shared module, and the shapes it names exist', () => {
		for (const file of readdirSync(join(ROOT, 'nodes', 'shared'))) {
			expect([file, contributing.includes(`  ${file}`)]).toEqual([file, true]);
		}
		const operations = filesUnder('nodes', /\.operation\.ts$/);
		expect(operations.some((path) => /^nodes\/[A-Za-z]+\/actions\/[a-zA-Z]+\.operation\.ts$/.test(path))).toBe(true);
		expect(operations.some((path) => /^nodes\/[A-Za-z]+\/actions\/[a-zA-Z]+\/[a-zA-Z]+\.operation\.ts$/.test(path))).toBe(true);
		for (const needle of ['actions/<resource>/<op>.operation.ts', 'helpers.ts', 'methods/listSearch.ts']) {
			expect(contributing).toContain(needle);
		}
	});
});
