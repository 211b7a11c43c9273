// @vitest-environment happy-dom
/**
 * What a node card costs the store and what re-renders it. With 2,000 cards every store
 * subscription per card is 2,000 selector calls on each store change (and two effects per card on
 * mount), so a card subscribes once, to its own run state; and a change to one node re-renders that
 * node's card only (render counts from React's Profiler around each card, inside real React Flow).
 */
import { Profiler, type ComponentProps } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider, type NodeProps, type NodeTypes } from '@xyflow/react';
import type { PipelineDocument } from '../../engine/document/schema.js';
import type { PipelineFlowNode } from '../store/flow-mapping.js';
import { createStudioStore, type StudioStore } from '../store/create-studio-store.js';
import { StudioApiProvider } from '../store/api-context.js';
import { StudioStoreProvider, useStudio } from '../store/studio-store-context.js';
import { fakeApi } from '../testing/fake-api.js';
import { testDefs } from '../testing/sample-defs.js';
import { CanvasDefsContext } from './canvas-defs.js';
import { FlowCanvas } from './flow-canvas.js';
import { PipelineNode } from './pipeline-node.js';

afterEach(() => cleanup());

/** `count` nodes alternating Import CSV and Train model, unconnected. */
function pipeline(count: number): PipelineDocument {
  const nodes = Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { id: `n${i}`, type: 'test-import', typeVersion: 1, params: { path: `data/part-${i}.csv` }, position: { x: 0, y: i * 160 } }
      : { id: `n${i}`, type: 'test-train', typeVersion: 1, params: { target: 'y' }, position: { x: 320, y: i * 160 } },
  );
  return { format: 'lifecycle-studio.pipeline', schemaVersion: 1, id: 'p', name: 'Cards', nodes, edges: [] };
}

/** A store whose live subscriptions are counted (zustand's `useStore` subscribes through `subscribe`). */
function countedStore(doc: PipelineDocument): { store: StudioStore; live: () => number } {
  const store = createStudioStore({ defs: testDefs, document: doc });
  let live = 0;
  const subscribe = store.subscribe;
  store.subscribe = (listener) => {
    live++;
    const off = subscribe(listener);
    return () => {
      live--;
      off();
    };
  };
  return { store, live: () => live };
}

function subscriptionsWithCanvas(count: number): number {
  const { store, live } = countedStore(pipeline(count));
  render(
    <StudioApiProvider api={fakeApi()}>
      <StudioStoreProvider store={store}>
        <ReactFlowProvider>
          <FlowCanvas />
        </ReactFlowProvider>
      </StudioStoreProvider>
    </StudioApiProvider>,
  );
  expect(document.querySelectorAll('.node-card')).toHaveLength(count);
  const n = live();
  cleanup();
  return n;
}

describe('node cards and the store', () => {
  it('subscribe once per card, to the node run state (was six selectors per card)', () => {
    const perTenCards = subscriptionsWithCanvas(20) - subscriptionsWithCanvas(10);
    expect(perTenCards).toBe(10);
  });

  it("re-render for their own node's changes only: run state, params, selection of another node leave a card alone", () => {
    const { store } = countedStore(pipeline(4));
    const renders = new Map<string, number>();
    const onRender: ComponentProps<typeof Profiler>['onRender'] = (id) => renders.set(id, (renders.get(id) ?? 0) + 1);
    const nodeTypes: NodeTypes = {
      pipeline: (props: NodeProps<PipelineFlowNode>) => (
        <Profiler id={props.id} onRender={onRender}>
          <PipelineNode {...props} />
        </Profiler>
      ),
    };
    function Flow() {
      const nodes = useStudio((s) => s.flowNodes);
      return (
        <CanvasDefsContext.Provider value={store.getState().defsByType}>
          <ReactFlow nodes={nodes} edges={[]} nodeTypes={nodeTypes} onNodesChange={store.getState().onNodesChange} />
        </CanvasDefsContext.Provider>
      );
    }
    render(
      <StudioStoreProvider store={store}>
        <ReactFlowProvider>
          <Flow />
        </ReactFlowProvider>
      </StudioStoreProvider>,
    );
    const count = (id: string) => renders.get(id) ?? 0;
    const a = count('n0');
    const b = count('n1');
    expect(a).toBeGreaterThan(0);
    const s = () => store.getState();
    act(() => s().applyStudioEvents([{ type: 'run-started', runId: 'r1', at: 1, nodeIds: ['n1'], layers: [['n1']] }]));
    act(() =>
      s().applyStudioEvents([{ type: 'node-started', runId: 'r1', at: 2, nodeId: 'n1', reason: { decision: 'run', code: 'NEW', message: 'never run' } }]),
    );
    act(() => s().setParam('n1', 'epochs', 30));
    act(() => s().setSelection(['n1']));
    expect(count('n0')).toBe(a);
    expect(count('n1')).toBeGreaterThanOrEqual(b + 4); // queued, running, the param, the selection
    expect(screen.getByTestId('node-n1').querySelector('.status-badge')!.getAttribute('data-status')).toBe('running');
    expect(screen.getByTestId('node-n1').textContent).toContain('Epochs: 30');

    // Its own run state does re-render it, and the pill says so.
    act(() => s().applyStudioEvents([{ type: 'node-failed', runId: 'r1', at: 3, nodeId: 'n1', error: { code: 'X', message: 'boom' } }]));
    act(() => s().applyStudioEvents([{ type: 'run-started', runId: 'r2', at: 4, nodeIds: ['n0'], layers: [['n0']] }]));
    expect(count('n0')).toBe(a + 1);
    expect(screen.getByTestId('node-n0').querySelector('.status-badge')!.getAttribute('data-status')).toBe('queued');
  });
});
