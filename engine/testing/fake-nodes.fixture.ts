/**
 * Small node types for the engine's own tests: real DuckDB tables, real files, a slow node that
 * honours (or ignores) the abort signal, a failing node and a business-goal gate. Not registered
 * anywhere but in tests.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ident, literal } from '../data/data-plane.js';
import { defineNode } from '../node-def.js';
import { defineRunner, NodeError, type NodeImpl } from '../node-run.js';
import type { PipelineDocument } from '../document/schema.js';

/** How many times each fake node id actually ran (not reused), for cache assertions. */
export const ranCount = new Map<string, number>();
const counted = (nodeId: string) => ranCount.set(nodeId, (ranCount.get(nodeId) ?? 0) + 1);

export const sourceDef = defineNode({
  type: 'test.source',
  typeVersion: 2,
  title: 'Source',
  stage: 'prepare',
  icon: 'database',
  description: 'Numbers 0..rows-1, or the lines of a CSV file with a column x.',
  inputs: [],
  outputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  params: {
    rows: { kind: 'integer', label: 'Rows', default: 10, min: 1, max: 1_000_000 },
    path: { kind: 'file', label: 'CSV file', default: '', extensions: ['.csv'] },
  },
  // v1 called the row count `count`.
  migrateParams: (from, params) => {
    if (from !== 1) return params;
    const { count, ...rest } = params;
    return { ...rest, rows: count };
  },
});

export const scaleDef = defineNode({
  type: 'test.scale',
  typeVersion: 1,
  title: 'Scale',
  stage: 'prepare',
  icon: 'scale',
  description: 'Multiplies or shifts x.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  outputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  params: {
    factor: { kind: 'number', label: 'Factor', default: 2, min: 0, max: 100 },
    mode: {
      kind: 'select',
      label: 'Mode',
      default: 'mul',
      options: [
        { value: 'mul', label: 'Multiply' },
        { value: 'add', label: 'Add' },
      ],
    },
    note: { kind: 'text', label: 'Note', default: '', required: true, showWhen: { mode: 'add' } },
  },
});

export const sumDef = defineNode({
  type: 'test.sum',
  typeVersion: 1,
  title: 'Sum',
  stage: 'validate',
  icon: 'sigma',
  description: 'Sum and count of x as metrics.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: {},
});

export const failDef = defineNode({
  type: 'test.fail',
  typeVersion: 1,
  title: 'Fail',
  stage: 'prepare',
  icon: 'x',
  description: 'Always fails with a NodeError.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  outputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  params: {},
});

export const slowDef = defineNode({
  type: 'test.slow',
  typeVersion: 1,
  title: 'Slow',
  stage: 'train',
  icon: 'clock',
  description: 'Busy for `ms` milliseconds, checking the abort signal unless told not to.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table', optional: true }],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: {
    ms: { kind: 'integer', label: 'Milliseconds', default: 50, min: 0 },
    ignoreSignal: { kind: 'boolean', label: 'Ignore cancel', default: false },
  },
});

export const gateDef = defineNode({
  type: 'test.gate',
  typeVersion: 1,
  title: 'Gate',
  stage: 'validate',
  icon: 'shield',
  description: 'Passes when metric `total` is at least `min`.',
  inputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  outputs: [{ name: 'report', kind: 'report', label: 'Report' }],
  params: { min: { kind: 'number', label: 'Minimum total', default: 0 } },
});

export const deployDef = defineNode({
  type: 'test.deploy',
  typeVersion: 1,
  title: 'Deploy',
  stage: 'deploy',
  icon: 'rocket',
  description: 'Pretends to deploy; must run after a passing gate.',
  inputs: [{ name: 'approval', kind: 'report', label: 'Approval' }],
  outputs: [{ name: 'endpoint', kind: 'endpoint', label: 'Endpoint' }],
  params: {},
  requiresPassingGate: true,
  neverCache: true,
});

/** A node that runs every time and reports how many times it ran (a monitor over a growing log). */
export const watchDef = defineNode({
  type: 'test.watch',
  typeVersion: 1,
  title: 'Watch',
  stage: 'monitor',
  icon: 'activity',
  description: 'Reports `total` = how many times it ran; never cached.',
  inputs: [],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: {},
  neverCache: true,
});

export const modelSinkDef = defineNode({
  type: 'test.model-sink',
  typeVersion: 1,
  title: 'Model sink',
  stage: 'validate',
  icon: 'box',
  description: 'Takes a model; used to test port kinds.',
  inputs: [{ name: 'model', kind: 'model', label: 'Model' }],
  outputs: [],
  params: {},
});

