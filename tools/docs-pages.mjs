#!/usr/bin/env node
// Writes docs/nodes/<Node>.md, one documentation page per node, from the built node descriptions
// (run `npm run build` first): what the node does, its operations with their fields, the lookups, and a
// link to the README section with the details. The nodes' codex (`*.node.json`
// resources.primaryDocumentation) links these pages: a plain URL without #anchor, so the `?utm_…` that
// n8n appends to documentation links cannot break it (it did with README anchors).
//
//   node tools/docs-pages.mjs            write the pages
//   node tools/docs-pages.mjs --check    exit 1 if a page differs from what would be written
//
// Plain Node ESM, built-ins only.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const OUT = path.join(ROOT, 'docs', 'nodes');

const anchor = (title) =>
	title
		.toLowerCase()
		.replace(/[^a-z0-9 -]/g, '')
		.replace(/ /g, '-');

const text = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function shownFor(prop, resource, operation) {
	const show = prop.displayOptions?.show ?? {};
	if (show.resource && resource && !show.resource.includes(resource)) return false;
	if (show.operation && !show.operation.includes(operation)) return false;
	return true;
}

function fieldRow(p) {
	let kind = p.type;
	if (p.type === 'resourceLocator') kind = `lookup (${(p.modes ?? []).map((m) => m.displayName).join(', ')})`;
	else if (p.type === 'options' || p.type === 'multiOptions') kind = `${p.type === 'options' ? 'one of' : 'any of'}: ${(p.options ?? []).map((o) => o.name).join(', ')}`;
	else if (p.type === 'collection' || p.type === 'fixedCollection') kind = `${p.type === 'collection' ? 'optional' : 'group'}: ${(p.options ?? []).map((o) => o.displayName ?? o.name).join(', ')}`;
	return `| ${text(p.displayName)}${p.required ? ' (required)' : ''} | ${text(kind)} | ${text(p.description)} |`;
}

function page(file) {
	const className = path.basename(file, '.node.js');
	const mod = require(path.join(ROOT, file));
	const node = new mod[className]();
	const d = node.description;
	const lines = [`# ${d.displayName}`, '', `${d.description}.`, ''];
	lines.push(
		`Credential: ${d.credentials.map((c) => `\`${c.name}\``).join(', ')} (see [Credentials](../../README.md#credentials)). ` +
			`Details, examples and OTTO's calls: [README, ${d.displayName}](../../README.md#${anchor(d.displayName)}).`,
		'',
	);
	const props = d.properties.filter((p) => p.name !== 'requestOptions');
	const resourceProp = props.find((p) => p.name === 'resource');
	const resources = resourceProp ? resourceProp.options.map((o) => ({ name: o.name, value: o.value })) : [{ name: '', value: undefined }];
	const opProps = props.filter((p) => p.name === 'operation');
	let any = false;
	for (const r of resources) {
		const opProp = opProps.find((p) => !r.value || (p.displayOptions?.show?.resource ?? []).includes(r.value));
		if (!opProp) continue;
		any = true;
		for (const op of opProp.options) {
			lines.push(`## ${r.name ? `${r.name}: ` : ''}${op.name}`, '', `${op.description ?? op.action ?? ''}`.trim(), '');
			const fields = props.filter((p) => p.name !== 'operation' && p.name !== 'resource' && shownFor(p, r.value, op.value));
			if (fields.length) lines.push('| Field | Kind | What it means |', '| --- | --- | --- |', ...fields.map(fieldRow), '');
		}
	}
	if (!any) {
		// a trigger: its fields
		lines.push('## Fields', '', '| Field | Kind | What it means |', '| --- | --- | --- |', ...props.map(fieldRow), '');
		// and what each of its options does
		const options = props.find((p) => p.name === 'options' && p.type === 'collection')?.options ?? [];
		if (options.length) lines.push('### Options', '', '| Option | Kind | What it means |', '| --- | --- | --- |', ...options.map(fieldRow), '');
	}
	lines.push(
		'Every action node also has **Request Options** (retries, timeouts) and can be used as a tool by AI agents.',
		'',
		`_Generated from the node's description by \`node tools/docs-pages.mjs\`._`,
		'',
	);
	return { name: `${className}.md`, body: lines.join('\n') };
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const pages = pkg.n8n.nodes.map(page);
const check = process.argv.includes('--check');
let stale = 0;
fs.mkdirSync(OUT, { recursive: true });
for (const p of pages) {
	const file = path.join(OUT, p.name);
	const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
	if (current === p.body) continue;
	stale++;
	if (check) console.error(`docs/nodes/${p.name} is out of date`);
	else fs.writeFileSync(file, p.body);
}
if (check && stale) {
	console.error('What to do: npm run build && node tools/docs-pages.mjs, then commit docs/nodes/.');
	process.exit(1);
}
console.log(`${check ? 'checked' : 'wrote'} ${pages.length} pages in docs/nodes (${stale} ${check ? 'stale' : 'changed'})`);
