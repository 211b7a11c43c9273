import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { EngineEvent } from '../../engine/events.js';
import type { RunRecord } from '../../engine/engine-types.js';
import { createRunSlice, type RunSlice } from './run-slice.js';
import { MAX_LOG_LINES } from '../run/run-reducer.js';
import { nodeStatusText, selectRunProgress } from '../run/run-progress.js';

/** A second slice stands in for the editor's, to prove the run slice composes with others. */
interface OtherSlice {
  selected?: string;
  select(id: string): void;
}
type Store = RunSlice & OtherSlice;

function makeStore() {
  return createStore<Store>()((...a) => ({
    ...createRunSlice(...a),
    selected: undefined,
    select: (id) => a[0]({ selected: id }),
  }));
}

// Pipeline a -> b -> c, plus d hanging off a: layers [[a], [b, d], [c]].
const layers = [['a'], ['b', 'd'], ['c']];
const nodeIds = ['a', 'b', 'd', 'c'];
const reason = (code: string, message: string) => ({ decision: 'run' as const, code, message });
const summary = { kind: 'table' as const, text: '32,561 rows × 15 columns', rowCount: 32561 };

function feed(store: ReturnType<typeof makeStore>, events: EngineEvent[]) {
  store.getState().applyStudioEvents(events);
}

