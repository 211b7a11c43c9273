/**
 * Benchmark dispatcher: `npm run bench [-- <name>...]` runs bench/<name>.bench.ts, or every
 * bench file when no name is given. Each runs in its own Node process so one benchmark's memory
 * never inflates another's peak figure. Their `BENCH_RESULT` lines (bench/result.ts) are gathered
 * into one table, printed at the end and written with the machine facts to
 * bench/results/latest.json (+ .md) and a dated copy; the previous latest.json is what the
 * "change" column compares with.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResults, type BenchResult } from './result.js';
import { buildTable, type RunReport } from './table.js';

const here = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(here, 'results');
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((n) => !existsSync(join(here, `${n}.bench.ts`)));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}. Available: ${available.join(', ') || '(none)'}.`);
  process.exit(2);
}

/** Runs one bench, its output shown as it comes, and returns its exit status and what it printed. */
function runBench(name: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, `${name}.bench.ts`)], { stdio: ['inherit', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => {
      process.stdout.write(b);
      output += b.toString('utf8');
    });
    child.on('close', (code, signal) => {
      if (code !== 0) console.error(`bench ${name} failed (exit ${code ?? signal})`);
      resolve({ ok: code === 0, output });
    });
  });
}

const loadStart = loadavg()[0];
const benches: RunReport['benches'] = [];
const results: BenchResult[] = [];
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n=== bench ${name} ===`);
  const t0 = performance.now();
  const { ok, output } = await runBench(name);
  benches.push({ name, ok, seconds: (performance.now() - t0) / 1000 });
  try {
    results.push(...parseResults(output));
  } catch (err) {
    console.error(`bench ${name}: ${(err as Error).message}`);
  }
}

const report: RunReport = {
  machine: {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: totalmem() / 2 ** 30,
    load: { start: loadStart, end: loadavg()[0] },
    node: process.version,
  },
  benches,
  results,
};
const latest = join(resultsDir, 'latest.json');
const previous = existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as RunReport) : undefined;
const table = buildTable(report, previous);
console.log(`\n=== all benchmarks ===\n${table}`);
mkdirSync(resultsDir, { recursive: true });
const json = `${JSON.stringify(report, null, 2)}\n`;
writeFileSync(join(resultsDir, `${report.machine.date.replace(/[:.]/g, '-')}.json`), json);
writeFileSync(latest, json);
writeFileSync(join(resultsDir, 'latest.md'), `${table}\n`);
console.log(`\nwritten: ${latest} (+ latest.md and a dated copy)`);
process.exit(benches.some((b) => !b.ok) ? 1 : 0);