export const tickerDef = defineNode({
  type: 'test.ticker',
  typeVersion: 1,
  title: 'Ticker',
  stage: 'train',
  icon: 'clock',
  description: 'Reports progress `steps` times, moving `manualClock` on by `stepMs` before each report.',
  inputs: [],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: {
    steps: { kind: 'integer', label: 'Steps', default: 50, min: 1 },
    stepMs: { kind: 'integer', label: 'Milliseconds per step', default: 10, min: 0 },
  },
});

export const meetDef = defineNode({
  type: 'test.meet',
  typeVersion: 1,
  title: 'Meet',
  stage: 'train',
  icon: 'clock',
  description: 'Finishes only once `size` meet nodes of the same `group` are running at the same time.',
  inputs: [],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  params: {
    group: { kind: 'text', label: 'Group', default: 'g' },
    size: { kind: 'integer', label: 'Size', default: 2, min: 1 },
    // Two members with equal params would share one cache key, hence one computation.
    member: { kind: 'text', label: 'Member', default: '' },
  },
});

const meetings = new Map<string, { arrived: number; all: Promise<void>; open: () => void }>();
function meet(group: string, size: number, signal: AbortSignal): Promise<void> {
  let m = meetings.get(group);
  if (!m) {
    let open = () => undefined as void;
    const all = new Promise<void>((resolve) => (open = resolve));
    m = { arrived: 0, all, open };
    meetings.set(group, m);
  }
  if (++m.arrived >= size) m.open();
  const cancelled = new Promise<void>((_, reject) =>
    signal.addEventListener('abort', () => reject(new NodeError('CANCELLED', 'stopped on request')), { once: true }),
  );
  return Promise.race([m.all, cancelled]);
}

export const fillDef = defineNode({
  type: 'test.fill',
  typeVersion: 1,
  title: 'Fill',
  stage: 'prepare',
  icon: 'database',
  description: 'Writes `mb` megabytes that do not compress: a DuckDB table, or with `file` a file in its artifact folder.',
  inputs: [],
  outputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  params: {
    mb: { kind: 'integer', label: 'Megabytes', default: 1, min: 1 },
    file: { kind: 'boolean', label: 'Write a file', default: false },
  },
});

/** A clock only the ticker moves: hand `manualClock.now` to createEngine({ clock }) for timing that no machine load can change. */
export const manualClock = { ms: 1_000_000, now: () => manualClock.ms };

