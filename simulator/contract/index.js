'use strict';
// The contract layer: every request the simulator routes is checked against OTTO's contract
// (spec.json + readings.js) and every answer a handler gives against the response schema of its
// status. Violations are recorded (sim.contract.violations, GET /__control/contract). Modes:
//   'record'  (default) record only;
//   'enforce' also refuse a request OTTO would refuse, with the interface's 400 error shape;
//   'off'     no checks.
// Set with the simulator option `contract`, env OTTO_SIM_CONTRACT, or POST /__control/contract {mode}.
// OTTO_SIM_CONTRACT_LOG=<file> appends every violation as a JSON line (a survey of a whole test run).
// Answers with a status the operation does not document are listed in `undocumented`, not checked.

const spec = require('./spec.json');
const readings = require('./readings');

const MAX_VIOLATIONS = 1000;

// the merged models with the hand-written readings applied, and the models of the token and
// installation endpoints (readings.authModels: not in the combined spec)
const MODELS = JSON.parse(JSON.stringify(spec.merged));
for (const [name, model] of Object.entries(readings.authModels)) MODELS[name] = model;
for (const [name, fields] of Object.entries(readings.models)) {
	for (const [field, schema] of Object.entries(fields)) if (MODELS[name] && MODELS[name].properties) MODELS[name].properties[field] = schema;
}
for (const [name, fields] of Object.entries(readings.notRequired)) {
	if (MODELS[name] && MODELS[name].required) MODELS[name].required = MODELS[name].required.filter((f) => !fields.includes(f));
}

function compileTemplate(template) {
	const names = [];
	let statics = 0;
	const source = template
		.split('/')
		.map((segment) => {
			if (segment === '**') return '.*';
			statics += segment.replace(/\{\w+\}/g, '').length;
			return segment
				.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
				.replace(/\{(\w+)\}/g, (_m, name) => {
					names.push(name);
					return '([^/]+?)';
				});
		})
		.join('/');
	return { regex: new RegExp(`^${source}$`), names, statics };
}

function resolveSchema(schema, models) {
	for (let hops = 0; schema && schema.$ref && hops < 50; hops++) {
		const nullable = schema.nullable;
		schema = models[schema.$ref];
		if (nullable && schema && !schema.nullable) schema = { ...schema, nullable: true };
	}
	return schema;
}

function typeName(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function hasFields(props) {
	for (const _ in props) return true;
	return false;
}

/** Validates value against schema; pushes { at, problem } into out. */
function validate(value, schema, models, at, out, opts) {
	schema = resolveSchema(schema, models);
	if (!schema || schema.missing) return;
	if (schema.anyOf) {
		const results = schema.anyOf.map((s) => {
			const o = [];
			validate(value, s, models, at, o, opts);
			return o;
		});
		// none fits: report the reading that fits best (fewest problems)
		if (!results.some((r) => r.length === 0)) out.push(...results.reduce((best, r) => (r.length < best.length ? r : best)));
		return;
	}
	if (value === null || value === undefined) {
		if (value === null && !schema.nullable && opts.strictNull) out.push({ at, problem: 'is null' });
		return;
	}
	const type = schema.type;
	const actual = typeName(value);
	switch (type) {
		case 'object': {
			if (actual !== 'object') return void out.push({ at, problem: `must be an object, got ${actual}` });
			const props = schema.properties || {};
			for (const name of schema.required || []) {
				if (value[name] === undefined || (value[name] === null && !(props[name] && props[name].nullable))) out.push({ at: `${at}.${name}`, problem: 'is required' });
			}
			for (const [name, v] of Object.entries(value)) {
				if (props[name]) validate(v, props[name], models, `${at}.${name}`, out, opts);
				else if (schema.additionalProperties) validate(v, schema.additionalProperties, models, `${at}.${name}`, out, opts);
				else if (!opts.allowUnknown && hasFields(props)) out.push({ at: `${at}.${name}`, problem: 'is not a field of OTTO\'s model' });
			}
			return;
		}
		case 'array': {
			if (actual !== 'array') return void out.push({ at, problem: `must be an array, got ${actual}` });
			if (schema.minItems !== undefined && value.length < schema.minItems) out.push({ at, problem: `needs at least ${schema.minItems} items, has ${value.length}` });
			if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push({ at, problem: `allows at most ${schema.maxItems} items, has ${value.length}` });
			value.forEach((v, i) => validate(v, schema.items, models, `${at}[${i}]`, out, opts));
			return;
		}
		case 'string': {
			if (actual !== 'string') return void out.push({ at, problem: `must be a string, got ${actual}` });
			checkString(value, schema, at, out);
			return;
		}
		case 'integer':
		case 'number': {
			if (actual !== 'number' || (type === 'integer' && !Number.isInteger(value))) return void out.push({ at, problem: `must be ${type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}` });
			checkNumber(value, schema, at, out);
			return;
		}
		case 'boolean':
			if (actual !== 'boolean') out.push({ at, problem: `must be a boolean, got ${actual}` });
			return;
		default:
			return;
	}
}

function checkString(value, schema, at, out) {
	if (schema.enum && !schema.enum.includes(value)) out.push({ at, problem: `must be one of ${schema.enum.join(', ')}, got ${JSON.stringify(value)}` });
	if (schema.maxLength !== undefined && value.length > schema.maxLength) out.push({ at, problem: `allows at most ${schema.maxLength} characters, has ${value.length}` });
	if (schema.minLength !== undefined && value.length < schema.minLength) out.push({ at, problem: `needs at least ${schema.minLength} characters` });
	if (schema.pattern && /^\^/.test(schema.pattern)) {
		let re = null;
		try {
			re = new RegExp(schema.pattern);
		} catch {
			re = null;
		}
		if (re && !re.test(value)) out.push({ at, problem: `must match ${schema.pattern}, got ${JSON.stringify(value)}` });
	}
	if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) out.push({ at, problem: `must be an ISO 8601 date-time, got ${JSON.stringify(value)}` });
}

