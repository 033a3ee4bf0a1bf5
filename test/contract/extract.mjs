#!/usr/bin/env node
// Reads the two PHP clients generated from OTTO's OpenAPI spec (local git mirrors, fixed commits)
// and writes the facts the simulator's contract layer checks: operations (method, path, query
// parameters with defaults and limits, body type, the model answered per status) and models
// (field names, types, required fields, enums, lengths, patterns, ranges) as plain JSON in our own
// shape. No generated code or text is copied: only names, types and limits.
//
//   node test/contract/extract.mjs <kassaline-git-dir> <christian71-git-dir>
//
// Writes simulator/contract/spec.json. Run again when a source moves; review the diff.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [kassalineDir, christianDir] = process.argv.slice(2);
if (!kassalineDir || !christianDir) {
	console.error('usage: extract.mjs <kassaline/openapi-clients-otto git dir> <christian71-stack/otto-merch-api git dir>');
	process.exit(2);
}

const SOURCES = [
	{ key: 'kassaline', repo: 'kassaline/openapi-clients-otto', dir: kassalineDir },
	{ key: 'christian71', repo: 'christian71-stack/otto-merch-api', dir: christianDir },
];

// The return status details, one model per status (PositionItemReturnsV3.details names only one).
const EXTRA_MODELS = ['AnnouncedStatusDataReturnsV3', 'AcceptedStatusDataReturnsV3', 'RejectedStatusDataReturnsV3', 'MisdirectedStatusDataReturnsV3', 'ReturnedItemStatusDataReturnsV3'];

const git = (dir, ...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

// The interfaces the package calls (Products V5 only; the other Products versions are not used).
const APIS = [
	'AvailabilityV1Api',
	'OrdersV4Api',
	'PriceReductionsV1Api',
	'ProductsV5Api',
	'QuantitiesV2Api',
	'ReceiptsV3Api',
	'ReturnShipmentsV1Api',
	'ReturnsV3Api',
	'ShipmentsV1Api',
	'ShippingProfilesV1Api',
];

function modelName(type) {
	return type.replace(/^.*\\Model\\/, '').replace(/^\\/, '');
}

function typeToSchema(type) {
	type = type.trim();
	if (type.endsWith('|null')) return { ...typeToSchema(type.slice(0, -5)), nullable: true };
	if (type.endsWith('[]')) return { type: 'array', items: typeToSchema(type.slice(0, -2)) };
	const map = /^array<string,(.+)>$/.exec(type);
	if (map) return { type: 'object', additionalProperties: typeToSchema(map[1]) };
	switch (type) {
		case 'string':
			return { type: 'string' };
		case 'int':
		case 'integer':
			return { type: 'integer' };
		case 'float':
		case 'number':
			return { type: 'number' };
		case 'bool':
		case 'boolean':
			return { type: 'boolean' };
		case '\\DateTime':
		case 'DateTime':
			return { type: 'string', format: 'date-time' };
		case 'object':
			return { type: 'object' };
		case 'mixed':
			return {};
		case '\\SplFileObject':
			return { type: 'binary' };
		default:
			return { $ref: modelName(type) };
	}
}

function block(text, startRegex) {
	const m = startRegex.exec(text);
	if (!m) return '';
	let i = text.indexOf('[', m.index + m[0].length - 1);
	let depth = 0;
	for (let j = i; j < text.length; j++) {
		if (text[j] === '[') depth++;
		else if (text[j] === ']') {
			depth--;
			if (depth === 0) return text.slice(i + 1, j);
		}
	}
	return '';
}

function pairs(body) {
	const out = {};
	for (const m of body.matchAll(/'([^']+)'\s*=>\s*('([^']*)'|null|true|false)/g)) out[m[1]] = m[3] ?? m[2];
	return out;
}

function functionBody(text, name) {
	const start = text.indexOf(`function ${name}(`);
	if (start < 0) return '';
	const open = text.indexOf('{', start);
	let depth = 0;
	for (let j = open; j < text.length; j++) {
		if (text[j] === '{') depth++;
		else if (text[j] === '}') {
			depth--;
			if (depth === 0) return text.slice(open + 1, j);
		}
	}
	return '';
}

