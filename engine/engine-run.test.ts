import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from './engine.js';
import type { EngineError } from './errors.js';
import type { EngineEvent, EventOf } from './events.js';
import { fakeNodes, makeDoc, manualClock, ranCount, releaseIgnoring, slowWorking } from './testing/fake-nodes.fixture.js';

let dir: string;
let engine: Engine;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-engine-run-'));
  ranCount.clear();
  engine = await createEngine({ nodes: fakeNodes, workspaceDir: dir, versions: () => ({ tfBackend: 'wasm' }) });
});
afterEach(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

function collect() {
  const events: EngineEvent[] = [];
  const of = <T extends EngineEvent['type']>(type: T, nodeId?: string) =>
    events.filter((e): e is EventOf<T> => e.type === type && (nodeId === undefined || (e as { nodeId?: string }).nodeId === nodeId));
  return { events, of, onEvent: (e: EngineEvent) => events.push(e) };
}

describe('engine runs', () => {
  it('skips what sits below a failure and keeps upstream outputs readable', async () => {
    const doc = makeDoc(
      [
        ['source', 'source'],
        ['fail', 'fail'],
        ['after', 'sum'],
        ['scale', 'scale'],
      ],
      ['source.table -> fail.table', 'fail.table -> after.table', 'source.table -> scale.table'],
    );
    const c = collect();
    const record = await engine.run(doc, { onEvent: c.onEvent });
    expect(record.status).toBe('failed');
    expect(c.of('node-failed', 'fail')[0].error).toMatchObject({
      code: 'TEST_BOOM',
      message: 'the test node failed on purpose',
      hint: 'nothing to fix: it always fails',
    });
    expect(c.of('node-failed', 'fail')[0].error.stack).toContain('NodeError');
    expect(c.of('node-skipped', 'after')[0].because).toBe('upstream node "fail" did not finish');
    expect(record.nodes.after.status).toBe('skipped');
    expect(record.nodes.scale.status).toBe('done');
    expect(record.error?.code).toBe('TEST_BOOM');
    const sourceTable = (record.nodes.source.outputs!.table as { table: string }).table;
    const page = await engine.page({ table: sourceTable, offset: 0, limit: 100 });
    expect(page.rows).toHaveLength(10);
    // The half-written table of the failed node is cleaned away.
    const leftovers = await engine.data.all(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%half%' OR table_name = ?`, [
      `t_${record.nodes.fail.cacheKey!.slice(0, 16)}_table`,
    ]);
    expect(leftovers).toEqual([]);
    // The upstream entry survives the failure: the next run reuses it.
    const again = collect();
    await engine.run(doc, { onEvent: again.onEvent });
    expect(
      again
        .of('node-cached')
        .map((e) => e.nodeId)
        .sort(),
    ).toEqual(['scale', 'source']);
  });

  it('ends cancelled when a long node checks the signal, without waiting for the grace period', async () => {
    // A grace period longer than any test: the run can only end because the node itself stopped.
    const patient = await createEngine({ nodes: fakeNodes, workspaceDir: join(dir, 'patient'), cancelGraceMs: 3_600_000 });
    const doc = makeDoc(
      [
        ['slow', 'slow', { ms: 30_000 }],
        ['gate', 'gate'],
      ],
      ['slow.metrics -> gate.metrics'],
    );
    const controller = new AbortController();
    const c = collect();
    const onEvent = (e: EngineEvent) => {
      c.onEvent(e);
      if (e.type === 'node-progress' && !controller.signal.aborted) controller.abort();
    };
    const record = await patient.run(doc, { signal: controller.signal, onEvent }).finally(() => patient.close());
    expect(record.status).toBe('cancelled');
    expect(record.nodes.slow.error?.code).toBe('NODE_CANCELLED');
    expect(slowWorking.has('slow')).toBe(false);
    expect(c.of('node-skipped', 'gate')).toHaveLength(1);
    expect(c.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
  });

  it('abandons a node that ignores the signal once the grace second is over', async () => {
    // Ten minutes of work: when the run ends the node must still be working, so it was abandoned.
    const doc = makeDoc([['slow', 'slow', { ms: 600_000, ignoreSignal: true }]], []);
    const controller = new AbortController();
    let t0 = 0;
    const onEvent = (e: EngineEvent) => {
      if (e.type !== 'node-progress' || controller.signal.aborted) return;
      t0 = Date.now();
      controller.abort();
    };
    const record = await engine.run(doc, { signal: controller.signal, onEvent });
    // A lower bound only: a loaded machine makes the wait longer, never shorter.
    const waited = Date.now() - t0;
    expect(record.status).toBe('cancelled');
    expect(record.nodes.slow.error?.code).toBe('NODE_CANCELLED');
    expect(slowWorking.has('slow')).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(990);
    releaseIgnoring.now = true;
    await vi.waitFor(() => expect(slowWorking.size).toBe(0), { timeout: 60_000 });
    releaseIgnoring.now = false;
  });

  it('blocks a node behind a failed gate and runs it behind a passing one', async () => {
    const doc = (min: number) =>
      makeDoc(
        [
          ['source', 'source'],
          ['sum', 'sum'],
          ['gate', 'gate', { min }],
          ['deploy', 'deploy'],
        ],
        ['source.table -> sum.table', 'sum.metrics -> gate.metrics', 'gate.report -> deploy.approval'],
      );
    const c = collect();
    const blocked = await engine.run(doc(100), { onEvent: c.onEvent });
    expect(blocked.status).toBe('blocked');
    // sum of 0..9 is 45, below the minimum of 100.
    expect(c.of('node-blocked', 'deploy')[0]).toMatchObject({
      because: 'the business-goal gate "gate" did not pass (failed: total >= 100)',
      failedRules: ['total >= 100'],
    });
    expect(ranCount.get('deploy')).toBeUndefined();
    const passed = await engine.run(doc(45));
    expect(passed.status).toBe('succeeded');
    expect(passed.nodes.deploy.outputs?.endpoint).toMatchObject({ kind: 'endpoint' });
  });

  it('runs two independent nodes of one layer at the same time', async () => {
    const doc = makeDoc(
      [
        ['a', 'meet', { group: 'ab', size: 2, member: 'a' }],
        ['b', 'meet', { group: 'ab', size: 2, member: 'b' }],
        ['c', 'slow', { ms: 0 }],
      ],
      [],
    );
    const c = collect();
    const record = await engine.run(doc, { onEvent: c.onEvent });
    const order = c.events
      .filter((e) => e.type === 'node-started' || e.type === 'node-finished')
      .map((e) => `${e.type === 'node-started' ? 'start' : 'end'}:${(e as { nodeId: string }).nodeId}`);
    // a and b can only end once both run at the same time; c waits for a free slot (limit 2).
    expect(order.slice(0, 2).sort()).toEqual(['start:a', 'start:b']);
    let running = 0;
    const inFlight = order.map((step) => (running += step.startsWith('start') ? 1 : -1));
    expect(Math.max(...inFlight)).toBe(2);
    expect(order.indexOf('start:c')).toBeGreaterThan(Math.min(order.indexOf('end:a'), order.indexOf('end:b')));
    expect(record.status).toBe('succeeded');
  });

  it('thins out plain progress events to one per 50 ms per node', async () => {
    // The ticker moves a manual clock 10 ms per report, so the count cannot depend on machine speed.
    const timed = await createEngine({ nodes: fakeNodes, workspaceDir: join(dir, 'timed'), clock: manualClock.now });
    const c = collect();
    const start = manualClock.ms;
    const record = await timed.run(makeDoc([['tick', 'ticker', { steps: 50, stepMs: 10 }]], []), { onEvent: c.onEvent }).finally(() => timed.close());
    expect(record.status).toBe('succeeded');
    const progress = c.of('node-progress', 'tick');
    // By hand: 50 reports at +10..+500 ms; kept are the first (+10) and each one 50 ms after the last
    // kept (+60, ..., +460), then the final 100% (+500), which always passes.
    expect(progress.map((p) => p.message)).toEqual([1, 6, 11, 16, 21, 26, 31, 36, 41, 46, 50].map((s) => `step ${s}`));
    expect(progress.map((p) => p.at - start)).toEqual([10, 60, 110, 160, 210, 260, 310, 360, 410, 460, 500]);
  });

  it('computes two identical nodes once, even in the same layer', async () => {
    const doc = makeDoc(
      [
        ['a', 'slow', { ms: 100 }],
        ['b', 'slow', { ms: 100 }],
      ],
      [],
    );
    const c = collect();
    const record = await engine.run(doc, { onEvent: c.onEvent });
    expect(record.status).toBe('succeeded');
    expect(record.nodes.a.cacheKey).toBe(record.nodes.b.cacheKey);
    expect(c.of('node-started')).toHaveLength(1);
    expect(c.of('node-cached')).toHaveLength(1);
  });

  it('runs only what a target covers', async () => {
    const doc = makeDoc(
      [
        ['source', 'source'],
        ['scale', 'scale'],
        ['sum', 'sum'],
        ['other', 'source', { rows: 3 }],
        ['sum2', 'sum'],
      ],
      ['source.table -> scale.table', 'scale.table -> sum.table', 'other.table -> sum2.table'],
    );
    const node = await engine.run(doc, { target: { mode: 'node', nodeId: 'scale' } });
    expect(Object.keys(node.nodes).sort()).toEqual(['scale', 'source']);
    const from = await engine.run(doc, { target: { mode: 'from', nodeId: 'scale' } });
    expect(Object.keys(from.nodes).sort()).toEqual(['scale', 'source', 'sum']);
    await expect(engine.run(doc, { target: { mode: 'node', nodeId: 'nope' } })).rejects.toMatchObject({ code: 'RUN_TARGET_UNKNOWN' });
  });

  it('refuses an invalid document with its issues', async () => {
    const doc = makeDoc(
      [
        ['source', 'source'],
        ['sum', 'sum', { bogus: 1 }],
        ['scale', 'scale', { factor: 500 }],
      ],
      ['source.table -> sum.table'],
    );
    const error = (await engine.run(doc).catch((e: unknown) => e)) as EngineError;
    expect(error.code).toBe('DOCUMENT_INVALID');
    expect(error.message).toContain('Scale (scale): Factor: expected a number between 0 and 100, got 500');
    expect(error.message).toContain('Scale (scale): node "scale" needs its input "table" (a table) connected');
    expect((error.details as { path: string }[]).map((i) => i.path)).toEqual(['nodes[2].params.factor', 'nodes[2]']);
    const { issues } = await engine.validate(doc);
    expect(issues.find((i) => i.code === 'UNKNOWN_PARAM')).toMatchObject({ severity: 'warning', nodeId: 'sum', path: 'nodes[1].params.bogus' });
  });

  it('hands secrets from the run options, then the environment', async () => {
    const { defineNode } = await import('./node-def.js');
    const { defineRunner } = await import('./node-run.js');
    const def = defineNode({
      type: 'test.secret',
      typeVersion: 1,
      title: 'Secret',
      stage: 'deploy',
      icon: 'key',
      description: 'Reads a secret.',
      inputs: [],
      outputs: [{ name: 'metrics', kind: 'metrics', label: 'Metrics' }],
      params: { name: { kind: 'secret', label: 'Key name', default: 'LS_TEST_KEY' } },
      neverCache: true,
    });
    const seen: (string | undefined)[] = [];
    const impl = defineRunner(def, async (ctx, _i, params) => {
      seen.push(ctx.secret(params.name));
      return { metrics: { kind: 'metrics' as const, metrics: {} } };
    });
    const e2 = await createEngine({ nodes: [impl], workspaceDir: join(dir, 'ws2') });
    const doc = { ...makeDoc([], []), nodes: [{ id: 's', type: 'test.secret', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }] };
    process.env.LS_TEST_KEY = 'from-env';
    await e2.run(doc, { secrets: { LS_TEST_KEY: 'from-keychain' } });
    await e2.run(doc);
    delete process.env.LS_TEST_KEY;
    await e2.close();
    expect(seen).toEqual(['from-keychain', 'from-env']);
  });

  it('turns a fault of the engine itself into a failed node and still finishes the run', async () => {
    // A file where the cache folder should be: storing the node's outputs fails after it ran.
    await rm(join(dir, 'cache'), { recursive: true });
    await writeFile(join(dir, 'cache'), 'not a folder');
    const c = collect();
    const record = await engine.run(
      makeDoc(
        [
          ['source', 'source'],
          ['sum', 'sum'],
        ],
        ['source.table -> sum.table'],
      ),
      { onEvent: c.onEvent },
    );
    expect(record.status).toBe('failed');
    expect(record.nodes.source.error?.code).toBe('ENGINE_FAULT');
    expect(record.nodes.source.error?.message).toMatch(/^the engine failed while handling this node: /);
    expect(record.nodes.sum.status).toBe('skipped');
    expect(c.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed' });
    expect(await engine.getRun(record.runId)).toMatchObject({ status: 'failed' });
    const owned = await engine.data.all(`SELECT 1 FROM duckdb_tables() WHERE starts_with(table_name, ?)`, [`t_${record.nodes.source.cacheKey!.slice(0, 16)}`]);
    expect(owned).toEqual([]);
  });

  it('keeps run records: list newest first, get, delete', async () => {
    const doc = makeDoc(
      [
        ['source', 'source'],
        ['sum', 'sum'],
      ],
      ['source.table -> sum.table'],
    );
    const first = await engine.run(doc);
    const second = await engine.run(doc, { target: { mode: 'node', nodeId: 'source' } });
    expect(second.runId > first.runId).toBe(true);
    const list = await engine.listRuns();
    expect(list.map((r) => r.runId)).toEqual([second.runId, first.runId]);
    expect(list[1]).toMatchObject({ status: 'succeeded', pipelineName: 'Test pipeline', metrics: { 'sum.total': 45, 'sum.rows': 10 } });

    const got = await engine.getRun(first.runId);
    expect(got?.document).toEqual(doc);
    expect(got?.documentHash).toMatch(/^[0-9a-f]{64}$/);
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(got?.versions).toMatchObject({ app: pkg.version, node: process.versions.node, tfBackend: 'wasm' });
    expect(got?.versions.duckdb).toMatch(/^v?\d+\.\d+/);
    expect(got?.nodes.sum).toMatchObject({ status: 'done', type: 'test.sum' });
    expect(got?.nodes.sum.durationMs).toBeGreaterThanOrEqual(0);
    // Two records, beside the reserve kept for a full disk.
    expect((await readdir(join(dir, 'runs'))).sort()).toEqual(['.reserve', `${first.runId}.json`, `${second.runId}.json`]);

    expect(await engine.deleteRun(first.runId)).toBe(true);
    expect(await engine.getRun(first.runId)).toBeUndefined();
    expect(await engine.deleteRun(first.runId)).toBe(false);
    expect(await engine.getRun('../../etc/passwd')).toBeUndefined();
    await expect(engine.run(doc, { runId: '../../escape' })).rejects.toMatchObject({ code: 'RUN_ID_INVALID' });
    const chosen = engine.newRunId();
    expect((await engine.run(doc, { runId: chosen })).runId).toBe(chosen);
    await engine.deleteRun(chosen);
    expect((await engine.listRuns()).map((r) => r.runId)).toEqual([second.runId]);
  });
});