function checkNumber(value, schema, at, out) {
	if (schema.maximum !== undefined && value > schema.maximum) out.push({ at, problem: `must be <= ${schema.maximum}, got ${value}` });
	if (schema.minimum !== undefined && value < schema.minimum) out.push({ at, problem: `must be >= ${schema.minimum}, got ${value}` });
	if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) out.push({ at, problem: `must be < ${schema.exclusiveMaximum}, got ${value}` });
	if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) out.push({ at, problem: `must be > ${schema.exclusiveMinimum}, got ${value}` });
}

function checkQueryValue(raw, schema, at, out) {
	const values = schema.type === 'array' ? raw.flatMap((v) => v.split(',')) : raw;
	const item = schema.type === 'array' ? schema.items || {} : schema;
	if (schema.type !== 'array' && !schema.multi && raw.length > 1) out.push({ at, problem: `given ${raw.length} times, OTTO reads one value` });
	for (const text of values) {
		if (item.type === 'integer' || item.type === 'number') {
			if (!/^-?\d+(\.\d+)?$/.test(text) || (item.type === 'integer' && !/^-?\d+$/.test(text))) {
				out.push({ at, problem: `must be ${item.type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(text)}` });
				continue;
			}
			checkNumber(Number(text), item, at, out);
		} else if (item.type === 'boolean') {
			if (text !== 'true' && text !== 'false') out.push({ at, problem: `must be true or false, got ${JSON.stringify(text)}` });
		} else checkString(text, item, at, out);
	}
}

/** Builds the operation table: one reading per interface (see spec.json `interfaces`). */
function buildOperations() {
	const ops = [];
	for (const [api, info] of Object.entries(spec.interfaces)) {
		for (const op of spec.operations[info.reading][api]) {
			const compiled = compileTemplate(op.path);
			const query = op.query.map((q) => {
				const extra = (readings.query[op.operationId] || {})[q.name] || {};
				const limit = readings.limits.find(([m, p, n]) => m === op.method && p === op.path && n === q.name);
				const schema = { ...q.schema, ...(limit ? limit[3] : {}) };
				if (extra.multi) schema.multi = true;
				if (extra.enum) {
					if (schema.type === 'array') schema.items = { ...schema.items, enum: extra.enum };
					else schema.enum = extra.enum;
				}
				return { ...q, schema };
			});
			ops.push({ api, ...op, query, ...compiled, source: { ...op.source, repo: spec.sources[info.reading].repo, commit: spec.sources[info.reading].commit } });
		}
	}
	for (const o of readings.authOperations) {
		const [repo, commit, path] = o.source;
		const api = o.path.startsWith('/v1/apps/') || o.path === '/v1/token' ? 'DeveloperV1' : 'OAuth2';
		ops.push({ api, ...o, pathParams: [], query: [], source: { repo, commit, path }, ...compileTemplate(o.path) });
	}
	for (const o of readings.outsideSpec) ops.push({ api: 'outsideSpec', operationId: `outside ${o.method} ${o.path}`, ...o, outside: true, ...compileTemplate(o.path) });
	// most literal characters first, so /v5/products/brands wins over /v5/products/{sku}
	ops.sort((a, b) => b.statics - a.statics);
	return ops;
}