function parseModel(text) {
	const consts = {};
	for (const m of text.matchAll(/(?:public )?const (\w+) = '([^']*)';/g)) consts[m[1]] = m[2];
	// a model that is an enum of its own
	const enumOnly = functionBody(text, 'getAllowableEnumValues');
	if (enumOnly && !/(openAPITypes|swaggerTypes) = \[\s*'/.test(text)) {
		const values = [...enumOnly.matchAll(/self::(\w+)/g)].map((m) => consts[m[1]]);
		return { type: 'string', enum: values };
	}
	const types = pairs(block(text, /protected static \$(openAPITypes|swaggerTypes) = \[/));
	const formats = pairs(block(text, /protected static \$(openAPIFormats|swaggerFormats) = \[/));
	const nullables = pairs(block(text, /protected static array \$openAPINullables = \[/));
	const attributeMap = pairs(block(text, /protected static \$attributeMap = \[/));
	const properties = {};
	for (const [name, type] of Object.entries(types)) {
		const schema = typeToSchema(type);
		if (formats[name] && formats[name] !== 'null' && !schema.$ref && schema.type !== 'array') schema.format = formats[name];
		if (nullables[name] === 'true') schema.nullable = true;
		properties[attributeMap[name] || name] = schema;
	}
	const invalid = functionBody(text, 'listInvalidProperties');
	const required = [...invalid.matchAll(/'(\w+)' can't be null/g)].map((m) => attributeMap[m[1]] || m[1]);
	const wire = (n) => attributeMap[n] || n;
	// enums: get<Prop>AllowableValues, used for the property named in the check that calls it
	for (const m of text.matchAll(/function get(\w+)AllowableValues\(\)/g)) {
		const body = functionBody(text, `get${m[1]}AllowableValues`);
		const values = [...body.matchAll(/self::(\w+)/g)].map((c) => consts[c[1]]);
		const prop = Object.keys(types).find((p) => p.replace(/_/g, '').toLowerCase() === m[1].toLowerCase());
		if (!prop) continue;
		const target = properties[wire(prop)];
		if (target.type === 'array') target.items.enum = values;
		else target.enum = values;
	}
	for (const m of invalid.matchAll(/invalid value for '(\w+)', ([^"]+?)\.?";/g)) {
		const target = properties[wire(m[1])];
		if (!target) continue;
		const rule = m[2];
		let r;
		if ((r = /character length must be smaller than or equal to (\d+)/.exec(rule))) target.maxLength = Number(r[1]);
		else if ((r = /character length must be bigger than or equal to (\d+)/.exec(rule))) target.minLength = Number(r[1]);
		else if ((r = /number of items must be less than or equal to (\d+)/.exec(rule))) target.maxItems = Number(r[1]);
		else if ((r = /number of items must be greater than or equal to (\d+)/.exec(rule))) target.minItems = Number(r[1]);
		else if ((r = /must be smaller than (or equal to )?(-?[\d.]+)/.exec(rule))) target[r[1] ? 'maximum' : 'exclusiveMaximum'] = Number(r[2]);
		else if ((r = /must be bigger than (or equal to )?(-?[\d.]+)/.exec(rule))) target[r[1] ? 'minimum' : 'exclusiveMinimum'] = Number(r[2]);
		else if ((r = /must be conform to the pattern (.+)$/.exec(rule))) target.pattern = r[1].replace(/^\//, '').replace(/\/[a-z]*$/, '');
	}
	const schema = { type: 'object', properties };
	if (required.length) schema.required = required;
	return schema;
}

function parseApi(text, doc) {
	const ops = [];
	for (const m of text.matchAll(/(?:public|protected) function (\w+)Request\(([^)]*)\)/g)) {
		const opId = m[1];
		const signature = m[2];
		const body = functionBody(text, `${opId}Request`);
		const pathMatch = /\$resourcePath = '([^']+)'/.exec(body);
		const methodMatch = /new Request\(\s*'(\w+)'/.exec(body);
		if (!pathMatch || !methodMatch) continue;
		const defaults = {};
		for (const d of signature.matchAll(/\$(\w+) = ('([^']*)'|[-\d.]+|null|true|false)/g)) {
			if (d[2] === 'null') continue;
			defaults[d[1]] = d[3] ?? (/^[-\d.]+$/.test(d[2]) ? Number(d[2]) : d[2] === 'true');
		}
		const limits = {};
		const inv = [...body.matchAll(/invalid value for "\$(\w+)" when calling [\w.]+, ([^']+?)\.?'\)/g)];
		for (const v of inv) {
			const l = (limits[v[1]] ??= {});
			let r;
			if ((r = /number of items must be less than or equal to (\d+)/.exec(v[2]))) l.maxItems = Number(r[1]);
			else if ((r = /number of items must be greater than or equal to (\d+)/.exec(v[2]))) l.minItems = Number(r[1]);
			else if ((r = /must be smaller than or equal to (-?\d+)/.exec(v[2]))) l.maximum = Number(r[1]);
			else if ((r = /must be bigger than or equal to (-?\d+)/.exec(v[2]))) l.minimum = Number(r[1]);
			else if ((r = /must be smaller than (-?\d+)/.exec(v[2]))) l.exclusiveMaximum = Number(r[1]);
			else if ((r = /must be bigger than (-?\d+)/.exec(v[2]))) l.exclusiveMinimum = Number(r[1]);
			else if ((r = /length must be smaller than or equal to (\d+)/.exec(v[2]))) l.maxLength = Number(r[1]);
			else if ((r = /conform to the pattern (.+)$/.exec(v[2]))) l.pattern = r[1].replace(/^\//, '').replace(/\/[a-z]*$/, '');
		}
		// docblock @param types of the Request function
		const docStart = text.lastIndexOf('/**', m.index);
		const docblock = text.slice(docStart, m.index);
		const paramTypes = {};
		for (const p of docblock.matchAll(/@param\s+(\S+)\s+\$(\w+)[^\n]*/g)) paramTypes[p[2]] = { type: p[1], required: /\(required\)/.test(p[0]) };
		const query = [];
		for (const q of body.matchAll(/toQueryValue\(\s*\$(\w+),\s*'([^']+)',\s*\/\/ param base name\s*'([^']+)',\s*\/\/ openApiType\s*'(\w+)',\s*\/\/ style\s*(true|false),\s*\/\/ explode\s*(true|false)/g)) {
			const [, variable, name, apiType, , explode, required] = q;
			const php = paramTypes[variable]?.type || apiType;
			const param = { name, required: required === 'true', schema: typeToSchema(php === 'integer' ? 'int' : php) };
			if (php.endsWith('[]')) param.explode = explode === 'true';
			if (defaults[variable] !== undefined) param.schema.default = defaults[variable];
			Object.assign(php.endsWith('[]') ? param.schema : param.schema, limits[variable] || {});
			query.push(param);
		}
		// older generator: $queryParams['name'] = ObjectSerializer::toQueryValue($var, format)
		for (const q of body.matchAll(/\$queryParams\['([^']+)'\] = ObjectSerializer::toQueryValue\(\$(\w+)/g)) {
			const [, name, variable] = q;
			if (query.some((x) => x.name === name)) continue;
			const php = paramTypes[variable]?.type || 'string';
			const param = { name, required: !!paramTypes[variable]?.required, schema: typeToSchema(php) };
			if (defaults[variable] !== undefined) param.schema.default = defaults[variable];
			Object.assign(param.schema, limits[variable] || {});
			query.push(param);
		}
		const pathParams = [...pathMatch[1].matchAll(/\{(\w+)\}/g)].map((p) => p[1]);
		const headers = [...body.matchAll(/\$headerParams\['([^']+)'\]/g)].map((h) => h[1]);
		let requestBody = null;
		const bodyVar = /sanitizeForSerialization\(\$(\w+)\)/.exec(body) || /\$_tempBody = \$(\w+);/.exec(body);
		if (bodyVar && paramTypes[bodyVar[1]]) {
			requestBody = { required: paramTypes[bodyVar[1]].required, schema: typeToSchema(paramTypes[bodyVar[1]].type) };
			Object.assign(requestBody.schema, limits[bodyVar[1]] || {});
		}
		// responses: the status cases of the WithHttpInfo function (success + documented errors)
		const info = functionBody(text, `${opId}WithHttpInfo`);
		const responses = {};
		for (const c of info.matchAll(/case (\d{3}):\s*if \('([^']+)' === '\\SplFileObject'\)/g)) responses[c[1]] = typeToSchema(c[2]);
		for (const c of info.matchAll(/case (\d{3}):\s*\$data = ObjectSerializer::deserialize\(\s*\$e->getResponseBody\(\),\s*'([^']+)'/g)) if (!responses[c[1]]) responses[c[1]] = typeToSchema(c[2]);
		const ret = /\$returnType = '([^']+)'/.exec(info);
		const returnsVoid = !ret;
		const docLine = new RegExp(`\\[\\*\\*${opId}\\(\\)\\*\\*\\]\\([^)]*\\) \\| \\*\\*(\\w+)\\*\\* (\\S+) \\| ([^|]*)\\|`).exec(doc);
		ops.push({
			operationId: opId,
			method: methodMatch[1],
			path: pathMatch[1],
			summary: docLine ? docLine[3].trim() : undefined,
			pathParams,
			query,
			headers: headers.length ? headers : undefined,
			requestBody,
			responses,
			successWithoutBody: returnsVoid || undefined,
			consumes: (/'contentTypes' =>|contentTypes = \[/.test(text) && new RegExp(`'${opId}' => \\[\\s*'([^']+)'`).exec(text)?.[1]) || undefined,
		});
	}
	return ops;
}

const out = {
	about:
		'OTTO Market API contract as facts (names, types, limits) read from two PHP clients generated from OTTO\'s OpenAPI spec. Generated by test/contract/extract.mjs; hand-written readings and disagreements live in simulator/contract/readings.js.',
	sources: {},
	operations: {},
	models: {},
};

for (const source of SOURCES) {
	const commit = git(source.dir, 'rev-parse', 'HEAD').trim();
	const date = git(source.dir, 'log', '-1', '--format=%cI').trim();
	out.sources[source.key] = { repo: source.repo, commit, date };
	const files = git(source.dir, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n');
	const ops = {};
	for (const api of APIS) {
		const path = `lib/Api/${api}.php`;
		if (!files.includes(path)) continue;
		const text = git(source.dir, 'show', `HEAD:${path}`);
		const docPath = `docs/Api/${api}.md`;
		const doc = files.includes(docPath) ? git(source.dir, 'show', `HEAD:${docPath}`) : '';
		ops[api] = parseApi(text, doc).map((op) => ({ ...op, source: { repo: source.key, path, doc: docPath } }));
	}
	out.operations[source.key] = ops;
	const models = {};
	// the models reachable from the operations above
	const queue = [];
	const visit = (schema) => {
		if (!schema || typeof schema !== 'object') return;
		if (schema.$ref) queue.push(schema.$ref);
		for (const v of Object.values(schema)) if (v && typeof v === 'object') visit(v);
	};
	for (const list of Object.values(ops)) for (const op of list) visit(op);
	// models the spec uses through a polymorphic field the generator flattened (see readings.js)
	for (const name of EXTRA_MODELS) if (files.includes(`lib/Model/${name}.php`)) queue.push(name);
	while (queue.length) {
		const name = queue.pop();
		if (models[name]) continue;
		const path = `lib/Model/${name}.php`;
		if (!files.includes(path)) {
			models[name] = { missing: true };
			continue;
		}
		const schema = parseModel(git(source.dir, 'show', `HEAD:${path}`));
		schema.source = { repo: source.key, path };
		models[name] = schema;
		visit(schema);
	}
	out.models[source.key] = models;
}

// One reading per interface: Products V5 from christian71 (newer, July 2025; kassaline's V5 models are
// marked SandboxOnly), everything else from kassaline (newer generator, carries lengths, patterns and
// ranges). Where both clients have the same model and disagree on names, required fields, enums or
// types, the merged reading accepts both and the disagreement is listed.
const PRIMARY = (api) => (api === 'ProductsV5Api' ? 'christian71' : 'kassaline');
out.interfaces = {};
for (const api of APIS) {
	const key = PRIMARY(api);
	const ops = out.operations[key][api] || out.operations.kassaline[api];
	if (ops) out.interfaces[api] = { reading: out.operations[key][api] ? key : 'kassaline', operations: ops.map((op) => op.operationId) };
}
const refName = (r) => r.replace(/^AllOf/, '').replace(/(PriceReduction|Gross|Net|Tax|TotalPriceReduction|InvoicePrice)$/, '$1');
const sameRef = (a, b) => a === b || refName(a).replace(/^AllOf/, '') === refName(b) || a.replace(/^(\w+?V\d)(\w+)$/, '$1$2') === `AllOf${b}` || b === `AllOf${a}` || a === `AllOf${b}`;
function typeOf(schema) {
	if (!schema) return 'none';
	if (schema.$ref) return `ref`;
	if (schema.type === 'array') return `array<${typeOf(schema.items)}>`;
	return schema.type || 'any';
}
out.disagreements = [];
out.merged = {};
const primaryModels = new Set();
for (const api of Object.keys(out.interfaces)) {
	const key = out.interfaces[api].reading;
	const visit = (schema, into) => {
		if (!schema || typeof schema !== 'object') return;
		if (schema.$ref && !into.has(schema.$ref)) {
			into.add(schema.$ref);
			visit(out.models[key][schema.$ref], into);
		}
		for (const v of Object.values(schema)) if (v && typeof v === 'object') visit(v, into);
	};
	const names = new Set();
	for (const op of out.operations[key][api]) visit(op, names);
	if (api === 'ReturnsV3Api') for (const n of EXTRA_MODELS) visit({ $ref: n }, names);
	for (const n of names) primaryModels.add(`${key}:${n}`);
}
for (const entry of primaryModels) {
	const [key, name] = entry.split(':');
	const other = key === 'kassaline' ? 'christian71' : 'kassaline';
	const mine = structuredClone(out.models[key][name]);
	const theirs = out.models[other][name];
	out.merged[name] = mine;
	if (!theirs || theirs.missing || mine.missing) continue;
	mine.alsoIn = other;
	if (mine.type !== 'object' || theirs.type !== 'object') {
		if (JSON.stringify(mine.enum) !== JSON.stringify(theirs.enum)) {
			out.disagreements.push({ model: name, what: 'enum', [key]: mine.enum, [other]: theirs.enum });
			mine.enum = [...new Set([...(mine.enum || []), ...(theirs.enum || [])])];
		}
		continue;
	}
	const mp = mine.properties || {};
	const tp = theirs.properties || {};
	const onlyMine = Object.keys(mp).filter((p) => !(p in tp));
	const onlyTheirs = Object.keys(tp).filter((p) => !(p in mp));
	if ((onlyMine.length || onlyTheirs.length) && Object.keys(tp).length) {
		out.disagreements.push({ model: name, what: 'fields', [`only_${key}`]: onlyMine, [`only_${other}`]: onlyTheirs });
		for (const p of onlyTheirs) mp[p] = structuredClone(tp[p]);
	} else if (!Object.keys(tp).length && Object.keys(mp).length) {
		out.disagreements.push({ model: name, what: 'fields', [key]: Object.keys(mp), [other]: 'no fields (free object)' });
		// the other reading accepts any object here: so does the merged one
		delete mine.required;
		mine.additionalProperties = {};
	}
	const rm = new Set(mine.required || []);
	const rt = new Set(theirs.required || []);
	const diffReq = [...rm].filter((x) => !rt.has(x)).concat([...rt].filter((x) => !rm.has(x)));
	if (diffReq.length && Object.keys(tp).length) {
		out.disagreements.push({ model: name, what: 'required', [key]: [...rm], [other]: [...rt] });
		mine.required = [...rm].filter((x) => rt.has(x));
		if (!mine.required.length) delete mine.required;
	}
	for (const [p, ms] of Object.entries(mp)) {
		const ts = tp[p];
		if (!ts) continue;
		const me = ms.type === 'array' ? ms.items : ms;
		const te = ts.type === 'array' ? ts.items : ts;
		if (typeOf(ms) !== typeOf(ts)) {
			out.disagreements.push({ model: name, field: p, what: 'type', [key]: typeOf(ms), [other]: typeOf(ts) });
			mp[p] = { anyOf: [ms, structuredClone(ts)] };
			continue;
		}
		if (me.$ref && te.$ref && !sameRef(me.$ref, te.$ref)) {
			out.disagreements.push({ model: name, field: p, what: 'model', [key]: me.$ref, [other]: te.$ref });
		}
		if (me.enum && te.enum && JSON.stringify(me.enum) !== JSON.stringify(te.enum)) {
			out.disagreements.push({ model: name, field: p, what: 'enum', [key]: me.enum, [other]: te.enum });
			me.enum = [...new Set([...me.enum, ...te.enum])];
		} else if (me.enum && !te.enum && te.type === me.type) {
			out.disagreements.push({ model: name, field: p, what: 'enum', [key]: me.enum, [other]: 'any value' });
		}
	}
}
// operations both clients describe: query parameters, body and documented statuses compared
for (const api of Object.keys(out.interfaces)) {
	const k = out.operations.kassaline[api] || [];
	const c = out.operations.christian71[api] || [];
	for (const op of k) {
		const other = c.find((o) => o.method === op.method && o.path === op.path && o.operationId.toLowerCase() === op.operationId.toLowerCase()) || c.find((o) => o.method === op.method && o.path === op.path);
		if (!other) {
			if (c.length) out.disagreements.push({ operation: `${op.method} ${op.path}`, what: 'operation', kassaline: op.operationId, christian71: 'absent' });
			continue;
		}
		const names = (o) => o.query.map((q) => q.name).sort().join(',');
		if (names(op) !== names(other)) out.disagreements.push({ operation: `${op.method} ${op.path}`, what: 'query parameters', kassaline: names(op), christian71: names(other) });
		for (const q of op.query) {
			const t = other.query.find((x) => x.name === q.name);
			if (!t) continue;
			if (q.required !== t.required) out.disagreements.push({ operation: `${op.method} ${op.path}`, field: q.name, what: 'query required', kassaline: q.required, christian71: t.required });
			if (String(q.schema.default ?? '') !== String(t.schema.default ?? '')) out.disagreements.push({ operation: `${op.method} ${op.path}`, field: q.name, what: 'query default', kassaline: q.schema.default ?? null, christian71: t.schema.default ?? null });
		}
		const statuses = (o) => Object.keys(o.responses).sort().join(',');
		if (statuses(op) !== statuses(other)) out.disagreements.push({ operation: `${op.method} ${op.path}`, what: 'documented statuses', kassaline: statuses(op), christian71: statuses(other) });
	}
}

// Products V5: kassaline's models carry the suffix SandboxOnly; compared (recorded only, not merged)
for (const [name, mine] of Object.entries(out.models.christian71)) {
	if (!/ProductsV5$/.test(name) || mine.missing || mine.type !== 'object') continue;
	const theirs = out.models.kassaline[`${name}SandboxOnly`];
	if (!theirs || theirs.missing || theirs.type !== 'object') continue;
	const a = Object.keys(mine.properties || {}).sort().join(',');
	const b = Object.keys(theirs.properties || {}).sort().join(',');
	if (a !== b) out.disagreements.push({ model: name, what: 'fields (kassaline: SandboxOnly model)', christian71: a, kassaline: b });
	const ra = (mine.required || []).slice().sort().join(',');
	const rb = (theirs.required || []).slice().sort().join(',');
	if (ra !== rb) out.disagreements.push({ model: name, what: 'required (kassaline: SandboxOnly model)', christian71: ra, kassaline: rb });
	for (const [p, ms] of Object.entries(mine.properties || {})) {
		const ts = (theirs.properties || {})[p];
		const me = ms.type === 'array' ? ms.items : ms;
		const te = ts && (ts.type === 'array' ? ts.items : ts);
		if (te && (me.enum || te.enum) && JSON.stringify(me.enum) !== JSON.stringify(te.enum)) out.disagreements.push({ model: name, field: p, what: 'enum (kassaline: SandboxOnly model)', christian71: me.enum ?? 'any value', kassaline: te.enum ?? 'any value' });
	}
}

// models reachable from merged ones but only in the reading's own set
for (const key of ['kassaline', 'christian71']) for (const [n, m] of Object.entries(out.models[key])) if (!out.merged[n] && primaryModels.has(`${key}:${n}`)) out.merged[n] = m;

const target = join(here, '..', '..', 'simulator', 'contract', 'spec.json');
writeFileSync(target, `${JSON.stringify(out, null, '\t')}\n`);
const count = (k) => Object.values(out.operations[k]).reduce((n, l) => n + l.length, 0);
console.log(`${out.disagreements.length} disagreements`);
console.log(`wrote ${target}: ${count('kassaline')} + ${count('christian71')} operations, ${Object.keys(out.models.kassaline).length} + ${Object.keys(out.models.christian71).length} models`);
