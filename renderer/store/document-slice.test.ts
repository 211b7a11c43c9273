import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStudioStore, type StudioStore } from './create-studio-store.js';
import { testDefs } from '../testing/sample-defs.js';
import { extractFragment } from './document-ops.js';

let store: StudioStore;
const fresh = () => (store = createStudioStore({ defs: testDefs }));

afterEach(() => {
  vi.useRealTimers();
});

describe('document slice', () => {
  it('adds nodes with default params and mirrors them as React Flow nodes', () => {
    fresh();
    const id = store.getState().addNode('test-train', { x: 10.4, y: 20.6 })!;
    const s = store.getState();
    expect(id).toBe('test-train-1');
    expect(s.doc.nodes[0]).toMatchObject({ id, type: 'test-train', typeVersion: 1, position: { x: 10, y: 21 } });
    expect(s.doc.nodes[0].params).toMatchObject({ epochs: 20, rate: 0.01, features: [], steps: [] });
    expect(s.flowNodes.map((n) => [n.id, n.type, n.selected])).toEqual([[id, 'pipeline', true]]);
    expect(s.doc).not.toBe(s.savedDoc);
    expect(store.getState().addNode('no-such-type', { x: 0, y: 0 })).toBeUndefined();
  });

  it('connects valid ports and refuses wrong kinds, second inputs and cycles with reasons', () => {
    fresh();
    const s = store.getState();
    const imp = s.addNode('test-import', { x: 0, y: 0 })!;
    const train = s.addNode('test-train', { x: 200, y: 0 })!;
    const evaluate = s.addNode('test-evaluate', { x: 400, y: 0 })!;
    expect(s.connect({ node: imp, port: 'table' }, { node: train, port: 'train' })).toBeNull();
    expect(store.getState().flowEdges).toMatchObject([{ source: imp, sourceHandle: 'table', target: train, targetHandle: 'train', data: { kind: 'table' } }]);
    expect(s.connect({ node: imp, port: 'table' }, { node: evaluate, port: 'model' })).toMatch(/table output cannot feed a model input/);
    expect(s.connect({ node: imp, port: 'table' }, { node: train, port: 'train' })).toMatch(/already/);
    expect(store.getState().doc.edges).toHaveLength(1);
  });

  it('makes one undo step per drag and per typing burst, and redo restores', () => {
    vi.useFakeTimers();
    fresh();
    const s = store.getState();
    const id = s.addNode('test-train', { x: 0, y: 0 })!;
    // A drag: many frames with dragging=true, then the final frame with dragging=false.
    for (let x = 1; x <= 30; x++) s.onNodesChange([{ type: 'position', id, position: { x, y: x }, dragging: true }]);
    s.onNodesChange([{ type: 'position', id, position: { x: 31, y: 31 }, dragging: false }]);
    expect(store.getState().doc.nodes[0].position).toEqual({ x: 31, y: 31 });
    // Typing "123" into epochs within the coalescing window.
    for (const v of [1, 12, 123]) {
      s.setParam(id, 'epochs', v);
      vi.advanceTimersByTime(200);
    }
    vi.advanceTimersByTime(2000);
    s.setParam(id, 'epochs', 7); // a later, separate edit
    expect(store.getState().history.past).toHaveLength(4); // add, drag, burst, later edit
    s.undo();
    expect(store.getState().doc.nodes[0].params.epochs).toBe(123);
    s.undo();
    expect(store.getState().doc.nodes[0].params.epochs).toBe(20);
    expect(store.getState().doc.nodes[0].position).toEqual({ x: 31, y: 31 });
    s.undo();
    expect(store.getState().doc.nodes[0].position).toEqual({ x: 0, y: 0 });
    s.undo();
    expect(store.getState().doc.nodes).toHaveLength(0);
    expect(store.getState().doc).toBe(store.getState().savedDoc); // back to clean
    s.redo();
    s.redo();
    expect(store.getState().doc.nodes[0].position).toEqual({ x: 31, y: 31 });
  });

  it('does not count a drag that ends where it started as an edit', () => {
    fresh();
    const id = store.getState().addNode('test-train', { x: 16, y: 32 })!;
    store.getState().markSaved(store.getState().doc, '/tmp/x.pipeline.json');
    const before = store.getState().doc;
    store.getState().onNodesChange([{ type: 'position', id, position: { x: 16.2, y: 31.8 }, dragging: false }]);
    expect(store.getState().doc).toBe(before);
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('deletes nodes with their edges in one step', () => {
    fresh();
    const s = store.getState();
    const a = s.addNode('test-import', { x: 0, y: 0 })!;
    const b = s.addNode('test-train', { x: 200, y: 0 })!;
    s.connect({ node: a, port: 'table' }, { node: b, port: 'train' });
    s.removeElements([a]);
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual([b]);
    expect(store.getState().doc.edges).toEqual([]);
    s.undo();
    expect(store.getState().doc.edges).toHaveLength(1);
  });

  it('pastes a fragment with fresh ids and rewired edges, twice without collisions', () => {
    fresh();
    const s = store.getState();
    const a = s.addNode('test-import', { x: 0, y: 0 })!;
    const b = s.addNode('test-train', { x: 200, y: 0 })!;
    s.connect({ node: a, port: 'table' }, { node: b, port: 'train' });
    s.setParam(b, 'epochs', 42);
    const fragment = extractFragment(store.getState().doc, [a, b]);
    const first = s.insertFragment(fragment, { x: 40, y: 40 });
    const second = s.insertFragment(fragment, { x: 80, y: 80 });
    const doc = store.getState().doc;
    expect(first).toEqual(['test-import-2', 'test-train-2']);
    expect(second).toEqual(['test-import-3', 'test-train-3']);
    expect(new Set(doc.nodes.map((n) => n.id)).size).toBe(6);
    expect(doc.edges.map((e) => `${e.source.node}->${e.target.node}`)).toEqual([
      'test-import-1->test-train-1',
      'test-import-2->test-train-2',
      'test-import-3->test-train-3',
    ]);
    expect(doc.nodes.find((n) => n.id === 'test-train-3')).toMatchObject({ params: { epochs: 42 }, position: { x: 280, y: 80 } });
    expect(store.getState().selectedIds).toEqual(second);
  });

  it('keeps React Flow objects of untouched nodes (and their measured size)', () => {
    fresh();
    const s = store.getState();
    const a = s.addNode('test-import', { x: 0, y: 0 })!;
    s.onNodesChange([{ type: 'dimensions', id: a, dimensions: { width: 180, height: 60 } }]);
    const before = store.getState().flowNodes.find((n) => n.id === a)!;
    expect(before.measured).toEqual({ width: 180, height: 60 });
    s.addNode('test-train', { x: 200, y: 0 });
    const after = store.getState().flowNodes.find((n) => n.id === a)!;
    expect(after.measured).toEqual({ width: 180, height: 60 });
  });

  it('keeps the same edge array while a node is dragged, and a new one once an edge changes', () => {
    fresh();
    const s = store.getState();
    const imp = s.addNode('test-import', { x: 0, y: 0 })!;
    const train = s.addNode('test-train', { x: 200, y: 0 })!;
    expect(s.connect({ node: imp, port: 'table' }, { node: train, port: 'train' })).toBeNull();
    const edges = store.getState().flowEdges;
    // React Flow rebuilds its connection lookup over every edge when handed a new array.
    for (let x = 1; x <= 5; x++) s.onNodesChange([{ type: 'position', id: train, position: { x: 200 + x, y: 0 }, dragging: true }]);
    s.onNodesChange([{ type: 'position', id: train, position: { x: 206, y: 0 }, dragging: false }]);
    expect(store.getState().doc.nodes.find((n) => n.id === train)!.position).toEqual({ x: 206, y: 0 });
    expect(store.getState().flowEdges).toBe(edges);
    s.setSelection([edges[0].id]);
    expect(store.getState().flowEdges).not.toBe(edges);
    expect(store.getState().flowEdges[0].selected).toBe(true);
  });
});
