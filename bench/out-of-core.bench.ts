/**
 * Out of core on one machine: a generated table of ROWS rows x 20 columns (default 10,000,000;
 * a quick run: ROWS=1000000) goes through import, profile, a page read, a sorted page, split and
 * one epoch of training with DuckDB's memory limit (MEMORY_LIMIT, default 2GB) and a spill folder
 * set, training streamed from DuckDB. Each step's wall time and peak resident memory (VmHWM,
 * reset before each step) are printed beside pandas doing read_csv, describe, a page,
 * sort_values and train_test_split on the same file (no training on the pandas side).
 *
 * Ours runs in its own process (like the engine), the same for pandas, one after the other.
 * Run: `npm run bench -- out-of-core` (ROWS=1000000 for a quick run, PANDAS=0 to skip pandas).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportResult } from './result.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROWS = Number(process.env.ROWS ?? 10_000_000);
const MEMORY_LIMIT = process.env.MEMORY_LIMIT ?? '2GB';
const PYTHON = '/usr/bin/python3';

interface StepMeasure {
  step: string;
  seconds: number;
  peakMb: number;
}

interface SideResult {
  rows: number;
  steps: StepMeasure[];
  note?: string;
}

function runChild(command: string, args: string[], env: Record<string, string> = {}): SideResult | string {
  const r = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) return `exit ${r.status ?? r.signal} (its stderr is above)`;
  return JSON.parse(line) as SideResult;
}

const fmt = (s: StepMeasure | undefined) => (s ? `${s.seconds.toFixed(1)} s / ${Math.round(s.peakMb)} MB` : '-');

/** The steps both sides do, into the one table of `npm run bench` (no target: the bench is about staying within memory). */
function report(ours: SideResult, pandas: SideResult | string): void {
  const rows = `${(ROWS / 1e6).toLocaleString('en')}M rows x 20`;
  const theirs = typeof pandas === 'string' ? undefined : pandas.steps;
  const reference = (value: number | undefined) =>
    value !== undefined
      ? { reference: { name: 'pandas', value } }
      : { referenceMissing: typeof pandas === 'string' ? `pandas: ${pandas}` : 'pandas did not do this step' };
  const shared = ['import', 'profile', 'sort', 'split'];
  for (const name of shared) {
    const o = ours.steps.find((s) => s.step === name);
    if (!o) continue;
    const p = theirs?.find((s) => s.step === name)?.seconds;
    reportResult({
      bench: 'out-of-core',
      figure: `${rows}, ${name}, wall (DuckDB memory limit ${MEMORY_LIMIT})`,
      value: o.seconds,
      unit: 's',
      better: 'lower',
      ...reference(p),
    });
  }
  const peakOf = (steps: StepMeasure[]) => Math.max(...steps.filter((s) => shared.includes(s.step)).map((s) => s.peakMb));
  const pandasPeak = theirs && peakOf(theirs);
  reportResult({
    bench: 'out-of-core',
    figure: `${rows}, peak memory over ${shared.join(', ')}`,
    value: peakOf(ours.steps),
    unit: 'MB',
    better: 'lower',
    ...reference(pandasPeak),
  });
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ls-ooc-'));
  try {
    const csv = join(dir, 'wide.csv');
    const g0 = performance.now();
    // Generated in a process of its own, so the generator's memory stays out of both sides' figures.
    spawnSync(process.execPath, ['--import', 'tsx', join(here, 'generate-wide.ts'), csv, String(ROWS)], { stdio: 'inherit' });
    const csvMb = statSync(csv).size / 2 ** 20;
    console.log(`generated ${ROWS.toLocaleString('en')} rows x 20 (${csvMb.toFixed(0)} MB CSV) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
    const load = loadavg().map((l) => l.toFixed(1));
    const ours = runChild(process.execPath, ['--import', 'tsx', join(here, 'out-of-core-ours.ts'), csv, join(dir, 'workspace'), MEMORY_LIMIT]);
    const pandas = process.env.PANDAS === '0' ? 'skipped (PANDAS=0)' : runChild(PYTHON, [join(here, 'out_of_core_pandas.py'), csv]);
    console.log(`\nload average ${load.join(', ')} at start; DuckDB memory_limit ${MEMORY_LIMIT}, spill folder in the workspace\n`);
    console.log('| step | ours (DuckDB, limit) wall / peak RSS | pandas wall / peak RSS |');
    console.log('| --- | --- | --- |');
    for (const name of ['import', 'profile', 'page', 'sort', 'split', 'train 1 epoch']) {
      const o = typeof ours === 'string' ? undefined : ours.steps.find((s) => s.step === name);
      const p = typeof pandas === 'string' ? undefined : pandas.steps.find((s) => s.step === name);
      console.log(`| ${name} | ${fmt(o)} | ${fmt(p)} |`);
    }
    const peak = (r: SideResult | string) =>
      typeof r === 'string' ? r : `${Math.round(Math.max(...r.steps.map((s) => s.peakMb)))} MB${r.note ? ` (${r.note})` : ''}`;
    console.log(`\npeak RSS over all steps: ours ${peak(ours)}; pandas ${peak(pandas)}`);
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')} at end`,
    );
    if (typeof ours === 'string') throw new Error(`our side failed: ${ours}`);
    report(ours, pandas);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
