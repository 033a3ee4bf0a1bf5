/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tests, never shipped */
/**
 * The scope table (nodes/shared/scopes.ts) is the one list of OTTO scopes. This file enforces
 * CONTRIBUTING.md "Adding a scope": a scope is its node folder, one row and one package.json line,
 * and everything else that lists scopes or nodes follows from them or fails here.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';

import { OttoMarketApi } from '../../../credentials/OttoMarketApi.credentials';
import { DEFAULT_DATA_SCOPES, OTTO_SCOPES, requestedScopes } from '../../../nodes/shared/environment';
import {
	DEFAULT_DATA_SCOPE_NAMES,
	OTTO_SCOPE_NAMES,
	OTTO_SCOPE_TABLE,
	SCOPE_OPTIONS,
	credentialTestPathExpression,
} from '../../../nodes/shared/scopes';
import { DATA_SCOPES, SERVICE_PARTNER_SCOPES } from '../../../simulator';
import { testCredential } from '../../helpers/n8n';
import { useSimulator } from '../../helpers/simulator';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { n8n: { nodes: string[] } };
/** `dist/nodes/<Folder>/<Folder>.node.js` -> `<Folder>` */
const declaredNodes = pkg.n8n.nodes.map((file) => file.split('/')[2]).sort();
const tableNodes = [...new Set(OTTO_SCOPE_TABLE.flatMap((scope) => scope.nodes))].sort();

describe('scope table', () => {
	it('has one row per scope name', () => {
		const names = OTTO_SCOPE_TABLE.map((scope) => scope.name);
		expect(new Set(names).size).toBe(names.length);
		expect(OTTO_SCOPE_TABLE.length).toBeGreaterThanOrEqual(12);
	});

	it('every node folder is in package.json, every package.json node belongs to a scope, and the reverse', () => {
		const folders = readdirSync(join(ROOT, 'nodes'), { withFileTypes: true })
			.filter((entry) => entry.isDirectory() && entry.name !== 'shared')
			.map((entry) => entry.name)
			.sort();
		expect(declaredNodes).toEqual(folders);
		expect(tableNodes).toEqual(declaredNodes);
		for (const node of declaredNodes) {
			expect(pkg.n8n.nodes).toContain(`dist/nodes/${node}/${node}.node.js`);
			expect([node, existsSync(join(ROOT, 'nodes', node, `${node}.node.ts`))]).toEqual([node, true]);
		}
	});

	it('every data scope OTTO serves has a node and a test read; a deprecated one names its successor', () => {
		for (const scope of OTTO_SCOPE_TABLE.filter((row) => row.kind === 'data')) {
			expect([scope.name, typeof scope.testRead]).toEqual([scope.name, 'string']);
			if (scope.deprecated) {
				expect(OTTO_SCOPE_NAMES).toContain(scope.deprecated);
				expect(scope.nodes).toEqual([]);
			} else {
				expect([scope.name, scope.nodes.length > 0]).toEqual([scope.name, true]);
			}
		}
	});

	it('the simulator knows every scope of the table, as data or as service-partner scope', () => {
		for (const scope of OTTO_SCOPE_TABLE) {
			const list = scope.kind === 'data' ? DATA_SCOPES : SERVICE_PARTNER_SCOPES;
			expect([scope.name, list.includes(scope.name)]).toEqual([scope.name, true]);
		}
	});

	it('environment.ts and the credential form are derived from it', () => {
		expect([...OTTO_SCOPES]).toEqual(OTTO_SCOPE_NAMES);
		expect(DEFAULT_DATA_SCOPES).toEqual(DEFAULT_DATA_SCOPE_NAMES);
		expect(DEFAULT_DATA_SCOPE_NAMES).not.toContain('quantities');
		const field = new OttoMarketApi().properties.find((property) => property.name === 'scopes');
		expect(field?.options).toEqual(SCOPE_OPTIONS);
		// an empty selection means the default data scopes (environment.ts requestedScopes), and the field says which
		expect(field?.default).toEqual([]);
		for (const name of DEFAULT_DATA_SCOPE_NAMES) expect(field?.description).toContain(name);
		expect(requestedScopes([])).toEqual(DEFAULT_DATA_SCOPE_NAMES);
		expect(SCOPE_OPTIONS.map((option) => (option as { value: string }).value)).toEqual(OTTO_SCOPE_NAMES);
	});

	it('the README names every node and the scope it needs', () => {
		const readme = read('README.md');
		for (const scope of OTTO_SCOPE_TABLE.filter((row) => row.nodes.length)) {
			expect([scope.name, readme.includes(`\`${scope.name}\``)]).toEqual([scope.name, true]);
		}
		const section = readme.slice(readme.indexOf('## Nodes and operations'));
		expect(section.length).toBeLessThan(readme.length);
		const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| Node |')));
		expect(table.split('\n').filter((line) => line.startsWith('| [')).length).toBe(declaredNodes.length);
	});

	it('CONTRIBUTING explains adding a scope with the steps this file checks', () => {
		const contributing = read('CONTRIBUTING.md');
		const section = contributing.slice(contributing.indexOf('## Adding a scope'));
		expect(section.length).toBeLessThan(contributing.length);
		for (const step of ['nodes/shared/scopes.ts', 'package.json', 'README.md', 'test/secrets/secrets.test.ts', 'simulator/']) {
			expect([step, section.includes(step)]).toEqual([step, true]);
		}
	});

	it('the credential test expression is one n8n expression (no "}}" before its end)', () => {
		const expression = credentialTestPathExpression();
		expect(expression.startsWith('={{ ')).toBe(true);
		expect(expression.indexOf('}}')).toBe(expression.length - 2);
		// The credential puts its app-mode branch (token endpoint) in front of the table's read.
		const url = String(new OttoMarketApi().test.request.url);
		expect(url.endsWith(expression.slice('={{ '.length))).toBe(true);
		expect(url.indexOf('}}')).toBe(url.length - 2);
		expect(expression).not.toContain('/v2/quantities');
	});
});

