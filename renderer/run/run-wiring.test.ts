import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { StudioApi, StudioEvent } from '../../engine/contract.js';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { NodePlan, RunRecord, RunTarget } from '../../engine/engine-types.js';
import { createRunSlice } from '../store/run-slice.js';
import { connectRunEvents } from './use-run-events.js';
import { makeRunActions } from './use-run-actions.js';
import { connectStalePlan } from './use-stale-plan.js';
import type { RunView } from './use-run-store.js';

const doc: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p',
  name: 'p',
  nodes: [{ id: 'imp', type: 'import-dataset', typeVersion: 1, params: {}, position: { x: 0, y: 0 } }],
  edges: [],
};

function makeStore() {
  return createStore<RunView>()((...a) => ({
    ...createRunSlice(...a),
    doc,
    filePath: '/tmp/p.json',
    selectedIds: [],
    defsByType: new Map(),
    setSelection: () => undefined,
    openDialog: () => undefined,
  }));
}

/** A host that records calls and lets the test push events, as the real transports do. */
function fakeHost() {
  const listeners = new Set<(e: StudioEvent) => void>();
  const calls: { startRun: [PipelineDocument, { target?: RunTarget; documentPath?: string }][]; cancelRun: string[]; plan: number; getRun: string[] } = {
    startRun: [],
    cancelRun: [],
    plan: 0,
    getRun: [],
  };
  let planAnswer: NodePlan[] = [];
  let startRun = async (): Promise<{ runId: string }> => ({ runId: 'r1' });
  const api = {
    onEvent: (l: (e: StudioEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    startRun: (d: PipelineDocument, o: { target?: RunTarget; documentPath?: string }) => {
      calls.startRun.push([d, o]);
      return startRun();
    },
    cancelRun: async (id: string) => {
      calls.cancelRun.push(id);
    },
    plan: async () => {
      calls.plan += 1;
      return planAnswer;
    },
    getRun: async (id: string) => {
      calls.getRun.push(id);
      return {
        runId: id,
        nodes: {
          imp: {
            nodeId: 'imp',
            type: 'import-dataset',
            typeVersion: 1,
            status: 'done',
            outputs: { table: { kind: 'table', table: 't_imp', rowCount: 5, columns: [] } },
          },
        },
      } as unknown as RunRecord;
    },
  } as unknown as StudioApi;
  return {
    api,
    calls,
    emit: (e: StudioEvent) => listeners.forEach((l) => l(e)),
    listenerCount: () => listeners.size,
    setPlan: (p: NodePlan[]) => (planAnswer = p),
    setStartRun: (fn: () => Promise<{ runId: string }>) => (startRun = fn),
  };
}

afterEach(() => vi.useRealTimers());

/** What the engine plans after the import's path changed. */
const STALE_PATH: NodePlan[] = [
  { nodeId: 'imp', status: 'stale', reason: { decision: 'run', code: 'params-changed', message: 'params changed: path', changed: ['path'] } },
];

const startRun = (host: ReturnType<typeof fakeHost>) => host.emit({ type: 'run-started', runId: 'r1', at: 0, nodeIds: ['imp'], layers: [['imp']] });

/** The rest of run r1: its only node starts and the user cancels it. */
function cancelImp(host: ReturnType<typeof fakeHost>): void {
  host.emit({ type: 'node-started', runId: 'r1', at: 1, nodeId: 'imp', reason: { decision: 'run', code: 'no-previous-run', message: 'first run' } });
  host.emit({ type: 'node-failed', runId: 'r1', at: 2, nodeId: 'imp', error: { code: 'NODE_CANCELLED', message: 'cancelled by the user' } });
  host.emit({ type: 'run-finished', runId: 'r1', at: 3, status: 'cancelled', durationMs: 3 });
}

function expectCancelledCard(store: ReturnType<typeof makeStore>): void {
  expect(store.getState().run.nodes.imp.status).toBe('skipped');
  expect(store.getState().run.nodes.imp.because).toBe('cancelled by the user');
}

/**
 * Fake timers, a host and a store wired as the window wires them: run events, and the stale-node
 * plan after a 50 ms pause. `api` swaps the host's API for the plan's side (a plan answered late).
 */
function wiredForPlans(api: (hostApi: StudioApi) => StudioApi = (a) => a) {
  vi.useFakeTimers();
  const host = fakeHost();
  const store = makeStore();
  const unplug = connectRunEvents(host.api, store);
  const off = connectStalePlan(api(host.api), store, 50);
  return {
    host,
    store,
    unwire: () => {
      off();
      unplug();
    },
  };
}

describe('run wiring', () => {
  it('feeds events into the store and attaches the record once the run ends', async () => {
    const host = fakeHost();
    const store = makeStore();
    const off = connectRunEvents(host.api, store);
    host.emit({ type: 'run-started', runId: 'r1', at: 0, nodeIds: ['imp'], layers: [['imp']] });
    host.emit({ type: 'node-finished', runId: 'r1', at: 1, nodeId: 'imp', durationMs: 1, outputs: { table: { kind: 'table', text: '5 rows', rowCount: 5 } } });
    host.emit({ type: 'run-finished', runId: 'r1', at: 2, status: 'succeeded', durationMs: 2 });
    await vi.waitFor(() => expect(store.getState().run.nodes.imp.values?.table).toMatchObject({ table: 't_imp' }));
    expect(host.calls.getRun).toEqual(['r1']);
    off();
    expect(host.listenerCount()).toBe(0);
  });

  it('starts a run with the document, its path and the target', async () => {
    const host = fakeHost();
    const store = makeStore();
    await makeRunActions(host.api, store).run({ mode: 'from', nodeId: 'imp' });
    expect(host.calls.startRun).toEqual([[doc, { target: { mode: 'from', nodeId: 'imp' }, documentPath: '/tmp/p.json' }]]);
    expect(store.getState().run.current.phase).toBe('starting');
  });

  it('honours a cancel pressed before the host has named the run', async () => {
    const host = fakeHost();
    let answer: (v: { runId: string }) => void = () => undefined;
    host.setStartRun(() => new Promise((resolve) => (answer = resolve)));
    const store = makeStore();
    const actions = makeRunActions(host.api, store);
    const running = actions.run({ mode: 'all' });
    await actions.cancel();
    expect(store.getState().run.current.phase).toBe('cancelling');
    expect(host.calls.cancelRun).toEqual([]);
    answer({ runId: 'r7' });
    await running;
    expect(host.calls.cancelRun).toEqual(['r7']);
  });

  it('shows why a run did not start', async () => {
    const host = fakeHost();
    host.setStartRun(async () => {
      throw new Error('The pipeline has 1 problem(s): node "split" needs an input');
    });
    const store = makeStore();
    await makeRunActions(host.api, store).run({ mode: 'all' });
    const { phase, error } = store.getState().run.current;
    expect(phase).toBe('failed');
    expect(error?.message).toContain('node "split" needs an input');
  });

  it('re-plans after a document edit and marks the changed node stale', async () => {
    const { host, store, unwire } = wiredForPlans();
    host.emit({ type: 'run-started', runId: 'r1', at: 0, nodeIds: ['imp'], layers: [['imp']] });
    host.emit({ type: 'node-finished', runId: 'r1', at: 1, nodeId: 'imp', durationMs: 1, outputs: {} });
    host.emit({ type: 'run-finished', runId: 'r1', at: 2, status: 'succeeded', durationMs: 2 });
    host.setPlan(STALE_PATH);
    // Three quick edits: one plan after the pause.
    for (let i = 0; i < 3; i++) store.setState({ doc: { ...doc, name: `p${i}` } });
    await vi.advanceTimersByTimeAsync(60);
    expect(host.calls.plan).toBe(1);
    expect(store.getState().run.nodes.imp.status).toBe('stale');
    expect(store.getState().run.nodes.imp.staleReason?.message).toBe('params changed: path');
    unwire();
  });

  it('keeps "cancelled" when the document was opened just before Run, its plan skipped because the run had begun', async () => {
    const { host, store, unwire } = wiredForPlans();
    host.setPlan(STALE_PATH);
    // Opening a document changes it in the store; Run is pressed before the plan's pause is over.
    store.setState({ doc: { ...doc, name: 'opened' } });
    startRun(host);
    await vi.advanceTimersByTimeAsync(60);
    expect(host.calls.plan).toBe(0);
    cancelImp(host);
    await vi.advanceTimersByTimeAsync(60);
    expect(host.calls.plan).toBe(1);
    expectCancelledCard(store);
    unwire();
  });

  it('drops the answer to a plan asked before the run when it comes after the run', async () => {
    const late: ((p: NodePlan[]) => void)[] = [];
    // The first plan (after the document opened) is answered only once the run is over.
    const { host, store, unwire } = wiredForPlans(
      (hostApi) =>
        ({
          ...hostApi,
          plan: () => (late.length === 0 ? new Promise<NodePlan[]>((resolve) => late.push(resolve)) : Promise.resolve(STALE_PATH)),
        }) as StudioApi,
    );
    store.setState({ doc: { ...doc, name: 'opened' } });
    await vi.advanceTimersByTimeAsync(60);
    expect(late).toHaveLength(1);
    startRun(host);
    cancelImp(host);
    late[0](STALE_PATH);
    await vi.advanceTimersByTimeAsync(60);
    expectCancelledCard(store);
    unwire();
  });

  it('keeps "cancelled" on the card of a node the run just stopped, until the next edit marks it stale', async () => {
    const { host, store, unwire } = wiredForPlans();
    host.setPlan(STALE_PATH);
    startRun(host);
    cancelImp(host);
    // The plan that follows the run's end says "stale"; the card still tells what just happened.
    await vi.advanceTimersByTimeAsync(60);
    expect(host.calls.plan).toBe(1);
    expectCancelledCard(store);
    store.setState({ doc: { ...doc, name: 'edited' } });
    await vi.advanceTimersByTimeAsync(60);
    expect(host.calls.plan).toBe(2);
    expect(store.getState().run.nodes.imp.status).toBe('stale');
    unwire();
  });

  it('lands a burst of epoch progress as one store update per 250 ms, every point kept in order, flushed before the node ends', async () => {
    vi.useFakeTimers();
    const host = fakeHost();
    const store = makeStore();
    const off = connectRunEvents(host.api, store);
    let updates = 0;
    const unsubscribe = store.subscribe(() => updates++);
    const progress = (epoch: number) =>
      host.emit({
        type: 'node-progress',
        runId: 'r1',
        at: epoch,
        nodeId: 'imp',
        fraction: epoch / 100,
        message: `epoch ${epoch}`,
        detail: { point: { epoch, loss: 1 / epoch } },
      });
    startRun(host);
    host.emit({ type: 'node-started', runId: 'r1', at: 1, nodeId: 'imp', reason: { decision: 'run', code: 'no-previous-run', message: 'first run' } });
    expect(updates).toBe(2);
    for (let e = 1; e <= 20; e++) progress(e);
    expect(updates).toBe(2);
    await vi.advanceTimersByTimeAsync(250);
    expect(updates).toBe(3);
    const epochs = () => store.getState().run.nodes.imp.points.map((p) => p.epoch);
    expect(epochs()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(store.getState().run.nodes.imp.progress?.message).toBe('epoch 20');
    // Held progress goes in ahead of the event that ends the node, in the same update.
    for (let e = 21; e <= 25; e++) progress(e);
    host.emit({ type: 'node-finished', runId: 'r1', at: 30, nodeId: 'imp', durationMs: 29, outputs: {} });
    expect(updates).toBe(4);
    expect(epochs()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(store.getState().run.nodes.imp.status).toBe('done');
    unsubscribe();
    off();
  });
});
