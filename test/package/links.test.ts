/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a test, never shipped: it reads the repository's files */
/**
 * Every link a user follows resolves (issue 17 point 7): relative links and #anchors in README.md and
 * docs/nodes/*.md, links to this repository's files in the examples and in the nodes' codex; and the
 * codex documentation links are plain page URLs without #anchor, because n8n appends `?utm_…` to them
 * (which turned `…#otto-market-orders` into an anchor GitHub cannot find). External sites are not
 * fetched (the tests run offline).
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { dirname, join, normalize, relative } from 'path';

const root = join(__dirname, '..', '..');
const REPO_URL = 'https://github.com/otto-market-n8n/n8n-nodes-otto-market';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
const nodeNames = pkg.n8n.nodes.map((f) => f.split('/').slice(-2)[0]);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(file: string): Set<string> {
	const anchors = new Set<string>();
	let inCode = false;
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (line.startsWith('```')) inCode = !inCode;
		const m = !inCode && /^#{1,6}\s+(.*)$/.exec(line);
		if (!m) continue;
		const slug = m[1]
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N} _-]/gu, '')
			.replace(/ /g, '-');
		let unique = slug;
		for (let i = 1; anchors.has(unique); i++) unique = `${slug}-${i}`;
		anchors.add(unique);
	}
	return anchors;
}

/** `problem` for a link to a file of this repository (path relative to the repo root, optional #anchor). */
function checkTarget(target: string, from: string): string | undefined {
	const [rawPath, anchor] = target.split('#');
	const file = rawPath === '' ? from : normalize(join(rawPath.startsWith('/') ? root : dirname(from), rawPath));
	if (!file.startsWith(root) || !existsSync(file)) return `${relative(root, from)}: ${target} -> no such file`;
	if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor)) {
		return `${relative(root, from)}: ${target} -> no heading #${anchor} in ${relative(root, file)}`;
	}
	return undefined;
}

/** Links to this repository's files by URL: …/blob/main/<path>, or the repository page with #anchor (README). */
function checkRepoUrl(url: string, from: string): string | undefined {
	const rest = url.slice(REPO_URL.length).split('?')[0];
	if (rest === '' || rest.startsWith('#')) return checkTarget(`/README.md${rest}`, from);
	const m = /^\/(?:blob|tree)\/main\/(.*)$/.exec(rest);
	if (!m) return `${relative(root, from)}: ${url} -> not a link to a file on main`;
	return checkTarget(`/${m[1]}`, from);
}

function markdownLinks(file: string): string[] {
	const textOf = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
	return [...textOf.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

describe('links resolve', () => {
	const docs = join(root, 'docs', 'nodes');

	it('README.md and the node pages: every relative link and #anchor exists', () => {
		const files = [join(root, 'README.md'), ...readdirSync(docs).map((f) => join(docs, f))];
		const problems: string[] = [];
		for (const file of files) {
			for (const link of markdownLinks(file)) {
				if (/^(https?:|mailto:)/.test(link)) {
					if (link.startsWith(REPO_URL)) problems.push(...[checkRepoUrl(link, file)].filter((p): p is string => !!p));
					continue;
				}
				const p = checkTarget(link, file);
				if (p) problems.push(p);
			}
		}
		expect(problems).toEqual([]);
	});

	it('every node has a documentation page, linked from its codex without #anchor (survives ?utm_…)', () => {
		for (const name of nodeNames) {
			const codex = JSON.parse(readFileSync(join(root, 'nodes', name, `${name}.node.json`), 'utf8'));
			const urls: string[] = [
				...(codex.resources?.primaryDocumentation ?? []),
				...(codex.resources?.credentialDocumentation ?? []),
			].map((r: { url: string }) => r.url);
			expect(codex.resources.primaryDocumentation[0].url).toBe(`${REPO_URL}/blob/main/docs/nodes/${name}.md`);
			for (const url of urls) {
				expect(url).not.toContain('#');
				// what n8n opens: the URL with its tracking suffix still names the same page
				const opened = new URL(`${url}?utm_source=n8n_app&utm_medium=node_settings_modal-credential_link`);
				expect(checkRepoUrl(`${REPO_URL}${opened.pathname.replace('/otto-market-n8n/n8n-nodes-otto-market', '')}`, join(root, 'nodes', name))).toBeUndefined();
			}
			expect(existsSync(join(docs, `${name}.md`))).toBe(true);
		}
	});

	it('codex search words: every node is found by "marketplace" and "otto.de"; stock, inventory and shipping find theirs', () => {
		const alias = (name: string) =>
			(JSON.parse(readFileSync(join(root, 'nodes', name, `${name}.node.json`), 'utf8')).alias ?? []).map((a: string) => a.toLowerCase());
		for (const name of nodeNames) {
			expect(alias(name)).toEqual(expect.arrayContaining(['marketplace', 'otto.de']));
		}
		expect(alias('OttoMarketAvailability')).toEqual(expect.arrayContaining(['stock', 'inventory']));
		expect(alias('OttoMarketShipments')).toContain('shipping');
		expect(alias('OttoMarketShippingProfiles')).toContain('shipping');
	});

	it('examples: links to repository files resolve', () => {
		const problems: string[] = [];
		const dir = join(root, 'examples');
		for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
			const file = join(dir, f);
			const body = readFileSync(file, 'utf8');
			for (const m of body.matchAll(new RegExp(`${REPO_URL.replace(/[.]/g, '\\.')}[^\\s"')\\\\]*`, 'g'))) {
				const p = checkRepoUrl(m[0], file);
				if (p) problems.push(p);
			}
			// repository paths named in sticky notes, e.g. docs/…/x.md or README.md#section
			for (const m of body.matchAll(/(?<![\w/.:-])((?:docs|examples)\/[\w./-]+\.(?:md|json)|README\.md)(#[\w-]+)?/g)) {
				const p = checkTarget(`/${m[1]}${m[2] ?? ''}`, file);
				if (p) problems.push(p);
			}
		}
		expect(problems).toEqual([]);
	});
});
