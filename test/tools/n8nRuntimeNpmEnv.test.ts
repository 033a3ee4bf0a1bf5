/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- a test, never shipped: it runs npm the way the provisioning does */
/**
 * tools/n8n-runtime.mjs under `npm run`: npm exports its configuration to child processes as npm_config_*,
 * including the repository's `.npmrc` `ignore-scripts=true`. The provisioning's `npm rebuild sqlite3` then
 * built nothing (issue 17). This runs the real thing on a tiny local package whose install script writes a
 * marker file: from a project whose .npmrc switches scripts off, through `npm run`, the rebuild as the
 * provisioning does it (childNpmEnv + npmRebuildArgs) runs the script; the plain inherited environment with a
 * plain `npm rebuild` does not (so the test can fail).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RUNTIME = path.resolve(__dirname, '../../tools/n8n-runtime.mjs');

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
	const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 540_000 }); // npm is slow on a busy machine
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stdout}\n${r.stderr}`);
	return r.stdout;
}

describe('tools/n8n-runtime.mjs: npm child processes under `npm run`', () => {
	let root: string;
	beforeAll(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'otto-npm-env-'));
		// the "runtime" folder: one dependency with an install script, installed without scripts
		const runtime = path.join(root, 'runtime');
		const native = path.join(root, 'fake-native');
		fs.mkdirSync(runtime);
		fs.mkdirSync(native);
		fs.writeFileSync(
			path.join(native, 'package.json'),
			JSON.stringify({ name: 'fake-native', version: '1.0.0', scripts: { install: 'node -e "require(\'fs\').writeFileSync(\'built.txt\', \'ok\')"' } }),
		);
		fs.writeFileSync(path.join(runtime, 'package.json'), JSON.stringify({ name: 'rt', private: true, dependencies: { 'fake-native': 'file:../fake-native' } }));
		sh('npm', ['install', '--ignore-scripts', '--install-links', '--no-audit', '--no-fund', '--offline'], runtime);
		// the "repository": .npmrc with ignore-scripts=true, and `npm run probe`
		const repo = path.join(root, 'repo');
		fs.mkdirSync(repo);
		fs.writeFileSync(path.join(repo, '.npmrc'), 'ignore-scripts=true\n');
		fs.writeFileSync(
			path.join(repo, 'probe.mjs'),
			`import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { childNpmEnv, npmRebuildArgs } from ${JSON.stringify(RUNTIME)};
const runtime = ${JSON.stringify(runtime)};
const marker = path.join(runtime, 'node_modules', 'fake-native', 'built.txt');
const out = { inherited: process.env.npm_config_ignore_scripts };
const attempt = (name, args, env) => {
	fs.rmSync(marker, { force: true });
	const r = spawnSync('npm', args, { cwd: runtime, env, encoding: 'utf8' });
	out[name] = { status: r.status, built: fs.existsSync(marker) };
};
attempt('plain', ['rebuild', 'fake-native'], process.env);
attempt('provisioning', npmRebuildArgs('fake-native'), childNpmEnv().env);
// each of the two layers on its own: the cleaned environment, the command-line flags
attempt('cleanEnvOnly', ['rebuild', 'fake-native'], childNpmEnv().env);
attempt('flagsOnly', npmRebuildArgs('fake-native'), process.env);
out.dropped = childNpmEnv().dropped;
console.log('RESULT ' + JSON.stringify(out));
`,
		);
		fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'repo', private: true, scripts: { probe: 'node probe.mjs' } }));
	}, 300_000);
	afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

	it('runs the install script that a plain rebuild with the inherited settings skips', () => {
		const stdout = sh('npm', ['run', 'probe', '--silent'], path.join(root, 'repo'));
		const result = JSON.parse(stdout.slice(stdout.indexOf('RESULT ') + 7).trim());
		expect(result.inherited).toBe('true'); // what `npm run` hands down from the repo's .npmrc
		expect(result.plain).toEqual({ status: 0, built: false }); // the defect: "built" in 1 s, nothing built
		expect(result.provisioning).toEqual({ status: 0, built: true });
		expect(result.cleanEnvOnly).toEqual({ status: 0, built: true });
		expect(result.flagsOnly).toEqual({ status: 0, built: true });
		expect(result.dropped).toContain('npm_config_ignore_scripts');
	}, 600_000); // seven npm processes: seconds each, minutes on a busy machine

	it('keeps registry, cache, proxy and auth settings and drops npm lifecycle variables', () => {
		const probe = `import(${JSON.stringify(RUNTIME)}).then((m) => console.log(JSON.stringify(m.childNpmEnv({
			PATH: '/bin', HOME: '/home/x',
			npm_config_registry: 'https://registry.example', 'npm_config_@acme:registry': 'https://acme.example',
			'npm_config_//registry.example/:_authToken': 't', npm_config_cache: '/c', npm_config_https_proxy: 'http://p',
			npm_config_ignore_scripts: 'true', npm_config_global: 'true', npm_config_dry_run: 'true', npm_config_nodedir: '/usr',
			npm_config_target: '18.0.0', npm_config_omit: 'optional', npm_lifecycle_event: 'demo', npm_package_name: 'x', INIT_CWD: '/r',
		}, { npm_config_nodedir: '/node24' }))))`;
		const { env, dropped } = JSON.parse(sh(process.execPath, ['-e', probe], root));
		expect(env).toEqual({
			PATH: '/bin',
			HOME: '/home/x',
			npm_config_registry: 'https://registry.example',
			'npm_config_@acme:registry': 'https://acme.example',
			'npm_config_//registry.example/:_authToken': 't',
			npm_config_cache: '/c',
			npm_config_https_proxy: 'http://p',
			npm_config_nodedir: '/node24',
		});
		expect(dropped.sort()).toEqual(
			[
				'npm_config_ignore_scripts', 'npm_config_global', 'npm_config_dry_run', 'npm_config_nodedir', 'npm_config_target',
				'npm_config_omit', 'npm_lifecycle_event', 'npm_package_name', 'INIT_CWD',
			].sort(),
		);
	});
});