/** Slow nodes still working; an abandoned one goes on after its run has ended. */
export const slowWorking = new Set<string>();
/** Set to end slow nodes that ignore the signal (a test cleaning up after an abandonment). */
export const releaseIgnoring = { now: false };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const fakeNodes: readonly NodeImpl[] = [
  defineRunner(sourceDef, async (ctx, _inputs, params) => {
    counted(ctx.nodeId);
    const table = ctx.outputTable('table');
    const from = params.path
      ? `SELECT CAST(x AS BIGINT) AS x FROM read_csv(${literal(ctx.resolvePath(params.path))}, header = true)`
      : `SELECT range AS x FROM range(${params.rows})`;
    await ctx.data.run(`CREATE TABLE ${ident(table)} AS ${from}`);
    return { table: await ctx.data.describe(table) };
  }),
  defineRunner(scaleDef, async (ctx, inputs, params) => {
    counted(ctx.nodeId);
    const table = ctx.outputTable('table');
    const op = params.mode === 'mul' ? '*' : '+';
    await ctx.data.run(`CREATE TABLE ${ident(table)} AS SELECT x ${op} ${Number(params.factor)} AS x FROM ${ident(inputs.table.table)}`);
    ctx.progress(1, 'scaled');
    return { table: await ctx.data.describe(table) };
  }),
  defineRunner(sumDef, async (ctx, inputs) => {
    counted(ctx.nodeId);
    const [row] = await ctx.data.all<{ total: number; rows: number }>(
      `SELECT sum(x)::DOUBLE AS total, count(*)::INTEGER AS rows FROM ${ident(inputs.table.table)}`,
    );
    return { metrics: { kind: 'metrics' as const, metrics: { total: row.total, rows: row.rows } } };
  }),
  defineRunner(failDef, async (ctx) => {
    counted(ctx.nodeId);
    await ctx.data.run(`CREATE TABLE ${ident(ctx.outputTable('table'))} AS SELECT 1 AS half_written`);
    throw new NodeError('TEST_BOOM', 'the test node failed on purpose', 'nothing to fix: it always fails');
  }),
  defineRunner(slowDef, async (ctx, _inputs, params) => {
    counted(ctx.nodeId);
    slowWorking.add(ctx.nodeId);
    try {
      const end = Date.now() + params.ms;
      let steps = 0;
      while (Date.now() < end && !(params.ignoreSignal && releaseIgnoring.now)) {
        if (!params.ignoreSignal && ctx.signal.aborted) throw new NodeError('CANCELLED', 'stopped on request');
        await sleep(10);
        steps++;
        ctx.progress(Math.min(1, (steps * 10) / Math.max(1, params.ms)), `step ${steps}`);
      }
      return { metrics: { kind: 'metrics' as const, metrics: { steps } } };
    } finally {
      slowWorking.delete(ctx.nodeId);
    }
  }),
  defineRunner(meetDef, async (ctx, _inputs, params) => {
    counted(ctx.nodeId);
    // Ends only when the whole group runs at once: proof of concurrency that no machine load can fake or break.
    await meet(params.group, params.size, ctx.signal);
    return { metrics: { kind: 'metrics' as const, metrics: { size: params.size } } };
  }),
  defineRunner(fillDef, async (ctx, _inputs, params) => {
    counted(ctx.nodeId);
    if (params.file) await writeFile(join(ctx.artifactDir, 'fill.bin'), randomBytes(params.mb * 1024 * 1024));
    const table = ctx.outputTable('table');
    // Two md5 strings per row: 64 hex characters that no column compression shrinks much.
    const rows = params.file ? 1 : params.mb * 16_384;
    await ctx.data.run(`CREATE TABLE ${ident(table)} AS SELECT md5(range::VARCHAR) || md5((range * 7)::VARCHAR) AS s FROM range(${rows})`);
    return { table: await ctx.data.describe(table) };
  }),
  defineRunner(tickerDef, async (ctx, _inputs, params) => {
    counted(ctx.nodeId);
    for (let step = 1; step <= params.steps; step++) {
      manualClock.ms += params.stepMs;
      ctx.progress(step / params.steps, `step ${step}`);
      await Promise.resolve();
    }
    return { metrics: { kind: 'metrics' as const, metrics: { steps: params.steps } } };
  }),
  defineRunner(gateDef, async (ctx, inputs, params) => {
    counted(ctx.nodeId);
    const total = inputs.metrics.metrics.total ?? 0;
    const passed = total >= params.min;
    const rules = [{ rule: `total >= ${params.min}`, passed, measured: total, message: passed ? 'ok' : `total ${total} is below ${params.min}` }];
    return { report: { kind: 'report' as const, title: 'Gate', files: [], gate: { passed, rules } } };
  }),
  defineRunner(deployDef, async (ctx) => {
    counted(ctx.nodeId);
    return { endpoint: { kind: 'endpoint' as const, url: 'http://127.0.0.1:0/fake', routes: [] } };
  }),
  defineRunner(modelSinkDef, async () => ({})),
  defineRunner(watchDef, async (ctx) => {
    counted(ctx.nodeId);
    return { metrics: { kind: 'metrics' as const, metrics: { total: ranCount.get(ctx.nodeId) ?? 0 } } };
  }),
];

export const fakeDefs = fakeNodes.map((n) => n.def);

type NodeSpec = [id: string, type: string, params?: Record<string, unknown>];

/** A document from terse node and edge lists; edges are `from.port -> to.port`. */
export function makeDoc(nodes: NodeSpec[], edges: string[], id = 'p1'): PipelineDocument {
  return {
    format: 'lifecycle-studio.pipeline',
    schemaVersion: 1,
    id,
    name: 'Test pipeline',
    nodes: nodes.map(([nodeId, type, params], i) => ({
      id: nodeId,
      type: `test.${type}`,
      typeVersion: type === 'source' ? 2 : 1,
      params: params ?? {},
      position: { x: i * 200, y: 0 },
    })),
    edges: edges.map((e, i) => {
      const [from, to] = e.split('->').map((s) => s.trim());
      const [sn, sp] = from.split('.');
      const [tn, tp] = to.split('.');
      return { id: `e${i + 1}`, source: { node: sn, port: sp }, target: { node: tn, port: tp } };
    }),
  };
}
