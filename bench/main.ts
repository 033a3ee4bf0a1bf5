/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark output, never shipped */
/**
 * `npm run bench` (tools/bench.mjs transpiles it and runs this file with --expose-gc).
 * Prints one table of our figure beside its limit per scenario, writes .bench/results.json,
 * and exits non-zero when a target fails.
 *
 * Options: --only=stock,backfill,burst,token,idle,installations,latency (or one latency scenario: latency:reads,
 *          latency:shipments, latency:backfill, latency:pages, latency:parallel)
 *           --burst=pacing|retry-after|both (default both)
 *          --quick (smaller sizes, for trying the harness; not a benchmark result)
 */
import { mkdirSync, writeFileSync } from 'fs';
import { cpus, totalmem, loadavg } from 'os';
import { join } from 'path';

import type { Row, ScenarioResult } from './harness';
import { installations } from './installations';
import { latencyBackfill, latencyPages, latencyParallelExecutions, latencyReads, latencyShipments } from './latency';
import { backfill, burst, idlePoll, stockSync, tokenReuse } from './scenarios';

function option(name: string): string | undefined {
	const prefix = `--${name}=`;
	const hit = process.argv.find((arg) => arg === `--${name}` || arg.startsWith(prefix));
	if (!hit) return undefined;
	return hit === `--${name}` ? 'true' : hit.slice(prefix.length);
}

function machine() {
	const cpu = cpus();
	return {
		cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
		memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		loadAverage: loadavg().map((n) => n.toFixed(2)).join(' '),
	};
}

function table(rows: Row[]): string {
	const header = ['Scenario', 'Metric', 'Ours', 'Limit', 'Result'];
	const body = rows.map((row) => [row.scenario, row.metric, row.ours, row.limit, row.pass === undefined ? 'info' : row.pass ? 'PASS' : 'FAIL']);
	const widths = header.map((_, i) => Math.max(header[i].length, ...body.map((cells) => cells[i].length)));
	const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
	const notes = rows.filter((row) => row.note).map((row) => `  - ${row.scenario} / ${row.metric}: ${row.note}`);
	return [...out, '', 'Notes:', ...notes].join('\n');
}

async function main() {
	const quick = option('quick') === 'true';
	const only = option('only')?.split(',');
	const burstMode = option('burst') ?? 'both';
	// `latency` runs the four latency scenarios; `latency:reads`, `latency:shipments`, `latency:backfill`,
	// `latency:pages`, `latency:parallel` one of them.
	const wanted = (key: string) => !only || only.includes(key) || (key.includes(':') && only.includes(key.split(':')[0]));
	const started = Date.now();
	const results: ScenarioResult[] = [];
	const step = async (key: string, run: () => Promise<ScenarioResult>) => {
		if (!wanted(key)) return;
		process.stdout.write(`bench: ${key} ... `);
		const result = await run();
		results.push(result);
		process.stdout.write(`${result.seconds.toFixed(1)} s\n`);
	};

	await step('token', async () => await tokenReuse(100));
	await step('idle', async () => await idlePoll(10));
	await step('stock', async () => await stockSync(quick ? 1000 : 10_000));
	await step('backfill', async () => await backfill(quick ? 2000 : 20_000, quick ? 1 : 5));
	if (burstMode === 'pacing' || burstMode === 'both') await step('burst', async () => await burst('pacing', quick ? 100 : 1000));
	if (burstMode === 'retry-after' || burstMode === 'both') await step('burst', async () => await burst('retry-after', quick ? 100 : 1000));
	await step('installations', async () => await installations(quick ? 20 : 200));
	// At OTTO's latency (150 ± 50 ms), default node settings.
	await step('latency:reads', async () => await latencyReads(quick ? 100 : 1000));
	await step('latency:shipments', async () => await latencyShipments(quick ? 100 : 1000));
	await step('latency:backfill', async () => await latencyBackfill(quick ? 2000 : 20_000));
	await step('latency:pages', async () => await latencyPages(quick ? 500 : 5000));
	await step('latency:parallel', async () => await latencyParallelExecutions(10, quick ? 10 : 100));

	const rows = results.flatMap((result) => result.rows);
	const failed = rows.filter((row) => row.pass === false);
	const info = machine();
	const totalSeconds = (Date.now() - started) / 1000;
	console.log('');
	console.log(`OTTO Market nodes benchmark (${new Date().toISOString()}, ${quick ? 'QUICK, not a result' : 'full'})`);
	console.log(`Machine: ${info.cpu}, ${info.memory}, Node.js ${info.node}, ${info.platform}, load ${info.loadAverage}`);
	console.log('');
	console.log(table(rows));
	console.log('');
	console.log(`Total ${totalSeconds.toFixed(1)} s; ${rows.filter((r) => r.pass === true).length} PASS, ${failed.length} FAIL.`);

	const dir = join(process.env.OTTO_BENCH_ROOT ?? join(__dirname, '..', '..', '..'), '.bench');
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'results.json'),
		`${JSON.stringify({ date: new Date().toISOString(), quick, machine: info, totalSeconds, rows, scenarios: results }, null, 2)}\n`,
	);
	console.log(`Written ${join(dir, 'results.json')}`);
	process.exitCode = failed.length ? 1 : 0;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 2;
});
