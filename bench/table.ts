/**
 * Builds the one benchmark table and its JSON record from the figures the benches printed
 * (bench/result.ts). Pure: the dispatcher gathers the machine facts and does the file writing.
 */
import { ratioOf, targetMet, type BenchResult } from './result.js';

/** Where and on what the run happened, so a later run knows what it compares with. */
export interface RunMachine {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  /** 1-minute load average at the start and at the end of the run. */
  load: { start: number; end: number };
  node: string;
}

export interface RunReport {
  machine: RunMachine;
  /** Benches that ran, with their exit status (a failed bench has no figures). */
  benches: { name: string; ok: boolean; seconds: number }[];
  results: BenchResult[];
}

const key = (r: Pick<BenchResult, 'bench' | 'figure'>) => `${r.bench}\u0000${r.figure}`;

/** A figure at a readable precision: 3 significant digits, thousands grouped. */
export function formatValue(value: number, unit: string): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

function referenceCell(r: BenchResult): string {
  if (r.reference) return `${r.reference.name}${r.reference.quoted ? ' (quoted)' : ''}: ${formatValue(r.reference.value, r.unit)}`;
  return `none: ${r.referenceMissing ?? 'the bench gave no reference'}`;
}

function targetCell(r: BenchResult): string {
  if (!r.target) return '(none set)';
  const met = targetMet(r);
  return met === undefined ? r.target.text : `${r.target.text}: ${met ? 'met' : 'NOT met'}`;
}

/** Change against the previous run's same figure, signed so that + is better. */
function changeCell(r: BenchResult, previous: Map<string, BenchResult>): string {
  const before = previous.get(key(r));
  if (!before) return 'new';
  if (!(before.value > 0)) return 'n/a';
  const better = r.better === 'lower' ? before.value / r.value : r.value / before.value;
  const pct = (better - 1) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}% (was ${formatValue(before.value, before.unit)})`;
}

const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

/**
 * The Markdown table of every figure: its value, reference, ratio (above x1: ahead of the
 * reference), target, and the change since `previous` (the last run's report) when given. A bench
 * that failed or printed no figure gets a row saying so.
 *
 * @example
 * console.log(buildTable(report, JSON.parse(readFileSync('bench/results/latest.json', 'utf8'))));
 */
export function buildTable(report: RunReport, previous?: RunReport): string {
  const prev = new Map((previous?.results ?? []).map((r) => [key(r), r]));
  const m = report.machine;
  const lines = [
    `Benchmarks ${m.date}: ${m.cpus} x ${m.cpuModel}, ${m.memoryGB.toFixed(0)} GB, load ${m.load.start.toFixed(1)} -> ${m.load.end.toFixed(1)}, Node ${m.node}` +
      (previous ? `; change vs ${previous.machine.date} (load ${previous.machine.load.start.toFixed(1)}), + is better` : '; no previous run to compare with'),
    '',
    row(['bench', 'figure', 'this app', 'reference', 'ratio', 'target', 'change']),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  for (const b of report.benches) {
    const results = report.results.filter((r) => r.bench === b.name);
    if (!b.ok) lines.push(row([b.name, '(bench failed, no figures)', '', '', '', '', '']));
    else if (!results.length) lines.push(row([b.name, '(printed no BENCH_RESULT line)', '', '', '', '', '']));
    for (const r of results) {
      const ratio = ratioOf(r);
      lines.push(
        row([
          r.bench,
          r.figure,
          formatValue(r.value, r.unit),
          referenceCell(r),
          ratio === undefined ? '-' : `x${ratio.toFixed(2)}`,
          targetCell(r),
          changeCell(r, prev),
        ]),
      );
    }
  }
  return lines.join('\n');
}