describe('run slice', () => {
  it('moves a node from queued to running with progress words, then done with its outputs', () => {
    const store = makeStore();
    feed(store, [{ type: 'run-started', runId: 'r1', at: 1000, nodeIds, layers }]);
    expect(store.getState().run.nodes.a.status).toBe('queued');
    expect(store.getState().run.current.phase).toBe('running');
    feed(store, [
      { type: 'node-started', runId: 'r1', at: 1010, nodeId: 'a', reason: reason('no-previous-run', 'first run') },
      { type: 'node-progress', runId: 'r1', at: 1020, nodeId: 'a', fraction: 0.25, message: 'rows read: 8,000' },
    ]);
    const running = store.getState().run.nodes.a;
    expect(running.status).toBe('running');
    expect(running.startedAt).toBe(1010);
    expect(running.progress?.fraction).toBe(0.25);
    expect(nodeStatusText(running)).toBe('rows read: 8,000');
    // One of four nodes a quarter through: 0.25 / 4 of the whole run.
    expect(selectRunProgress(store.getState().run).fraction).toBeCloseTo(0.0625, 6);
    expect(selectRunProgress(store.getState().run).text).toBe('step 1 of 3 · 0 of 4 nodes');
    feed(store, [{ type: 'node-finished', runId: 'r1', at: 1500, nodeId: 'a', durationMs: 490, outputs: { table: summary } }]);
    const done = store.getState().run.nodes.a;
    expect(done.status).toBe('done');
    expect(done.durationMs).toBe(490);
    expect(done.progress).toBeUndefined();
    expect(done.outputs?.table.rowCount).toBe(32561);
    expect(nodeStatusText(done)).toBe('first run');
    expect(selectRunProgress(store.getState().run).text).toBe('step 2 of 3 · 1 of 4 nodes');
  });

  it('shows a reused node as cached with its reason', () => {
    const store = makeStore();
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds, layers },
      {
        type: 'node-cached',
        runId: 'r1',
        at: 5,
        nodeId: 'a',
        reason: { decision: 'reuse', code: 'same-as-previous', message: 'same as run 12', fromRunId: 'r0' },
        outputs: { table: summary },
      },
    ]);
    const a = store.getState().run.nodes.a;
    expect(a.status).toBe('cached');
    expect(nodeStatusText(a)).toBe('same as run 12');
    expect(a.reason?.fromRunId).toBe('r0');
  });

  it('marks a failed node red with its hint, skipped downstream, and nodes never reached as skipped', () => {
    const store = makeStore();
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds, layers },
      { type: 'node-finished', runId: 'r1', at: 10, nodeId: 'a', durationMs: 10, outputs: {} },
      { type: 'node-started', runId: 'r1', at: 10, nodeId: 'b', reason: reason('no-previous-run', 'first run') },
      {
        type: 'node-failed',
        runId: 'r1',
        at: 40,
        nodeId: 'b',
        error: { code: 'COLUMN_NOT_FOUND', message: 'column "agee" not found', hint: 'pick a column from the list', stack: 'Error: at x' },
      },
      { type: 'node-skipped', runId: 'r1', at: 41, nodeId: 'c', because: 'upstream b failed' },
      { type: 'run-finished', runId: 'r1', at: 42, status: 'failed', durationMs: 42 },
    ]);
    const { nodes, current } = store.getState().run;
    expect(nodes.b.status).toBe('failed');
    expect(nodes.b.error?.hint).toBe('pick a column from the list');
    expect(nodes.b.durationMs).toBe(30);
    expect(nodes.c.status).toBe('skipped');
    expect(nodes.c.because).toBe('upstream b failed');
    // d was queued but the engine never reported it: it must not stay "waiting" forever.
    expect(nodes.d.status).toBe('skipped');
    expect(nodes.d.because).toBe('run stopped early');
    expect(current.phase).toBe('failed');
    expect(selectRunProgress(store.getState().run).text).toBe('step 3 of 3 · 4 of 4 nodes');
  });

  it('marks a node blocked by a failed gate with the rules that failed', () => {
    const store = makeStore();
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds, layers },
      { type: 'node-blocked', runId: 'r1', at: 5, nodeId: 'c', because: 'gate "validate" failed', failedRules: ['accuracy >= 0.9'] },
      { type: 'run-finished', runId: 'r1', at: 6, status: 'blocked', durationMs: 6 },
    ]);
    const c = store.getState().run.nodes.c;
    expect(c.status).toBe('blocked');
    expect(c.failedRules).toEqual(['accuracy >= 0.9']);
    expect(nodeStatusText(c)).toBe('gate "validate" failed');
    expect(store.getState().run.current.phase).toBe('blocked');
  });

  it('marks exactly the nodes the plan calls stale, leaves never-run nodes idle, and clears the mark', () => {
    const store = makeStore();
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds: ['a', 'b', 'c'], layers: [['a'], ['b'], ['c']] },
      { type: 'node-finished', runId: 'r1', at: 1, nodeId: 'a', durationMs: 1, outputs: {} },
      { type: 'node-finished', runId: 'r1', at: 2, nodeId: 'b', durationMs: 1, outputs: {} },
      { type: 'node-cached', runId: 'r1', at: 3, nodeId: 'c', reason: { decision: 'reuse', code: 'same-as-previous', message: 'same as run 1' }, outputs: {} },
      { type: 'run-finished', runId: 'r1', at: 4, status: 'succeeded', durationMs: 4 },
    ]);
    const paramsChanged = { decision: 'run' as const, code: 'params-changed', message: 'params changed: ratio', changed: ['ratio'] };
    store.getState().applyRunPlan([
      { nodeId: 'a', status: 'cached', reason: { decision: 'reuse', code: 'same-as-previous', message: 'same as run 1' } },
      { nodeId: 'b', status: 'stale', reason: paramsChanged },
      { nodeId: 'c', status: 'stale', reason: { decision: 'run', code: 'input-changed', message: 'input changed: b' } },
      { nodeId: 'new', status: 'stale', reason: { decision: 'run', code: 'no-previous-run', message: 'never run' } },
    ]);
    let nodes = store.getState().run.nodes;
    expect(nodes.a.status).toBe('done');
    expect(nodes.b.status).toBe('stale');
    expect(nodeStatusText(nodes.b)).toBe('params changed: ratio');
    expect(nodes.c.status).toBe('stale');
    expect(nodes.new?.status ?? 'idle').toBe('idle');
    // Undoing the edit: the plan says reusable again, and the last outcome comes back.
    store.getState().applyRunPlan([
      { nodeId: 'b', status: 'cached', reason: { decision: 'reuse', code: 'same-as-previous', message: 'same as run 1' } },
      { nodeId: 'c', status: 'cached', reason: { decision: 'reuse', code: 'same-as-previous', message: 'same as run 1' } },
    ]);
    nodes = store.getState().run.nodes;
    expect(nodes.b.status).toBe('done');
    expect(nodes.c.status).toBe('cached');
  });

  it('resets the nodes of a second run and keeps the others, and ignores events of the old run', () => {
    const store = makeStore();
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds: ['a', 'b'], layers: [['a'], ['b']] },
      { type: 'node-log', runId: 'r1', at: 1, nodeId: 'a', level: 'info', message: 'read 10 rows' },
      { type: 'node-finished', runId: 'r1', at: 2, nodeId: 'a', durationMs: 2, outputs: { table: summary } },
      { type: 'node-started', runId: 'r1', at: 2, nodeId: 'b', reason: reason('no-previous-run', 'first run') },
      { type: 'node-failed', runId: 'r1', at: 3, nodeId: 'b', error: { code: 'X', message: 'boom' } },
      { type: 'run-finished', runId: 'r1', at: 4, status: 'failed', durationMs: 4 },
      { type: 'run-started', runId: 'r2', at: 10, nodeIds: ['b'], layers: [['b']] },
    ]);
    let { nodes, current } = store.getState().run;
    expect(current.runId).toBe('r2');
    expect(current.phase).toBe('running');
    expect(nodes.b.status).toBe('queued');
    expect(nodes.b.error).toBeUndefined();
    expect(nodes.b.logs).toEqual([]);
    // a is outside run r2: it keeps its outcome, logs and outputs.
    expect(nodes.a.status).toBe('done');
    expect(nodes.a.logs).toHaveLength(1);
    expect(nodes.a.outputs?.table.rowCount).toBe(32561);
    // Late events of r1 (e.g. after a cancel) must not touch r2's state, nor restart r1.
    feed(store, [
      { type: 'node-failed', runId: 'r1', at: 11, nodeId: 'b', error: { code: 'X', message: 'late' } },
      { type: 'run-finished', runId: 'r1', at: 12, status: 'cancelled', durationMs: 12 },
      { type: 'run-started', runId: 'r1', at: 13, nodeIds: ['a'], layers: [['a']] },
    ]);
    ({ nodes, current } = store.getState().run);
    expect(nodes.b.status).toBe('queued');
    expect(current.runId).toBe('r2');
    expect(current.phase).toBe('running');
  });

  it('collects live training points, bounds log lines, and settles a cancelled run', () => {
    const store = makeStore();
    store.getState().runRequested({ mode: 'node', nodeId: 't' });
    expect(store.getState().run.current.phase).toBe('starting');
    feed(store, [{ type: 'run-started', runId: 'r1', at: 0, nodeIds: ['t'], layers: [['t']] }]);
    expect(store.getState().run.current.target).toEqual({ mode: 'node', nodeId: 't' });
    for (let epoch = 1; epoch <= 3; epoch++) {
      feed(store, [
        {
          type: 'node-progress',
          runId: 'r1',
          at: epoch,
          nodeId: 't',
          fraction: epoch / 10,
          message: `epoch ${epoch} of 10, loss 0.4`,
          detail: { point: { epoch, loss: 1 / epoch } },
        },
      ]);
    }
    for (let i = 0; i < MAX_LOG_LINES + 20; i++) feed(store, [{ type: 'node-log', runId: 'r1', at: i, nodeId: 't', level: 'debug', message: `line ${i}` }]);
    const t = store.getState().run.nodes.t;
    expect(t.points.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(t.logs).toHaveLength(MAX_LOG_LINES);
    expect(t.logs[0].message).toBe('line 20');
    store.getState().applyStudioEvents([{ type: 'node-started', runId: 'r1', at: 0, nodeId: 't', reason: reason('forced', 'forced') }]);
    store.getState().cancelRequested();
    expect(store.getState().run.current.phase).toBe('cancelling');
    feed(store, [{ type: 'run-finished', runId: 'r1', at: 50, status: 'cancelled', durationMs: 50 }]);
    expect(store.getState().run.current.phase).toBe('cancelled');
    expect(store.getState().run.nodes.t.status).toBe('skipped');
    expect(store.getState().run.nodes.t.because).toBe('run cancelled');
  });

  it('shows a node stopped by cancel as skipped, not failed, and keeps run progress whole under stale marks', () => {
    const store = makeStore();
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds: ['a', 'b'], layers: [['a'], ['b']] },
      { type: 'node-finished', runId: 'r1', at: 1, nodeId: 'a', durationMs: 1, outputs: {} },
      { type: 'node-started', runId: 'r1', at: 1, nodeId: 'b', reason: reason('no-previous-run', 'first run') },
      { type: 'node-failed', runId: 'r1', at: 9, nodeId: 'b', error: { code: 'NODE_CANCELLED', message: 'cancelled by the user' } },
      { type: 'run-finished', runId: 'r1', at: 10, status: 'cancelled', durationMs: 10 },
    ]);
    const b = store.getState().run.nodes.b;
    expect(b.status).toBe('skipped');
    expect(b.because).toBe('cancelled by the user');
    expect(b.error).toBeUndefined();
    expect(b.durationMs).toBe(8);
    store.getState().applyRunPlan([{ nodeId: 'a', status: 'stale', reason: { decision: 'run', code: 'params-changed', message: 'params changed: x' } }]);
    expect(store.getState().run.nodes.a.status).toBe('stale');
    // The finished run still reads as finished in the status bar.
    expect(selectRunProgress(store.getState().run).text).toBe('step 2 of 2 · 2 of 2 nodes');
  });

  it('attaches full output values from the run record only to nodes that the record produced', () => {
    const store = makeStore();
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds: ['a'], layers: [['a']] },
      { type: 'node-finished', runId: 'r1', at: 2, nodeId: 'a', durationMs: 2, outputs: { table: summary } },
      { type: 'run-finished', runId: 'r1', at: 3, status: 'succeeded', durationMs: 3 },
    ]);
    const record = {
      runId: 'r1',
      nodes: {
        a: {
          nodeId: 'a',
          type: 'import-csv',
          typeVersion: 1,
          status: 'done',
          outputs: { table: { kind: 'table', table: 't_a', rowCount: 32561, columns: [] } },
        },
        z: { nodeId: 'z', type: 'x', typeVersion: 1, status: 'done', outputs: { table: { kind: 'table', table: 't_z', rowCount: 1, columns: [] } } },
      },
    } as unknown as RunRecord;
    store.getState().applyRunRecord(record);
    const { nodes } = store.getState().run;
    expect(nodes.a.values?.table).toMatchObject({ table: 't_a' });
    expect(nodes.z).toBeUndefined();
    // A second run: while it runs the old values stay (marked as from r1); new outputs drop them.
    feed(store, [{ type: 'run-started', runId: 'r2', at: 10, nodeIds: ['a'], layers: [['a']] }]);
    expect(store.getState().run.nodes.a.valuesRunId).toBe('r1');
    feed(store, [{ type: 'node-finished', runId: 'r2', at: 12, nodeId: 'a', durationMs: 2, outputs: { table: { ...summary, table: 't_a2' } } }]);
    expect(store.getState().run.nodes.a.values).toBeUndefined();
    expect(store.getState().run.nodes.a.outputs?.table.table).toBe('t_a2');
  });

  it('fails the live run when the engine restarts and leaves the other slice untouched', () => {
    const store = makeStore();
    store.getState().select('a');
    feed(store, [
      { type: 'run-started', runId: 'r1', at: 0, nodeIds: ['a', 'b'], layers: [['a'], ['b']] },
      { type: 'node-started', runId: 'r1', at: 1, nodeId: 'a', reason: reason('no-previous-run', 'first run') },
    ]);
    store.getState().applyStudioEvents([{ type: 'engine-restarted', runId: 'r1', at: 5, reason: 'exit code 134' }]);
    const { nodes, current } = store.getState().run;
    expect(current.phase).toBe('failed');
    expect(nodes.a.status).toBe('failed');
    expect(nodes.a.error?.message).toContain('exit code 134');
    expect(nodes.b.status).toBe('skipped');
    expect(store.getState().selected).toBe('a');
  });
});
