/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tests, never shipped */
/** The repository's files, for the tests that read the source and the documents (test/docs). */
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

export const ROOT = join(__dirname, '..', '..');

/** Paths (relative to the repository) of the files below `dir` whose name matches `pattern`. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
	const out: string[] = [];
	for (const name of readdirSync(join(ROOT, dir))) {
		const path = join(dir, name);
		if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path, pattern));
		else if (pattern.test(name)) out.push(path);
	}
	return out;
}