const OPERATIONS = buildOperations();

function findOperation(method, path) {
	let pathOnly = null;
	for (const op of OPERATIONS) {
		const m = op.regex.exec(path);
		if (!m) continue;
		if (op.method === method || op.method === '*') {
			const params = {};
			op.names.forEach((n, i) => (params[n] = m[i + 1]));
			return { op, params };
		}
		pathOnly ??= op;
	}
	return { op: null, pathOnly };
}

// Interfaces whose errors are problems with `validationErrors` (when the status has no documented model).
const PROBLEM_APIS = new Set(['AvailabilityV1Api', 'ShippingProfilesV1Api']);

function createContract(sim, options = {}) {
	const contract = {
		mode: options.contract || process.env.OTTO_SIM_CONTRACT || 'record',
		violations: [],
		/** Requests whose operation documents no answer for the status given (not violations). */
		undocumented: [],
		operations: OPERATIONS,
		/**
		 * Request problems recorded but not refused in enforce mode (RegExps on "request METHOD
		 * operationId: where what"): deviations of the nodes still being fixed.
		 */
		tolerated: [],
		spec,
		readings,
		clear() {
			this.violations.length = 0;
			this.undocumented.length = 0;
		},
		/** Checks one request; returns { op, refusal? }. */
		request(ctx, entry) {
			if (this.mode === 'off') return { op: null };
			const found = findOperation(ctx.method, ctx.path);
			const problems = [];
			if (!found.op) {
				problems.push({ at: 'path', problem: found.pathOnly ? `OTTO has no ${ctx.method} on ${found.pathOnly.path}` : 'no OTTO operation has this path' });
				this._record('request', ctx, null, problems, entry);
				return { op: null };
			}
			const op = found.op;
			if (op.outside) return { op };
			const known = new Set(op.query.map((q) => q.name));
			const seen = new Map();
			for (const [k, v] of ctx.query) {
				if (!seen.has(k)) seen.set(k, []);
				seen.get(k).push(v);
			}
			for (const [name] of seen) if (!known.has(name)) problems.push({ at: `query.${name}`, problem: `is not a query parameter of ${op.operationId} (known: ${[...known].join(', ') || 'none'})` });
			for (const q of op.query) {
				const raw = seen.get(q.name);
				if (!raw) {
					if (q.required) problems.push({ at: `query.${q.name}`, problem: 'is required' });
					continue;
				}
				checkQueryValue(raw, q.schema, `query.${q.name}`, problems);
			}
			if (op.requestBody) {
				if (ctx.body === undefined || ctx.body === '') {
					if (op.requestBody.required) problems.push({ at: 'body', problem: 'is required' });
				} else validate(ctx.body, op.requestBody.schema, MODELS, 'body', problems, { strictNull: false });
			} else if (ctx.body !== undefined && ctx.body !== '' && ctx.method !== 'GET') {
				problems.push({ at: 'body', problem: `${op.operationId} takes no body` });
			}
			if (problems.length) {
				this._record('request', ctx, op, problems, entry);
				const refuse = problems.some((p) => !this.tolerated.some((re) => re.test(`request ${ctx.method} ${op.operationId}: ${p.at} ${p.problem}`)));
				if (this.mode === 'enforce' && refuse) {
					const refusal = this._refusal(op, problems, ctx.path);
					this.response(ctx, { op }, refusal, entry); // the refusal itself must have OTTO's error shape
					return { op, refusal };
				}
			}
			return { op };
		},
		/** Checks one answer of a handler against the schema of its status. */
		response(ctx, checked, response, entry) {
			if (this.mode === 'off' || !checked || !checked.op || checked.op.outside) return;
			const op = checked.op;
			const status = String(response.status || 200);
			const schema = op.responses[status];
			const problems = [];
			const isSuccess = status[0] === '2';
			if (!schema) {
				if (isSuccess && op.successWithoutBody) {
					if (!readings.voidSuccess.includes(Number(status))) problems.push({ at: 'status', problem: `${status} is no success status` });
				} else if (isSuccess) {
					problems.push({ at: 'status', problem: `${op.operationId} answers ${Object.keys(op.responses).join('/')}, not ${status}` });
				} else {
					if (this.undocumented.length < MAX_VIOLATIONS) this.undocumented.push({ operationId: op.operationId, method: ctx.method, path: ctx.path, status: Number(status) });
					return;
				}
			} else if (schema.type !== 'binary' && !(Object.keys(schema).length === 0)) {
				const body = response.body;
				if (Buffer.isBuffer(body) || typeof body === 'string') {
					if (schema.$ref || schema.type === 'array') problems.push({ at: 'response', problem: `must be JSON (${schema.$ref || 'array'}), got ${typeof body}` });
				} else validate(body, schema, MODELS, 'response', problems, { strictNull: false });
			}
			if (problems.length) this._record('response', ctx, op, problems, entry, Number(status));
		},
		_record(kind, ctx, op, problems, entry, status) {
			if (this.violations.length >= MAX_VIOLATIONS) return;
			const violation = {
				kind,
				method: ctx.method,
				path: ctx.path,
				query: ctx.query ? ctx.query.toString() : '',
				operationId: op ? op.operationId : null,
				status,
				problems: problems.map((p) => `${p.at} ${p.problem}`),
				source: op && op.source ? `${op.source.repo}@${String(op.source.commit).slice(0, 12)} ${op.source.path}` : undefined,
			};
			if (entry) violation.requestId = entry.id;
			this.violations.push(violation);
			// OTTO_SIM_CONTRACT_LOG=<file>: also append each violation as one JSON line (survey of a test run)
			if (process.env.OTTO_SIM_CONTRACT_LOG) require('node:fs').appendFileSync(process.env.OTTO_SIM_CONTRACT_LOG, `${JSON.stringify(violation)}\n`);
		},
		_refusal(op, problems, path) {
			const details = problems.map((p) => `${p.at} ${p.problem}`);
			// too many items in a batch: 413 where the operation documents it, 400 otherwise
			const tooMany = op.responses['413'] && problems.some((p) => p.at === 'body' && /allows at most \d+ items/.test(p.problem));
			const status = tooMany ? 413 : 400;
			const title = tooMany ? 'Payload Too Large' : 'Bad Request';
			// the shape of the error model the operation documents for that status, else the interface's usual one
			const model = resolveSchema(op.responses[String(status)], MODELS);
			// OAuth2 errors: { error, error_description } (readings.authModels OAuth2Error)
			if (model === MODELS.OAuth2Error) return sim.errors.oauth(status, 'invalid_request', details.join('; '));
			const props = (model && model.properties) || {};
			const errorsField = props.errors && resolveSchema(props.errors, MODELS);
			if (props.validationErrors || (!errorsField && PROBLEM_APIS.has(op.api))) return sim.errors.problem(status, title, details);
			const response = sim.errors.otto(status, tooMany ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', details.join('; '), path);
			let item = response.body.errors[0];
			// keep to the fields of the documented error model (e.g. Shipments' one object has no logref)
			const only = (model) => {
				if (model && model.properties && Object.keys(model.properties).length) item = Object.fromEntries(Object.entries(item).filter(([k]) => k in model.properties));
			};
			if (errorsField && errorsField.type === 'array') {
				const itemModel = resolveSchema(errorsField.items, MODELS);
				if (itemModel && itemModel.properties && itemModel.properties.code) item.code = status;
				only(itemModel);
				response.body.errors = [item];
			} else if (errorsField && errorsField.type === 'object') {
				only(errorsField);
				response.body.errors = item; // one error object (e.g. Shipments)
			}
			return response;
		},
		/** Human summary, one line per violation. */
		summary() {
			return this.violations.map((v) => `${v.kind} ${v.method} ${v.path}${v.status ? ` -> ${v.status}` : ''}: ${v.problems.join('; ')}`);
		},
	};

	sim.control('GET', '/contract', () => ({
		body: { mode: contract.mode, violations: contract.violations, undocumented: contract.undocumented, sources: spec.sources, disagreements: spec.disagreements },
	}));
	sim.control('DELETE', '/contract', () => {
		contract.clear();
		return { status: 204 };
	});
	sim.control('POST', '/contract', (ctx) => {
		const mode = ctx.body && ctx.body.mode;
		if (!['record', 'enforce', 'off'].includes(mode)) return sim.errors.otto(400, 'BAD_REQUEST', "mode must be 'record', 'enforce' or 'off'");
		contract.mode = mode;
		return { body: { mode } };
	});
	sim.onReset(() => contract.clear());
	return contract;
}

module.exports = { createContract, findOperation, validate, OPERATIONS, spec, readings };
