/**
 * What `ctx.data` is for a running node: a DuckDB connection of its own, opened when the node
 * starts and closed when it ends (done, failed, cancelled or abandoned), so one node's settings and
 * interrupts never reach another (real engine, real workspace database).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from './engine.js';
import type { EngineEvent } from './events.js';
import { defineNode } from './node-def.js';
import { defineRunner, type RunContext } from './node-run.js';
import type { PipelineDocument } from './document/schema.js';

type Behaviour = (ctx: RunContext) => Promise<void>;
const behaviours = new Map<string, Behaviour>();

const probeDef = defineNode({
  type: 'test.probe',
  typeVersion: 1,
  title: 'Probe',
  stage: 'prepare',
  icon: 'database',
  description: 'Does what the test asks of it on its DuckDB connection.',
  inputs: [],
  outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
  // Nodes with equal keys share one computation; the tag keeps them apart.
  params: { tag: { kind: 'text', label: 'Tag', default: '' } },
  neverCache: true,
});
const probe = defineRunner(probeDef, async (ctx) => {
  await behaviours.get(ctx.nodeId)!(ctx);
  return { metrics: { kind: 'metrics' as const, metrics: {} } };
});

/** Nodes with no edges between them: one layer, run side by side (concurrency 2). */
const docOf = (...ids: string[]): PipelineDocument => ({
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'conn',
  name: 'Connections',
  nodes: ids.map((id, i) => ({ id, type: 'test.probe', typeVersion: 1, params: { tag: id }, position: { x: i * 200, y: 0 } })),
  edges: [],
});

/** A promise with its resolve, for nodes that wait on each other. */
function signal(): { done: Promise<void>; fire: () => void } {
  let fire!: () => void;
  return { done: new Promise<void>((r) => (fire = r)), fire };
}

let dir: string;
let engine: Engine;
const one = async <T>(sql: string) => Object.values((await engine.data.all<Record<string, T>>(sql))[0])[0];
const connectionCount = () => one<number>('SELECT count FROM duckdb_connection_count()');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-conn-'));
  // A long grace: a cancelled node is waited for until it stops, so the run ends only after it did.
  engine = await createEngine({ nodes: [probe], workspaceDir: dir, cancelGraceMs: 600_000 });
  behaviours.clear();
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

it('gives each running node its own connection: a session setting one node makes stays with it', async () => {
  const aSet = signal();
  const bRead = signal();
  const seen: Record<string, { id: number; keepsOrder: boolean }> = {};
  const read = async (ctx: RunContext) => {
    const [row] = await ctx.data.all<{ id: number; v: boolean }>(`SELECT current_connection_id() AS id, current_setting('preserve_insertion_order') AS v`);
    seen[ctx.nodeId] = { id: row.id, keepsOrder: row.v };
  };
  behaviours.set('a', async (ctx) => {
    await ctx.data.run('SET SESSION preserve_insertion_order = false');
    aSet.fire();
    await bRead.done;
    await read(ctx);
  });
  behaviours.set('b', async (ctx) => {
    await aSet.done;
    await read(ctx);
    bRead.fire();
  });
  const record = await engine.run(docOf('a', 'b'));
  expect(record.status).toBe('succeeded');
  expect(seen.a.keepsOrder).toBe(false);
  expect(seen.b.keepsOrder).toBe(true);
  expect(await one<boolean>(`SELECT current_setting('preserve_insertion_order')`)).toBe(true);
  const engineId = await one<number>('SELECT current_connection_id()');
  expect(new Set([seen.a.id, seen.b.id, engineId]).size).toBe(3);
});

it('closes a node connection when the node ends, whether it succeeded or failed', async () => {
  const base = await connectionCount();
  const bothIn = [signal(), signal()];
  const during: number[] = [];
  const inside = (mine: number, fail: boolean) => async (ctx: RunContext) => {
    bothIn[mine].fire();
    await bothIn[1 - mine].done;
    during.push(Number((await ctx.data.all<{ count: number }>('SELECT count FROM duckdb_connection_count()'))[0].count));
    if (fail) throw new Error('planned failure');
  };
  behaviours.set('ok', inside(0, false));
  behaviours.set('bad', inside(1, true));
  const record = await engine.run(docOf('ok', 'bad'));
  expect(record.nodes.ok.status).toBe('done');
  expect(record.nodes.bad.status).toBe('failed');
  expect(during).toEqual([base + 2, base + 2]);
  expect(await connectionCount()).toBe(base);
  expect(engine.data.openConnections()).toBe(base);
});

it("cancelling interrupts a node's statement even when the node did not pass the signal, and closes its connection", async () => {
  // 2 x 10^5 rows joined with themselves: 4 x 10^10 pairs, minutes of work unless interrupted.
  await engine.data.run('CREATE TABLE big AS SELECT range AS x FROM range(200000)');
  const base = await connectionCount();
  const controller = new AbortController();
  behaviours.set('slow', async (ctx) => {
    await ctx.data.run('SET enable_progress_bar_print = false');
    await ctx.data.run('SET progress_bar_time = 0');
    await ctx.data.run('SELECT count(*) FROM big a1, big a2 WHERE (a1.x * a2.x) % 7 = 3', { onProgress: () => ctx.progress(0.5, 'joining') });
  });
  const onEvent = (e: EngineEvent) => {
    if (e.type === 'node-progress' && e.nodeId === 'slow') controller.abort();
  };
  const record = await engine.run(docOf('slow'), { signal: controller.signal, onEvent });
  expect(record.status).toBe('cancelled');
  expect(record.nodes.slow.error?.code).toBe('NODE_CANCELLED');
  expect(await connectionCount()).toBe(base);
});

it('closes the connection of an abandoned node once it finally stops', async () => {
  const quick = await createEngine({ nodes: [probe], workspaceDir: join(dir, 'quick'), cancelGraceMs: 0 });
  const count = async () => Number((await quick.data.all<{ count: number }>('SELECT count FROM duckdb_connection_count()'))[0].count);
  const base = await count();
  const started = signal();
  const release = signal();
  const stopped = signal();
  behaviours.set('stubborn', async () => {
    started.fire();
    // Ignores the abort signal entirely.
    await release.done;
    stopped.fire();
  });
  const controller = new AbortController();
  const run = quick.run(docOf('stubborn'), { signal: controller.signal });
  await started.done;
  controller.abort();
  expect((await run).status).toBe('cancelled');
  expect(await count()).toBe(base + 1);
  release.fire();
  await stopped.done;
  await vi.waitFor(async () => expect(await count()).toBe(base));
  await quick.close();
});
