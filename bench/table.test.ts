import { describe, expect, it } from 'vitest';
import { parseResults, ratioOf, reportResult, type BenchResult } from './result.js';
import { buildTable, type RunReport } from './table.js';

const machine = (date: string, load: number): RunReport['machine'] => ({
  date,
  cpus: 2,
  cpuModel: 'Test CPU',
  memoryGB: 8,
  load: { start: load, end: load },
  node: 'v20.0.0',
});

const pipeline: BenchResult = {
  bench: 'adult-pipeline',
  figure: 'import to evaluation, wall',
  value: 2,
  unit: 's',
  better: 'lower',
  reference: { name: 'pandas + scikit-learn', value: 1 },
  target: { ratio: 1, text: 'faster than the script' },
};
const server: BenchResult = {
  bench: 'model-server',
  figure: '1,000-row bodies',
  value: 120000,
  unit: 'rows/s',
  better: 'higher',
  reference: { name: 'FastAPI + scikit-learn', value: 12000 },
  target: { ratio: 3, text: 'at least 3x FastAPI' },
};
const canvas: BenchResult = {
  bench: 'canvas-500',
  figure: 'open + render',
  value: 700,
  unit: 'ms',
  better: 'lower',
  referenceMissing: 'React Flow alone not measured yet',
  target: { at: 1000, text: 'under 1 s' },
};
const zoom: BenchResult = {
  bench: 'canvas-500',
  figure: 'zooming',
  value: 30,
  unit: 'fps',
  better: 'higher',
  referenceMissing: 'React Flow alone not measured yet',
  target: { at: 57, text: '60 fps' },
};

describe('ratioOf', () => {
  it('is reference/ours for times and ours/reference for rates, so above 1 is ahead either way', () => {
    expect(ratioOf(pipeline)).toBe(0.5); // 1 s / 2 s
    expect(ratioOf(server)).toBe(10); // 120,000 / 12,000
    expect(ratioOf(canvas)).toBeUndefined();
  });
});

describe('parseResults', () => {
  it('picks the result lines out of a bench output and reads back what reportResult printed', () => {
    const printed: string[] = [];
    const log = console.log;
    console.log = (line: string) => printed.push(line);
    try {
      reportResult(server);
    } finally {
      console.log = log;
    }
    expect(parseResults(['load average 1.0', printed[0], 'done'].join('\n'))).toEqual([server]);
  });

  it('names the line when a result line is not JSON', () => {
    expect(() => parseResults('BENCH_RESULT {oops')).toThrow(/BENCH_RESULT \{oops/);
  });
});

describe('buildTable', () => {
  const report: RunReport = {
    machine: machine('2026-12-02T06:00:00.000Z', 2.5),
    benches: [
      { name: 'adult-pipeline', ok: true, seconds: 30 },
      { name: 'canvas-500', ok: true, seconds: 30 },
      { name: 'model-server', ok: true, seconds: 60 },
      { name: 'table-1m', ok: false, seconds: 5 },
      { name: 'train-mlp', ok: true, seconds: 5 },
    ],
    results: [pipeline, canvas, zoom, server],
  };
  const lines = buildTable(report).split('\n');
  const rowOf = (bench: string) => lines.filter((l) => l.startsWith(`| ${bench} |`));

  it('heads the table with the date, machine and load, and says when there is nothing to compare with', () => {
    expect(lines[0]).toBe('Benchmarks 2026-12-02T06:00:00.000Z: 2 x Test CPU, 8 GB, load 2.5 -> 2.5, Node v20.0.0; no previous run to compare with');
    expect(lines[2]).toBe('| bench | figure | this app | reference | ratio | target | change |');
  });

  it('gives each figure its reference, ratio and whether the target is met', () => {
    expect(rowOf('adult-pipeline')).toEqual([
      '| adult-pipeline | import to evaluation, wall | 2.00 s | pandas + scikit-learn: 1.00 s | x0.50 | faster than the script: NOT met | new |',
    ]);
    expect(rowOf('model-server')).toEqual([
      '| model-server | 1,000-row bodies | 120,000 rows/s | FastAPI + scikit-learn: 12,000 rows/s | x10.00 | at least 3x FastAPI: met | new |',
    ]);
  });

  it('says a missing reference, a failed bench and a bench without figures instead of leaving them out', () => {
    expect(rowOf('canvas-500')).toEqual([
      '| canvas-500 | open + render | 700 ms | none: React Flow alone not measured yet | - | under 1 s: met | new |',
      '| canvas-500 | zooming | 30.0 fps | none: React Flow alone not measured yet | - | 60 fps: NOT met | new |',
    ]);
    expect(rowOf('table-1m')).toEqual(['| table-1m | (bench failed, no figures) |  |  |  |  |  |']);
    expect(rowOf('train-mlp')).toEqual(['| train-mlp | (printed no BENCH_RESULT line) |  |  |  |  |  |']);
  });

  it('compares with the previous run figure by figure, + meaning better', () => {
    const previous: RunReport = {
      machine: machine('2026-12-01T06:00:00.000Z', 7),
      benches: [],
      results: [
        { ...pipeline, value: 4 }, // was 4 s, now 2 s: twice as fast, +100%
        { ...server, value: 150000 }, // was 150,000 rows/s, now 120,000: 0.8, -20%
      ],
    };
    const table = buildTable(report, previous).split('\n');
    expect(table[0]).toContain('; change vs 2026-12-01T06:00:00.000Z (load 7.0), + is better');
    expect(table.find((l) => l.startsWith('| adult-pipeline'))).toMatch(/\| \+100% \(was 4\.00 s\) \|$/);
    expect(table.find((l) => l.startsWith('| model-server'))).toMatch(/\| -20% \(was 150,000 rows\/s\) \|$/);
    expect(table.find((l) => l.startsWith('| canvas-500'))).toMatch(/\| new \|$/);
    expect(buildTable({ ...report, results: [{ ...pipeline, target: undefined }] }).split('\n')).toContain(
      '| adult-pipeline | import to evaluation, wall | 2.00 s | pandas + scikit-learn: 1.00 s | x0.50 | (none set) | new |',
    );
  });
});