describe('credential test: a credential holding one scope reads that scope (through n8n)', () => {
	const world = useSimulator({ rateLimitsEnabled: false });
	const served = OTTO_SCOPE_TABLE.filter((scope) => scope.testRead && !scope.deprecated);

	it.each(served.map((scope) => [scope.name, scope.testRead!]))('%s only: GET %s', async (name, testRead) => {
		const details = world.sellerCredential({ scopes: [name] }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		const [path, query = ''] = testRead.split('?');
		const reads = world.sim.requests.filter((request) => request.method === 'GET');
		expect(reads.map((request) => `${request.path} ${request.status}`)).toEqual([`${path} 200`]);
		const expected = new URLSearchParams(query);
		for (const [key, value] of expected) {
			const sent = String(reads[0].query[key]);
			if (value === '@yesterday') expect(sent).toBe(new Date(Date.now() - 864e5).toISOString().slice(0, 10));
			else expect([key, sent]).toEqual([key, value]);
		}
	});

	it('the first selected scope in table order decides; a later one is not read', async () => {
		const [first, second] = served;
		const details = world.sellerCredential({ scopes: [second.name, first.name] }).ottoMarketApi;
		expect((await testCredential(world.helper, details)).status).toBe('OK');
		const reads = world.sim.requests.filter((request) => request.method === 'GET');
		expect(reads.map((request) => request.path)).toEqual([first.testRead!.split('?')[0]]);
	});

	it('deprecated quantities only: never calls the shut-down Quantities V2, reads Availability and says the scope is missing', async () => {
		const details = world.sellerCredential({ scopes: ['quantities'] }).ottoMarketApi;
		const result = await testCredential(world.helper, details);
		expect(world.sim.requests.some((request) => request.path.startsWith('/v2/'))).toBe(false);
		expect(world.sim.requests.filter((request) => request.method === 'GET').map((request) => `${request.path} ${request.status}`)).toEqual([
			'/v1/availability/quantities 403',
		]);
		expect(result.status).toBe('Error');
	});
});
