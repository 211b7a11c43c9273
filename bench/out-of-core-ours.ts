/**
 * Our side of bench/out-of-core.bench.ts, in its own process: import, profile, page, sorted
 * page, split, one training epoch on a workspace database with a memory limit and spill folder.
 * Prints one JSON line. Usage: npx tsx bench/out-of-core-ours.ts <csv> <workspace dir> <memory limit>
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDataPlane } from '../engine/data/data-plane.js';
import { pageTable } from '../engine/data/page.js';
import { profileTable } from '../engine/data/profile.js';
import { defaultParams } from '../engine/node-def.js';
import { createFakeContext } from '../engine/testing/fake-context.js';
import type { TableValue } from '../engine/values.js';
import { importDatasetDef } from '../nodes/import-dataset/def.js';
import { importDatasetRunner } from '../nodes/import-dataset/run.js';
import { STREAM_ROWS_ENV } from '../nodes/shared/training/stream-data.js';
import { splitDef } from '../nodes/split/def.js';
import { splitRunner } from '../nodes/split/run.js';
import { trainDef } from '../nodes/train/def.js';
import { trainRunner } from '../nodes/train/run.js';

const [csv, workspace, memoryLimit] = process.argv.slice(2);
// The bench is about tables beyond memory: train streamed even for the quick 1M-row run.
process.env[STREAM_ROWS_ENV] ??= '100000';

const peakMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const steps: { step: string; seconds: number; peakMb: number }[] = [];
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  // Resets VmHWM to the current resident set, so each step's peak is its own.
  writeFileSync('/proc/self/clear_refs', '5');
  const t0 = performance.now();
  const out = await fn();
  steps.push({ step: name, seconds: (performance.now() - t0) / 1000, peakMb: peakMb() });
  // Step by step on stderr, so a long run shows where it is.
  process.stderr.write(`${JSON.stringify(steps.at(-1))}\n`);
  return out;
}

mkdirSync(workspace, { recursive: true });
const data = await openDataPlane(join(workspace, 'data.duckdb'), { memoryLimit, spillDir: join(workspace, 'spill') });
const ctx = (nodeId: string) => createFakeContext(data, { nodeId, workspaceDir: workspace });
const imported = await step(
  'import',
  async () => (await importDatasetRunner.run(ctx('import'), {}, { ...defaultParams(importDatasetDef.params), path: csv })).table as TableValue,
);
const rows = imported.rowCount;
await step('profile', () => profileTable(data, imported.table));
await step('page', () => pageTable(data, { table: imported.table, offset: Math.floor(rows / 2), limit: 100 }));
await step('sort', () => pageTable(data, { table: imported.table, offset: Math.floor(rows / 2), limit: 100, sort: { column: 'x4', direction: 'asc' } }));
const split = await step('split', () => splitRunner.run(ctx('split'), { input: imported }, defaultParams(splitDef.params)));
const train = split.train as TableValue;
await step('train 1 epoch', () =>
  trainRunner.run(
    ctx('train'),
    { train },
    { ...defaultParams(trainDef.params), target: 'label', model: 'linear', epochs: 1, batchSize: 1024, learningRate: 0.01 },
  ),
);
const [setting] = await data.all<{ m: string }>(`SELECT current_setting('memory_limit') AS m`);
data.close();
console.log(JSON.stringify({ rows, steps, note: `DuckDB memory_limit ${setting.m}, train rows ${train.rowCount}` }));
