import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from './engine.js';
import type { EngineEvent } from './events.js';
import { fakeNodes, makeDoc, ranCount } from './testing/fake-nodes.fixture.js';

let dir: string;
let engine: Engine | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-engine-cache-'));
  ranCount.clear();
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  await rm(dir, { recursive: true, force: true });
});

const chain = (factor: number, id = 'p1') =>
  makeDoc(
    [
      ['source', 'source', { rows: 10 }],
      ['scale', 'scale', { factor }],
      ['sum', 'sum'],
    ],
    ['source.table -> scale.table', 'scale.table -> sum.table'],
    id,
  );

async function runCollect(e: Engine, doc: ReturnType<typeof makeDoc>, options: Parameters<Engine['run']>[1] = {}) {
  const events: EngineEvent[] = [];
  const record = await e.run(doc, { ...options, onEvent: (ev) => events.push(ev) });
  const byNode = (type: EngineEvent['type']) =>
    Object.fromEntries(events.filter((ev) => ev.type === type).map((ev) => [(ev as { nodeId: string }).nodeId, ev]));
  return { record, events, byNode };
}

describe('engine cache', () => {
  it('runs everything the first time, then reuses it, and says why', async () => {
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir });
    const first = await runCollect(engine, chain(2));
    expect(first.record.status).toBe('succeeded');
    // 0+1+...+9 = 45 (n(n-1)/2 with n = 10), times the factor 2.
    expect(first.record.metrics).toEqual({ 'sum.total': 90, 'sum.rows': 10 });
    expect(first.events[0].type).toBe('run-started');
    expect(first.events.at(-1)!.type).toBe('run-finished');
    expect(first.events.every((ev) => ev.runId === first.record.runId)).toBe(true);
    const started = first.byNode('node-started') as Record<string, Extract<EngineEvent, { type: 'node-started' }>>;
    expect(Object.values(started).map((e) => e.reason.code)).toEqual(['no-previous-run', 'no-previous-run', 'no-previous-run']);

    const second = await runCollect(engine, chain(2));
    const cached = second.byNode('node-cached') as Record<string, Extract<EngineEvent, { type: 'node-cached' }>>;
    expect(Object.keys(cached).sort()).toEqual(['scale', 'source', 'sum']);
    expect(cached.scale.reason).toMatchObject({ decision: 'reuse', code: 'same-as-previous', fromRunId: first.record.runId });
    expect(cached.scale.reason.message).toBe(`same as run ${first.record.runId}`);
    expect(second.record.metrics['sum.total']).toBe(90);
    expect([...ranCount.values()]).toEqual([1, 1, 1]);
  });

  it('names the changed param and the changed upstream, and plan() agrees without running', async () => {
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir });
    await engine.run(chain(2));
    const third = await runCollect(engine, chain(3));
    expect(third.byNode('node-cached').source).toBeDefined();
    const started = third.byNode('node-started') as Record<string, Extract<EngineEvent, { type: 'node-started' }>>;
    expect(started.scale.reason).toMatchObject({ code: 'params-changed', changed: ['factor'], message: 'params changed: factor' });
    expect(started.sum.reason).toMatchObject({ code: 'input-changed', changed: ['scale'], message: 'upstream changed: scale' });
    expect(third.record.metrics['sum.total']).toBe(135); // 45 x 3

    const plan = await engine.plan(chain(4));
    expect(plan.map((p) => [p.nodeId, p.status, p.reason.code])).toEqual([
      ['source', 'cached', 'same-as-previous'],
      ['scale', 'stale', 'params-changed'],
      ['sum', 'stale', 'input-changed'],
    ]);
    // Back to factor 2: that entry is still kept, so it is reused.
    const back = await runCollect(engine, chain(2));
    expect(Object.keys(back.byNode('node-cached')).sort()).toEqual(['scale', 'source', 'sum']);
    expect(ranCount.get('scale')).toBe(2);
  });

  it('reuses outputs from a brand-new engine on the same workspace, with the tables still readable', async () => {
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir });
    const first = await engine.run(chain(5));
    const scaleTable = (first.nodes.scale.outputs!.table as { table: string }).table;
    await engine.close();

    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir });
    const again = await runCollect(engine, chain(5));
    expect(Object.keys(again.byNode('node-cached')).sort()).toEqual(['scale', 'source', 'sum']);
    expect(again.byNode('node-started')).toEqual({});
    expect(ranCount.get('scale')).toBe(1);
    const page = await engine.page({ table: scaleTable, offset: 0, limit: 3, sort: { column: 'x', direction: 'desc' } });
    expect(page.rows).toEqual([[45], [40], [35]]); // 9*5, 8*5, 7*5
  });

  it('sees an edited input file and a merely touched one, relative to the pipeline file', async () => {
    const csv = join(dir, 'data', 'numbers.csv');
    await rm(join(dir, 'data'), { recursive: true, force: true });
    await (await import('node:fs/promises')).mkdir(join(dir, 'data'));
    await writeFile(csv, 'x\n1\n2\n3\n');
    const doc = makeDoc(
      [
        ['source', 'source', { path: 'data/numbers.csv' }],
        ['sum', 'sum'],
      ],
      ['source.table -> sum.table'],
    );
    const documentPath = join(dir, 'pipe.pipeline.json');
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: join(dir, 'ws') });
    const first = await engine.run(doc, { documentPath });
    expect(first.metrics['sum.total']).toBe(6);
    expect(first.nodes.source.inputFiles).toHaveLength(1);
    expect(first.nodes.source.inputFiles![0].path).toBe('data/numbers.csv');

    expect((await runCollect(engine, doc, { documentPath })).byNode('node-cached').source).toBeDefined();

    await writeFile(csv, 'x\n1\n2\n3\n4\n');
    const edited = await runCollect(engine, doc, { documentPath });
    const started = edited.byNode('node-started') as Record<string, Extract<EngineEvent, { type: 'node-started' }>>;
    expect(started.source.reason).toMatchObject({ code: 'file-changed', changed: ['data/numbers.csv'] });
    expect(started.source.reason.message).toBe('input file changed: data/numbers.csv');
    expect(edited.record.metrics['sum.total']).toBe(10);

    // A touch alone (content unchanged) reuses the outputs, and says so.
    const later = new Date(Date.now() + 60_000);
    await utimes(csv, later, later);
    const touched = await runCollect(engine, doc, { documentPath });
    expect(touched.byNode('node-started')).toEqual({});
    const cached = touched.byNode('node-cached') as Record<string, Extract<EngineEvent, { type: 'node-cached' }>>;
    expect(cached.source.reason).toMatchObject({ decision: 'reuse', code: 'same-as-previous', fromRunId: edited.record.runId });
  });

  it('runs again after a same-size edit in the middle of a big file whose mtime was restored (cp -p, rsync -t)', async () => {
    await mkdir(join(dir, 'data'), { recursive: true });
    const csv = join(dir, 'data', 'ones.csv');
    // 100,000 lines of "1" (200,002 bytes): the middle is far from the first and last 64 KiB.
    const lines = Array.from({ length: 100_000 }, () => '1');
    await writeFile(csv, `x\n${lines.join('\n')}\n`);
    // A whole-second time: restoring a sub-millisecond one through utimes rounds it, which would
    // leave the mtime changed and let the old head-and-tail fingerprint see the edit by accident.
    const past = new Date('2026-01-01T00:00:00Z');
    await utimes(csv, past, past);
    const doc = makeDoc(
      [
        ['source', 'source', { path: 'data/ones.csv' }],
        ['sum', 'sum'],
      ],
      ['source.table -> sum.table'],
    );
    const documentPath = join(dir, 'pipe.pipeline.json');
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: join(dir, 'ws') });
    const first = await engine.run(doc, { documentPath });
    expect(first.metrics['sum.total']).toBe(100_000);

    const { mtime, size } = await stat(csv);
    lines[50_000] = '2';
    await writeFile(csv, `x\n${lines.join('\n')}\n`);
    await utimes(csv, mtime, mtime);
    expect(await stat(csv)).toMatchObject({ size, mtimeMs: mtime.getTime() });
    const again = await runCollect(engine, doc, { documentPath });
    const started = again.byNode('node-started') as Record<string, Extract<EngineEvent, { type: 'node-started' }>>;
    expect(started.source.reason).toMatchObject({ code: 'file-changed', changed: ['data/ones.csv'] });
    // awk: 99,999 ones and one 2
    expect(again.record.metrics['sum.total']).toBe(100_001);
  });

  it('runs again when a cached table was dropped, and always runs neverCache nodes', async () => {
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir });
    const first = await engine.run(chain(2));
    await engine.data.dropTable((first.nodes.scale.outputs!.table as { table: string }).table);
    const again = await runCollect(engine, chain(2));
    const started = again.byNode('node-started') as Record<string, Extract<EngineEvent, { type: 'node-started' }>>;
    expect(started.scale.reason.code).toBe('cache-missing');
    expect(started.scale.reason.message).toMatch(/^cached outputs are gone: table t_[0-9a-f]{16}_table/);

    const gated = makeDoc(
      [
        ['source', 'source'],
        ['sum', 'sum'],
        ['gate', 'gate', { min: 1 }],
        ['deploy', 'deploy'],
      ],
      ['source.table -> sum.table', 'sum.metrics -> gate.metrics', 'gate.report -> deploy.approval'],
      'p2',
    );
    await engine.run(gated);
    const twice = await runCollect(engine, gated);
    expect((twice.byNode('node-started').deploy as Extract<EngineEvent, { type: 'node-started' }>).reason.code).toBe('never-cache');
    expect(ranCount.get('deploy')).toBe(2);
  });

  it('keeps the last five keys per node and drops older tables and entries', async () => {
    engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir });
    const tables: string[] = [];
    for (let factor = 1; factor <= 7; factor++) {
      const r = await engine.run(chain(factor));
      tables.push((r.nodes.scale.outputs!.table as { table: string }).table);
    }
    const exists = await Promise.all(tables.map((t) => engine!.data.tableExists(t)));
    expect(exists).toEqual([false, false, true, true, true, true, true]);
    const entries = (await readdir(join(dir, 'cache'))).filter((f) => f !== 'index.json');
    // source keeps 1 key; scale and sum keep 5 each.
    expect(entries).toHaveLength(11);
    const artifactDirs = await readdir(join(dir, 'artifacts'));
    expect(artifactDirs).toHaveLength(11);
  });
});
