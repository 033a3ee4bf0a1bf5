#!/usr/bin/env node
// `npm run bench`: transpiles the benchmark (bench/), the test harness (test/helpers/n8n.ts,
// test/fixtures), the nodes and the credentials into node_modules/.cache/otto-bench with TypeScript's transpiler
// (no type check: `npx tsc -p tsconfig.bench.json` does that), copies the simulator next to them,
// and runs bench/main.js from there with --expose-gc in one process against the in-process simulator.
// Options are passed on: `npm run bench -- --burst=pacing` (see bench/main.ts).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');

// Inside node_modules, so that ESLint (which lints every folder but node_modules) never sees the output.
const out = join(root, 'node_modules', '.cache', 'otto-bench');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2019,
	esModuleInterop: true,
	resolveJsonModule: true,
	useUnknownInCatchVariables: false,
};

function walk(dir, visit) {
	if (!existsSync(dir)) return;
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) walk(path, visit);
		else visit(path);
	}
}

let files = 0;
const started = Date.now();
for (const dir of ['bench', 'nodes', 'credentials', 'test/helpers', 'test/fixtures']) {
	walk(join(root, dir), (path) => {
		const target = join(out, relative(root, path));
		if (path.endsWith('.ts') && !path.endsWith('.d.ts')) {
			if (dir === 'test/helpers' && !path.endsWith('n8n.ts')) return; // the others need jest
			const source = readFileSync(path, 'utf8');
			const result = ts.transpileModule(source, { compilerOptions, fileName: path });
			mkdirSync(dirname(target), { recursive: true });
			writeFileSync(target.replace(/\.ts$/, '.js'), result.outputText);
			files += 1;
		} else if (path.endsWith('.json') || path.endsWith('.svg')) {
			mkdirSync(dirname(target), { recursive: true });
			cpSync(path, target);
		}
	});
}
cpSync(join(root, 'simulator'), join(out, 'simulator'), { recursive: true });
console.log(`bench: transpiled ${files} files in ${Date.now() - started} ms`);

const env = {
	...process.env,
	N8N_USER_FOLDER: process.env.N8N_USER_FOLDER ?? mkdtempSync(join(tmpdir(), 'otto-n8n-bench-')),
	N8N_ENCRYPTION_KEY: process.env.N8N_ENCRYPTION_KEY ?? 'otto-market-bench-encryption-key',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	OTTO_BENCH_ROOT: root,
};
const child = spawn(process.execPath, ['--expose-gc', join(out, 'bench', 'main.js'), ...process.argv.slice(2)], {
	cwd: root,
	env,
	stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
