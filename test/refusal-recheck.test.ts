/**
 * The window's status bar error after a refused run (issue 9): the window's recheck against the
 * engine's own `checkPipeline`, clearing the error once no problem remains in the refused run's scope.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { PipelineDocument } from '../engine/document/schema.js';
import { checkPipeline } from '../engine/graph/check-pipeline.js';
import { createRunSlice } from '../renderer/store/run-slice.js';
import { fakeApi } from '../renderer/testing/fake-api.js';
import { importDef, trainDef } from '../renderer/testing/sample-defs.js';
import { connectRefusalRecheck } from '../renderer/run/refusal-recheck.js';
import { makeRunActions } from '../renderer/run/use-run-actions.js';
import type { RunView } from '../renderer/run/use-run-store.js';

const defs = [importDef, trainDef];
const node = (id: string, type: string, params: Record<string, unknown>) => ({ id, type, typeVersion: 1, params, position: { x: 0, y: 0 } });
// Two independent branches, each with a Train whose target is empty.
const start: PipelineDocument = {
  format: 'lifecycle-studio.pipeline',
  schemaVersion: 1,
  id: 'p',
  name: 'p',
  nodes: [node('imp', 'test-import', { path: 'a.csv' }), node('t1', 'test-train', { target: '' }), node('t2', 'test-train', { target: '' })],
  edges: [
    { id: 'e1', source: { node: 'imp', port: 'table' }, target: { node: 't1', port: 'train' } },
    { id: 'e2', source: { node: 'imp', port: 'table' }, target: { node: 't2', port: 'train' } },
  ],
};
const withTarget = (doc: PipelineDocument, id: string, target: string): PipelineDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, target } } : n)),
});

/** The window's store and a host whose check is the engine's own `checkPipeline`, and whose runs are refused. */
function setup() {
  const store = createStore<RunView>()((...a) => ({
    ...createRunSlice(...a),
    doc: start,
    filePath: undefined,
    selectedIds: [],
    defsByType: new Map(defs.map((d) => [d.type, d])),
    setSelection: () => undefined,
    openDialog: () => undefined,
  }));
  const api = fakeApi({
    validatePipeline: async (d) => checkPipeline(d, defs),
    startRun: async () => Promise.reject(Object.assign(new Error('The pipeline has 1 problem(s): ...'), { code: 'DOCUMENT_INVALID' })),
  });
  return { store, api, off: connectRefusalRecheck(api, store, 20) };
}

afterEach(() => vi.useRealTimers());

describe('a refused run clears once the edit fixes it', () => {
  it('keeps the error while a problem in the run remains, clears it when the last is fixed', async () => {
    vi.useFakeTimers();
    const { store, api, off } = setup();
    await makeRunActions(api, store).run({ mode: 'all' });
    expect(store.getState().run.current).toMatchObject({ phase: 'failed', error: { code: 'DOCUMENT_INVALID' } });
    store.setState({ doc: withTarget(start, 't1', 'y') });
    await vi.advanceTimersByTimeAsync(30);
    expect(store.getState().run.current.phase).toBe('failed');
    store.setState({ doc: withTarget(withTarget(start, 't1', 'y'), 't2', 'y') });
    await vi.advanceTimersByTimeAsync(30);
    expect(store.getState().run.current).toMatchObject({ phase: 'idle', error: undefined });
    off();
  });

  it('for Run node, only the problems of that node and its upstream count', async () => {
    vi.useFakeTimers();
    const { store, api, off } = setup();
    await makeRunActions(api, store).run({ mode: 'node', nodeId: 't1' });
    expect(store.getState().run.current.phase).toBe('failed');
    store.setState({ doc: withTarget(start, 't1', 'y') });
    await vi.advanceTimersByTimeAsync(30);
    // t2 is still broken, but Run node on t1 would not run it.
    expect(store.getState().run.current.phase).toBe('idle');
    off();
  });
});
