/**
 * Warm-ups (engine/warm-up.ts): a run's later nodes get their libraries loaded while an earlier
 * node's long DuckDB statement runs, and only in runs that contain them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ident, openDataPlane } from './data/data-plane.js';
import { runStatement } from './data/statement.js';
import { createEngine, type Engine } from './engine.js';
import { defineNode } from './node-def.js';
import { defineRunner } from './node-run.js';
import { makeDoc } from './testing/fake-nodes.fixture.js';
import { runWarmUps, wantWarmUp } from './warm-up.js';

describe('wantWarmUp', () => {
  it('runs each wanted warm-up once, skips released ones, and keeps a failing one from reaching the statement', () => {
    const calls: string[] = [];
    const a = () => void calls.push('a');
    const b = () => void calls.push('b');
    const failing = () => {
      throw new Error('a broken install');
    };
    const releaseA1 = wantWarmUp(a);
    wantWarmUp(a);
    const releaseB = wantWarmUp(b);
    wantWarmUp(failing);
    releaseA1(); // another run still wants a
    releaseB();
    expect(() => runWarmUps()).not.toThrow();
    runWarmUps();
    expect(calls).toEqual(['a']);
  });
});

describe('runStatement', () => {
  it('runs the warm-ups while a statement that reports progress is in DuckDB, and not for other statements', async () => {
    const data = await openDataPlane(':memory:');
    try {
      const order: string[] = [];
      const release = wantWarmUp(() => void order.push('warm-up'));
      await runStatement(data.connection, 'CREATE TABLE quick AS SELECT 1 AS x');
      order.push('plain statement done');
      await runStatement(data.connection, 'CREATE TABLE t AS SELECT range AS x FROM range(100000)', { onProgress: () => undefined });
      order.push('long statement done');
      release();
      expect(order).toEqual(['plain statement done', 'warm-up', 'long statement done']);
    } finally {
      data.close();
    }
  });
});

// A node whose one statement reports progress (as a file read does), and one that needs a warm-up.
const longDef = defineNode({
  type: 'test.long-read',
  typeVersion: 1,
  title: 'Long read',
  stage: 'prepare',
  icon: 'database',
  description: 'A table written by a statement that reports progress.',
  inputs: [],
  outputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  params: {},
});
const warmedDef = defineNode({
  type: 'test.warmed',
  typeVersion: 1,
  title: 'Warmed',
  stage: 'train',
  icon: 'database',
  description: 'Needs a warm-up.',
  inputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  outputs: [{ name: 'table', kind: 'table', label: 'Table' }],
  params: {},
});
const warmed = { count: 0, atStart: [] as number[] };
const warm = () => void warmed.count++;
const nodes = [
  defineRunner(longDef, async (ctx) => {
    const table = ctx.outputTable('table');
    await ctx.data.run(`CREATE TABLE ${ident(table)} AS SELECT range AS x FROM range(1000)`, { onProgress: () => undefined });
    return { table: await ctx.data.describe(table) };
  }),
  defineRunner(
    warmedDef,
    async (ctx, inputs) => {
      warmed.atStart.push(warmed.count);
      return { table: inputs.table };
    },
    { warmUp: () => [warm] },
  ),
];

describe('the engine', () => {
  let dir: string;
  let engine: Engine;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ls-warm-up-'));
    engine = await createEngine({ nodes, workspaceDir: dir, versions: () => ({}) });
    warmed.count = 0;
    warmed.atStart = [];
  });
  afterEach(async () => {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("warms a node up during an earlier node's long statement, only in runs that have that node", async () => {
    const withWarmed = makeDoc(
      [
        ['read', 'long-read'],
        ['fit', 'warmed'],
      ],
      ['read.table -> fit.table'],
    );
    const readOnly = makeDoc([['read', 'long-read']], [], 'p2');
    expect((await engine.run(readOnly)).status).toBe('succeeded');
    expect(warmed.count).toBe(0);
    expect((await engine.run(withWarmed, { force: ['*'] })).status).toBe('succeeded');
    // Done during the read, before the node that needs it started.
    expect(warmed.atStart).toEqual([1]);
    // Given back at the end: a later run without the node does not warm it up again.
    await engine.run(readOnly, { force: ['*'] });
    expect(warmed.count).toBe(1);
  });
});
