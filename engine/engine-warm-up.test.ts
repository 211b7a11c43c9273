import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ident } from './data/data-plane.js';
import { createEngine, type Engine } from './engine.js';
import { defineRunner, type NodeImpl } from './node-run.js';
import { fakeNodes, makeDoc, sourceDef, sumDef } from './testing/fake-nodes.fixture.js';

let engine: Engine | undefined;
let dir = '';
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * A catalogue where Sum has a warm-up and Source, above it, ends only once that warm-up has begun:
 * the run completes only if the engine starts the warm-up while the nodes above are still running.
 */
function catalog(warmUp: () => Promise<unknown>) {
  let began = () => {};
  const state = { calls: 0, began: new Promise<void>((resolve) => (began = resolve)) };
  const source = defineRunner(sourceDef, async (ctx, _inputs, params) => {
    await state.began;
    const table = ctx.outputTable('table');
    await ctx.data.run(`CREATE TABLE ${ident(table)} AS SELECT range AS x FROM range(${params.rows})`);
    return { table: await ctx.data.describe(table) };
  });
  const sum = defineRunner(
    sumDef,
    async (ctx, inputs) => {
      const [row] = await ctx.data.all<{ total: number }>(`SELECT sum(x)::DOUBLE AS total FROM ${ident(inputs.table.table)}`);
      return { metrics: { kind: 'metrics' as const, metrics: { total: row.total } } };
    },
    {
      warmUp: () => {
        state.calls++;
        began();
        return warmUp();
      },
    },
  );
  const nodes: NodeImpl[] = [...fakeNodes.filter((n) => n.def.type !== 'test.source' && n.def.type !== 'test.sum'), source, sum];
  return { nodes, state };
}

const doc = makeDoc(
  [
    ['source', 'source', { rows: 10 }],
    ['sum', 'sum'],
  ],
  ['source.table -> sum.table'],
);

async function open(nodes: NodeImpl[]) {
  dir = await mkdtemp(join(tmpdir(), 'ls-warmup-'));
  engine = await createEngine({ nodes, workspaceDir: dir });
  return engine;
}

describe('node warm-up', () => {
  it("starts a node type's warm-up when the run begins, while the nodes above it still run", async () => {
    const { nodes, state } = catalog(async () => undefined);
    const record = await (await open(nodes)).run(doc);
    expect(record.status).toBe('succeeded');
    // 0 + 1 + ... + 9
    expect(record.metrics['sum.total']).toBe(45);
    expect(state.calls).toBe(1);
  });

  it('does not warm up a node the run reuses from the cache', async () => {
    const { nodes, state } = catalog(async () => undefined);
    const e = await open(nodes);
    await e.run(doc);
    // Source ran once and is reused now: its wait is already over, so only the warm-up count tells.
    const again = await e.run(doc);
    expect(again.nodes.sum.status).toBe('cached');
    expect(state.calls).toBe(1);
    await e.run(doc, { force: ['sum'] });
    expect(state.calls).toBe(2);
  });

  it('a failing warm-up does not fail the run: the node itself runs and reports', async () => {
    const { nodes } = catalog(() => Promise.reject(new Error('library missing')));
    const record = await (await open(nodes)).run(doc);
    expect(record.status).toBe('succeeded');
    expect(record.metrics['sum.total']).toBe(45);
  });
});
